"""archive/text.py: the normalisation every stored text goes through, fast path included."""

from __future__ import annotations

import random
import re
import unicodedata

from archive.text import normalize_line, normalize_text

# The rule, written out plainly: NFC, zero-width characters removed, runs of spaces (plain,
# no-break, tabs, the Unicode space block) to one space, lines trimmed, empty lines dropped.
_ODD_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def reference_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", line)
    return _ODD_SPACES.sub(" ", line).strip()


def reference_text(text: str) -> str:
    lines = (reference_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


PIECES = [
    "Bến Tre", "chuyển đổi số", "Đồng Khởi", "Nghe\u0301", "a", ".", " ", "  ", "\u00a0", "\t", "\n", "\n\n", "\r\n",
    "\r", "\u200b", "\ufeff", "\u3000", "\u2028", "\x85", "\u202f", "Tỉnh ủy", "ủ", "u\u0309", "Ð", "1/2024",
]


def test_normalising_is_the_rule_whatever_the_input():
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        assert normalize_text(text) == reference_text(text), repr(text)
        line = text.replace("\n", " ").replace("\r", " ")
        assert normalize_line(line) == reference_line(line), repr(line)


def test_text_already_normal_comes_back_as_it_is():
    clean = "Tỉnh Bến Tre triển khai chuyển đổi số.\nNgười dân dùng dịch vụ công trực tuyến."
    assert normalize_text(clean) is clean
    assert normalize_line("Chuyển đổi số") == "Chuyển đổi số"
    decomposed = unicodedata.normalize("NFD", clean)
    assert normalize_text(decomposed) == clean  # NFD input is still composed
    assert normalize_text("Bến\u00a0Tre \n\n chuyển đổi số ") == "Bến Tre\nchuyển đổi số"


def test_every_character_between_words_is_normalised_by_the_rule():
    # The fast path's character class lists the odd spaces by hand: any one it missed would be kept as it is.
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        text = f"Bến{chr(code)}Tre"
        assert normalize_line(text) == reference_line(text), hex(code)
        assert normalize_text(text) == reference_text(text), hex(code)


def test_hash_and_count_of_a_normalised_text_are_those_of_the_raw_one():
    from archive.text import content_hash, normal_text_hash, normal_word_count, word_count

    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        normal = normalize_text(text)
        assert normal_text_hash(normal) == content_hash(text), repr(text)
        assert normal_word_count(normal) == word_count(text), repr(text)

"""Text normalisation shared by every path: NFC, no-break spaces, whitespace, hashes.

Vietnamese text arrives NFC or NFD, with ``\\xa0`` between words and runs of spaces; everything
stored in the archive goes through :func:`normalize_text` first so that the same article always
hashes and searches the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_WORD = re.compile(r"\w+", re.UNICODE)
# Anything normalisation would change besides NFC: whitespace other than " " and "\n" (tabs, no-break
# and other odd spaces, "\r"), zero-width characters, doubled spaces, spaces around or doubled line
# breaks.  Text without any of it (and NFC, and trimmed) is returned as it is: most text arriving at
# the store has been normalised by the extractor already, and one scan is cheaper than re-doing it.
# One character class (every whitespace character of ``\s`` but " " and "\n", and the zero-width ones) and
# four substring tests: a third of the time of one alternation regex, which tries each branch at each position.
_ODD_CHARACTER = re.compile(
    "[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]")


def _already_normal(text: str) -> bool:
    return (text[:1] not in " \n" and text[-1:] not in " \n" and unicodedata.is_normalized("NFC", text)
            and _ODD_CHARACTER.search(text) is None
            and "  " not in text and " \n" not in text and "\n " not in text and "\n\n" not in text)


def normalize_line(line: str) -> str:
    """One line: NFC, no-break and other odd spaces to one plain space, trimmed."""
    if "\n" not in line and _already_normal(line):
        return line
    line = unicodedata.normalize("NFC", line)
    line = _ZERO_WIDTH.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalize_text(text: str | None) -> str:
    """Whole text: every line normalised, empty lines dropped, joined with ``\\n``."""
    if not text:
        return ""
    if _already_normal(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (normalize_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def normalize_optional(value: str | None) -> str | None:
    """Like :func:`normalize_line` but keeps ``None`` and turns blank into ``None``."""
    if value is None:
        return None
    value = normalize_line(value)
    return value or None


def content_hash(text: str | None) -> str:
    """SHA-256 (hex) of the normalised text: equal texts, however spaced or composed, hash alike."""
    return normal_text_hash(normalize_text(text))


def normal_text_hash(normal: str) -> str:
    """:func:`content_hash` of a text that :func:`normalize_text` returned (not normalised again)."""
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def words(text: str | None) -> list[str]:
    """Lower-cased word tokens of the normalised text (letters and digits, diacritics kept)."""
    return _WORD.findall(normalize_text(text).lower())


def word_count(text: str | None) -> int:
    return normal_word_count(normalize_text(text))


def normal_word_count(normal: str) -> int:
    """:func:`word_count` of a text that :func:`normalize_text` returned (not normalised again)."""
    return len(_WORD.findall(normal.lower()))


def fold_for_search(text: str | None) -> str:
    """What the FTS index sees: ``đ``/``Đ`` become ``d``/``D``.

    SQLite's ``unicode61 remove_diacritics 2`` strips combining marks (ổ → o) but ``đ`` is a
    letter of its own, so without this ``doi`` would never find ``đổi``.  The same fold is
    applied in SQL by the FTS triggers (``replace()``), so it stays in sync on every write.
    """
    if not text:
        return ""
    return unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")

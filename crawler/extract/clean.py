"""Stage *clean*, one clean-up for every path (site rules or generic): lines a reader reads, nothing else.

Every line: NFC, no-break spaces to spaces, whitespace collapsed (``archive.text.normalize_line``), then
the cascade ``LINE_RULES``, read top to bottom: each rule is a small function that keeps, drops or ends
the text at a line, or passes it on.  Dropped: links under a related-list label, the shared boilerplate
(``boilerplate.py``), the family's ``drop_lines``, the caller's learned ``boilerplate`` (lines recurring across a
site's articles), the title line, ``<title> ảnh N`` alt text, the category line, date lines, the
author/credit line (the name goes to ``author``; ``bylines.py``).  On the generic and portal paths a related-articles
heading ends the text.  Over the kept lines: an alt line equal to or a shorter variant of the caption
that follows it, a caption printed twice, the author's own line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from archive.text import normalize_line
from crawler.extract.boilerplate import (
    CONTACT_LABEL,
    CONTACT_VALUE,
    RELATED_LABEL,
    SERIES_LABEL,
    STOP_LINES,
    looks_boilerplate,
)
from crawler.extract.bylines import CREDIT, credit_name, looks_like_name
from crawler.extract.page_dates import is_date_line, parse_vn_datetime, split_name_date

CREDIT_TAIL_LINES = 3
_WORDS = re.compile(r"\w+")
_PHOTO_CREDIT = re.compile(r"(?:ảnh|nguồn ảnh|photo)\s*:\s*\S[^.]{0,40}\.?$", re.IGNORECASE)
_ALT_PHOTO = " ảnh "  # "<title> ảnh 3": the folded title, this, a number
# A time alone ("08:30", "7:30 - 11:30"): the publish time or an audio player's duration when it stands under the
# title, before any text; once the article's text has begun, a live report's entry time or a schedule's slot, which
# is text.  (A player's "0:00", or "0:00 / 4:31", is never text.)
_TIME_ONLY = re.compile(r"^\(?\s*\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?:\s*[-–]\s*\d{1,2}\s*[:h]\s*\d{2})?\s*\)?$",
                        re.IGNORECASE)
_ZERO_TIME = re.compile(r"^\(?\s*0?0:00\b")
# A letter's place and date ("Bắc Kạn, 15/01/2026"): no byline ("Thành Cường 29/10/2025 09:51" has no comma).
_PLACE_DATE = re.compile(r"^[^,\d]{1,40},\s*(?:ngày\s*)?\d")
# "Nhà xuất bản: Trẻ", "Số trang: 320": a label of a few words, a short value.
# (No sentence: "PV: Xin cảm ơn ông." is an interview's line; "Giá bìa: 120.000 đồng" is a fact.)
_FACT_LINE = re.compile(r"^[^\W\d][^:.!?]{1,30}:\s*(?:[^\s.!?…]|(?<=\d)\.(?=\d))(?:[^.!?…]|(?<=\d)\.(?=\d)){0,60}$")
# What a site appends to a title line ("… - Báo Cần Thơ", "… | Báo Lào Cai"): a separator and a short name.
_SITE_SUFFIX = re.compile(r"\s[-|–—:]\s*[^-|–—:.,;!?]{1,40}$")
# An editor's related list inside the body: at most this many link lines, then a paragraph this long.
MAX_INLINE_RELATED_LINKS = 5
MIN_PARAGRAPH_AFTER_RELATED = 150


@dataclass
class Block:
    """One line of body text as found in the page: ``para``, ``caption``, ``heading`` or ``image``."""

    text: str
    kind: str = "para"
    src: str | None = None
    link: bool = False  # every word of it is link text (site path only)
    teaser: bool = False  # the summary of a teaser card (one headline link beside it): no text under "Tin liên quan"
    in_list: int = 0  # an item of this list (site path: the ``<ul>``/``<ol>``'s id), 0 outside lists


@dataclass
class Cleaned:
    lines: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    author: str | None = None
    date: str | None = None  # from a dropped date line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def fold(text: str | None) -> str:
    """Case-, space- and punctuation-insensitive key for comparing lines."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    return " ".join(_WORDS.findall(text))


def fold_accents(text: str | None) -> str:
    """``fold`` without diacritics ("Báo Đồng Khởi" and "BAO DONG KHOI" are one key)."""
    bare = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


def same_text(a: str | None, b: str | None) -> bool:
    """Equal after folding, or one the other plus a site suffix (``og:title`` "… - Báo X")."""
    return _same_keys(fold(a), fold(b))


def _same_keys(fa: str, fb: str) -> bool:
    if not fa or not fb:
        return False
    return fa == fb or (len(fa) >= 20 and len(fb) >= 20 and (fa.startswith(fb) or fb.startswith(fa)))


def _in_facts_box(blocks: list[Block], i: int) -> bool:
    """The line before or after ``blocks[i]`` is a "Label: value" line that is no credit ("Nhà xuất bản: Trẻ"):
    ``blocks[i]`` ("Tác giả: Nguyễn Nhật Ánh") is a fact of a box about a book, a work or an event."""
    texts = [b for b in blocks if b.kind not in ("image",) and b.text.strip()]
    at = next((n for n, b in enumerate(texts) if b is blocks[i]), None)
    if at is None:
        return False
    for n in (at - 1, at + 1):
        if 0 <= n < len(texts):
            other = normalize_line(texts[n].text)
            if _FACT_LINE.match(other) and not CREDIT.match(other) and not is_date_line(other):
                return True
    return False


def _role_key(line: str) -> str:
    """The role part of a credit-like line ("Tác giả: X" -> "tác giả")."""
    return fold(normalize_line(line).split(":", 1)[0])


class Verdict(Enum):
    """What a line rule decides; ``None`` from a rule passes the line on to the next one."""

    KEEP = "keep"  # the line is article text (or an image): kept, no later rule sees it
    DROP = "drop"  # not article text (what it told, a date or a byline, is noted on the way)
    STOP = "stop"  # the article ends before this line


@dataclass
class Line:
    """One block on its way through the line rules: its index in the call's blocks, its normalised text."""

    index: int
    block: Block
    text: str


@dataclass
class CleanPass:
    """One ``clean_blocks`` call: its options, what the blocks as a whole say, and what is kept so far."""

    blocks: list[Block]
    texts: list[str]  # each block's text, normalised once ("" for an image)
    extra: frozenset[str]  # the family's drop lines and the caller's learned boilerplate, casefolded
    key_of: Callable[[str], str]  # ``fold``, memoised for this call
    title_key: str
    category_key: str
    alt_prefix: str | None  # the folded title and " ảnh ": an alt line is this and a number
    text_lists: set[int]  # lists with an item that is no boilerplate: their items are text
    tail_start: int  # index of the first of the body's last ``CREDIT_TAIL_LINES`` text lines
    listed_roles: set[str]  # credit roles given to several names: labels of a list, no byline
    stop_at_related: bool
    result: Cleaned
    kept: list[Block] = field(default_factory=list)
    in_related: bool = False  # after a "Xem thêm:" label: its link-only lines (and linked images) are no text

    def has_text(self) -> bool:
        """The article's text has begun (a line other than an image is kept)."""
        return any(b.kind != "image" for b in self.kept)

    def is_entry_time(self, line: Line) -> bool:
        """A time alone once the article's text has begun: a live report's entry, a schedule's slot (text)."""
        return bool(_TIME_ONLY.match(line.text)) and not _ZERO_TIME.match(line.text) and self.has_text()


LineRule = Callable[[CleanPass, Line], "Verdict | None"]


def skip_related_list_links(p: CleanPass, line: Line) -> Verdict | None:
    """Drop the link-only lines (linked images too) and teaser summaries after a related-list label
    ("Xem thêm:", "Loạt bài: …"): an editor's list of other articles (SITES.md §1.2, BDK's "Đọc thêm" box)."""
    return Verdict.DROP if p.in_related and (line.block.link or line.block.teaser) else None


def keep_images(p: CleanPass, line: Line) -> Verdict | None:
    """Keep an image as it is: its caption is paired with it once every line is through."""
    return Verdict.KEEP if line.block.kind == "image" else None


def drop_empty_lines(p: CleanPass, line: Line) -> Verdict | None:
    """Drop a line with nothing but spaces (no-break ones included) in it."""
    return None if line.text else Verdict.DROP


def note_related_label(p: CleanPass, line: Line) -> Verdict | None:
    """Drops nothing: a related-list label ("Xem thêm:", "Tin liên quan") means that the link-only lines after
    it are no text (``skip_related_list_links``); any other text line ends such a list."""
    p.in_related = bool(RELATED_LABEL.match(line.text))
    return None


def drop_series_label(p: CleanPass, line: Line) -> Verdict | None:
    """Drop "Loạt bài: …" over links to the series' other parts (navigation), and the links after it; a label
    with no link after it, or a sentence that merely starts like one, stays text."""
    if p.in_related or not SERIES_LABEL.match(line.text) or not _next_is_link(p.blocks, line.index + 1):
        return None
    p.in_related = True
    return Verdict.DROP


def stop_at_related_heading(p: CleanPass, line: Line) -> Verdict | None:
    """Generic and portal paths (``stop_at_related``): a related-articles heading after the text has begun
    ("Tin liên quan", "Các tin khác", SITES.md §1.2) ends the article; an editor's short "Xem thêm:" list
    mid-body, followed by more article text, is skipped instead."""
    if not p.stop_at_related or not p.kept or line.text.casefold().rstrip(" :") not in STOP_LINES:
        return None
    if not _links_then_text(p.blocks, line.index + 1):
        return Verdict.STOP
    p.in_related = True
    return Verdict.DROP


def drop_boilerplate_lines(p: CleanPass, line: Line) -> Verdict | None:
    """Drop the shared boilerplate (``BOILERPLATE_LINES``, ``_BOILERPLATE_PATTERNS``: SITES.md §1.2's share bars,
    "BÌNH LUẬN", "Skip Ribbon Commands", the audio player's "0:00 / 0:00", the portal's greeting …), the family's
    ``drop_lines`` and the caller's learned lines.  Kept: a time alone once the text has begun (an entry time),
    a contact label whose number follows ("Điện thoại:" then "0209 …"), an item of a list of text."""
    if not looks_boilerplate(line.text, p.extra):
        return None
    block = line.block
    if p.is_entry_time(line) or (CONTACT_LABEL.match(line.text) and _next_is_contact_value(p.blocks, line.index + 1)):
        return None
    if block.in_list in p.text_lists and not block.link:
        return None
    return Verdict.DROP


def drop_title_line(p: CleanPass, line: Line) -> Verdict | None:
    """Drop the title printed in the text, alone or with the site's name after it ("… - Báo X"); SITES.md §1.2:
    every family drops its title line.  A paragraph that opens with the title's words is text."""
    if not p.title_key:
        return None
    key, title = p.key_of(line.text), p.title_key
    if _same_keys(key, title) and len(key) >= len(title) - 2 and (
            len(key) <= len(title) + 2 or _SITE_SUFFIX.search(line.text)):
        return Verdict.DROP
    return None


def drop_numbered_alt_text(p: CleanPass, line: Line) -> Verdict | None:
    """Drop "<title> ảnh N": ePi's image alt text printed as a line (SITES.md §1.2, BBK)."""
    if p.alt_prefix is None:
        return None
    key = p.key_of(line.text)
    return Verdict.DROP if key.startswith(p.alt_prefix) and key[len(p.alt_prefix):].isdecimal() else None


def drop_category_line(p: CleanPass, line: Line) -> Verdict | None:
    """Drop the category's name among the first lines ("Thời sự" above a BNA 2025 title, BBK's category line
    before the title: SITES.md §1.2); further down the same word is text."""
    if p.category_key and p.key_of(line.text) == p.category_key and len(
            [b for b in p.kept if b.kind != "image"]) < 2:
        return Verdict.DROP
    return None


def take_date_line(p: CleanPass, line: Line) -> Verdict | None:
    """Drop a line that is only a date ("13/01/2023 - 17:18", "( Cập nhật lúc: 12/07/2022 )", SITES.md §1.1);
    its date is noted (the first one).  A time alone once the text has begun is text (``is_entry_time``)."""
    if not is_date_line(line.text) or p.is_entry_time(line):
        return None
    p.result.date = p.result.date or parse_vn_datetime(line.text)
    return Verdict.DROP


def take_credit_line(p: CleanPass, line: Line) -> Verdict | None:
    """Drop a credit line ("Tin, ảnh: Thanh Đồng", SITES.md §1.2 BDK); its name is the author.  Not a caption
    (BNA's "Ảnh: Lê Thanh" stays in it), not a role given to several names (a list's labels), not "Tác giả:"
    beside other "Label: value" facts (a book's box), and photo roles only among the body's last lines."""
    if line.block.kind == "caption" or _role_key(line.text) in p.listed_roles:
        return None
    credit = credit_name(line.text, at_tail=line.index >= p.tail_start)
    if not credit or (_role_key(line.text) == "tác giả" and _in_facts_box(p.blocks, line.index)):
        return None  # (a byline "Tin, ảnh: …" after a notice's "Điện thoại: …" is still one)
    p.result.author = p.result.author or credit
    return Verdict.DROP


def take_name_date_byline(p: CleanPass, line: Line) -> Verdict | None:
    """Drop "Thành Cường 29/10/2025 09:51" (BNA 2025's author and date line, SITES.md §1.1); both are noted.
    Not a letter's place and date ("Bắc Kạn, 15/01/2026"), not a caption."""
    if line.block.kind == "caption" or len(line.text) > 80 or _PLACE_DATE.match(line.text):
        return None
    name_date = split_name_date(line.text)
    if not name_date or not looks_like_name(name_date[0]):
        return None
    p.result.author = p.result.author or name_date[0]
    p.result.date = p.result.date or name_date[1]
    return Verdict.DROP


# The cascade, top to bottom: the first rule with a verdict decides; a line no rule claims is text.
LINE_RULES: tuple[LineRule, ...] = (
    skip_related_list_links,
    keep_images,
    drop_empty_lines,
    note_related_label,
    drop_series_label,
    stop_at_related_heading,
    drop_boilerplate_lines,
    drop_title_line,
    drop_numbered_alt_text,
    drop_category_line,
    take_date_line,
    take_credit_line,
    take_name_date_byline,
)


def clean_blocks(
    blocks: Iterable[Block],
    *,
    title: str | None,
    category: str | None = None,
    author: str | None = None,
    drop_lines: Iterable[str] = (),
    boilerplate: Iterable[str] = (),
    author_last_line: bool = True,
    stop_at_related: bool = False,
) -> Cleaned:
    """The readable lines of ``blocks`` plus what was learnt on the way (author, a date line).

    Every line goes through ``LINE_RULES`` in order; then, over the kept lines: alt text and doubled captions
    (``_drop_alt_and_doubles``), the author's own line or a last name-like line (``_take_author_line``), and the
    result's lines, captions and images (``_collect``)."""
    p = _start_pass(list(blocks), title=title, category=category, author=author, drop_lines=drop_lines,
                    boilerplate=boilerplate, stop_at_related=stop_at_related)
    for i, block in enumerate(p.blocks):
        line = Line(i, block, p.texts[i])
        verdict = next((v for rule in LINE_RULES if (v := rule(p, line)) is not None), Verdict.KEEP)
        if verdict is Verdict.STOP:
            break
        if verdict is Verdict.KEEP:
            p.kept.append(block if block.kind == "image" else Block(line.text, block.kind, in_list=block.in_list))
    kept = _drop_alt_and_doubles(p.kept, p.key_of)
    kept = _take_author_line(kept, p.result, p.key_of, author_last_line=author_last_line)
    return _collect(kept, p.result)


def _start_pass(
    blocks: list[Block], *, title: str | None, category: str | None, author: str | None,
    drop_lines: Iterable[str], boilerplate: Iterable[str], stop_at_related: bool,
) -> CleanPass:
    """What the line rules need to know about the call and about the blocks as a whole."""
    extra = frozenset(normalize_line(s).casefold().rstrip(" :") for s in (*drop_lines, *boilerplate) if s)
    key_of = lru_cache(maxsize=None)(fold)  # this call's memo of folded lines (no state across calls)
    title_key = key_of(title) if title else ""
    texts = [normalize_line(b.text) if b.kind != "image" else "" for b in blocks]
    with_text = [i for i, b in enumerate(blocks) if b.kind != "image" and b.text.strip()]
    return CleanPass(
        blocks=blocks, texts=texts, extra=extra, key_of=key_of, title_key=title_key,
        category_key=key_of(category) if category else "",
        alt_prefix=title_key + _ALT_PHOTO if title else None,
        text_lists=_text_lists(blocks, texts, extra),
        tail_start=with_text[-CREDIT_TAIL_LINES] if len(with_text) >= CREDIT_TAIL_LINES else 0,
        listed_roles=_listed_roles(blocks, texts),
        stop_at_related=stop_at_related,
        result=Cleaned(author=author),
    )


def _text_lists(blocks: list[Block], texts: list[str], extra: frozenset[str]) -> set[int]:
    """Lists with an item that is no boilerplate: a Sở's fields ("Báo chí", "Quảng cáo") or channels ("Zalo",
    "Email") are items of a text list, not a share bar's or an ad slot's lines."""
    lists: set[int] = set()
    for b, line in zip(blocks, texts, strict=True):
        if b.in_list and b.in_list not in lists and b.kind != "image":
            if line and not looks_boilerplate(line, extra):
                lists.add(b.in_list)
    return lists


def _listed_roles(blocks: list[Block], texts: list[str]) -> set[str]:
    """Roles credited to several names ("Tác giả: Nguyễn Văn An", "Tác giả: Hoàng Thị Mai" in a contest's
    results): labels of a list's items, text, nobody's byline.  (One name repeated, "Ảnh: Hữu Hiệp" under
    every photo, is still the credit.)"""
    lines = {line for b, line in zip(blocks, texts, strict=True) if b.kind not in ("image", "caption")}
    roles = Counter(_role_key(line) for line in lines if CREDIT.match(line))
    return {role for role, n in roles.items() if n > 1}


def _take_author_line(
    kept: list[Block], result: Cleaned, key_of: Callable[[str], str], *, author_last_line: bool,
) -> list[Block]:
    """With an author known: its own line near the end goes (ePi prints the name as the last body line).
    Without one (``author_last_line``): a last short name-like paragraph after other text is the author
    (SITES.md §1.2, the Sở portals' "Bế Thị Thanh Hoài"); a brief's one line is not."""
    if result.author:
        return _drop_author_line(kept, key_of(result.author), key_of)
    if not author_last_line:
        return kept
    last = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].kind != "image"), None)
    text_before = last is not None and any(b.kind != "image" for b in kept[:last])
    if text_before and kept[last].kind == "para" and not kept[last].in_list and looks_like_name(kept[last].text):
        result.author = kept[last].text
        return kept[:last] + kept[last + 1:]
    return kept


def _collect(kept: list[Block], result: Cleaned) -> Cleaned:
    """The kept blocks into ``result``: text lines and their kinds, each caption once, images with the caption
    that follows them."""
    for i, block in enumerate(kept):
        if block.kind == "image":
            following = next((b for b in kept[i + 1:i + 2] if b.kind == "caption"), None)
            result.images.append({"src": block.src, "caption": following.text if following else None})
            continue
        result.lines.append(block.text)
        result.kinds.append(block.kind)
        if block.kind == "caption" and block.text not in result.captions:
            result.captions.append(block.text)
    return result


def _next_is_contact_value(blocks: list[Block], start: int) -> bool:
    """The next text line is a phone number or an e-mail address: the label before it is a notice's, not a
    comment form's (whose next line is another label)."""
    following = next((b for b in blocks[start:] if b.kind != "image" and b.text.strip()), None)
    return following is not None and bool(CONTACT_VALUE.match(normalize_line(following.text)))


def _next_is_link(blocks: list[Block], start: int) -> bool:
    following = next((b for b in blocks[start:] if b.kind != "image"), None)
    return following is not None and following.link


def _links_then_text(blocks: list[Block], start: int) -> bool:
    """From ``start``: a few link-only lines, then an article paragraph (long, no link) that is not
    followed by another link (a teaser list alternates headline links and summaries)."""
    rest = [b for b in blocks[start:] if b.kind not in ("image", "caption")]
    links = 0
    while links < len(rest) and rest[links].link:
        links += 1
    if not 0 < links <= MAX_INLINE_RELATED_LINKS or links == len(rest):
        return False
    after = rest[links + 1] if links + 1 < len(rest) else None
    return len(rest[links].text) >= MIN_PARAGRAPH_AFTER_RELATED and (after is None or not after.link)


def _drop_alt_and_doubles(blocks: list[Block], key_of: Callable[[str], str]) -> list[Block]:
    """Drop a line repeated at once (doubled captions) and an alt line printed before its caption; a caption
    repeated under the next photo is that photo's own caption."""
    out: list[Block] = []
    texts = [b for b in blocks if b.kind != "image"]
    nxt: dict[int, Block] = {id(a): b for a, b in zip(texts, texts[1:], strict=False)}
    previous: Block | None = None
    image_between = False  # a photo since ``previous``: two photos captioned alike keep a caption each
    for block in blocks:
        if block.kind == "image":
            out.append(block)
            image_between = True
            continue
        two_photos = image_between and previous is not None and previous.kind == block.kind == "caption"
        image_between = False
        if previous is not None and not two_photos and key_of(previous.text) == key_of(block.text):
            if block.kind == "caption" and previous.kind != "caption":
                previous.kind, previous.text = "caption", block.text  # alt + caption: the caption, once
            continue
        following = nxt.get(id(block))
        if following is not None and _is_alt_of(block, following, key_of):
            continue
        out.append(block)
        previous = block
    return out


def _is_alt_of(line: Block, following: Block, key_of: Callable[[str], str]) -> bool:
    """``line`` is an image's alt text printed before its caption (same, or a shorter variant)."""
    a, b = key_of(line.text), key_of(following.text)
    if not a or a == b or len(a) >= len(b) or a not in b:
        return False
    if line.kind in ("caption", "heading"):
        return False  # a section heading over a photo whose caption repeats its words is no alt text
    return following.kind == "caption" or bool(_PHOTO_CREDIT.search(line.text) and _PHOTO_CREDIT.search(following.text))


def _drop_author_line(blocks: list[Block], key: str, key_of: Callable[[str], str]) -> list[Block]:
    """The author's own line near the end (ePi prints the name as the last body line)."""
    tail_start = max(0, len(blocks) - 3)
    return [b for i, b in enumerate(blocks)
            if not (i >= tail_start and b.kind != "caption" and key_of(b.text) == key)]

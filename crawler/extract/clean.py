"""Stage 3, one clean-up for every path (site rules or generic): lines a reader reads, nothing else.

Every line: NFC, no-break spaces to spaces, whitespace collapsed (``archive.text.normalize_line``).
Dropped: the shared boilerplate lines below, the family's ``drop_lines``, the caller's learned
``boilerplate`` (lines recurring across a site's articles), the title line, date lines, the
author/credit line (the name goes to ``author``), image alt text (``<title> ảnh N``, or an alt line
equal to or a shorter variant of the caption that follows it), a caption printed twice.  On the
generic path, a related-articles heading ends the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from archive.text import normalize_line
from crawler.extract.page_dates import is_date_line, parse_vn_datetime, split_name_date

# Lines that are never article text, on any site (compared case-insensitively, trailing ":" ignored).
BOILERPLATE_LINES = frozenset(s.casefold() for s in (
    "Chia sẻ bài viết", "Chia sẻ Facebook", "Chia sẻ", "Chia sẻ qua Email", "Chia sẻ qua Twitter",
    "Chia sẻ qua Facebook", "Chia sẻ qua Zalo", "In bài viết", "In bài", "Gửi bài viết", "Gửi email", "Bản in",
    "BÌNH LUẬN", "Bình luận", "Ý kiến bạn đọc", "Ý kiến của bạn", "Gửi ý kiến", "Gửi bình luận",
    "Skip Ribbon Commands", "Skip to main content", "Turn on more accessible mode", "Turn off more accessible mode",
    "Xem thêm", "Tin mới", "Tin mới nhất", "Đọc thêm", "Đọc nhiều", "Xem nhiều", "Tin liên quan", "Tin khác",
    "Các tin khác", "Tin cùng chuyên mục", "Bài viết liên quan", "Tin đã đưa", "Bài liên quan", "Tiêu điểm",
    "mask", "Từ khóa", "Từ khoá", "Tags", "Tag", "Theo dõi", "Quay lại", "Về đầu trang", "Trở về đầu trang",
    "Lên đầu trang", "Google News", "Facebook", "Zalo", "Twitter", "Email", "Print", "Copy link", "Sao chép link",
    "Nghe bài viết", "Nghe đọc bài", "Cỡ chữ", "Tải về", "Download", "Like", "Share",
))
# Headings after which a page lists other articles: the text ends there (generic and portal paths).
STOP_LINES = frozenset(s.casefold() for s in (
    "Tin liên quan", "Tin khác", "Các tin khác", "Tin cùng chuyên mục", "Bài viết liên quan", "Tin đã đưa",
    "Bài liên quan", "Xem thêm", "Tin mới", "Tin mới nhất", "Đọc nhiều", "Xem nhiều", "Đọc thêm", "BÌNH LUẬN",
    "Ý kiến bạn đọc", "Các tin đã đưa", "Tin bài khác", "Tin cùng loại",
))
_FORM_LABEL = r"(?:email|e-mail|họ (?:và )?tên|số điện thoại|điện thoại|mã xác nhận)\s*(?:\([^)]{0,40}\))?"
_BOILERPLATE_PATTERNS = (
    re.compile(r"^(?:\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?\s*)+$"),  # audio player "0:00 / 0:00", "0:00", run together
    re.compile(r"^(?:chia sẻ|share)(?: (?:qua|lên|bài viết lên))? \S+$", re.IGNORECASE),
    re.compile(r"^(?:từ khóa|từ khoá|tags?)\s*:", re.IGNORECASE),
    re.compile(r"^[>»\s]*(?:xem thêm|đọc thêm|mời xem thêm|tin liên quan|bài liên quan)\s*:\s*\S.{0,160}$",
               re.IGNORECASE),
    # A comment form's labels (BDK: "*Email (không hiển thị trên trang):", "Vui lòng nhập mã xác nhận …").
    # (A label with no value: "Điện thoại: 0209 …", "* Điện thoại: 0209 …" in a notice stay; so does a bare
    # "Điện thoại:" whose number is on the next line, see ``_CONTACT_LABEL``.)
    re.compile(rf"^(?:\*\s*{_FORM_LABEL}\s*:?|{_FORM_LABEL}\s*:)$", re.IGNORECASE),
    re.compile(r"^.{0,40}\((?:không )?hiển thị trên trang\)\s*:?$", re.IGNORECASE),
    re.compile(r"^vui lòng nhập mã xác nhận\b.{0,120}$", re.IGNORECASE),
    # An ad label; a pager line ("Trang 1 2 3 Trang sau »", "1 2 3 »").
    re.compile(r"^(?:quảng cáo|advertisement|sponsored)$", re.IGNORECASE),
    re.compile(r"^(?:trang:?\s*)(?:[«‹]\s*|trang trước\s*)?(?:\d{1,3}\s*)+(?:[»›]|trang sau|tiếp)?\s*[»›]?$",
               re.IGNORECASE),
    re.compile(r"^(?:[«‹]\s*)?(?:\d{1,3}\s+)+\d{1,3}\s*(?:[»›]|trang sau|tiếp)\s*[»›]?$", re.IGNORECASE),
    re.compile(r"^cổng thông tin điện tử .{0,60}kính chào quý khách", re.IGNORECASE),
    re.compile(r"^theo dõi .{1,60} trên(?: google news)?$", re.IGNORECASE),
    re.compile(r"^(?:lượt xem|số lượt xem|lượt đọc)\s*:?\s*[\d.,]+$", re.IGNORECASE),
    re.compile(r"^bình luận\s*\(\d+\)$", re.IGNORECASE),
    re.compile(r"^(?:lượt xem|số lượt xem|cỡ chữ)\s*:.{0,60}$", re.IGNORECASE),  # "Lượt xem: 692 Cỡ chữ: A+ A-"
    re.compile(r"^(?:(?:in bài viết|in bài|in trang|bản in|gửi email|gửi bài viết|quay lại|về đầu trang|lên đầu trang|"
               r"chia sẻ)\s*\|?\s*){2,}$", re.IGNORECASE),  # a row of page tools
)
# "Điện thoại:" alone on its line, the number on the next: a notice's contact lines.
_CONTACT_LABEL = re.compile(r"^\*?\s*(?:email|e-mail|số điện thoại|điện thoại|đt|fax|hotline)\s*:$", re.IGNORECASE)
_CONTACT_VALUE = re.compile(r"^(?:\+?\(?\d[\d .()-]{5,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
# A label after which an editor lists related articles as bare links ("Xem thêm:" then one link a line).
_RELATED_LABEL = re.compile(
    r"^[>»\s]*(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|tin cùng chuyên mục|bài viết liên quan|"
    r"tin bài liên quan|mời xem thêm|có thể bạn quan tâm)\s*:?\s*[>»]*$",
    re.IGNORECASE,
)
# A series' or topic's label ("Loạt bài: Chuyển đổi số ở cơ sở"): navigation when links follow it.
# (A label: "Loạt bài: …", or a name with no sentence end; "Chuyên đề năm 2024 được triển khai … sau:" is a
# sentence introducing a document link.)
_SERIES_LABEL = re.compile(r"^(?:loạt bài|cùng chủ đề|tin cùng chủ đề|bài cùng chủ đề|chuyên đề)\b"
                           r"(?:\s*:.{0,120}|\s+[^.:!?…]{1,120})?$", re.IGNORECASE)
# "Tin, ảnh: Thanh Đồng", "Bài và ảnh: …", "Tin: …", "Bài: X - Ảnh: Y", "Nhóm phóng viên: …" — a credit line;
# the name (as written after the first role) is the author.  Roles a photo story, an infographic or an
# e-magazine credits ("Ảnh:", "Đồ họa:", "Nội dung:", "Thiết kế:") are also ordinary paragraph labels, so
# a line led by one of them is a credit only among the body's last lines (``CREDIT_TAIL_LINES``).
# (Not a bare "PV:" / "Phóng viên:": that is how an interview prints its questions.)
_NEWS_ROLE = r"(?:tin bài|bài viết|tin|bài|tác giả|nhóm (?:pv|phóng viên)|nhóm thực hiện|thực hiện)"
_TAIL_ROLE = r"(?:ảnh|hình ảnh|video|clip|đồ họa|đồ hoạ|thiết kế|trình bày|nội dung)"
_ROLE = rf"(?:{_NEWS_ROLE}|{_TAIL_ROLE})"
_CREDIT = re.compile(rf"^{_ROLE}(?:\s*(?:,|và|-|–|/|&)\s*{_ROLE})*\s*:\s*(?P<name>\S.{{0,60}})$", re.IGNORECASE)
_NEWS_CREDIT = re.compile(rf"^{_NEWS_ROLE}\b", re.IGNORECASE)
_NO_PERSON = re.compile(r"^(?:tư liệu|tl|internet|nguồn internet|sưu tầm|st|minh họa|minh hoạ|chụp màn hình|"
                        r"cắt từ clip|ai|tổng hợp)\b", re.IGNORECASE)
CREDIT_TAIL_LINES = 3
MAX_CREDIT_WORDS = 12
# "Theo TTXVN", "(Nguồn: Báo Nhân Dân)", "Nguồn: …": where the article comes from, not who wrote it.
_SOURCE_LINE = re.compile(r"^\(?\s*(?:theo|nguồn)\b\s*:?\s*\S.{0,80}$", re.IGNORECASE)
_PHOTO_CREDIT = re.compile(r"(?:ảnh|nguồn ảnh|photo)\s*:\s*\S[^.]{0,40}\.?$", re.IGNORECASE)
_ALT_N = r"\s+ảnh\s+\d+$"
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
# Short capitalised lines that are sources or labels, not people: "Theo TTXVN", "Nguồn Báo Nhân Dân".
_NOT_A_BYLINE = re.compile(r"^(?:theo|nguồn|ảnh|video|clip|xem|tin|bài|trang|mời|liên hệ|tải)\b", re.IGNORECASE)
_NAME_JOINERS = {"và", "-", "–", ",", "&"}
# An editor's related list inside the body: at most this many link lines, then a paragraph this long.
MAX_INLINE_RELATED_LINKS = 5
MIN_PARAGRAPH_AFTER_RELATED = 150
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 50


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
    return " ".join(re.findall(r"\w+", text))


def same_text(a: str | None, b: str | None) -> bool:
    """Equal after folding, or one the other plus a site suffix (``og:title`` "… - Báo X")."""
    return _same_keys(fold(a), fold(b))


def _same_keys(fa: str, fb: str) -> bool:
    if not fa or not fb:
        return False
    return fa == fb or (len(fa) >= 20 and len(fb) >= 20 and (fa.startswith(fb) or fb.startswith(fa)))


def looks_like_name(line: str) -> bool:
    """A byline: a few capitalised words ("Anh Thúy", "Bế Thị Thanh Hoài", "P.Y", "Hà Nguyên - Anh Thúy")."""
    line = re.sub(r"\s*\((?:[^)]{1,30})\)$", "", line).strip()  # "Thành Cường (TTXVN)"
    if not line or len(line) > MAX_NAME_CHARS or any(c.isdigit() for c in line):
        return False
    if re.fullmatch(r"(?:[A-ZĐ]\.)+[A-ZĐ]\.?", line):  # initials: "P.Y"
        return True
    if line[-1] in ".!?:;,…\"'”" or _NOT_A_BYLINE.match(line):
        return False
    words = [w for w in re.split(r"\s+|(?<=,)", line) if w and w not in _NAME_JOINERS]
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    return all(w[0].isupper() and all(ch.isalpha() or ch in ".-'’," for ch in w) for w in words)


def credit_name(line: str, *, at_tail: bool = True) -> str | None:
    """The name of a credit line ("Bài, ảnh: Thanh Đồng" -> "Thanh Đồng"); ``at_tail=False`` (a line
    before the body's last ones) accepts only news roles ("Tin:", "Bài:", "Nhóm PV:")."""
    match = _CREDIT.match(line)
    if not match or not (at_tail or _NEWS_CREDIT.match(line)):
        return None
    name = normalize_line(match["name"]).rstrip(".")
    if not name or name[-1] in "?!…:;" or len(name.split()) > MAX_CREDIT_WORDS:  # a sentence, not names
        return None
    if not _NEWS_CREDIT.match(line) and (not name[0].isupper() or _NO_PERSON.match(name)):
        return None  # "Ảnh: tư liệu", "Ảnh: Internet": where a photo comes from, nobody's credit
    if not _NEWS_CREDIT.match(line) and not _only_names(name):
        return None  # "Nội dung: Hội nghị tập trung đánh giá …", "Ảnh: Toàn cảnh buổi lễ": a sentence
    return name


def _only_names(text: str) -> bool:
    """Every word capitalised once further roles ("- Thiết kế:") and joiners are left out: names, no sentence."""
    words = re.split(r"[\s,&/–-]+", re.sub(rf"\b{_ROLE}\s*:", " ", text, flags=re.IGNORECASE))
    words = [w for w in words if w and w.casefold() != "và"]
    return bool(words) and all(w[0].isupper() or not w[0].isalpha() for w in words)


def is_source_line(line: str) -> bool:
    """"Theo TTXVN", "(Nguồn: Báo Nhân Dân)", "Ảnh: tư liệu": a source credit, kept as text, never an author."""
    line = normalize_line(line)
    if _SOURCE_LINE.match(line):
        return True
    match = _CREDIT.match(line)
    return bool(match and not _NEWS_CREDIT.match(line) and _NO_PERSON.match(match["name"]))


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
            if _FACT_LINE.match(other) and not _CREDIT.match(other) and not is_date_line(other):
                return True
    return False


def _role_key(line: str) -> str:
    """The role part of a credit-like line ("Tác giả: X" -> "tác giả")."""
    return fold(normalize_line(line).split(":", 1)[0])


def _looks_boilerplate(line: str, extra: frozenset[str]) -> bool:
    return _is_boilerplate(line.casefold(), extra) or any(p.search(line) for p in _BOILERPLATE_PATTERNS)


def _is_boilerplate(key: str, extra: frozenset[str]) -> bool:
    bare = key.rstrip(" :").strip()
    return bare in BOILERPLATE_LINES or bare in extra


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
    """The readable lines of ``blocks`` plus what was learnt on the way (author, a date line)."""
    extra = frozenset(normalize_line(s).casefold().rstrip(" :") for s in (*drop_lines, *boilerplate) if s)
    key_of = lru_cache(maxsize=None)(fold)  # this call's memo of folded lines (no state across calls)
    title_key = key_of(title) if title else ""
    category_key = key_of(category) if category else ""
    alt_re = re.compile(re.escape(title_key) + _ALT_N) if title else None
    result = Cleaned(author=author)
    kept: list[Block] = []
    in_related = False  # after a "Xem thêm:" label: its link-only lines (and linked images) are no text
    blocks = list(blocks)
    texts = [i for i, b in enumerate(blocks) if b.kind != "image" and b.text.strip()]
    # Lists with an item that is no boilerplate: a Sở's fields ("Báo chí", "Quảng cáo") or channels ("Zalo",
    # "Email") are items of a text list, not a share bar's or an ad slot's lines.
    text_lists = {b.in_list for b in blocks if b.in_list and b.kind != "image" and normalize_line(b.text)
                  and not _looks_boilerplate(normalize_line(b.text), extra)}
    tail_start = texts[-CREDIT_TAIL_LINES] if len(texts) >= CREDIT_TAIL_LINES else 0
    # A role credited to several names ("Tác giả: Nguyễn Văn An", "Tác giả: Hoàng Thị Mai" in a contest's results)
    # labels items of a list: text, nobody's byline.
    # (One name repeated, "Ảnh: Hữu Hiệp" under every photo, is still the credit.)
    roles = Counter(_role_key(line) for line in {normalize_line(b.text) for b in blocks
                                                 if b.kind not in ("image", "caption")} if _CREDIT.match(line))
    listed_roles = {role for role, n in roles.items() if n > 1}
    for i, block in enumerate(blocks):
        if in_related and (block.link or block.teaser):
            continue
        if block.kind == "image":
            kept.append(block)
            continue
        line = normalize_line(block.text)
        if not line:
            continue
        in_related = bool(_RELATED_LABEL.match(line))
        if not in_related and _SERIES_LABEL.match(line) and _next_is_link(blocks, i + 1):
            in_related = True  # "Loạt bài: …" over links to the series' other parts: navigation
            continue
        key = line.casefold()
        if stop_at_related and kept and key.rstrip(" :") in STOP_LINES:
            if not _links_then_text(blocks, i + 1):
                break
            in_related = True  # an editor's "Xem thêm:" list mid-body: skip it, the article goes on
            continue
        entry_time = bool(_TIME_ONLY.match(line)) and not _ZERO_TIME.match(line) and any(
            b.kind != "image" for b in kept)  # see _TIME_ONLY: text once the article's text has begun
        if _looks_boilerplate(line, extra) and not (
                entry_time or (_CONTACT_LABEL.match(line) and _next_is_contact_value(blocks, i + 1))
                or (block.in_list in text_lists and not block.link)):
            continue
        line_key = key_of(line)
        if title_key and _same_keys(line_key, title_key) and len(line_key) >= len(title_key) - 2 and (
                len(line_key) <= len(title_key) + 2 or _SITE_SUFFIX.search(line)):
            continue  # the title, or the title and " - Báo X"; a paragraph that opens with the title is text
        if alt_re and alt_re.fullmatch(line_key):
            continue
        if category_key and line_key == category_key and len([b for b in kept if b.kind != "image"]) < 2:
            continue
        if is_date_line(line) and not entry_time:
            result.date = result.date or parse_vn_datetime(line)
            continue
        if block.kind != "caption":
            credit = credit_name(line, at_tail=i >= tail_start) if _role_key(line) not in listed_roles else None
            if credit and _role_key(line) == "tác giả" and _in_facts_box(blocks, i):
                credit = None  # (a byline "Tin, ảnh: …" after a notice's "Điện thoại: …" is still one)
            if credit:
                result.author = result.author or credit
                continue
            name_date = split_name_date(line) if len(line) <= 80 and not _PLACE_DATE.match(line) else None
            if name_date and looks_like_name(name_date[0]):
                result.author = result.author or name_date[0]
                result.date = result.date or name_date[1]
                continue
        kept.append(Block(line, block.kind, in_list=block.in_list))
    kept = _drop_alt_and_doubles(kept, key_of)
    if result.author:
        kept = _drop_author_line(kept, key_of(result.author), key_of)
    elif author_last_line:
        last = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].kind != "image"), None)
        text_before = last is not None and any(b.kind != "image" for b in kept[:last])  # a brief: one line
        if text_before and kept[last].kind == "para" and not kept[last].in_list and looks_like_name(kept[last].text):
            result.author = kept[last].text
            del kept[last]
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


def is_related_label(line: str) -> bool:
    """"Tin liên quan", "Xem thêm:" … alone on a line: the label of an editor's related list."""
    return bool(_RELATED_LABEL.match(normalize_line(line)))


def _next_is_contact_value(blocks: list[Block], start: int) -> bool:
    """The next text line is a phone number or an e-mail address: the label before it is a notice's, not a
    comment form's (whose next line is another label)."""
    following = next((b for b in blocks[start:] if b.kind != "image" and b.text.strip()), None)
    return following is not None and bool(_CONTACT_VALUE.match(normalize_line(following.text)))


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

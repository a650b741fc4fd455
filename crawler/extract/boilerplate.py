"""The shared boilerplate vocabulary: lines that are never article text, on any site (SITES.md §1.2).

Read by the clean-up's line rules (``clean.py``): exact lines (``BOILERPLATE_LINES``, compared
case-insensitively, a trailing ":" ignored), line patterns (``BOILERPLATE_PATTERNS``, tried as one regex),
the headings after which a page lists other articles (``STOP_LINES``), and the labels of a related list,
a series and a notice's contact lines.
"""

from __future__ import annotations

import re

from archive.text import normalize_line

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
BOILERPLATE_PATTERNS = (
    re.compile(r"^(?:\d{1,2}:\d{2}(?:\s*/\s*\d{1,2}:\d{2})?\s*)+$"),  # audio player "0:00 / 0:00", "0:00", run together
    re.compile(r"^(?:chia sẻ|share)(?: (?:qua|lên|bài viết lên))? \S+$", re.IGNORECASE),
    re.compile(r"^(?:từ khóa|từ khoá|tags?)\s*:", re.IGNORECASE),
    re.compile(r"^[>»\s]*(?:xem thêm|đọc thêm|mời xem thêm|tin liên quan|bài liên quan)\s*:\s*\S.{0,160}$",
               re.IGNORECASE),
    # A comment form's labels (BDK: "*Email (không hiển thị trên trang):", "Vui lòng nhập mã xác nhận …").
    # (A label with no value: "Điện thoại: 0209 …", "* Điện thoại: 0209 …" in a notice stay; so does a bare
    # "Điện thoại:" whose number is on the next line, see ``CONTACT_LABEL``.)
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
# The battery as one regex, tried at the line's start only (every pattern is anchored there): one call a line.
BOILERPLATE_RE = re.compile("|".join(f"(?:{p.pattern})" for p in BOILERPLATE_PATTERNS), re.IGNORECASE)
# "Điện thoại:" alone on its line, the number on the next: a notice's contact lines.
CONTACT_LABEL = re.compile(r"^\*?\s*(?:email|e-mail|số điện thoại|điện thoại|đt|fax|hotline)\s*:$", re.IGNORECASE)
CONTACT_VALUE = re.compile(r"^(?:\+?\(?\d[\d .()-]{5,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
# A label after which an editor lists related articles as bare links ("Xem thêm:" then one link a line).
RELATED_LABEL = re.compile(
    r"^[>»\s]*(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|tin cùng chuyên mục|bài viết liên quan|"
    r"tin bài liên quan|mời xem thêm|có thể bạn quan tâm)\s*:?\s*[>»]*$",
    re.IGNORECASE,
)
# A series' or topic's label ("Loạt bài: Chuyển đổi số ở cơ sở"): navigation when links follow it.
# (A label: "Loạt bài: …", or a name with no sentence end; "Chuyên đề năm 2024 được triển khai … sau:" is a
# sentence introducing a document link.)
SERIES_LABEL = re.compile(r"^(?:loạt bài|cùng chủ đề|tin cùng chủ đề|bài cùng chủ đề|chuyên đề)\b"
                           r"(?:\s*:.{0,120}|\s+[^.:!?…]{1,120})?$", re.IGNORECASE)


def looks_boilerplate(line: str, extra: frozenset[str] = frozenset()) -> bool:
    """A shared boilerplate line or pattern, or one of ``extra`` (casefolded lines: a family's, a site's learned)."""
    return is_boilerplate_key(line.casefold(), extra) or BOILERPLATE_RE.match(line) is not None


def is_boilerplate_key(key: str, extra: frozenset[str]) -> bool:
    """``key`` (a casefolded line) is a shared boilerplate line or one of ``extra``, a trailing ":" aside."""
    bare = key.rstrip(" :").strip()
    return bare in BOILERPLATE_LINES or bare in extra


def is_related_label(line: str) -> bool:
    """"Tin liên quan", "Xem thêm:" … alone on a line: the label of an editor's related list."""
    return bool(RELATED_LABEL.match(normalize_line(line)))

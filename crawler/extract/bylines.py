"""Who wrote an article, as its lines say it: credit lines ("Tin, ảnh: Thanh Đồng"), bylines (a few
capitalised words), and source lines ("Theo TTXVN") that name no author (SITES.md §1.2).
"""

from __future__ import annotations

import re

from archive.text import normalize_line

# "Tin, ảnh: Thanh Đồng", "Bài và ảnh: …", "Tin: …", "Bài: X - Ảnh: Y", "Nhóm phóng viên: …" — a credit line;
# the name (as written after the first role) is the author.  Roles a photo story, an infographic or an
# e-magazine credits ("Ảnh:", "Đồ họa:", "Nội dung:", "Thiết kế:") are also ordinary paragraph labels, so
# a line led by one of them is a credit only among the body's last lines (``clean.CREDIT_TAIL_LINES``).
# (Not a bare "PV:" / "Phóng viên:": that is how an interview prints its questions.)
_NEWS_ROLE = r"(?:tin bài|bài viết|tin|bài|tác giả|nhóm (?:pv|phóng viên)|nhóm thực hiện|thực hiện)"
_TAIL_ROLE = r"(?:ảnh|hình ảnh|video|clip|đồ họa|đồ hoạ|thiết kế|trình bày|nội dung)"
_ROLE = rf"(?:{_NEWS_ROLE}|{_TAIL_ROLE})"
CREDIT = re.compile(rf"^{_ROLE}(?:\s*(?:,|và|-|–|/|&)\s*{_ROLE})*\s*:\s*(?P<name>\S.{{0,60}})$", re.IGNORECASE)
_NEWSCREDIT = re.compile(rf"^{_NEWS_ROLE}\b", re.IGNORECASE)
_NO_PERSON = re.compile(r"^(?:tư liệu|tl|internet|nguồn internet|sưu tầm|st|minh họa|minh hoạ|chụp màn hình|"
                        r"cắt từ clip|ai|tổng hợp)\b", re.IGNORECASE)
MAX_CREDIT_WORDS = 12
# "Theo TTXVN", "(Nguồn: Báo Nhân Dân)", "Nguồn: …": where the article comes from, not who wrote it.
_SOURCE_LINE = re.compile(r"^\(?\s*(?:theo|nguồn)\b\s*:?\s*\S.{0,80}$", re.IGNORECASE)
# Short capitalised lines that are sources or labels, not people: "Theo TTXVN", "Nguồn Báo Nhân Dân".
_NOT_A_BYLINE = re.compile(r"^(?:theo|nguồn|ảnh|video|clip|xem|tin|bài|trang|mời|liên hệ|tải)\b", re.IGNORECASE)
_NAME_JOINERS = {"và", "-", "–", ",", "&"}
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 50


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
    match = CREDIT.match(line)
    if not match or not (at_tail or _NEWSCREDIT.match(line)):
        return None
    name = normalize_line(match["name"]).rstrip(".")
    if not name or name[-1] in "?!…:;" or len(name.split()) > MAX_CREDIT_WORDS:  # a sentence, not names
        return None
    if not _NEWSCREDIT.match(line) and (not name[0].isupper() or _NO_PERSON.match(name)):
        return None  # "Ảnh: tư liệu", "Ảnh: Internet": where a photo comes from, nobody's credit
    if not _NEWSCREDIT.match(line) and not _only_names(name):
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
    match = CREDIT.match(line)
    return bool(match and not _NEWSCREDIT.match(line) and _NO_PERSON.match(match["name"]))

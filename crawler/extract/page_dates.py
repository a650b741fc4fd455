"""Dates as Vietnamese news pages print them, to ISO 8601 at +07:00 (or a bare ``YYYY-MM-DD``).

A time is output only when the page shows one; a date alone stays a bare date.  Formats (SITES.md §1.1):
``13/01/2023 - 17:18`` (BDK), ``17/06/2025 13:43`` (ePi), ``( Cập nhật lúc: 12/07/2022 )`` and
``(Cập nhật lúc: 27/02/2019 10:47:08 )`` (Sở portals, with no-break spaces), ``2023-12-26T17:30:00+0700``
(``time[datetime]``, ``article:published_time``, JSON-LD), ``Thành Cường 29/10/2025 09:51`` (Báo Nghệ An
2025), a date in the URL (``SiteRules.url_date``: BDK's ``-13012023-a110139.html``) and the year-less
``Chiều 26/12`` of a sapo.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from archive.vn_time import VN_TZ
from crawler.profiles import profile_for_url
from crawler.profiles.base import SiteRules

# dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy), then an optional time "17:18" / "10:47:08" / "17h18".
_DMY = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
_HM = r"(?P<H>\d{1,2})(?::|h)(?P<M>\d{2})(?::(?P<S>\d{2}))?"
_DMY_TIME = re.compile(_DMY + r"(?:\s*(?:-|\||,|lúc)?\s*" + _HM + r")?", re.IGNORECASE)
_TIME_DMY = re.compile(_HM + r"\s*(?:-|\||,|ngày)?\s*" + _DMY, re.IGNORECASE)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_LONG = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.IGNORECASE)

# A whole line that is only a date (what the title's date line looks like), e.g. "13/01/2023 - 17:18",
# "Thứ Sáu, 13/01/2023 17:18 (GMT+7)", "( Cập nhật lúc: 12/07/2022 )", "Ngày đăng: 12/07/2022".
_WEEKDAY = r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|cn)\s*,?\s*)?"
_LABEL = r"(?:(?:cập\s+nhật(?:\s+lúc)?|ngày\s+(?:đăng|cập\s+nhật|xuất\s+bản)|đăng\s+(?:lúc|ngày)|ngày)\s*:?\s*)?"
_DMY_ANON = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_HM_ANON = r"\d{1,2}(?::|h)\d{2}(?::\d{2})?"
_DATE_LINE = re.compile(
    r"^\(?\s*" + _LABEL + _WEEKDAY + r"(?:" + _DMY_ANON + r"|" + _HM_ANON + r")\s*"
    r"(?:(?:-|\||,|lúc)?\s*(?:" + _HM_ANON + r"|" + _DMY_ANON + r"))?\s*(?:\(?\s*GMT\s*\+\s*7\s*\)?)?\s*\)?$",
    re.IGNORECASE,
)
# "(Cập nhật lúc: 27/02/2019 10:47:08 )" anywhere in a text (the Sở portals' only date).
_LABELLED = re.compile(
    r"(?:cập\s+nhật(?:\s+lúc)?|ngày\s+(?:đăng|cập\s+nhật|xuất\s+bản)|đăng\s+(?:lúc|ngày)|xuất\s+bản)\s*:?\s*"
    r"(?:" + _HM.replace("?P<H>", "?P<H0>").replace("?P<M>", "?P<M0>").replace("?P<S>", "?P<S0>")
    + r"\s*(?:-|\||,|ngày)?\s*)?" + _DMY + r"(?:\s*(?:-|\||,|lúc)?\s*" + _HM + r")?",
    re.IGNORECASE,
)
# "Thành Cường 29/10/2025 09:51": a byline followed by the date (Báo Nghệ An 2025).
_NAME_DATE = re.compile(r"^(?P<name>[^\d/|:()]{2,60}?)\s*[-|,]?\s+" + _DMY + r"(?:\s*(?:-|\||,)?\s*" + _HM + r")?$")
_NOT_A_NAME = re.compile(r"^(?:ngày|thứ|chủ nhật|cập nhật|đăng|sáng|chiều|tối|trưa|năm|tháng|hôm)\b", re.IGNORECASE)
# A sapo's year-less date: "Chiều 26/12, …", "(Baonghean.vn) - Sáng 5/6 …", "BBK - Ngày 8-1, …".
_PART_OF_DAY = r"(?:sáng|chiều|trưa|tối|đêm|rạng\s+sáng|chiều\s+tối|sáng\s+sớm|ngày|hôm\s+nay|trong\s+ngày)"
_YEARLESS = re.compile(
    r"^(?:[^\n]{0,40}?\s[-–]\s*)?" + _PART_OF_DAY + r"\s*(?:\([^)]*\)\s*)?(?:nay\s*)?\s*,?\s*"
    r"(?:\d{1,2}\s*(?:-|và|,)\s*)?(?P<d>\d{1,2})\s*[/-]\s*(?P<m>\d{1,2})(?![/-]?\d)(?!\s*(?:hằng|hàng)\s+năm)",
    re.IGNORECASE,
)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _compose(day: date, hour: str | None, minute: str | None, second: str | None) -> str:
    if hour is None or minute is None:
        return day.isoformat()
    h, mi, s = int(hour), int(minute), int(second or 0)
    if h > 23 or mi > 59 or s > 59:
        return day.isoformat()
    return datetime(day.year, day.month, day.day, h, mi, s, tzinfo=VN_TZ).isoformat()


def parse_iso(value: str | None) -> str | None:
    """``2023-12-26T17:30:00+0700`` / ``…Z`` / ``2026-01-08`` → ISO at +07:00, or a bare date."""
    if not value:
        return None
    m = _ISO.search(value.strip())
    if not m:
        return None
    day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    if m["H"] is None:
        return day.isoformat()
    tz = m["tz"]
    moment = datetime(day.year, day.month, day.day, int(m["H"]), int(m["M"]), int(m["S"] or 0))
    if tz:
        offset = datetime.strptime("+0000" if tz == "Z" else tz.replace(":", ""), "%z").tzinfo
        moment = moment.replace(tzinfo=offset).astimezone(VN_TZ)
    else:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.isoformat()


def parse_vn_datetime(text: str | None) -> str | None:
    """The first date in ``text`` (dd/mm/yyyy with an optional time, ISO, "ngày d tháng m năm y")."""
    if not text:
        return None
    text = text.replace("\xa0", " ")
    for pattern in (_TIME_DMY, _DMY_TIME):
        m = pattern.search(text)
        if m:
            day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
            if day:
                return _compose(day, m["H"], m["M"], m["S"])
    iso = parse_iso(text)
    if iso:
        return iso
    m = _LONG.search(text)
    if m:
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
        if day:
            return day.isoformat()
    return None


def parse_labelled_date(text: str | None) -> str | None:
    """A "Cập nhật lúc: …" / "Ngày đăng: …" date anywhere in ``text``."""
    if not text:
        return None
    m = _LABELLED.search(text.replace("\xa0", " "))
    if not m:
        return None
    day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    if m["H0"]:
        return _compose(day, m["H0"], m["M0"], m["S0"]) if day else None
    return _compose(day, m["H"], m["M"], m["S"]) if day else None


def is_date_line(line: str) -> bool:
    """True for a line that is only a date (and time, label, weekday): the line under a title."""
    line = line.replace("\xa0", " ").strip()
    return bool(line) and len(line) <= 80 and bool(_DATE_LINE.match(line)) and any(c.isdigit() for c in line)


def split_name_date(line: str) -> tuple[str, str] | None:
    """``"Thành Cường 29/10/2025 09:51"`` → ``("Thành Cường", "2025-10-29T09:51:00+07:00")``."""
    m = _NAME_DATE.match(line.replace("\xa0", " ").strip())
    if not m:
        return None
    name = m["name"].strip(" -|,")
    day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    if not day or not name or not name[0].isupper() or len(name.split()) > 6 or _NOT_A_NAME.match(name):
        return None
    return name, _compose(day, m["H"], m["M"], m["S"])


def date_from_url(url: str, rules: SiteRules | None = None) -> str | None:
    """The date inside an article's URL, as a bare date, by ``rules.url_date`` (default: the rules of the
    profile owning the URL's host), e.g. BDK's "-13012023-a110139.html"."""
    if rules is None:
        profile = profile_for_url(url)
        rules = profile.rules if profile is not None else None
    if rules is None or not rules.url_date:
        return None
    m = _compiled(rules.url_date).search(url.split("?")[0])
    if not m:
        return None
    day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    return day.isoformat() if day else None


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def yearless_date(lead: str | None) -> tuple[int, int] | None:
    """(day, month) of a sapo that opens with a year-less date: "BBK - Chiều 26/12, …" → (26, 12)."""
    if not lead:
        return None
    m = _YEARLESS.match(lead.replace("\xa0", " ").strip())
    if not m:
        return None
    d, mo = int(m["d"]), int(m["m"])
    return (d, mo) if 1 <= d <= 31 and 1 <= mo <= 12 else None


def resolve_yearless(day_month: tuple[int, int], reference: str | None) -> str | None:
    """The date (bare) of ``day_month`` in the latest year that does not put it after ``reference``."""
    if not reference:
        return None
    ref = date.fromisoformat(reference[:10])
    d, m = day_month
    for year in (ref.year, ref.year - 1):
        candidate = _valid(year, m, d)
        if candidate and candidate <= ref:
            return candidate.isoformat()
    return None

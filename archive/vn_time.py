"""Time in the archive: Asia/Ho_Chi_Minh (UTC+7, no DST), ISO 8601 with the offset.

No hidden clock: functions that need "now" take it as an argument; :func:`now_vn` is called
only at the edges (CLI, pipelines) and passed down.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from archive.errors import BadDateError

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def now_vn() -> datetime:
    """The current time in Vietnam, to the second."""
    return datetime.now(VN_TZ).replace(microsecond=0)


def to_iso(moment: datetime) -> str:
    """ISO 8601 at +07:00; a naive datetime is taken to be Vietnamese local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ).isoformat()


def parse_user_date(value: str) -> date:
    """``YYYY-MM-DD`` from a user (``--since``, ``--until``) or :class:`BadDateError`."""
    value = (value or "").strip()
    if not _DATE.match(value):
        raise BadDateError(f"bad date {value!r}: expected YYYY-MM-DD, e.g. 2024-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadDateError(f"bad date {value!r}: {exc}") from exc


def end_of_day_iso(day: date) -> str:
    """The last second of ``day`` in Vietnam, ISO 8601 — for inclusive ``--until`` bounds."""
    return to_iso(datetime.combine(day, time(23, 59, 59), VN_TZ))


def date_part(iso_value: str | None) -> str | None:
    """``YYYY-MM-DD`` of an ISO 8601 date or timestamp (None when absent or unparseable)."""
    if not iso_value:
        return None
    head = iso_value[:10]
    return head if _DATE.match(head) else None

"""Dates seen while discovering: ISO 8601 prefixes and Vietnamese ``DD/MM/YYYY``."""

from __future__ import annotations

import re
from datetime import date

VN_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_iso_date(value: str | None) -> date | None:
    match = ISO_DATE.search(value or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_vn_date(text: str) -> date | None:
    """The first ``DD/MM/YYYY`` in ``text`` (NBSP-safe), or None."""
    match = VN_DATE.search(text.replace("\xa0", " "))
    if not match:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None

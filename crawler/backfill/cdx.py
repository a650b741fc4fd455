"""CDX index answers → captures → which capture of each article to fetch (no Scrapy, no I/O).

A CDX server answers ``output=json`` in one of two forms, both read with :func:`json.loads`:

* the Wayback Machine's: one JSON array of rows, the first row naming the fields
  (``urlkey, timestamp, original, mimetype, statuscode, digest, length``);
* pywb's and Common Crawl's: one JSON object per line (``url, timestamp, mime, status, digest``,
  and for WARC-backed indexes ``filename, offset, length``).

:func:`read_cdx_answer` turns either into :class:`Capture` rows and counts the lines that do not parse.
:func:`plan_captures` keeps the captures of the profile's article URLs and orders, per canonical URL,
the captures worth fetching: HTTP 200 HTML only (redirects and error captures are skipped without a
fetch), newest first, one per payload digest (and none whose payload an earlier run fetched), none already
tried, none older than the one stored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from archive.vn_time import VN_TZ
from crawler.profiles.base import Profile

_FIELD_NAMES = {  # the Wayback Machine's names → pywb's / Common Crawl's
    "original": "url", "mimetype": "mime", "statuscode": "status",
}
_TIMESTAMP = re.compile(r"^\d{4,14}$")
HTML_TYPES = ("text/html", "application/xhtml+xml")
REVISIT_TYPE = "warc/revisit"  # the Wayback Machine lists a capture identical to an earlier one so


@dataclass(frozen=True)
class Capture:
    """One line of a CDX index."""

    url: str  # as captured (old host, http, :80 …)
    timestamp: str  # 14 digits, UTC
    status: str  # "200", "301", "-" …
    mime: str = ""
    digest: str = ""
    length: int | None = None  # bytes of the WARC record (Common Crawl)
    offset: int | None = None
    filename: str | None = None

    @property
    def captured_at(self) -> datetime:
        """The capture's time at +07:00."""
        moment = datetime.strptime(self.timestamp.ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        return moment.astimezone(VN_TZ)


@dataclass
class CdxAnswer:
    captures: list[Capture] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)  # what did not parse (kept short for the log)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def capture_from_fields(fields: dict[str, Any]) -> Capture | None:
    """A :class:`Capture` from one row's named fields; None when it lacks a URL or a usable timestamp."""
    named = {_FIELD_NAMES.get(k, k): v for k, v in fields.items()}
    url, timestamp = named.get("url"), str(named.get("timestamp") or "")
    if not isinstance(url, str) or not url.strip() or not _TIMESTAMP.match(timestamp):
        return None
    return Capture(
        url=url.strip(), timestamp=timestamp.ljust(14, "0"), status=str(named.get("status") or "-"),
        mime=str(named.get("mime") or "").lower(), digest=str(named.get("digest") or ""),
        length=_int_or_none(named.get("length")), offset=_int_or_none(named.get("offset")),
        filename=named.get("filename") or None,
    )


def read_cdx_answer(text: str) -> CdxAnswer:
    """Parse a CDX server's ``output=json`` answer (either form, see module docstring)."""
    answer = CdxAnswer()
    stripped = text.strip()
    if not stripped:
        return answer
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError:
            rows = None
        if isinstance(rows, list):
            if not rows:
                return answer
            header = rows[0]
            for row in rows[1:]:
                capture = (capture_from_fields(dict(zip(header, row, strict=True)))
                           if isinstance(row, list) and len(row) == len(header) else None)
                if capture is None:
                    answer.bad_lines.append(str(row)[:120])
                else:
                    answer.captures.append(capture)
            return answer
    for line in stripped.splitlines():
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except json.JSONDecodeError:
            fields = None
        capture = capture_from_fields(fields) if isinstance(fields, dict) else None
        if capture is None:
            answer.bad_lines.append(line[:120])
        else:
            answer.captures.append(capture)
    return answer


def plain_url(url: str) -> str:
    """``http://host:80/path`` → ``http://host/path`` (the default port the Wayback Machine keeps)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path, parts.query, ""))


@dataclass
class Plan:
    """Per canonical URL, the captures to try, best first; and what was skipped without a fetch, by reason."""

    candidates: dict[str, list[Capture]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    listed: int = 0


def _skip_reason(capture: Capture, profile: Profile, since: date | None, until: date | None) -> str | None:
    url = plain_url(capture.url)
    if not profile.owns(url) or not profile.is_article_url(url):
        return "not_article_url"
    day = capture.captured_at.date()
    if (since and day < since) or (until and day > until):
        return "out_of_dates"
    if capture.mime == REVISIT_TYPE:
        return "duplicate"  # the same payload as an earlier capture
    if capture.status.startswith("3"):
        return "redirect"
    if capture.status != "200":
        return "http_error"
    if "/" in capture.mime and not capture.mime.startswith(HTML_TYPES):  # pywb says "unk", IA "-" when unknown
        return "not_html"
    return None


def plan_captures(
    captures: list[Capture],
    profile: Profile,
    *,
    tried: set[tuple[str, str]] = frozenset(),
    stored: dict[str, str] | None = None,
    digests: dict[str, set[str]] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Plan:
    """Which captures to fetch (see module docstring); ``tried``, ``stored`` and ``digests`` (the payloads
    already fetched per canonical URL: a later identical capture is not fetched again) come from earlier runs."""
    plan = Plan(listed=len(captures))
    stored, digests = stored or {}, digests or {}
    seen: set[tuple[str, str]] = set()
    by_url: dict[str, list[Capture]] = {}
    for capture in captures:
        key = (plain_url(capture.url), capture.timestamp)
        if key in seen:
            plan.skipped["duplicate"] += 1  # the same capture listed twice (two hosts' queries, http and https)
            continue
        seen.add(key)
        reason = _skip_reason(capture, profile, since, until)
        if reason:
            plan.skipped[reason] += 1
            continue
        by_url.setdefault(profile.canonical_url(plain_url(capture.url)), []).append(capture)
    for canonical in sorted(by_url):
        seen_payloads: set[str] = set(digests.get(canonical, ()))
        keep: list[Capture] = []
        for capture in sorted(by_url[canonical], key=lambda c: c.timestamp, reverse=True):
            if capture.timestamp <= stored.get(canonical, ""):
                plan.skipped["already_stored"] += 1
            elif (capture.url, capture.timestamp) in tried:
                plan.skipped["already_tried"] += 1
            elif capture.digest and capture.digest in seen_payloads:
                plan.skipped["duplicate"] += 1
            else:
                keep.append(capture)
                if capture.digest:
                    seen_payloads.add(capture.digest)
        if keep:
            plan.candidates[canonical] = keep
    return plan

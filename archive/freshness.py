"""Adaptive revisits: when each archived article is checked again for corrections, and what the checks found.

Every article has one row in ``revisit_schedule`` (keyed on ``articles.url``, its canonical URL):

* its *anchor* is its publication time, or the time it was first seen when it has no date (so an
  undated article follows the same schedule as a dated one, counted from when it was first seen);
* after each check the next one is due ``interval`` days later, where ``interval`` doubles while the
  article stays the same, is never more than the article's age rounded down to a power of two
  (checks at ages 1, 2, 4, 8, 16, 32 … days) and never more than ``max_days`` (the ceiling);
* an article that changed goes back to ``min_days`` and doubles again from there (a paper that
  corrected an article once often does it again).

So a change made at age ``a`` days is archived by the first run at least ``min(max(a, min_days),
max_days)`` days later (:func:`revisit_bound`), unless the per-run budget defers it.

* :func:`schedule_article` — a row for an article just stored (idempotent);
* :func:`schedule_site` — rows for the site's articles that have none yet (an archive from before
  this schedule): each due after the interval its age gives;
* :func:`due_revisits` — the site's articles due at ``now``, most overdue first, at most ``limit``;
* :func:`revisits_for` — ``--revisit all | changed-since DATE | N`` (no budget);
  :func:`recent_articles` — ``-a revisit_days=N``;
* :func:`record_check` — the outcome of a revisit (``updated``, ``unchanged``, ``not_modified``);
* :func:`last_validators` — ``ETag`` / ``Last-Modified`` of the last capture of a URL, for a
  conditional request;
* :func:`record_crawl_revisits`, :func:`revisit_history` — per-run figures for ``archive stats``.

No hidden clock: every function that needs the time takes ``now``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.capture_index import Capture
from archive.db import transaction
from archive.vn_time import VN_TZ, to_iso
from archive.warc import CaptureError, read_record_at

NOT_MODIFIED = "not_modified"
CHECK_OUTCOMES = ("updated", "unchanged", NOT_MODIFIED, "failed")


@dataclass(frozen=True)
class RevisitPolicy:
    """The schedule's knobs (settings ``CRAWL_REVISIT_MIN_DAYS``, ``CRAWL_REVISIT_MAX_DAYS``,
    ``CRAWL_REVISIT_BUDGET``, ``CRAWL_REVISIT_BUDGET_MIN``: see ``crawler/settings.py``)."""

    min_days: float = 1.0
    max_days: float = 64.0
    budget_share: float = 0.05  # of a full recrawl of the site (its archived articles)
    budget_min: int = 10

    def __post_init__(self) -> None:
        if not (0 < self.min_days <= self.max_days) or not (0 <= self.budget_share <= 1) or self.budget_min < 0:
            raise ValueError(f"revisit schedule: need 0 < min days <= max days, 0 <= budget share <= 1, "
                             f"budget min >= 0; got {self}")

    def budget(self, archived: int) -> int:
        """How many revisits one run of a site with ``archived`` articles may make."""
        return max(self.budget_min, math.floor(self.budget_share * archived))


def parse_moment(value: str | None) -> datetime | None:
    """An ISO 8601 time or bare date (taken as midnight in Vietnam) as an aware datetime; None if unreadable."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(0, 0), VN_TZ)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def age_days(anchor: datetime, now: datetime) -> float:
    return max(0.0, (now - anchor).total_seconds() / 86400)


def age_interval(age: float, policy: RevisitPolicy) -> float:
    """The longest interval an article of ``age`` days may wait: its age rounded down to a power of two
    (in units of ``min_days``), between ``min_days`` and ``max_days``."""
    if age < 2 * policy.min_days:
        return policy.min_days
    steps = math.floor(math.log2(age / policy.min_days))
    return min(policy.max_days, policy.min_days * 2**steps)


def next_interval(previous: float | None, age: float, changed: bool, policy: RevisitPolicy) -> float:
    """The interval after a check: ``min_days`` after a change, else double the last one, capped by age."""
    if changed or previous is None:
        return policy.min_days if changed else age_interval(age, policy)
    return min(max(2 * previous, policy.min_days), age_interval(age, policy))


def revisit_bound(change_age: float, policy: RevisitPolicy) -> float:
    """Days after a change made at age ``change_age`` by which a check is due (budget permitting)."""
    return min(max(change_age, policy.min_days), policy.max_days)


def _anchor(published_at: str | None, first_seen_at: str) -> datetime:
    first_seen = parse_moment(first_seen_at)
    published = parse_moment(published_at)
    if published is None or first_seen is None or published > first_seen:
        return first_seen or published  # a date in the future is a typo: count from first seen
    return published


def schedule_article(
    db: sqlite_utils.Database, url: str, site: str, *, published_at: str | None, now: datetime,
    policy: RevisitPolicy,
) -> None:
    """Give a just-stored article its schedule row, unless it has one."""
    anchor = _anchor(published_at, to_iso(now))
    interval = age_interval(age_days(anchor, now), policy)
    with transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO revisit_schedule (url, site, anchor_at, interval_days, next_due_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [url, site, to_iso(anchor), interval, to_iso(now + timedelta(days=interval))],
        )


def schedule_site(db: sqlite_utils.Database, site: str, *, now: datetime, policy: RevisitPolicy) -> int:
    """Schedule the site's articles that have no row (archived before the schedule existed); returns how many.

    Each is due one age-interval after it was last seen, so an old archive is not all due at once.
    """
    rows = db.execute(
        "SELECT a.url, a.published_at, a.first_seen_at, a.last_seen_at FROM articles a "
        "LEFT JOIN revisit_schedule s ON s.url = a.url WHERE a.site = ? AND s.url IS NULL",
        [site],
    ).fetchall()
    with transaction(db):
        for url, published_at, first_seen_at, last_seen_at in rows:
            anchor = _anchor(published_at, first_seen_at)
            last_seen = parse_moment(last_seen_at) or now
            interval = age_interval(age_days(anchor, last_seen), policy)
            db.execute(
                "INSERT OR IGNORE INTO revisit_schedule (url, site, anchor_at, interval_days, next_due_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [url, site, to_iso(anchor), interval, to_iso(last_seen + timedelta(days=interval))],
            )
    return len(rows)


@dataclass(frozen=True)
class DueRevisit:
    url: str  # the article's key (canonical URL)
    fetch_url: str  # the URL to request (the one it was fetched from)
    next_due_at: str


def _due(rows: Iterable[tuple[str, str, str]]) -> list[DueRevisit]:
    return [DueRevisit(url, fetch_url or url, due) for url, fetch_url, due in rows]


_SELECT_DUE = (
    "SELECT s.url, a.fetched_url, s.next_due_at FROM revisit_schedule s JOIN articles a ON a.url = s.url "
    "WHERE s.site = ?"
)


def due_revisits(db: sqlite_utils.Database, site: str, *, now: datetime, limit: int | None = None) -> list[DueRevisit]:
    """The site's articles whose check is due at ``now``, most overdue first, at most ``limit``."""
    sql = _SELECT_DUE + " AND s.next_due_at <= ? ORDER BY s.next_due_at, s.url"
    params: list[Any] = [site, to_iso(now)]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return _due(db.execute(sql, params))


def count_due(db: sqlite_utils.Database, site: str, *, now: datetime) -> int:
    return db.execute(
        "SELECT count(*) FROM revisit_schedule WHERE site = ? AND next_due_at <= ?", [site, to_iso(now)]
    ).fetchone()[0]


def count_archived(db: sqlite_utils.Database, site: str) -> int:
    return db.execute("SELECT count(*) FROM articles WHERE site = ?", [site]).fetchone()[0]


def revisits_for(db: sqlite_utils.Database, site: str, mode: str, value: str | int | None = None) -> list[DueRevisit]:
    """What ``--revisit`` asks for, whatever is due: ``all`` the site's articles; ``changed-since``
    those published, first seen or changed (a version added) on or after ``value`` (YYYY-MM-DD);
    ``count``: the ``value`` articles checked longest ago."""
    if mode == "all":
        return _due(db.execute(_SELECT_DUE + " ORDER BY s.next_due_at, s.url", [site]))
    if mode == "changed-since":
        day = str(value)
        return _due(db.execute(
            _SELECT_DUE + " AND (a.published_date >= ? OR a.first_seen_at >= ? OR EXISTS (SELECT 1 FROM "
            "article_versions v WHERE v.article_id = a.id AND v.fetched_at >= ?)) ORDER BY s.next_due_at, s.url",
            [site, day, day, day],
        ))
    if mode == "count":
        return _due(db.execute(
            _SELECT_DUE + " ORDER BY coalesce(s.last_checked_at, a.last_seen_at), s.url LIMIT ?", [site, int(value)]
        ))
    raise ValueError(f"unknown revisit mode {mode!r}")


def recent_articles(db: sqlite_utils.Database, site: str, *, since: date) -> list[DueRevisit]:
    """The site's articles published on or after ``since``, or undated and first seen since then
    (``-a revisit_days=N``: the old fixed window)."""
    day = since.isoformat()
    return _due(db.execute(
        "SELECT url, fetched_url, '' FROM articles WHERE site = ? AND "
        "(published_date >= ? OR (published_date IS NULL AND first_seen_at >= ?)) ORDER BY id",
        [site, day, day],
    ))


def record_check(
    db: sqlite_utils.Database, url: str, outcome: str, *, now: datetime, policy: RevisitPolicy
) -> bool:
    """A revisit of ``url`` ended with ``outcome`` (``updated``: a correction; ``unchanged``;
    ``not_modified``: the server said 304; ``failed``: no page, counted as unchanged).
    Moves its next check; False when it has no schedule row."""
    if outcome not in CHECK_OUTCOMES:
        raise ValueError(f"unknown check outcome {outcome!r}")
    with transaction(db):
        row = db.execute("SELECT anchor_at, interval_days FROM revisit_schedule WHERE url = ?", [url]).fetchone()
        if row is None:
            return False
        anchor = parse_moment(row[0]) or now
        changed = outcome == "updated"
        interval = next_interval(row[1], age_days(anchor, now), changed, policy)
        db.execute(
            "UPDATE revisit_schedule SET interval_days = ?, next_due_at = ?, checks = checks + 1, "
            "changes = changes + ?, last_checked_at = ?, last_outcome = ? WHERE url = ?",
            [interval, to_iso(now + timedelta(days=interval)), int(changed), to_iso(now), outcome, url],
        )
    return True


# --- conditional requests -------------------------------------------------------------------------


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def last_validators(db: sqlite_utils.Database, archive_folder: str | Path, url: str) -> Validators | None:
    """``ETag`` / ``Last-Modified`` of the last 200 or 304 capture of ``url`` (read from its WARC record);
    None when there is no such capture, it carries neither header, or its file cannot be read."""
    rows = list(db.query(
        "SELECT * FROM captures WHERE url = ? AND record_type IN ('response', 'revisit') "
        "AND http_status IN (200, 304) ORDER BY captured_at DESC, id DESC LIMIT 1", [url],
    ))
    if not rows:
        return None
    capture = Capture.from_row(rows[0])
    try:
        record = read_record_at(Path(archive_folder) / capture.warc_file, capture.offset)
    except (CaptureError, OSError):
        return None
    headers = {name.lower(): value for name, value in record.http_headers}
    found = Validators(headers.get("etag"), headers.get("last-modified"))
    return found if (found.etag or found.last_modified) else None


# --- per-run figures ----------------------------------------------------------------------------


REVISIT_COUNTERS = ("revisits", "not_modified", "unchanged", "corrections", "due", "budget")


def record_crawl_revisits(db: sqlite_utils.Database, crawl_id: int, site: str, counts: dict[str, int]) -> None:
    """What a run's revisits did (see ``REVISIT_COUNTERS``)."""
    values = [int(counts.get(key, 0) or 0) for key in REVISIT_COUNTERS]
    with transaction(db):
        db.execute(
            f"INSERT OR REPLACE INTO crawl_revisits (crawl_id, site, {', '.join(REVISIT_COUNTERS)}) "
            f"VALUES (?, ?, {', '.join('?' for _ in REVISIT_COUNTERS)})",
            [crawl_id, site, *values],
        )


def revisit_history(db: sqlite_utils.Database, *, per_site: int = 5) -> list[dict[str, Any]]:
    """The last ``per_site`` runs of each site with their revisit figures, newest first."""
    return list(db.query(
        "SELECT * FROM (SELECT c.site, c.id, c.started_at, r.revisits, r.not_modified, r.unchanged, r.corrections, "
        "r.due, r.budget, row_number() OVER (PARTITION BY c.site ORDER BY c.id DESC) AS rank "
        "FROM crawls c JOIN crawl_revisits r ON r.crawl_id = c.id) WHERE rank <= ? ORDER BY site, id DESC",
        [per_site],
    ))

"""When a failed URL is tried again, and when we give up on it ("parked").

Every failed fetch is a row in ``failures`` (``archive.store.record_failure`` counts
``attempts``; a later success deletes the row with ``clear_failure``).  The policy:

* after ``attempts`` failures a URL waits ``backoff * 2 ** (attempts - 1)`` (at most
  ``max_backoff``) after its last try before the next run fetches it again;
* a URL that failed ``park_after`` times is parked (``parked = 1``): no longer retried, listed by
  ``archive stats`` until someone unparks it (``unpark``) or a crawl finds it again and stores it.

The crawler's settings ``CRAWL_RETRY_BACKOFF`` (seconds, default one hour), ``CRAWL_RETRY_MAX_BACKOFF``
and ``CRAWL_PARK_AFTER`` (default 5) feed these functions; with a nightly schedule the default
backoff means "retry on each of the next runs, park after five failed nights".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from archive.db import transaction
from archive.vn_time import to_iso


@dataclass(frozen=True)
class RetryPolicy:
    """How long a failed URL waits, and after how many failures it is parked."""

    backoff: timedelta
    max_backoff: timedelta
    park_after: int

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failure: backoff, 2×, 4× … capped at ``max_backoff``."""
        if attempts <= 0 or self.backoff <= timedelta(0):
            return timedelta(0)
        factor = 2 ** min(attempts - 1, 30)
        return min(self.backoff * factor, self.max_backoff)

    def next_try_at(self, last_tried_at: datetime, attempts: int) -> datetime:
        return last_tried_at + self.delay(attempts)

    @classmethod
    def from_settings(cls, settings: Any) -> RetryPolicy:
        """The policy of a settings mapping (Scrapy ``Settings`` or a dict): ``CRAWL_RETRY_BACKOFF``,
        ``CRAWL_RETRY_MAX_BACKOFF`` (seconds) and ``CRAWL_PARK_AFTER``; their defaults are in
        ``crawler/settings.py``, the one place settings have them."""
        return cls(
            backoff=timedelta(seconds=float(settings["CRAWL_RETRY_BACKOFF"])),
            max_backoff=timedelta(seconds=float(settings["CRAWL_RETRY_MAX_BACKOFF"])),
            park_after=int(settings["CRAWL_PARK_AFTER"]),
        )


def park_exhausted(db: sqlite_utils.Database, policy: RetryPolicy, *, site: str | None = None) -> list[str]:
    """Park every open failure that reached ``policy.park_after`` attempts; returns the URLs parked now."""
    if policy.park_after <= 0:
        return []
    sql = "SELECT url FROM failures WHERE parked = 0 AND attempts >= ?"
    params: list[Any] = [policy.park_after]
    if site is not None:
        sql += " AND site = ?"
        params.append(site)
    with transaction(db):
        urls = [row[0] for row in db.execute(sql + " ORDER BY url", params)]
        for url in urls:
            db.execute("UPDATE failures SET parked = 1 WHERE url = ?", [url])
    return urls


def due_failures(
    db: sqlite_utils.Database, site: str | None, *, now: datetime, policy: RetryPolicy
) -> list[dict[str, Any]]:
    """Open (not parked) failures of ``site`` whose backoff has passed at ``now``, oldest try first.

    Failures that reached ``park_after`` are not returned (call :func:`park_exhausted` to mark them).
    """
    sql = "SELECT * FROM failures WHERE parked = 0"
    params: list[Any] = []
    if site is not None:
        sql += " AND site = ?"
        params.append(site)
    due = []
    for row in db.query(sql + " ORDER BY last_tried_at, url", params):
        if policy.park_after > 0 and row["attempts"] >= policy.park_after:
            continue
        last = datetime.fromisoformat(row["last_tried_at"])
        if policy.next_try_at(last, row["attempts"]) <= now:
            row["next_try_at"] = to_iso(policy.next_try_at(last, row["attempts"]))
            due.append(row)
    return due


def forgive_interrupted(db: sqlite_utils.Database, policy: RetryPolicy) -> list[str]:
    """Take back the failed attempts recorded by crawls that were stopped or killed; returns their URLs.

    Stopping a crawl cuts its requests in flight short, and those would otherwise count as failures
    and wait out a backoff (skipped even by a resumed run).  A real failure simply fails again.
    Call while holding the archive lock, after ``archive.history.mark_abandoned_crawls``.
    """
    with transaction(db):
        rows = db.execute(
            "SELECT url, attempts FROM failures WHERE crawl_id IN "
            "(SELECT id FROM crawls WHERE status NOT IN ('finished', 'running')) ORDER BY url"
        ).fetchall()
        for url, attempts in rows:
            if attempts <= 1:
                db.execute("DELETE FROM failures WHERE url = ?", [url])
            else:
                parked = int(policy.park_after > 0 and attempts - 1 >= policy.park_after)
                db.execute("UPDATE failures SET attempts = attempts - 1, crawl_id = NULL, parked = ? WHERE url = ?",
                           [parked, url])
    return [url for url, _ in rows]


def waiting_urls(db: sqlite_utils.Database, site: str | None, *, now: datetime, policy: RetryPolicy) -> set[str]:
    """URLs that must not be fetched at ``now``: parked, used up, or still in their backoff."""
    sql = "SELECT url FROM failures"
    params: list[Any] = []
    if site is not None:
        sql += " WHERE site = ?"
        params.append(site)
    every = {row[0] for row in db.execute(sql, params)}
    return every - {row["url"] for row in due_failures(db, site, now=now, policy=policy)}


def list_failures(
    db: sqlite_utils.Database, site: str | None = None, *, now: datetime, policy: RetryPolicy, parked_only: bool = False
) -> list[dict[str, Any]]:
    """Every failure with its ``state`` at ``now``: ``due`` (tried on the next run), ``waiting``
    (backoff; ``next_try_at`` says until when) or ``parked``; by site then URL."""
    sql = "SELECT * FROM failures WHERE 1 = 1"
    params: list[Any] = []
    if site is not None:
        sql += " AND site = ?"
        params.append(site)
    if parked_only:
        sql += " AND parked = 1"
    rows = list(db.query(sql + " ORDER BY site, url", params))
    for row in rows:
        exhausted = policy.park_after > 0 and row["attempts"] >= policy.park_after
        next_at = policy.next_try_at(datetime.fromisoformat(row["last_tried_at"]), row["attempts"])
        row["next_try_at"] = None if row["parked"] or exhausted else to_iso(next_at)
        row["state"] = "parked" if row["parked"] or exhausted else ("due" if next_at <= now else "waiting")
    return rows



def failed_urls(db: sqlite_utils.Database, site: str) -> set[str]:
    """Every URL of ``site`` with an open failure row (parked or not)."""
    return {url for (url,) in db.execute("SELECT url FROM failures WHERE site = ?", [site])}

def parked_failures(db: sqlite_utils.Database, site: str | None = None) -> list[dict[str, Any]]:
    """Every parked URL (optionally of one site), by site then URL."""
    sql = "SELECT * FROM failures WHERE parked = 1"
    params: list[Any] = []
    if site is not None:
        sql += " AND site = ?"
        params.append(site)
    return list(db.query(sql + " ORDER BY site, url", params))


def unpark(db: sqlite_utils.Database, url: str) -> bool:
    """Give a parked URL another chance: attempts reset, retried on the next run. True if it was parked."""
    with transaction(db):
        cursor = db.execute("UPDATE failures SET parked = 0, attempts = 0 WHERE url = ? AND parked = 1", [url])
        return cursor.rowcount > 0

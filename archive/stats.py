"""Counts for ``archive stats``: articles per site and per month, per source (live or a web archive), and the
crawl history."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from archive.backfill import source_summary
from archive.failures import parked_failures
from archive.freshness import revisit_history
from archive.history import crawl_history

PARKED_KEYS = ("site", "url", "reason", "http_status", "attempts", "first_failed_at", "last_tried_at")


def archive_stats(db: sqlite_utils.Database, *, recent_crawls: int = 5) -> dict[str, Any]:
    """Totals, per-site counts, per-site-per-month counts, last crawls per site, open and parked failures."""
    per_site = list(
        db.query(
            "SELECT site, count(*) AS articles, min(published_date) AS first_date, "
            "max(published_date) AS last_date, sum(duplicate_of IS NOT NULL) AS duplicates "
            "FROM articles GROUP BY site ORDER BY site"
        )
    )
    per_month = list(
        db.query(
            "SELECT site, coalesce(substr(published_date, 1, 7), 'undated') AS month, count(*) AS articles "
            "FROM articles GROUP BY site, month ORDER BY site, month"
        )
    )
    crawls = crawl_history(db, per_site=recent_crawls)  # with the seconds each took
    failures = list(
        db.query(
            "SELECT site, count(*) AS failing, sum(parked) AS parked FROM failures GROUP BY site ORDER BY site"
        )
    )
    totals = db.execute(
        "SELECT count(*), (SELECT count(*) FROM article_versions), (SELECT count(*) FROM crawls) FROM articles"
    ).fetchone()
    return {
        "articles": totals[0],
        "versions": totals[1],
        "crawls": totals[2],
        "per_site": per_site,
        "per_month": per_month,
        "recent_crawls": crawls,
        "failures": failures,
        "parked": [{k: row[k] for k in PARKED_KEYS} for row in parked_failures(db)],
        "revisits": revisit_history(db, per_site=recent_crawls),
        "per_source": source_summary(db),  # live site vs each web archive, months covered
    }

"""Where did each URL end: stored (how many times), or in ``failures`` (with which reason).

Read-only questions the fault suite (tests/test_faults.py) and ``bench/faults.py`` ask of an archive
after a crawl: every URL a spider meant to fetch must end stored exactly once, or in ``failures``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlite_utils

CHUNK = 500


def stored_counts(db: sqlite_utils.Database, urls: Iterable[str]) -> Counter:
    """How many ``articles`` rows each of ``urls`` became (by canonical or fetched URL)."""
    wanted = list(dict.fromkeys(urls))
    counts: Counter = Counter({url: 0 for url in wanted})
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(f"SELECT url, fetched_url FROM articles WHERE url IN ({marks}) OR fetched_url IN ({marks})",
                          chunk + chunk)
        for url, fetched in rows:
            for key in {url, fetched} & set(chunk):
                counts[key] += 1
    return counts


def failure_reasons(db: sqlite_utils.Database, urls: Iterable[str]) -> dict[str, str]:
    """The recorded failure reason of each of ``urls`` that has one."""
    wanted = list(dict.fromkeys(urls))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(db.execute(f"SELECT url, reason FROM failures WHERE url IN ({marks})", chunk).fetchall())
    return found

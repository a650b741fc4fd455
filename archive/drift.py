"""Drift alarms: a run's extraction health compared with its site's own history.

A site's template changes without notice; the crawl keeps "working" and stores worse text, or none.
Each finished run records its :class:`Health` in ``crawl_health``: article links on the first page
of each listing (read by every run, backfill or nightly), article pages read, how many
the site's rules extracted (rather than the generic path), how many had a date and an author, the
median clean text length, failed pages.  :func:`judge`
compares it with the *usual*: the median of each figure over the site's last healthy runs (runs
marked ``degraded`` are left out, so a broken template keeps alarming until it is fixed).  A drop
beyond a threshold (:class:`DriftThresholds`, settings ``DRIFT_*``) makes the run ``degraded``:
:func:`mark_degraded` sets ``crawls.health`` and ``crawls.health_note``, e.g.
``bdk: 0 of 40 pages matched the site rules, 40 went generic (usual 100%); dates 12% (usual 100%)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import median
from typing import Any

import sqlite_utils

from archive.db import transaction

DEGRADED = "degraded"


@dataclass(frozen=True)
class Health:
    found: int  # article links on the first page of each listing (every run reads those, backfill or nightly)
    listing_pages: int  # first pages read
    pages: int  # article pages extracted
    site_rules: int  # of them, extracted by the site's rules (not the generic path)
    dated: int
    authored: int
    median_chars: int | None  # of the clean texts this run stored or confirmed
    failures: int  # article pages that failed, or were rejected as not an article
    has_site_rules: bool = True  # False for the generic spider: the site-rules share means nothing

    @property
    def failure_share(self) -> float:
        total = self.pages + self.failures
        return self.failures / total if total else 0.0


@dataclass(frozen=True)
class DriftThresholds:
    """When a figure has dropped (settings ``DRIFT_*`` in ``crawler/settings.py``)."""

    min_runs: int = 1
    history: int = 10
    min_pages: int = 5
    share_drop: float = 0.3
    length_ratio: float = 0.5
    found_ratio: float = 0.25
    failure_rise: float = 0.3


_COLUMNS = ("found", "listing_pages", "pages", "site_rules", "dated", "authored", "median_chars", "failures",
            "has_site_rules")


def median_chars(db: sqlite_utils.Database, crawl_id: int) -> int | None:
    """The median clean text length of the articles this run stored or confirmed (None: none)."""
    lengths = [n for (n,) in db.execute("SELECT length(text) FROM articles WHERE crawl_id = ?", [crawl_id])]
    return int(median(lengths)) if lengths else None


def record_health(db: sqlite_utils.Database, crawl_id: int, site: str, health: Health) -> None:
    values = asdict(health)
    with transaction(db):
        db.execute(
            f"INSERT OR REPLACE INTO crawl_health (crawl_id, site, {', '.join(_COLUMNS)}) "
            f"VALUES (?, ?, {', '.join('?' for _ in _COLUMNS)})",
            [crawl_id, site, *(int(values[c]) if values[c] is not None else None for c in _COLUMNS)],
        )


def usual_health(db: sqlite_utils.Database, site: str, *, before: int, thresholds: DriftThresholds) -> list[Health]:
    """The site's last healthy runs before crawl ``before`` (newest first), at most ``thresholds.history``."""
    rows = db.query(
        f"SELECT {', '.join('h.' + c for c in _COLUMNS)} FROM crawl_health h JOIN crawls c ON c.id = h.crawl_id "
        "WHERE h.site = ? AND h.crawl_id < ? AND c.status = 'finished' AND coalesce(c.health, '') != ? "
        "ORDER BY h.crawl_id DESC LIMIT ?",
        [site, before, DEGRADED, thresholds.history],
    )
    return [Health(**{**row, "has_site_rules": bool(row["has_site_rules"])}) for row in rows]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _usual(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return median(known) if known else None


def judge(site: str, now: Health, history: list[Health], thresholds: DriftThresholds) -> str | None:
    """What dropped, in one line starting with ``site:``; None when nothing did (or too little history)."""
    if len(history) < thresholds.min_runs:
        return None
    drops: list[str] = []
    usual_found = _usual([h.found for h in history if h.listing_pages])
    if usual_found and now.found < thresholds.found_ratio * usual_found:
        drops.append(f"{now.found} article links on the listings' first pages (usual {usual_found:.0f})")
    full = [h for h in history if h.pages >= thresholds.min_pages]
    if full and now.pages >= thresholds.min_pages:
        drops += _share_drops(now, full, thresholds)
        usual_len = _usual([h.median_chars for h in full])
        if usual_len and now.median_chars is not None and now.median_chars < thresholds.length_ratio * usual_len:
            drops.append(f"median text {now.median_chars} characters (usual {round(usual_len)})")
    if full and now.pages + now.failures >= thresholds.min_pages:
        usual_fail = _usual([h.failure_share for h in full]) or 0.0
        if now.failure_share > usual_fail + thresholds.failure_rise:
            drops.append(f"{now.failures} of {now.pages + now.failures} article pages failed or were not articles "
                         f"(usual {_pct(usual_fail)})")
    return f"{site}: " + "; ".join(drops) if drops else None


def _share_drops(now: Health, full: list[Health], thresholds: DriftThresholds) -> list[str]:
    drops = []
    extracted = now.pages

    def usual_share(name: str) -> float | None:
        return _usual([getattr(h, name) / h.pages for h in full])

    if now.has_site_rules:
        usual = usual_share("site_rules")
        share = now.site_rules / extracted
        if usual is not None and share < usual - thresholds.share_drop:
            drops.append(f"{now.site_rules} of {extracted} pages matched the site rules, "
                         f"{extracted - now.site_rules} went generic (usual {_pct(usual)})")
    for name, label in (("dated", "dates"), ("authored", "authors")):
        usual = usual_share(name)
        share = getattr(now, name) / extracted
        if usual is not None and share < usual - thresholds.share_drop:
            drops.append(f"{label} {_pct(share)} (usual {_pct(usual)})")
    return drops


def mark_degraded(db: sqlite_utils.Database, crawl_id: int, note: str) -> None:
    with transaction(db):
        db.execute("UPDATE crawls SET health = ?, health_note = ? WHERE id = ?", [DEGRADED, note, crawl_id])


def degraded_runs(db: sqlite_utils.Database, crawl_ids: list[int]) -> dict[int, Any]:
    """``{crawl id: health note}`` of the given runs that are degraded."""
    if not crawl_ids:
        return {}
    marks = ", ".join("?" for _ in crawl_ids)
    return dict(db.execute(
        f"SELECT id, health_note FROM crawls WHERE health = ? AND id IN ({marks})", [DEGRADED, *crawl_ids]
    ).fetchall())

"""Articles recovered from web archives: storing a capture, remembering what a backfill tried, per-source figures.

``archive backfill`` (``crawler/backfill``) reads a site's history from a CDX index (the Wayback Machine,
Common Crawl, any CDX server) and hands every capture that extracts as an article to :func:`store_capture`:

* a capture newer than everything the archive holds of the article is stored as a crawl would store it
  (``new``, ``updated`` or ``unchanged``), with ``article_versions.source = 'backfill'``;
* an older capture never replaces the article's text: a different text only adds a version (``older``),
  the same text as a version already held changes nothing (``unchanged``);
* every version written says which capture it came from (``captured_at``, ``capture_source``).

:func:`record_capture` notes each capture tried, with its outcome, in ``backfill_captures``;
:func:`backfill_state` reads those rows back so a later run fetches nothing twice.
:func:`source_summary` is what ``archive stats`` and the report show: per site, how many articles came from
the live site and from each web archive, and the months their publication dates cover (with the gaps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import sqlite_utils

from archive.db import transaction
from archive.store import VERSIONED_FIELDS, prepare_record, save_article
from archive.vn_time import now_vn, to_iso

BACKFILL_SOURCE = "backfill"  # article_versions.source of a version read from a web archive
LIVE_ORIGIN = "live"  # what source_summary calls versions fetched from the site itself (crawl, reextract)
_LIVE_SOURCES = ("crawl", "reextract")

CaptureStatus = Literal["new", "updated", "unchanged", "older"]
Outcome = Literal["stored", "not_article", "unreadable"]


@dataclass(frozen=True)
class CaptureSave:
    status: CaptureStatus  # ``older``: a version added beside a newer text the archive already held
    article_id: int
    version_id: int | None


@dataclass
class BackfillState:
    """What earlier runs did with one site's captures from one source."""

    tried: set[tuple[str, str]] = field(default_factory=set)  # (captured url, timestamp) with an outcome
    stored: dict[str, str] = field(default_factory=dict)  # canonical url -> timestamp of its latest stored capture
    digests: dict[str, set[str]] = field(default_factory=dict)  # canonical url -> payload digests already fetched


def _mark_version(db: sqlite_utils.Database, version_id: int, captured_at: str, capture_source: str) -> None:
    db.execute(
        "UPDATE article_versions SET captured_at = ?, capture_source = ? WHERE id = ?",
        [captured_at, capture_source, version_id],
    )


def store_capture(
    db: sqlite_utils.Database,
    article: Mapping[str, Any],
    *,
    captured_at: datetime,
    capture_source: str,
    crawl_id: int | None = None,
) -> CaptureSave:
    """Store one article read from a capture taken at ``captured_at`` (see module docstring); one transaction."""
    record = prepare_record(article)
    at = to_iso(captured_at.replace(microsecond=0))
    with transaction(db):
        row = db.execute("SELECT id, last_seen_at FROM articles WHERE url = ?", [record["url"]]).fetchone()
        if row is None or row[1] <= at:
            result = save_article(db, article, crawl_id=crawl_id, now=captured_at, source=BACKFILL_SOURCE)
            if result.version_id is not None:
                _mark_version(db, result.version_id, at, capture_source)
            return CaptureSave(result.status, result.article_id, result.version_id)
        article_id = row[0]
        held = db.execute(
            "SELECT 1 FROM article_versions WHERE article_id = ? AND content_hash = ? "
            "AND coalesce(title, '') = coalesce(?, '') LIMIT 1",
            [article_id, record["content_hash"], record["title"]],
        ).fetchone()
        if held:
            return CaptureSave("unchanged", article_id, None)
        version = {k: record[k] for k in VERSIONED_FIELDS}
        version.update(article_id=article_id, fetched_at=at, crawl_id=crawl_id, source=BACKFILL_SOURCE,
                       captured_at=at, capture_source=capture_source)
        cols = list(version)
        version_id = db.execute(
            f"INSERT INTO article_versions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [version[c] for c in cols],
        ).lastrowid
        return CaptureSave("older", article_id, version_id)


def record_capture(
    db: sqlite_utils.Database,
    *,
    site: str,
    source: str,
    url: str,
    timestamp: str,
    canonical_url: str,
    outcome: Outcome,
    digest: str | None = None,
    detail: str | None = None,
    article_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Note that the capture ``(url, timestamp)`` of ``source`` was fetched, and what came of it."""
    with transaction(db):
        db.execute(
            """
            INSERT INTO backfill_captures
                (site, source, url, timestamp, canonical_url, digest, outcome, detail, article_id, tried_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source, url, timestamp) DO UPDATE SET
                outcome = excluded.outcome, detail = excluded.detail,
                article_id = excluded.article_id, tried_at = excluded.tried_at
            """,
            [site, source, url, timestamp, canonical_url, digest, outcome, (detail or None) and detail[:300],
             article_id, to_iso(now or now_vn())],
        )


def store_backfilled(
    db: sqlite_utils.Database,
    article: Mapping[str, Any],
    *,
    site: str,
    source: str,
    url: str,
    timestamp: str,
    canonical_url: str,
    captured_at: datetime,
    digest: str | None = None,
    crawl_id: int | None = None,
) -> CaptureSave:
    """:func:`store_capture` and :func:`record_capture` (outcome ``stored``) in one transaction: what the
    backfill pipeline and a frontier's ingester do with an article read from a capture."""
    with transaction(db):
        saved = store_capture(db, article, captured_at=captured_at, capture_source=source, crawl_id=crawl_id)
        record_capture(db, site=site, source=source, url=url, timestamp=timestamp, canonical_url=canonical_url,
                       outcome="stored", digest=digest or None, article_id=saved.article_id)
    return saved


def backfill_state(db: sqlite_utils.Database, site: str, source: str) -> BackfillState:
    """The captures of ``site`` from ``source`` that earlier runs already fetched (see :class:`BackfillState`)."""
    state = BackfillState()
    for url, timestamp, canonical, outcome, digest in db.execute(
        "SELECT url, timestamp, canonical_url, outcome, digest FROM backfill_captures WHERE site = ? AND source = ?",
        [site, source],
    ):
        state.tried.add((url, timestamp))
        if digest:
            state.digests.setdefault(canonical, set()).add(digest)
        if outcome == "stored" and timestamp > state.stored.get(canonical, ""):
            state.stored[canonical] = timestamp
    return state


# --- per-source figures -------------------------------------------------------------------------


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + 1:04d}-01" if mon == 12 else f"{year:04d}-{mon + 1:02d}"


def month_gaps(months: list[str]) -> list[str]:
    """The months missing between the first and the last of ``months`` (sorted ``YYYY-MM``)."""
    gaps: list[str] = []
    have = set(months)
    if not months:
        return gaps
    month = months[0]
    while month < months[-1]:
        if month not in have:
            gaps.append(month)
        month = _next_month(month)
    return gaps


def source_summary(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Per site and origin (``live``, or a web archive's name): articles, and the publication months covered.

    An article counts once per origin it has a version from (a live article also found in the Wayback
    Machine counts for both).  ``gaps`` are the months between the first and the last with no article.
    """
    rows = db.query(
        f"""
        SELECT a.site AS site,
               CASE WHEN v.source IN ({", ".join("?" for _ in _LIVE_SOURCES)}) THEN ?
                    WHEN v.source = ? THEN coalesce(v.capture_source, ?)
                    ELSE v.source END AS origin,
               a.id AS article_id, substr(a.published_date, 1, 7) AS month
        FROM articles a JOIN article_versions v ON v.article_id = a.id
        """,
        [*_LIVE_SOURCES, LIVE_ORIGIN, BACKFILL_SOURCE, BACKFILL_SOURCE],
    )
    groups: dict[tuple[str, str], tuple[set[int], set[str]]] = {}
    for row in rows:
        ids, months = groups.setdefault((row["site"], row["origin"]), (set(), set()))
        ids.add(row["article_id"])
        if row["month"]:
            months.add(row["month"])
    out = []
    for (site, origin), (ids, months) in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] != LIVE_ORIGIN,
                                                                                 kv[0][1])):
        ordered = sorted(months)
        out.append({
            "site": site, "origin": origin, "articles": len(ids), "months": len(ordered),
            "first_month": ordered[0] if ordered else None, "last_month": ordered[-1] if ordered else None,
            "gaps": month_gaps(ordered),
        })
    return out


def format_gaps(gaps: list[str], limit: int = 6) -> str:
    """``2024-12, 2025-01 … (+N more)``: the first ``limit`` missing months, or ``none``."""
    if not gaps:
        return "none"
    shown = ", ".join(gaps[:limit])
    return shown + (f" … (+{len(gaps) - limit} more)" if len(gaps) > limit else "")


def source_table(db: sqlite_utils.Database) -> list[list[Any]]:
    """:func:`source_summary` as table rows: site, origin, articles, months, first, last, missing months."""
    return [[r["site"], r["origin"], r["articles"], r["months"], r["first_month"] or "-", r["last_month"] or "-",
             format_gaps(r["gaps"])] for r in source_summary(db)]


SOURCE_COLUMNS = ["site", "from", "articles", "months", "first month", "last month", "months missing"]

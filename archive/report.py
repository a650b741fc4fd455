"""``archive report``: one self-contained HTML page on what the archive holds and how crawls go.

The page (template ``archive/report.html``) shows articles per site per month as an inline SVG
bar chart drawn here (no JavaScript, no external script, style sheet, font or image: it reads the
same offline), crawl health per site (last run, open failures, parked URLs), the duplicate rate
per site, and the top categories and authors.  Everything is computed by plain SQL from the
archive; ``now`` (the "generated at" line) is passed in.
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import sqlite_utils

from archive.backfill import SOURCE_COLUMNS, source_table
from archive.db import refuse_to_overwrite_archive
from archive.errors import ArchiveError
from archive.filters import UNIQUE_CONDITION
from archive.vn_time import to_iso

CHART_MONTHS = 36  # the chart shows at most the last 36 months that have articles
BAR_COLOR = "#1b7f5c"  # one colour for every bar (the screenshot test looks for it)
TOP_N = 15  # rows in the top categories / authors tables

# Chart geometry (SVG user units = CSS pixels).
CHART_WIDTH = 1000
LABEL_WIDTH = 150  # site name and total, left of the bars
ROW_HEIGHT = 96  # one site's band
BAR_MAX_HEIGHT = 64  # the tallest bar of a site
BAR_MAX_WIDTH = 36  # bars stay bars when there are only a few months
AXIS_HEIGHT = 28  # month labels under the last band


@dataclass(frozen=True)
class Bar:
    site: str
    month: str
    count: int
    x: int
    y: int
    width: int
    height: int


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    return list(db.query(sql, params or []))


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def monthly_counts(db: sqlite_utils.Database) -> dict[str, dict[str, int]]:
    """``{site: {month: articles}}`` for dated articles."""
    counts: dict[str, dict[str, int]] = {}
    for row in _rows(
        db,
        "SELECT site, substr(published_date, 1, 7) AS month, count(*) AS n FROM articles "
        "WHERE published_date IS NOT NULL GROUP BY site, month ORDER BY site, month",
    ):
        counts.setdefault(row["site"], {})[row["month"]] = row["n"]
    return counts


def chart_bars(counts: dict[str, dict[str, int]], months: list[str]) -> list[Bar]:
    """Bar geometry: one band per site, one bar per month, each site scaled to its own maximum."""
    slot = (CHART_WIDTH - LABEL_WIDTH) / max(len(months), 1)
    gap = 2 if slot >= 6 else (1 if slot >= 3 else 0)
    width = min(max(int(slot) - gap, 1), BAR_MAX_WIDTH)
    bars = []
    for band, site in enumerate(sorted(counts)):
        peak = max((counts[site].get(m, 0) for m in months), default=0) or 1
        base = band * ROW_HEIGHT + 20 + BAR_MAX_HEIGHT
        for i, month in enumerate(months):
            count = counts[site].get(month, 0)
            if not count:
                continue
            height = max(round(count / peak * BAR_MAX_HEIGHT), 1)
            bars.append(Bar(site, month, count, LABEL_WIDTH + int(i * slot), base - height, width, height))
    return bars


def render_chart(counts: dict[str, dict[str, int]]) -> str:
    """The inline SVG, or a sentence when no article has a date."""
    all_months = sorted({m for per_site in counts.values() for m in per_site})
    if not all_months:
        return "<p>No dated article yet.</p>"
    months = month_range(all_months[0], all_months[-1])[-CHART_MONTHS:]
    visible = {site: {m: n for m, n in per.items() if m >= months[0]} for site, per in counts.items()}
    visible = {site: per for site, per in visible.items() if per}
    bars = chart_bars(visible, months)
    height = len(visible) * ROW_HEIGHT + AXIS_HEIGHT
    parts = [
        f'<svg id="chart" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" shape-rendering="crispEdges" role="img" '
        f'aria-label="Articles per site per month">'
    ]
    for band, site in enumerate(sorted(visible)):
        top = band * ROW_HEIGHT
        base = top + 20 + BAR_MAX_HEIGHT
        peak = max(visible[site].values())
        total = sum(counts[site].values())  # all dated articles, also those before the chart
        parts.append(f'<text x="0" y="{base - BAR_MAX_HEIGHT // 2}" class="site">{_e(site)}</text>')
        parts.append(f'<text x="0" y="{base - BAR_MAX_HEIGHT // 2 + 16}" class="note">{total} articles</text>')
        parts.append(f'<text x="{CHART_WIDTH}" y="{top + 14}" class="note" text-anchor="end">max {peak}/month</text>')
        parts.append(f'<line x1="{LABEL_WIDTH}" y1="{base}" x2="{CHART_WIDTH}" y2="{base}" class="axis"/>')
    for bar in bars:
        parts.append(
            f'<rect class="bar" x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" '
            f'fill="{BAR_COLOR}"><title>{_e(bar.site)} {bar.month}: {bar.count}</title></rect>'
        )
    step = max(math.ceil(len(months) / 12), 1)
    slot = (CHART_WIDTH - LABEL_WIDTH) / len(months)
    for i in range(0, len(months), step):
        parts.append(f'<text x="{LABEL_WIDTH + int(i * slot)}" y="{height - 8}" class="note">{months[i]}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


# --- tables ---------------------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _table(headers: list[str], rows: list[list[Any]], *, numeric: tuple[int, ...] = ()) -> str:
    if not rows:
        return "<p class='empty'>Nothing yet.</p>"
    head = "".join(f"<th{' class=num' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = "\n".join(
        "<tr>" + "".join(f"<td{' class=num' if i in numeric else ''}>{_e(v)}</td>" for i, v in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def crawl_health(db: sqlite_utils.Database) -> list[list[Any]]:
    """Per site: last run, its status and counts, open failures, parked URLs."""
    last = {
        row["site"]: row
        for row in _rows(
            db,
            "SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY site ORDER BY started_at DESC, id DESC) "
            "AS rank, count(*) OVER (PARTITION BY site) AS runs FROM crawls c) WHERE rank = 1",
        )
    }
    fails = {
        row["site"]: row
        for row in _rows(
            db,
            "SELECT coalesce(site, '-') AS site, sum(parked = 0) AS open, sum(parked) AS parked "
            "FROM failures GROUP BY 1",
        )
    }
    rows = []
    for site in sorted(set(last) | set(fails)):
        crawl = last.get(site, {})
        fail = fails.get(site, {})
        rows.append([
            site, crawl.get("runs", 0), crawl.get("started_at", "never"), crawl.get("finished_at") or "-",
            _run_status(crawl), crawl.get("new", "-"), crawl.get("updated", "-"), crawl.get("failed", "-"),
            fail.get("open") or 0, fail.get("parked") or 0,
        ])
    return rows


def _run_status(crawl: dict[str, Any]) -> str:
    """The run's status, or ``degraded: what dropped`` (archive/drift.py)."""
    if crawl.get("health") == "degraded":
        return f"degraded: {crawl.get('health_note') or ''}".rstrip(": ")
    return crawl.get("status", "-")


def failure_reasons(db: sqlite_utils.Database) -> list[list[Any]]:
    """Open failures grouped by site and reason, most frequent first."""
    return [
        [r["site"], r["reason"], r["n"], r["parked"] or 0, r["last"]]
        for r in _rows(
            db,
            "SELECT coalesce(site, '-') AS site, reason, count(*) AS n, sum(parked) AS parked, "
            "max(last_tried_at) AS last FROM failures GROUP BY 1, 2 ORDER BY n DESC, site LIMIT ?",
            [TOP_N],
        )
    ]


def duplicate_rates(db: sqlite_utils.Database) -> list[list[Any]]:
    rows = _rows(
        db,
        f"SELECT site, count(*) AS n, sum(NOT ({UNIQUE_CONDITION})) AS dups FROM articles GROUP BY site ORDER BY site",
    )
    return [[r["site"], r["n"], r["dups"] or 0, f"{100 * (r['dups'] or 0) / r['n']:.1f} %"] for r in rows]


def top_values(db: sqlite_utils.Database, column: str) -> list[list[Any]]:
    """The most frequent values of ``column`` (category or author), with their site."""
    assert column in ("category", "author")
    return [
        [r["value"], r["site"], r["n"]]
        for r in _rows(
            db,
            f"SELECT {column} AS value, site, count(*) AS n FROM articles WHERE {column} IS NOT NULL "
            f"AND {column} != '' GROUP BY {column}, site ORDER BY n DESC, value LIMIT ?",
            [TOP_N],
        )
    ]


def build_report(db: sqlite_utils.Database, *, now: datetime, name: str = "archive") -> str:
    """The whole page as a string."""
    totals = db.execute(
        "SELECT count(*), count(DISTINCT site), min(published_date), max(published_date), "
        f"sum(published_date IS NULL), sum(NOT ({UNIQUE_CONDITION})) FROM articles"
    ).fetchone()
    summary = (
        f"{totals[0]} articles from {totals[1]} sites, published {totals[2] or '-'} to {totals[3] or '-'}; "
        f"{totals[4] or 0} without a date; {totals[5] or 0} duplicates."
    )
    template = Template(resources.files("archive").joinpath("report.html").read_text(encoding="utf-8"))
    return template.substitute(
        name=_e(name),
        generated_at=_e(to_iso(now)),
        summary=_e(summary),
        chart=render_chart(monthly_counts(db)),
        sources=_table(SOURCE_COLUMNS, source_table(db), numeric=(2, 3)),
        health=_table(
            ["site", "runs", "last run", "finished", "status", "new", "updated", "failed", "open failures",
             "parked URLs"],
            crawl_health(db), numeric=(1, 5, 6, 7, 8, 9),
        ),
        reasons=_table(["site", "reason", "URLs", "parked", "last tried"], failure_reasons(db), numeric=(2, 3)),
        duplicates=_table(["site", "articles", "duplicates", "rate"], duplicate_rates(db), numeric=(1, 2, 3)),
        categories=_table(["category", "site", "articles"], top_values(db, "category"), numeric=(2,)),
        authors=_table(["author", "site", "articles"], top_values(db, "author"), numeric=(2,)),
    )


def write_report(db: sqlite_utils.Database, out: Path, *, now: datetime, name: str = "archive") -> Path:
    """Write the page to ``out`` (through a temporary file, so a crash leaves the old one).

    Refuses the archive file itself and any existing file that is not an HTML page.
    """
    out = Path(out)
    refuse_to_overwrite_archive(db.conn, out)
    if out.exists() and out.suffix.lower() not in (".html", ".htm"):
        raise ArchiveError(f"{out} exists and is not an HTML page; choose another file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    try:
        tmp.write_text(build_report(db, now=now, name=name), encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out

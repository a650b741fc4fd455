"""Tables about crawl runs: the summary at the end of ``archive crawl``, the history in ``archive stats``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.table import Table

from archive.history import crawl_seconds, format_seconds

COUNT_COLUMNS = ("new", "updated", "unchanged", "duplicates", "failed")


def summary_table(rows: Iterable[dict[str, Any]], *, title: str = "Crawl summary") -> Table:
    """One line per site of this run: status, the counts, requests and the time taken, and a total."""
    table = Table(title=title)
    table.add_column("site")
    table.add_column("status")
    for col in (*COUNT_COLUMNS, "requests", "took"):
        table.add_column(col, justify="right")
    totals = dict.fromkeys((*COUNT_COLUMNS, "requests"), 0)
    rows = list(rows)
    for row in rows:
        for key in totals:
            totals[key] += row.get(key) or 0
        table.add_row(row["site"], _status(row), *(str(row.get(k) or 0) for k in (*COUNT_COLUMNS, "requests")),
                      format_seconds(crawl_seconds(row)))
    if len(rows) > 1:
        table.add_row("total", "", *(str(totals[k]) for k in (*COUNT_COLUMNS, "requests")), "", style="bold")
    return table


def history_table(rows: Iterable[dict[str, Any]]) -> Table:
    """The last runs per site (``archive.history.crawl_history``), newest first."""
    table = Table(title="Recent crawls per site")
    for col in ("site", "id", "started (+07)", "status", *COUNT_COLUMNS, "took"):
        table.add_column(col, justify="right" if col in COUNT_COLUMNS or col in ("id", "took") else "left")
    for row in rows:
        started = (row["started_at"] or "")[:16].replace("T", " ")  # local (+07:00) time to the minute
        table.add_row(row["site"], str(row["id"]), started, _status(row),
                      *(str(row.get(k) or 0) for k in COUNT_COLUMNS), format_seconds(crawl_seconds(row)))
    return table


def parked_table(rows: Iterable[dict[str, Any]]) -> Table:
    """URLs given up on after repeated failures (``archive.failures.parked_failures``)."""
    table = Table(title="Parked URLs (failed too often; not retried)")
    for col in ("site", "url", "attempts", "last reason", "last tried"):
        # a URL is copied by hand: folded onto the next line, never cut short
        table.add_column(col, justify="right" if col == "attempts" else "left",
                         overflow="fold" if col == "url" else "ellipsis")
    for row in rows:
        table.add_row(row["site"] or "-", row["url"], str(row["attempts"]), row["reason"], row["last_tried_at"])
    return table


def _status(row: dict[str, Any]) -> str:
    status = row.get("status") or "-"
    if row.get("health") == "degraded":  # drift alarm (archive/drift.py)
        status = f"degraded: {row.get('health_note') or ''}".rstrip(": ")
    return f"{status}: {row['message']}" if row.get("message") else status


def failures_table(rows: Iterable[dict[str, Any]]) -> Table:
    """Failed URLs with their state (``archive.failures.list_failures``)."""
    table = Table(title="Failed URLs")
    for col in ("site", "url", "attempts", "last reason", "last tried", "state", "next try"):
        table.add_column(col, justify="right" if col == "attempts" else "left",
                         overflow="fold" if col == "url" else "ellipsis")
    for row in rows:
        table.add_row(row["site"] or "-", row["url"], str(row["attempts"]), row["reason"],
                      _minute(row["last_tried_at"]), row["state"], _minute(row["next_try_at"]))
    return table


def _minute(iso: str | None) -> str:
    return (iso or "-")[:16].replace("T", " ")


def revisits_table(rows: Iterable[dict[str, Any]]) -> Table:
    """Revisits of the last runs per site (``archive.freshness.revisit_history``): corrections found."""
    table = Table(title="Revisits per run (corrections = versions added by revisits)")
    for col in ("site", "id", "started (+07)", "revisits", "304", "unchanged", "corrections", "due", "budget"):
        table.add_column(col, justify="left" if col in ("site", "started (+07)") else "right")
    for row in rows:
        table.add_row(row["site"], str(row["id"]), _minute(row["started_at"]),
                      *(str(row.get(k) or 0) for k in ("revisits", "not_modified", "unchanged", "corrections", "due",
                                                       "budget")))
    return table

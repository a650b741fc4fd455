"""Live progress of ``archive crawl`` on a terminal: one line per site, redrawn from Scrapy's stats.

Nothing is sent by the crawl: :class:`CrawlBoard` reads each crawler's stats (``archive/new``,
``archive/updated``, ``archive/unchanged``, ``archive/failed``, ``response_received_count``) when
rich redraws it (a few times a second), so it costs the crawl nothing and needs no signals.
Shown only when stdout is a terminal and ``--quiet`` is not given (:func:`progress_wanted`).
"""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table

from archive.history import format_seconds


def stats_of(crawler: Any) -> dict[str, Any]:
    """A crawler's stats, or {} before it started (Scrapy refuses to hand them out earlier)."""
    try:
        stats = crawler.stats
    except (AttributeError, RuntimeError):
        return {}
    return stats.get_stats() if stats is not None else {}


def progress_wanted(quiet: bool, console: Console) -> bool:
    return not quiet and console.is_terminal


class CrawlBoard:
    """A rich renderable: the sites of this run with their live counts."""

    def __init__(self) -> None:
        self.sites: list[tuple[str, Any]] = []  # (site, crawler)
        self.started = time.monotonic()

    def add(self, site: str, crawler: Any) -> None:
        self.sites.append((site, crawler))

    def __rich__(self) -> Table:
        table = Table(title=f"Crawling… {format_seconds(time.monotonic() - self.started)}", title_justify="left")
        table.add_column("site")
        table.add_column("state")
        for col in ("pages", "new", "updated", "unchanged", "failed"):
            table.add_column(col, justify="right")
        for site, crawler in self.sites:
            stats = stats_of(crawler)
            get = stats.get
            reason = get("finish_reason", None)
            state = reason or ("running" if getattr(crawler, "crawling", False) else "waiting")
            table.add_row(
                site, state, str(get("response_received_count", 0)),
                *(str(get(f"archive/{key}", 0)) for key in ("new", "updated", "unchanged", "failed")),
            )
        return table


class CrawlProgress:
    """``with CrawlProgress(console, enabled) as board: board.add(site, crawler)`` around the crawl."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.board = CrawlBoard()
        self.live = Live(self.board, console=console, refresh_per_second=4, transient=True) if enabled else None

    def __enter__(self) -> CrawlBoard:
        if self.live is not None:
            self.live.start()
        return self.board

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.stop()

"""``archive crawl`` made safe to run unattended: the lock, resume, progress, summary and exit code.

``run_guarded(spiders, run=…, …)`` wraps the in-process runner (``crawler.runner.crawl_process.run_crawls``):
it holds the archive lock (:class:`crawler.runner.guard.CrawlGuard`; a held lock is one line on
stderr, a line in the log, exit code 75), hands each crawler its resume settings and its line on the
progress board through the runner's ``prepare`` hook, prints the summary table read back from this
run's crawl rows, and returns the exit code (0 all well, 1 some site failed, 3 some site degraded).
"""

from __future__ import annotations

import io
import logging
import os
import signal
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from rich.console import Console

from archive.errors import (
    ArchiveCorruptError,
    ArchiveError,
    ArchiveLockedError,
    DiskFullError,
    is_corrupt_error,
    is_disk_full_error,
)
from archive.lock import EXIT_LOCKED, CrawlLockedError
from archive.vn_time import now_vn
from crawler.cli.common import UserError, busy_timeout, not_a_special_file
from crawler.cli.crawl_report import parked_table, summary_table
from crawler.cli.health import storage_message
from crawler.components.extensions import archive_session
from crawler.runner.guard import EXIT_DEGRADED, CrawlGuard, exit_code, failure_reason, site_failed
from crawler.runner.logs import append_line
from crawler.runner.progress import CrawlProgress, progress_wanted, stats_of

logger = logging.getLogger(__name__)

Prepare = Callable[[str, Any], None]  # (spider name, scrapy Crawler) before it starts


def job_key(spider: str, spider_args: Mapping[str, str] | None = None) -> str:
    """The job folder name: the spider, plus the start URL's host for sharepoint/generic runs."""
    start_url = (spider_args or {}).get("start_url")
    host = urlsplit(start_url).hostname if start_url else None
    return f"{spider}-{host}" if host else spider


def run_guarded(
    spiders: Sequence[str],
    *,
    db_path: Path,
    run: Callable[[Prepare], Any],
    settings: Any,
    quiet: bool = False,
    log_file: Path | None = None,
    spider_args: Mapping[str, str] | None = None,
    console: Console | None = None,
) -> int:
    """Run ``run(prepare)`` under the archive lock; print the summary; return the exit code."""
    if console is None:
        console = Console()
        if not console.is_terminal:  # a log or a pipe: wide enough for every column
            console = Console(width=max(console.width, 120))
    keys = {name: job_key(name, spider_args) for name in spiders}
    not_a_special_file(db_path)
    # by the file's mode, never by opening it (archive.db.open_archive says why): else every write of
    # the run fails, each logged with its traceback
    if db_path.is_file() and not os.access(db_path, os.W_OK):
        raise UserError(f"{db_path} is read-only: a crawl writes to it")
    timeout = busy_timeout()
    guard = CrawlGuard(db_path, keys.values(), settings=settings, now=now_vn(), log_file=log_file,
                       **({} if timeout is None else {"timeout": timeout}))
    started = False  # errors while the guard starts are the user's to fix; after that, the run's own
    fatal: BaseException | None = None
    try:
        with guard:
            started = True
            try:
                rows, table, fatal = _run_and_summarise(guard, keys, run, console, quiet, log_file)
            except (sqlite3.DatabaseError, OSError) as exc:  # reading the results back failed
                if not (is_corrupt_error(exc) or is_disk_full_error(exc)):
                    raise
                fatal = exc
    except (ArchiveError, OSError, sqlite3.DatabaseError) as exc:
        if not started:
            if isinstance(exc, ArchiveCorruptError | DiskFullError | sqlite3.DatabaseError):  # 65 / 74
                return _storage_exit(exc, db_path, log_file, "crawl not started")
            return _not_started(exc, log_file)
        # the guard's exit (the lock is released whatever happens) met the damaged archive or the full disk
        if fatal is None and not (is_corrupt_error(exc) or is_disk_full_error(exc)):
            raise
        fatal = fatal or exc
    if fatal is not None:
        return _storage_exit(fatal, db_path, log_file, "crawl stopped")
    stopped_by = signal_exit_code()
    if not quiet:
        console.print(table)
        if guard.parked:
            console.print(parked_table(guard.parked))
    if stopped_by:  # Ctrl-C or SIGTERM: what the shell and systemd expect, not "some site failed"
        click.echo("interrupted: the crawl stopped and resumes on the next run" if stopped_by == EXIT_SIGINT
                   else "terminated: the crawl stopped and resumes on the next run", err=True)
        return stopped_by
    code = exit_code(rows, spiders)
    if code == EXIT_DEGRADED:  # crawled, but a site's extraction health dropped
        notes = [str(row.get("health_note") or row["site"]) for row in rows if row.get("health") == "degraded"]
        click.echo("Warning: degraded (check the site rules): " + "; ".join(notes), err=True)
        return code
    if code:  # also under --quiet: cron mails stderr, and this is what a monitor wants to read
        failed = [f"{row['site']} ({failure_reason(row)})" for row in rows if site_failed(row)]
        missing = len(spiders) - len(rows)
        click.echo("Error: crawl incomplete: " + ", ".join(failed + ([f"{missing} site(s) never started"]
                                                                    if missing > 0 else [])), err=True)
        hint = offline_hint([row for row in rows if site_failed(row)], settings.get("MIRROR_URL"))
        if hint:
            click.echo(hint, err=True)
    return code




def _not_started(exc: ArchiveError | OSError, log_file: Path | None) -> int:
    """The guard could not start: exit 75 for a lock held by another process, else a one-line UserError."""
    if isinstance(exc, CrawlLockedError | ArchiveLockedError):  # another crawl, or a long write (archive dedup …)
        click.echo(f"Error: {exc}", err=True)
        if log_file is not None:
            append_line(log_file, f"crawl not started: {exc}")
        return EXIT_LOCKED
    if isinstance(exc, ArchiveError):  # not an archive, schema too new …: one line, exit 2
        raise UserError(str(exc)) from exc
    # the lock file, the log or a job folder cannot be made (read-only folder …)
    raise UserError(f"cannot start the crawl: {exc.strerror or exc}: {exc.filename}") from exc

def _run_and_summarise(
    guard: CrawlGuard, keys: Mapping[str, str], run: Callable[[Prepare], Any], console: Console, quiet: bool,
    log_file: Path | None,
) -> tuple[list[dict[str, Any]], Any, BaseException | None]:
    """Run the crawls under ``guard`` with the progress board; this run's crawl rows and the summary table, or
    the storage error that stopped a crawl (a damaged archive, a full disk: no rows are read back then)."""
    with CrawlProgress(console, progress_wanted(quiet, console)) as board:

        def prepare(name: str, crawler: Any) -> None:
            for key, value in guard.settings_for(keys[name]).items():
                crawler.settings.set(key, value, priority="cmdline")
            board.add(name, crawler)

        run(prepare)
    fatal = next((archive_session(c).fatal for _, c in board.sites if archive_session(c).fatal), None)
    if fatal is not None:
        return [], None, fatal
    rows = guard.results()
    pages_ok = {archive_session(crawler).crawl_id: _pages_ok(crawler) for _, crawler in board.sites}
    for row in rows:
        row["pages_ok"] = pages_ok.get(row["id"])
    table = summary_table(rows)
    if log_file is not None:
        _log_table(table)
    return rows, table, None


EXIT_SIGINT = 128 + signal.SIGINT  # 130
EXIT_SIGTERM = 128 + signal.SIGTERM  # 143


def signal_exit_code() -> int:
    """130 (SIGINT) or 143 (SIGTERM) when a stop signal ended the crawl, else 0."""
    from crawler.runner.crawl_process import RECEIVED_SIGNALS

    if not RECEIVED_SIGNALS:
        return 0
    return EXIT_SIGINT if RECEIVED_SIGNALS[0] == signal.SIGINT else EXIT_SIGTERM


def _storage_exit(exc: BaseException, db_path: Path, log_file: Path | None, what: str) -> int:
    """One line on stderr (and in the log) for a damaged archive or a full disk; its exit code (65 / 74)."""
    message, code = storage_message(exc, db_path)
    click.echo(message, err=True)
    if log_file is not None:
        try:
            append_line(log_file, f"{what}: {message.removeprefix('Error: ')}")
        except OSError:
            pass  # the log is on the full disk too
    return code


def offline_hint(failed_rows: Sequence[Mapping[str, Any]], mirror_url: str | None) -> str | None:
    """What to try when failed sites failed for want of a network or of a mirror (else None)."""
    reasons = " ".join(str(row.get("top_failure") or "") for row in failed_rows)
    if mirror_url and "ConnectionRefused" in reasons:
        return f"Is the mirror running at {mirror_url}? Start it with `archive mirror [FOLDER] --port N`."
    if "CannotResolveHostError" in reasons:  # no DNS: most often no network at all
        return "No network here? `archive demo` and `archive crawl SITE --mirror URL` work offline."
    return None


# Pages a spider actually read: listings and feeds it parsed, article pages that became items
# (stored or dropped as not an article).  robots.txt is not one: a site may answer it and nothing else.
PAGES_READ_STATS = ("discovery/listing_pages", "discovery/feed_pages", "item_scraped_count", "item_dropped_count")


def _pages_ok(crawler: Any) -> int:
    stats = stats_of(crawler)
    return sum(int(stats.get(key, 0)) for key in PAGES_READ_STATS)


def _log_table(table: Any) -> None:
    plain = Console(width=120, record=True, file=io.StringIO(), color_system=None)
    plain.print(table)
    for line in plain.export_text().rstrip().splitlines():
        logger.info(line)

"""``archive backfill SITE``: a site's history from web archives (see docs/backfill.md)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.live import Live

from crawler.cli import main
from crawler.cli.cluster_cmds import frontier_option
from crawler.cli.common import UserError, db_option, not_a_special_file, user_date

EXIT_INCOMPLETE = 1  # something is left for the next run (an index or captures that failed)


class _Progress:
    """One live line read from the crawler's stats (costs the run nothing)."""

    def __init__(self) -> None:
        self.crawler: Any = None
        self.started = time.monotonic()

    def __rich__(self) -> str:
        try:
            stats = self.crawler.stats.get_stats() if self.crawler is not None and self.crawler.stats else {}
        except (AttributeError, RuntimeError):
            stats = {}
        return (f"backfill {time.monotonic() - self.started:.0f} s: {stats.get('backfill/listed', 0)} captures listed, "
                f"{stats.get('backfill/fetched', 0)} fetched, {stats.get('backfill/stored', 0)} stored, "
                f"{stats.get('backfill/fetch_failed', 0)} failed")


def _settings(values: tuple[str, ...], rate: float | None) -> dict[str, str | float]:
    out: dict[str, str | float] = {}
    for value in values:
        name, sep, val = value.partition("=")
        if not sep or not name.strip():
            raise UserError(f"-s {value!r}: expected NAME=VALUE, e.g. -s BACKFILL_RATE=0.2")
        out[name.strip()] = val
    if rate is not None:
        out["BACKFILL_RATE"] = rate
    return out


@main.command()
@click.argument("site")
@click.option("--source", default="wayback", show_default=True, metavar="wayback|commoncrawl|URL",
              help="The web archive: the Wayback Machine, Common Crawl, or the URL of any CDX server "
                   "(pywb: http://host/<collection>/cdx).")
@click.option("--since", help="Only captures taken on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Only captures taken on or before this day (YYYY-MM-DD).")
@click.option("--replay", metavar="URL", help="Where a --source URL replays captures (default: it without /cdx).")
@click.option("--warc-prefix", metavar="URL",
              help="Read captures as WARC records by byte range from URL + the index's filename (Common Crawl style).")
@click.option("--rate", type=click.FloatRange(min=0), help="Requests per second to the archive (BACKFILL_RATE).")
@click.option("-s", "--set", "set_values", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting for this run.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO).")
@click.option("-q", "--quiet", is_flag=True, help="No progress; only the summary's problems and errors.")
@frontier_option
@db_option
def backfill(site: str, source: str, since: str | None, until: str | None, replay: str | None,
             warc_prefix: str | None, rate: float | None, set_values: tuple[str, ...], verbose: bool, quiet: bool,
             frontier: str | None, db_path: Path) -> None:
    """Recover SITE's articles from a web archive's captures (its old hosts included) into the archive.

    SITE is a site of the registry (built in, or added to the sites file) with hosts and article URL patterns.

    Resumable: a run that is stopped goes on where it stopped; a run with nothing new fetches only the index.
    Exit codes: 0 done, 1 something left for the next run (an index or captures failed), 2 bad input,
    75 another crawl holds the archive.

    Example: archive backfill bbk --source wayback --since 2020-01-01 --until 2025-06-30
    """
    from archive.errors import ArchiveError, ArchiveLockedError
    from archive.lock import EXIT_LOCKED, CrawlLockedError
    from crawler.backfill.run import run_backfill
    from crawler.backfill.sources import SourceError, resolve_source
    from crawler.profiles.registry import registry_for
    from crawler.profiles.sites_file import SitesFileError
    from crawler.runner.crawl_process import project_settings

    overrides = _settings(set_values, rate)
    settings = project_settings({"ARCHIVE_DB": str(db_path), **overrides})
    try:
        profiles = registry_for(settings)  # the built-in sites and the sites file's
    except SitesFileError as exc:
        raise UserError(str(exc)) from exc
    profile = profiles.get(site)
    if profile is None or not profile.hosts or not profile.article_url_patterns:
        names = ", ".join(key for key, p in profiles.items() if p.hosts and p.article_url_patterns)
        raise UserError(f"no site {site!r} to backfill; one of: {names}")
    since_day, until_day = user_date(since, "--since"), user_date(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise UserError(f"--since {since_day} is after --until {until_day}")
    try:
        backfill_source = resolve_source(source, settings, replay=replay, warc_prefix=warc_prefix)
    except SourceError as exc:
        raise UserError(str(exc)) from exc
    not_a_special_file(db_path)
    if frontier:  # the captures go to the workers of a shared frontier (docs/scale-out.md)
        backfill_on_frontier(profile, backfill_source, url=frontier, db_path=db_path, since=since_day,
                             until=until_day, settings=overrides, verbose=verbose)
        return
    console = Console(stderr=True)
    progress = _Progress()
    live = Live(progress, console=console, refresh_per_second=2, transient=True) \
        if not quiet and console.is_terminal else None
    try:
        if live is not None:
            live.start()
        summary = run_backfill(profile, backfill_source, db_path=db_path, since=since_day, until=until_day,
                               settings=overrides, log_level="INFO" if verbose else "WARNING",
                               watch=lambda crawler: setattr(progress, "crawler", crawler))
    except (CrawlLockedError, ArchiveLockedError) as exc:  # a crawl, or a long write (archive dedup …)
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(EXIT_LOCKED) from exc
    except ArchiveError as exc:  # not an archive, a schema too new …
        raise UserError(str(exc)) from exc
    except OSError as exc:  # the lock file cannot be made (a read-only folder …)
        raise UserError(f"cannot start the backfill: {exc.strerror or exc}: {exc.filename}") from exc
    finally:
        if live is not None:
            live.stop()
    for line in summary.lines():
        click.echo(line)
    if summary.index_unreachable:
        click.echo(f"Error: the index at {', '.join(backfill_source.index_urls)} did not answer", err=True)
    if not summary.complete:
        raise SystemExit(EXIT_INCOMPLETE)


def backfill_on_frontier(profile: Any, source: Any, *, url: str, db_path: Path, since: Any, until: Any,
                         settings: dict[str, Any], verbose: bool) -> None:
    """``archive backfill … --frontier``: the seeder's side; the summary, and the exit code."""
    from crawler.cli.cluster_cmds import check_frontier
    from crawler.cli.common import open_db

    check_frontier(url)
    open_db(db_path)  # one line, exit 2, for a missing or broken archive before anything is queued
    from crawler.cluster.backfill import backfill_with_frontier

    summary, stored = backfill_with_frontier(profile, source, db_path=db_path, url=url, since=since, until=until,
                                             settings=settings, log_level="INFO" if verbose else "WARNING")
    for line in summary.lines():
        click.echo(line)
    if not stored:
        click.echo("Error: the ingester has not stored this run yet (is `archive ingest` running?)", err=True)
    if summary.index_unreachable:
        click.echo(f"Error: the index at {', '.join(source.index_urls)} did not answer", err=True)
    if not stored or not summary.complete:
        raise SystemExit(EXIT_INCOMPLETE)

"""``archive worker`` and ``archive ingest``, and the ``--frontier`` parts of ``crawl`` and ``stats``.

Everything here needs the ``cluster`` extra (``pip install -e '.[cluster]'``: scrapy-redis, redis) and
a Redis server; nothing is imported unless a command is given ``--frontier``.
"""

from __future__ import annotations

import json
import socket
from datetime import date
from pathlib import Path
from typing import Any

import click

from crawler.cli import main
from crawler.cli.common import UserError, db_option, open_db


class FrontierUnreachableError(click.ClickException):
    """Redis does not answer: one line, exit 1 (the crawl could not run; a monitor sees it)."""

    exit_code = 1


def frontier_option(func):
    return click.option("--frontier", "frontier", metavar="redis://HOST:PORT/DB", envvar="FRONTIER_URL",
                        help="The shared frontier (Redis) of a scale-out crawl (env FRONTIER_URL).")(func)


def check_frontier(url: str) -> str:
    """The URL checked, and Redis reached; one line otherwise."""
    try:
        from crawler.cluster.keys import FrontierURLError, connect
    except ImportError as exc:  # the extra is not installed
        raise UserError(f"--frontier needs the cluster extra: pip install -e '.[cluster]' ({exc.name} missing)"
                        ) from exc
    try:
        client = connect(url, socket_connect_timeout=5)
        client.ping()
    except FrontierURLError as exc:
        raise UserError(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - redis' ConnectionError, TimeoutError, AuthenticationError …
        raise FrontierUnreachableError(f"cannot reach the frontier at {url}: {exc}") from exc
    return url


def crawl_on_frontier(chosen: list[str], *, url: str, db_path: Path, mirror_url: str | None, since: date | None,
                      max_pages: int | None, spider_args: dict[str, str], level: str, quiet: bool) -> int:
    """``archive crawl … --frontier``: seed, crawl as one worker, wait for the ingester; the exit code."""
    from crawler.cluster.run import crawl_with_frontier

    check_frontier(url)
    open_db(db_path)  # one line, exit 2, for a missing or broken archive before anything is queued
    runs = crawl_with_frontier(chosen, db_path=db_path, url=url, mirror_url=mirror_url, since=since,
                               max_pages=max_pages, spider_args=spider_args, log_level=level)
    from archive.history import crawls_from
    from crawler.runner.guard import EXIT_DEGRADED

    db = open_db(db_path)
    ids = [run["crawl_id"] for run in runs if run["crawl_id"]]
    health = {row["id"]: row for row in crawls_from(db, min(ids))} if ids else {}
    failed = degraded = False
    for run in runs:
        stored = "stored" if run["stored"] else "NOT YET STORED (is `archive ingest` running?)"
        failed |= not run["stored"]
        row = health.get(run["crawl_id"], {})
        if row.get("health") == "degraded":  # judged by the ingester against the site's history
            degraded = True
            stored += f"; degraded: {row.get('health_note')}"
        if not quiet or not run["stored"] or row.get("health") == "degraded":
            click.echo(f"{run['site']}: run {run['run']} (crawl {run['crawl_id'] or '-'}): "
                       f"{run.get('new', 0)} new, {run.get('updated', 0)} updated, "
                       f"{run.get('unchanged', 0)} unchanged, {run.get('failed', 0)} failed; {stored}",
                       err=not run["stored"])
    return 1 if failed else (EXIT_DEGRADED if degraded else 0)


@main.command()
@frontier_option
@click.option("--name", help="This worker's name (default: host-pid); in its WARC file names.")
@click.option("--mirror", "mirror_url", metavar="URL", help="Fetch everything from a mirror (see `archive mirror`).")
@click.option("--wait", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Seconds to wait for an open run before giving up.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO).")
@db_option
def worker(frontier: str | None, name: str | None, mirror_url: str | None, wait: float, verbose: bool,
           db_path: Path) -> None:
    """Crawl for the open runs of a shared frontier until they close (any machine; no archive needed).

    The worker's WARC files go to warc/workers/NAME/ beside --db (or WARC_FOLDER); mount that folder at
    the same place beside the archive and the ingester indexes them.

    Example: archive worker --frontier redis://10.0.0.5:6379/0 --name crawler-2
    """
    from crawler.cli.crawl_cmds import check_mirror

    if not frontier:
        raise UserError("archive worker needs --frontier redis://HOST:PORT/DB (or FRONTIER_URL)")
    check_frontier(frontier)
    if mirror_url:
        check_mirror(mirror_url)
    from crawler.cluster.run import run_worker

    spiders = run_worker(frontier, worker=name, db_path=db_path.expanduser().resolve(), mirror_url=mirror_url,
                         wait=wait, log_level="INFO" if verbose else "WARNING")
    if not spiders:
        click.echo(f"no open run on {frontier} after {wait:g} s", err=True)
        raise SystemExit(1)
    click.echo(f"worker done: {', '.join(spiders)}")


@main.command()
@frontier_option
@click.option("--until-idle", type=click.FloatRange(min=0), metavar="SECONDS",
              help="Stop once no run is open and nothing arrived for SECONDS (default: run until stopped).")
@click.option("--batch", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="Messages stored per transaction round.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line.")
@db_option
def ingest(frontier: str | None, until_idle: float | None, batch: int, quiet: bool, db_path: Path) -> None:
    """Store what the workers of a frontier fetched: the archive's one writer (runs beside the archive).

    Holds the archive's crawl lock while it runs. A message leaves Redis only after the archive
    committed it: killed, the next `archive ingest` takes up where it stopped.

    Example: archive ingest --frontier redis://127.0.0.1:6379/0 --until-idle 30
    """
    if not frontier:
        raise UserError("archive ingest needs --frontier redis://HOST:PORT/DB (or FRONTIER_URL)")
    check_frontier(frontier)
    from archive.lock import EXIT_LOCKED, ArchiveLock, CrawlLockedError
    from crawler.cluster.ingest import Ingester, IngesterRunningError
    from crawler.cluster.keys import Keys, connect
    from crawler.components.drift import drift_thresholds
    from crawler.components.revisits import revisit_policy

    db = open_db(db_path, create=True)
    try:
        lock = ArchiveLock(db_path).acquire()
    except CrawlLockedError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(EXIT_LOCKED) from exc
    from crawler import settings

    ingester = Ingester(db, connect(frontier), Keys.of(frontier), archive_folder=db_path.expanduser().resolve().parent,
                        # one name per machine and archive: a killed ingester's successor takes over at once
                        name=f"ingester@{socket.gethostname()}:{db_path.expanduser().resolve()}",
                        park_after=settings.FAILURE_PARK_AFTER or None, batch=batch,
                        revisit_policy=revisit_policy(vars(settings)),
                        drift=drift_thresholds(vars(settings)) if settings.DRIFT_ENABLED else None)

    def progress(counts: Any) -> None:
        if not quiet:
            click.echo(f"\r{counts.messages} messages: {counts.articles} articles, {counts.failures} failures",
                       nl=False, err=True)

    try:
        counts = ingester.run(until_idle=until_idle, progress=progress)
    except IngesterRunningError as exc:
        raise UserError(str(exc)) from exc
    finally:
        lock.release()
    if not quiet:
        click.echo("", err=True)
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(counts.by_status.items())) or "no article"
    click.echo(f"ingested {counts.messages} messages: {statuses}; {counts.failures} failures; "
               f"{counts.bad} bad messages left out")


def print_frontier_status(url: str, as_json: bool) -> None:
    """``archive stats --frontier``."""
    from rich.console import Console
    from rich.table import Table

    from crawler.cluster.keys import Keys, connect
    from crawler.cluster.status import frontier_status

    check_frontier(url)
    status = frontier_status(connect(url), Keys.of(url))
    if as_json:
        click.echo(json.dumps(status, ensure_ascii=False, indent=2))
        return
    console = Console(width=max(100, Console().width))
    console.print(f"frontier {url}: {status['items_waiting']} items waiting, {status['items_ingesting']} being "
                  f"stored, ingester {status['ingester'] or 'not running'}")
    for title, rows, columns in (
        ("Runs", status["runs"], ("spider", "run", "status", "queued", "in_flight", "new", "updated", "failed")),
        ("Workers", status["workers"], ("worker", "spider", "requests", "items", "requests_per_s")),
        ("Domains (all workers)", status["domains"][:30], ("domain", "last_minute", "per_s", "total")),
    ):
        table = Table(title=title)
        for column in columns:
            table.add_column(column.replace("_", " "))
        for row in rows:
            table.add_row(*(str(row.get(c, 0) if row.get(c) is not None else "-") for c in columns))
        console.print(table)

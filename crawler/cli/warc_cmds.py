"""``archive raw | reextract | warc-check | warc-index``: the pages a crawl captured, and what is rebuilt from them."""

from __future__ import annotations

import os
import sys
from datetime import datetime, time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from archive.capture_index import Capture, count_captures, index_warc_file, latest_capture, read_payload
from archive.store import url_aliases
from archive.vn_time import VN_TZ, end_of_day_iso, to_iso
from archive.warc import WarcScan
from crawler import settings as crawl_settings
from crawler.cli import main
from crawler.cli.common import (
    UserError,
    archive_errors,
    db_option,
    not_the_archive,
    open_db,
    sites_registry,
    user_date,
)
from crawler.profiles import profile_for_url
from crawler.replay.decode import payload_text
from crawler.replay.warc_source import WarcSource, warc_files


def find_capture(db, url: str, at: str | None) -> Capture | None:
    """The capture of ``url``, else of its canonical URL, else of the URLs its article was archived under."""
    profile = profile_for_url(url)
    candidates = [url, profile.canonical_url(url) if profile else url]
    for known in dict.fromkeys(candidates):
        candidates += url_aliases(db, known)
    for candidate in dict.fromkeys(candidates):
        capture = latest_capture(db, candidate, at=at)
        if capture is not None:
            return capture
    return None


@main.command()
@db_option
@click.argument("url")
@click.option("--at", "at", metavar="DATE", help="The latest capture at or before this day (YYYY-MM-DD).")
@click.option("--headers", "with_headers", is_flag=True, help="Print the status line and headers first.")
@archive_errors
def raw(db_path: Path, url: str, at: str | None, with_headers: bool) -> None:
    """Print the HTML of URL as a crawl captured it (the latest capture, or the latest at or before --at).

    Example: archive raw https://baodongkhoi.vn/tong-ket-13012023-a110139.html --at 2024-12-31
    """
    day = user_date(at, "--at")
    db = open_db(db_path)
    capture = find_capture(db, url, end_of_day_iso(day) if day else None)
    if capture is None:
        when = f" at or before {day}" if day else ""
        raise UserError(f"no capture of {url}{when} in {db_path}")
    payload = read_payload(db, db_path.parent, capture,
                           warc_folder=Path(crawl_settings.WARC_FOLDER or db_path.parent / "warc"))  # reliability
    if with_headers:
        click.echo(f"# {capture.record_type} {capture.captured_at} {capture.warc_file}@{capture.offset}")
        click.echo(f"HTTP {payload.status}")
        for name, value in payload.headers:
            click.echo(f"{name}: {value}")
        click.echo("")
    click.echo(payload_text(payload))


@main.command("reextract")
@db_option
@click.option("--site", help="Only this site's captures (a site key, e.g. bdk).")
@click.option("--since", metavar="DATE", help="Only pages captured on or after this day (YYYY-MM-DD).")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Extraction processes (default REEXTRACT_WORKERS: 0 = one per core; 1 = none beside this one).")
@archive_errors
def reextract_cmd(db_path: Path, site: str | None, since: str | None, workers: int | None) -> None:
    """Rebuild articles from the WARC captures with today's extractor; nothing is fetched.

    A text that changes becomes a new version marked "reextract"; the same text changes nothing.

    Example: archive reextract --site bdk --since 2024-01-01
    """
    from crawler.replay.reextract import reextract  # the extractor (lxml, trafilatura): only for this command

    day = user_date(since, "--since")
    db = open_db(db_path)
    since_iso = to_iso(datetime.combine(day, time(0, 0), VN_TZ)) if day else None
    boilerplate = crawl_settings.EXTRACT_BOILERPLATE
    profiles = sites_registry(db_path)  # a site of the sites file keeps its rules
    workers = crawl_settings.REEXTRACT_WORKERS if workers is None else workers
    workers = workers or os.cpu_count() or 1
    console = Console(stderr=True)
    if console.is_terminal:
        columns = (TextColumn("re-extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("reextract", total=None)
            summary = reextract(db, db_path.parent, site=site, since=since_iso, boilerplate=boilerplate,
                                profiles=profiles, workers=workers,
                                progress=lambda done, total, _url: bar.update(task, completed=done, total=total))
    else:
        summary = reextract(db, db_path.parent, site=site, since=since_iso, boilerplate=boilerplate, profiles=profiles,
                            workers=workers)
    for problem in summary.problems:
        click.echo(f"  {problem}", err=True)
    click.echo(
        f"re-extracted {summary.pages} captured pages: {summary.new} new, {summary.updated} updated "
        f"(new versions), {summary.unchanged} unchanged, {summary.not_articles} not articles, "
        f"{summary.unreadable} unreadable"
    )


@main.command("warc-check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@archive_errors
def warc_check(paths: tuple[Path, ...]) -> None:
    """Read every record of WARC files (or of the folders given); report files cut short.

    A file truncated by a killed crawl is read up to the cut; exit code 1 if any file is.

    Example: archive warc-check data/warc
    """
    try:
        files = warc_files(paths)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    if not files:  # checking nothing is no success
        raise UserError(f"no WARC files in {', '.join(map(str, paths))}")
    truncated = not_warc = 0
    for path in files:
        scan = WarcScan(path, payloads=False)
        for _ in scan:
            pass
        truncated += scan.truncated is not None and not scan.not_warc
        not_warc += scan.not_warc
        click.echo(scan.report())
    click.echo(f"{len(files)} WARC files, {truncated} truncated" + (f", {not_warc} not WARC" if not_warc else ""))
    if truncated or not_warc:
        sys.exit(1)


@main.command("warc-index")
@db_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@archive_errors
def warc_index(db_path: Path, paths: tuple[Path, ...]) -> None:
    """Add the records of WARC files to the archive's capture index (those not indexed yet).

    PATHS default to the archive's warc folder. For WARC files copied from another machine, or an
    archive restored from an older snapshot; a truncated file is indexed up to the cut.

    Example: archive warc-index data/warc --db data/archive.sqlite
    """
    db = open_db(db_path)
    try:
        files = warc_files(paths or [db_path.parent / "warc"])
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    for path in paths:
        not_the_archive(db, path)
    before = count_captures(db)
    not_warc = 0
    for path in files:
        scan = index_warc_file(db, path, db_path.parent)
        not_warc += scan.not_warc
        if scan.truncated is not None:
            click.echo(scan.report(), err=True)
    added = count_captures(db) - before
    click.echo(f"{len(files)} WARC files, {added} records indexed" + (f", {not_warc} not WARC" if not_warc else ""))
    if not_warc:  # a truncated file is indexed up to its cut (exit 0); a file that is no WARC was a mistake
        sys.exit(1)


def warc_mirror_source(paths: tuple[Path, ...]) -> tuple[WarcSource, str]:
    """The replay source for ``archive mirror --warc``, and how to name it; problems on stderr."""
    try:
        source = WarcSource(paths)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    if not source.files:
        raise UserError(f"no WARC files (*.warc.gz, *.warc) in {', '.join(map(str, paths))}")
    for problem in source.problems:
        click.echo(f"warning: {problem}", err=True)
    if not len(source):  # serving nothing until Ctrl-C helps no crawl
        raise UserError(f"no response recorded in {', '.join(map(str, source.files))}: nothing to serve")
    return source, f"{len(source)} URLs from {len(source.files)} WARC files"

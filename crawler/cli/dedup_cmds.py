"""``archive dedup | duplicates | import``: duplicate clusters, and loading JSON Lines corpora."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from archive.importer import ImportLimits, import_jsonl
from crawler.cli import main
from crawler.cli.common import (
    SQLITE_MAX_INT,
    archive_errors,
    db_option,
    not_the_archive,
    open_checked_db,
    open_db,
    print_json,
    project_setting,
    stdin_bytes,
    user_date,
)


def _progress_bar(console: Console):
    if not console.is_terminal:
        return nullcontext(None)
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    )


@main.command()
@db_option
@click.option("--reindex", is_flag=True, help="Recompute every signature, not only those of changed texts.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@archive_errors
def dedup(db_path: Path, reindex: bool, as_json: bool) -> None:
    """Rebuild every duplicate cluster (and the near-duplicate index where stale).

    Crawls and imports deduplicate as they go; run this after upgrading an archive, or to
    rebuild from scratch with --reindex.  It writes in one transaction: a reader never sees
    half-updated clusters, and an interrupted run changes nothing.

    Example: archive dedup --db data/archive.sqlite
    """
    from archive.dedup_batch import rebuild_clusters  # numpy: imported by the commands that use it

    db = open_checked_db(db_path)  # rebuilds every cluster: not on a damaged archive
    console = Console(stderr=True)
    with _progress_bar(console) as bar:
        tasks: dict[str, int] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if bar is None:
                return
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        report = rebuild_clusters(db, reindex=reindex, progress=progress)
    if as_json:
        print_json(report.__dict__)
        return
    click.echo(
        f"{report.articles} articles: {report.clusters} clusters of duplicates, {report.duplicates} duplicates "
        f"({report.changed} changed) in {report.seconds:.1f} s"
    )
    click.echo(
        f"index: {report.computed} signatures computed, {report.reused} reused, {report.short} too short "
        f"(exact match only); links: {report.near_links} near of {report.candidate_pairs} candidates, "
        f"{report.exact_links} exact"
    )


@main.command()
@db_option
@click.option("--site", help="Only clusters with an article from this site (e.g. bbk).")
@click.option("--since", help="Only clusters with an article published on or after this day (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, SQLITE_MAX_INT), help="At most this many clusters (newest first).")
@click.option("--json", "as_json", is_flag=True, help="Print the clusters as JSON.")
@archive_errors
def duplicates(db_path: Path, site: str | None, since: str | None, limit: int | None, as_json: bool) -> None:
    """List clusters of duplicate articles, newest first; the earliest article of each is marked *.

    Example: archive duplicates --site bbk --since 2024-01-01
    """
    from archive.dedup import list_clusters

    day = user_date(since, "--since")
    db = open_db(db_path)
    clusters = list_clusters(db, site=site, since=day, limit=limit)
    if as_json:
        print_json(clusters)
        return
    if not clusters:
        click.echo("No duplicates.")
        return
    for cluster in clusters:
        click.echo(f"cluster {cluster['cluster_id']}: {cluster['size']} articles ({', '.join(cluster['sites'])})")
        for member in cluster["members"]:
            mark = "*" if member["duplicate_of"] is None else " "
            published = (member["published_at"] or "undated")[:16]
            click.echo(f"  {mark} {member['id']:>7} {published:<16} {member['site']:<10} {member['url']}")
            if member["title"]:
                click.echo(f"            {member['title']}")
    click.echo(f"{len(clusters)} clusters")


SHOWN_ERRORS = 20  # bad lines listed one by one; the others are counted


@main.command("import")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@archive_errors
def import_cmd(db_path: Path, file: Path) -> None:
    """Load articles from a JSON Lines file (the keys of `archive extract`), deduplicating as it goes.

    Only url and text are required.  A bad line is reported with its number and skipped; the
    rest still loads.  Exit code 1 when some line was skipped.  FILE may be - for stdin.

    Example: archive import old-corpus.jsonl --db data/archive.sqlite
    """
    source = stdin_bytes() if str(file) == "-" else file
    db = open_checked_db(db_path, create=True)
    limits = ImportLimits(max_line_bytes=project_setting("IMPORT_MAX_LINE_BYTES"),
                          max_text_chars=project_setting("IMPORT_MAX_TEXT_CHARS"),
                          max_bad_lines=project_setting("IMPORT_MAX_BAD_LINES"))
    if source is file:
        not_the_archive(db, file)
    console = Console(stderr=True)
    with _progress_bar(console) as bar:
        task = bar.add_task("importing", total=None) if bar else None

        def progress(lines: int) -> None:
            if bar is not None:
                bar.update(task, completed=lines)

        report = import_jsonl(db, source, progress=progress, limits=limits)
    for line_no, message in report.errors[:SHOWN_ERRORS]:
        click.echo(f"line {line_no}: {message}", err=True)
    if report.bad_lines > SHOWN_ERRORS:
        click.echo(f"… and {report.bad_lines - SHOWN_ERRORS} more bad lines", err=True)
    if report.stopped_at is not None:
        click.echo(f"Error: stopped at line {report.stopped_at} after {report.bad_lines} bad lines "
                   "(IMPORT_MAX_BAD_LINES): is it a JSON Lines file?", err=True)
    click.echo(
        f"imported {report.loaded} articles: {report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.duplicates} duplicates; {report.bad_lines} lines skipped"
    )
    if report.bad_lines:
        sys.exit(1)

"""``archive init | stats | show | snapshot``: create, inspect and copy the archive."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from archive.db import SCHEMA_VERSION
from archive.snapshot import default_snapshot_name, write_snapshot
from archive.stats import archive_stats
from archive.store import get_article
from archive.vn_time import now_vn
from crawler.cli import main
from crawler.cli.cluster_cmds import frontier_option, print_frontier_status
from crawler.cli.common import (
    SQLITE_MAX_INT,
    UserError,
    archive_errors,
    db_option,
    open_db,
    print_json,
    user_date,
    writing,
)
from crawler.cli.crawl_report import history_table, parked_table, revisits_table


def _source_table(rows: list[dict]) -> Table:
    """articles from the live site and from each web archive, and the months they cover."""
    from archive.backfill import SOURCE_COLUMNS, format_gaps

    table = Table(title="Articles per site and source (live site or web archive)")
    for col in SOURCE_COLUMNS:
        table.add_column(col, justify="right" if col in ("articles", "months") else "left")
    for r in rows:
        table.add_row(r["site"], r["origin"], str(r["articles"]), str(r["months"]), r["first_month"] or "-",
                      r["last_month"] or "-", format_gaps(r["gaps"]))
    return table


@main.command()
@db_option
def init(db_path: Path) -> None:
    """Create an empty archive (or migrate an existing one).

    Example: archive init --db data/archive.sqlite
    """
    open_db(db_path, create=True)
    click.echo(f"archive ready at {db_path} (schema version {SCHEMA_VERSION})")


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@frontier_option
def stats(db_path: Path, as_json: bool, frontier: str | None) -> None:
    """Articles per site and per month, the last crawls per site, open failures.

    With --frontier: the shared frontier instead (runs, queues, workers, per-domain rates).

    Example: archive stats --db data/archive.sqlite
    """
    if frontier:
        print_frontier_status(frontier, as_json)
        return
    db = open_db(db_path)
    figures = archive_stats(db)
    if as_json:
        print_json(figures)
        return
    console = Console(width=max(100, Console().width))
    console.print(
        f"[bold]{figures['articles']}[/] articles, {figures['versions']} versions, "
        f"{figures['crawls']} crawls in {db_path}"
    )
    sites = Table(title="Articles per site")
    for col in ("site", "articles", "duplicates", "first date", "last date"):
        sites.add_column(col, justify="right" if col in ("articles", "duplicates") else "left")
    for row in figures["per_site"]:
        sites.add_row(row["site"], str(row["articles"]), str(row["duplicates"] or 0),
                      row["first_date"] or "-", row["last_date"] or "-")
    console.print(sites)
    months = Table(title="Articles per site and month")
    for col in ("site", "month", "articles"):
        months.add_column(col, justify="right" if col == "articles" else "left")
    for row in figures["per_month"]:
        months.add_row(row["site"], row["month"], str(row["articles"]))
    console.print(months)
    if any(row["origin"] != "live" for row in figures["per_source"]):
        console.print(_source_table(figures["per_source"]))
    console.print(history_table(figures["recent_crawls"]) if figures["recent_crawls"] else "No crawl yet.")
    if figures["revisits"]:
        console.print(revisits_table(figures["revisits"]))
    if figures["failures"]:
        fails = Table(title="Open failures")
        for col in ("site", "failing", "parked"):
            fails.add_column(col)
        for row in figures["failures"]:
            fails.add_row(row["site"] or "-", str(row["failing"]), str(row["parked"] or 0))
        console.print(fails)
    if figures["parked"]:
        console.print(parked_table(figures["parked"]))


@main.command()
@db_option
@click.argument("url_or_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article and its versions as JSON.")
def show(db_path: Path, url_or_id: str, as_json: bool) -> None:
    """One article by URL or id, with its versions.

    Example: archive show https://baodongkhoi.vn/tong-ket-13012023-a110139.html
    """
    db = open_db(db_path)
    key = url_or_id.strip()
    # an "id" no row can have: past SQLite's integers, or digits int() refuses ("²")
    impossible_id = key.isdigit() and not (key.isascii() and int(key) <= SQLITE_MAX_INT)
    article = None if impossible_id else get_article(db, key)
    if article is None:
        raise UserError(f"no article {url_or_id!r} in {db_path}")
    if as_json:
        print_json(article)
        return
    for key in ("id", "url", "site", "title", "published_at", "author", "category", "first_seen_at",
                "last_seen_at", "duplicate_of"):
        click.echo(f"{key}: {article.get(key) if article.get(key) is not None else '-'}")
    click.echo(f"tags: {', '.join(article['tags']) or '-'}")
    click.echo("")
    click.echo(article["text"])
    click.echo("")
    click.echo(f"versions ({len(article['versions'])}):")
    for version in article["versions"]:
        click.echo(f"  #{version['id']} {version['fetched_at']} {version['source']} "
                   f"{version['content_hash'][:12]} {version['word_count']} words")


@main.command()
@db_option
@click.argument("out", required=False, type=click.Path(path_type=Path))
@click.option("--until", "until", help="Copy the archive as it stood at the end of this day (YYYY-MM-DD).")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@archive_errors
def snapshot(db_path: Path, out: Path | None, until: str | None, force: bool) -> None:
    """Write a consistent copy of the archive (safe while a crawl writes).

    OUT defaults to archive-YYYY-MM-DD.sqlite beside the archive; a folder gets that name inside.

    Example: archive snapshot --until 2024-12-31 backups/
    """
    day = user_date(until, "--until")
    db = open_db(db_path)
    name = default_snapshot_name(day or now_vn().date())
    if out is None:
        out = db_path.parent / name
    elif out.is_dir():
        out = out / name
    with writing(out):
        written = write_snapshot(db.conn, out, until=day, overwrite=force)
    click.echo(f"snapshot written to {written}")

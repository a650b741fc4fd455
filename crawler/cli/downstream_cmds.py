"""``archive search | export | serve | report``: get the data out of the archive."""

from __future__ import annotations

import json
import socket
import sys
import tempfile
from dataclasses import asdict
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from archive.export import EXPORT_FIELDS, FORMATS, count_articles, export_articles
from archive.filters import ArticleFilter
from archive.report import write_report
from archive.search import HTML_MARK, html_snippet, search_articles
from archive.vn_time import now_vn
from crawler.cli import main
from crawler.cli.common import UserError, archive_errors, db_option, open_db, user_date, writing

PLAIN_MARK = ("«", "»")  # around matched words in the terminal output of `archive search`


def filter_options(func):
    """``--site`` (repeatable), ``--since``, ``--until``, ``--unique``: the same on every command."""
    func = click.option("--unique", is_flag=True, help="Leave out later copies of duplicated articles.")(func)
    func = click.option("--until", help="Published on or before this day (YYYY-MM-DD).")(func)
    func = click.option("--since", help="Published on or after this day (YYYY-MM-DD).")(func)
    return click.option("--site", "sites", multiple=True, help="Only this site key (repeat for several).")(func)


def make_filter(sites: tuple[str, ...], since: str | None, until: str | None, unique: bool) -> ArticleFilter:
    start, end = user_date(since, "--since"), user_date(until, "--until")
    if start and end and start > end:
        raise UserError(f"--since {start} is after --until {end}")
    return ArticleFilter(sites=tuple(sites), since=start, until=end, unique=unique)


# --- search ---------------------------------------------------------------------------------------


@main.command()
@db_option
@click.argument("query")
@filter_options
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000), help="Hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as a JSON list.")
@click.option("--exact-accents", is_flag=True, help="Match accents exactly: đổi then finds neither đối nor doi.")
@archive_errors
def search(db_path: Path, query: str, sites, since, until, unique, limit: int, as_json: bool,
           exact_accents: bool) -> None:
    """Full-text search, accent-insensitive by default, best hits first.

    Plain words are all required (each is quoted for you); FTS5 syntax is used as typed when the
    query has any: "a phrase", AND / OR / NOT, NEAR(a b), prefix*, title:word.

    Example: archive search "chuyen doi so" --site bdk --since 2024-01-01
    """
    where = make_filter(sites, since, until, unique)
    db = open_db(db_path)
    mark = HTML_MARK if as_json else PLAIN_MARK
    hits = search_articles(db, query, where=where, limit=limit, exact_accents=exact_accents, mark=mark)
    if as_json:  # the snippet is HTML: the text escaped, the matches in <mark>
        rows = [{**asdict(hit), "snippet": html_snippet(hit.snippet)} for hit in hits]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"no article matches {query!r}", err=True)
        return
    console = Console(highlight=False, soft_wrap=True)
    for rank, hit in enumerate(hits, 1):
        date = (hit.published_at or "")[:10] or "undated"
        dup = f"  (duplicate of #{hit.duplicate_of})" if hit.duplicate_of else ""
        console.print(Text.assemble((f"{rank}. ", "dim"), (hit.title or "(no title)", "bold"), dup))
        console.print(Text(f"   {hit.site} · {date} · {hit.url}", style="cyan"))
        snippet = Text("   " + " ".join(hit.snippet.split()))
        snippet.highlight_regex(r"«[^»]*»", "bold yellow")
        console.print(snippet)


# --- export ---------------------------------------------------------------------------------------


@main.command()
@db_option
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: OUT's suffix, else jsonl).")
@filter_options
@click.option("--fields", help=f"Comma-separated fields to write, in order (default all: {','.join(EXPORT_FIELDS)}).")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@click.option("--excel", is_flag=True, help="CSV for Excel: UTF-8 with BOM, CRLF line ends.")
@archive_errors
def export(db_path: Path, out: Path, fmt: str | None, sites, since, until, unique, fields: str | None,
           force: bool, excel: bool) -> None:
    """Write articles to a JSON Lines, CSV or Parquet file, streaming (constant memory).

    JSONL uses the `archive extract` keys plus id, fetched_url, first_seen_at, last_seen_at,
    cluster_id, duplicate_of, so `archive import` reads it back. Parquet needs pyarrow (extra
    `parquet`).

    Example: archive export bdk-2024.csv --site bdk --since 2024-01-01 --until 2024-12-31 --unique --excel
    """
    if str(out) == "-":  # as `import -` reads stdin; a file called "-" is still ./-
        raise UserError("export writes a file, not standard output: give a file name")
    fmt = fmt or {".csv": "csv", ".parquet": "parquet"}.get(out.suffix.lower(), "jsonl")
    if excel and fmt != "csv":
        raise UserError("--excel applies to CSV only (use --format csv)")
    names = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    where = make_filter(sites, since, until, unique)
    if out.exists() and not force:
        raise UserError(f"{out} exists; choose another name or pass --force")
    db = open_db(db_path)
    with writing(out):
        if sys.stderr.isatty():
            total = count_articles(db, where)
            columns = (TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("export", total=total)
                result = export_articles(db, out, fmt=fmt, where=where, fields=names, overwrite=force, excel=excel,
                                         progress=lambda n: bar.update(task, completed=n))
        else:
            result = export_articles(db, out, fmt=fmt, where=where, fields=names, overwrite=force, excel=excel)
    click.echo(f"{result.rows} articles written to {result.path} ({fmt})")


# --- serve ----------------------------------------------------------------------------------------


def datasette_metadata(db_name: str) -> dict:
    """The packaged Datasette metadata, with its database entry renamed to ``db_name``."""
    meta = json.loads(resources.files("archive").joinpath("datasette_metadata.json").read_text(encoding="utf-8"))
    databases = meta.get("databases", {})
    if "archive" in databases and db_name != "archive":
        databases[db_name] = databases.pop("archive")
    return meta


@main.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port on 127.0.0.1.")
def serve(db_path: Path, port: int) -> None:
    """Browse and search the archive in Datasette on http://127.0.0.1:PORT (needs the `serve` extra).

    The archive's metadata (table and column descriptions, canned queries) and a plugin that
    makes the search box fold đ like the index are loaded.

    Example: archive serve --port 8001
    """
    if find_spec("datasette") is None:
        raise UserError("archive serve needs Datasette: pip install 'vn-news-archive[serve]'")
    open_db(db_path).conn.close()  # one-line errors for a missing or foreign file; migrates
    with socket.socket() as probe:  # a port in use: uvicorn logs it among six lines and exits 3
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise UserError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    from datasette.cli import cli as datasette_cli

    plugins = Path(str(resources.files("archive").joinpath("datasette_plugins")))
    with tempfile.TemporaryDirectory(prefix="archive-serve-") as tmp:
        meta_path = Path(tmp) / "metadata.json"
        meta_path.write_text(json.dumps(datasette_metadata(db_path.stem), ensure_ascii=False), encoding="utf-8")
        args = ["serve", str(db_path), "--metadata", str(meta_path), "--plugins-dir", str(plugins),
                "--host", "127.0.0.1", "--port", str(port)]
        datasette_cli.main(args=args, prog_name="datasette", standalone_mode=True)


# --- report ---------------------------------------------------------------------------------------


@main.command()
@db_option
@click.argument("out", required=False, default="report.html", type=click.Path(path_type=Path, dir_okay=False))
@archive_errors
def report(db_path: Path, out: Path) -> None:
    """Write one self-contained HTML page: articles per site per month, crawl health, duplicates,
    top categories and authors (no scripts or fonts from outside: it reads offline).

    Example: archive report data/report.html
    """
    db = open_db(db_path)
    with writing(out):
        written = write_report(db, out, now=now_vn(), name=db_path.name)
    click.echo(f"report written to {written}")

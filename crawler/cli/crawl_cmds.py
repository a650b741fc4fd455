"""``archive crawl``, ``archive mirror`` and ``archive demo``: fetching, online or from a mirror."""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.cli import main
from crawler.cli.cluster_cmds import crawl_on_frontier, frontier_option
from crawler.cli.common import UserError, db_option, not_an_archive_file, open_db, user_date
from crawler.replay.mirror import FolderSource, serve_mirror


def parse_spider_args(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key:
            raise UserError(f"-a {value!r}: expected NAME=VALUE, e.g. -a start_url=https://example.vn/")
        out[key.strip()] = val
    return out


def check_spider_args(spiders: list[str], args: dict[str, str]) -> None:
    """The sharepoint and generic spiders are made from their arguments: check them before crawling."""
    from crawler.spiders.generic import generic_profile
    from crawler.spiders.sharepoint import sharepoint_profile

    try:
        if "sharepoint" in spiders:
            if not args.get("start_url"):
                raise ValueError("sharepoint needs -a start_url=https://<portal>/Pages/<listing>.aspx")
            sharepoint_profile(args["start_url"])
        if "generic" in spiders:
            if not args.get("start_url") or not args.get("article_pattern"):
                raise ValueError("generic needs -a start_url=URL -a article_pattern=REGEX")
            generic_profile(args["start_url"], args["article_pattern"])
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    # read by every spider (crawler/spiders/base.py); a wrong kind would fail inside Scrapy, as a traceback
    if args.get("since"):
        user_date(args["since"], "-a since")
    for name in ("max_pages", "revisit_days"):
        if name in args and not (args[name].isascii() and args[name].isdigit()):
            raise UserError(f"-a {name}={args[name]!r}: expected a whole number, e.g. -a {name}=3")
    if "stop_when_known" in args and args["stop_when_known"].strip().lower() not in YES_NO:
        raise UserError(f"-a stop_when_known={args['stop_when_known']!r}: expected 1 or 0 (yes/no, true/false, on/off)")


YES_NO = ("1", "0", "true", "false", "yes", "no", "on", "off")


def check_mirror(url: str, option: str = "--mirror") -> None:
    """A mirror that is no http(s) URL fails every request of the crawl: hundreds of logged tracebacks,
    then exit 1 as if the sites were down.  Say so before crawling.  (A mirror that does not answer is
    the crawl's own business: exit 1 and a hint, see README "Running it every night".)"""
    parts = urlsplit(url)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a port out of range or not a number
        valid = False
    if not valid:
        raise UserError(f"{option} {url!r}: expected an http URL, e.g. http://127.0.0.1:8765")


@main.command()
@click.argument("sites", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every site spider (not sharepoint/generic).")
@click.option("--since", help="Stop paginating listings older than this date (YYYY-MM-DD).")
@click.option("--max-pages", type=click.IntRange(min=1), help="At most N pages per listing.")
@click.option("--mirror", "mirror_url", metavar="URL", help="Fetch everything from a mirror (see `archive mirror`).")
@click.option("-a", "--arg", "spider_args", multiple=True, metavar="NAME=VALUE",
              help="Spider argument, e.g. -a start_url=… for sharepoint/generic.")
@click.option("--list", "list_only", is_flag=True, help="List the spiders and exit.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO).")
@click.option("-q", "--quiet", is_flag=True, help="No progress, no summary; only errors (for cron).")
@click.option("--log-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also log to this file, rotated by size (see README.md).")
@frontier_option
@db_option
def crawl(sites, all_sites, since, max_pages, mirror_url, spider_args, list_only, verbose, quiet, log_file,
          frontier, db_path: Path) -> None:
    """Crawl SITES (spider names) into the archive and print what each run did.

    One crawl at a time per archive (exit 75 if another holds it); a stopped or killed crawl resumes
    on the next run. Exit codes: 0 all well, 1 some site failed, 2 usage error, 75 locked.

    Example: archive crawl bdk baonghean --since 2024-01-01
    """
    from crawler.runner.crawl_process import SITE_SPIDERS, run_crawls, spider_names

    names = spider_names()
    if list_only:
        for name in names:
            click.echo(name)
        return
    if all_sites and sites:
        raise UserError("--all crawls every site: give either --all or site names")
    chosen = list(SITE_SPIDERS) if all_sites else list(dict.fromkeys(sites))
    if not chosen:
        raise click.UsageError("name at least one site (see --list) or use --all")
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise UserError(f"unknown site {', '.join(unknown)}; known: {', '.join(names)}")
    args = parse_spider_args(spider_args)
    check_spider_args(chosen, args)
    if mirror_url is not None:
        check_mirror(mirror_url)
    elif os.environ.get("MIRROR_URL"):  # read by crawler/settings.py
        check_mirror(os.environ["MIRROR_URL"], "MIRROR_URL")
    if log_file is not None:
        not_an_archive_file(log_file, db_path, "--log-file")
    # --- schedule: lock, resume, progress, summary, exit code (crawler/runner/unattended.py) ---
    from crawler.runner.crawl_process import project_settings
    from crawler.runner.unattended import run_guarded

    since_date = user_date(since, "--since")
    level = "INFO" if verbose else ("ERROR" if quiet else "WARNING")
    if frontier:  # scale-out: seed the shared frontier and crawl as one of its workers (crawler/cluster)
        code = crawl_on_frontier(chosen, url=frontier, db_path=db_path, mirror_url=mirror_url, since=since_date,
                                 max_pages=max_pages, spider_args=args, level=level, quiet=quiet)
        if code:
            raise SystemExit(code)
        return
    code = run_guarded(
        chosen, db_path=db_path, settings=project_settings({"MIRROR_URL": mirror_url} if mirror_url else None),
        quiet=quiet, log_file=log_file, spider_args=args,
        run=lambda prepare: run_crawls(
            chosen, db_path=db_path, mirror_url=mirror_url, since=since_date, max_pages=max_pages,
            spider_args=args, log_level=level, prepare=prepare,
        ),
    )
    if code:
        raise SystemExit(code)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="0 = any free port.")
@click.option("--warc", "warc_paths", multiple=True, type=click.Path(path_type=Path), metavar="PATH",
              help="Replay WARC files, or folders of them (e.g. data/warc), instead of a FOLDER. Repeatable.")
def mirror(folder: Path | None, port: int, warc_paths: tuple[Path, ...]) -> None:
    """Serve a mirror FOLDER (default: the demo's), or recorded WARC files, on 127.0.0.1 until Ctrl-C.

    Example: archive mirror --port 8765 & archive crawl bdk --mirror http://127.0.0.1:8765
    """
    from crawler.demo import MIRROR_FOLDER

    if warc_paths:  # --- warc: replay a recorded crawl ---
        from crawler.cli.warc_cmds import warc_mirror_source

        source, folder = warc_mirror_source(warc_paths)
    else:
        folder = folder or MIRROR_FOLDER
        if not folder.is_dir():
            raise UserError(f"no mirror folder at {folder}")
        source = FolderSource(folder)
    try:
        server, base = serve_mirror(source, port=port)
    except OSError as exc:
        raise UserError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    click.echo(f"serving {folder} at {base}  (crawl with: archive crawl SITE --mirror {base})")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@main.command()
@db_option
def demo(db_path: Path) -> None:
    """Crawl the bundled demo mirror of every site family into the archive, offline.

    Serves the demo pages on 127.0.0.1 (a free port), crawls them with the real spiders and
    pipelines, and prints what was stored.  Example: archive demo && archive stats
    """
    from crawler.demo import DEMO_SPIDERS, MIRROR_FOLDER
    from crawler.runner.crawl_process import project_settings, run_crawls
    from crawler.runner.unattended import run_guarded

    server, base = serve_mirror(FolderSource(MIRROR_FOLDER))
    started = time.monotonic()
    click.echo(f"demo mirror at {base}; crawling {', '.join(DEMO_SPIDERS)} into {db_path}")
    try:  # the same lock, summary and exit codes as `archive crawl`
        code = run_guarded(
            DEMO_SPIDERS, db_path=db_path, settings=project_settings(),
            run=lambda prepare: run_crawls(DEMO_SPIDERS, db_path=db_path, mirror_url=base, prepare=prepare),
        )
    finally:
        server.stop()
    if code:
        raise SystemExit(code)
    total = open_db(db_path).execute("SELECT count(*) FROM articles").fetchone()[0]
    click.echo(f"{total} articles in the archive ({time.monotonic() - started:.1f} s); "
               f"next: archive stats, archive search \"chuyen doi so\", archive duplicates, archive report report.html")

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
from crawler.cli.site_cmds import SitesEpilogCommand


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
    if "revisit" in args:
        from crawler.components.revisits import parse_revisit

        try:
            parse_revisit(args["revisit"])
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    for name in ("stop_when_known", "backfill"):
        if name in args and args[name].strip().lower() not in YES_NO:
            raise UserError(f"-a {name}={args[name]!r}: expected 1 or 0 (yes/no, true/false, on/off)")


YES_NO = ("1", "0", "true", "false", "yes", "no", "on", "off")


def check_mirror(url: str, option: str = "--mirror") -> None:
    """A mirror that is no http(s) URL fails every request of the crawl: hundreds of logged tracebacks,
    then exit 1 as if the sites were down.  Say so before crawling.  (A mirror that does not answer is
    the crawl's own business: exit 1 and a hint, see docs/crawling.md, exit codes.)"""
    parts = urlsplit(url)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # a port out of range or not a number
        valid = False
    if not valid:
        raise UserError(f"{option} {url!r}: expected an http URL, e.g. http://127.0.0.1:8765")


@main.command(cls=SitesEpilogCommand)  # the help lists the sites
@click.argument("sites", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every site spider (not sharepoint/generic).")
@click.option("--since", help="Stop paginating listings older than this date (YYYY-MM-DD).")
@click.option("--max-pages", type=click.IntRange(min=1), help="At most N pages per listing.")
@click.option("--mirror", "mirror_url", metavar="URL", help="Fetch everything from a mirror (see `archive mirror`).")
@click.option("-a", "--arg", "spider_args", multiple=True, metavar="NAME=VALUE",
              help="Spider argument, e.g. -a start_url=… for sharepoint/generic.")
@click.option("--backfill", is_flag=True,
              help="The sites' history from their sitemaps (robots.txt Sitemap:) instead of listings.")
@click.option("--revisit", metavar="all|changed-since=DATE|N",
              help="Check archived articles for corrections now, beyond the schedule (docs/freshness.md).")
@click.option("--list", "list_only", is_flag=True, help="List the spiders and exit.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO).")
@click.option("-q", "--quiet", is_flag=True, help="No progress, no summary; only errors (for cron).")
@click.option("--log-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also log to this file, rotated by size (see docs/scheduling.md).")
@frontier_option
@db_option
def crawl(sites, all_sites, since, max_pages, mirror_url, spider_args, backfill, revisit, list_only, verbose, quiet,
          log_file, frontier, db_path: Path) -> None:
    """Crawl SITES (spider names) into the archive and print what each run did.

    One crawl at a time per archive (exit 75 if another holds it); a stopped or killed crawl resumes
    on the next run. Exit codes: 0 all well, 1 some site failed, 2 usage error, 3 some site degraded
    (its extraction health dropped against its history: docs/freshness.md), 65 archive damaged,
    74 disk full, 75 locked, 130 Ctrl-C, 143 SIGTERM (docs/reliability.md).

    Example: archive crawl bdk baonghean --since 2024-01-01; archive crawl bdk --revisit changed-since=2024-05-01
    """
    from crawler.profiles.sites_file import SitesFileError
    from crawler.runner.crawl_process import project_settings, run_crawls, site_spiders, spider_names

    try:  # the sites file beside this archive counts (crawler/profiles/registry.py)
        registry_settings = project_settings({"ARCHIVE_DB": str(db_path)})
        names, all_names = spider_names(registry_settings), site_spiders(registry_settings)
    except SitesFileError as exc:
        raise UserError(str(exc)) from exc
    if list_only:
        for name in names:
            click.echo(name)
        return
    if all_sites and sites:
        raise UserError("--all crawls every site: give either --all or site names")
    chosen = all_names if all_sites else list(dict.fromkeys(sites))
    if not chosen:
        raise click.UsageError("name at least one site (see --list) or use --all")
    unknown = [s for s in chosen if s not in names]
    if unknown:
        raise UserError(f"unknown site {', '.join(unknown)}; known: {', '.join(names)}")
    args = parse_spider_args(spider_args)
    if backfill:  # sitemaps as discovery (crawler/spiders/backfill.py)
        args["backfill"] = "1"
    if revisit is not None:  # check archived articles now, beyond the schedule
        args["revisit"] = revisit
    check_spider_args(chosen, args)
    if mirror_url is not None:
        check_mirror(mirror_url)
    elif os.environ.get("MIRROR_URL"):  # read by crawler/settings.py
        check_mirror(os.environ["MIRROR_URL"], "MIRROR_URL")
    if log_file is not None:
        not_an_archive_file(log_file, db_path, "--log-file")
    # lock, resume, progress, summary, exit code (crawler/runner/unattended.py)
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
    from crawler.replay.mirror import FolderSource, serve_mirror

    if warc_paths:  # replay a recorded crawl
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
    from archive.store import count_articles
    from crawler.demo import MIRROR_FOLDER, demo_sites
    from crawler.replay.mirror import FolderSource, serve_mirror
    from crawler.runner.crawl_process import project_settings, run_crawls
    from crawler.runner.unattended import run_guarded

    sites = demo_sites()
    server, base = serve_mirror(FolderSource(MIRROR_FOLDER))
    started = time.monotonic()
    click.echo(f"demo mirror at {base}; crawling {', '.join(sites)} into {db_path}")
    try:  # the same lock, summary and exit codes as `archive crawl`
        code = run_guarded(
            sites, db_path=db_path, settings=project_settings(),
            run=lambda prepare: run_crawls(sites, db_path=db_path, mirror_url=base, prepare=prepare),
        )
    finally:
        server.stop()
    if code:
        raise SystemExit(code)
    total = count_articles(open_db(db_path))
    click.echo(f"{total} articles in the archive ({time.monotonic() - started:.1f} s); "
               f"next: archive stats, archive search \"chuyen doi so\", archive duplicates, archive report report.html")

"""``archive extract``: one saved page (or a folder of pages) to clean article JSON.

Exit codes: 0 article(s), 3 not an article (one-line reason on stderr), 2 bad input (missing file,
unknown site key, undecodable page).  Never a traceback for a user mistake.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from archive.boilerplate import load_boilerplate
from archive.db import DEFAULT_DB_PATH
from crawler.cli import main
from crawler.cli.common import (
    UserError,
    not_the_archive,
    open_db,
    project_setting,
    sites_registry,
    stdin_bytes,
)
from crawler.profiles import PROFILES
from crawler.profiles.base import Profile

if TYPE_CHECKING:
    from crawler.extract.article import Article

NOT_AN_ARTICLE_EXIT = 3
_PAGE_SUFFIXES = (".html", ".htm")
_URL_IN_PAGE = re.compile(rb"""<link[^>]+rel=["']canonical["'][^>]*>|<meta[^>]+property=["']og:url["'][^>]*>""", re.I)
_URL_ATTR = re.compile(rb"""(?:href|content)\s*=\s*["']([^"']+)["']""", re.I)


def _note(article: Article, source: str) -> None:
    if article.extraction == "generic":
        where = f"{source}: " if source else ""
        click.echo(f"note: {where}site rules found no body; generic extraction used", err=True)


def _dump(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


def page_url(html: bytes, path: Path) -> str:
    """A saved page's own URL: its canonical link or ``og:url``, else the file's URI."""
    for tag in _URL_IN_PAGE.findall(html[:200_000]):
        found = _URL_ATTR.search(tag)
        if found:
            value = html_lib.unescape(found.group(1).decode("utf-8", errors="replace")).strip()
            if value.startswith(("http://", "https://")):
                return value
    return path.resolve().as_uri()


def _read(page: str) -> bytes:
    """The page's bytes, at most ``EXTRACT_MAX_BYTES`` (``/dev/zero`` or a huge file: one line, exit 2)."""
    limit = int(project_setting("EXTRACT_MAX_BYTES"))
    try:
        if page == "-":
            data = stdin_bytes().read(limit + 1)
        else:
            with open(page, "rb") as fh:
                data = fh.read(limit + 1)
    except OSError as exc:
        raise UserError(f"cannot read {page}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise UserError(f"{page} is larger than {limit} bytes (EXTRACT_MAX_BYTES): not a web page")
    return data


def _site_profile(site: str | None, db_path: Path | None) -> str | Profile | None:
    """``--site``: a built-in key as is; a site of the sites file (beside ``--db``) as its profile."""
    if site is None or site in PROFILES:
        return site
    registry = sites_registry(db_path or DEFAULT_DB_PATH)
    if site not in registry:
        raise UserError(f"unknown site {site!r} (known: {', '.join(sorted(registry))})")
    return registry[site]


def _extract(
    html: bytes, url: str, site: str | Profile | None, learned: Callable[[str], frozenset[str]] | None
) -> Article:
    """Extract; with an archive, again with the learned template lines of the page's site."""
    from crawler.extract import ExtractError, extract_article  # lxml, trafilatura: only when extracting

    try:
        article = extract_article(html, url, site=site)
        lines = learned(article.site) if learned else frozenset()
        return extract_article(html, url, site=site, boilerplate=lines) if lines else article
    except ExtractError as exc:
        raise UserError(str(exc)) from exc


def _learned_lines(db) -> Callable[[str], frozenset[str]] | None:
    if db is None:
        return None
    cache: dict[str, frozenset[str]] = {}

    def lines(site: str) -> frozenset[str]:
        if site not in cache:
            cache[site] = load_boilerplate(db, site)
        return cache[site]

    return lines


@main.command("extract")
@click.argument("page", metavar="PAGE")
@click.option("--url", help="The URL the page was fetched from (required for one page; a folder's pages "
                            "use their canonical link).")
@click.option("--site", help="Site key of the registry, a sites-file site too (default: by the URL's host, "
                             "SharePoint by markup, else generic; see archive crawl --list).")
@click.option("--db", "db_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also drop the template lines learned for the page's site in this archive.")
def extract(page: str, url: str | None, site: str | None, db_path: Path | None) -> None:
    """Extract one saved page (PAGE.html, or - for stdin) as one JSON object; a folder as JSON Lines.

    Prints exactly the article keys (url, canonical_url, site, title, published, modified, author,
    lead, text, captions, images, category, tags, language).  Exit 0 for an article, 3 for "not an
    article" (reason on stderr), 2 for bad input.  A note on stderr says when site rules found no
    body and the generic path was used.  With --db, the template lines learned for the page's site
    in that archive (``archive boilerplate``) are dropped too.

    Example: archive extract saved/a110139.html --url https://baodongkhoi.vn/tong-ket-13012023-a110139.html
    """
    path = Path(page)
    site = _site_profile(site, db_path)
    db = open_db(db_path) if db_path is not None else None
    if db is not None and page != "-":
        not_the_archive(db, path)
    learned = _learned_lines(db)
    if page != "-" and path.is_dir():
        _extract_folder(path, site, learned)
        return
    if page != "-" and not path.exists():
        raise UserError(f"no such file: {page}")
    if not url:
        raise click.UsageError("--url is required for a single page (the URL it was fetched from)")
    html = _read(page)
    from crawler.extract import NotAnArticle

    try:
        article = _extract(html, url, site, learned)
    except NotAnArticle as exc:
        click.echo(f"not an article: {exc.reason}", err=True)
        sys.exit(NOT_AN_ARTICLE_EXIT)
    _note(article, "")
    click.echo(_dump(article))


def _extract_folder(folder: Path, site: str | Profile | None, learned: Callable[[str], frozenset[str]] | None) -> None:
    pages = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _PAGE_SUFFIXES)
    if not pages:
        raise UserError(f"no .html pages in {folder}")
    from crawler.extract import NotAnArticle

    articles = 0
    for path in pages:
        html = _read(str(path))
        try:
            article = _extract(html, page_url(html, path), site, learned)
        except NotAnArticle as exc:
            click.echo(f"not an article: {path.name}: {exc.reason}", err=True)
            continue
        except UserError as exc:
            click.echo(f"skipped: {path.name}: {exc.message}", err=True)
            continue
        _note(article, path.name)
        click.echo(_dump(article))
        articles += 1
    if articles == 0:
        sys.exit(NOT_AN_ARTICLE_EXIT)

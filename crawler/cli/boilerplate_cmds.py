"""``archive boilerplate``: list, learn or forget each site's learned template lines."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from archive.boilerplate import (
    MIN_ARTICLES,
    MIN_SHARE,
    forget_boilerplate,
    learn_boilerplate,
    list_boilerplate,
    sites_with_articles,
)
from crawler.cli import main
from crawler.cli.common import UserError, archive_errors, db_option, open_db, print_json


@main.command()
@db_option
@click.option("--site", help="Only this site (profile key, e.g. bdk).")
@click.option("--learn", is_flag=True, help="Relearn from the stored texts before listing.")
@click.option("--forget", "forget_line", metavar="LINE", help="Remove one learned line of --site.")
@click.option("--min-articles", type=click.IntRange(min=2), default=MIN_ARTICLES, show_default=True,
              help="With --learn: a line must recur in at least this many articles.")
@click.option("--min-share", type=click.FloatRange(0.0, 1.0, min_open=True), default=MIN_SHARE, show_default=True,
              help="With --learn: ... and in at least this share of the sampled articles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@archive_errors
def boilerplate(db_path: Path, site: str | None, learn: bool, forget_line: str | None, min_articles: int,
                min_share: float, as_json: bool) -> None:
    """Template lines learned per site: a line recurring verbatim across many articles of one
    site is boilerplate for it, and extraction drops it.

    Example: archive boilerplate --learn --site bdk
    """
    db = open_db(db_path)
    if forget_line is not None:
        if not site:
            raise UserError("--forget needs --site")
        if not forget_boilerplate(db, site, forget_line):
            raise UserError(f"{site} has no learned line {forget_line!r}")
        click.echo(f"{site}: forgot {forget_line!r}")
        return
    if learn:
        sites = [site] if site else sites_with_articles(db)
        for key in sites:
            lines = learn_boilerplate(db, key, min_articles=min_articles, min_share=min_share)
            if not as_json:
                click.echo(f"{key}: {len(lines)} line(s) recur in enough articles")
    learned = list_boilerplate(db, site)
    if as_json:
        print_json([asdict(row) for row in learned])
        return
    if not learned:
        click.echo("No learned boilerplate yet." + ("" if learn else " (run with --learn)"))
        return
    current = None
    for row in learned:
        if row.site != current:
            current = row.site
            click.echo(f"{current}:")
        click.echo(f"  {row.articles:>5} {row.share:>6.0%}  {row.line}")

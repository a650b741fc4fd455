"""The ``archive`` command: one entry point for everything (crawl, extract, search, export …).

Each group of commands lives in its own module below and registers itself on :data:`main`;
every command turns library errors into one line and an exit code, never a traceback.
"""

from __future__ import annotations

import signal
import sqlite3
import sys

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="vn-news-archive")
def main() -> None:
    """Archive crawler for Vietnamese provincial news: crawl, extract, dedup, search, export."""
    from crawler.cli.common import UserError
    from crawler.settings import check_environment

    problems = check_environment()
    if problems:  # a bad number in the environment: the first one, one line, exit 2
        raise UserError(problems[0])


class Terminated(BaseException):
    """SIGTERM (``kill``, a systemd stop): unwinds the command like Ctrl-C, so its clean-up runs (an
    export's or report's part file is removed, a transaction rolled back) instead of Python dying on the
    spot.  ``archive crawl`` replaces this handler with Scrapy's graceful stop once its crawl starts."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def run() -> None:
    """Console entry point: ``main`` with KeyboardInterrupt, SIGTERM and SQLite errors made one line."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        # not standalone: click would turn Ctrl-C into "Aborted!" and exit 1 itself
        code = main(standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("terminated", err=True)
        sys.exit(143)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UnicodeEncodeError as exc:  # stdout in ASCII or Latin-1 (PYTHONIOENCODING, a non-UTF-8 locale)
        if exc.encoding.replace("-", "").lower() == "utf8":
            raise
        click.echo(f"Error: the output's encoding ({exc.encoding}) cannot show Vietnamese text; "
                   "use a UTF-8 locale or PYTHONIOENCODING=utf-8", err=True)
        sys.exit(2)
    except (sqlite3.DatabaseError, OSError) as exc:  # a corrupt, full or locked file met mid-command
        from crawler.cli.health import exit_for_storage_error
        sys.exit(exit_for_storage_error(exc))
    sys.exit(code if isinstance(code, int) else 0)  # --help and --version return their exit code


# Command modules register themselves on ``main`` when imported, one module per area.
from crawler.cli import (  # noqa: E402,F401
    backfill_cmd,  # archive backfill
    boilerplate_cmds,  # archive boilerplate
    cluster_cmds,  # archive worker, ingest (and --frontier)
    crawl_cmds,  # archive crawl, mirror, demo
    dedup_cmds,  # archive dedup, duplicates, import
    downstream_cmds,  # archive search, export, serve, report
    extract_cmd,  # archive extract
    schedule_cmds,  # archive schedule, failures
    site_cmds,  # archive site add, site check
    store_cmds,  # archive init, stats, show, snapshot
    warc_cmds,  # archive raw, reextract, warc-check, warc-index
)

"""``archive schedule``: print or install the crontab line / systemd timer for the nightly crawl."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import click
from rich.console import Console

from archive.failures import list_failures, unpark
from archive.vn_time import now_vn
from crawler.cli import main
from crawler.cli.common import UserError, archive_errors, db_option, not_an_archive_file, open_db, print_json
from crawler.cli.crawl_report import failures_table
from crawler.runner.nightly import (
    DEFAULT_AT,
    DEFAULT_UNIT_NAME,
    ScheduleError,
    crontab_entry,
    default_unit_dir,
    enable_commands,
    find_executable,
    make_job,
    merge_crontab,
    read_crontab,
    render_units,
    systemd_units,
    write_crontab,
    write_units,
)


@main.command()
@db_option
@click.option("--every", required=True, help="How often: daily, or 6h (also 1h 2h 3h 4h 8h 12h).")
@click.option("--at", "at", default=None, help=f"First run of the day, HH:MM local time [default: {DEFAULT_AT}].")
@click.option("--systemd", is_flag=True, help="A systemd user timer + service instead of a crontab line.")
@click.option("--install", is_flag=True, help="Write it: edit your crontab, or write and enable the units.")
@click.option("--log-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Crawl log, rotated by size [default: logs/crawl.log beside the archive].")
@click.option("--executable", type=click.Path(path_type=Path, dir_okay=False),
              help="The archive program to run [default: the one running now].")
@click.option("--crontab-file", type=click.Path(path_type=Path, dir_okay=False), envvar="ARCHIVE_CRONTAB_FILE",
              help="Edit this file instead of your crontab (env ARCHIVE_CRONTAB_FILE).")
@click.option("--unit-dir", type=click.Path(path_type=Path, file_okay=False), envvar="ARCHIVE_SYSTEMD_DIR",
              help="Where unit files go [default: ~/.config/systemd/user]; when given, they are not enabled.")
@click.option("--name", default=DEFAULT_UNIT_NAME, show_default=True, help="systemd unit name.")
def schedule(
    db_path: Path, every: str, at: str | None, systemd: bool, install: bool, log_file: Path | None,
    executable: Path | None, crontab_file: Path | None, unit_dir: Path | None, name: str,
) -> None:
    """Run `archive crawl --all` on a schedule, with logs rotated under the data folder.

    Prints the crontab entry (or, with --systemd, the timer and service); --install writes it.
    Installing again replaces the entry for the same archive, so it is safe to repeat.

    Example: archive schedule --every 6h --at 01:15 --install
    """
    if db_path.is_dir():  # a schedule that could only fail, every night
        raise UserError(f"{db_path} is a folder, not an archive file")
    if log_file is not None:
        not_an_archive_file(log_file, db_path, "--log-file")
    try:
        job = make_job(executable or find_executable(), db_path, log_file, every, at)
    except ScheduleError as exc:
        raise UserError(str(exc)) from exc
    if executable is not None and install and not os.access(executable, os.X_OK):  # e.g. a venv not made yet
        click.echo(f"warning: {executable} is not an executable file (yet?): the job fails until it is", err=True)
    if systemd:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:@-]*", name):  # "../x" or "a/b" would write elsewhere
            raise UserError(f"--name {name!r}: a unit name is letters, digits and - _ . : @ (e.g. {DEFAULT_UNIT_NAME})")
        _systemd(job, install, unit_dir, name)
    else:
        _cron(job, install, crontab_file)


def _cron(job, install: bool, crontab_file: Path | None) -> None:
    entry = crontab_entry(job)
    if not install:
        click.echo(entry, nl=False)
        return
    try:
        current = read_crontab(crontab_file)
        updated = merge_crontab(current, entry, job.db_path)
        if updated != current:
            write_crontab(updated, crontab_file)
    except (ScheduleError, OSError) as exc:
        raise UserError(str(exc)) from exc
    except UnicodeDecodeError as exc:  # e.g. --crontab-file naming the archive: nothing is written
        raise UserError(f"{crontab_file or 'your crontab'} is not UTF-8 text ({exc.reason}); nothing changed") from exc
    where = crontab_file or "your crontab"
    verb = "unchanged" if updated == current else "installed"
    click.echo(f"{verb}: crawl {job.describe()} in {where}; log {job.log_path}")


def _systemd(job, install: bool, unit_dir: Path | None, name: str) -> None:
    units = systemd_units(job, name)
    target = unit_dir or default_unit_dir()
    if not install:
        click.echo(render_units(units, target), nl=False)
        return
    try:
        paths = write_units(units, target)
    except OSError as exc:
        raise UserError(f"cannot write the unit files: {exc}") from exc
    for path in paths:
        click.echo(f"wrote {path}")
    commands = enable_commands(name)
    if unit_dir is not None or shutil.which("systemctl") is None:
        click.echo("enable it with:")
        for command in commands:
            click.echo("  " + " ".join(command))
    else:
        for command in commands:
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                raise UserError(f"{' '.join(command)} failed: {result.stderr.strip()}")
        click.echo(f"enabled {name}.timer: crawl {job.describe()}; log {job.log_path}")
    click.echo("so that it also runs while you are logged out: loginctl enable-linger $USER")


@main.command()
@db_option
@click.option("--site", help="Only this site.")
@click.option("--parked", "parked_only", is_flag=True, help="Only the parked URLs.")
@click.option("--unpark", "unpark_urls", multiple=True, metavar="URL",
              help="Give a parked URL another chance on the next run (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@archive_errors
def failures(db_path: Path, site: str | None, parked_only: bool, unpark_urls: tuple[str, ...], as_json: bool) -> None:
    """URLs that could not be fetched: attempts, last reason, when the next run tries them again.

    A failed URL is retried with a growing backoff and parked after CRAWL_PARK_AFTER failures.

    Example: archive failures --parked; archive failures --unpark https://baodongkhoi.vn/x-a1.html
    """
    db = open_db(db_path)
    for url in unpark_urls:
        if not url.strip():
            raise UserError("--unpark needs a URL (see `archive failures --parked`)")
        if not unpark(db, url):
            raise UserError(f"{url!r} is not a parked URL in {db_path}")
        click.echo(f"unparked {url}: tried again on the next run")
    if unpark_urls:
        return
    rows = list_failures(db, site, now=now_vn(), policy=_project_retry_policy(), parked_only=parked_only)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("No failed URLs.")
        return
    Console(width=max(120, Console().width)).print(failures_table(rows))


def _project_retry_policy():
    """The failure retry policy of ``crawler.settings`` (environment included)."""
    from archive.failures import RetryPolicy
    from crawler import settings

    crawl_settings = {name: getattr(settings, name) for name in dir(settings) if name.startswith("CRAWL_")}
    return RetryPolicy.from_settings(crawl_settings)

"""Run ``archive crawl --all`` unattended: the crontab line or systemd user timer, and installing them.

Everything here is text in, text out (``crontab_entry``, ``systemd_units``, ``merge_crontab``) so the
output can be checked against golden files; only ``read_crontab``/``write_crontab`` and
``write_units`` touch the system.

The job runs ``<archive> crawl --all --quiet --db <db> --log-file <data>/logs/crawl.log`` with
absolute paths (cron and systemd start in ``$HOME`` with a bare ``PATH``).  The crawl command
rotates its log by size (``CRAWL_LOG_MAX_BYTES``, ``CRAWL_LOG_BACKUPS`` in ``crawler.settings``), so
no logrotate is needed; stdout stays empty and stderr carries only errors, which cron mails.

Times are the machine's local time (cron and systemd both use it).  ``--every`` takes ``daily`` or
``Nh`` with N dividing 24 (1, 2, 3, 4, 6, 8, 12); runs fall at ``--at`` (default 02:30) and every N
hours from it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_AT = "02:30"
DEFAULT_UNIT_NAME = "vn-news-archive-crawl"
MARKER = "# vn-news-archive: scheduled crawl of"  # + the db path; one entry per archive
_EVERY = re.compile(r"^(?:(?P<hours>\d{1,2})h|(?P<daily>daily|1d|24h))$")
_AT = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")


class ScheduleError(ValueError):
    """A bad ``--every``/``--at`` value or a crontab we cannot read or write."""


@dataclass(frozen=True)
class CrawlJob:
    """What to run and when: absolute paths, a period in hours, the first run of the day."""

    executable: Path
    db_path: Path
    log_path: Path
    every_hours: int
    hour: int
    minute: int

    def command(self) -> list[str]:
        return [
            str(self.executable), "crawl", "--all", "--quiet",
            "--db", str(self.db_path), "--log-file", str(self.log_path),
        ]

    def hours(self) -> list[int]:
        """The hours of the day a run starts, ascending."""
        return sorted((self.hour + k * self.every_hours) % 24 for k in range(24 // self.every_hours))

    def describe(self) -> str:
        at = ", ".join(f"{h:02d}:{self.minute:02d}" for h in self.hours())
        period = "daily" if self.every_hours == 24 else f"every {self.every_hours} hours"
        return f"{period} at {at}"


def parse_every(value: str) -> int:
    """``6h`` → 6, ``daily`` → 24; hours must divide a day so runs fall at the same times daily."""
    match = _EVERY.match((value or "").strip().lower())
    if match and match["daily"]:
        return 24
    hours = int(match["hours"]) if match else 0
    if hours <= 0 or 24 % hours:
        raise ScheduleError(f"--every {value!r}: expected daily or Nh with N in 1, 2, 3, 4, 6, 8, 12 (e.g. 6h)")
    return hours


def parse_at(value: str) -> tuple[int, int]:
    """``HH:MM`` (24-hour clock) → (hour, minute)."""
    match = _AT.match((value or "").strip())
    if not match or int(match["h"]) > 23 or int(match["m"]) > 59:
        raise ScheduleError(f"--at {value!r}: expected HH:MM on a 24-hour clock, e.g. 02:30")
    return int(match["h"]), int(match["m"])


def make_job(executable: Path, db_path: Path, log_path: Path | None, every: str, at: str | None) -> CrawlJob:
    """Validate the user's values and make every path absolute."""
    hours = parse_every(every)
    hour, minute = parse_at(at or DEFAULT_AT)
    db_path = _absolute(db_path)
    log_path = _absolute(log_path) if log_path else default_log_path(db_path)
    return CrawlJob(_absolute(executable), db_path, log_path, hours, hour, minute)


def default_log_path(db_path: Path) -> Path:
    """``<folder of the archive>/logs/crawl.log``."""
    return _absolute(db_path).parent / "logs" / "crawl.log"


def find_executable() -> Path:
    """The ``archive`` program now running, else the one beside this Python, else the one on PATH."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "archive" and argv0.exists():
        return _absolute(argv0)
    beside = Path(sys.executable).parent / "archive"
    if beside.exists():
        return _absolute(beside)
    found = shutil.which("archive")
    if found:
        return _absolute(Path(found))
    raise ScheduleError("cannot find the `archive` program; pass --executable /path/to/archive")


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(os.path.expanduser(str(path))))


# --- cron --------------------------------------------------------------------------------------


def crontab_entry(job: CrawlJob) -> str:
    """Two lines: the marker comment (names the archive, so each archive has one entry) and the job."""
    hours = "*" if job.every_hours == 1 else ",".join(str(h) for h in job.hours())
    command = " ".join(shlex.quote(part) for part in job.command()).replace("%", "\\%")  # % ends a cron command
    return f"{MARKER} {job.db_path} ({job.describe()})\n{job.minute} {hours} * * * {command}\n"


def merge_crontab(current: str, entry: str, db_path: Path) -> str:
    """``current`` with the entry for ``db_path`` replaced by ``entry`` (or appended); idempotent."""
    marker = f"{MARKER} {db_path} ("
    lines = current.splitlines()
    kept: list[str] = []
    skip_next = False
    for line in lines:
        if skip_next:
            skip_next = False
            if line.strip() and not line.lstrip().startswith("#"):
                continue  # the job line under an older marker
        if line.startswith(marker):
            skip_next = True
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    text = "\n".join(kept)
    return (text + "\n" if text else "") + entry


def read_crontab(crontab_file: Path | None = None) -> str:
    """The user's crontab (``crontab -l``; empty when none), or the content of ``crontab_file``."""
    if crontab_file is not None:
        return crontab_file.read_text(encoding="utf-8") if crontab_file.exists() else ""
    if shutil.which("crontab") is None:
        raise ScheduleError("no `crontab` program here; use --systemd, or print the line and add it yourself")
    result = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    if result.returncode != 0:
        if "no crontab" in result.stderr.lower():
            return ""
        raise ScheduleError(f"crontab -l failed: {result.stderr.strip()}")
    return result.stdout


def write_crontab(text: str, crontab_file: Path | None = None) -> None:
    """Replace the user's crontab (``crontab -``), or write ``crontab_file``."""
    if crontab_file is not None:
        crontab_file.parent.mkdir(parents=True, exist_ok=True)
        crontab_file.write_text(text, encoding="utf-8")
        return
    result = subprocess.run(["crontab", "-"], input=text, capture_output=True, text=True)
    if result.returncode != 0:
        raise ScheduleError(f"crontab - failed: {result.stderr.strip()}")


# --- systemd -----------------------------------------------------------------------------------


def default_unit_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def _systemd_quote(part: str) -> str:
    part = part.replace("%", "%%")
    if re.search(r"[\s\"'\\;$]", part):
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return part


def on_calendar(job: CrawlJob) -> str:
    """``*-*-* 02,08,14,20:30:00``: every day, at these hours and this minute."""
    hours = "*" if job.every_hours == 1 else ",".join(f"{h:02d}" for h in job.hours())
    return f"*-*-* {hours}:{job.minute:02d}:00"


def systemd_units(job: CrawlJob, name: str = DEFAULT_UNIT_NAME) -> dict[str, str]:
    """``{name}.service`` (one crawl) and ``{name}.timer`` (when), as file name → text."""
    exec_start = " ".join(_systemd_quote(part) for part in job.command())
    service = (
        "[Unit]\n"
        f"Description=vn-news-archive: crawl every site into {job.db_path}\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={exec_start}\n"
        "# 75: another crawl still holds the archive lock; this run was skipped, not failed\n"
        "SuccessExitStatus=75\n"
        "# SIGTERM stops the crawl cleanly; the next run resumes it\n"
        "KillSignal=SIGTERM\n"
        "TimeoutStopSec=120\n"
        "Nice=10\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=vn-news-archive: crawl {job.describe()}\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar={on_calendar(job)}\n"
        "# a run missed while the machine was off starts at the next boot\n"
        "Persistent=true\n"
        f"Unit={name}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {f"{name}.service": service, f"{name}.timer": timer}


def render_units(units: dict[str, str], unit_dir: Path) -> str:
    """The unit files as one text, each under a ``# <path>`` header line."""
    return "\n".join(f"# {unit_dir / file_name}\n{text}" for file_name, text in units.items())


def write_units(units: dict[str, str], unit_dir: Path) -> list[Path]:
    """Write (or overwrite) the unit files; returns their paths."""
    unit_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, text in units.items():
        path = unit_dir / file_name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def enable_commands(name: str = DEFAULT_UNIT_NAME) -> list[list[str]]:
    """What turns the timer on after the files are written."""
    return [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", f"{name}.timer"],
    ]

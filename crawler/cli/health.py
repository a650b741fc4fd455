"""A sick disk or archive never looks like success: one line, a pointer to recovery, a documented exit code.

* :func:`exit_for_storage_error` turns SQLite's "database disk image is malformed" (exit 65,
  ``EXIT_CORRUPT``), a full disk (SQLite's "database or disk is full", ``ENOSPC``: exit 74,
  ``EXIT_DISK_FULL``) and any other database problem (exit 2) into one line on stderr;
* the quick check at the start of a crawl is :func:`archive.health.check_archive`.

The exit codes and the recovery procedure are in docs/reliability.md.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import click

from archive.errors import (
    EXIT_CORRUPT,
    EXIT_DISK_FULL,
    RECOVERY_HINT,
    ArchiveCorruptError,
    DiskFullError,
    is_corrupt_error,
    is_disk_full_error,
)

# The archive file last opened by a command (crawler.cli.common.open_db): named in the recovery hint.
LAST_OPENED: list[Path] = []


def storage_message(exc: BaseException, db_path: Path | str | None = None) -> tuple[str, int]:
    """The one line and the exit code for a storage error met by a command."""
    db = str(db_path or (LAST_OPENED[-1] if LAST_OPENED else "ARCHIVE"))
    if isinstance(exc, ArchiveCorruptError) or is_corrupt_error(exc):
        return f"Error: the archive {db} is damaged ({_first_line(exc)}); {RECOVERY_HINT.format(db=db)}", EXIT_CORRUPT
    if isinstance(exc, DiskFullError) or is_disk_full_error(exc):
        where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
        failing = ", or it failed" if "i/o" in str(exc).lower() or getattr(exc, "errno", None) == errno.EIO else ""
        return (f"Error: no space left on the device{where}{failing}: {_first_line(exc)}; free some space and run "
                "again"), EXIT_DISK_FULL
    if isinstance(exc, OSError) and exc.errno not in (errno.EIO,) and not isinstance(exc, sqlite3.Error):
        return f"Error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""), 2
    return f"Error: database problem: {_first_line(exc)}", 2


def exit_for_storage_error(exc: BaseException, db_path: Path | str | None = None) -> int:
    """Print :func:`storage_message` on stderr; return its exit code."""
    message, code = storage_message(exc, db_path)
    click.echo(message, err=True)
    return code


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]

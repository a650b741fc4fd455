"""What every command shares: the ``--db`` option, opening the archive, one-line errors."""

from __future__ import annotations

import functools
import json
import math
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import click

from archive.db import DEFAULT_DB_PATH, open_archive, refuse_to_overwrite_archive
from archive.errors import EXIT_DISK_FULL, ArchiveCorruptError, ArchiveError, DiskFullError, is_disk_full_error
from archive.vn_time import parse_user_date
from crawler.cli.health import LAST_OPENED, storage_message

SQLITE_MAX_INT = 2**63 - 1  # the largest id or LIMIT SQLite takes


class UserError(click.ClickException):
    """A mistake in what the user asked for: one line on stderr, exit code 2."""

    exit_code = 2


class StorageError(click.ClickException):
    """A damaged archive or a full disk: one line, with its own exit code (crawler.cli.health)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def db_option(func: Callable) -> Callable:
    """``--db PATH`` (env ``ARCHIVE_DB``, default ``data/archive.sqlite``)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path),
        envvar="ARCHIVE_DB",
        default=str(DEFAULT_DB_PATH),
        show_default=True,
        help="Archive database file (env ARCHIVE_DB).",
    )(func)


def open_db(db_path: Path, *, create: bool = False):
    """Open the archive or fail with one line (missing, not SQLite, locked, too new).

    ``ARCHIVE_BUSY_TIMEOUT`` (seconds) overrides how long to wait for another writer.
    """
    timeout = busy_timeout()
    not_a_special_file(db_path)
    LAST_OPENED.append(db_path)  # named by the one-line error of a damaged archive
    new = create and not db_path.exists()
    if not create and _empty_file(db_path):  # SQLite would make it an archive of nothing, silently
        raise UserError(f"{db_path} is an empty file, not an archive (`archive init --db {db_path}` makes it one)")
    try:
        if timeout is not None:
            return open_archive(db_path, create=create, timeout=timeout)
        return open_archive(db_path, create=create)
    except OSError as exc:  # its folder cannot be made: a file in the way, no permission
        raise UserError(f"cannot create {db_path}: {exc.strerror or exc}") from exc
    except (ArchiveCorruptError, DiskFullError) as exc:
        message, code = storage_message(exc, db_path)
        raise StorageError(message.removeprefix("Error: "), code) from exc
    except ArchiveError as exc:
        if not os.access(db_path.parent, os.W_OK) and (new or "readonly" in str(exc)):
            if new:
                raise UserError(f"cannot create {db_path}: its folder is read-only") from exc
            raise UserError(f"{db_path} cannot be opened: its folder is read-only, and SQLite writes "
                            f"{db_path.name}-wal and {db_path.name}-shm beside the archive (copy it)") from exc
        raise UserError(str(exc)) from exc


def not_a_special_file(db_path: Path) -> None:
    """Refuse a device or a pipe as the archive (``--db /dev/null``): SQLite would write its journal
    beside it (into /dev, as root) and fail with a riddle.  By ``stat`` only."""
    if db_path.exists() and not (db_path.is_file() or db_path.is_dir()):
        raise UserError(f"{db_path} is a device or a pipe, not an archive file")


def _empty_file(path: Path) -> bool:
    """0 bytes, and no write-ahead log holding its first pages.  By ``stat`` only (see archive.db.open_archive)."""
    if not path.is_file() or path.stat().st_size:
        return False
    wal = Path(f"{path}-wal")
    return not wal.is_file() or wal.stat().st_size == 0


def busy_timeout() -> float | None:
    """``ARCHIVE_BUSY_TIMEOUT`` in seconds, when set."""
    value = os.environ.get("ARCHIVE_BUSY_TIMEOUT")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= 1e6:  # also false for nan
        raise UserError(f"ARCHIVE_BUSY_TIMEOUT {value!r}: expected the seconds to wait for another writer, e.g. 15")
    return seconds


def user_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_user_date(value)
    except ArchiveError as exc:
        raise UserError(f"{option}: {exc}") from exc


def archive_errors(func: Callable) -> Callable:
    """Turn ``ArchiveError`` raised inside a command into a one-line error."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (ArchiveCorruptError, DiskFullError) as exc:  # exit 65 / 74, with a hint
            message, code = storage_message(exc)
            raise StorageError(message.removeprefix("Error: "), code) from exc
        except ArchiveError as exc:
            raise UserError(str(exc)) from exc

    return wrapper


@contextmanager
def writing(out: Path) -> Iterator[None]:
    """Around writing a file the user named (export, report, snapshot): one-line errors, no damage.

    The writers rename a temporary file over ``out``, which would replace a device or a pipe
    (``/dev/null``, ``/dev/stdout``, a FIFO) by a plain file: such an ``out`` is refused.  A folder
    that cannot be made or written (read-only, a file in the way) is one line, not a traceback.
    """
    if out.exists() and not (out.is_file() or out.is_dir()):
        raise UserError(f"{out} is not a regular file (a device or a pipe); give a file name")
    try:
        yield
    except OSError as exc:
        if is_disk_full_error(exc):  # exit 74, as for every full disk
            raise StorageError(storage_message(exc)[0].removeprefix("Error: "), EXIT_DISK_FULL) from exc
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except sqlite3.OperationalError as exc:  # sqlite3.connect of the copy (snapshot)
        if "unable to open" not in str(exc):
            raise
        raise UserError(f"cannot write {out}: {exc}") from exc


def not_the_archive(db, path: Path) -> None:
    """Refuse a file to read (import, extract, warc-index) that is the archive itself or its -wal/-shm.

    It is no JSON Lines, page or WARC file, and reading it with ``open()`` while this process holds a
    connection would drop that connection's POSIX locks (see archive.db.open_archive).  By ``stat`` only.
    """
    try:
        refuse_to_overwrite_archive(db.conn, path)
    except ArchiveError as exc:
        raise UserError(str(exc)) from exc


def not_an_archive_file(path: Path, db_path: Path, option: str) -> None:
    """Refuse a file the command will write (``--log-file``) that is one of the archive's own files:
    the log's rotation would rename the archive away and write text in its place."""
    for own in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), Path(f"{db_path}.lock")):
        if path.resolve() == own.resolve() or (path.exists() and own.exists() and os.path.samefile(path, own)):
            raise UserError(f"{option} {path} is one of the archive's own files; choose another file name")


def stdin_bytes() -> BinaryIO:
    """Standard input for a FILE given as ``-``; one line when it is closed (``<&-``)."""
    if sys.stdin is None:
        raise UserError("- reads standard input, which is closed")
    return sys.stdin.buffer


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def sites_registry(db_path: Path) -> dict:
    """Every profile by key (built-in + the sites file beside ``db_path`` or named by ``SITES_FILE``);
    a bad sites file is one line and exit 2.  (crawler/profiles/registry.py)"""
    from crawler.profiles.registry import registry_for
    from crawler.profiles.sites_file import SitesFileError
    from crawler.runner.crawl_process import project_settings

    try:
        return registry_for(project_settings({"ARCHIVE_DB": str(db_path)}))
    except SitesFileError as exc:
        raise UserError(str(exc)) from exc
def project_setting(name: str) -> Any:
    """A setting of ``crawler/settings.py`` (where every default lives), for commands that run no crawl."""
    from crawler import settings

    return getattr(settings, name)


def open_checked_db(db_path: Path, *, create: bool = False):
    """:func:`open_db`, then the bounded quick check (``ARCHIVE_QUICK_CHECK_MAX_BYTES``) for commands that
    write many rows (import, dedup): a damaged archive is exit 65 before anything is written."""
    from archive.health import check_archive

    db = open_db(db_path, create=create)
    try:
        check_archive(db, db_path, max_bytes=int(project_setting("ARCHIVE_QUICK_CHECK_MAX_BYTES")))
    except (ArchiveCorruptError, sqlite3.DatabaseError) as exc:
        message, code = storage_message(exc, db_path)
        raise StorageError(message.removeprefix("Error: "), code) from exc
    return db

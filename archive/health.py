"""Is the archive usable: a bounded integrity check and the free space beside it.

* :func:`check_archive` runs ``PRAGMA quick_check`` when the file is at most ``max_bytes`` (it reads
  every page: measured in docs/reliability.md), else only reads the schema and the last article id;
  raises :class:`~archive.errors.ArchiveCorruptError`.  ``archive crawl`` calls it once, at the start
  (setting ``ARCHIVE_QUICK_CHECK_MAX_BYTES``); a damaged page met later still stops the crawl.
* :func:`check_free_space` raises :class:`~archive.errors.DiskFullError` when a folder the crawl writes
  to has less than ``min_bytes`` free (setting ``CRAWL_MIN_FREE_BYTES``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from archive.errors import ArchiveCorruptError, DiskFullError, is_corrupt_error

QUICK_CHECK_ERRORS = 5  # lines of quick_check output kept in the error message


def check_archive(db: sqlite_utils.Database, path: Path, *, max_bytes: int) -> bool:
    """Raise :class:`ArchiveCorruptError` when the archive is damaged; True when the full quick check ran.

    :param max_bytes: run ``PRAGMA quick_check`` only up to this file size (0 = always)."""
    try:
        size = path.stat().st_size if path.exists() else 0
        if max_bytes == 0 or size <= max_bytes:
            rows = [str(row[0]) for row in db.execute(f"PRAGMA quick_check({QUICK_CHECK_ERRORS})")]
            if rows != ["ok"]:
                raise ArchiveCorruptError(f"{path}: quick_check found: {'; '.join(rows)[:300]}")
            return True
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        db.execute("SELECT max(id) FROM articles").fetchone()
        return False
    except sqlite3.DatabaseError as exc:
        if is_corrupt_error(exc):
            raise ArchiveCorruptError(f"{path}: {exc}") from exc
        raise


def free_bytes(folder: Path) -> int:
    """Bytes free for this user in ``folder`` (or its nearest existing parent)."""
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def check_free_space(folders: Iterable[Path | str], *, min_bytes: int) -> None:
    """Raise :class:`DiskFullError` naming the first of ``folders`` with less than ``min_bytes`` free."""
    if min_bytes <= 0:
        return
    seen: set[int] = set()
    for folder in folders:
        folder = Path(folder)
        try:
            probe = folder if folder.exists() else folder.parent
            device = os.stat(probe).st_dev if probe.exists() else -1
        except OSError:
            device = -1
        if device in seen:
            continue
        seen.add(device)
        free = free_bytes(folder)
        if free < min_bytes:
            raise DiskFullError(f"only {free // 1024} kB free in {folder} (at least {min_bytes // 1024} kB "
                                "needed: CRAWL_MIN_FREE_BYTES)")

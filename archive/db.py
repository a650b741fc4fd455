"""Open an archive: one SQLite file, WAL mode, busy timeout, schema and migrations.

``open_archive(path)`` is the only way in.  The schema is a list of migrations
(``archive/migrations.py``); each is a plain function run once, in order, inside its own
transaction, and ``PRAGMA user_version`` records how many have run, so an archive written by an
older version opens in a newer one.  Writes go through :func:`transaction` (a savepoint inside an
open one) and, for a crawl's pages, a :class:`WriteBatch`.

Tables (see docs/schema.md): ``articles``, ``article_versions``, ``crawls``, ``failures`` and
the FTS5 index ``articles_fts`` (external content, kept in sync by triggers).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from archive.errors import (
    ArchiveCorruptError,
    ArchiveError,
    ArchiveLockedError,
    DiskFullError,
    NotAnArchiveError,
    SchemaTooNewError,
    is_corrupt_error,
    is_disk_full_error,
)
from archive.migrations import MIGRATIONS, SCHEMA_VERSION

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]  # re-exported: the schema's version is asked of archive.db

DEFAULT_DB_PATH = Path("data") / "archive.sqlite"
DEFAULT_BUSY_TIMEOUT = 15.0  # seconds a writer waits for another writer before giving up



def _check_is_sqlite(path: Path) -> None:
    """Refuse a folder.  The file itself is never opened here: see :func:`open_archive`."""
    if path.is_dir():
        raise NotAnArchiveError(f"{path} is a folder, not an archive file")


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def open_archive(
    path: str | Path = DEFAULT_DB_PATH,
    *,
    create: bool = True,
    timeout: float = DEFAULT_BUSY_TIMEOUT,
    migrate: bool = True,
) -> sqlite_utils.Database:
    """Open (and with ``create`` make) the archive at ``path``, migrated to the current schema.

    :param create: make the file and its folder when missing; otherwise a missing file is an error.
    :param timeout: seconds to wait for another writer (SQLite busy timeout).
    :param migrate: apply pending migrations (False only to inspect an old archive as it is).
    :raises NotAnArchiveError: missing (with ``create=False``), a folder, or not SQLite.
    :raises ArchiveLockedError: another process kept the database locked past ``timeout``.
    :raises SchemaTooNewError: written by a newer version of this program.

    Whether the file is SQLite at all is left to SQLite ("file is not a database"): reading its
    header with Python's ``open()`` would be unsafe.  Closing any descriptor of the file drops every
    POSIX lock this process holds on it, including the shared lock by which an open WAL-mode
    connection tells other processes it is alive; another process closing its connection then
    checkpoints and deletes the WAL under our feet, and commits made after that vanish if this
    process is killed (tests/test_store.py::test_opening_twice_keeps_commits_safe_from_other_processes).
    """
    path = Path(path)
    if path.exists():
        _check_is_sqlite(path)
    elif not create:
        raise NotAnArchiveError(f"no archive at {path} (run `archive init` to create one)")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _is_locked(exc):
            raise ArchiveLockedError(f"{path} is locked by another process") from exc
        if is_corrupt_error(exc):
            raise ArchiveCorruptError(f"{path}: {exc}") from exc
        if is_disk_full_error(exc):  # the -wal / -shm files cannot be made: a full (or failing) disk
            raise DiskFullError(f"{path}: {exc}") from exc
        if "not a database" in str(exc):
            raise NotAnArchiveError(f"{path} is not an SQLite database") from exc
        raise NotAnArchiveError(f"{path} is not a usable SQLite database ({exc})") from exc
    db = sqlite_utils.Database(conn)
    if migrate:
        migrate_archive(db)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate_archive(db: sqlite_utils.Database) -> int:
    """Run the pending migrations, each in its own transaction; return the new version."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(
            f"archive schema version {version} is newer than this program's ({SCHEMA_VERSION}); upgrade it"
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS[version]
        with transaction(db):
            if schema_version(db) != version:  # another process migrated meanwhile
                version = schema_version(db)
                continue
            step(db)
            version += 1
            db.execute(f"PRAGMA user_version = {version}")
    return version


def refuse_to_overwrite_archive(conn: sqlite3.Connection, out: str | Path) -> None:
    """Raise :class:`ArchiveError` when ``out`` is the archive behind ``conn`` (or its -wal/-shm, or the
    crawl lock file beside it, ``archive.lock``).

    For every command that writes a file the user names (report, export, snapshot): a slip such as
    ``archive report data/archive.sqlite`` must not replace the archive.  Compared by ``stat`` only
    (never by opening the file: see :func:`open_archive`).
    """
    out = Path(out)
    if not out.exists():
        return
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name != "main" or not file:
            continue
        for target in (Path(file), Path(file + "-wal"), Path(file + "-shm"), Path(file + ".lock")):
            if target.exists() and os.path.samefile(out, target):
                raise ArchiveError(f"{out} is the archive itself ({Path(file).name}); choose another file name")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any error.  Inside an open transaction (a
    :class:`WriteBatch`'s, or a caller's), a savepoint: an error undoes this block's writes alone, and
    they are committed with the enclosing transaction.

    Immediate: the write lock is taken at the start, so two writers queue on the busy timeout
    instead of failing half-way.  A reader never sees a half-written article (WAL).
    """
    conn = db.conn
    if conn.in_transaction:
        conn.execute("SAVEPOINT unit")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled everything back already (a full disk)
                try:
                    conn.execute("ROLLBACK TO unit")
                    conn.execute("RELEASE unit")
                except sqlite3.Error:
                    pass  # never hide the error being handled
            raise
        conn.execute("RELEASE unit")
        return
    _begin(conn)
    try:
        yield db
    except BaseException:
        _rollback(conn)
        raise
    else:
        _commit(conn)


def _begin(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if _is_locked(exc):
            raise ArchiveLockedError("the archive is locked by another process (a crawl?)") from exc
        raise


def _commit(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        _rollback(conn)
        if _is_locked(exc):
            raise ArchiveLockedError("the archive is locked by another process") from exc
        raise


class WriteBatch:
    """Units of work (a crawled page: its article, its capture rows …) committed together.

    A unit (:meth:`unit`) is atomic on its own (a savepoint); the first one opens a transaction, which is
    committed once it holds ``max_units`` units or is ``max_seconds`` old (checked as each unit ends; a
    caller with idle periods also calls :meth:`commit` on a timer), or when :meth:`commit` is called.  One
    commit for many pages costs a fraction of one each (SQLite writes the pages a commit touched, the FTS
    index a segment per commit).  What a crash loses is the open batch, as if its pages had never been
    fetched: a caller must fetch them again (a crawl's resumed run does, ``crawler.runner.resume``) and
    defer what depends on them to :meth:`after_commit`.  ``max_units`` <= 1: every unit commits at once.
    """

    def __init__(self, db: sqlite_utils.Database, *, max_units: int = 1, max_seconds: float = 0.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self.max_units = max_units
        self.max_seconds = max_seconds
        self.clock = clock
        self.units = 0
        self.opened_at: float | None = None
        self._after_commit: list[Callable[[], None]] = []

    @property
    def open(self) -> bool:
        """Units written and not committed yet."""
        return self.opened_at is not None and self.db.conn.in_transaction

    @contextmanager
    def unit(self) -> Iterator[sqlite_utils.Database]:
        if self.max_units <= 1:
            with transaction(self.db):
                yield self.db
            return
        if not self.open:
            _begin(self.db.conn)
            self.opened_at = self.clock()
        with transaction(self.db):  # a savepoint
            yield self.db
        self.units += 1
        if self.units >= self.max_units or self.clock() - (self.opened_at or 0.0) >= self.max_seconds:
            self.commit()

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once what has been written so far is committed (now, when nothing is open)."""
        if self.open:
            self._after_commit.append(action)
        else:
            action()

    def rollback(self) -> None:
        """Drop the open units and the actions waiting for them (a caller stopping on an error)."""
        self._after_commit = []
        self.units, self.opened_at = 0, None
        _rollback(self.db.conn)

    def commit(self) -> None:
        """Commit the open units (if any), then run the actions waiting for them.  On an error the units
        are rolled back and their actions dropped."""
        actions, self._after_commit = self._after_commit, []
        self.units, self.opened_at = 0, None
        if self.db.conn.in_transaction:
            _commit(self.db.conn)
        for action in actions:
            action()


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is still open.  SQLite rolls a transaction back by itself after some errors
    (a full disk, a damaged page): a second ROLLBACK would then raise "cannot rollback - no transaction
    is active" and hide the real error, so it is only sent while a transaction is open, and a failing
    one never replaces the error being handled."""
    if not conn.in_transaction:
        return
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass

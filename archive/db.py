"""Open an archive: one SQLite file, WAL mode, busy timeout, schema and migrations.

``open_archive(path)`` is the only way in.  The schema is a list of migrations; each is a
plain function run once, in order, inside its own transaction, and ``PRAGMA user_version``
records how many have run, so an archive written by an older version opens in a newer one.

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

DEFAULT_DB_PATH = Path("data") / "archive.sqlite"
DEFAULT_BUSY_TIMEOUT = 15.0  # seconds a writer waits for another writer before giving up

# Columns indexed for full-text search, and the tokenizer: accents folded, so "chuyen doi so"
# finds "chuyển đổi số"; ``đ`` is folded by the triggers below (see archive.text.fold_for_search).
FTS_COLUMNS = ("title", "lead", "text")
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def _fold_sql(expr: str) -> str:
    return f"replace(replace(coalesce({expr}, ''), 'đ', 'd'), 'Đ', 'D')"


def _m001_core(db: sqlite_utils.Database) -> None:
    """Articles, their versions, crawl runs, failures, and the FTS index."""
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,          -- canonical URL
            fetched_url TEXT,                  -- the URL actually fetched (alias host, mirror…)
            site TEXT NOT NULL,
            title TEXT,
            lead TEXT,
            text TEXT NOT NULL,
            author TEXT,
            published_at TEXT,                 -- ISO 8601 with +07:00, or a bare YYYY-MM-DD
            published_date TEXT,               -- YYYY-MM-DD
            modified_at TEXT,
            category TEXT,
            tags TEXT NOT NULL DEFAULT '[]',   -- JSON list of strings
            images TEXT NOT NULL DEFAULT '[]', -- JSON list of {src, caption}
            captions TEXT NOT NULL DEFAULT '[]',
            language TEXT,
            word_count INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            extraction TEXT,                   -- 'site' | 'generic' | 'import'
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            crawl_id INTEGER                   -- the crawl that last saw it
        )
        """
    )
    for cols in (["site"], ["published_date"], ["content_hash"], ["first_seen_at"], ["site", "published_date"]):
        db["articles"].create_index(cols)
    db.execute(
        """
        CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            fetched_at TEXT NOT NULL,
            crawl_id INTEGER,
            source TEXT NOT NULL DEFAULT 'crawl',  -- 'crawl' | 'reextract' | 'import'
            content_hash TEXT NOT NULL,
            title TEXT, lead TEXT, text TEXT NOT NULL, author TEXT,
            published_at TEXT, modified_at TEXT, category TEXT,
            tags TEXT NOT NULL DEFAULT '[]', images TEXT NOT NULL DEFAULT '[]',
            captions TEXT NOT NULL DEFAULT '[]', word_count INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db["article_versions"].create_index(["article_id", "fetched_at"])
    db.execute(
        """
        CREATE TABLE crawls (
            id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',  -- running | finished | failed | killed
            new INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            message TEXT
        )
        """
    )
    db["crawls"].create_index(["site", "started_at"])
    db.execute(
        """
        CREATE TABLE failures (
            url TEXT PRIMARY KEY,
            site TEXT,
            reason TEXT NOT NULL,
            http_status INTEGER,
            attempts INTEGER NOT NULL DEFAULT 1,
            first_failed_at TEXT NOT NULL,
            last_tried_at TEXT NOT NULL,
            parked INTEGER NOT NULL DEFAULT 0,
            crawl_id INTEGER
        )
        """
    )
    db["failures"].create_index(["site"])
    cols = ", ".join(FTS_COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5({cols}, content='articles', "
        f"content_rowid='id', tokenize='{FTS_TOKENIZE}')"
    )
    new_vals = ", ".join(_fold_sql(f"new.{c}") for c in FTS_COLUMNS)
    old_vals = ", ".join(_fold_sql(f"old.{c}") for c in FTS_COLUMNS)
    db.execute(
        f"CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN "
        f"INSERT INTO articles_fts(rowid, {cols}) VALUES (new.id, {new_vals}); END"
    )
    db.execute(
        f"CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN "
        f"INSERT INTO articles_fts(articles_fts, rowid, {cols}) VALUES ('delete', old.id, {old_vals}); END"
    )
    db.execute(
        f"CREATE TRIGGER articles_au AFTER UPDATE OF {cols} ON articles BEGIN "
        f"INSERT INTO articles_fts(articles_fts, rowid, {cols}) VALUES ('delete', old.id, {old_vals}); "
        f"INSERT INTO articles_fts(rowid, {cols}) VALUES (new.id, {new_vals}); END"
    )


def _m002_duplicate_links(db: sqlite_utils.Database) -> None:
    """Each article's duplicate cluster and the earliest member it duplicates."""
    db.execute("ALTER TABLE articles ADD COLUMN cluster_id INTEGER")
    db.execute("ALTER TABLE articles ADD COLUMN duplicate_of INTEGER")
    db["articles"].create_index(["cluster_id"])


def _m003_site_boilerplate(db: sqlite_utils.Database) -> None:
    """Template lines learned per site from the archive itself (see archive/boilerplate.py)."""
    db.execute(
        """
        CREATE TABLE site_boilerplate (
            site TEXT NOT NULL,
            line TEXT NOT NULL,               -- one whole line of clean text, verbatim
            articles INTEGER NOT NULL,        -- in how many of the sampled articles it occurred
            share REAL NOT NULL,              -- articles / sampled articles, when last learned
            learned_at TEXT NOT NULL,         -- ISO 8601 at +07:00
            PRIMARY KEY (site, line)
        )
        """
    )


def _m004_dedup_index(db: sqlite_utils.Database) -> None:
    """The near-duplicate index (archive/dedup.py) and a cluster for every article.

    ``dedup_signatures``: one row per indexed article, the MinHash signature (NULL for a text too
    short for MinHash) of the text whose ``content_hash`` it records.  ``dedup_bands``: LSH band
    keys -> article ids.  ``dedup_meta``: the signature scheme the index was built with.
    """
    db.execute("CREATE TABLE dedup_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """
        CREATE TABLE dedup_signatures (
            article_id INTEGER PRIMARY KEY,    -- articles.id
            content_hash TEXT NOT NULL,        -- of the text the signature was computed from
            shingles INTEGER NOT NULL,         -- number of word shingles in that text
            signature BLOB,                    -- little-endian uint32 MinHash values, NULL when too short
            figures BLOB                       -- sorted uint32 hashes of the text's figures (numbers, dates)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE dedup_bands (
            band_key INTEGER NOT NULL,         -- hash of (band number, the band's signature values)
            article_id INTEGER NOT NULL,
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("UPDATE articles SET cluster_id = id WHERE cluster_id IS NULL")


def _m005_captures(db: sqlite_utils.Database) -> None:
    """One row per WARC record written (see archive/capture_index.py): where each fetched page lies."""
    db.execute(
        """
        CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,                 -- the real URL fetched (never the mirror's)
            captured_at TEXT NOT NULL,         -- WARC-Date, ISO 8601 at +07:00, to the second
            record_type TEXT NOT NULL,         -- response | revisit | request | …
            payload_digest TEXT,               -- WARC-Payload-Digest, e.g. sha1:BASE32
            warc_file TEXT NOT NULL,           -- path relative to the archive's folder
            offset INTEGER NOT NULL,           -- byte offset of the record (its gzip member)
            length INTEGER NOT NULL,           -- bytes of the record in the file
            http_status INTEGER,
            crawl_id INTEGER,
            site TEXT,                         -- the crawl's site label
            profile TEXT,                      -- the profile key the crawl extracted with (re-extraction uses it)
            record_id TEXT                     -- WARC-Record-ID
        )
        """
    )
    db["captures"].create_index(["url", "captured_at"])
    db["captures"].create_index(["payload_digest"])


def _m006_crawl_process(db: sqlite_utils.Database) -> None:
    """``crawls.pid`` and ``crawls.host``: a ``running`` row whose process is still alive (a Scrapyd
    job or ``scrapy crawl`` beside ``archive crawl``) is not an abandoned one."""
    db.execute("ALTER TABLE crawls ADD COLUMN pid INTEGER")
    db.execute("ALTER TABLE crawls ADD COLUMN host TEXT")


# Freshness: adaptive revisits and drift alarms (archive/freshness.py, archive/drift.py).
def _m007_freshness(db: sqlite_utils.Database) -> None:
    """``revisit_schedule``: when each article is checked again; ``crawl_revisits``: what a run's revisits
    found; ``crawl_health``: a run's extraction health; ``crawls.health`` / ``health_note``: ``degraded``
    and what dropped, when a run's health fell below its site's history."""
    db.execute(
        """
        CREATE TABLE revisit_schedule (
            url TEXT PRIMARY KEY,              -- articles.url (canonical)
            site TEXT NOT NULL,
            anchor_at TEXT NOT NULL,           -- publication time, else first seen (ISO 8601 +07:00)
            interval_days REAL NOT NULL,       -- wait after the last check
            next_due_at TEXT NOT NULL,
            checks INTEGER NOT NULL DEFAULT 0,
            changes INTEGER NOT NULL DEFAULT 0, -- checks that found a correction
            last_checked_at TEXT,
            last_outcome TEXT                  -- updated | unchanged | not_modified
        )
        """
    )
    db["revisit_schedule"].create_index(["site", "next_due_at"])
    db.execute(
        """
        CREATE TABLE crawl_revisits (
            crawl_id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            revisits INTEGER NOT NULL DEFAULT 0,     -- revisit requests sent
            not_modified INTEGER NOT NULL DEFAULT 0, -- answered 304
            unchanged INTEGER NOT NULL DEFAULT 0,    -- fetched, same text
            corrections INTEGER NOT NULL DEFAULT 0,  -- fetched, a new version
            due INTEGER NOT NULL DEFAULT 0,          -- due when the run started
            budget INTEGER NOT NULL DEFAULT 0        -- the run's revisit budget
        )
        """
    )
    db.execute(
        """
        CREATE TABLE crawl_health (
            crawl_id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            found INTEGER NOT NULL,            -- article links on the first page of each listing
            listing_pages INTEGER NOT NULL,    -- first listing pages read
            pages INTEGER NOT NULL,            -- article pages extracted or rejected
            site_rules INTEGER NOT NULL,       -- extracted by the site's rules (not the generic path)
            dated INTEGER NOT NULL,
            authored INTEGER NOT NULL,
            median_chars INTEGER,              -- median clean text length
            failures INTEGER NOT NULL,
            has_site_rules INTEGER NOT NULL DEFAULT 1
        )
        """
    )
    db.execute("ALTER TABLE crawls ADD COLUMN health TEXT")  # NULL | 'degraded'
    db.execute("ALTER TABLE crawls ADD COLUMN health_note TEXT")


# Backfill: history from web archives (archive/backfill.py).
def _m008_backfill(db: sqlite_utils.Database) -> None:
    """Where a version came from when it was read from a web archive, and every capture a backfill tried.

    ``article_versions.source`` gains the value ``backfill``; ``captured_at`` (the capture's time, +07:00)
    and ``capture_source`` (``wayback``, ``commoncrawl`` or the CDX server's URL) say which capture.
    ``backfill_captures``: one row per capture fetched, with its outcome, so a run goes on where the last stopped.
    """
    db.execute("ALTER TABLE article_versions ADD COLUMN captured_at TEXT")
    db.execute("ALTER TABLE article_versions ADD COLUMN capture_source TEXT")
    db.execute(
        """
        CREATE TABLE backfill_captures (
            id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            source TEXT NOT NULL,              -- wayback | commoncrawl | the CDX server's URL
            url TEXT NOT NULL,                 -- the URL as captured (old host included)
            timestamp TEXT NOT NULL,           -- the capture's 14-digit CDX timestamp (UTC)
            canonical_url TEXT NOT NULL,       -- the live site's URL the article is archived under
            digest TEXT,                       -- the CDX digest of the payload
            outcome TEXT NOT NULL,             -- stored | not_article | unreadable
            detail TEXT,                       -- why (for not_article / unreadable)
            article_id INTEGER,
            tried_at TEXT NOT NULL,            -- ISO 8601 at +07:00
            UNIQUE (source, url, timestamp)
        )
        """
    )
    db["backfill_captures"].create_index(["site", "source", "canonical_url"])


# A million articles: nothing grows with the archive per page.
def _m009_fetched_url_index(db: sqlite_utils.Database) -> None:
    """An index on ``articles.fetched_url``: ``known_urls`` asks it for every listing page, and
    without one each ask scanned the whole table (128 ms at 100,000 articles; docs/million.md)."""
    db["articles"].create_index(["fetched_url"], if_not_exists=True)


def _m010_site_date_covering_index(db: sqlite_utils.Database) -> None:
    """(``site``, ``published_date``, ``duplicate_of``): ``archive stats`` counts per site and month from
    the index alone, never reading the rows (whose text makes them 4 KB each: a million of them is a 4 GB
    scan).  (``site``, ``published_date``) stays: an export of a site streams in its order, by id within a day."""
    db["articles"].create_index(["site", "published_date", "duplicate_of"], if_not_exists=True)


def _m011_dedup_clustered_marker(db: sqlite_utils.Database) -> None:
    """``archive dedup`` with nothing to do answers from a marker (``dedup_meta`` key ``clustered``, left by
    the last run) instead of reading a million signatures: any insert, delete, or change of an article's
    text, dates or cluster removes it, so the marker stands only while the clusters are the batch's own."""
    forget = "DELETE FROM dedup_meta WHERE key = 'clustered'"
    columns = "id, content_hash, word_count, published_at, first_seen_at, cluster_id, duplicate_of"
    db.execute(f"CREATE TRIGGER articles_dedup_ai AFTER INSERT ON articles BEGIN {forget}; END")
    db.execute(f"CREATE TRIGGER articles_dedup_ad AFTER DELETE ON articles BEGIN {forget}; END")
    db.execute(f"CREATE TRIGGER articles_dedup_au AFTER UPDATE OF {columns} ON articles BEGIN {forget}; END")


# Append only: a released archive may stand at any prefix of this list.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _m001_core,
    _m002_duplicate_links,
    _m003_site_boilerplate,
    _m004_dedup_index,
    _m005_captures,
    _m006_crawl_process,
    _m007_freshness,
    _m008_backfill,
    _m009_fetched_url_index,
    _m010_site_date_covering_index,
    _m011_dedup_clustered_marker,
]
SCHEMA_VERSION = len(MIGRATIONS)


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

"""The archive's schema as a list of migrations, oldest first: each a plain function run once, in order,
inside its own transaction by ``archive.db.migrate_archive``; ``PRAGMA user_version`` records how many have
run.  Append only: a released archive may stand at any prefix of the list.  Tables and columns:
docs/schema.md.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

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

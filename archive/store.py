"""Writing articles, crawl runs and failures; reading one article back with its history.

``save_article(db, article, crawl_id=…, now=…)`` is the one write path for articles:

* a new canonical URL → a row in ``articles`` and its first ``article_versions`` row (``new``);
* the same text again → only ``last_seen_at`` / ``crawl_id`` change (``unchanged``);
* a changed text or title → a new version, and the article row updated (``updated``).

A new or updated article is deduplicated in the same transaction (:func:`archive.dedup.dedup_article`):
``SaveResult.duplicate_of`` is the earliest article it duplicates (None when it is the first).

Each call is one transaction: a crash leaves the previous state.  ``article`` is a plain mapping
with the keys of ``archive extract`` (only ``url``, ``site`` and ``text`` are required).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlite_utils

from archive.db import transaction
from archive.errors import CrossSiteClaimError
from archive.text import normal_text_hash, normal_word_count, normalize_optional, normalize_text
from archive.vn_time import date_part, now_vn, to_iso

logger = logging.getLogger(__name__)

SaveStatus = Literal["new", "updated", "unchanged"]

# Fields copied from an article mapping into both ``articles`` and ``article_versions``.
VERSIONED_FIELDS = (
    "content_hash", "title", "lead", "text", "author", "published_at", "modified_at",
    "category", "tags", "images", "captions", "word_count",
)


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    article_id: int
    version_id: int | None  # the version written, None when unchanged
    duplicate_of: int | None = None  # the earliest article of its duplicate cluster, if not itself


def _json_list(value: Any) -> str:
    if value is None:
        return "[]"
    if isinstance(value, str):
        return value if value.startswith("[") else json.dumps([value], ensure_ascii=False)
    return json.dumps(list(value), ensure_ascii=False)


def _clean_list(values: Any) -> list:
    if not values:
        return []
    if isinstance(values, str):
        values = json.loads(values) if values.startswith("[") else [values]
    out = []
    for value in values:
        if isinstance(value, str):
            value = normalize_optional(value)
            if value:
                out.append(value)
        elif isinstance(value, Mapping):
            out.append({k: (normalize_optional(v) if isinstance(v, str) else v) for k, v in value.items()})
    return out


def prepare_record(article: Mapping[str, Any]) -> dict[str, Any]:
    """The ``articles`` columns for an article mapping: text normalised, hash and counts computed."""
    url = article.get("canonical_url") or article.get("url")
    if not url or not isinstance(url, str):
        raise ValueError("an article needs a url")
    text = normalize_text(article.get("text"))
    published = article.get("published_at", article.get("published"))
    modified = article.get("modified_at", article.get("modified"))
    return {
        "url": url.strip(),
        "fetched_url": article.get("fetched_url") or article.get("url"),
        "site": article.get("site") or "unknown",
        "title": normalize_optional(article.get("title")),
        "lead": normalize_optional(article.get("lead")),
        "text": text,
        "author": normalize_optional(article.get("author")),
        "published_at": published or None,
        "published_date": date_part(published),
        "modified_at": modified or None,
        "category": normalize_optional(article.get("category")),
        "tags": _json_list(_clean_list(article.get("tags"))),
        "images": _json_list(_clean_list(article.get("images"))),
        "captions": _json_list(_clean_list(article.get("captions"))),
        "language": article.get("language") or "vi",
        "word_count": normal_word_count(text),
        "content_hash": normal_text_hash(text),
        "extraction": article.get("extraction"),
    }


@dataclass(frozen=True)
class PreparedArticle:
    """An article's columns and its text's dedup fingerprints, computed where CPU is free (a worker
    process of ``archive reextract``); :func:`save_article` then only writes."""

    record: dict[str, Any]
    fingerprints: Any  # archive.minhash.Fingerprints (numpy: imported by the commands that write)


def prepare_article(article: Mapping[str, Any]) -> PreparedArticle:
    from archive import minhash  # numpy: only where articles are prepared for writing

    record = prepare_record(article)
    return PreparedArticle(record, minhash.fingerprints([record["text"]]))


def _insert(db: sqlite_utils.Database, table: str, row: Mapping[str, Any]) -> int:
    cols = list(row)
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    return db.execute(sql, [row[c] for c in cols]).lastrowid


def save_article(
    db: sqlite_utils.Database,
    article: Mapping[str, Any] | PreparedArticle,
    *,
    crawl_id: int | None = None,
    now: datetime | None = None,
    source: str = "crawl",
) -> SaveResult:
    """Store one article (see module docstring); returns what happened."""
    from archive.dedup import dedup_article  # numpy: only a command that writes articles pays for it

    prepared = article if isinstance(article, PreparedArticle) else None
    record = dict(prepared.record) if prepared else prepare_record(article)
    precomputed = prepared.fingerprints if prepared else None
    seen_at = to_iso(now or now_vn())
    with transaction(db):
        row = _existing(db, record)
        if row is None:
            article_id = _insert(
                db, "articles",
                {**record, "first_seen_at": seen_at, "last_seen_at": seen_at, "crawl_id": crawl_id},
            )
            version_id = _insert_version(db, article_id, record, seen_at, crawl_id, source)
            return SaveResult("new", article_id, version_id, dedup_article(db, article_id, precomputed=precomputed))
        article_id, old_hash, old_title, duplicate_of = row
        if old_hash == record["content_hash"] and old_title == record["title"]:
            db.execute(
                "UPDATE articles SET last_seen_at = max(last_seen_at, ?), crawl_id = coalesce(?, crawl_id) "
                "WHERE id = ?",
                [seen_at, crawl_id, article_id],
            )
            return SaveResult("unchanged", article_id, None, duplicate_of)
        updates = {k: v for k, v in record.items() if k not in ("url", "site", "first_seen_at")}
        updates.update(last_seen_at=seen_at, crawl_id=crawl_id)
        assignments = ", ".join(f"{k} = ?" for k in updates)
        db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*updates.values(), article_id])
        version_id = _insert_version(db, article_id, record, seen_at, crawl_id, source)
        return SaveResult("updated", article_id, version_id, dedup_article(db, article_id, precomputed=precomputed))



def insert_articles(
    db: sqlite_utils.Database,
    articles: Iterable[Mapping[str, Any]],
    *,
    now: datetime | None = None,
    crawl_id: int | None = None,
    source: str = "import",
) -> int:
    """Store many articles that are not archived yet in one transaction, each with its first version,
    without looking for duplicates; returns how many.

    For building a large archive at once (a benchmark, a test fixture): ``save_article`` looks for each
    article's duplicates as it arrives, which for thousands of similar texts costs minutes; call
    ``archive.dedup_batch.rebuild_clusters(db)`` afterwards to cluster them all in one pass.  A URL that is
    already archived raises ``sqlite3.IntegrityError`` and nothing is stored.
    """
    seen_at = to_iso(now or now_vn())
    count = 0
    with transaction(db):
        for article in articles:
            record = prepare_record(article)
            article_id = _insert(
                db, "articles",
                {**record, "first_seen_at": seen_at, "last_seen_at": seen_at, "crawl_id": crawl_id},
            )
            _insert_version(db, article_id, record, seen_at, crawl_id, source)
            count += 1
    return count
def _existing(db: sqlite_utils.Database, record: dict[str, Any]) -> tuple | None:
    """The stored article ``record`` updates, or None for a new one.

    An article's ``site`` never changes: a page of another site claiming this article's URL (its
    canonical link copied along with the page) is logged and stored under the URL it was fetched from
    (``record`` is changed so)."""
    query = "SELECT id, content_hash, title, duplicate_of, site FROM articles WHERE url = ?"
    row = db.execute(query, [record["url"]]).fetchone()
    if row is None or row[4] == record["site"]:
        return row[:4] if row else None
    fetched = (record.get("fetched_url") or "").strip()
    logger.warning("%s (site %s) claims the URL of an article of site %s, %s: stored under its own URL",
                   fetched or "a page", record["site"], row[4], record["url"])
    if not fetched or fetched == record["url"]:
        raise CrossSiteClaimError(f"{record['url']} is an article of site {row[4]}, not {record['site']}")
    record["url"] = fetched
    row = db.execute(query, [fetched]).fetchone()
    if row is not None and row[4] != record["site"]:
        raise CrossSiteClaimError(f"{fetched} is an article of site {row[4]}, not {record['site']}")
    return row[:4] if row else None


def stored_site(db: sqlite_utils.Database, url: str) -> str | None:
    """The ``site`` of the article archived under ``url``, if any."""
    row = db.execute("SELECT site FROM articles WHERE url = ?", [url.strip()]).fetchone()
    return row[0] if row else None


def _insert_version(db, article_id, record, fetched_at, crawl_id, source) -> int:
    row = {k: record[k] for k in VERSIONED_FIELDS}
    row.update(article_id=article_id, fetched_at=fetched_at, crawl_id=crawl_id, source=source)
    return _insert(db, "article_versions", row)


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("tags", "images", "captions"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def get_article(db: sqlite_utils.Database, url_or_id: str | int) -> dict[str, Any] | None:
    """One article by canonical URL, fetched URL or id, with ``versions`` (oldest first)."""
    key = str(url_or_id).strip()
    if key.isdigit():
        rows = list(db.query("SELECT * FROM articles WHERE id = ?", [int(key)]))
    else:
        rows = list(db.query("SELECT * FROM articles WHERE url = ? OR fetched_url = ? LIMIT 1", [key, key]))
    if not rows:
        return None
    article = _decode(rows[0])
    article["versions"] = [
        _decode(v)
        for v in db.query("SELECT * FROM article_versions WHERE article_id = ? ORDER BY id", [article["id"]])
    ]
    return article


def known_urls(db: sqlite_utils.Database, urls: list[str]) -> set[str]:
    """Which of ``urls`` are already archived (canonical or fetched URL)."""
    found: set[str] = set()
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for (url,) in db.execute(f"SELECT url FROM articles WHERE url IN ({marks})", chunk):
            found.add(url)
        for (url,) in db.execute(f"SELECT fetched_url FROM articles WHERE fetched_url IN ({marks})", chunk):
            found.add(url)
    return found


def site_urls_with_dates(
    db: sqlite_utils.Database, site: str, *, batch: int = 5000
) -> Iterator[tuple[str, str | None]]:
    """Every URL under which ``site``'s articles are archived (canonical and fetched), with the
    article's published date (None when unknown); streamed, for a crawl frontier's snapshot."""
    cursor = db.execute("SELECT url, fetched_url, published_date FROM articles WHERE site = ?", [site])
    while rows := cursor.fetchmany(batch):
        for url, fetched_url, published in rows:
            yield url, published
            if fetched_url and fetched_url != url:
                yield fetched_url, published



def recent_article_urls(db: sqlite_utils.Database, site: str, since_date: str) -> list[str]:
    """The URLs (as fetched) of ``site``'s articles published on or after ``since_date`` (``YYYY-MM-DD``),
    or, without a published date, first seen since then: what a crawl re-fetches to catch corrections."""
    rows = db.execute(
        "SELECT coalesce(fetched_url, url) FROM articles WHERE site = ? AND "
        "(published_date >= ? OR (published_date IS NULL AND first_seen_at >= ?))",
        [site, since_date, since_date],
    )
    return [url for (url,) in rows]


def published_dates(db: sqlite_utils.Database, urls: list[str]) -> dict[str, str | None]:
    """The stored ``published_date`` of each of ``urls`` (canonical URLs) that is archived."""
    found: dict[str, str | None] = {}
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(db.execute(f"SELECT url, published_date FROM articles WHERE url IN ({marks})", chunk))
    return found


def url_aliases(db: sqlite_utils.Database, url: str) -> list[str]:
    """The other URL of the article archived under ``url``: its fetched URL when ``url`` is canonical,
    its canonical URL when ``url`` is the one it was fetched at."""
    sql = "SELECT fetched_url FROM articles WHERE url = ? UNION SELECT url FROM articles WHERE fetched_url = ?"
    return [other for (other,) in db.execute(sql, [url, url]) if other]


def archived_urls(db: sqlite_utils.Database) -> set[str]:
    """Every URL an article is archived under: canonical and fetched."""
    known: set[str] = set()
    for url, fetched in db.execute("SELECT url, fetched_url FROM articles"):
        known.add(url)
        if fetched:
            known.add(fetched)
    return known


def count_articles(db: sqlite_utils.Database) -> int:
    """How many articles the archive holds (duplicates included)."""
    return db.execute("SELECT count(*) FROM articles").fetchone()[0]

# --- crawl runs --------------------------------------------------------------------------------

CRAWL_COUNTERS = ("new", "updated", "unchanged", "duplicates", "failed", "requests")


def start_crawl(db: sqlite_utils.Database, site: str, *, now: datetime | None = None) -> int:
    """A ``running`` crawl row for ``site``, with this process's pid and host name."""
    with transaction(db):
        return _insert(db, "crawls", {"site": site, "started_at": to_iso(now or now_vn()), "status": "running",
                                      "pid": os.getpid(), "host": socket.gethostname()})


def finish_crawl(
    db: sqlite_utils.Database,
    crawl_id: int,
    *,
    status: str = "finished",
    counts: Mapping[str, int] | None = None,
    message: str | None = None,
    now: datetime | None = None,
) -> None:
    values: dict[str, Any] = {"finished_at": to_iso(now or now_vn()), "status": status, "message": message}
    for key in CRAWL_COUNTERS:
        if counts and key in counts:
            values[key] = int(counts[key])
    assignments = ", ".join(f"{k} = ?" for k in values)
    with transaction(db):
        db.execute(f"UPDATE crawls SET {assignments} WHERE id = ?", [*values.values(), crawl_id])


# --- failures ----------------------------------------------------------------------------------


def record_failure(
    db: sqlite_utils.Database,
    url: str,
    *,
    reason: str,
    site: str | None = None,
    http_status: int | None = None,
    crawl_id: int | None = None,
    park_after: int | None = None,
    now: datetime | None = None,
) -> int:
    """Count one more failed attempt at ``url``; parks it after ``park_after`` attempts. Returns attempts."""
    at = to_iso(now or now_vn())
    with transaction(db):
        db.execute(
            """
            INSERT INTO failures (url, site, reason, http_status, attempts, first_failed_at, last_tried_at, crawl_id)
            VALUES (?, ?, ?, ?, 1, ?, ?, ?)
            ON CONFLICT(url) DO UPDATE SET
                reason = excluded.reason, http_status = excluded.http_status,
                attempts = failures.attempts + 1, last_tried_at = excluded.last_tried_at,
                crawl_id = excluded.crawl_id, site = coalesce(excluded.site, failures.site)
            """,
            [url, site, reason, http_status, at, at, crawl_id],
        )
        attempts = db.execute("SELECT attempts FROM failures WHERE url = ?", [url]).fetchone()[0]
        if park_after and attempts >= park_after:
            db.execute("UPDATE failures SET parked = 1 WHERE url = ?", [url])
    return attempts


def clear_failure(db: sqlite_utils.Database, url: str) -> bool:
    """Forget a failure once the URL was fetched and stored; True if there was one."""
    with transaction(db):
        return db.execute("DELETE FROM failures WHERE url = ?", [url]).rowcount > 0

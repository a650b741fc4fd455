"""``archive snapshot``: a consistent copy of the archive, optionally as it stood on a date.

The copy is made with SQLite's online backup API, so it is safe while a crawl writes: the copy
is one committed state.  With ``until``, everything first seen after that day is removed from
the copy and changed articles are rolled back to the last version fetched by then.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import sqlite_utils

from archive.db import refuse_to_overwrite_archive
from archive.errors import ArchiveError
from archive.store import VERSIONED_FIELDS
from archive.vn_time import end_of_day_iso


def default_snapshot_name(day: date) -> str:
    return f"archive-{day.isoformat()}.sqlite"


def write_snapshot(
    source: sqlite3.Connection, out: Path, *, until: date | None = None, overwrite: bool = False
) -> Path:
    """Copy the archive behind ``source`` to ``out``; returns the path written."""
    out = Path(out)
    refuse_to_overwrite_archive(source, out)
    if out.exists() and not overwrite:
        raise ArchiveError(f"{out} exists; choose another name or pass --force")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    dest = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        source.backup(dest)
        if until is not None:
            _roll_back_to(dest, end_of_day_iso(until))
            _recluster(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
        dest.execute("VACUUM")
    except BaseException:  # Ctrl-C, a full disk …: no half copy left beside OUT
        dest.close()
        tmp.unlink(missing_ok=True)
        raise
    dest.close()
    tmp.replace(out)
    return out


def _recluster(conn: sqlite3.Connection) -> None:
    """Duplicate clusters of the rolled-back copy: a removed article can no longer be anyone's original."""
    from archive.dedup_batch import rebuild_clusters  # numpy: only a dated snapshot needs it

    db = sqlite_utils.Database(conn)
    db.execute("DELETE FROM dedup_bands WHERE article_id NOT IN (SELECT id FROM articles)")
    db.execute("DELETE FROM dedup_signatures WHERE article_id NOT IN (SELECT id FROM articles)")
    rebuild_clusters(db)


def _roll_back_to(conn: sqlite3.Connection, cutoff: str) -> None:
    """Remove from a copy what did not exist at ``cutoff`` (ISO 8601, +07:00)."""
    fields = ", ".join(VERSIONED_FIELDS)
    conn.execute("BEGIN")
    conn.execute("DELETE FROM article_versions WHERE fetched_at > ?", [cutoff])
    conn.execute("DELETE FROM articles WHERE first_seen_at > ?", [cutoff])
    conn.execute(
        f"""
        UPDATE articles SET ({fields}) = (
            SELECT {fields} FROM article_versions v
            WHERE v.article_id = articles.id ORDER BY v.id DESC LIMIT 1
        ), last_seen_at = min(last_seen_at, ?)
        WHERE last_seen_at > ?
        """,
        [cutoff, cutoff],
    )
    conn.execute(
        "UPDATE articles SET published_date = substr(published_at, 1, 10) WHERE published_at IS NOT NULL"
    )
    conn.execute("DELETE FROM crawls WHERE started_at > ?", [cutoff])
    conn.execute("DELETE FROM failures WHERE first_failed_at > ?", [cutoff])
    conn.execute("COMMIT")

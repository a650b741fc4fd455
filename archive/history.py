"""The crawl history: runs that never finished, where a resumed run must look, the last runs per site.

A crawl row (``crawls``) is written ``running`` when a site's spider opens and set to ``finished``
(or ``failed``/``shutdown``) when it closes.  A process killed with ``kill -9`` leaves its rows
``running``; the next crawl, once it holds the archive lock (so no other guarded crawl can be
running), calls :func:`mark_abandoned_crawls` to turn them into ``killed`` — unless the row's
process (``crawls.pid`` on ``crawls.host``) is still alive: an unguarded Scrapyd or ``scrapy crawl``
job beside it.

Resume: the spiders stop paginating a listing at the first page whose articles are all already
archived.  After a killed run that rule would stop too early: the killed run stored the newest
articles but may have died before fetching older ones it had already discovered.
:func:`resume_cutoff` gives the start of the earliest unfinished run since the site's last clean
finish; while there is one, the spiders walk every listing page (the stop rule is off), so the
resumed run finds whatever the stopped one had queued and lost, and fetches only what is missing.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from typing import Any

import sqlite_utils

from archive.db import transaction
from archive.lock import is_pid_alive
from archive.vn_time import to_iso

ABANDONED_STATUS = "killed"


def mark_abandoned_crawls(db: sqlite_utils.Database, *, now: datetime, site: str | None = None) -> list[int]:
    """Set every ``running`` crawl row whose process is gone to ``killed``; call only while holding
    the archive lock.

    A row whose process still runs on this machine (a Scrapyd job or ``scrapy crawl``, which take
    no lock) is left alone: marking it would also take back its failures (``archive.failures``).
    Rows written before the pid was recorded, or on another host, count as gone.
    Returns the ids changed.
    """
    sql = "SELECT id, pid, host FROM crawls WHERE status = 'running'"
    params: list[Any] = []
    if site is not None:
        sql += " AND site = ?"
        params.append(site)
    here, me = socket.gethostname(), os.getpid()
    with transaction(db):
        ids = [crawl_id for crawl_id, pid, host in db.execute(sql + " ORDER BY id", params)
               if not (pid and host == here and pid != me and is_pid_alive(pid))]
        for crawl_id in ids:
            db.execute(
                "UPDATE crawls SET status = ?, finished_at = coalesce(finished_at, ?), "
                "message = coalesce(message, 'the process ended before the crawl finished (killed?)') "
                "WHERE id = ?",
                [ABANDONED_STATUS, to_iso(now), crawl_id],
            )
            recount_crawl(db, crawl_id)
    return ids


def recount_crawl(db: sqlite_utils.Database, crawl_id: int) -> None:
    """The counters of a crawl that never wrote them (killed with ``kill -9``, out of memory …), from
    what it left: the versions it wrote (an article's first version: new; a later one: updated), the
    articles it saw unchanged, and the failures it recorded last.  A counter only ever grows."""
    new, updated = db.execute(
        "SELECT count(*) FILTER (WHERE v.id = (SELECT min(id) FROM article_versions WHERE article_id = v.article_id)),"
        " count(*) FILTER (WHERE v.id != (SELECT min(id) FROM article_versions WHERE article_id = v.article_id)) "
        "FROM article_versions v WHERE v.crawl_id = ?", [crawl_id],
    ).fetchone()
    unchanged = db.execute(
        "SELECT count(*) FROM articles a WHERE a.crawl_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM article_versions v WHERE v.article_id = a.id AND v.crawl_id = ?)", [crawl_id, crawl_id],
    ).fetchone()[0]
    failed = db.execute("SELECT count(*) FROM failures WHERE crawl_id = ?", [crawl_id]).fetchone()[0]
    db.execute(
        "UPDATE crawls SET new = max(new, ?), updated = max(updated, ?), unchanged = max(unchanged, ?), "
        "failed = max(failed, ?) WHERE id = ?", [new, updated, unchanged, failed, crawl_id],
    )


def resume_cutoff(db: sqlite_utils.Database, site: str, *, exclude_id: int | None = None) -> str | None:
    """``started_at`` of the earliest run of ``site`` after its last finished run, or None.

    None means the last run finished cleanly (or there was none): the usual stop rule applies.
    ``exclude_id``: the run asking (its own row is ``running``).
    """
    last_clean = db.execute(
        "SELECT max(id) FROM crawls WHERE site = ? AND status = 'finished'", [site]
    ).fetchone()[0]
    row = db.execute(
        "SELECT started_at FROM crawls WHERE site = ? AND id > ? AND id != ? AND status != 'finished' "
        "ORDER BY id LIMIT 1",
        [site, last_clean or 0, exclude_id or 0],
    ).fetchone()
    return row[0] if row else None


def crawl_history(db: sqlite_utils.Database, *, per_site: int = 5, site: str | None = None) -> list[dict[str, Any]]:
    """The last ``per_site`` runs of each site, newest first, with ``seconds`` taken (None while running)."""
    where = "WHERE site = ?" if site is not None else ""
    params: list[Any] = [site] if site is not None else []
    rows = list(
        db.query(
            f"""
            SELECT * FROM (
                SELECT c.*, row_number() OVER (PARTITION BY site ORDER BY started_at DESC, id DESC) AS rank
                FROM crawls c {where}
            ) WHERE rank <= ? ORDER BY site, started_at DESC, id DESC
            """,
            [*params, per_site],
        )
    )
    for row in rows:
        row.pop("rank", None)
        row["seconds"] = crawl_seconds(row)
    return rows



def next_crawl_id(db: sqlite_utils.Database) -> int:
    """The id the next crawl row will get (ids only grow): rows from this id on belong to runs started after."""
    return (db.execute("SELECT max(id) FROM crawls").fetchone()[0] or 0) + 1


def crawl_site(db: sqlite_utils.Database, crawl_id: int) -> str | None:
    """The site of crawl ``crawl_id`` (None if there is no such crawl)."""
    row = db.execute("SELECT site FROM crawls WHERE id = ?", [crawl_id]).fetchone()
    return row[0] if row else None


def crawls_from(db: sqlite_utils.Database, first_id: int) -> list[dict[str, Any]]:
    """The crawl rows with an id of at least ``first_id``, in order, each with ``seconds`` taken and
    ``top_failure`` (its most frequent failure reason, or None)."""
    rows = list(db.query("SELECT * FROM crawls WHERE id >= ? ORDER BY id", [first_id]))
    for row in rows:
        row["seconds"] = crawl_seconds(row)
        row["top_failure"] = top_failure_reason(db, row["id"])
    return rows


def top_failure_reason(db: sqlite_utils.Database, crawl_id: int) -> str | None:
    """The most frequent reason among the failures crawl ``crawl_id`` recorded (ties: alphabetical)."""
    top = db.execute(
        "SELECT reason FROM failures WHERE crawl_id = ? GROUP BY reason ORDER BY count(*) DESC, reason LIMIT 1",
        [crawl_id],
    ).fetchone()
    return top[0] if top else None

def crawl_seconds(row: dict[str, Any]) -> float | None:
    """Seconds between ``started_at`` and ``finished_at`` of a crawl row (None if unfinished)."""
    if not row.get("finished_at") or not row.get("started_at"):
        return None
    delta = datetime.fromisoformat(row["finished_at"]) - datetime.fromisoformat(row["started_at"])
    return max(delta.total_seconds(), 0.0)


def format_seconds(seconds: float | None) -> str:
    """``42s``, ``3m05s``, ``2h01m``; ``-`` when unknown."""
    if seconds is None:
        return "-"
    total = int(round(seconds))
    if total < 60:
        return f"{total}s"
    if total < 3600:
        return f"{total // 60}m{total % 60:02d}s"
    return f"{total // 3600}h{total % 3600 // 60:02d}m"

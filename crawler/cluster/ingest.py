"""The one writer: messages from Redis into the archive (``archive ingest --frontier URL``).

Messages (:mod:`crawler.cluster.messages`) are taken from the reliable queue ``<prefix>:items`` in
batches; each is applied to the archive with the same functions a single-process crawl uses
(``save_article`` with online dedup, ``record_failure``, ``clear_failure``, ``start_crawl``,
``finish_crawl``, the WARC index), and only once the archive has committed it is it removed from
Redis.  Killed at any moment, the next ingester takes the messages back; an article applied twice is
stored once (the same text again changes nothing), so nothing is lost and nothing doubles.

Per run, the counts a summary needs (new, updated, unchanged, duplicates, failed) are kept in the
hash ``<prefix>:run:<run>:counts``; ``<prefix>:runs`` maps a run to its crawl id.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.backfill import record_capture, store_backfilled
from archive.capture_index import index_warc_file
from archive.dedup import in_shared_cluster
from archive.drift import DriftThresholds
from archive.freshness import NOT_MODIFIED, RevisitPolicy, record_check
from archive.store import clear_failure, finish_crawl, record_failure, save_article, start_crawl
from archive.vn_time import now_vn
from crawler.cluster import messages
from crawler.cluster.item_queue import ReliableQueue
from crawler.cluster.keys import Keys
from crawler.components.drift import record_run_freshness
from crawler.components.revisits import note_stored

logger = logging.getLogger(__name__)

INGESTER_LOCK_SECONDS = 30


class IngesterRunningError(RuntimeError):
    """Another ingester holds the frontier: SQLite keeps one writer."""


@dataclass
class IngestCounts:
    messages: int = 0
    articles: int = 0
    failures: int = 0
    bad: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    revisits: dict[str, int] = field(default_factory=dict)  # run stats the ingester adds (revisit/updated …)


class Ingester:
    def __init__(self, db: sqlite_utils.Database, redis: Any, keys: Keys, *, archive_folder: Path,
                 name: str = "ingester", park_after: int | None = None, batch: int = 200,
                 revisit_policy: RevisitPolicy | None = None, drift: DriftThresholds | None = None) -> None:
        self.db = db
        self.redis = redis
        self.keys = keys
        self.archive_folder = archive_folder
        self.name = name
        self.park_after = park_after
        self.batch = batch
        self.queue = ReliableQueue(redis, keys.items(), keys.ingesting(name))
        self.counts = IngestCounts()
        self._crawl_ids: dict[str, int] = {}
        self.revisit_policy = revisit_policy or RevisitPolicy()
        self.drift = drift  # None: no drift alarm

    # --- the one-writer lock ----------------------------------------------------------------------

    def acquire(self) -> None:
        """Become the frontier's writer, or raise :class:`IngesterRunningError`; give back what a killed
        ingester of the same name had taken."""
        if not self.redis.set(self.keys.ingester_lock(), self.name, nx=True, ex=INGESTER_LOCK_SECONDS):
            holder = self.redis.get(self.keys.ingester_lock())
            if holder is None or holder.decode() != self.name:
                raise IngesterRunningError(f"another ingester ({holder.decode() if holder else '?'}) is storing "
                                           "this frontier's items")
        returned = self.queue.give_back()
        if returned:
            logger.warning("%d message(s) a stopped ingester had taken are taken again", returned)

    def refresh(self) -> None:
        self.redis.set(self.keys.ingester_lock(), self.name, ex=INGESTER_LOCK_SECONDS)

    def release(self) -> None:
        if self.redis.get(self.keys.ingester_lock()) == self.name.encode():
            self.redis.delete(self.keys.ingester_lock())

    # --- the loop ---------------------------------------------------------------------------------

    def drain_once(self, timeout: float = 1.0) -> int:
        """Apply one batch (waiting up to ``timeout`` s for the first message); returns how many."""
        payloads = self.queue.take_many(self.batch, timeout)
        for payload in payloads:
            self.apply(payload)
        if payloads:
            self.queue.done(*payloads)
        return len(payloads)

    def run(self, *, until_idle: float | None = None, stop: Callable[[], bool] = lambda: False,
            progress: Callable[[IngestCounts], None] | None = None) -> IngestCounts:
        """Ingest until ``stop()`` or, with ``until_idle``, until nothing arrived for that many seconds
        and no run is open."""
        self.acquire()
        idle_since = time.monotonic()
        last_refresh = 0.0
        try:
            while not stop():
                if time.monotonic() - last_refresh > INGESTER_LOCK_SECONDS / 3:
                    self.refresh()
                    last_refresh = time.monotonic()
                if self.drain_once(timeout=1.0):
                    idle_since = time.monotonic()
                    if progress is not None:
                        progress(self.counts)
                    continue
                if until_idle is not None and time.monotonic() - idle_since >= until_idle and not self.open_runs():
                    break
        finally:
            self.release()
        return self.counts

    def open_runs(self) -> list[str]:
        return [r.decode() for r in self.redis.smembers(self.keys.key("runs", "open"))]

    # --- one message ------------------------------------------------------------------------------

    def apply(self, payload: bytes) -> None:
        self.counts.messages += 1
        try:
            message = messages.decode(payload)
            handler = getattr(self, f"_on_{message['type']}")
        except (ValueError, KeyError, AttributeError) as exc:
            self.counts.bad += 1
            logger.error("message left out (%s): %.200r", exc, payload)
            return
        handler(message)

    def crawl_id(self, run: str, site: str | None = None) -> int | None:
        if run not in self._crawl_ids:
            known = self.redis.hget(self.keys.key("runs"), run)
            if known is not None:
                self._crawl_ids[run] = int(known)
            elif site is not None:  # the run_open message was lost with a killed seeder: open it now
                self._open(run, site)
        return self._crawl_ids.get(run)

    def _open(self, run: str, site: str) -> int:
        crawl_id = start_crawl(self.db, site)
        self.redis.hset(self.keys.key("runs"), run, crawl_id)
        self._crawl_ids[run] = crawl_id
        return crawl_id

    def _count(self, run: str, key: str, by: int = 1) -> None:
        self.redis.hincrby(self.keys.key("run", run, "counts"), key, by)

    def _on_run_open(self, m: dict[str, Any]) -> None:
        if self.redis.hget(self.keys.key("runs"), m["run"]) is None:
            self._open(m["run"], m["site"])

    def _on_checked(self, m: dict[str, Any]) -> None:
        """A revisit a worker ended without a page: ``not_modified`` (a 304) or ``failed``."""
        if record_check(self.db, m["key"], m["outcome"], now=now_vn(), policy=self.revisit_policy) \
                and m["outcome"] == NOT_MODIFIED:
            _RunStats(self, m["run"]).inc_value(f"revisit/{NOT_MODIFIED}")

    def _on_article(self, m: dict[str, Any]) -> None:
        record = m["record"]
        now = now_vn()
        result = save_article(self.db, record, crawl_id=self.crawl_id(m["run"], m.get("site")), now=now)
        # the revisit schedule, as a single-process crawl keeps it (crawler/components/revisits.py)
        note_stored(self.db, record.get("canonical_url") or record["url"], m.get("site") or record.get("site"),
                    result.status, record.get("published_at") or record.get("published"),
                    check=bool(m.get("check")), stats=_RunStats(self, m["run"]), policy=self.revisit_policy,
                    now=now)
        for url in dict.fromkeys([m.get("requested_url"), record.get("fetched_url")]):
            if url:
                clear_failure(self.db, url)
        self.counts.articles += 1
        self.counts.by_status[result.status] = self.counts.by_status.get(result.status, 0) + 1
        self._count(m["run"], result.status)
        if result.status != "unchanged" and (
            result.duplicate_of is not None or in_shared_cluster(self.db, result.article_id)
        ):
            self._count(m["run"], "duplicates")

    def _on_capture(self, m: dict[str, Any]) -> None:
        """An article read from a web archive's capture (``crawler/cluster/backfill.py``)."""
        saved = store_backfilled(self.db, m["record"], site=m["site"], source=m["source"], url=m["url"],
                                 timestamp=m["timestamp"], canonical_url=m["canonical"],
                                 captured_at=datetime.fromisoformat(m["captured_at"]), digest=m.get("digest"),
                                 crawl_id=self.crawl_id(m["run"], m.get("site")))
        self.counts.articles += 1
        self.counts.by_status[saved.status] = self.counts.by_status.get(saved.status, 0) + 1
        self._count(m["run"], saved.status)
        stats = _RunStats(self, m["run"])  # what a single-process backfill's summary counts
        stats.inc_value("backfill/stored")
        stats.inc_value("backfill/older" if saved.status == "older" else f"archive/{saved.status}")

    def _on_capture_outcome(self, m: dict[str, Any]) -> None:
        """A capture that gave no article: noted, so the next run does not fetch it again."""
        record_capture(self.db, site=m["site"], source=m["source"], url=m["url"], timestamp=m["timestamp"],
                       canonical_url=m["canonical"], outcome=m["outcome"], digest=m.get("digest"),
                       detail=m.get("detail"))

    def _on_failure(self, m: dict[str, Any]) -> None:
        record_failure(self.db, m["url"], reason=m["reason"], site=m.get("site"), http_status=m.get("http_status"),
                       crawl_id=self.crawl_id(m["run"], m.get("site")), park_after=self.park_after)
        self.counts.failures += 1
        self._count(m["run"], "failed")

    def _on_cleared(self, m: dict[str, Any]) -> None:
        for url in m.get("urls", []):
            clear_failure(self.db, url)

    def _on_warc(self, m: dict[str, Any]) -> None:
        path = self.archive_folder / m["file"]
        if not path.is_file():
            logger.warning("WARC file %s of run %s is not mounted here: index it later with `archive warc-index`",
                           path, m["run"])
            return
        index_warc_file(self.db, path, self.archive_folder)

    def _on_run_close(self, m: dict[str, Any]) -> None:
        crawl_id = self.crawl_id(m["run"])
        if crawl_id is None:
            return
        counts = {k.decode(): int(v) for k, v in self.redis.hgetall(self.keys.key("run", m["run"], "counts")).items()}
        counts["requests"] = max(counts.get("requests", 0), int(m.get("requests", 0)))
        status = m.get("status", "finished")
        finish_crawl(self.db, crawl_id, status=status, counts=counts, message=m.get("message"))
        stats = {k.decode(): int(v) for k, v in self.redis.hgetall(self.keys.key("run", m["run"], "stats")).items()}
        note = record_run_freshness(self.db, crawl_id, m.get("site") or "", stats,
                                    has_site_rules=bool(m.get("site_rules", True)),
                                    thresholds=self.drift if status == "finished" else None)
        if note:
            logger.warning("degraded: %s", note)
        self.redis.srem(self.keys.key("runs", "open"), m["run"])


class _RunStats:
    """The stats object ``note_stored`` expects: its counts go to the run's stats in Redis (read when the
    run closes) and to ``IngestCounts.revisits``."""

    def __init__(self, ingester: Ingester, run: str) -> None:
        self.ingester = ingester
        self.run = run

    def inc_value(self, key: str, count: int = 1) -> None:
        revisits = self.ingester.counts.revisits
        revisits[key] = revisits.get(key, 0) + count
        self.ingester.redis.hincrby(self.ingester.keys.key("run", self.run, "stats"), key, count)

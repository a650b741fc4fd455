"""A frontier worker's crawler: no archive file, everything through Redis.

* :class:`FrontierSession` stands in for ``crawler.components.extensions.ArchiveSession``: failures and
  cleared failures become messages; the run's known URLs, failures still waiting and learned template
  lines are read from what the seeder published (``<prefix>:known:<spider>`` …).
* :class:`FrontierItemPipeline` (instead of ``ArchivePipeline``) pushes each extracted article to the
  items queue and forgets its request in the same Redis transaction.
* :class:`FrontierDone` (spider middleware) forgets a request once its callback's output is in Redis;
  :class:`FrontierDoneOnError` (outermost downloader middleware) once its final failure is recorded.
* :class:`FrontierWorker` (extension) beats the worker's heartbeat, keeps the spider open while the run
  is, gives back what dead workers took, and — on the seeder — closes the run when the whole frontier
  is idle.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from crawler.cluster import messages
from crawler.cluster.frontier import (
    HEARTBEAT_SECONDS,
    beat,
    connect_settings,
    give_back,
    give_back_dead,
    mark_done,
)
from crawler.cluster.keys import Keys

logger = logging.getLogger(__name__)

IDLE_GRACE_SECONDS = 2 * HEARTBEAT_SECONDS  # the frontier must look idle this long before the run closes
# the stats the ingester judges a run's health and revisits by (crawler/components/drift.py), summed over
# the run's workers in ``<prefix>:run:<run>:stats`` at every heartbeat
RUN_STATS = ("discovery/", "extract/", "archive/failed", "revisit/requests", "revisit/due", "revisit/budget",
             "revisit/conditional", "backfill/")


@dataclass
class FrontierSession:
    """What a worker's components share (the ``ArchiveSession`` interface, backed by Redis)."""

    redis: Any
    keys: Keys
    spider: str
    path: Path  # where WARC files go (``WARC_FOLDER`` or the worker's data folder)
    run: str = ""
    site: str = ""
    crawl_id: int | None = None  # known to the ingester only
    failed_urls: set[str] = field(default_factory=set)

    seeder: bool = False
    _db: Any = None

    @property
    def db(self) -> Any:
        """The archive, read by the seeder's start requests only (revisits, failures to retry); None on a
        worker, which has no archive file (it reads the run's snapshot in Redis).  Never raise here:
        Scrapy looks at every attribute of the spider when it queues a request."""
        if not self.seeder:
            return None
        if self._db is None:
            from archive.db import open_archive

            self._db = open_archive(self.path)
        return self._db

    def push(self, payload: bytes, request: Any = None) -> None:
        """One message to the ingester; with ``request``, the request is forgotten in the same transaction."""
        def queue(pipe: Any) -> None:
            pipe.lpush(self.keys.items(), payload)
            mark_done(self.redis, request, pipe)

        self.redis.transaction(queue)

    def record_failure(self, url: str, reason: str, *, stats: Any, kind: str, http_status: int | None = None) -> None:
        self.push(messages.encode("failure", run=self.run, site=self.site, url=url, reason=reason,
                                  http_status=http_status, kind=kind))
        self.failed_urls.add(url)
        stats.inc_value("archive/failed")
        stats.inc_value(f"archive/failed/{kind}")

    def clear_failures(self, *urls: str, stats: Any) -> None:
        urls = tuple(u for u in dict.fromkeys(urls) if u in self.failed_urls)
        if urls:
            self.failed_urls.difference_update(urls)
            self.push(messages.encode("cleared", run=self.run, urls=list(urls)))
            stats.inc_value("archive/failures_cleared", len(urls))

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None

    # --- what the seeder published for the run ------------------------------------------------------

    def open_run(self) -> None:
        info = self.redis.hgetall(self.keys.run(self.spider))
        self.run = info.get(b"run", b"").decode()
        self.site = info.get(b"site", b"").decode() or self.spider
        self.failed_urls = {u.decode() for u in self.redis.smembers(self.keys.key("failed", self.spider))}

    def run_is_open(self) -> bool:
        return self.redis.hget(self.keys.run(self.spider), "status") == b"open"

    def known(self, urls: list[str]) -> dict[str, str]:
        """Which of ``urls`` were archived when the run opened, with their published date ('' if none)."""
        if not urls:
            return {}
        values = self.redis.hmget(self.keys.known(self.spider), urls)
        return {url: value.decode() for url, value in zip(urls, values, strict=True) if value is not None}

    def waiting(self) -> set[str]:
        return {u.decode() for u in self.redis.smembers(self.keys.waiting(self.spider))}

    def learned_lines(self, site: str) -> frozenset[str]:
        return frozenset(line.decode() for line in self.redis.lrange(self.keys.key("boilerplate", self.spider), 0, -1))

    def stop_when_known_ok(self) -> bool:
        return self.redis.hget(self.keys.run(self.spider), "stop_when_known") != b"0"


def frontier_session(crawler: Any) -> FrontierSession:
    session = getattr(crawler, "_archive_session", None)
    if session is None:
        redis, keys = connect_settings(crawler.settings)
        path = Path(crawler.settings["ARCHIVE_DB"]).expanduser().resolve()
        session = FrontierSession(redis, keys, crawler.spidercls.name, path,
                                  seeder=crawler.settings.getbool("FRONTIER_SEEDER"))
        crawler._archive_session = session  # type: ignore[attr-defined]
    return session


class FrontierItemPipeline:
    """The worker's last pipeline: the article to the ingester (see module docstring)."""

    def __init__(self, session: FrontierSession, stats: Any) -> None:
        self.session = session
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierItemPipeline:
        return cls(frontier_session(crawler), crawler.stats)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        page = getattr(item, "page", None)
        article = getattr(item, "article", None)
        if page is None or article is None:
            return item
        record = article.to_record()
        record["site"] = page.site
        record["fetched_url"] = page.url
        if getattr(page, "canonical_url", None):  # the key the spider looked up decides, as in one process
            record["canonical_url"] = page.canonical_url
        # its request is forgotten on item_scraped (FrontierDone): killed in between, the page is fetched
        # again and the ingester stores the same text once
        self.session.push(messages.encode("article", run=self.session.run, site=page.site, record=record,
                                          requested_url=page.requested_url, check=bool(getattr(page, "check", False))))
        self.stats.inc_value("frontier/items_pushed")
        return {"url": record.get("canonical_url") or record["url"], "status": "pushed"}


class FrontierDone:
    """Spider middleware: a response whose callback yielded no item is done once its output is queued."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierDone:
        if not crawler.settings.get("FRONTIER_URL"):
            raise NotConfigured
        redis, _ = connect_settings(crawler.settings)
        mw = cls(redis)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(mw.item_done, signal=signal)
        return mw

    def item_done(self, item: Any = None, response: Any = None, **kwargs: Any) -> None:
        if response is not None:
            mark_done(self.redis, response.request)

    def process_spider_output(self, response: Any, result: Iterable[Any], spider: Any = None) -> Iterator[Any]:
        items = 0
        for out in result:
            items += not isinstance(out, Request)
            yield out
        if not items:
            mark_done(self.redis, response.request)

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any],
                                          spider: Any = None) -> AsyncIterator[Any]:
        items = 0
        async for out in result:
            items += not isinstance(out, Request)
            yield out
        if not items:
            mark_done(self.redis, response.request)

    def process_spider_exception(self, response: Any, exception: Exception, spider: Any = None) -> None:
        mark_done(self.redis, response.request)
        return None


class FrontierDoneOnError:
    """Outermost downloader middleware: a request that failed for good is done (its failure is recorded)."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierDoneOnError:
        if not crawler.settings.get("FRONTIER_URL"):
            raise NotConfigured
        return cls(connect_settings(crawler.settings)[0])

    def process_exception(self, request: Any, exception: Exception, spider: Any = None) -> None:
        mark_done(self.redis, request)
        return None


class FrontierWorker:
    """Extension: heartbeat, keep-alive while the run is open, and closing the run (seeder only)."""

    def __init__(self, crawler: Any, session: FrontierSession, *, seeder: bool) -> None:
        self.crawler = crawler
        self.session = session
        self.seeder = seeder
        self.name = f"{crawler.settings.get('FRONTIER_WORKER')}:{session.spider}"
        self.idle_since: float | None = None
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.requests_counted = 0
        self.stats_sent: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierWorker:
        if not crawler.settings.get("FRONTIER_URL"):
            raise NotConfigured
        ext = cls(crawler, frontier_session(crawler), seeder=crawler.settings.getbool("FRONTIER_SEEDER"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.session.open_run()
        redis, keys, name = self.session.redis, self.session.keys, self.session.spider
        # a killed worker restarted under its name: what it had taken goes back to the queue first
        give_back(redis, keys.taken(self.name), keys.requests(name))
        give_back_dead(redis, keys)
        self.beat()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(HEARTBEAT_SECONDS, now=False)

    def beat(self) -> None:
        stats = self.crawler.stats
        requests = int(stats.get_value("downloader/request_count", 0))
        if requests > self.requests_counted and self.session.run:
            self.session.redis.hincrby(self.session.keys.key("run", self.session.run, "counts"), "requests",
                                       requests - self.requests_counted)
            self.requests_counted = requests
        self.send_run_stats()
        beat(self.session.redis, self.session.keys, self.name, {
            "spider": self.session.spider, "run": self.session.run,
            "requests": stats.get_value("downloader/request_count", 0),
            "items": stats.get_value("frontier/items_pushed", 0),
            "seconds": round(time.monotonic() - self.started, 1),
        })
        give_back_dead(self.session.redis, self.session.keys)

    def send_run_stats(self) -> None:
        """What this worker's stats (``RUN_STATS``) grew by since the last beat, added to the run's."""
        if not self.session.run:
            return
        grown = {}
        for key, value in self.crawler.stats.get_stats().items():
            if isinstance(value, int) and key.startswith(RUN_STATS) and value != self.stats_sent.get(key, 0):
                grown[key] = value - self.stats_sent.get(key, 0)
        if not grown:
            return
        key = self.session.keys.key("run", self.session.run, "stats")

        def add(pipe: Any) -> None:
            for name, by in grown.items():
                pipe.hincrby(key, name, by)

        self.session.redis.transaction(add)  # one round trip: MULTI … EXEC
        for name, by in grown.items():
            self.stats_sent[name] = self.stats_sent.get(name, 0) + by

    def frontier_idle(self) -> bool:
        """Nothing queued for the spider and nothing taken by any live worker."""
        redis, keys = self.session.redis, self.session.keys
        if redis.zcard(keys.requests(self.session.spider)):
            return False
        for raw in redis.smembers(keys.workers()):
            ident = raw.decode()
            if ident.endswith(f":{self.session.spider}") and redis.hlen(keys.taken(ident)):
                return False
        return True

    def spider_idle(self, spider: Any) -> None:
        if not self.session.run_is_open():
            return  # the run is over: this worker may close
        if not self.frontier_idle():
            self.idle_since = None
            raise DontCloseSpider
        if not self.seeder:
            raise DontCloseSpider  # the seeder decides when the run is over
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < IDLE_GRACE_SECONDS:
            raise DontCloseSpider
        self.session.redis.hset(self.session.keys.run(self.session.spider), "status", "done")

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.beat()
        redis, keys = self.session.redis, self.session.keys
        redis.delete(keys.worker(self.name))
        give_back_dead(redis, keys)  # what this worker still held (a shutdown) goes back to the others

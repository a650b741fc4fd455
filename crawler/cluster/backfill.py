"""A web-archive backfill on a frontier: ``archive backfill SITE --frontier URL`` and the workers that join it.

The seeder reads the CDX indexes itself: its index requests stay in its own scheduler
(``crawler.cluster.frontier.LOCAL_META``), because planning what they list reads the archive's backfill
state.  The plan's capture requests (one per article, its older candidates in the meta) go into the shared
queue; any worker fetches one, extracts it with the site's rules, writes the capture's own response to its
WARC file and sends the article to the ingester (a ``capture`` message; ``capture_outcome`` for a capture
that gave no article), which stores it as a single-process backfill does
(``archive.backfill.store_backfilled``).  The web archive's rate and concurrency (``BACKFILL_RATE``,
``BACKFILL_CONCURRENCY`` of the seeder, carried in the run's arguments) hold for all workers together.

One backfill at a time per frontier: its spider is ``backfill`` for every site.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.exceptions import NotConfigured

from archive.vn_time import now_vn, to_iso
from crawler.backfill.pipeline import capture_exchange
from crawler.backfill.run import BackfillSummary
from crawler.backfill.sources import BackfillSource
from crawler.backfill.spider import BackfillSpider, CaptureArticle, CaptureOutcome
from crawler.cluster import messages
from crawler.cluster.capture import FrontierWarcCapture
from crawler.cluster.frontier import LOCAL_META
from crawler.cluster.keys import Keys, connect
from crawler.cluster.run import _process, close_crawled_run, crawl_spider, open_runs, wait_for_ingester
from crawler.cluster.spider import FrontierSpiderMixin
from crawler.cluster.worker import frontier_session
from crawler.cluster.worker_settings import default_worker_name
from crawler.profiles.base import Profile
from crawler.profiles.registry import registry_for
from crawler.spiders.listing_dates import parse_iso_date

logger = logging.getLogger(__name__)

SPIDER = "backfill"


def run_args(profile: Profile, source: BackfillSource, since: date | None, until: date | None,
             settings: Any) -> dict[str, str]:
    """The spider's arguments, as strings every worker reads from the run (the rate is the seeder's)."""
    rate = settings.getfloat("BACKFILL_RATE")
    return {"site": profile.key, "source": json.dumps(asdict(source)),
            "since": since.isoformat() if since else "", "until": until.isoformat() if until else "",
            "delay": str(1.0 / rate if rate > 0 else 0.0), "concurrency": str(settings.getint("BACKFILL_CONCURRENCY"))}


class FrontierBackfillSpider(FrontierSpiderMixin, BackfillSpider):
    """The backfill spider as a frontier worker runs it (see module docstring)."""

    name = SPIDER

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)  # a frontier worker's (crawler/cluster/worker_settings.py) …
        middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
        for name in ("crawler.cluster.capture.FrontierWarcCapture",  # … whose pipeline writes the capture's own
                     "crawler.components.middlewares.FailureMiddleware"):  # outcomes go to backfill_captures
            middlewares[name] = None
        middlewares["crawler.backfill.throttle.ArchiveThrottle"] = 560
        for name, value in {
            "ITEM_PIPELINES": {"crawler.cluster.backfill.FrontierBackfillPipeline": 300},
            "DOWNLOADER_MIDDLEWARES": middlewares,
            "MIRROR_URL": "",
            "ROBOTSTXT_OBEY": settings.getbool("BACKFILL_ROBOTSTXT_OBEY"),
            "RETRY_TIMES": settings.getint("BACKFILL_RETRY_TIMES"),
        }.items():
            settings.set(name, value, priority="cmdline")

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, site: str, source: str, since: str = "", until: str = "",
                     delay: str = "0", concurrency: str = "1", **kwargs: Any) -> FrontierBackfillSpider:
        fields = json.loads(source)
        spider = super().from_crawler(
            crawler, *args, profile=registry_for(crawler.settings)[site],
            source=BackfillSource(**{**fields, "index_urls": tuple(fields["index_urls"])}),
            since=parse_iso_date(since) if since else None, until=parse_iso_date(until) if until else None, **kwargs)
        spider.frontier_limits = (float(delay), int(concurrency))  # crawler/cluster/politeness.py
        return spider

    def start_requests(self) -> Iterator[Any]:
        for request in super().start_requests():  # the seeder's only: the index requests …
            request.meta[LOCAL_META] = True  # … which it answers itself (the plan reads the archive)
            yield request


class FrontierBackfillPipeline:
    """A worker's backfill items to the ingester; the capture's own response to the worker's WARC file."""

    def __init__(self, crawler: Any, session: Any, warc: FrontierWarcCapture | None) -> None:
        self.crawler = crawler
        self.session = session
        self.stats = crawler.stats
        self.warc = warc

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierBackfillPipeline:
        try:
            warc = FrontierWarcCapture.from_crawler(crawler)
        except NotConfigured:
            warc = None
        return cls(crawler, frontier_session(crawler), warc)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        spider = self.crawler.spider
        capture = getattr(item, "capture", None)
        if not isinstance(item, CaptureArticle | CaptureOutcome) or capture is None:
            return item
        fields = dict(run=self.session.run, site=spider.site, source=spider.source.label, url=capture.url,
                      timestamp=capture.timestamp, canonical=item.canonical_url, digest=capture.digest or None)
        if isinstance(item, CaptureOutcome):
            self.stats.inc_value(f"backfill/skipped/{item.reason}")
            self.session.push(messages.encode("capture_outcome", outcome=item.outcome, detail=item.detail, **fields))
            return {"url": capture.url, "timestamp": capture.timestamp, "outcome": item.outcome}
        if self.warc is not None:
            self.warc.capture(capture_exchange(item), now_vn())
        self.session.push(messages.encode("capture", record=item.record, captured_at=to_iso(capture.captured_at),
                                          **fields))
        self.stats.inc_value("frontier/items_pushed")
        return {"url": item.canonical_url, "timestamp": capture.timestamp, "status": "pushed"}


def backfill_with_frontier(profile: Profile, source: BackfillSource, *, db_path: Path, url: str,
                           since: date | None = None, until: date | None = None,
                           settings: Mapping[str, Any] | None = None, log_level: str = "WARNING",
                           worker: str | None = None, ingest_wait: float = 600.0) -> tuple[BackfillSummary, bool]:
    """Open the run, read the indexes, queue the captures, fetch as one of the workers, wait for the ingester;
    the summary (from the run's stats, summed over its workers and the ingester) and whether it is stored."""
    process = _process(url, worker or default_worker_name(), seeder=True, db_path=db_path, mirror_url=None,
                       log_level=log_level, settings=settings)
    args = run_args(profile, source, since, until, process.settings)
    redis, keys = connect(url), Keys.of(url)
    (opened,) = open_runs(db_path, redis, keys, process.settings, [(SPIDER, profile.key, args)])
    crawler = crawl_spider(process, FrontierBackfillSpider, args)
    process.start()
    reason = close_crawled_run(redis, keys, opened, crawler)
    (row,) = wait_for_ingester(redis, keys, [opened], timeout=ingest_wait)
    stats: dict[str, Any] = {k.decode(): int(v) for k, v in redis.hgetall(keys.key("run", opened.run, "stats")).items()}
    own = crawler.stats.get_stats()  # the seeder's: its reason, and its requests if no worker beat
    stats.update({"finish_reason": reason,
                  "downloader/request_count": int(row.get("requests") or own.get("downloader/request_count", 0)),
                  "elapsed_time_seconds": own.get("elapsed_time_seconds", 0)})
    return BackfillSummary.from_stats(profile.key, source.label, stats, row["crawl_id"]), bool(row["stored"])

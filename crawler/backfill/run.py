"""Run one backfill in this process: the archive lock, the Scrapy crawler, the summary.

``run_backfill(profile, source, db_path=…)`` holds the archive lock (:class:`crawler.runner.guard.CrawlGuard`,
as ``archive crawl`` does: a killed backfill's crawl row is marked and its WARC records indexed by the next
run), runs :class:`~crawler.backfill.spider.BackfillSpider` with the backfill settings on top of the
project's, and returns a :class:`BackfillSummary` read from the crawler's stats.

Settings (``crawler/settings.py``): ``BACKFILL_MAX_DELAY`` (``crawler/backfill/throttle.py``),
``BACKFILL_RATE`` (requests per second: ``DOWNLOAD_DELAY`` is its
inverse, AutoThrottle stays on above it), ``BACKFILL_CONCURRENCY``, ``BACKFILL_RETRY_TIMES``,
``BACKFILL_ROBOTSTXT_OBEY``; the others are read by the spider and :mod:`crawler.backfill.sources`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from archive.vn_time import now_vn
from crawler.backfill.sources import BackfillSource
from crawler.backfill.spider import BackfillSpider
from crawler.components.extensions import archive_session, crawl_status
from crawler.profiles.base import Profile
from crawler.runner.crawl_process import project_settings
from crawler.runner.guard import CrawlGuard

PIPELINE = "crawler.backfill.pipeline.BackfillPipeline"


def backfill_settings(settings: Settings) -> dict[str, Any]:
    """The Scrapy settings a backfill runs with, derived from the ``BACKFILL_*`` ones."""
    rate = settings.getfloat("BACKFILL_RATE")
    return {
        "ITEM_PIPELINES": {PIPELINE: 300},
        "DOWNLOADER_MIDDLEWARES": {
            **settings.getdict("DOWNLOADER_MIDDLEWARES"),
            # the pipeline writes each capture's own response, not the replay's
            "crawler.components.warc_capture.WarcCaptureMiddleware": None,
            "crawler.components.middlewares.FailureMiddleware": None,  # outcomes go to backfill_captures
            "crawler.backfill.throttle.ArchiveThrottle": 560,  # sees a 429 before the retry middleware (550)
        },
        "MIRROR_URL": "",
        "ROBOTSTXT_OBEY": settings.getbool("BACKFILL_ROBOTSTXT_OBEY"),
        "DOWNLOAD_DELAY": 1.0 / rate if rate > 0 else 0,
        "AUTOTHROTTLE_ENABLED": rate > 0 and settings.getbool("AUTOTHROTTLE_ENABLED"),
        "AUTOTHROTTLE_START_DELAY": 1.0 / rate if rate > 0 else 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.getint("BACKFILL_CONCURRENCY"),
        "RETRY_TIMES": settings.getint("BACKFILL_RETRY_TIMES"),
        "BOILERPLATE_LEARN": settings.getbool("BOILERPLATE_LEARN"),
        # each capture committed as it is stored: a killed backfill must not fetch again from the web archive
        # what it had already stored (a crawl's batch of 50 pages would cost up to 50 polite requests)
        "ARCHIVE_COMMIT_PAGES": 1,
    }


@dataclass
class BackfillSummary:
    site: str
    source: str
    status: str = "failed"  # finished | failed | killed (a crawl's statuses)
    reason: str = ""  # Scrapy's finish reason
    crawl_id: int | None = None
    index_requests: int = 0
    index_failed: int = 0
    listed: int = 0
    bad_lines: int = 0
    capped: int = 0
    fetched: int = 0
    fetch_failed: int = 0
    store_failed: int = 0
    stored: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0
    requests: int = 0
    seconds: float = 0.0
    throttled: int = 0  # 429s (and 503s with Retry-After) that slowed the whole run down
    slot_delay: float = 0.0  # the largest delay between two requests they set
    skipped: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_stats(cls, site: str, source: str, stats: Mapping[str, Any], crawl_id: int | None) -> BackfillSummary:
        def get(key: str) -> int:
            return int(stats.get(key, 0))

        reason = str(stats.get("finish_reason", "not started"))
        return cls(
            site=site, source=source, status=crawl_status(reason), reason=reason, crawl_id=crawl_id,
            index_requests=get("backfill/index_requests"), index_failed=get("backfill/index_failed"),
            listed=get("backfill/listed"), bad_lines=get("backfill/bad_lines"), capped=get("backfill/capped"),
            fetched=get("backfill/fetched"), fetch_failed=get("backfill/fetch_failed"),
            store_failed=get("backfill/store_failed"),
            stored=get("backfill/stored"), new=get("archive/new"), updated=get("archive/updated"),
            unchanged=get("archive/unchanged"), older=get("backfill/older"),
            requests=get("downloader/request_count"), throttled=get("backfill/throttled"),
            slot_delay=float(stats.get("backfill/slot_delay", 0.0)),
            seconds=round(float(stats.get("elapsed_time_seconds", 0)), 2),
            skipped={k.removeprefix("backfill/skipped/"): int(v) for k, v in sorted(stats.items())
                     if k.startswith("backfill/skipped/")},
        )

    @property
    def complete(self) -> bool:
        """Nothing left for a next run: every index answered, every capture fetched, the run not cut short."""
        return self.status == "finished" and not (self.index_failed or self.fetch_failed or self.store_failed)

    @property
    def index_unreachable(self) -> bool:
        return self.index_requests > 0 and self.index_failed == self.index_requests

    def lines(self) -> list[str]:
        """The summary, one fact a line (what the CLI prints and the log keeps)."""
        out = [
            f"backfill of {self.site} from {self.source}: {self.status} ({self.reason}), crawl {self.crawl_id}",
            f"index: {self.index_requests} request(s), {self.index_failed} failed, {self.listed} captures listed, "
            f"{self.bad_lines} line(s) unparsable" + (f", {self.capped} answer(s) capped" if self.capped else ""),
            f"captures fetched: {self.fetched}, failed: {self.fetch_failed}"
            + (f", not stored: {self.store_failed}" if self.store_failed else "") + " (tried again by the next run)",
            f"stored: {self.stored} (new {self.new}, updated {self.updated}, unchanged {self.unchanged}, "
            f"older version {self.older})",
        ]
        if self.skipped:
            out.append("skipped: " + ", ".join(f"{k} {v}" for k, v in self.skipped.items()))
        out.append(f"requests: {self.requests} in {self.seconds} s")
        if self.throttled:
            out.append(f"throttled by the archive {self.throttled} time(s): "
                       f"requests spaced up to {self.slot_delay:g} s")
        if self.index_unreachable:
            out.append("the index did not answer: nothing was fetched")
        return out


def run_backfill(
    profile: Profile,
    source: BackfillSource,
    *,
    db_path: Path,
    since: date | None = None,
    until: date | None = None,
    settings: Mapping[str, Any] | None = None,
    log_level: str = "WARNING",
    watch: Callable[[Crawler], None] | None = None,
) -> BackfillSummary:
    """Backfill ``profile``'s site from ``source`` into the archive at ``db_path``; blocks until done.

    ``watch(crawler)`` is called before the crawl starts (the CLI's progress line reads its stats).
    Raises :class:`~archive.lock.CrawlLockedError` when another crawl holds the archive.
    """
    overrides: dict[str, Any] = {"ARCHIVE_DB": str(db_path), "LOG_LEVEL": log_level,
                                 "LOG_INSTALL_ROOT_HANDLER": True, **(settings or {})}
    base = project_settings(overrides)
    for name, value in backfill_settings(base).items():
        if name not in overrides:
            base.set(name, value, priority="cmdline")
    with CrawlGuard(db_path, [profile.key], settings=base, now=now_vn(), resume=False):
        process = CrawlerProcess(base)
        crawler = process.create_crawler(BackfillSpider)
        if watch is not None:
            watch(crawler)
        process.crawl(crawler, profile=profile, source=source, since=since, until=until)
        process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        return BackfillSummary.from_stats(profile.key, source.label, stats, archive_session(crawler).crawl_id)

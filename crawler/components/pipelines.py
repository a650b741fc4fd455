"""Item pipelines: a fetched page → an extracted article → a row (and version) in the archive.

* :class:`PageItem` is what spiders yield for every article page they fetched.
* :class:`ExtractPipeline` runs ``crawler.extract.extract_article``; ``NotAnArticle`` drops the
  page with its reason (stats ``extract/not_article``, ``extract/not_article/<reason>``) and records
  it in ``failures`` ("not an article: …"), so a page caught in a bad moment (a maintenance page, a
  half-published article) is fetched again by a later run, with backoff, instead of lost; one that
  never is an article is parked after ``FAILURE_PARK_AFTER`` tries and listed by
  ``archive failures``.  Which path produced the body is counted in ``extract/<site|generic>``,
  and pages where the site rules matched no body container at all in ``extract/no_site_body``.
* :class:`ArchivePipeline` stores the article with ``archive.store.save_article`` under this run's
  crawl id (fetched URL kept beside the canonical one), then clears the failures of the URLs it
  came from, and counts ``archive/new``,
  ``archive/updated``, ``archive/unchanged``, and ``archive/duplicates`` (new or changed texts that
  the online dedup put in a cluster with another article: a copy, or an original stored after its copy).

The lines learned for a site (``archive/boilerplate.py``) are dropped too: :class:`ExtractPipeline`
reads them from the archive the first time it sees a page of that site.

Settings: ``ARCHIVE_DB`` (through the shared archive session), ``EXTRACT_BOILERPLATE`` (extra
lines no text may keep), ``EXTRACT_WORKERS`` (0: extract in the crawl process; N: in a pool of N
worker processes shared by every spider of the process, so extraction runs beside fetching on
other cores — worth it for big backfills from a mirror, not for polite online crawls).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from archive.dedup import in_shared_cluster
from archive.store import save_article
from archive.vn_time import now_vn
from crawler.components.extensions import ArchiveSession, archive_session
from crawler.extract import Article, NotAnArticle, extract_article


@dataclass
class PageItem:
    """One fetched article page, as the spider saw it."""

    url: str  # the real URL the body came from (after redirects), never the mirror's
    requested_url: str  # what the spider asked for (before redirects)
    body: bytes = field(repr=False)  # an error log line shows the item: not 100 kB of HTML
    site: str  # the crawl's site label (profile key, or a host for sharepoint/generic)
    profile: str  # profile key handed to the extractor
    status: int
    fetched_at: str  # ISO 8601 +07:00


@dataclass
class ArticleItem:
    page: PageItem
    article: Article


def reason_key(reason: str) -> str:
    """A stats-key-safe form of a NotAnArticle reason."""
    return re.sub(r"[^a-z0-9]+", "_", reason.lower()).strip("_")[:40] or "unknown"


_POOL: dict[str, Any] = {"pool": None, "users": 0}


def _acquire_pool(workers: int) -> ProcessPoolExecutor:
    if _POOL["pool"] is None:
        _POOL["pool"] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    _POOL["users"] += 1
    return _POOL["pool"]


def _restart_pool(broken: ProcessPoolExecutor, workers: int) -> ProcessPoolExecutor:
    """Replace a broken shared pool (once, whichever pipeline notices first) and return the live one."""
    if _POOL["pool"] is broken:
        broken.shutdown(wait=False, cancel_futures=True)
        _POOL["pool"] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    return _POOL["pool"]


def _release_pool() -> None:
    _POOL["users"] -= 1
    if _POOL["users"] <= 0 and _POOL["pool"] is not None:
        _POOL["pool"].shutdown(wait=True, cancel_futures=True)
        _POOL["pool"] = None


def _extract(body: bytes, url: str, profile: str, boilerplate: tuple[str, ...]) -> Article:
    return extract_article(body, url, site=profile, boilerplate=boilerplate)


class ExtractPipeline:
    def __init__(
        self, stats: Any, boilerplate: tuple[str, ...] = (), workers: int = 0, session: ArchiveSession | None = None
    ) -> None:
        self.stats = stats
        self.boilerplate = boilerplate
        self.workers = workers
        self.session = session
        self.pool: ProcessPoolExecutor | None = None
        self._site_lines: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler.stats, tuple(crawler.settings.getlist("EXTRACT_BOILERPLATE")),
                   crawler.settings.getint("EXTRACT_WORKERS", 0), archive_session(crawler))

    def lines_for(self, site: str) -> tuple[str, ...]:
        """The configured lines plus those learned for ``site`` (read once per site and run)."""
        if site not in self._site_lines:
            learned = self.session.learned_lines(site) if self.session is not None else frozenset()
            self._site_lines[site] = self.boilerplate + tuple(sorted(learned))
        return self._site_lines[site]

    def open_spider(self, spider: Any = None) -> None:
        if self.workers > 0:
            self.pool = _acquire_pool(self.workers)

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            self.pool = None
            _release_pool()

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, PageItem):
            return item
        lines = self.lines_for(item.site)
        try:
            article = await self._extract_in_place_or_pool(item, lines)
        except NotAnArticle as exc:
            self.stats.inc_value("extract/not_article")
            self.stats.inc_value(f"extract/not_article/{reason_key(exc.reason)}")
            if self.session is not None:
                self.session.record_failure(item.requested_url, f"not an article: {exc.reason}"[:300],
                                            stats=self.stats, kind="article", http_status=item.status)
            raise DropItem(f"not an article: {exc.reason} ({item.url})") from exc
        self.stats.inc_value(f"extract/{article.extraction}")
        if not article.rules_found_body:
            self.stats.inc_value("extract/no_site_body")  # read by CrawlRecorder's template check
        return ArticleItem(item, article)

    async def _extract_in_place_or_pool(self, item: PageItem, lines: tuple[str, ...]) -> Article:
        if self.pool is None:
            return _extract(item.body, item.url, item.profile, lines)
        try:
            return await asyncio.wrap_future(self.pool.submit(_extract, item.body, item.url, item.profile, lines))
        except BrokenProcessPool:  # a worker died (out of memory?): a new pool for what follows
            self.stats.inc_value("extract/pool_restarts")
            self.pool = _restart_pool(self.pool, self.workers)
            return _extract(item.body, item.url, item.profile, lines)  # this page, here and now


class ArchivePipeline:
    def __init__(self, session: ArchiveSession, stats: Any) -> None:
        self.session = session
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(archive_session(crawler), crawler.stats)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        record = item.article.to_record()
        record["site"] = item.page.site
        record["fetched_url"] = item.page.url
        result = save_article(self.session.db, record, crawl_id=self.session.crawl_id, now=now_vn())
        self.session.clear_failures(item.page.requested_url, item.page.url, stats=self.stats)
        self.stats.inc_value(f"archive/{result.status}")
        if result.status != "unchanged" and (
            result.duplicate_of is not None or in_shared_cluster(self.session.db, result.article_id)
        ):  # a copy of an earlier article, or the original of one stored before it (published earlier)
            self.stats.inc_value("archive/duplicates")
        return {"url": record.get("canonical_url") or record["url"], "status": result.status,
                "article_id": result.article_id}

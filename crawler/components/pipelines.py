"""Item pipelines: a fetched page → an extracted article → a row (and version) in the archive.

* :class:`PageItem` is what spiders yield for every article page they fetched.
* :class:`ExtractPipeline` runs ``crawler.extract.extract_article``; ``NotAnArticle`` drops the
  page with its reason (stats ``extract/not_article``, ``extract/not_article/<reason>``) and records
  it in ``failures`` ("not an article: …"), so a page caught in a bad moment (a maintenance page, a
  half-published article) is fetched again by a later run, with backoff, instead of lost; one that
  never is an article is parked after ``FAILURE_PARK_AFTER`` tries and listed by
  ``archive failures``.  A page that cannot be decoded (``ExtractError``) is a failure the same way
  ("cannot extract: …"), in one log line.  The page is decoded with the charset of its HTTP header
  (``PageItem.content_type``) before its ``<meta>``.  Which path produced the body is counted in
  ``extract/<site|generic>``,
  and pages where the site rules matched no body container at all in ``extract/no_site_body``.
* :class:`ArchivePipeline` stores the article with ``archive.store.save_article`` under this run's
  crawl id (fetched URL kept beside the canonical one), then clears the failures of the URLs it
  came from (a page claiming another site's article is refused: a failure with its reason; a
  damaged archive or a full disk stops the crawl), and counts ``archive/new``,
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
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from archive.dedup import in_shared_cluster
from archive.errors import CrossSiteClaimError
from archive.freshness import RevisitPolicy
from archive.store import save_article
from archive.vn_time import now_vn
from crawler.components.extensions import ArchiveSession, archive_session
from crawler.components.revisits import note_stored, revisit_policy
from crawler.extract import Article, ExtractError, NotAnArticle, extract_article
from crawler.profiles.base import Profile


@dataclass
class PageItem:
    """One fetched article page, as the spider saw it."""

    url: str  # the real URL the body came from (after redirects), never the mirror's
    requested_url: str  # what the spider asked for (before redirects)
    body: bytes = field(repr=False)  # an error log line shows the item: not 100 kB of HTML
    site: str  # the crawl's site label (profile key, or a host for sharepoint/generic)
    profile: str | Profile  # profile key handed to the extractor; a sites-file site hands its Profile
    status: int
    fetched_at: str  # ISO 8601 +07:00
    content_type: str = ""  # the HTTP Content-Type header: its charset decides the decoding
    # the article's key as the spider decided it (the key it looked up), and whether this fetch was a
    # scheduled revisit (crawler/components/revisits.py)
    canonical_url: str | None = None
    check: bool = False


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


def _extract(
    body: bytes, url: str, profile: str | Profile, boilerplate: tuple[str, ...], content_type: str = ""
) -> Article:
    return extract_article(body, url, site=profile, boilerplate=boilerplate, content_type=content_type or None)


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
                   crawler.settings.getint("EXTRACT_WORKERS"), archive_session(crawler))

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
        except ExtractError as exc:  # undecodable bytes: a failure with its reason, no traceback
            self.stats.inc_value("extract/error")
            if self.session is not None:
                self.session.record_failure(item.requested_url, f"cannot extract: {exc}"[:300],
                                            stats=self.stats, kind="article", http_status=item.status)
            raise DropItem(f"cannot extract: {exc} ({item.url})") from exc
        self.stats.inc_value(f"extract/{article.extraction}")
        for field_name, stat in (("published", "extract/dated"), ("author", "extract/authored")):  # drift alarms
            if getattr(article, field_name, None):
                self.stats.inc_value(stat)
        if not article.rules_found_body:
            self.stats.inc_value("extract/no_site_body")  # read by CrawlRecorder's template check
        return ArticleItem(item, article)

    async def _extract_in_place_or_pool(self, item: PageItem, lines: tuple[str, ...]) -> Article:
        if self.pool is None:
            return _extract(item.body, item.url, item.profile, lines, item.content_type)
        try:
            return await asyncio.wrap_future(
                self.pool.submit(_extract, item.body, item.url, item.profile, lines, item.content_type))
        except BrokenProcessPool:  # a worker died (out of memory?): a new pool for what follows
            self.stats.inc_value("extract/pool_restarts")
            self.pool = _restart_pool(self.pool, self.workers)
            return _extract(item.body, item.url, item.profile, lines, item.content_type)  # this page, here and now


def quiet_drop(message: str, level: str) -> DropItem:
    """A ``DropItem`` logged at ``level`` (Scrapy >= 2.13 takes a level; older ones log a warning)."""
    try:
        return DropItem(message, log_level=level)
    except TypeError:
        return DropItem(message)


class ArchivePipeline:
    def __init__(self, session: ArchiveSession, stats: Any, policy: RevisitPolicy | None = None) -> None:
        self.session = session
        self.stats = stats
        self.policy = policy or RevisitPolicy()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(archive_session(crawler), crawler.stats, revisit_policy(crawler.settings))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if self.session.fatal is not None:  # the crawl is stopping; a later run fetches it
            raise quiet_drop(f"not stored, the archive is unusable: {item.page.url}", "DEBUG")
        record = item.article.to_record()
        record["site"] = item.page.site
        record["fetched_url"] = item.page.url
        if item.page.canonical_url:  # the key the spider looked up decides, not the page's own canonical
            record["canonical_url"] = item.page.canonical_url
        now = now_vn()
        try:
            with self.session.unit():  # the article, its schedule, its failures cleared: one unit, committed in a batch
                result = save_article(self.session.db, record, crawl_id=self.session.crawl_id, now=now)
                note_stored(self.session.db, record.get("canonical_url") or record["url"], item.page.site,
                            result.status, record.get("published_at") or record.get("published"),
                            check=item.page.check, stats=self.stats, policy=self.policy, now=now)
                self.session.clear_failures(item.page.requested_url, item.page.url, stats=self.stats)
        except (sqlite3.DatabaseError, OSError) as exc:
            if self.session.stop_on_storage_error(exc):
                raise quiet_drop(f"not stored, the archive is unusable: {item.page.url}", "DEBUG") from exc
            raise
        except CrossSiteClaimError as exc:  # logged by save_article; refused with its reason
            self.session.record_failure(item.page.requested_url, f"refused: {exc}"[:300], stats=self.stats,
                                        kind="article")
            raise quiet_drop(f"refused: {exc}", "INFO") from exc
        self.stats.inc_value(f"archive/{result.status}")
        if result.status != "unchanged" and (
            result.duplicate_of is not None or in_shared_cluster(self.session.db, result.article_id)
        ):  # a copy of an earlier article, or the original of one stored before it (published earlier)
            self.stats.inc_value("archive/duplicates")
        return {"url": record.get("canonical_url") or record["url"], "status": result.status,
                "article_id": result.article_id}

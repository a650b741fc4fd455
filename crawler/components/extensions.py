"""The archive as seen from a crawl: one shared connection, and the crawl row of each spider run.

* :func:`archive_session` gives a crawler its :class:`ArchiveSession` (database, crawl id, site);
  the database connection is opened once per process and per archive file, shared by every
  spider running in the process (all Scrapy callbacks run in the one reactor thread) and closed
  when the last spider using it closes.
* :class:`CrawlRecorder` (extension) opens the crawl row (``archive.store.start_crawl``) on
  ``spider_opened`` and finishes it on ``spider_closed`` with the counts from the stats
  (``archive/new``, ``archive/updated``, ``archive/unchanged``, ``archive/failed``, requests).

  After finishing it, when the run stored new articles, it re-learns the site's template lines
  (``archive.boilerplate.learn_boilerplate``) so the next run drops them.  A page that reached the
  pipelines but could not be stored (``item_error``) is recorded in ``failures`` (stat
  ``archive/item_errors``) so a later run fetches it again.

  It also watches for the commonest way a nightly crawler dies quietly: the site changes its
  template.  When at least half of a run's article pages (and at least ``TEMPLATE_MIN_PAGES``) were
  not recognised as articles, or — for a spider with site rules — had no body container the rules
  could find (stat ``extract/no_site_body``),
  the finished run's ``message`` says ``check the template: …``; ``archive crawl`` then reports the
  site as failed (exit 1) so a monitor sees it the next morning, not months later.

A damaged archive or a full disk met by any component (:meth:`ArchiveSession.stop_on_storage_error`)
stops every crawl of the process writing to that archive at once, with the close reason
``archive_corrupt`` or ``disk_full`` (crawl status ``failed``); ``archive crawl`` then prints one line
and exits 65 or 74 (``crawler.cli.health``, docs/reliability.md).

The pages a crawl stores are committed together (:meth:`ArchiveSession.unit`, ``archive.db.WriteBatch``):
at most ``ARCHIVE_COMMIT_PAGES`` pages or ``ARCHIVE_COMMIT_SECONDS`` at a time, and before a crawl row is
started or finished and when the connection closes.  A kill loses only pages a resumed run fetches again.

Settings: ``ARCHIVE_DB`` (path of the archive file), ``BOILERPLATE_LEARN`` (default on),
``ARCHIVE_COMMIT_PAGES``, ``ARCHIVE_COMMIT_SECONDS``.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from scrapy import signals
from scrapy.crawler import Crawler

from archive.boilerplate import learn_boilerplate, load_boilerplate
from archive.db import WriteBatch, open_archive
from archive.errors import ArchiveCorruptError, DiskFullError, is_corrupt_error, is_disk_full_error
from archive.failures import failed_urls
from archive.store import clear_failure, finish_crawl, record_failure, start_crawl

logger = logging.getLogger(__name__)

_CONNECTIONS: dict[Path, tuple[sqlite_utils.Database, int]] = {}  # path -> (db, users)
_BATCHES: dict[Path, WriteBatch] = {}  # path -> the pages its connection has not committed yet


def _acquire(path: Path) -> sqlite_utils.Database:
    db, users = _CONNECTIONS.get(path, (None, 0))
    if db is None:
        db = open_archive(path)
    _CONNECTIONS[path] = (db, users + 1)
    return db


def _release(path: Path) -> None:
    db, users = _CONNECTIONS.get(path, (None, 0))
    if db is None:
        return
    if users <= 1:
        del _CONNECTIONS[path]
        batch = _BATCHES.pop(path, None)
        try:
            if batch is not None:
                batch.commit()
        finally:
            db.conn.close()
    else:
        _CONNECTIONS[path] = (db, users - 1)


@dataclass
class ArchiveSession:
    """What the components of one crawler share: the archive and this run's crawl row."""

    path: Path
    site: str = ""
    crawl_id: int | None = None
    failed_urls: set[str] = field(default_factory=set)  # failures known at start (cleared on success)
    park_after: int | None = None  # FAILURE_PARK_AFTER
    crawler: Any = None  # stopped at once when the archive or its disk fails
    fatal: BaseException | None = None  # the storage error that stopped this crawl
    commit_pages: int = 1  # ARCHIVE_COMMIT_PAGES (1: each page its own commit, as without a crawler)
    commit_seconds: float = 0.0  # ARCHIVE_COMMIT_SECONDS
    _db: sqlite_utils.Database | None = None
    _timer: Any = None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = _acquire(self.path)
        return self._db

    @property
    def batch(self) -> WriteBatch:
        """The write batch of this archive's connection (shared by the crawls of the process)."""
        db = self.db
        batch = _BATCHES.get(self.path)
        if batch is None or batch.db is not db:
            batch = _BATCHES[self.path] = WriteBatch(db, max_units=self.commit_pages, max_seconds=self.commit_seconds)
        return batch

    def unit(self) -> AbstractContextManager[sqlite_utils.Database]:
        """One page's writes: atomic, committed with the batch (``ARCHIVE_COMMIT_PAGES``, ``…_SECONDS``).
        Each unit left uncommitted arms a timer, so a crawl that pauses (a long download delay) still
        commits on time."""
        if self.batch.max_units > 1 and self._timer is None and self.commit_seconds > 0:
            from twisted.internet import reactor

            self._timer = reactor.callLater(self.commit_seconds, self._commit_on_time)
        return self.batch.unit()

    def _commit_on_time(self) -> None:
        self._timer = None
        self.commit()

    def after_commit(self, action: Any) -> None:
        """Run ``action`` once the pages written so far are committed (a revisit's done mark)."""
        self.batch.after_commit(action)

    def commit(self) -> None:
        """Commit the pages written so far (a crawl row's start and end wait for nothing)."""
        if self._db is None or self.path not in _BATCHES:
            return
        try:
            self.batch.commit()
        except (sqlite3.DatabaseError, OSError) as exc:
            if not self.stop_on_storage_error(exc):
                logger.error("could not commit the last pages of %s (a later run fetches them): %s",
                             self.site or "the crawl", exc)

    def learned_lines(self, site: str) -> frozenset[str]:
        """The template lines learned for ``site``."""
        return load_boilerplate(self.db, site)

    def close(self) -> None:
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        if self._db is not None:
            self.commit()
            self._db = None
            _release(self.path)

    def stop_on_storage_error(self, exc: BaseException) -> bool:
        """True (and the crawl stopping) when ``exc`` says the archive is damaged or its disk full.

        Going on would fail every later page the same way (a traceback each, a "finished" crawl that
        stored nothing, or a crawl hung on a full disk with the lock held): the first such error is
        logged in one line, kept in ``fatal`` (``archive crawl`` exits 65 or 74 for it) and the spider is
        closed with the reason ``archive_corrupt`` or ``disk_full``."""
        if not (is_corrupt_error(exc) or is_disk_full_error(exc)
                or isinstance(exc, ArchiveCorruptError | DiskFullError)):
            return False
        reason = FATAL_DISK_FULL if is_disk_full_error(exc) or isinstance(exc, DiskFullError) else FATAL_CORRUPT
        for session in [self, *(s for s in _SESSIONS if s is not self and s.path == self.path)]:
            session._stop(exc, reason)  # every crawl of the process writing to this archive stops too
        return True

    def _stop(self, exc: BaseException, reason: str) -> None:
        if self.fatal is not None:
            return
        self.fatal = exc
        logger.error("stopping the crawl of %s: %s (%s)", self.site or "the site", reason, exc)
        if self.crawler is not None:
            self.crawler.stats.set_value("archive/fatal", reason)
            engine = getattr(self.crawler, "engine", None)
            if engine is not None and getattr(engine, "running", False):
                _close_later(engine, reason)

    def record_failure(self, url: str, reason: str, *, stats: Any, kind: str, http_status: int | None = None) -> None:
        """One more failed attempt at ``url`` in ``failures`` (retried by later runs with backoff)."""
        if self.fatal is not None:
            return
        try:
            record_failure(self.db, url, reason=reason, site=self.site or None, http_status=http_status,
                           crawl_id=self.crawl_id, park_after=self.park_after)
        except (sqlite3.DatabaseError, OSError) as exc:
            if self.stop_on_storage_error(exc):
                return
            raise
        self.failed_urls.add(url)
        stats.inc_value("archive/failed")
        stats.inc_value(f"archive/failed/{kind}")

    def clear_failures(self, *urls: str, stats: Any) -> None:
        """Forget the failures of ``urls``: what they vouched for is now done (a listing read, an
        article stored)."""
        for url in dict.fromkeys(urls):
            if url in self.failed_urls and self.fatal is None:
                try:
                    clear_failure(self.db, url)
                except (sqlite3.DatabaseError, OSError) as exc:
                    if self.stop_on_storage_error(exc):
                        return
                    raise
                self.failed_urls.discard(url)
                stats.inc_value("archive/failures_cleared")


_SESSIONS: list[ArchiveSession] = []  # every session of this process (one per crawler; a process runs one batch)

FATAL_CORRUPT = "archive_corrupt"  # close reasons of a crawl stopped by its storage (crawl status "failed")
FATAL_DISK_FULL = "disk_full"


def _close_later(engine: Any, reason: str) -> None:
    """Close the spider from the reactor, not from inside the component that met the error."""
    from twisted.internet import reactor

    def close() -> None:
        if not getattr(engine, "running", False) or engine.spider is None:
            return
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=reason))
        else:
            engine.close_spider(engine.spider, reason)

    reactor.callLater(0, close)


def archive_session(crawler: Crawler) -> ArchiveSession:
    """The crawler's session (made on first use from ``ARCHIVE_DB``; a frontier worker's is in Redis)."""
    if crawler.settings.get("FRONTIER_URL"):
        from crawler.cluster.worker import frontier_session

        return frontier_session(crawler)  # type: ignore[return-value]
    session = getattr(crawler, "_archive_session", None)
    if session is None:
        path = Path(crawler.settings["ARCHIVE_DB"]).expanduser().resolve()
        session = ArchiveSession(path, park_after=crawler.settings.getint("FAILURE_PARK_AFTER") or None,
                                 crawler=crawler, commit_pages=crawler.settings.getint("ARCHIVE_COMMIT_PAGES"),
                                 commit_seconds=crawler.settings.getfloat("ARCHIVE_COMMIT_SECONDS"))
        crawler._archive_session = session  # type: ignore[attr-defined]
        _SESSIONS.append(session)
    return session


TEMPLATE_WARNING = "check the template"
TEMPLATE_MIN_PAGES = 5  # fewer article pages than this say nothing about a template
TEMPLATE_SHARE = 0.5


def template_warning(stats: Any, has_site_rules: bool) -> str | None:
    """``check the template: …`` when a run's extraction counts (``extract/…`` stats) look like a
    template change; None when they look normal (or are too few to tell)."""
    site, generic, dropped, no_body = (int(stats.get(f"extract/{k}", 0) or 0)
                                       for k in ("site", "generic", "not_article", "no_site_body"))
    pages = site + generic + dropped
    if pages >= TEMPLATE_MIN_PAGES and dropped >= TEMPLATE_SHARE * pages:
        return f"{TEMPLATE_WARNING}: {dropped} of {pages} article pages were not recognised as articles"
    extracted = site + generic
    # Only pages where the rules matched no body container count: a short notice the fallback read
    # a little better (Sở portals post many) is not a changed template.
    if has_site_rules and extracted >= TEMPLATE_MIN_PAGES and no_body >= TEMPLATE_SHARE * extracted:
        return (f"{TEMPLATE_WARNING}: {no_body} of {extracted} articles needed the generic fallback "
                "(the site rules found no body)")
    return None


def crawl_status(reason: str) -> str:
    """The crawl row status for a Scrapy close reason."""
    if reason == "finished" or reason.startswith("closespider_"):
        return "finished"
    if reason == "shutdown":
        return "killed"
    return "failed"


class CrawlRecorder:
    """Writes the ``crawls`` row of each spider run (see module docstring)."""

    def __init__(self, session: ArchiveSession, stats: Any, learn_boilerplate: bool = True) -> None:
        self.session = session
        self.stats = stats
        self.learn_boilerplate = learn_boilerplate

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRecorder:
        ext = cls(archive_session(crawler), crawler.stats, crawler.settings.getbool("BOILERPLATE_LEARN"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def spider_opened(self, spider: Any) -> None:
        site = getattr(spider, "site", None) or spider.name
        self.session.site = site
        try:
            self.session.commit()  # the crawl row on its own: the next run must see it even after a kill
            self.session.crawl_id = start_crawl(self.session.db, site)
            self.session.commit()
            self.session.failed_urls = failed_urls(self.session.db, site)
        except (sqlite3.DatabaseError, OSError) as exc:
            if not self.session.stop_on_storage_error(exc):
                raise
            return
        spider.logger.info("crawl %s of %s into %s", self.session.crawl_id, site, self.session.path)

    def counts(self) -> dict[str, int]:
        get = self.stats.get_value
        return {
            "new": get("archive/new", 0),
            "updated": get("archive/updated", 0),
            "unchanged": get("archive/unchanged", 0),
            "duplicates": get("archive/duplicates", 0),
            "failed": get("archive/failed", 0),
            "requests": get("downloader/request_count", 0),
        }

    def item_error(self, item: Any, response: Any = None, spider: Any = None, failure: Any = None) -> None:
        """A page that reached the pipelines but could not be stored (the archive locked past the
        busy timeout, an extractor crash …) goes to ``failures``, so a later run fetches it again:
        without this it would be lost (a finished run's listings stop at known pages)."""
        page = getattr(item, "page", item)
        url = getattr(page, "requested_url", None) or getattr(page, "url", None)
        if not url:
            return
        self.stats.inc_value("archive/item_errors")
        error = failure.value if failure is not None else None
        if error is not None and self.session.stop_on_storage_error(error):
            return
        reason = f"not stored: {type(error).__name__}: {error}"[:300] if error is not None else "not stored"
        try:
            self.session.record_failure(url, reason, stats=self.stats, kind="article")
        except Exception as exc:  # noqa: BLE001 - the archive itself is failing: say so, keep crawling
            logger.error("could not record the failure of %s (%s): %s", url, reason, exc)

    def spider_closed(self, spider: Any, reason: str) -> None:
        try:
            if self.session.crawl_id is not None:
                status = "failed" if self.session.fatal is not None else crawl_status(reason)
                message = None if status == "finished" else reason
                if status == "finished":
                    rules = getattr(getattr(spider, "profile", None), "rules", None)
                    message = template_warning(self.stats.get_stats(), rules is not None and not rules.fallback)
                    if message:
                        spider.logger.warning("%s: %s", self.session.site, message)
                if self.session.fatal is not None:
                    message = f"{reason}: {self.session.fatal}"[:300]
                try:
                    self.session.commit()  # the pages first: a finished row never counts uncommitted ones
                    finish_crawl(self.session.db, self.session.crawl_id, status=status, counts=self.counts(),
                                 message=message)
                    self.session.commit()
                except (sqlite3.DatabaseError, OSError) as exc:
                    if not self.session.stop_on_storage_error(exc):
                        raise
                    return  # the next run marks the row killed and counts what it stored
                if self.learn_boilerplate and self.stats.get_value("archive/new", 0) and self.session.fatal is None:
                    self._learn(spider)
        finally:
            self.session.close()

    def _learn(self, spider: Any) -> None:
        """Re-learn the site's template lines (after the crawl row is final: a failure here is harmless)."""
        try:
            learned = learn_boilerplate(self.session.db, self.session.site)
        except Exception as exc:  # noqa: BLE001 - the next run learns again
            spider.logger.warning("template lines of %s not re-learned: %s", self.session.site, exc)
            return
        if learned:
            spider.logger.info("%d template lines learned for %s", len(learned), self.session.site)

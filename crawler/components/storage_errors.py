"""Extension: a damaged archive or a full disk met anywhere in a crawl stops it, in one line.

Scrapy reports an exception raised in a spider callback, a pipeline, a signal handler or the start
requests by logging it with its traceback and carrying on: with a damaged archive that was 1,499
tracebacks and a crawl "finished".  This extension puts a filter on Scrapy's loggers: a record whose
exception is SQLite's "database disk image is malformed", "database or disk is full" or ``ENOSPC``
is dropped (``archive crawl`` prints one line for it at the end) and the crawl is stopped through
:meth:`crawler.components.extensions.ArchiveSession.stop_on_storage_error` (close reason
``archive_corrupt`` or ``disk_full``; exit 65 or 74).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from archive.errors import ArchiveCorruptError, DiskFullError, is_corrupt_error, is_disk_full_error
from crawler.components.extensions import ArchiveSession, archive_session


def is_storage_error(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    return isinstance(exc, ArchiveCorruptError | DiskFullError) or is_corrupt_error(exc) or is_disk_full_error(exc)


class StorageErrorsStopTheCrawl(logging.Filter):
    LOGGERS = ("scrapy.core.scraper", "scrapy.core.engine", "scrapy.utils.signal", "scrapy.core.spidermw",
               "scrapy.utils.defer", "scrapy.crawler", "twisted", "asyncio")

    def __init__(self, session: ArchiveSession) -> None:
        super().__init__()
        self.session = session

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorageErrorsStopTheCrawl:
        ext = cls(archive_session(crawler))
        for name in cls.LOGGERS:
            logging.getLogger(name).addFilter(ext)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.remove, signal=signals.engine_stopped)
        return ext

    def spider_error(self, failure: Any, response: Any = None, spider: Any = None) -> None:
        self.session.stop_on_storage_error(failure.value)

    def remove(self) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None:  # a failure logged through Twisted carries it in the arguments
            exc = next((getattr(a, "value", None) for a in (record.args if isinstance(record.args, tuple) else ())
                        if is_storage_error(getattr(a, "value", None))), None)
        if not is_storage_error(exc):
            return True
        self.session.stop_on_storage_error(exc)
        return False

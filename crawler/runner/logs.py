"""Crawl logs: the log file of unattended runs, and one line (no traceback) per network failure.

``archive crawl --log-file PATH`` sends the log to a file, rotated by size.

Settings ``CRAWL_LOG_MAX_BYTES`` (default 5 MiB) and ``CRAWL_LOG_BACKUPS`` (default 10): the log is
``crawl.log``, older parts ``crawl.log.1`` … ``crawl.log.10``; no logrotate needed.  Only the
process holding the archive lock rotates the file; a run that finds the lock held only appends one
line (:func:`append_line`), so two processes never rotate the same file.

:class:`NetworkErrorsInOneLine` (extension): Scrapy logs a download that failed for good with its
whole traceback, some 30 lines of Twisted internals for "DNS lookup failed".  A failure of the
network is not a bug: the message stays, the traceback goes.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.utils.misc import load_object

from archive.vn_time import now_vn, to_iso

LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


def add_log_file(path: Path, *, max_bytes: int, backups: int, level: int = logging.INFO) -> RotatingFileHandler:
    """Send the root logger (Scrapy's included) to ``path`` as well; returns the handler to remove later."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler


def remove_log_file(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()


def append_line(path: Path, message: str) -> None:
    """One timestamped line at the end of the log, without rotating it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"{to_iso(now_vn())} [archive] {message}\n")


class NetworkErrorsInOneLine(logging.Filter):
    """Drops the traceback from Scrapy's log records of network failures (module docstring).

    Network failures are the exceptions Scrapy retries (``RETRY_EXCEPTIONS``), except the bare
    ``OSError`` that list also holds: an ``OSError`` from our own code is a bug worth its traceback.
    Only the two loggers that report failed downloads are filtered; the filter is removed when the
    crawler's engine stops.
    """

    LOGGERS = ("scrapy.core.scraper", "scrapy.downloadermiddlewares.robotstxt")

    def __init__(self, exceptions: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.exceptions = exceptions

    @classmethod
    def from_crawler(cls, crawler: Any) -> NetworkErrorsInOneLine:
        found = (load_object(e) if isinstance(e, str) else e for e in crawler.settings.getlist("RETRY_EXCEPTIONS"))
        log_filter = cls(tuple(e for e in found if e is not OSError))
        for name in cls.LOGGERS:
            logging.getLogger(name).addFilter(log_filter)
        crawler.signals.connect(log_filter.remove, signal=signals.engine_stopped)
        return log_filter

    def remove(self) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.exceptions):
            record.exc_info = None
            record.exc_text = None
        return True

"""Extension: stop the crawl while there is still room to stop cleanly, when a disk it writes to fills up.

Every ``CRAWL_DISK_CHECK_SECONDS`` it checks the free space of the archive's folder, the WARC folder
and the job folder (``JOBDIR``); under ``CRAWL_MIN_FREE_BYTES`` the crawl stops with the close reason
``disk_full`` (``archive crawl`` exits 74), through the same path as a write that met ``ENOSPC`` or
SQLite's "database or disk is full" (``crawler.components.extensions.ArchiveSession.stop_on_storage_error``).
Without it a full disk hung the crawl for ever, the lock held, a traceback every 30 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from archive.errors import DiskFullError
from archive.health import check_free_space
from crawler.components.extensions import ArchiveSession, archive_session
from crawler.components.warc_capture import warc_folder


class DiskSpaceWatch:
    def __init__(self, session: ArchiveSession, folders: list[Path], *, min_bytes: int, every: float) -> None:
        self.session = session
        self.folders = folders
        self.min_bytes = min_bytes
        self.every = every
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskSpaceWatch:
        settings = crawler.settings
        min_bytes = settings.getint("CRAWL_MIN_FREE_BYTES")
        every = settings.getfloat("CRAWL_DISK_CHECK_SECONDS")
        if min_bytes <= 0 or every <= 0:
            raise NotConfigured
        session = archive_session(crawler)
        folders = [session.path.parent]
        if settings.getbool("WARC_ENABLED"):
            folders.append(warc_folder(settings, session.path))
        if settings.get("JOBDIR"):
            folders.append(Path(settings["JOBDIR"]))
        ext = cls(session, folders, min_bytes=min_bytes, every=every)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def check(self) -> None:
        try:
            check_free_space(self.folders, min_bytes=self.min_bytes)
        except DiskFullError as exc:
            self.session.stop_on_storage_error(exc)
            self._stop()

    def spider_opened(self, spider: Any) -> None:
        self.loop = task.LoopingCall(self.check)
        self.loop.start(self.every, now=True)

    def spider_closed(self, spider: Any) -> None:
        self._stop()

    def _stop(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.loop = None

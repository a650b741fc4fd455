"""The backfill pipeline: a capture's article into the archive, its original response into the WARC file.

For a :class:`~crawler.backfill.spider.CaptureArticle`: the capture's own HTTP response (status, headers,
payload), dated when it was captured and under the URL it was captured at, goes to the run's WARC file
(``crawler.components.warc_capture``: the same files, index and revisit records as a crawl); then, in one
transaction, :func:`archive.backfill.store_capture` stores the article and :func:`archive.backfill.record_capture`
notes the capture as ``stored``.  For a :class:`~crawler.backfill.spider.CaptureOutcome`: only the note.

Stats: ``archive/new``, ``archive/updated``, ``archive/unchanged``, ``backfill/older`` (a version added
beside a newer text), ``backfill/stored`` (all four), ``backfill/skipped/<reason>`` for fetched captures
that gave no article, ``backfill/store_failed`` (the archive refused the write: fetched again next run).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive.backfill import record_capture, store_backfilled
from archive.errors import ArchiveError
from archive.vn_time import now_vn
from crawler.backfill.spider import CaptureArticle, CaptureOutcome
from crawler.components.extensions import ArchiveSession, archive_session
from crawler.components.warc_capture import Exchange, WarcCaptureMiddleware

logger = logging.getLogger(__name__)


def capture_exchange(item: CaptureArticle) -> Exchange:
    """The capture's own HTTP response (dated when it was captured) as a WARC writer takes it."""
    return Exchange(url=item.record["fetched_url"], method="GET", request_headers=[], request_body=b"",
                    status=item.page.status, response_headers=item.page.headers, body=item.page.body,
                    fetched_at=item.capture.captured_at, protocol=item.page.protocol)


class BackfillPipeline:
    def __init__(self, crawler: Crawler, session: ArchiveSession, warc: WarcCaptureMiddleware | None) -> None:
        self.crawler = crawler
        self.session = session
        self.stats = crawler.stats
        self.warc = warc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackfillPipeline:
        try:
            warc = WarcCaptureMiddleware.from_crawler(crawler)
        except NotConfigured:
            warc = None
        return cls(crawler, archive_session(crawler), warc)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        spider = self.crawler.spider
        try:
            return self._process(item, spider)
        except (sqlite3.Error, ArchiveError) as exc:  # the archive locked past the busy timeout, a full disk
            self.stats.inc_value("backfill/store_failed")
            logger.error("capture %s not stored, tried again by the next run: %s", getattr(item, "capture", item), exc)
            return None

    def _process(self, item: Any, spider: Any) -> Any:
        source = spider.source.label
        if isinstance(item, CaptureOutcome):
            self.stats.inc_value(f"backfill/skipped/{item.reason}")
            logger.info("capture %s %s skipped: %s", item.capture.timestamp, item.capture.url, item.detail)
            record_capture(self.session.db, site=spider.site, source=source, url=item.capture.url,
                           timestamp=item.capture.timestamp, canonical_url=item.canonical_url, outcome=item.outcome,
                           digest=item.capture.digest or None, detail=item.detail)
            return {"url": item.capture.url, "timestamp": item.capture.timestamp, "outcome": item.outcome}
        if not isinstance(item, CaptureArticle):
            return item
        capture, captured_at = item.capture, item.capture.captured_at
        if self.warc is not None:
            self.warc.capture(capture_exchange(item), now_vn())
        saved = store_backfilled(self.session.db, item.record, site=spider.site, source=source, url=capture.url,
                                 timestamp=capture.timestamp, canonical_url=item.canonical_url,
                                 captured_at=captured_at, digest=capture.digest, crawl_id=self.session.crawl_id)
        self.stats.inc_value("backfill/stored")
        self.stats.inc_value("backfill/older" if saved.status == "older" else f"archive/{saved.status}")
        return {"url": item.canonical_url, "timestamp": capture.timestamp, "status": saved.status,
                "article_id": saved.article_id}

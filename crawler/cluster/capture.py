"""WARC capture on a frontier worker: its own files, indexed by the ingester.

:class:`FrontierWarcCapture` is ``WarcCaptureMiddleware`` without the archive: files are named
``<site>-<run>-<worker>.warc.gz`` under the worker's ``WARC_FOLDER`` (by default
``warc/workers/<worker>/`` beside ``ARCHIVE_DB``), payloads are never written as revisits (the
worker cannot see earlier captures), and each file, when closed, is announced to the ingester
(``warc`` message, its name relative to the data folder), which indexes it where it is mounted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.cluster import messages
from crawler.components.warc_capture import CaptureWriter, WarcCaptureMiddleware, _relative_name, warc_path


class FrontierWarcCapture(WarcCaptureMiddleware):
    worker = "worker"  # FRONTIER_WORKER

    def _open(self, now: datetime) -> CaptureWriter:
        session = self.session
        site = session.site or self.spider_name or "crawl"
        name = f"{session.run or f'{now:%Y%m%dT%H%M%S}'}-{self.worker}"
        if self.parts:
            name += f"-{self.parts:03d}"
        path = warc_path(self.folder, site, name, now)
        writer = CaptureWriter(None, session.path.parent, path, site=site, crawl_id=None, profile=self.profile,
                               revisits=False, opened_at=now, info={"frontier-run": session.run,
                                                                    "worker": self.worker})
        self.written.append(path)
        return writer

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierWarcCapture:
        mw = super().from_crawler(crawler)
        mw.worker = crawler.settings.get("FRONTIER_WORKER")
        return mw

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        before = self.writer
        response = super().process_response(request, response, spider)
        if before is not None and self.writer is None:  # rotated: that file is complete
            self._announce(Path(before.path))
        return response

    def spider_closed(self, spider: Any) -> None:
        writer = self.writer
        super().spider_closed(spider)
        if writer is not None:
            self._announce(Path(writer.path))

    def _announce(self, path: Path) -> None:
        self.session.push(messages.encode("warc", run=self.session.run,
                                          file=_relative_name(path, self.session.path.parent)))

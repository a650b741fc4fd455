"""WARC capture: every response a crawl fetches, with its request, in a gzipped WARC 1.1 file.

:class:`WarcCaptureMiddleware` (downloader middleware, order 940: right after the mirror, before
everything else) sees each response as it came off the wire: listing pages, articles,
robots.txt, redirects (the 3xx itself), error pages, retried 5xx, with the body still
content-encoded.  In mirror mode the mirror middleware (950) has already put the real URL back,
so the WARC holds real URLs only.  :class:`CaptureWriter` (no Scrapy) does the writing:

* the file is ``<WARC_FOLDER>/YYYY/MM/DD/<site>-<crawl id>.warc.gz``, opened on the first
  response (when the crawl row exists), with a ``warcinfo`` record; flushed after every record and
  closed when the spider closes.  A file that reaches ``WARC_MAX_BYTES`` is closed and the crawl
  goes on in ``<site>-<crawl id>-001.warc.gz``, ``-002`` … (dated by the day each one opens), so a
  long backfill never makes one huge file (1 GB, the usual WARC convention, by default);
* each response gets ``WARC-Payload-Digest``; a payload identical to the last capture of the same
  URL (looked up in the ``captures`` index) is written as a ``revisit`` record (profile
  identical-payload-digest, ``WARC-Refers-To-Target-URI``/``-Date``) instead of a second copy;
* a ``304 Not Modified`` (the answer to a conditional revisit, ``crawler/components/revisits.py``) is
  a ``revisit`` record with profile server-not-modified that refers to the last full response;
* every record is indexed (``archive.capture_index.add_capture``) as soon as it is on disk.

The body Scrapy hands over is already de-chunked, so ``Transfer-Encoding`` is not recorded.

Settings: ``WARC_ENABLED`` (default True; False = text only, no WARC), ``WARC_FOLDER`` (default:
``warc`` beside ``ARCHIVE_DB``), ``WARC_REVISITS`` (default True), ``WARC_MAX_BYTES`` (default 1 GB;
0 = never rotate).  Stats: ``warc/response``,
``warc/revisit``, ``warc/request``, ``warc/bytes``, ``warc/errors`` (capture stopped: the crawl
goes on, text only, with an error in the log), ``warc/unindexed`` (records written while another
process held the archive past the busy timeout: capture goes on, and the records are indexed when
the spider closes, or by ``archive warc-index``).  A crawl killed between a record and its index row
is repaired by the next ``archive crawl`` (``crawler.runner.guard``), which indexes the files of the
crawls it marks as killed.
"""

from __future__ import annotations

import io
import logging
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import sqlite_utils
from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from archive.capture_index import (
    Capture,
    add_capture,
    count_captures,
    index_warc_file,
    last_full_capture,
    latest_capture,
    original_capture,
)
from archive.db import transaction
from archive.errors import ArchiveError, ArchiveLockedError
from archive.vn_time import now_vn, to_iso
from archive.warc import iso_to_warc_date
from crawler.components.extensions import archive_session

logger = logging.getLogger(__name__)

SOFTWARE = "vn-news-archive (Scrapy, warcio)"
GZIP_LEVEL = 6  # as small as 9 within 0.5 % on news pages, a third faster (warcio itself uses 9)
_DROPPED_RESPONSE_HEADERS = {b"transfer-encoding"}
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
CONFIRMED_META = "confirmed_capture"  # request meta: the fields of the Capture a 304 would confirm


def payload_digest(body: bytes) -> str:
    """``sha1:<BASE32>``, the form of WARC-Payload-Digest that warcio writes and checks."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)


def warc_folder(settings: Any, archive_path: Path) -> Path:
    """``WARC_FOLDER``, else ``warc`` beside the archive."""
    return Path(settings.get("WARC_FOLDER") or Path(archive_path).parent / "warc").expanduser().resolve()


def warc_path(folder: Path, site: str, crawl_id: int | str, day: datetime) -> Path:
    """``<folder>/YYYY/MM/DD/<site>-<crawl id>.warc.gz``."""
    return folder / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}" / f"{site}-{crawl_id}.warc.gz"


def crawl_warc_files(folder: Path, site: str, crawl_id: int) -> list[Path]:
    """Every WARC file one crawl wrote: its first file and the parts after rotation, any day."""
    names = (f"{site}-{crawl_id}.warc.gz", f"{site}-{crawl_id}-[0-9][0-9][0-9].warc.gz")
    return sorted(path for name in names for path in folder.glob(f"*/*/*/{name}"))


def index_unindexed(db: sqlite_utils.Database, archive_folder: Path, files: list[Path]) -> int:
    """Index the records of ``files`` that have no index row (what ``archive warc-index`` does for
    them); returns how many were added.  For a crawl killed between a record and its row, or one
    that met a locked archive.  A file cut short by the kill is indexed up to the cut.
    """
    before = count_captures(db)
    for path in files:
        scan = index_warc_file(db, path, archive_folder)
        if scan.truncated is not None:
            logger.warning("%s", scan.report())
    return count_captures(db) - before


@dataclass(frozen=True)
class Exchange:
    """One request and the response to it, as bytes and plain values (what a WARC pair needs)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    protocol: str = "HTTP/1.1"
    # for a 304: the full capture the server confirmed, when the crawler knows it without the archive (a
    # frontier worker: the seeder put it in the request's meta, ``crawler/cluster/revisits.py``)
    confirmed: Capture | None = None


class CaptureWriter:
    """Writes exchanges to one WARC file and indexes every record (see module docstring)."""

    def __init__(
        self,
        db: sqlite_utils.Database | None,
        archive_folder: Path,
        path: Path,
        *,
        site: str,
        crawl_id: int | None,
        profile: str | None = None,
        revisits: bool = True,
        info: dict[str, str] | None = None,
        opened_at: datetime | None = None,
        unit: Callable[[], Any] | None = None,
    ) -> None:
        self.db = db
        # How the index rows of one exchange are written: their own transaction, or a crawl's batched unit.
        self.unit = (lambda db: unit()) if unit is not None else transaction
        self.path = path
        self.site = site
        self.profile = profile
        self.crawl_id = crawl_id
        self.revisits = revisits
        self.relative = _relative_name(path, archive_folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: BinaryIO = path.open("ab")
        self._writer = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")  # records gzipped by _append
        warcinfo = self._writer.create_warcinfo_record(
            path.name, {"software": SOFTWARE, "format": "WARC File Format 1.1", "isPartOf": site,
                        "crawl-id": str(crawl_id) if crawl_id is not None else "", "profile": profile or "",
                        **(info or {})},
        )
        if opened_at is not None:
            warcinfo.rec_headers.replace_header("WARC-Date", iso_to_warc_date(to_iso(opened_at.replace(microsecond=0))))
        self._append(warcinfo)

    @property
    def size(self) -> int:
        """Bytes in the file so far."""
        return self._fh.tell()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            self._fh.close()

    def _append(self, record: Any) -> tuple[int, int]:
        """Append ``record`` as one gzip member in one write, flushed to the OS; returns (offset, length)."""
        buffer = io.BytesIO()
        self._writer.out = buffer
        self._writer.write_record(record)
        deflate = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        member = deflate.compress(buffer.getvalue()) + deflate.flush()
        offset = self._fh.tell()
        self._fh.write(member)
        self._fh.flush()
        return offset, len(member)

    def _index_row(self, record: Any, offset: int, length: int, **values: Any) -> dict[str, Any]:
        headers = record.rec_headers
        digest = headers.get_header("WARC-Payload-Digest") if record.rec_type != "request" else None
        return dict(record_type=record.rec_type, payload_digest=digest, warc_file=self.relative, offset=offset,
                    length=length, crawl_id=self.crawl_id, site=self.site, profile=self.profile,
                    record_id=headers.get_header("WARC-Record-ID"), **values)

    def _unchanged_original(self, url: str, digest: str) -> Any:
        """The response an identical payload would repeat, when the last capture of ``url`` had it."""
        if not self.revisits or self.db is None:
            return None
        last = latest_capture(self.db, url)
        if last is None or last.payload_digest != digest:
            return None
        return last if last.record_type == "response" else original_capture(self.db, last)

    def _not_modified_original(self, exchange: Exchange) -> Any:
        """For a 304: the last full capture of the URL, which the server says is still current (else None)."""
        if exchange.status != 304:
            return None
        if exchange.confirmed is not None or self.db is None:
            return exchange.confirmed
        return last_full_capture(self.db, exchange.url)

    def _not_modified_record(self, exchange: Exchange, http_headers: Any, original: Any, warc_date: str) -> Any:
        """A ``revisit`` record, profile server-not-modified, pointing at the response the 304 confirms.
        Indexed with the original's payload digest, so reading it back gives that response's body."""
        warc_headers = {
            "WARC-Date": warc_date,
            "WARC-Profile": SERVER_NOT_MODIFIED,
            "WARC-Refers-To-Target-URI": original.url,
            "WARC-Refers-To-Date": iso_to_warc_date(original.captured_at),
            "WARC-Payload-Digest": original.payload_digest,
        }
        if original.record_id:
            warc_headers["WARC-Refers-To"] = original.record_id
        return self._writer.create_warc_record(exchange.url, "revisit", http_headers=http_headers,
                                               warc_headers_dict=warc_headers)

    def write(self, exchange: Exchange) -> tuple[str, int]:
        """Write the response (or a revisit) then the request; returns (record type, bytes written)."""
        moment = exchange.fetched_at.replace(microsecond=0)
        captured_at = to_iso(moment)
        warc_date = iso_to_warc_date(captured_at)
        digest = payload_digest(exchange.body)
        reason = _reason(exchange.status)
        http_headers = StatusAndHeaders(
            f"{exchange.status} {reason}".strip(), exchange.response_headers, protocol=exchange.protocol
        )
        original = self._unchanged_original(exchange.url, digest) if exchange.body else None
        not_modified = self._not_modified_original(exchange)  # a 304 to a conditional revisit
        if not_modified is not None:
            response = self._not_modified_record(exchange, http_headers, not_modified, warc_date)
        elif original is not None:
            warc_headers = {"WARC-Date": warc_date}
            if original.record_id:
                warc_headers["WARC-Refers-To"] = original.record_id
            response = self._writer.create_revisit_record(
                exchange.url, digest, original.url, iso_to_warc_date(original.captured_at),
                http_headers=http_headers, warc_headers_dict=warc_headers,
            )
        else:
            response = self._writer.create_warc_record(
                exchange.url, "response", payload=io.BytesIO(exchange.body), length=len(exchange.body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": warc_date, "WARC-Payload-Digest": digest},
            )
        response_at = self._append(response)
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = list(exchange.request_headers)
        if not any(name.lower() == "host" for name, _ in request_headers):
            request_headers.insert(0, ("Host", parts.netloc))
        request = self._writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(exchange.request_body), length=len(exchange.request_body),
            http_headers=StatusAndHeaders(f"{exchange.method} {target} HTTP/1.1", request_headers,
                                          is_http_request=True),
            warc_headers_dict={"WARC-Date": warc_date,
                               "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
        )
        request_at = self._append(request)
        if self.db is None:  # a frontier worker: the ingester indexes the file (crawler/cluster)
            return response.rec_type, response_at[1] + request_at[1]
        with self.unit(self.db):  # both rows, once both records are on disk
            add_capture(self.db, **self._index_row(response, *response_at, url=exchange.url,
                                                   captured_at=captured_at, http_status=exchange.status))
            add_capture(self.db, **self._index_row(request, *request_at, url=exchange.url, captured_at=captured_at))
        return response.rec_type, response_at[1] + request_at[1]


def _relative_name(path: Path, folder: Path) -> str:
    """How the index names a WARC file: relative to the archive's folder (POSIX), else absolute."""
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# --- the Scrapy component -----------------------------------------------------------------------


def _header_pairs(headers: Any, drop: set[bytes] = frozenset()) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        if name.lower() in drop:
            continue
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def exchange_from(request: Any, response: Any, fetched_at: datetime) -> Exchange:
    """An :class:`Exchange` from a Scrapy request and response (real URLs: see module docstring)."""
    protocol = getattr(response, "protocol", None) or "HTTP/1.1"
    return Exchange(
        url=request.url,
        method=request.method,
        request_headers=_header_pairs(request.headers),
        request_body=request.body or b"",
        status=response.status,
        response_headers=_header_pairs(response.headers, _DROPPED_RESPONSE_HEADERS),
        body=response.body or b"",
        fetched_at=fetched_at,
        protocol=protocol if protocol.startswith("HTTP/") else "HTTP/1.1",
        confirmed=Capture(**request.meta[CONFIRMED_META]) if request.meta.get(CONFIRMED_META) else None,
    )


class WarcCaptureMiddleware:
    """Downloader middleware writing every response to the crawl's WARC file (see module docstring).

    :param session: the crawl's archive session (``.db``, ``.path``, ``.crawl_id``, ``.site``).
    """

    def __init__(
        self,
        session: Any,
        folder: Path,
        *,
        revisits: bool = True,
        max_bytes: int = 0,
        stats: Any = None,
        clock: Callable[[], datetime] = now_vn,
    ) -> None:
        self.session = session
        self.folder = folder
        self.revisits = revisits
        self.max_bytes = max_bytes
        self.parts = 0  # files this crawl has filled and closed
        self.written: list[Path] = []
        self.stats = stats
        self.clock = clock
        self.writer: CaptureWriter | None = None
        self.failed = False
        self.spider_name = ""
        self.profile: str | None = None  # the spider's profile key, kept for re-extraction

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcCaptureMiddleware:

        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured  # quietly: turning capture off is a choice, not a problem
        session = archive_session(crawler)
        folder = warc_folder(settings, session.path)
        mw = cls(session, folder, revisits=settings.getbool("WARC_REVISITS"),
                 max_bytes=settings.getint("WARC_MAX_BYTES"), stats=crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider: Any) -> None:
        self.spider_name = spider.name
        self.profile = getattr(getattr(spider, "profile", None), "key", None)

    def spider_closed(self, spider: Any) -> None:
        if self.writer is not None:
            self.writer.close()
        for path in self.written:
            spider.logger.info("WARC written: %s", path)
        if self.stats is not None and self.stats.get_value("warc/unindexed"):
            try:  # the archive was locked for a while; it may be free now
                added = index_unindexed(self.session.db, self.session.path.parent, self.written)
                spider.logger.info("indexed %d WARC record(s) left unindexed while the archive was locked", added)
            except (ArchiveError, sqlite3.Error, OSError) as exc:
                spider.logger.warning("WARC records still unindexed (run `archive warc-index`): %s", exc)

    def _open(self, now: datetime) -> CaptureWriter:
        site = self.session.site or self.spider_name or "crawl"
        crawl_id = self.session.crawl_id
        name = str(crawl_id) if crawl_id is not None else f"{now:%Y%m%dT%H%M%S}"
        if self.parts:
            name += f"-{self.parts:03d}"
        path = warc_path(self.folder, site, name, now)
        writer = CaptureWriter(self.session.db, self.session.path.parent, path, site=site, crawl_id=crawl_id,
                               profile=self.profile, revisits=self.revisits, opened_at=now,
                               unit=getattr(self.session, "unit", None))
        self.written.append(path)
        return writer

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        """Capture, then pass the response on untouched; a capture that fails never loses the page."""
        if self.failed:
            return response
        now = self.clock()
        self.capture(exchange_from(request, response, now), now)
        return response

    def capture(self, exchange: Exchange, now: datetime) -> None:
        """Write one exchange (the file dated ``now``); a failure is logged and counted, never raised.

        Also called by ``archive backfill`` (``crawler/backfill/pipeline.py``) with a capture's own exchange.
        """
        if self.failed:
            return
        try:
            if self.writer is None:
                self.writer = self._open(now)
            record_type, size = self.writer.write(exchange)
            if self.max_bytes and self.writer.size >= self.max_bytes:  # the next record opens the next file
                self.writer.close()
                self.writer = None
                self.parts += 1
        except ArchiveLockedError as exc:
            # The records are on disk, only their index rows are not (another process held the archive
            # past the busy timeout): keep capturing; `archive warc-index` indexes what is missing.
            logger.warning("WARC record of %s written but not indexed (run `archive warc-index`): %s",
                           exchange.url, exc)
            self._count("warc/unindexed")
            return
        except (OSError, sqlite3.Error, ArchiveError) as exc:
            if self.session.stop_on_storage_error(exc):  # a full disk stops the crawl
                self.failed = True
                return
            # An unwritable folder: the crawl goes on, text only, and says so.
            self.failed = True
            logger.error("WARC capture stopped, the crawl goes on without it: %s", exc)
            self._count("warc/errors")
            return
        self._count(f"warc/{record_type}")
        self._count("warc/request")
        self._count("warc/bytes", size)

    def _count(self, key: str, value: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, value)

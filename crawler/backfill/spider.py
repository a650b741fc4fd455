"""The backfill spider: a CDX index's captures of one site → the original pages → extracted articles.

1. *index*: one request per CDX index and profile host, ``www.`` folded as the index's SURT keys fold it
   (``url=<host>/``, ``matchType=prefix``, ``output=json``, ``from``/``to`` from ``--since``/``--until``,
   at most ``BACKFILL_INDEX_LIMIT`` rows);
   an index that fails (after the retries) is logged and counted, the others go on;
2. *plan*: once every index answered, :func:`crawler.backfill.cdx.plan_captures` picks per canonical URL
   the captures worth fetching, newest first, skipping those earlier runs tried (``backfill_captures``);
3. *fetch*: the newest candidate of each URL (``id_`` replay, or a WARC record by range); when it is no
   article (an error page served with 200, a truncated or non-HTML capture), the next older one.

The spider yields :class:`CaptureArticle` and :class:`CaptureOutcome` items; the pipeline
(``crawler/backfill/pipeline.py``) stores them.  ``BACKFILL_MAX_FAILURES_IN_A_ROW`` fetch failures in a
row (a 429 or 5xx storm outlasting the retries) close the run (``source_failing``): the next run goes on.
Stats: ``backfill/index_requests``, ``backfill/index_failed``, ``backfill/listed``, ``backfill/bad_lines``,
``backfill/capped``, ``backfill/skipped/<reason>``, ``backfill/fetched``, ``backfill/fetch_failed``.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.spidermiddlewares.httperror import HttpError
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.backfill import backfill_state
from crawler.backfill.cdx import HTML_TYPES, Capture, plain_url, plan_captures, read_cdx_answer
from crawler.backfill.sources import BackfillSource
from crawler.components.extensions import archive_session
from crawler.extract import ExtractError, NotAnArticle, extract_article
from crawler.profiles.base import Profile

# Headers of a replayed response that describe the replay or the transfer, not the captured page's payload.
_NOT_CAPTURED_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "memento-datetime", "link",
                         "content-location", "preference-applied"}
ORIGINAL_PREFIX = "x-archive-orig-"  # how the Wayback Machine passes a capture's own headers beside its own
MISSING_CAPTURE_CODES = (404, 410)  # the archive has no such capture (any more): try the next older one


@dataclass
class CapturedPage:
    """A capture's original HTTP response, as the site sent it when it was captured."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = field(repr=False)
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name), "")


class CaptureProblem(Exception):
    """A capture that is not a usable page; ``reason`` is a stats key (``truncated``, ``not_html`` …)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail or reason


@dataclass
class CaptureOutcome:
    """A capture fetched that gave no article (recorded so that no later run fetches it again)."""

    capture: Capture
    canonical_url: str
    outcome: str  # not_article | unreadable
    reason: str  # stats key
    detail: str


@dataclass
class CaptureArticle:
    capture: Capture
    canonical_url: str
    page: CapturedPage
    record: dict[str, Any]  # what archive.backfill.store_capture takes


def _pairs(headers: Any) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


def captured_headers(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The captured page's own headers from a replay's: ``X-Archive-Orig-*`` unprefixed when the archive
    sends them (the Wayback Machine), then the others, less those describing the replay or the transfer."""
    original = [(k[len(ORIGINAL_PREFIX):], v) for k, v in pairs if k.lower().startswith(ORIGINAL_PREFIX)]
    named = {k.lower() for k, _ in original}
    rest = [(k, v) for k, v in pairs if not k.lower().startswith("x-archive-") and k.lower() not in named]
    return [(k, v) for k, v in original + rest if k.lower() not in _NOT_CAPTURED_HEADERS]


def page_from_warc(data: bytes) -> CapturedPage:
    """The HTTP response inside one WARC record (gzipped or not), read with warcio."""
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type == "revisit":
                raise CaptureProblem("duplicate", "a revisit record: the same page as an earlier capture")
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if record.rec_headers.get_header("WARC-Truncated"):
                raise CaptureProblem("truncated", f"WARC-Truncated: {record.rec_headers.get_header('WARC-Truncated')}")
            expected = int(record.rec_headers.get_header("Content-Length") or 0)
            body = record.content_stream().read()
            if record.length is not None and expected and record.length < expected:
                raise CaptureProblem("truncated", "the WARC record is cut short")
            http = record.http_headers
            return CapturedPage(int(http.get_statuscode() or 0), list(http.headers), body,
                                http.protocol or "HTTP/1.1")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        raise CaptureProblem("truncated", f"unreadable WARC record: {exc}") from exc
    raise CaptureProblem("unreadable", "no response record at that offset")


def check_page(page: CapturedPage) -> None:
    """Raise :class:`CaptureProblem` for a capture that is not a whole HTML page."""
    if page.status != 200:
        raise CaptureProblem("redirect" if 300 <= page.status < 400 else "http_error", f"HTTP {page.status}")
    kind = page.header("content-type").lower()
    head = page.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (kind and not kind.startswith(HTML_TYPES)) or (not kind and not head.startswith(b"<")):
        raise CaptureProblem("not_html", f"not HTML ({kind or 'no Content-Type'})")
    tail = page.body[-4096:].lower()
    if b"</html" not in tail and b"</body" not in tail:
        raise CaptureProblem("truncated", f"the HTML stops short ({len(page.body)} bytes, no </body> nor </html>)")


class BackfillSpider(scrapy.Spider):
    """See module docstring; ``profile`` and ``source`` are objects, passed by ``crawler/backfill/run.py``."""

    name = "backfill"

    def __init__(
        self, profile: Profile, source: BackfillSource, since: date | None = None, until: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.profile = profile
        self.site = profile.key
        self.source = source
        self.since = since
        self.until = until
        self.pending_indexes = 0
        self.captures: list[Capture] = []
        self.failures_in_a_row = 0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BackfillSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.index_limit = crawler.settings.getint("BACKFILL_INDEX_LIMIT")
        spider.max_failures = crawler.settings.getint("BACKFILL_MAX_FAILURES_IN_A_ROW")
        return spider

    # --- index ---------------------------------------------------------------------------------

    def index_url(self, index: str, host: str) -> str:
        params = {"url": f"{host}/", "matchType": "prefix", "output": "json"}
        if self.since:
            params["from"] = f"{self.since:%Y%m%d}"
        if self.until:
            params["to"] = f"{self.until:%Y%m%d}235959"
        if self.index_limit:
            params["limit"] = str(self.index_limit)
        return f"{index}{'&' if '?' in index else '?'}{urlencode(params)}"

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        # CDX indexes key URLs by SURT, which drops "www.": www.host and host are one query
        hosts = list(dict.fromkeys(host.removeprefix("www.") for host in self.profile.hosts))
        self.pending_indexes = len(hosts) * len(self.source.index_urls)
        for index in self.source.index_urls:
            for host in hosts:
                self.crawler.stats.inc_value("backfill/index_requests")
                yield scrapy.Request(self.index_url(index, host), callback=self.parse_index, errback=self.index_failed,
                                     dont_filter=True, priority=10, meta={"backfill": "index"})

    def parse_index(self, response: scrapy.http.Response) -> Iterator[Any]:
        answer = read_cdx_answer(response.text)
        stats = self.crawler.stats
        stats.inc_value("backfill/listed", len(answer.captures))
        if answer.bad_lines:
            stats.inc_value("backfill/bad_lines", len(answer.bad_lines))
            self.logger.warning("%d CDX line(s) of %s do not parse, skipped; first: %s", len(answer.bad_lines),
                                response.url, answer.bad_lines[0])
        if self.index_limit and len(answer.captures) >= self.index_limit:
            stats.inc_value("backfill/capped")
            self.logger.warning("the index answered %d captures for %s, the BACKFILL_INDEX_LIMIT: there may be more "
                                "(narrow the run with --since/--until)", len(answer.captures), response.url)
        self.captures.extend(answer.captures)
        yield from self._index_done()

    def index_failed(self, failure: Any) -> Iterator[Any]:
        self.crawler.stats.inc_value("backfill/index_failed")
        self.logger.error("CDX index unreachable: %s (%s)", failure.request.url, _failure_text(failure))
        yield from self._index_done()

    def _index_done(self) -> Iterator[Any]:
        self.pending_indexes -= 1
        if self.pending_indexes > 0:
            return
        state = backfill_state(archive_session(self.crawler).db, self.site, self.source.label)
        plan = plan_captures(self.captures, self.profile, tried=state.tried, stored=state.stored,
                             digests=state.digests, since=self.since, until=self.until)
        self.captures = []
        for reason, count in plan.skipped.items():
            self.crawler.stats.inc_value(f"backfill/skipped/{reason}", count)
        self.crawler.stats.set_value("backfill/articles_planned", len(plan.candidates))
        self.logger.info("%d captures listed, %d article URLs to fetch", plan.listed, len(plan.candidates))
        for canonical, candidates in plan.candidates.items():
            request = self.capture_request(canonical, candidates)
            if request is not None:
                yield request

    # --- captures ------------------------------------------------------------------------------

    def capture_request(self, canonical: str, candidates: list[Capture]) -> scrapy.Request | None:
        """A request for the first fetchable candidate; the others ride along in ``meta``."""
        while candidates and not self.source.can_fetch(candidates[0]):
            self.crawler.stats.inc_value("backfill/skipped/no_record_location")
            candidates = candidates[1:]
        if not candidates:
            return None
        capture = candidates[0]
        return scrapy.Request(
            self.source.capture_url(capture), headers=self.source.capture_headers(capture),
            callback=self.parse_capture, errback=self.capture_failed, dont_filter=True,
            meta={"backfill": "capture", "capture": capture, "canonical": canonical, "older": candidates[1:]},
        )

    def next_candidate(self, meta: dict[str, Any]) -> Iterator[scrapy.Request]:
        request = self.capture_request(meta["canonical"], meta["older"])
        if request is not None:
            yield request

    def read_page(self, response: scrapy.http.Response, capture: Capture) -> CapturedPage:
        if self.source.warc_prefix is None:
            return CapturedPage(response.status, captured_headers(_pairs(response.headers)), response.body)
        data = response.body
        if response.status == 200 and capture.offset is not None and capture.length:  # the server ignored Range
            data = data[capture.offset: capture.offset + capture.length]
        page = page_from_warc(data)
        page.headers = [(k, v) for k, v in page.headers if k.lower() not in _NOT_CAPTURED_HEADERS]
        return page

    def parse_capture(self, response: scrapy.http.Response) -> Iterator[Any]:
        meta = response.meta
        capture, canonical = meta["capture"], meta["canonical"]
        self.failures_in_a_row = 0
        self.crawler.stats.inc_value("backfill/fetched")
        try:
            page = self.read_page(response, capture)
            check_page(page)
            article = extract_article(page.body, plain_url(capture.url), site=self.profile.key)
        except CaptureProblem as exc:
            yield CaptureOutcome(capture, canonical, "unreadable", exc.reason, exc.detail)
            yield from self.next_candidate(meta)
            return
        except NotAnArticle as exc:
            yield CaptureOutcome(capture, canonical, "not_article", "not_article", exc.reason)
            yield from self.next_candidate(meta)
            return
        except ExtractError as exc:
            yield CaptureOutcome(capture, canonical, "unreadable", "undecodable", str(exc))
            yield from self.next_candidate(meta)
            return
        record = article.to_record()
        record.update(canonical_url=canonical, site=self.site, fetched_url=plain_url(capture.url))
        yield CaptureArticle(capture, canonical, page, record)

    def capture_failed(self, failure: Any) -> Iterator[Any]:
        meta = failure.request.meta
        status = failure.value.response.status if failure.check(HttpError) else None
        if status in MISSING_CAPTURE_CODES:  # that capture is gone: the next older one may not be
            self.crawler.stats.inc_value("backfill/fetched")
            yield CaptureOutcome(meta["capture"], meta["canonical"], "unreadable", "missing", f"HTTP {status}")
            yield from self.next_candidate(meta)
            return
        self.crawler.stats.inc_value("backfill/fetch_failed")
        self.failures_in_a_row += 1
        self.logger.error("capture not fetched, tried again by the next run: %s (%s)", failure.request.url,
                          _failure_text(failure))
        if self.max_failures and self.failures_in_a_row >= self.max_failures:
            raise CloseSpider("source_failing")


def _failure_text(failure: Any) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{type(failure.value).__name__}: {failure.value}"

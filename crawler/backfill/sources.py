"""Where a backfill reads from: a CDX index, and how a capture's original bytes are fetched.

* ``wayback``: the Internet Archive's CDX API (``BACKFILL_WAYBACK_CDX``); a capture is fetched in its
  ``id_`` form (``BACKFILL_WAYBACK_REPLAY`` + ``<timestamp>id_/<url>``): the page as captured, unrewritten.
* ``commoncrawl``: the CDX APIs of ``BACKFILL_COMMONCRAWL_INDEXES`` (one per crawl); a capture is its WARC
  record, fetched by HTTP ``Range`` from ``BACKFILL_COMMONCRAWL_DATA`` + the index's ``filename``.
* any other value: the URL of a CDX server speaking the Wayback CDX API (pywb ``…/<coll>/cdx``,
  OpenWayback, a national library's).  Captures are replayed in the ``id_`` form from the same
  server (the URL without its last ``/cdx`` part, or ``--replay URL``), or, with ``--warc-prefix URL``,
  read as WARC records by byte range as from Common Crawl.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from crawler.backfill.cdx import Capture


class SourceError(ValueError):
    """A ``--source`` (or its options) that cannot be used."""


@dataclass(frozen=True)
class BackfillSource:
    label: str  # wayback | commoncrawl | the CDX URL: what article_versions.capture_source records
    index_urls: tuple[str, ...]
    replay_prefix: str | None = None  # id_ replay: <prefix><timestamp>id_/<url>
    warc_prefix: str | None = None  # WARC records by range: <prefix><filename>

    def capture_url(self, capture: Capture) -> str:
        if self.warc_prefix is not None:
            return self.warc_prefix + (capture.filename or "").lstrip("/")
        return f"{self.replay_prefix}{capture.timestamp}id_/{capture.url}"

    def capture_headers(self, capture: Capture) -> dict[str, str]:
        if self.warc_prefix is not None and capture.offset is not None and capture.length:
            return {"Range": f"bytes={capture.offset}-{capture.offset + capture.length - 1}"}
        return {}

    def can_fetch(self, capture: Capture) -> bool:
        """A WARC-backed source needs the record's place; a replay source needs nothing more."""
        if self.warc_prefix is None:
            return True
        return bool(capture.filename) and capture.offset is not None and bool(capture.length)


def _http_url(value: str, what: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(f"{what} must be an http(s) URL, not {value!r}")
    return value


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def resolve_source(
    spec: str, settings: Any, *, replay: str | None = None, warc_prefix: str | None = None
) -> BackfillSource:
    """The :class:`BackfillSource` for ``--source`` (see module docstring); ``settings`` is Scrapy's."""
    if spec == "wayback":
        return BackfillSource("wayback", (settings.get("BACKFILL_WAYBACK_CDX"),),
                              replay_prefix=_with_slash(replay or settings.get("BACKFILL_WAYBACK_REPLAY")))
    if spec == "commoncrawl":
        indexes = tuple(settings.getlist("BACKFILL_COMMONCRAWL_INDEXES"))
        if not indexes:
            raise SourceError("BACKFILL_COMMONCRAWL_INDEXES names no Common Crawl index (set it with -s)")
        return BackfillSource("commoncrawl", indexes,
                              warc_prefix=_with_slash(warc_prefix or settings.get("BACKFILL_COMMONCRAWL_DATA")))
    _http_url(spec, "--source")
    if warc_prefix:
        return BackfillSource(spec, (spec,), warc_prefix=_with_slash(_http_url(warc_prefix, "--warc-prefix")))
    if replay:
        return BackfillSource(spec, (spec,), replay_prefix=_with_slash(_http_url(replay, "--replay")))
    base = spec.split("?", 1)[0].rstrip("/")
    if not base.endswith("/cdx"):
        raise SourceError(f"cannot tell where {spec} replays its captures: give --replay URL (or --warc-prefix URL)")
    return BackfillSource(spec, (spec,), replay_prefix=_with_slash(base[: -len("/cdx")]))

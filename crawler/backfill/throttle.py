"""Slow the whole run down when a web archive says so (429, or 503 with ``Retry-After``).

The retry middleware (``crawler.components.middlewares.BackoffRetryMiddleware``) makes the refused request
wait; :class:`ArchiveThrottle` also makes every *other* request to that archive wait: the download slot's
delay becomes at least the ``Retry-After`` asked (or double the current delay without one), at most
``BACKFILL_MAX_DELAY`` seconds.  AutoThrottle (on when ``BACKFILL_RATE`` > 0) brings it down again as
answers come back well.  Stats: ``backfill/throttled``, ``backfill/slot_delay`` (the largest delay set).
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

THROTTLE_CODES = (429, 503)


def retry_after_seconds(value: bytes | None) -> float | None:
    """``Retry-After`` in seconds (the delta form; an HTTP date is not trusted), or None."""
    text = (value or b"").decode("latin-1").strip()
    return float(text) if text.isdigit() else None


class ArchiveThrottle:
    """Downloader middleware (see module docstring); in the backfill's settings only."""

    def __init__(self, crawler: Crawler, max_delay: float, base_delay: float) -> None:
        self.crawler = crawler
        self.max_delay = max_delay
        self.base_delay = base_delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveThrottle:
        settings = crawler.settings
        return cls(crawler, settings.getfloat("BACKFILL_MAX_DELAY"), settings.getfloat("RETRY_BACKOFF_BASE"))

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status not in THROTTLE_CODES:
            return response
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if response.status == 503 and asked is None:
            return response  # a plain server error: the retry's own back-off is enough
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            wanted = asked if asked is not None else max(slot.delay * 2, self.base_delay)
            slot.delay = min(max(slot.delay, wanted), self.max_delay)
            stats = self.crawler.stats
            stats.inc_value("backfill/throttled")
            stats.max_value("backfill/slot_delay", slot.delay)
        return response

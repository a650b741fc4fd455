"""The failure retry policy (``archive.retry.RetryPolicy``) from the crawler's settings.

Settings: ``CRAWL_RETRY_BACKOFF`` and ``CRAWL_RETRY_MAX_BACKOFF`` (seconds), ``CRAWL_PARK_AFTER``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from archive.retry import DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_PARK_AFTER, RetryPolicy


def project_retry_policy() -> RetryPolicy:
    """The policy of ``crawler.settings`` (environment included), for commands outside a crawl."""
    from crawler import settings

    return retry_policy({name: getattr(settings, name) for name in dir(settings) if name.startswith("CRAWL_")})


def retry_policy(settings: Any) -> RetryPolicy:
    """``settings``: Scrapy ``Settings`` or a plain mapping."""
    get = settings.get
    return RetryPolicy(
        backoff=timedelta(seconds=float(get("CRAWL_RETRY_BACKOFF", DEFAULT_BACKOFF.total_seconds()))),
        max_backoff=timedelta(seconds=float(get("CRAWL_RETRY_MAX_BACKOFF", DEFAULT_MAX_BACKOFF.total_seconds()))),
        park_after=int(get("CRAWL_PARK_AFTER", DEFAULT_PARK_AFTER)),
    )

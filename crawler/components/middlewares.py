"""Downloader middlewares: the offline mirror, retries with backoff, and the failures table.

* :class:`MirrorMiddleware` (setting ``MIRROR_URL``): every request for ``https://host/path?q`` is
  fetched from ``MIRROR_URL/host/path?q``; the response (and the request) keep the real URL, so
  spiders, robots.txt, redirects and the archive never see the mirror.  It sits closest to the
  downloader (order 950) so every other middleware sees real URLs.
* :class:`MirrorPoliteness` (add-on): with a loopback ``MIRROR_URL`` the politeness delays are
  lifted (no download delay, no AutoThrottle, more concurrency, short retry backoff); explicit
  ``-s`` settings still win.  Never for a mirror on another machine.
* :class:`BackoffRetryMiddleware` replaces Scrapy's ``RetryMiddleware``: same rules
  (``RETRY_TIMES``, ``RETRY_HTTP_CODES``), and a retried request waits
  ``RETRY_BACKOFF_BASE * 2**(n-1)`` seconds (at most ``RETRY_BACKOFF_MAX``), or what the
  server's ``Retry-After`` asks, before it is sent again.
* :class:`FailureMiddleware`: a listing or article that still fails after the retries (HTTP
  error status, timeout, DNS, refused connection) is recorded with ``archive.store.record_failure``
  and counted in ``archive/failed``, under the URL the spider asked for (not a redirect's target);
  a listing that had failed before and now answers is cleared.
  An article's failure is cleared only once the article is stored (``crawler/components/pipelines.py``): a 200
  that turns out to be a maintenance page must not erase the only record of a missing article.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.components.extensions import ArchiveSession, archive_session

MIRROR_META = "mirror_real_url"
RECORDED_KINDS = ("listing", "article")  # page kinds whose failures go to the failures table
# Above settings.py ("project", 20), below -s on the command line ("cmdline", 40).
MIRROR_PRIORITY = 25


def mirror_url_for(mirror_base: str, url: str) -> str:
    """``https://host/path?q`` → ``<mirror_base>/host/path?q``."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{mirror_base.rstrip('/')}/{(parts.hostname or '').lower()}{parts.path or '/'}{query}"


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class MirrorMiddleware:
    """Fetch every request from the mirror, keep the real URL everywhere else (see module docstring)."""

    def __init__(self, mirror_url: str) -> None:
        self.mirror_url = mirror_url.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        mirror = crawler.settings.get("MIRROR_URL")
        if not mirror:
            raise NotConfigured  # quietly: crawling the real sites is the normal case, not a problem
        return cls(mirror)

    # The request object is rewritten in place (not replaced) so that it keeps its downloader
    # slot, fingerprint and meta, and is restored before anything else sees it again.
    def process_request(self, request: Request, spider: Any = None) -> None:
        if MIRROR_META in request.meta:
            return None
        request.meta[MIRROR_META] = request.url
        request._set_url(mirror_url_for(self.mirror_url, request.url))
        return None

    def _restore(self, request: Request) -> str | None:
        real = request.meta.pop(MIRROR_META, None)
        if real is not None:
            request._set_url(real)
        return real

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        real = self._restore(request)
        if real is None:
            return response
        return response.replace(url=real, request=request)

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        self._restore(request)
        return None


class MirrorPoliteness:
    """Add-on: lift politeness delays for a loopback mirror only (see module docstring)."""

    def update_settings(self, settings: BaseSettings) -> None:
        mirror = settings.get("MIRROR_URL")
        if not mirror or not is_loopback_url(mirror):
            return
        for name, value in (
            ("DOWNLOAD_DELAY", 0),
            ("AUTOTHROTTLE_ENABLED", False),
            ("CRAWL_DELAY_OBEY", False),
            ("CONCURRENT_REQUESTS", 32),
            ("CONCURRENT_REQUESTS_PER_DOMAIN", 16),
            ("RETRY_BACKOFF_BASE", 0.05),
            ("RETRY_BACKOFF_MAX", 0.5),
            ("DOWNLOAD_TIMEOUT", 20),
        ):
            settings.set(name, value, priority=MIRROR_PRIORITY)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, with a wait before each retry (see module docstring)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX")

    def delay_for(self, retries: int, retry_after: str | None = None) -> float:
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after.strip()), self.backoff_max)
        return min(self.backoff_base * 2 ** max(retries - 1, 0), self.backoff_max)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        delay = request.meta.pop("retry_delay", 0)
        if delay > 0:
            from twisted.internet import reactor  # the installed one; importing it early would install the default

            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return None

    def process_response(self, request: Request, response: Response, spider: Any = None):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            retry_after = response.headers.get(b"Retry-After", b"").decode("latin-1") or None
            result.meta["retry_delay"] = self.delay_for(result.meta.get("retry_times", 1), retry_after)
        return result

    def process_exception(self, request: Request, exception: Exception, spider: Any = None):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            result.meta["retry_delay"] = self.delay_for(result.meta.get("retry_times", 1))
        return result


class FailureMiddleware:
    """Failed fetches into the ``failures`` table; later successes clear them (see module docstring).

    Only requests a spider marked with ``meta["page_kind"]`` ``listing`` or ``article`` count:
    robots.txt, optional feeds and guessed listing pages (``probe``) that are missing are not failures.
    """

    def __init__(self, session: ArchiveSession, stats: Any) -> None:
        self.session = session
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailureMiddleware:
        return cls(archive_session(crawler), crawler.stats)

    def record(self, request: Request, reason: str, http_status: int | None = None) -> None:
        # under the URL the spider asked for, not a redirect's target
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        self.session.record_failure(url, reason, stats=self.stats, kind=request.meta.get("page_kind"),
                                    http_status=http_status)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        kind = request.meta.get("page_kind")
        if kind not in RECORDED_KINDS or response.status in (301, 302, 303, 307, 308):
            return response
        if response.status >= 400:
            self.record(request, f"HTTP {response.status}", response.status)
        elif kind == "listing":  # an article's failure is cleared when it is stored (pipelines.py)
            self.session.clear_failures(request.url, stats=self.stats)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> None:
        if request.meta.get("page_kind") in RECORDED_KINDS and not isinstance(exception, IgnoreRequest):
            self.record(request, f"{type(exception).__name__}: {exception}"[:300])
        return None

"""Every URL a spider meant to fetch ends stored, refused with a reason, or failed with a reason.

:class:`OutcomesMixin` (mixed into ``crawler.spiders.base.ArchiveSpider``) records in ``failures``,
under the URL the spider asked for (never a redirect target), what Scrapy would otherwise drop in
silence: a redirect off the site (or to the site's host on another port), a redirect or meta-refresh
loop, ``max redirections reached``, a body over ``DOWNLOAD_MAXSIZE`` once decompressed, a non-HTML
answer.  (A robots.txt refusal is the site's wish, not a failure: only counted, ``archive/refused/robots``.)
Recorded, such a URL is retried later with backoff and parked after
``FAILURE_PARK_AFTER`` tries like any failure, and counts as known for stop-when-known meanwhile,
so a listing stops where it should instead of fetching the same dead links every night.

Stats: ``archive/refused/<kind>`` besides ``archive/failed``.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.components.extensions import archive_session
from crawler.components.middlewares import RECORDED_KINDS

MAX_REASON = 300


def first_requested_url(request: Request) -> str:
    """The URL the spider asked for, before any redirect (failures are recorded under it)."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


class OutcomesMixin:
    crawler: Any

    def refuse(self, request: Request, reason: str, kind: str, http_status: int | None = None) -> None:
        """Record that ``request`` (a listing or an article) ended without a page to store, and why."""
        if request.meta.get("page_kind") not in RECORDED_KINDS:
            return
        stats = self.crawler.stats
        stats.inc_value(f"archive/refused/{kind}")
        archive_session(self.crawler).record_failure(
            first_requested_url(request), reason[:MAX_REASON], stats=stats, kind=request.meta["page_kind"],
            http_status=http_status,
        )

    def refuse_response(self, response: Response) -> bool:
        """Refuse (and return True for) an answer that is no page of this site: off-site after
        redirects, or not HTML."""
        request = response.request
        if request is None:
            return False
        if not self.profile.owns(response.url):  # type: ignore[attr-defined]
            self.refuse(request, f"redirected off the site to {response.url}", "offsite_redirect", response.status)
            return True
        content_type = response.headers.get(b"Content-Type", b"text/html").decode("latin-1").lower()
        if "html" not in content_type and "xml" not in content_type:
            self.refuse(request, f"not an HTML page ({content_type or 'no Content-Type'})", "not_html",
                        response.status)
            return True
        return False

    def refuse_failure(self, failure: Any) -> None:
        """An errback: a request Scrapy ignored (``IgnoreRequest``: off-site redirect, too many
        redirects, a body too big once decompressed; robots.txt only counted).  Errors of the network and HTTP
        statuses are recorded by ``FailureMiddleware`` already."""
        exc = failure.value
        if not isinstance(exc, IgnoreRequest) or isinstance(exc, HttpError):
            return
        if "robots.txt" in str(exc):  # the site asked us not to: a choice, not a failure (retried never)
            self.crawler.stats.inc_value("archive/refused/robots")
            return
        self.refuse(failure.request, f"refused: {exc}" if str(exc) else "refused by Scrapy", "ignored")

    def connect_outcomes(self, crawler: Any) -> None:
        crawler.signals.connect(self.redirect_scheduled, signal=signals.request_scheduled)

    def redirect_scheduled(self, request: Request, spider: Any = None) -> None:
        """A redirect or meta refresh leaving the site (another host, or the site's host on another
        port): refused before it is fetched.  Scrapy's own offsite filter drops such a request without
        a word and lets the same host on any port through."""
        if not request.meta.get("redirect_urls") or self.profile.owns(request.url):  # type: ignore[attr-defined]
            return
        self.refuse(request, f"redirected off the site to {request.url}", "offsite_redirect")
        raise IgnoreRequest(f"redirected off the site to {request.url}")

    def refuse_dropped(self, request: Request) -> None:
        """A redirect (or meta refresh) whose target was already requested: a loop, or two URLs for
        one page; recorded when it came back to where it started (a loop)."""
        chain = request.meta.get("redirect_urls") or []
        if chain and request.url in chain:
            self.refuse(request, "redirect loop: " + " → ".join([*chain, request.url]), "redirect_loop")

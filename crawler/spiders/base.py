"""What every spider does, driven by its profile's ``Discovery`` data: find and fetch new articles.

A run of a site spider:

1. starts from the profile's listing pages (``discovery.start_urls``) and feeds
   (``discovery.feed_urls``: RSS/Atom or sitemaps, optional: a missing feed is not an error);
2. on each listing page, takes the links inside the main list (``discovery.listing_scope``) that
   are on the site (``profile.owns``) and look like articles (``profile.article_url_patterns``);
   every other link — off-site, menus, tags, video — is never followed;
3. asks the archive which of them it already has (``archive.store.known_urls`` on canonical URLs)
   and fetches only the others;
4. follows the next listing page until a bound stops it: ``since`` (every dated item on the page
   is older), ``max_pages`` (per listing), "all known" (a page holding only archived articles:
   a nightly run fetches only what is new), an empty or repeated page;
5. also revisits the archived articles that are due (``archive.freshness``: an adaptive schedule
   by age, within a per-run budget, after discovery; corrections become versions; see
   ``crawler/components/revisits.py``), or those ``revisit`` asks for, and retries the site's
   unparked failures;
6. yields a :class:`~crawler.components.pipelines.PageItem` for every article page; the pipelines extract
   and store it.

Spider arguments (``-a``): ``since=YYYY-MM-DD``, ``max_pages=N``, ``stop_when_known=0`` (walk
whole listings, e.g. a first backfill), ``backfill=1`` (the site's history from its sitemaps:
``crawler/spiders/backfill.py``), ``revisit_days=N`` (also every article of the last N days),
``revisit=all|changed-since=YYYY-MM-DD|N`` (``archive crawl --revisit``), ``site=LABEL``.
Settings: ``CRAWL_MAX_PAGES`` (0 = no limit), ``CRAWL_STOP_WHEN_KNOWN``, ``CRAWL_REVISIT_DAYS``,
``CRAWL_RETRY_FAILURES``, and the ``CRAWL_REVISIT_*`` schedule settings.

An article's key is ``profile.canonical_url(url)``: the spider looks it up under that key and hands
the same key to the store (``PageItem.canonical_url``), whatever canonical the page itself declares.

Dates of listing items come from the article URL when its pattern has a ``date`` group, else
from the item around the link (``time[datetime]``, then a ``DD/MM/YYYY`` in its text).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.selector import Selector

from archive.freshness import (
    count_archived,
    count_due,
    due_revisits,
    recent_articles,
    revisits_for,
    schedule_site,
)
from archive.store import known_urls, published_dates
from archive.vn_time import now_vn, parse_user_date, to_iso
from crawler.components.extensions import archive_session
from crawler.components.pipelines import PageItem
from crawler.components.revisits import (
    CHECK_META,
    REVISIT_PRIORITY,
    note_failed_revisit,
    parse_revisit,
    revisit_policy,
)
from crawler.profiles import get_profile
from crawler.profiles.base import Profile, clean_query
from crawler.spiders.backfill import BackfillMixin
from crawler.spiders.earlier_runs import SchedulingMixin
from crawler.spiders.feeds import read_feed
from crawler.spiders.listing_dates import parse_iso_date, parse_vn_date
from crawler.spiders.outcomes import OutcomesMixin
from crawler.spiders.undated import ListingGates, page_date

# Where a listing item's own date may sit, around its link.
ITEM_LEVELS = 6  # how far up from a listing link its item's date is looked for
SKIP_HREF = ("javascript:", "mailto:", "tel:", "#")


@dataclass(frozen=True)
class ListedArticle:
    url: str  # as linked (tracking parameters and fragment dropped)
    canonical: str
    published: date | None


def with_query_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    pairs.append((name, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(pairs), ""))


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() not in ("0", "false", "no", "off", "")


class ArchiveSpider(OutcomesMixin, BackfillMixin, SchedulingMixin, scrapy.Spider):
    """Base of every site spider; a subclass sets ``name`` and ``profile`` (see module docstring)."""

    profile: Profile

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        max_pages: str | int | None = None,
        stop_when_known: str | bool | None = None,
        revisit_days: str | int | None = None,
        revisit: str | None = None,
        site: str | None = None,
        backfill: str | bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.backfill = _truthy(backfill) if backfill is not None else False
        self.revisit = parse_revisit(revisit) if revisit else None
        self.since: date | None = parse_user_date(since) if since else None
        self._max_pages = max_pages
        self._stop_when_known = stop_when_known
        self._revisit_days = revisit_days
        self.site = site or self.profile.key
        self.seen: set[str] = set()  # canonical URLs requested in this run
        self.found_new: set[str] = set()  # canonical URLs that were not archived when listed
        self.gates = ListingGates()  # next pages held until an undated page's articles are in (--since)
        # --- million: articles listed on earlier pages, per listing root; kept here, not in request meta,
        # where the JOBDIR queue pickled the whole set with every next-page request (quadratic).
        self.listing_links: dict[str, set[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ArchiveSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_pages = int(spider._max_pages or settings.getint("CRAWL_MAX_PAGES"))
        spider.stop_when_known = (
            _truthy(spider._stop_when_known) if spider._stop_when_known is not None
            else settings.getbool("CRAWL_STOP_WHEN_KNOWN")
        )
        spider.revisit_days = int(
            spider._revisit_days if spider._revisit_days is not None else settings.getint("CRAWL_REVISIT_DAYS")
        )
        spider.retry_failures = settings.getbool("CRAWL_RETRY_FAILURES")
        spider.revisit_policy = revisit_policy(settings)
        spider.allowed_domains = list(spider.profile.hosts)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        spider.connect_outcomes(crawler)  # off-site redirects refused with a reason
        return spider

    @property
    def db(self):
        return archive_session(self.crawler).db

    # --- start ---------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        if self.backfill:  # sitemaps instead of listings (crawler/spiders/backfill.py)
            yield from self.backfill_requests()
        else:
            for url in self.profile.discovery.start_urls:
                yield self.listing_request(url, root=url, page_no=1)
        for url in self.profile.discovery.feed_urls:
            yield scrapy.Request(url, callback=self.parse_feed, meta={"feed": True})
        for url, key in self.urls_to_revisit(now_vn()):
            # filtered like any request, so a resumed job skips what it already did (crawler/runner/resume.py)
            yield self.article_request(url, revisit=True, check=key)

    def scheduled_revisits(self, now: datetime) -> list[tuple[str, str]]:
        """(URL to fetch, article key) of the articles to check in this run: what ``revisit`` asks for,
        else those due, most overdue first, within the run's budget (``archive.freshness``)."""
        stats = self.crawler.stats
        if self.revisit is not None:
            due = revisits_for(self.db, self.site, self.revisit.mode, self.revisit.value)
        else:
            schedule_site(self.db, self.site, now=now, policy=self.revisit_policy)
            budget = self.revisit_policy.budget(count_archived(self.db, self.site))
            stats.set_value("revisit/due", count_due(self.db, self.site, now=now))
            stats.set_value("revisit/budget", budget)
            due = due_revisits(self.db, self.site, now=now, limit=budget)
        return [(d.fetch_url, d.url) for d in due]

    def urls_to_revisit(self, now: datetime) -> list[tuple[str, str | None]]:
        """Articles to check (with their key) and failures to retry (key None), each URL once."""
        urls: list[tuple[str, str | None]] = list(self.scheduled_revisits(now))
        if self.revisit_days > 0:
            urls += [(d.fetch_url, d.url) for d in recent_articles(
                self.db, self.site, since=now.date() - timedelta(days=self.revisit_days))]
        if self.retry_failures:  # only those whose backoff has passed (crawler/spiders/earlier_runs.py)
            retried = [(url, None) for url in self.due_failure_urls() if self.profile.is_article_url(url)]
            self.crawler.stats.set_value("discovery/retried_failures", len(retried))  # the drift alarm discounts them
            urls += retried
        out = []
        for url, key in urls:
            canonical = self.profile.canonical_url(url)
            if canonical not in self.seen and (key is None or key not in self.seen):
                self.seen.update({canonical, key or canonical})
                out.append((url, key))
        self.crawler.stats.set_value("discovery/revisit", len(out))
        self.crawler.stats.set_value("revisit/requests", sum(1 for _, key in out if key))
        return out

    def listing_request(
        self, url: str, *, root: str, page_no: int, guessed: bool = False
    ) -> scrapy.Request:
        """A listing page; a ``guessed`` one (``page_param``, no link to it) may be missing: not a failure.

        Its meta stays a few scalars however deep the listing (the JOBDIR queue pickles it).
        """
        return scrapy.Request(
            url, callback=self.parse_listing, errback=self.refuse_failure,
            meta={"page_kind": "probe" if guessed else "listing", "listing_root": root, "page_no": page_no},
        )

    def article_request(
        self, url: str, *, dont_filter: bool = False, revisit: bool = False, check: str | None = None
    ) -> scrapy.Request:
        """An article page; ``check``: the key of an archived article this request revisits (after discovery)."""
        meta: dict[str, Any] = {"page_kind": "article", "revisit": revisit}
        if check:
            meta[CHECK_META] = check
        return scrapy.Request(
            url, callback=self.parse_article, errback=self.article_failed, dont_filter=dont_filter, meta=meta,
            priority=REVISIT_PRIORITY if check else 0,
        )

    # --- listings ------------------------------------------------------------------------------

    def listing_scope(self, response: Response) -> Selector:
        for css in self.profile.discovery.listing_scope:
            found = response.css(css)
            if found:
                return found[0]
        return response.selector

    def clean_link(self, response: Response, href: str | None) -> str | None:
        href = (href or "").strip()
        if not href or href.lower().startswith(SKIP_HREF):
            return None
        parts = urlsplit(response.urljoin(href))
        if parts.scheme not in ("http", "https"):
            return None
        return urlunsplit((parts.scheme, parts.netloc, parts.path, clean_query(parts.query), ""))

    def url_date(self, url: str) -> date | None:
        for pattern in self.profile.article_url_patterns:
            match = pattern.search(url)
            if match and match.groupdict().get("date"):
                try:
                    return datetime.strptime(match["date"], self.profile.discovery.url_date_format).date()
                except ValueError:
                    return None
        return None

    def item_date(self, response: Response, link: Selector, url: str) -> date | None:
        """The date of the listing item around ``link``: from its URL, else the nearest enclosing
        element that still holds no other article (``time[datetime]``, then ``DD/MM/YYYY``)."""
        found = self.url_date(url)
        if found:
            return found
        for element in reversed(link.xpath("ancestor::*")[-ITEM_LEVELS:]):
            others = {self.clean_link(response, h) for h in element.xpath(".//a/@href").getall()} - {url, None}
            if any(self.profile.is_article_url(o) for o in others):
                return None  # reached the list itself: this item shows no date
            found = parse_iso_date(element.xpath(".//time/@datetime").get())
            found = found or parse_vn_date(" ".join(element.xpath(".//text()").getall()))
            if found:
                return found
        return None

    def listed_articles(self, response: Response) -> list[ListedArticle]:
        """The article links of a listing page, in page order, once each, on-site only."""
        stats = self.crawler.stats
        found: dict[str, ListedArticle] = {}
        for link in self.listing_scope(response).xpath(".//a[@href]"):
            url = self.clean_link(response, link.attrib.get("href"))
            if url is None:
                continue
            if not self.profile.owns(url):
                stats.inc_value("discovery/offsite_links")
                continue
            if not self.profile.is_article_url(url):
                continue
            canonical = self.profile.canonical_url(url)
            if canonical not in found:
                found[canonical] = ListedArticle(url, canonical, self.item_date(response, link, url))
        return list(found.values())

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        stats.inc_value("discovery/listing_pages")
        meta = response.meta
        items = self.listed_articles(response)
        if meta["page_no"] == 1:  # every run reads the first pages; drift alarms compare them
            stats.inc_value("discovery/first_pages")
            stats.inc_value("discovery/first_page_links", len(items))
        # "Known" = archived before this run: an article this run stored meanwhile (found on
        # another listing first) must not stop this listing.
        known = self.known_canonicals(items)
        items = self.with_archived_dates(items, known)
        articles = list(self.requests_for(items, known))
        yield from articles
        # resume cutoff; a parked/backing-off failure counts as known for stopping
        known_for_stop = self.known_before_resume(known) | {i.canonical for i in items if self.is_waiting(i)}
        previous = self.listing_links.setdefault(meta["listing_root"], set())
        reason = self.stop_reason(items, known_for_stop, meta["page_no"], previous)
        previous.update(i.canonical for i in items)
        next_url, guessed = (None, False) if reason else self.next_page_url(
            response, meta["listing_root"], meta["page_no"], items
        )
        if reason is None and next_url is None:
            reason = "last_page"
        if reason:
            stats.inc_value(f"discovery/stop/{reason}")
            self.logger.debug("listing %s stops at page %s: %s", meta["listing_root"], meta["page_no"], reason)
            return
        next_request = self.listing_request(
            next_url, root=meta["listing_root"], page_no=meta["page_no"] + 1, guessed=guessed,
        )
        if self.since and articles and not any(i.published for i in items):
            self.gates.hold(meta["listing_root"], next_request, articles)  # see crawler/spiders/undated.py
            stats.inc_value("discovery/held_pages")
            return
        yield next_request

    def known_canonicals(self, items: list[ListedArticle]) -> set[str]:
        """The keys of ``items`` archived before this run: found under their key, or under the URL as linked
        (an archive written before spider and store shared one key)."""
        if not items:
            return set()
        found = known_urls(self.db, [u for i in items for u in (i.canonical, i.url)])
        return {i.canonical for i in items if i.canonical in found or i.url in found} - self.found_new

    def with_archived_dates(self, items: list[ListedArticle], known: set[str]) -> list[ListedArticle]:
        """Undated items the archive has get their stored publication date (for ``since``)."""
        wanted = [i.canonical for i in items if i.published is None and i.canonical in known]
        if not wanted:
            return items
        dates = self.archived_dates_of(wanted)
        return [replace(i, published=dates.get(i.canonical)) if i.published is None else i for i in items]

    def archived_dates_of(self, urls: list[str]) -> dict[str, date | None]:
        """The published dates of archived ``urls`` (a frontier worker reads the run's snapshot instead)."""
        return {url: parse_iso_date(day) for url, day in published_dates(self.db, urls).items()}

    def release(self, meta: dict, published: date | None) -> Iterator[scrapy.Request]:
        """An article of a held listing page is done: the next page when it was the last one and not too old."""
        gate = self.gates.done(meta, published)
        if gate is None:
            return
        if gate.newest is not None and gate.newest < self.since:
            self.crawler.stats.inc_value("discovery/stop/since_articles")
            return
        yield gate.next_request

    def article_failed(self, failure: Any) -> Iterator[scrapy.Request]:
        self.refuse_failure(failure)
        note_failed_revisit(self.db, failure.request, failure, policy=self.revisit_policy, now=now_vn())
        yield from self.release(failure.request.meta, None)

    def request_dropped(self, request: scrapy.Request, spider: Any = None) -> None:
        self.refuse_dropped(request)
        for next_request in self.release(request.meta, None):
            self.crawler.engine.crawl(next_request)

    def requests_for(self, items: Iterable[ListedArticle], known: set[str]) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        for item in items:
            if item.canonical in known:
                stats.inc_value("discovery/known")
                continue
            if self.since and item.published and item.published < self.since:
                stats.inc_value("discovery/older_than_since")
                continue
            if item.canonical in self.seen:
                continue
            if self.is_waiting(item):  # failed before; parked or in its backoff
                stats.inc_value("discovery/failure_waiting")
                continue
            self.seen.add(item.canonical)
            self.found_new.add(item.canonical)
            stats.inc_value("discovery/articles")
            yield self.article_request(item.url)

    def stop_reason(
        self, items: list[ListedArticle], known: set[str], page_no: int, previous: AbstractSet[str]
    ) -> str | None:
        """Why pagination of this listing ends after this page (None: go on).

        ``previous``: every article listed on the earlier pages of this listing (``listing_links``;
        empty again after a resume, which costs at most one more page).  Those links (side
        boxes repeated on every page) say nothing about where the listing stands: the rules look
        at the others, so a box of new articles cannot defeat ``since`` or stop-when-known.
        """
        if not items:
            return "empty_page"
        fresh = [i for i in items if i.canonical not in previous]
        if not fresh:
            return "repeated_page"
        dated = [i.published for i in fresh if i.published]
        if self.since and dated and max(dated) < self.since:
            return "since"
        if self.stop_when_known and all(i.canonical in known for i in fresh):
            return "all_known"
        if self.max_pages and page_no >= self.max_pages:
            return "max_pages"
        return None

    def next_page_url(
        self, response: Response, root: str, page_no: int, items: list[ListedArticle]
    ) -> tuple[str | None, bool]:
        """The next listing page and whether it is guessed (``page_param``) rather than linked."""
        discovery = self.profile.discovery
        for xpath in discovery.next_page:
            url = self.clean_link(response, response.xpath(xpath).get())
            if url and self.profile.owns(url) and url != response.url:
                return url, False
        if discovery.page_param and items:
            return with_query_param(root, discovery.page_param, str(page_no + 1)), True
        return None, False

    # --- feeds and sitemaps --------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """RSS, Atom, a sitemap or a sitemap index: article links by the same rules as listings."""
        if response.status >= 400:
            return
        items: list[ListedArticle] = []
        sitemaps, entries = read_feed(response.body)
        for href, modified in sitemaps:
            url = self.clean_link(response, href)
            if url and self.profile.owns(url) and not (self.since and modified and modified < self.since):
                request = self.sitemap_request(url)
                if request is not None:
                    yield request
        for href, published in entries:
            url = self.clean_link(response, href)
            if url and self.profile.owns(url) and self.profile.is_article_url(url):
                items.append(ListedArticle(url, self.profile.canonical_url(url), published))
        self.crawler.stats.inc_value("discovery/feed_pages")
        yield from self.requests_for(items, self.known_canonicals(items))

    # --- articles ------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        yield from self.release(response.meta, page_date(response) if self.gates.open else None)
        if self.refuse_response(response):  # off-site after redirects, not HTML: a failure with its reason
            return
        check = response.meta.get(CHECK_META)
        yield PageItem(
            url=response.url,
            requested_url=_first_requested_url(response),
            body=response.body,
            site=self.site,
            # a built-in site by key; a site of the sites file (unknown to the extractor) as its profile
            profile=self.profile.key if get_profile(self.profile.key) is not None else self.profile,
            status=response.status,
            fetched_at=to_iso(now_vn()),
            content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
            canonical_url=check or self.profile.canonical_url(response.url),  # the key looked up, for the store
            check=bool(check),
        )


def _first_requested_url(response: Response) -> str:
    """The URL the spider asked for, before any redirect (failures are recorded under it)."""
    request = response.request
    if request is None:
        return response.url
    return (request.meta.get("redirect_urls") or [request.url])[0]

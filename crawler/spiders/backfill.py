"""A backfill: a site's history from its sitemaps instead of thousands of listing pages.

``-a backfill=1`` (``archive crawl SITE --backfill``) makes a run start from the profile's
``discovery.sitemap_urls`` (sitemaps or sitemap indexes; dated sub-sitemaps are skipped when their
``lastmod`` is older than ``since``), or, when the profile names none, from the ``Sitemap:`` lines
of the site's robots.txt.  Feeds are still read; listings are not.  A site that publishes no
sitemap is walked through its listings instead, to their end (stop-when-known off).  A nightly run
(no ``backfill``) reads listings and feeds only.

Setting ``BACKFILL_MAX_SITEMAPS`` bounds the sitemaps read in one run (0 = no limit).
Stats: ``discovery/sitemaps``, ``discovery/backfill_without_sitemap``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.spiders.feeds import robots_sitemaps


class BackfillMixin:
    """Mixed into ``ArchiveSpider``: expects ``profile``, ``crawler``, ``listing_request``, ``parse_feed``."""

    profile: Any
    crawler: Any
    backfill: bool = False
    stop_when_known: bool

    def backfill_requests(self) -> Iterator[scrapy.Request]:
        sitemaps = self.profile.discovery.sitemap_urls
        if sitemaps:
            for url in sitemaps:
                yield self.sitemap_request(url)
            return
        robots = f"https://{self.profile.canonical_host}/robots.txt"
        yield scrapy.Request(robots, callback=self.parse_robots, errback=self.no_sitemap, dont_filter=True,
                             meta={"page_kind": "probe"})

    def sitemap_request(self, url: str) -> scrapy.Request | None:
        """A sitemap to read, unless the run has read ``BACKFILL_MAX_SITEMAPS`` already."""
        stats = self.crawler.stats
        limit = self.crawler.settings.getint("BACKFILL_MAX_SITEMAPS")
        if limit and stats.get_value("discovery/sitemaps", 0) >= limit:
            stats.inc_value("discovery/sitemaps_over_limit")
            return None
        stats.inc_value("discovery/sitemaps")
        return scrapy.Request(url, callback=self.parse_feed, meta={"feed": True, "page_kind": "probe"})

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        found = robots_sitemaps(response.body, response.url) if response.status < 400 else []
        found = [url for url in found if self.profile.owns(url)]
        if not found:
            yield from self.listings_instead()
            return
        for url in found:
            request = self.sitemap_request(url)
            if request is not None:
                yield request

    def no_sitemap(self, failure: Any) -> Iterator[scrapy.Request]:
        yield from self.listings_instead()

    def listings_instead(self) -> Iterator[scrapy.Request]:
        """No sitemap: walk every listing to its end (``since`` and ``max_pages`` still bound it)."""
        self.crawler.stats.inc_value("discovery/backfill_without_sitemap")
        self.stop_when_known = False
        for url in self.profile.discovery.start_urls:
            yield self.listing_request(url, root=url, page_no=1)

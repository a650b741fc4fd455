"""Reading feeds and sitemaps: RSS 2.0, Atom, ``sitemap.xml`` and sitemap indexes."""

from __future__ import annotations

from datetime import date
from email.utils import parsedate_to_datetime

from scrapy.selector import Selector

from archive.vn_time import VN_TZ
from crawler.spiders.listing_dates import parse_iso_date

Entry = tuple[str | None, date | None]  # (href as written, its date)


def rfc822_date(value: str | None) -> date | None:
    """An RSS ``pubDate`` as a Vietnamese calendar date (ISO 8601 accepted too)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip()).astimezone(VN_TZ).date()
    except (TypeError, ValueError):
        return parse_iso_date(value)


def read_feed(text: str) -> tuple[list[Entry], list[Entry]]:
    """``(child sitemaps, entries)`` of a feed or sitemap: links with their lastmod / publication date."""
    sel = Selector(text=text, type="xml")
    sel.remove_namespaces()
    sitemaps = [(s.xpath("loc/text()").get(), parse_iso_date(s.xpath("lastmod/text()").get()))
                for s in sel.xpath("//sitemapindex/sitemap")]
    entries = [(u.xpath("loc/text()").get(), parse_iso_date(u.xpath("lastmod/text()").get()))
               for u in sel.xpath("//urlset/url")]
    entries += [(i.xpath("link/text()").get(), rfc822_date(i.xpath("pubDate/text()").get()))
                for i in sel.xpath("//item")]
    entries += [(e.xpath('link[not(@rel) or @rel="alternate"]/@href').get(),
                 parse_iso_date(e.xpath("published/text() | updated/text()").get()))
                for e in sel.xpath("//entry")]
    return sitemaps, entries

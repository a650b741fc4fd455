"""Reading feeds and sitemaps: RSS 2.0, Atom, ``sitemap.xml`` and sitemap indexes (also gzipped).

Sitemaps are read with Scrapy's own parser (``scrapy.utils.sitemap.Sitemap``, what ``SitemapSpider``
uses); ``robots.txt`` ``Sitemap:`` lines with ``sitemap_urls_from_robots``.
"""

from __future__ import annotations

from datetime import date
from email.utils import parsedate_to_datetime

from lxml import etree
from scrapy.selector import Selector
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from archive.vn_time import VN_TZ
from crawler.spiders.listing_dates import parse_iso_date

Entry = tuple[str | None, date | None]  # (href as written, its date)
SITEMAP_TYPES = ("urlset", "sitemapindex")
GZIP_MAGIC = b"\x1f\x8b\x08"
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit for one (uncompressed) file


def rfc822_date(value: str | None) -> date | None:
    """An RSS ``pubDate`` as a Vietnamese calendar date (ISO 8601 accepted too)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip()).astimezone(VN_TZ).date()
    except (TypeError, ValueError):
        return parse_iso_date(value)


def feed_body(body: bytes) -> bytes:
    """The XML of a response body: gunzipped when it is a ``.xml.gz`` (at most ``MAX_UNZIPPED_BYTES``)."""
    if body[:3] == GZIP_MAGIC:
        try:
            return gunzip(body, max_size=MAX_UNZIPPED_BYTES)
        except (OSError, EOFError, ValueError):  # corrupt, or over the limit (Scrapy raises a ValueError subclass)
            return b""
    return body


def read_sitemap(body: bytes) -> tuple[list[Entry], list[Entry]] | None:
    """``(child sitemaps, urls)`` with their ``lastmod``; None when ``body`` is no sitemap."""
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, StopIteration):
        return None
    if sitemap.type not in SITEMAP_TYPES:
        return None
    entries = [(d.get("loc"), parse_iso_date(d.get("lastmod"))) for d in sitemap]
    return (entries, []) if sitemap.type == "sitemapindex" else ([], entries)


def read_feed(body: bytes | str) -> tuple[list[Entry], list[Entry]]:
    """``(child sitemaps, entries)`` of a feed or sitemap: links with their lastmod / publication date."""
    raw = feed_body(body.encode("utf-8") if isinstance(body, str) else body)
    if not raw.strip():
        return [], []
    found = read_sitemap(raw)
    if found is not None:
        return found
    sel = Selector(body=raw, type="xml")
    sel.remove_namespaces()
    entries = [(i.xpath("link/text()").get(), rfc822_date(i.xpath("pubDate/text()").get()))
               for i in sel.xpath("//item")]
    entries += [(e.xpath('link[not(@rel) or @rel="alternate"]/@href').get(),
                 parse_iso_date(e.xpath("published/text() | updated/text()").get()))
                for e in sel.xpath("//entry")]
    return [], entries


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt."""
    return list(dict.fromkeys(sitemap_urls_from_robots(body, base_url=base_url)))

"""What a site profile is: hosts and URL patterns (shared), extraction rules, discovery rules.

A profile is data.  ``SiteRules`` is read by ``crawler/extract`` and ``Discovery`` by
``crawler/spiders``; adding a site of a known family is a new ``Profile``, not a new class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


@dataclass(frozen=True)
class SiteRules:
    """How to extract an article of one template (read by ``crawler/extract/site.py``).

    Selectors are CSS, tried in order, first hit wins; ``"css@attr"`` reads an attribute instead of
    the text.  Per-family values live in ``crawler/profiles/families.py``.  A site with several
    templates lists them in ``variants``: the first whose ``markers`` match the page wins, then the
    first whose ``url_hint`` matches the URL; with none, these rules themselves apply.
    """

    family: str = "generic"  # bdk | epi | baonghean_old | baonghean_2025 | sharepoint | so_nghean | generic
    # True for the rules of the generic path (no site's own template): the template and drift alarms then
    # expect no site-rules share
    fallback: bool = False
    markers: tuple[str, ...] = ()  # any of these present in the page = this template (markup first)
    url_hint: str | None = None  # regex on the URL (second choice)
    body: tuple[str, ...] = ()  # article body containers
    drop: tuple[str, ...] = ()  # removed from the body before reading it (share, ads, related, comments)
    title: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()  # sapo outside the body; printed first in ``text``
    lead_is_first_paragraph: bool = False  # no sapo element: the first body paragraph is the lead
    date: tuple[str, ...] = ()  # visible date line or time[datetime]
    modified: tuple[str, ...] = ()
    author: tuple[str, ...] = ()  # author element (removed from the body when inside it)
    author_last_line: bool = True  # a last short name-like line is the author
    caption: tuple[str, ...] = ()  # caption elements inside the body
    tags: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    # Template lines of this family only (exact, case-insensitive); lines every site prints belong in the
    # shared list, crawler/extract/boilerplate.py BOILERPLATE_LINES (tests/test_layout.py checks they are not repeated).
    drop_lines: tuple[str, ...] = ()
    # A related-articles heading ("Các tin khác") ends the text on the site path too: the portals print the
    # other news inside the body's container (the generic path always stops there).
    related_heading_ends_text: bool = False
    # Regex finding the publish date in an article's URL, groups ``d``, ``m``, ``y`` (BDK "-13012023-a110139.html").
    url_date: str | None = None
    variants: tuple[SiteRules, ...] = ()
    # --- family detection (``crawler/profiles/detect.py``): how a page says it is of this family ---
    generator: tuple[str, ...] = ()  # regexes on ``<meta name=generator>`` (case-insensitive)
    signatures: tuple[str, ...] = ()  # CSS of this family's listing/home markup (``markers`` count too)
    url_shapes: tuple[str, ...] = ()  # regexes on article URLs; the first is a new site's default pattern


# "Next page" links tried when a profile names none: rel=next, then the usual pager arrows/labels.
DEFAULT_NEXT_PAGE = (
    '//link[@rel="next"]/@href',
    '//a[@rel="next"]/@href',
    '//a[normalize-space(.)=">" or normalize-space(.)="›" or normalize-space(.)="Trang sau"'
    ' or normalize-space(.)="Sau"]/@href',
    # A numbered pager: the page after the current one.
    '//*[contains(@class, "pagination") or contains(@class, "pager") or contains(@class, "paging")]'
    '//li[contains(@class, "active") or contains(@class, "current")]/following-sibling::li[1]//a/@href',
)

# Query parameters that only track a visit; dropped from every canonical URL.
TRACKING_PARAMS = ("fbclid", "gclid", "zarsrc", "_gl")
TRACKING_PREFIXES = ("utm_",)


@dataclass(frozen=True)
class Discovery:
    """How to find article URLs: start pages (category listings), their pagination, feeds.

    Read by ``crawler/spiders/base.py``:

    * ``start_urls``: listing pages (categories); each is paginated on its own;
    * ``feed_urls``: RSS/Atom feeds or sitemaps (``sitemap.xml``, sitemap indexes) — optional;
    * ``sitemap_urls``: sitemaps or sitemap indexes walked by a backfill (``-a backfill=1``,
      ``archive crawl --backfill``) instead of the listings; a nightly run does not read them;
    * ``listing_scope``: CSS of the main list on a listing page, so side boxes ("Đọc nhiều",
      "Tiêu điểm") neither add links nor hide that a page is old; the first that matches wins,
      else the whole page;
    * ``next_page``: XPath of the "next page" link, tried in order;
    * ``page_param``: when no next link is found, ask ``?<page_param>=N+1`` while pages still list
      articles (ePi "Xem thêm" loads its pages by script);
    * ``url_date_format``: ``strptime`` format of the article pattern's ``date`` group (BDK ``DDMMYYYY``);
    * ``drop_params``: query parameters that never change the page (besides tracking ones).
    """

    start_urls: tuple[str, ...] = ()
    feed_urls: tuple[str, ...] = ()
    sitemap_urls: tuple[str, ...] = ()
    listing_scope: tuple[str, ...] = ()
    next_page: tuple[str, ...] = DEFAULT_NEXT_PAGE
    page_param: str | None = None
    url_date_format: str = "%d%m%Y"
    drop_params: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    key: str  # = spider name = fixture folder
    name: str
    hosts: tuple[str, ...]  # every host serving this site, canonical first
    canonical_host: str
    article_url_patterns: tuple[re.Pattern[str], ...] = ()
    rules: SiteRules = field(default_factory=SiteRules)
    discovery: Discovery = field(default_factory=Discovery)
    # Recognised by its rules' ``markers`` on a host no profile owns (a CMS any portal may run: SharePoint).
    by_markup: bool = False
    ports: tuple[int, ...] = ()  # ports the site is served on besides the default (a start URL's explicit port)

    def owns(self, url: str) -> bool:
        """``url`` is on one of this site's hosts, on the scheme's default port or one of ``ports`` (the
        same host on another port is another server: never followed)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in self.hosts:
            return False
        return has_default_port(url) or _port(url) in self.ports

    def accepts_canonical(self, url: str, claimed: str) -> bool:
        """May a page fetched from ``url`` name ``claimed`` as its canonical URL (``<link
        rel=canonical>``, ``og:url``)?  Only on the page's own site: one of this profile's hosts when it
        has any, else the same registrable domain (``example.com.vn`` for ``www.example.com.vn``).  A
        copy served from any other host must not take over another site's article."""
        if not claimed.startswith(("http://", "https://")) or not has_default_port(claimed):
            return False
        if self.hosts:
            return self.owns(claimed)
        return registrable_domain(claimed) == registrable_domain(url) != ""

    def is_article_url(self, url: str) -> bool:
        return any(p.search(url) for p in self.article_url_patterns)

    def canonical_url(self, url: str) -> str:
        """The one URL an article is archived under: canonical host, https, no fragment,
        no tracking parameters (``utm_*``, ``fbclid``, ``gclid`` …) nor the profile's ``drop_params``."""
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        if host in self.hosts:
            host = self.canonical_host
        return urlunsplit(("https", host, parts.path or "/", clean_query(parts.query, self.discovery.drop_params), ""))


def _port(url: str) -> int | None:
    try:
        return urlsplit(url).port
    except ValueError:
        return None


def site_ports(start_url: str) -> tuple[int, ...]:
    """The explicit port of a start URL (``http://127.0.0.1:8080/tin`` → ``(8080,)``), else ``()``."""
    port = _port(start_url)
    return (port,) if port is not None and not has_default_port(start_url) else ()


def has_default_port(url: str) -> bool:
    """No port in ``url``, or the default one of its scheme (80 for http, 443 for https)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # not a number, or out of range
        return False
    return port is None or port == {"http": 80, "https": 443}.get(parts.scheme)


@lru_cache(maxsize=1)
def _suffix_extractor() -> Any:
    # the public suffix list bundled with tldextract: never fetched (crawls run offline too); imported here,
    # not at start-up (it costs a light command such as `archive --help` a fifth of a second)
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def registrable_domain(url: str) -> str:
    """The registrable domain of ``url``'s host (public suffix plus one label: ``baodongkhoi.vn``,
    ``nghean.gov.vn``); the host itself for an IP address or a bare name; "" without a host."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return ""
    found = _suffix_extractor()(host)
    return found.top_domain_under_public_suffix or host


def clean_query(query: str, drop: tuple[str, ...] = ()) -> str:
    """``query`` without tracking parameters and without ``drop``; order kept, unchanged if nothing goes."""
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)

    def keep(name: str) -> bool:
        low = name.lower()
        return low not in TRACKING_PARAMS and not low.startswith(TRACKING_PREFIXES) and name not in drop

    kept = [(k, v) for k, v in pairs if keep(k)]
    return query if len(kept) == len(pairs) else urlencode(kept)

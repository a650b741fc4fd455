"""What a site's home page tells: its CMS family, section listings, article URL pattern, feeds, sitemaps.

:func:`survey_site` fetches the home page (and robots.txt, ``/sitemap.xml`` when robots.txt names
no sitemap, and ``SITE_ADD_CHECK_ARTICLES`` articles to confirm the pattern), never more.
The article pattern is the family's own URL shape when the page's links have it, else the one of
``ARTICLE_SHAPES`` (URL shapes common to news CMSs) most of the page's links have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.extract.page import parse_html
from crawler.profiles.detect import Detection, detect_family, page_links
from crawler.profiles.families import FAMILIES
from crawler.spiders.feeds import read_feed, robots_sitemaps
from crawler.spiders.sharepoint import site_hosts
from crawler.survey.fetch import FetchError, PoliteFetcher

# Article URL shapes of news CMSs in general (tried when the family has none, or its own is absent).
ARTICLE_SHAPES = (
    r"-post(?P<id>\d+)\.html$",
    r"-a(?P<id>\d+)\.html$",
    r"-(?P<id>\d{5,})\.html?$",
    r"/(?P<id>\d{5,})\.html?$",
    r"/[a-z0-9-]+-(?P<id>\d{5,})/?$",
    r"/(?P<year>\d{4})/(?P<month>\d{2})/[a-z0-9-]+/?$",
    r"[?&](?:id|newsid|ItemID)=(?P<id>\d+)",
)
MIN_ARTICLE_LINKS = 2  # links of one shape before it is taken for the article pattern
# Where a menu is: section listings are the on-site links inside these.
MENU_CSS = ("nav", "header", "[class*='menu']", "[id*='menu']", "[class*='nav']", "[id*='nav']")
# Menu entries that are no listing of articles.
NOT_A_SECTION = re.compile(
    r"(?:^|[/-])(?:video|videos|tim-kiem|search|lien-he|contact|gioi-thieu|dang-nhap|login|rss|tag|tags|"
    r"tu-khoa|podcast|sitemap|quang-cao|toa-soan)(?:$|[/.-])", re.IGNORECASE)
# A pager is no menu: its links are pages of the listing in view.
PAGER = re.compile(r"pagination|pager|paging|page-numbers")
PAGED_URL = re.compile(r"/page/\d+/?$|[?&](?:page|p|trang)=\d+")
# Sitemaps tried when robots.txt names none; a news sitemap (the last days' articles) is read every
# night like a feed, the others only by a backfill.
SITEMAP_GUESSES = ("/sitemap.xml", "/sitemap_index.xml")
NEWS_SITEMAP_GUESSES = ("/sitemap-news.xml", "/news-sitemap.xml")
NEWS_SITEMAP = re.compile(r"news[^/]*\.xml(?:\.gz)?$|/news/?$", re.IGNORECASE)
FEED_TYPES = ("application/rss+xml", "application/atom+xml")
FEED_LINK = re.compile(r"(?:\.rss|/rss/?|/feed/?|\.atom)$", re.IGNORECASE)
MAX_FEEDS = 5
SITE_NAME_SEPARATORS = re.compile(r"\s+[-|–—:]\s+")


@dataclass(frozen=True)
class CheckedArticle:
    url: str
    ok: bool
    note: str  # "site: <title>" / "generic: <title>" / why it failed


@dataclass
class Survey:
    url: str
    hosts: tuple[str, ...]
    name: str
    detection: Detection
    sections: list[str] = field(default_factory=list)
    article_pattern: str | None = None
    article_links: list[str] = field(default_factory=list)  # the home page's links with that pattern
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    checked: list[CheckedArticle] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def family(self) -> str:
        return self.detection.family


def site_name(doc: etree._Element, fallback: str) -> str:
    """og:site_name, else the title's last part ("… - Báo Lào Cai"), else ``fallback``."""
    for meta in doc.iter("meta"):
        if (meta.get("property") or "").lower() == "og:site_name" and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    title = doc.findtext(".//title") or ""
    parts = [p.strip() for p in SITE_NAME_SEPARATORS.split(title) if p.strip()]
    return parts[-1] if len(parts) > 1 else (parts[0] if parts else fallback)


def clean_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def choose_pattern(links: list[str], family: str) -> tuple[str | None, list[str]]:
    """The article URL pattern of these links (the family's shape first) and the links it matches."""
    shapes = (*FAMILIES[family].url_shapes, *ARTICLE_SHAPES)
    best: tuple[str | None, list[str]] = (None, [])
    for shape in shapes:
        matched = list(dict.fromkeys(link for link in links if re.search(shape, link)))
        if shape in FAMILIES[family].url_shapes and len(matched) >= MIN_ARTICLE_LINKS:
            return shape, matched
        if len(matched) >= MIN_ARTICLE_LINKS and len(matched) > len(best[1]):
            best = (shape, matched)
    return best


def menu_sections(doc: etree._Element, url: str, hosts: tuple[str, ...], pattern: str | None, limit: int) -> list[str]:
    """On-site links of the page's menus that are neither articles nor the home page nor utility pages."""
    found: dict[str, None] = {}
    for css in MENU_CSS:
        for menu in CSSSelector(css)(doc):
            if PAGER.search(menu.get("class") or ""):
                continue
            for a in menu.iter("a"):
                link = clean_url(urljoin(url, (a.get("href") or "").strip()))
                parts = urlsplit(link)
                if (parts.hostname or "") not in hosts or parts.path in ("", "/") or parts.scheme not in (
                        "http", "https"):
                    continue
                if (pattern and re.search(pattern, link)) or NOT_A_SECTION.search(parts.path) or PAGED_URL.search(link):
                    continue
                found.setdefault(link)
                if len(found) >= limit:
                    return list(found)
    return list(found)


def page_feeds(doc: etree._Element, url: str, hosts: tuple[str, ...]) -> list[str]:
    found: dict[str, None] = {}
    for link in doc.iter("link"):
        if (link.get("type") or "").lower() in FEED_TYPES and link.get("href"):
            found.setdefault(clean_url(urljoin(url, link.get("href").strip())))
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if href and FEED_LINK.search(urlsplit(href).path):
            found.setdefault(clean_url(urljoin(url, href)))
    return [f for f in found if (urlsplit(f).hostname or "") in hosts][:MAX_FEEDS]


def is_news_sitemap(url: str) -> bool:
    return bool(NEWS_SITEMAP.search(urlsplit(url).path))


def find_sitemaps(fetcher: PoliteFetcher, hosts: tuple[str, ...], notes: list[str]) -> list[str]:
    """robots.txt ``Sitemap:`` lines; else the first of ``SITEMAP_GUESSES`` and ``NEWS_SITEMAP_GUESSES``
    that is a sitemap."""
    origin = f"https://{hosts[0]}"
    robots = fetcher.robots_txt(origin)
    if robots is None:
        notes.append("robots.txt did not answer")
    found = robots_sitemaps(robots.body, robots.url) if robots is not None and robots.ok else []
    found = [s for s in found if (urlsplit(s).hostname or "") in hosts]
    if found:
        return found
    for guesses in (SITEMAP_GUESSES, NEWS_SITEMAP_GUESSES):
        for path in guesses:
            try:
                guess = fetcher.get(f"{origin}{path}")
            except FetchError:
                continue
            if guess.ok and any(read_feed(guess.body)):
                found.append(guess.url)
                break
    return found


def survey_site(url: str, fetcher: PoliteFetcher, *, max_sections: int, check_articles: int,
                home_html: str | None = None) -> Survey:
    """Everything ``archive site add`` prints about the site whose home page is ``url``
    (``home_html``: the home page as saved, instead of fetching it)."""
    from crawler.survey.entry import survey_profile

    if home_html is None:
        home = fetcher.get(url)
        if not home.ok:
            raise FetchError(f"{url}: the home page answered HTTP {home.status}")
        home_html = home.text
    doc = parse_html(home_html)
    hosts = site_hosts(url)
    survey = Survey(url=url, hosts=hosts, name=site_name(doc, hosts[0]), detection=detect_family(doc, url))
    links = [clean_url(link) for link in page_links(doc, url) if (urlsplit(link).hostname or "") in hosts]
    survey.article_pattern, survey.article_links = choose_pattern(links, survey.family)
    if survey.article_pattern is None:
        survey.notes.append("no article URL pattern: fewer than two links of any known shape on the home page")
    survey.sections = menu_sections(doc, url, hosts, survey.article_pattern, max_sections)
    sitemaps = find_sitemaps(fetcher, hosts, survey.notes)
    survey.feeds = page_feeds(doc, url, hosts) + [s for s in sitemaps if is_news_sitemap(s)]
    survey.sitemaps = [s for s in sitemaps if not is_news_sitemap(s)]
    if survey.article_pattern:
        profile = survey_profile(survey, key="surveyed")
        survey.checked = [check_article(fetcher, link, profile) for link in survey.article_links[:check_articles]]
    return survey


def check_article(fetcher: PoliteFetcher, url: str, profile) -> CheckedArticle:
    """Fetch and extract one article with ``profile``: did the rules (or the generic path) read it?"""
    from crawler.extract import NotAnArticle, extract_article

    try:
        page = fetcher.get(url)
    except FetchError as exc:
        return CheckedArticle(url, False, str(exc))
    if not page.ok:
        return CheckedArticle(url, False, f"HTTP {page.status}")
    try:
        article = extract_article(page.body, url, site=profile)
    except NotAnArticle as exc:
        return CheckedArticle(url, False, f"not an article: {exc.reason}")
    return CheckedArticle(url, True, f"{article.extraction}: {article.title or '(no title)'} "
                                     f"({len(article.text)} characters, published {article.published or '?'})")

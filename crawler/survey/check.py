"""``archive site check KEY``: does a site's entry still work?  One listing, its feed, its sitemap, one article.

Each step is a :class:`CheckLine`; the site works when a listing (or, for a site without
listings, a feed or sitemap) gives article links and the first of them extracts.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.cssselect import CSSSelector

from crawler.extract.page import parse_html
from crawler.profiles.base import Profile
from crawler.spiders.feeds import read_feed
from crawler.survey.fetch import FetchError, PoliteFetcher
from crawler.survey.survey import check_article, clean_url


@dataclass(frozen=True)
class CheckLine:
    what: str  # "listing", "feed", "sitemap", "article"
    url: str
    ok: bool
    note: str


def listing_links(profile: Profile, html: str, url: str) -> list[str]:
    """The article links of a listing page, inside its ``listing_scope`` when that matches."""
    doc = parse_html(html)
    scope = next((found[0] for css in profile.discovery.listing_scope if (found := CSSSelector(css)(doc))), doc)
    links = (clean_url(urljoin(url, a.get("href", "").strip())) for a in scope.iter("a") if a.get("href"))
    return list(dict.fromkeys(link for link in links if profile.owns(link) and profile.is_article_url(link)))


def check_site(profile: Profile, fetcher: PoliteFetcher) -> list[CheckLine]:
    lines: list[CheckLine] = []
    articles: list[str] = []
    discovery = profile.discovery
    for what, urls in (("listing", discovery.start_urls), ("feed", discovery.feed_urls),
                       ("sitemap", discovery.sitemap_urls)):
        if not urls:
            continue
        line, found = check_source(profile, fetcher, what, urls[0])
        lines.append(line)
        articles = articles or found
    if articles:
        checked = check_article(fetcher, articles[0], profile)
        lines.append(CheckLine("article", checked.url, checked.ok, checked.note))
    else:
        lines.append(CheckLine("article", "", False, "no article link found to check"))
    return lines


def check_source(profile: Profile, fetcher: PoliteFetcher, what: str, url: str) -> tuple[CheckLine, list[str]]:
    try:
        page = fetcher.get(url)
    except FetchError as exc:
        return CheckLine(what, url, False, str(exc)), []
    if not page.ok:
        return CheckLine(what, url, False, f"HTTP {page.status}"), []
    if what == "listing":
        found = listing_links(profile, page.text, url)
        return CheckLine(what, url, bool(found), f"{len(found)} article links"), found
    children, entries = read_feed(page.body)
    found = [href for href, _ in entries if href and profile.owns(href) and profile.is_article_url(href)]
    note = f"{len(found)} article links" + (f", {len(children)} sitemaps" if children else "")
    if not found and children:  # an index: its first sitemap holds the articles
        inner, _ = check_source(profile, fetcher, what, children[0][0] or "")
        return CheckLine(what, url, inner.ok, f"{note}; first: {inner.note}"), []
    return CheckLine(what, url, bool(found), note), found


def site_works(lines: list[CheckLine]) -> bool:
    """A source gave article links and the article extracted."""
    return any(line.ok for line in lines if line.what != "article") and all(
        line.ok for line in lines if line.what == "article")



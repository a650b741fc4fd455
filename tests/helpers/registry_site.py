"""A mirror of a site the registry does not know, built from a family's fixture pages (test helper).

:func:`build_epi_site` writes, under ``folder/<host>/``, an ePi-CMS paper made of the Báo Bắc Kạn
fixture articles (tests/pages/bbk) moved to ``host``: a home page with a menu, two section
listings, an RSS feed, robots.txt naming a sitemap index with two dated sub-sitemaps and a news
sitemap (the newest article).  One
article (:data:`SITEMAP_ONLY`) is listed nowhere but in the older sub-sitemap: only a backfill
finds it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

PAGES = REPO / "tests" / "pages" / "bbk"
GOLDEN = REPO / "tests" / "golden" / "bbk"
FROM_HOST = "baobackan.vn"
SITEMAP_ONLY = "renamed_post66102"
SECTIONS = {"thoi-su": "Thời sự", "kinh-te": "Kinh tế"}
# the sites-file entry of the built paper (``.format(host=built.host)``)
ENTRY = """\
[[site]]
key = "laocai"
name = "Báo Lào Cai"
hosts = ["{host}", "www.{host}"]
family = "epi"
start_urls = ["https://{host}/thoi-su/", "https://{host}/kinh-te/"]
sitemap_urls = ["https://{host}/sitemap.xml"]
"""


@dataclass(frozen=True)
class SavedArticle:
    url: str
    title: str
    published: str
    text: str


@dataclass(frozen=True)
class BuiltSite:
    host: str
    listed: list[SavedArticle]  # in the section listings (and the home page, the feed, the newer sitemap)
    sitemap_only: SavedArticle  # only in the older sub-sitemap


def _move(page: Path, host: str) -> tuple[str, str]:
    text = page.read_text(encoding="utf-8").replace(FROM_HOST, host)
    url = re.search(r'rel="canonical" href="([^"]+)"', text).group(1)
    return url, text


def _article(page: Path, host: str, folder: Path) -> SavedArticle:
    url, text = _move(page, host)
    (folder / url.split("/", 3)[3]).write_text(text, encoding="utf-8")
    golden = json.loads((GOLDEN / f"{page.stem}.json").read_text(encoding="utf-8"))
    return SavedArticle(url, golden["title"], golden["published"], golden["text"])


def _shell(title: str, site_name: str, body: str) -> str:
    menu = "".join(f'<li><a href="/{slug}/">{name}</a></li>' for slug, name in SECTIONS.items())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} - {site_name}</title>
<meta property="og:site_name" content="{site_name}">
<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/rss/home.rss">
</head><body>
<header class="header"><nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li>{menu}
<li><a href="/video/">Video</a></li><li><a href="/lien-he.html">Liên hệ</a></li></ul></nav></header>
<div class="zone zone--timeline">{body}</div>
<footer><a href="https://www.facebook.com/baolaocai">Facebook</a></footer>
</body></html>
"""


def _stories(articles: list[SavedArticle]) -> str:
    return "".join(
        f'<article class="story"><h3 class="story__heading"><a class="cms-link" href="{a.url}">'
        f'{html.escape(a.title)}</a></h3><time datetime="{a.published}">{a.published[:10]}</time></article>'
        for a in articles)


def _urlset(articles: list[SavedArticle]) -> str:
    urls = "".join(f"<url><loc>{a.url}</loc><lastmod>{a.published}</lastmod></url>" for a in articles)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def build_epi_site(folder: Path, host: str = "baolaocai.vn", site_name: str = "Báo Lào Cai") -> BuiltSite:
    root = folder / host
    for sub in ("", *SECTIONS, "rss", "sitemaps"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    listed = [_article(page, host, root) for page in sorted(PAGES.glob("article_post*.html"))]
    hidden = _article(PAGES / f"{SITEMAP_ONLY}.html", host, root)
    half = len(listed) // 2
    for n, slug in enumerate(SECTIONS):
        part = listed[:half] if n == 0 else listed[half:]
        (root / slug / "index.html").write_text(_shell(SECTIONS[slug], site_name, _stories(part)), encoding="utf-8")
    (root / "index.html").write_text(_shell("Trang chủ", site_name, _stories(listed)), encoding="utf-8")
    items = "".join(f"<item><title>{html.escape(a.title)}</title><link>{a.url}</link></item>" for a in listed[:half])
    (root / "rss" / "home.rss").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{site_name}</title>{items}'
        "</channel></rss>", encoding="utf-8")
    (root / "robots.txt").write_text(f"User-agent: *\nDisallow: /admin/\nSitemap: https://{host}/sitemap.xml\n"
                                     f"Sitemap: https://{host}/sitemaps/news.xml\n", encoding="utf-8")
    (root / "sitemaps" / "news.xml").write_text(_urlset(listed[-1:]), encoding="utf-8")
    newest = max(a.published for a in listed)[:10]
    (root / "sitemaps" / "recent.xml").write_text(_urlset(listed), encoding="utf-8")
    (root / "sitemaps" / "older.xml").write_text(_urlset([hidden]), encoding="utf-8")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>https://{host}/sitemaps/recent.xml</loc><lastmod>{newest}</lastmod></sitemap>"
        f"<sitemap><loc>https://{host}/sitemaps/older.xml</loc><lastmod>{hidden.published[:10]}</lastmod></sitemap>"
        "</sitemapindex>", encoding="utf-8")
    return BuiltSite(host, listed, hidden)

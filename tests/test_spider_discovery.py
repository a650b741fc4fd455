"""Discovery offline: what a spider takes from a listing page, a feed or a sitemap, and when it stops.

Pages are the demo mirror's (our own, one per family) and, when ../shared is present, the real
Báo Cần Thơ category page (same CMS as BDK).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from archive.db import open_archive
from archive.store import save_article
from archive.vn_time import VN_TZ, now_vn
from crawler.demo import MIRROR_FOLDER
from crawler.profiles import PROFILES
from crawler.replay.mirror import FolderSource
from crawler.spiders.base import ArchiveSpider, ListedArticle, parse_vn_date
from crawler.spiders.generic import GenericSpider
from crawler.spiders.loader import spider_class
from crawler.spiders.sharepoint import SharepointSpider
from tests.helpers.settings import project_settings_dict

BDK = PROFILES["bdk"]
BdkSpider = spider_class(BDK)
BbkSpider = spider_class(PROFILES["bbk"])
SoNgheanSpider = spider_class(PROFILES["so_nghean"])


def make_spider(cls, db_path: Path, **kwargs) -> ArchiveSpider:
    crawler = get_crawler(cls, project_settings_dict(ARCHIVE_DB=str(db_path)))
    return crawler._create_spider(**kwargs)


def demo_page(url: str, meta: dict | None = None) -> HtmlResponse:
    host, _, rest = url.split("://", 1)[1].partition("/")
    path, _, query = ("/" + rest).partition("?")
    found = FolderSource(MIRROR_FOLDER).lookup(host, path, query)
    assert found is not None, url
    request = Request(url, meta={"page_no": 1, "listing_root": url, **(meta or {})})
    return HtmlResponse(url, body=found.body, encoding="utf-8", request=request)


def test_bdk_listing_takes_the_main_list_with_url_dates(db_path):
    spider = make_spider(BdkSpider, db_path)
    items = spider.listed_articles(demo_page("https://baodongkhoi.vn/thoi-su"))
    assert [i.canonical.rsplit("-", 1)[1] for i in items] == ["a117201.html", "a117188.html"]
    assert [i.published for i in items] == [date(2023, 7, 20), date(2023, 7, 19)]
    # The sidebar (newest articles, an amp. link with utm_ tracking) is outside the list.
    assert spider.crawler.stats.get_value("discovery/offsite_links") is None


def test_bdk_pager_follows_gt_not_raquo(db_path):
    spider = make_spider(BdkSpider, db_path)
    page = demo_page("https://baodongkhoi.vn/thoi-su?p=2", {"page_no": 2, "listing_root": "https://baodongkhoi.vn/thoi-su"})
    url, guessed = spider.next_page_url(page, "https://baodongkhoi.vn/thoi-su", 2, spider.listed_articles(page))
    assert (url, guessed) == ("https://baodongkhoi.vn/thoi-su?p=3", False)
    last = demo_page("https://baodongkhoi.vn/thoi-su?p=3")
    items = spider.listed_articles(last)
    assert spider.next_page_url(last, "https://baodongkhoi.vn/thoi-su", 3, items) == (None, False)


def test_real_cantho_category_page_same_cms_as_bdk(shared_dir, db_path):
    sample = shared_dir / "html_samples" / "bdk_proxy_baocantho_category_thoi-su.html"
    if not sample.exists():
        pytest.skip("Cần Thơ category sample absent")
    cantho = replace(
        BDK, key="bdk", hosts=("baocantho.com.vn",), canonical_host="baocantho.com.vn",
        article_url_patterns=(__import__("re").compile(r"^https://baocantho\.com\.vn/[a-z0-9-]+-a(?P<id>\d+)\.html$"),),
    )
    spider = make_spider(BdkSpider, db_path)
    spider.profile = cantho
    url = "https://baocantho.com.vn/thoi-su/"
    response = HtmlResponse(url, body=sample.read_bytes(), encoding="utf-8",
                            request=Request(url, meta={"page_no": 1, "listing_root": url}))
    items = spider.listed_articles(response)
    ids = [i.canonical.rsplit("-a", 1)[1] for i in items]
    assert ids[:4] == ["196670.html", "196669.html", "196668.html", "196666.html"]  # top story, then top3 teasers
    assert len(ids) == len(set(ids)) >= 10
    assert spider.next_page_url(response, url, 1, items) == ("https://baocantho.com.vn/thoi-su?p=2", False)


def test_epi_zone_dates_from_time_and_guessed_next_page(db_path):
    spider = make_spider(BbkSpider, db_path)
    page = demo_page("https://baobackan.vn/thoi-su/")
    items = spider.listed_articles(page)
    assert [i.published for i in items] == [date(2023, 10, 10), date(2023, 10, 8)]
    assert spider.next_page_url(page, "https://baobackan.vn/thoi-su/", 1, items) == (
        "https://baobackan.vn/thoi-su/?page=2", True)
    empty = demo_page("https://baobackan.vn/thoi-su/?page=4")
    assert spider.listed_articles(empty) == []


def test_portal_listing_relative_links_and_text_dates(db_path):
    spider = make_spider(SoNgheanSpider, db_path)
    page = demo_page("https://tttt.nghean.gov.vn/tin-tuc--su-kien")
    items = spider.listed_articles(page)
    assert items[0] == ListedArticle(
        "https://tttt.nghean.gov.vn/tin-tuc--su-kien/hoi-nghi-truc-tuyen-so-ket-01-nam-thuc-hien-de-an-06-tinh-nghe-an-den-n-583737?pageindex=0",
        "https://tttt.nghean.gov.vn/tin-tuc--su-kien/hoi-nghi-truc-tuyen-so-ket-01-nam-thuc-hien-de-an-06-tinh-nghe-an-den-n-583737",
        date(2023, 9, 21),
    )
    assert spider.next_page_url(page, page.url, 1, items)[0] == "https://tttt.nghean.gov.vn/tin-tuc--su-kien?pageindex=2"


def test_stop_reasons(db_path):
    spider = make_spider(BdkSpider, db_path, since="2023-07-15", max_pages="3")
    new = ListedArticle("u1", "c1", date(2023, 7, 20))
    old = ListedArticle("u2", "c2", date(2023, 7, 1))
    undated = ListedArticle("u3", "c3", None)
    none: frozenset[str] = frozenset()
    assert spider.stop_reason([], set(), 1, none) == "empty_page"
    assert spider.stop_reason([old, undated], set(), 1, none) == "since"
    assert spider.stop_reason([new, old], set(), 1, none) is None
    assert spider.stop_reason([new, old], {"c1", "c2"}, 1, none) == "all_known"
    assert spider.stop_reason([new], set(), 3, none) == "max_pages"
    assert spider.stop_reason([new], set(), 2, frozenset({"c1"})) == "repeated_page"
    # A new article repeated from an earlier page (a side box) neither keeps an old page going…
    assert spider.stop_reason([new, old], set(), 2, frozenset({"c1"})) == "since"
    # …nor keeps a page of known articles from stopping.
    recent = ListedArticle("u4", "c4", date(2023, 7, 18))
    assert spider.stop_reason([new, recent], {"c4"}, 2, frozenset({"c1"})) == "all_known"
    walker = make_spider(BdkSpider, db_path, stop_when_known="0")
    assert walker.stop_reason([new], {"c1"}, 1, none) is None


def test_side_box_repeated_on_every_page_does_not_defeat_since(db_path):
    """With no list scope (unknown markup), the whole page counts: the stop rules must still work."""
    spider = make_spider(GenericSpider, db_path, start_url="https://news.example.vn/tin",
                         article_pattern=r"-\d+\.html$", since="2024-03-01")

    def page(n: int, items: list[tuple[str, str]]) -> HtmlResponse:
        side = '<aside><li><a href="/doc-nhieu-99.html">Tin mới</a> 10/03/2024</li></aside>'
        lis = "".join(f'<li><a href="/{slug}.html">x</a> {day}</li>' for slug, day in items)
        nxt = f'<a rel="next" href="/tin?page={n + 1}">›</a>'
        url = "https://news.example.vn/tin" + (f"?page={n}" if n > 1 else "")
        body = f"<html><body><ul>{lis}</ul>{side}{nxt}</body></html>".encode()
        return HtmlResponse(url, body=body, encoding="utf-8",
                            request=Request(url, meta={"page_no": n, "listing_root": "https://news.example.vn/tin"}))

    first = list(spider.parse_listing(page(1, [("a-1", "05/03/2024"), ("b-2", "02/03/2024")])))
    nxt = [r for r in first if r.meta["page_kind"] == "listing"]
    assert [r.url for r in nxt] == ["https://news.example.vn/tin?page=2"]
    second = list(spider.parse_listing(page(2, [("c-3", "20/02/2024"), ("d-4", "18/02/2024")])))
    assert [r for r in second if r.meta["page_kind"] == "listing"] == []
    assert spider.crawler.stats.get_value("discovery/stop/since") == 1


def test_listing_requests_only_unknown_articles(db_path):
    db = open_archive(db_path)
    save_article(db, {"url": "https://baodongkhoi.vn/ben-tre-day-manh-chuyen-doi-so-trong-co-quan-nha-nuoc-20072023-a117201.html",
                      "site": "bdk", "text": "đã có"})
    db.conn.close()
    spider = make_spider(BdkSpider, db_path)
    out = list(spider.parse_listing(demo_page("https://baodongkhoi.vn/thoi-su")))
    articles = [r.url for r in out if r.meta["page_kind"] == "article"]
    listings = [r.url for r in out if r.meta["page_kind"] == "listing"]
    assert articles == ["https://baodongkhoi.vn/nong-dan-cho-lach-lien-ket-trong-buoi-da-xanh-theo-huong-huu-co-19072023-a117188.html"]
    assert listings == ["https://baodongkhoi.vn/thoi-su?p=2"]  # one new article on the page: go on


def test_rss_and_sitemaps(db_path):
    spider = make_spider(BdkSpider, db_path, since="2023-07-15")
    rss = demo_page("https://baodongkhoi.vn/rss/cate/thoi-su/")
    assert [r.url for r in spider.parse_feed(rss)] == [
        "https://baodongkhoi.vn/ben-tre-day-manh-chuyen-doi-so-trong-co-quan-nha-nuoc-20072023-a117201.html"]
    index = XmlResponse("https://baodongkhoi.vn/sitemap.xml", body=b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://baodongkhoi.vn/sitemap-2023-07.xml</loc><lastmod>2023-07-31</lastmod></sitemap>
<sitemap><loc>https://baodongkhoi.vn/sitemap-2023-06.xml</loc><lastmod>2023-06-30</lastmod></sitemap>
<sitemap><loc>https://other.example/sitemap.xml</loc></sitemap></sitemapindex>""")
    assert [r.url for r in spider.parse_feed(index)] == ["https://baodongkhoi.vn/sitemap-2023-07.xml"]
    urlset = XmlResponse("https://baodongkhoi.vn/sitemap-2023-07.xml", body=b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://baodongkhoi.vn/bai-moi-a200001.html</loc><lastmod>2023-07-30T10:00:00+07:00</lastmod></url>
<url><loc>https://baodongkhoi.vn/bai-cu-a100001.html</loc><lastmod>2023-07-01</lastmod></url>
<url><loc>https://baodongkhoi.vn/thoi-su</loc></url></urlset>""")
    assert [r.url for r in spider.parse_feed(urlset)] == ["https://baodongkhoi.vn/bai-moi-a200001.html"]


def test_revisit_recent_articles_and_failures(db_path):
    from archive.store import record_failure

    db = open_archive(db_path)
    for day, n in (("2024-03-09", 1), ("2024-03-01", 2)):
        save_article(db, {"url": f"https://baodongkhoi.vn/x-a{n}.html", "site": "bdk", "text": "t",
                          "published_at": day})
    # failed two hours ago, so its one-hour backoff (CRAWL_RETRY_BACKOFF) has passed
    record_failure(db, "https://baodongkhoi.vn/loi-a3.html", reason="HTTP 503", site="bdk", http_status=503,
                   now=now_vn() - timedelta(hours=2))
    record_failure(db, "https://baodongkhoi.vn/thoi-su?p=9", reason="HTTP 503", site="bdk")  # a listing: not retried
    db.conn.close()
    # -a revisit_days=3: the fixed window of recent articles, beside the schedule (none due here: the
    # schedule counts from when each was last seen, i.e. just now)
    spider = make_spider(BdkSpider, db_path, revisit_days="3")
    assert spider.urls_to_revisit(datetime(2024, 3, 10, tzinfo=VN_TZ)) == [
        ("https://baodongkhoi.vn/x-a1.html", "https://baodongkhoi.vn/x-a1.html"),
        ("https://baodongkhoi.vn/loi-a3.html", None)]


def test_parse_vn_date_handles_nbsp_and_garbage():
    assert parse_vn_date("(\xa0Cập nhật lúc: 12/07/2022 \xa0)") == date(2022, 7, 12)
    assert parse_vn_date("31/02/2023") is None
    assert parse_vn_date("không có ngày") is None


def test_sharepoint_and_generic_profiles_come_from_arguments(db_path):
    sp = make_spider(SharepointSpider, db_path, start_url="https://backan.gov.vn/Pages/tin-tuc-su-kien-215.aspx")
    assert sp.site == "backan.gov.vn" and sp.profile.hosts == ("backan.gov.vn", "www.backan.gov.vn")
    assert sp.profile.is_article_url(
        "https://backan.gov.vn/Pages/tin-tuc-su-kien-215/thong-tin-truyen-thong-159/trung-tam-cong-nghe-thong-tin-va-truyen-tho-aa40fbd140aae02f.aspx")
    gen = make_spider(GenericSpider, db_path, start_url="https://www.example.vn/tin", article_pattern=r"-\d+\.html$",
                      site="example")
    assert gen.site == "example" and gen.profile.owns("https://example.vn/a-1.html")
    with pytest.raises(ValueError, match="start_url"):
        make_spider(SharepointSpider, db_path)
    with pytest.raises(ValueError, match="regular expression"):
        make_spider(GenericSpider, db_path, start_url="https://example.vn/", article_pattern="(")


def test_canonical_url_drops_tracking_and_folds_aliases():
    assert BDK.canonical_url("http://amp.baodongkhoi.vn/x-a1.html?utm_source=zalo&fbclid=1#comment") == (
        "https://baodongkhoi.vn/x-a1.html")
    assert BDK.canonical_url("https://dongkhoi.baovinhlong.vn/thoi-su?p=2&gclid=9") == "https://baodongkhoi.vn/thoi-su?p=2"
    assert BDK.canonical_url("https://baodongkhoi.vn/thoi-su?p=2") == "https://baodongkhoi.vn/thoi-su?p=2"


def test_page_date_of_every_family_demo_article():
    from crawler.spiders.undated import page_date

    for url, day in (
        ("https://baodongkhoi.vn/le-hoi-dua-ben-tre-lan-thu-v-10072023-a117011.html", date(2023, 7, 10)),  # JSON-LD
        ("https://baobackan.vn/na-ri-trien-khai-vu-dong-nam-2023-post60150.html", date(2023, 10, 8)),  # meta
        ("https://ict.backan.gov.vn/Pages/cong-nghe-thong-tin-542/bao-dam-an-toan-thong-tin-mang-9d8c7b6a5f4e3d2c.aspx",
         date(2023, 9, 12)),  # "( Cập nhật lúc: 12/09/2023 )" after the title
        ("https://tttt.nghean.gov.vn/tin-tuc--su-kien/trien-khai-nen-tang-so-khuyen-nong-583299?pageindex=0",
         date(2023, 9, 1)),
    ):
        assert page_date(demo_page(url)) == day, url


PAGES = Path(__file__).resolve().parent / "pages"
# The generic spider has no listing rules of its own (it takes an article pattern per site), so its pages are left out.
LISTING_FIXTURES = sorted(p for p in PAGES.glob("*/listing_*.html") if p.parent.name != "generic")


@pytest.mark.parametrize("page", LISTING_FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in LISTING_FIXTURES])
def test_listing_pages_written_by_the_extraction_fixtures(page, db_path):
    """Listing pages someone else wrote for each family (tests/pages): links found, a next page found."""
    import re

    family = page.parent.name
    body = page.read_bytes()
    found = re.search(rb'og:url" content="([^"]+)"', body) or re.search(rb'rel="canonical" href="([^"]+)"', body)
    url = found.group(1).decode() if found else None
    if family == "sharepoint":
        spider = make_spider(SharepointSpider, db_path, start_url=url or "https://backan.gov.vn/Pages/x-1.aspx")
    else:
        spider = make_spider(spider_class(PROFILES[family]), db_path)
    url = url or spider.profile.discovery.start_urls[0]
    response = HtmlResponse(url, body=body, encoding="utf-8",
                            request=Request(url, meta={"page_no": 1, "listing_root": url}))
    items = spider.listed_articles(response)
    assert len(items) >= 4
    assert all(spider.profile.owns(i.url) and spider.profile.is_article_url(i.url) for i in items)
    next_url, _ = spider.next_page_url(response, url, 1, items)
    assert next_url and next_url != url and spider.profile.owns(next_url)


def test_read_feed_atom_and_rss_dates():
    from crawler.spiders.feeds import read_feed

    atom = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>
<link rel="alternate" href="https://baonghean.vn/a-10300001.html"/><published>2025-10-29T09:51:00+07:00</published>
</entry></feed>"""
    assert read_feed(atom) == ([], [("https://baonghean.vn/a-10300001.html", date(2025, 10, 29))])
    rss = """<rss version="2.0"><channel><item><link>https://baobackan.vn/a-post1.html</link>
<pubDate>Tue, 10 Oct 2023 18:30:00 GMT</pubDate></item></channel></rss>"""
    assert read_feed(rss) == ([], [("https://baobackan.vn/a-post1.html", date(2023, 10, 11))])  # 01:30 in Vietnam


def test_after_an_unclean_stop_the_walk_does_not_stop_at_known_pages(db_path):
    """Until a run of the site finishes cleanly, no page counts as all-known: what a stopped run had
    queued and lost is found again wherever it was listed."""
    from archive.store import finish_crawl, start_crawl

    db = open_archive(db_path)
    finish_crawl(db, start_crawl(db, "bdk"), status="finished")
    assert make_spider(BdkSpider, db_path).known_before_resume({"c1"}) == {"c1"}
    finish_crawl(db, start_crawl(db, "bdk"), status="killed")
    assert make_spider(BdkSpider, db_path).known_before_resume({"c1"}) == set()
    finish_crawl(db, start_crawl(db, "bdk"), status="finished")
    assert make_spider(BdkSpider, db_path).known_before_resume({"c1"}) == {"c1"}

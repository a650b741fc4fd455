"""End to end: the real `archive crawl` / `scrapy crawl` in a subprocess, over real HTTP on loopback,
from the demo mirror (served by crawler.replay.mirror in this process), into a real SQLite file.

Request counts come from the mirror server's own log.  Each crawl is a subprocess (~1-2 s); the
read-only tests share one server.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter

import pytest

from crawler.demo import MIRROR_FOLDER, demo_articles, demo_sites
from crawler.profiles import PROFILES
from tests.helpers.crawl import (
    archive_cli,
    crawl,
    crawl_many,
    is_article,
    rows,
    scrapy_crawl,
    start_server,
)

pytestmark = pytest.mark.e2e  # every test here starts a crawl, a server or a subprocess

DEMO_HOSTS = {p.name for p in MIRROR_FOLDER.iterdir() if p.is_dir()}
DEMO_ARTICLES = demo_articles()  # site -> canonical article URLs in the demo mirror


@pytest.fixture(scope="module")
def mirror():
    server, base = start_server(MIRROR_FOLDER)
    yield server, base
    server.stop()


# --- every family, first and second run ----------------------------------------------------------


@pytest.fixture(scope="module")
def two_runs(mirror, tmp_path_factory):
    server, base = mirror
    db = tmp_path_factory.mktemp("e2e") / "archive.sqlite"
    first = crawl(server, base, db, "--all")
    second = crawl(server, base, db, "--all")
    return db, first, second


def test_first_run_stores_every_family(two_runs):
    db, first, _ = two_runs
    per_site = dict(rows(db, "SELECT site, count(*) FROM articles GROUP BY site"))
    assert per_site == {site: len(urls) for site, urls in DEMO_ARTICLES.items()}
    assert set(per_site) == set(demo_sites())
    crawls = rows(db, "SELECT site, status, new, failed FROM crawls WHERE id <= ?", [len(per_site)])
    assert sorted(crawls) == sorted((s, "finished", n, 0) for s, n in per_site.items())
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]


def test_canonical_urls_and_fetched_urls(two_runs):
    db, _, _ = two_runs
    urls = dict(rows(db, "SELECT url, fetched_url FROM articles"))
    hosts = {u.split("/")[2] for u in urls}
    assert hosts == {PROFILES[site].canonical_host for site in demo_sites()}
    # BNA ePi items are linked through m.baonghean.vn: archived under the canonical host, fetched URL kept.
    epi = "https://baonghean.vn/nghe-an-thong-tin-noi-bat-ngay-86-post270909.html"
    assert urls[epi] == "https://m.baonghean.vn/nghe-an-thong-tin-noi-bat-ngay-86-post270909.html"
    # The Sở portal's ?pageindex=0 is not part of an article's identity.
    na = [u for u in urls if "583737" in u]
    assert na == ["https://tttt.nghean.gov.vn/tin-tuc--su-kien/hoi-nghi-truc-tuyen-so-ket-01-nam-thuc-hien-de-an-06-tinh-nghe-an-den-n-583737"]
    assert urls[na[0]].endswith("?pageindex=0")
    assert not any("utm_" in u or "#" in u for u in urls)


def test_first_run_paginates_every_family(two_runs):
    _, first, _ = two_runs
    for page in (
        "https://baodongkhoi.vn/thoi-su?p=2", "https://baodongkhoi.vn/thoi-su?p=3",
        "https://baobackan.vn/thoi-su/?page=3",
        "https://baonghean.vn/thoi-su?page=3",
        "https://ict.backan.gov.vn/Pages/tin-tuc-su-kien-541.aspx?Page=3",
        "https://tttt.nghean.gov.vn/tin-tuc--su-kien?pageindex=3",
    ):
        assert page in first, page


def test_off_site_and_non_article_links_never_followed(two_runs):
    _, first, second = two_runs
    for url in first + second:
        host = url.split("/")[2]
        assert host in DEMO_HOSTS, url
    paths = " ".join(first)
    for never in ("/tim-kiem/", "/video/", "/tu-khoa/", "/_layouts/", "facebook", "baohaiphong", "/print/"):
        assert never not in paths
    articles = [u for u in first if is_article(u)]
    # each article fetched once, aliases folded
    assert len(articles) == len(set(articles)) == sum(map(len, DEMO_ARTICLES.values()))


def test_second_run_fetches_no_article_and_stops_at_known_pages(two_runs):
    db, _, second = two_runs
    assert [u for u in second if is_article(u)] == []
    assert not [u for u in second if "p=2" in u or "page=2" in u or "Page=2" in u or "pageindex=2" in u]
    last = rows(db, "SELECT site, new, updated, unchanged FROM crawls WHERE id > ?", [len(demo_sites())])
    assert sorted(last) == sorted((s, 0, 0, 0) for s in demo_sites())


# --- bounds ---------------------------------------------------------------------------------------

SINCE_CASES = [
    # spider, since, ids stored, a listing page fetched, a listing page never fetched
    ("bdk", "2023-07-18", {"a117201", "a117188"}, "https://baodongkhoi.vn/thoi-su?p=2",
     "https://baodongkhoi.vn/thoi-su?p=3"),
    ("bbk", "2023-10-06", {"post60187", "post60150"}, "https://baobackan.vn/thoi-su/?page=2",
     "https://baobackan.vn/thoi-su/?page=3"),
    ("baonghean", "2025-10-26", {"10309548", "10309410"}, "https://baonghean.vn/thoi-su?page=2",
     "https://baonghean.vn/thoi-su?page=3"),
    ("so_backan", "2023-10-05", {"26f64f88ccb412cc", "3c2369fe78807317"},
     "https://ict.backan.gov.vn/Pages/tin-tuc-su-kien-541.aspx?Page=2",
     "https://ict.backan.gov.vn/Pages/tin-tuc-su-kien-541.aspx?Page=3"),
    ("so_nghean", "2023-09-15", {"583737", "583650"}, "https://tttt.nghean.gov.vn/tin-tuc--su-kien?pageindex=2",
     "https://tttt.nghean.gov.vn/tin-tuc--su-kien?pageindex=3"),
]


@pytest.fixture(scope="module")
def since_run(mirror, tmp_path_factory):
    server, base = mirror
    db = tmp_path_factory.mktemp("since") / "archive.sqlite"
    urls = crawl_many(server, base, db, [(spider, {"since": since}) for spider, since, *_ in SINCE_CASES])
    return db, urls


@pytest.mark.parametrize(("spider", "since", "ids", "fetched", "never"), SINCE_CASES, ids=[c[0] for c in SINCE_CASES])
def test_since_stops_pagination(since_run, spider, since, ids, fetched, never):
    db, urls = since_run
    assert fetched in urls
    assert never not in urls
    stored = {u for (u,) in rows(db, "SELECT url FROM articles WHERE site = ?", (spider,))}
    assert {i for i in ids if any(i in u for u in stored)} == ids
    assert len(stored) == len(ids), stored
    assert all(d >= since for (d,) in rows(db, "SELECT published_date FROM articles WHERE site = ?", (spider,)))


def test_max_pages_bounds_every_listing(mirror, tmp_path):
    server, base = mirror
    urls = crawl(server, base, tmp_path / "a.sqlite", "--all", "--max-pages", "1")
    assert "https://baodongkhoi.vn/thoi-su" in urls
    assert not [u for u in urls if "p=2" in u or "page=2" in u or "Page=2" in u or "pageindex=2" in u]


# --- changes, robots, failures (each on its own copy of the mirror) --------------------------------


@pytest.fixture
def own_mirror(tmp_path):
    folder = tmp_path / "mirror"
    shutil.copytree(MIRROR_FOLDER, folder)
    server, base = start_server(folder)
    yield folder, server, base
    server.stop()


BDK_ARTICLE = "ben-tre-day-manh-chuyen-doi-so-trong-co-quan-nha-nuoc-20072023-a117201.html"


def test_changed_article_becomes_a_version(own_mirror, tmp_path):
    folder, server, base = own_mirror
    db = tmp_path / "a.sqlite"
    crawl(server, base, db, "bdk")
    page = folder / "baodongkhoi.vn" / BDK_ARTICLE
    page.write_text(page.read_text(encoding="utf-8").replace("gần 45%", "gần 47%"), encoding="utf-8")
    urls = crawl(server, base, db, "bdk", "-a", "revisit_days=100000")
    assert f"https://baodongkhoi.vn/{BDK_ARTICLE}" in urls
    versions = rows(db, "SELECT v.text FROM article_versions v JOIN articles a ON a.id = v.article_id "
                        "WHERE a.url LIKE ? ORDER BY v.id", ("%a117201.html",))
    assert len(versions) == 2
    assert "gần 45%" in versions[0][0] and "gần 47%" in versions[1][0]
    assert rows(db, "SELECT new, updated, unchanged FROM crawls ORDER BY id DESC LIMIT 1") == [(0, 1, 5)]


def test_robots_disallow_is_honoured(own_mirror, tmp_path):
    folder, server, base = own_mirror
    robots = folder / "baodongkhoi.vn" / "robots.txt"
    robots.write_text(robots.read_text() + f"Disallow: /{BDK_ARTICLE}\n", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    urls = crawl(server, base, db, "bdk")
    assert "https://baodongkhoi.vn/robots.txt" in urls
    assert f"https://baodongkhoi.vn/{BDK_ARTICLE}" not in urls
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]  # disallowed is not failed


def test_failures_recorded_then_cleared(own_mirror, tmp_path, monkeypatch):
    _, server, base = own_mirror
    db = tmp_path / "a.sqlite"
    a503, a404, cut, once, slow = (
        "/tang-cuong-phong-chong-xam-nhap-man-mua-kho-14072023-a117102.html",
        "/le-hoi-dua-ben-tre-lan-thu-v-10072023-a117011.html",
        "/khai-mac-giai-bong-da-thieu-nien-tinh-nam-2023-17072023-a117150.html",
        "/hoi-nghi-ban-chap-hanh-dang-bo-tinh-lan-thu-12-12072023-a117060.html",
        "/nong-dan-cho-lach-lien-ket-trong-buoi-da-xanh-theo-huong-huu-co-19072023-a117188.html",
    )
    server.faults.update({a503: "503", a404: "404", cut: "truncated", once: "503-once", slow: "slow"})
    server.clear_log()
    result = scrapy_crawl("bdk", f"MIRROR_URL={base}", f"ARCHIVE_DB={db}", "RETRY_TIMES=1", "DOWNLOAD_TIMEOUT=1")
    assert result.returncode == 0, result.stderr[-2000:]
    tries = Counter(server.urls_fetched())
    assert tries[f"https://baodongkhoi.vn{a503}"] == 2  # first try + RETRY_TIMES
    assert tries[f"https://baodongkhoi.vn{once}"] == 2
    failures = {url.split("/")[-1]: (status, reason) for url, status, reason in
                rows(db, "SELECT url, http_status, reason FROM failures")}
    assert failures[a503[1:]] == (503, "HTTP 503")
    assert failures[a404[1:]] == (404, "HTTP 404")
    assert failures[cut[1:]][0] is None and failures[cut[1:]][1]
    assert failures[slow[1:]][0] is None and "Timeout" in failures[slow[1:]][1]
    assert len(failures) == 4
    assert rows(db, "SELECT new, failed FROM crawls") == [(2, 4)]
    # The site is back: the next run retries the failures, stores them and clears the table.
    server.faults.clear()
    monkeypatch.setenv("CRAWL_RETRY_BACKOFF", "0")  # retried at once, not after the 1 h backoff
    crawl(server, base, db, "bdk")
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]
    assert rows(db, "SELECT count(*) FROM articles") == [(6,)]


def test_since_on_a_listing_without_dates_uses_the_articles_dates(tmp_path):
    """Items carry no date: each page's next page waits for its articles' dates (crawler/spiders/undated.py)."""
    site = tmp_path / "mirror" / "tin.example.vn"
    (site / "tin").mkdir(parents=True)
    days = ["2024-03-20", "2024-03-18", "2024-03-10", "2024-03-08", "2024-03-01", "2024-02-27"]
    for n, day in enumerate(days, 1):
        (site / f"bai-{n}.html").write_text(
            f'<html><head><meta property="article:published_time" content="{day}T08:00:00+07:00"></head>'
            f"<body><h1>Bài {n}</h1><p>{'Nội dung bài viết thử nghiệm. ' * 30}</p></body></html>", encoding="utf-8")
    for page in (1, 2, 3):
        links = "".join(f'<li><a href="/bai-{n}.html">Bài {n}</a></li>' for n in (2 * page - 1, 2 * page))
        more = f'<a rel="next" href="/tin?page={page + 1}">›</a>' if page < 3 else ""
        name = "index.html" + (f"@page={page}" if page > 1 else "")
        (site / "tin" / name).write_text(f"<html><body><ul>{links}</ul>{more}</body></html>", encoding="utf-8")
    server, base = start_server(tmp_path / "mirror")
    try:
        db = tmp_path / "a.sqlite"
        job = {"start_url": "https://tin.example.vn/tin", "article_pattern": r"/bai-\d+\.html$", "since": "2024-03-15"}
        urls = crawl_many(server, base, db, [("generic", job)])
    finally:
        server.stop()
    assert "https://tin.example.vn/tin?page=2" in urls  # page 1's articles are recent: go on
    assert "https://tin.example.vn/tin?page=3" not in urls  # page 2's are all older than --since
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]


def test_a_redirect_saved_in_a_mirror_folder_is_followed_and_the_target_archived(tmp_path):
    """``old.html.redirect`` (crawler/replay/mirror.py): the spider follows it as it would on the real site."""
    site = tmp_path / "mirror" / "tin.example.vn"
    site.mkdir(parents=True)
    text = "Tỉnh triển khai kế hoạch chuyển đổi số trong nông nghiệp và dịch vụ công. " * 20
    for n in (1, 2):
        (site / f"bai-{n}.html").write_text(
            f'<html><head><meta property="article:published_time" content="2024-03-0{n}T08:00:00+07:00"></head>'
            f"<body><h1>Bài {n} về chuyển đổi số</h1><p>{text}</p></body></html>", encoding="utf-8")
    (site / "bai-cu-1.html.redirect").write_text("301 https://tin.example.vn/bai-1.html", encoding="utf-8")
    (site / "tin").write_text('<html><body><a href="/bai-cu-1.html">Bài 1</a> <a href="/bai-2.html">Bài 2</a>'
                              "</body></html>", encoding="utf-8")
    server, base = start_server(tmp_path / "mirror")
    try:
        db = tmp_path / "a.sqlite"
        job = {"start_url": "https://tin.example.vn/tin", "article_pattern": r"/bai-(cu-)?\d+\.html$"}
        urls = crawl_many(server, base, db, [("generic", job)])
    finally:
        server.stop()
    assert "https://tin.example.vn/bai-cu-1.html" in urls and "https://tin.example.vn/bai-1.html" in urls
    assert rows(db, "SELECT url FROM articles ORDER BY url") == [
        ("https://tin.example.vn/bai-1.html",), ("https://tin.example.vn/bai-2.html",)]
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]


def test_a_redesigned_site_is_reported_not_silently_archived(tmp_path):
    """BDK renames its article containers overnight: the articles are still kept (generic fallback),
    and the run is reported as failed with "check the template" so a monitor sees it."""
    folder = tmp_path / "mirror"
    shutil.copytree(MIRROR_FOLDER / "baodongkhoi.vn", folder / "baodongkhoi.vn")
    redesigned = 0
    for page in (folder / "baodongkhoi.vn").glob("*-a*.html"):
        html = page.read_text(encoding="utf-8")
        for old, new in (("newscontents", "noidung-bai"), ("content-fck", "noidung-moi"), ("detail-content", "x-moi")):
            html = html.replace(old, new)
        page.write_text(html, encoding="utf-8")
        redesigned += 1
    assert redesigned >= 6
    server, base = start_server(folder)
    try:
        db = tmp_path / "a.sqlite"
        server.clear_log()
        result = archive_cli("crawl", "bdk", "--mirror", base, "--db", db)
    finally:
        server.stop()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "check the template" in result.stderr and "generic fallback" in result.stderr
    assert "check the template" in result.stdout  # the summary table says it too
    ((message, new),) = rows(db, "SELECT message, new FROM crawls")
    assert message.startswith("check the template: 6 of 6 articles needed the generic fallback")
    assert new == 6 and rows(db, "SELECT count(*) FROM articles WHERE extraction = 'generic'") == [(6,)]


# An article linked only from the last listing page: once page 1 holds only archived articles, a
# run stops there, so the failures table is the only way back to it.
DEEP_ARTICLE = "/le-hoi-dua-ben-tre-lan-thu-v-10072023-a117011.html"


def test_a_failed_article_is_not_forgotten_when_a_maintenance_page_answers_200(own_mirror, tmp_path, monkeypatch):
    _, server, base = own_mirror
    db = tmp_path / "a.sqlite"
    url = f"https://baodongkhoi.vn{DEEP_ARTICLE}"
    server.faults[DEEP_ARTICLE] = "503"
    crawl(server, base, db, "bdk")
    assert rows(db, "SELECT reason FROM failures WHERE url = ?", (url,)) == [("HTTP 503",)]
    monkeypatch.setenv("CRAWL_RETRY_BACKOFF", "0")
    server.faults[DEEP_ARTICLE] = "maintenance"
    assert url in crawl(server, base, db, "bdk")  # retried from the failures table
    ((reason, attempts),) = rows(db, "SELECT reason, attempts FROM failures WHERE url = ?", (url,))
    assert reason.startswith("not an article") and attempts == 2  # still there, not cleared by the 200
    server.faults.clear()
    crawl(server, base, db, "bdk")
    assert rows(db, "SELECT count(*) FROM articles WHERE url = ?", (url,)) == [(1,)]
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]


def test_an_article_that_could_not_be_stored_is_recorded_and_stored_later(own_mirror, tmp_path, monkeypatch):
    """The store fails for one article (a real SQLite error, raised by a trigger the test adds):
    the page goes to failures instead of vanishing, and the next run stores it."""
    from archive.db import open_archive

    _, server, base = own_mirror
    db = tmp_path / "a.sqlite"
    archive = open_archive(db)
    archive.execute("CREATE TRIGGER refuse_one BEFORE INSERT ON articles WHEN NEW.url LIKE '%a117011.html' "
                    "BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END")
    archive.conn.close()
    crawl(server, base, db, "bdk")
    url = f"https://baodongkhoi.vn{DEEP_ARTICLE}"
    ((reason,),) = rows(db, "SELECT reason FROM failures WHERE url = ?", (url,))
    assert reason.startswith("not stored: IntegrityError: disk I/O error (test)")
    assert rows(db, "SELECT new, failed FROM crawls") == [(5, 1)]
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER refuse_one")
    monkeypatch.setenv("CRAWL_RETRY_BACKOFF", "0")
    crawl(server, base, db, "bdk")
    assert rows(db, "SELECT count(*) FROM articles") == [(6,)]
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]

"""Nothing grows with the archive's size per page (issue 18): one regression test per fix, asserting
the behaviour (query plans, request meta, rows touched), never a timing."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archive.db import open_archive, transaction
from archive.store import known_urls, save_article
from crawler.spiders.generic import GenericSpider
from tests.helpers import dedup_texts as T
from tests.helpers.settings import project_settings_dict

T0 = datetime.fromisoformat("2024-03-12T09:00:00+07:00")


def _plan(db, sql: str, params: list) -> str:
    return " | ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


# --- known_urls: an index on fetched_url --------------------------------------------------------


def test_known_urls_searches_fetched_url_by_index(db):
    save_article(db, {"url": "https://bbk.example.vn/a.html", "site": "bbk", "text": "Bài một.",
                      "fetched_url": "http://127.0.0.1:1/bbk.example.vn/a.html"})
    plan = _plan(db, "SELECT fetched_url FROM articles WHERE fetched_url IN (?, ?)", ["x", "y"])
    assert "USING COVERING INDEX" in plan or "USING INDEX" in plan, plan
    assert "SCAN articles" not in plan
    assert known_urls(db, ["http://127.0.0.1:1/bbk.example.vn/a.html", "https://bbk.example.vn/none"]) == {
        "http://127.0.0.1:1/bbk.example.vn/a.html"}


def test_an_older_archive_gets_the_fetched_url_index(db_path):
    from archive.db import MIGRATIONS

    old = open_archive(db_path, migrate=False)
    for step in MIGRATIONS[:6]:
        step(old)
    old.execute("PRAGMA user_version = 6")
    old.conn.close()
    db = open_archive(db_path)
    assert "fetched_url" in {col for idx in db["articles"].indexes for col in idx.columns}


# --- listing pagination: no growing state in request meta ----------------------------------------


def _listing_page(n: int) -> HtmlResponse:
    root = "https://news.example.vn/tin"
    url = root + (f"?page={n}" if n > 1 else "")
    items = "".join(f'<li><a href="/bai-{n}-{k}.html">x</a></li>' for k in range(20))
    side = '<aside><a href="/doc-nhieu-99.html">Tin đọc nhiều</a></aside>'
    body = f'<html><body><ul>{items}</ul>{side}<a rel="next" href="/tin?page={n + 1}">›</a></body></html>'
    return HtmlResponse(url, body=body.encode(), encoding="utf-8",
                        request=Request(url, meta={"page_kind": "listing", "page_no": n, "listing_root": root}))


@pytest.mark.e2e
def test_next_page_request_meta_stays_bounded_over_a_deep_listing(db_path):
    crawler = get_crawler(GenericSpider, project_settings_dict(ARCHIVE_DB=str(db_path)))
    spider = crawler._create_spider(start_url="https://news.example.vn/tin", article_pattern=r"-\d+\.html$",
                                    stop_when_known="0")
    sizes = {}
    for n in range(1, 51):
        nxt = [r for r in spider.parse_listing(_listing_page(n)) if r.meta.get("page_kind") == "listing"]
        assert len(nxt) == 1, n
        sizes[n] = len(pickle.dumps(nxt[0].meta))
    assert sizes[50] <= sizes[2] + 8  # a page number's digits, not 1,000 URLs
    # The side box repeated on every page is still recognised: a page of only it is a repeated page.
    root = "https://news.example.vn/tin"
    side_only = HtmlResponse(root + "?page=51", encoding="utf-8", body=(
        '<html><body><aside><a href="/doc-nhieu-99.html">x</a></aside>'
        '<a rel="next" href="/tin?page=52">›</a></body></html>').encode(),
        request=Request(root + "?page=51", meta={"page_kind": "listing", "page_no": 51, "listing_root": root}))
    assert [r for r in spider.parse_listing(side_only) if r.meta.get("page_kind") == "listing"] == []
    assert crawler.stats.get_value("discovery/stop/repeated_page") == 1


# --- online dedup: a save in a big cluster touches a bounded number of rows ----------------------


def _notice(n: int) -> dict:
    """The same notice republished every day (a templated text: exact copies, one cluster)."""
    day = (T0 + timedelta(days=n)).date().isoformat()
    return {"url": f"https://bbk.example.vn/thong-bao-{n}.html", "site": "bbk", "title": f"Thông báo {n}",
            "text": T.ARTICLE, "published": day}


def _save_cost(db, article: dict, now: datetime) -> int:
    """SQLite virtual-machine steps one save takes (deterministic, grows with every row it reads)."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 1)
    try:
        save_article(db, article, now=now)
    finally:
        db.conn.set_progress_handler(None, 1)
    return steps[0]


@pytest.mark.e2e
def test_joining_a_big_cluster_costs_the_same_as_joining_a_small_one(db):
    """Before: every save re-read the whole cluster and every article sharing its LSH bands."""
    costs = {}
    for n in range(1, 221):
        cost = _save_cost(db, _notice(n), T0 + timedelta(days=n))
        if n in (110, 220):
            costs[n] = cost
    assert costs[220] < 1.1 * costs[110], costs  # was 2x (linear in the cluster's size)
    rows = db.execute("SELECT count(*), count(DISTINCT cluster_id), sum(duplicate_of IS NULL) FROM articles")
    assert rows.fetchone() == (220, 1, 1)
    assert db.execute("SELECT cluster_id, duplicate_of FROM articles WHERE id = 220").fetchone() == (1, 1)


def test_an_earlier_copy_still_becomes_the_root_of_the_whole_cluster(db):
    for n in range(5, 30):
        save_article(db, _notice(n), now=T0 + timedelta(days=n))
    first = save_article(db, _notice(1), now=T0 + timedelta(days=40))
    assert first.duplicate_of is None
    rows = set(db.execute("SELECT cluster_id, duplicate_of FROM articles WHERE id != ?", [first.article_id]))
    assert rows == {(first.article_id, first.article_id)}


# --- archive stats: counted from an index, never from the rows -----------------------------------


def test_stats_counts_come_from_a_covering_index(db):
    from archive.stats import archive_stats

    save_article(db, {"url": "https://bbk.example.vn/a.html", "site": "bbk", "text": "Bài một.",
                      "published": "2024-03-12"})
    per_site = ("SELECT site, count(*), min(published_date), max(published_date), sum(duplicate_of IS NOT NULL) "
                "FROM articles GROUP BY site ORDER BY site")
    assert "USING COVERING INDEX" in _plan(db, per_site, [])
    assert archive_stats(db)["per_site"][0]["articles"] == 1


# --- search: bm25 over a bounded number of matches -----------------------------------------------


def test_search_ranks_only_the_newest_matches_past_the_limit(db, monkeypatch):
    from archive import search

    old = save_article(db, {"url": "https://bbk.example.vn/cu.html", "site": "bbk", "title": "Lúa lúa lúa",
                            "text": "Lúa mùa bội thu.", "published": "2010-01-01"})
    for n in range(12):
        save_article(db, {"url": f"https://bbk.example.vn/moi-{n}.html", "site": "bbk", "title": f"Tin {n}",
                          "text": f"Chuyện {n} về lúa và nhiều việc khác trong ngày.", "published": "2024-01-01"})
    assert search.search_articles(db, "lúa", limit=1)[0].id == old.article_id  # the title match ranks first
    monkeypatch.setattr(search, "RANK_LIMIT", 5)
    assert search.search_articles(db, "lúa", limit=1)[0].id != old.article_id  # the newest 5 are ranked first
    hits = [h.id for h in search.search_articles(db, "lúa", limit=20)]
    assert len(hits) == 13 and hits[5] == old.article_id  # then the older ones, best first, to fill the page
    assert set(hits[:5]) == {r[0] for r in db.execute("SELECT id FROM articles ORDER BY id DESC LIMIT 5")}
    # A filter narrows what is ranked before the limit applies: the old article is found in its year.
    from datetime import date

    from archive.filters import ArticleFilter

    in_2010 = ArticleFilter(since=date(2010, 1, 1), until=date(2010, 12, 31))
    assert [h.id for h in search.search_articles(db, "lúa", where=in_2010)] == [old.article_id]


def test_a_phrase_is_looked_for_among_the_newest_articles_holding_its_words(db, monkeypatch):
    """The window is the newest RANK_LIMIT articles holding every word (no positions read): the phrase is
    checked there, not in every article until RANK_LIMIT phrase matches are found."""
    from archive import search

    monkeypatch.setattr(search, "RANK_LIMIT", 10)
    ids = []
    with transaction(db):
        for n in range(60):
            together = n % 3 == 0  # "lúa năm" stands together in every third article
            text = ("Lúa năm nay được mùa." if together else "Lúa mùa bội thu trong năm.") + f" Tin số {n}."
            title = "Lúa năm nay" if n == 0 else f"Tin {n}"  # the oldest would rank first on bm25
            ids.append(save_article(db, {"url": f"https://bbk.example.vn/{n}.html", "site": "bbk", "title": title,
                                         "text": text, "published": "2024-01-01"}).article_id)
    phrase_ids = [ids[n] for n in range(60) if n % 3 == 0]
    window = set(ids[-10:])
    hits = [h.id for h in search.search_articles(db, '"lúa năm"', limit=3)]
    assert len(hits) == 3 and set(hits) <= window & set(phrase_ids)
    # A page the window does not fill takes the next newest phrase matches, not the best older ones.
    hits = [h.id for h in search.search_articles(db, '"lua nam"', limit=6)]
    assert set(hits) == set(phrase_ids[-6:]) and ids[0] not in hits
    assert set(hits[:3]) == window & set(phrase_ids)  # the window's matches come first


def test_older_matches_fill_a_page_with_a_bounded_ranking(tmp_path, monkeypatch):
    """When the newest window holds too few matches (here: of the filtered site), only the next newest
    matches are ranked, not every older one: the VM steps stay flat as older matches pile up."""
    from archive import search
    from archive.filters import ArticleFilter

    monkeypatch.setattr(search, "RANK_LIMIT", 5)
    costs, found = {}, {}
    for older in (100, 400):
        db = open_archive(tmp_path / f"{older}.sqlite")
        with transaction(db):
            for n in range(older + 11):
                site = "bdk" if older <= n < older + 10 else "bbk"  # the newest but one are another site's
                save_article(db, {"url": f"https://{site}.example.vn/{older}-{n}.html", "site": site,
                                  "text": f"Lúa mùa bội thu, tin số {n} của năm {older}.", "published": "2024-01-01"})
        db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")  # one segment at both sizes
        newest_bbk = [r[0] for r in db.execute("SELECT id FROM articles WHERE site = 'bbk' ORDER BY id DESC LIMIT 3")]
        bbk = ArticleFilter(sites=("bbk",))
        found[older] = {h.id for h in search.search_articles(db, "lúa", where=bbk, limit=3)} == set(newest_bbk)
        costs[older] = _steps(db, lambda db=db, bbk=bbk: search.search_articles(db, "lúa", where=bbk, limit=3))
        db.conn.close()
    assert found == {100: True, 400: True}
    assert costs[400] < 1.2 * costs[100], costs


def _steps(db, func) -> int:
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 1)
    try:
        func()
    finally:
        db.conn.set_progress_handler(None, 1)
    return steps[0]


def test_telling_a_shared_cluster_does_not_count_its_members(db):
    """The crawl asks it for every stored page; it used to count the whole cluster."""
    from archive.dedup import in_shared_cluster

    with transaction(db):
        for n in range(1, 402):
            save_article(db, {"url": f"https://bbk.example.vn/{n}.html", "site": "bbk", "text": f"Tin {n}."})
    costs = {}
    for size in (20, 400):
        db.execute("UPDATE articles SET cluster_id = 1, duplicate_of = 1 WHERE id BETWEEN 2 AND ?", [size])
        assert in_shared_cluster(db, 1) and in_shared_cluster(db, size) and not in_shared_cluster(db, 401)
        costs[size] = _steps(db, lambda: in_shared_cluster(db, 1))
    assert costs[400] == costs[20], costs


# --- reextract: extraction in a process pool, one writer -----------------------------------------


@pytest.mark.e2e
def test_reextract_in_a_pool_stores_what_one_process_stores(tmp_path):
    """Worker processes extract, this process writes: the same articles, versions and counts, in order."""
    from archive.store import get_article
    from archive.vn_time import VN_TZ
    from crawler.replay.reextract import reextract
    from tests.helpers.warc import article_html, exchange, write_crawl

    captured_at = datetime(2026, 11, 20, 9, 30, 0, tzinfo=VN_TZ)

    urls = [f"https://baodongkhoi.vn/hoi-nghi-{n:02d}012023-a1101{n:02d}.html" for n in range(1, 21)]
    outcomes = {}
    for workers in (1, 2):
        folder = tmp_path / f"w{workers}"
        db = open_archive(folder / "archive.sqlite")
        pages = [exchange(url, article_html(f"Đoạn riêng của bài {n}."), captured_at) for n, url in enumerate(urls)]
        empty = "https://baodongkhoi.vn/ban-doc-15012023-a110199.html"
        pages.append(exchange(empty, "<p>trang trống</p>".encode(), captured_at))
        write_crawl(db, folder, 1, pages)
        summary = reextract(db, folder, workers=workers)
        texts = [get_article(db, url)["text"] for url in urls]
        ids = [row[0] for row in db.execute("SELECT url FROM articles ORDER BY id")]
        outcomes[workers] = (summary.new, summary.not_articles, summary.pages, texts, ids)
        db.conn.close()
    assert outcomes[2] == outcomes[1]
    assert outcomes[1][:3] == (20, 1, 21)


def test_bm25_leaves_out_words_in_more_than_half_of_the_articles(db):
    """FTS5 weighs such a word 1e-6 but reads its whole index to count its articles (a tenth of a second
    for four common syllables at 1M): the ranking is taken over the other words."""
    from archive.search import _weighted_words, search_articles

    with transaction(db):
        for n in range(40):
            text = (f"Tin số {n} của tỉnh và huyện." + (" Giá lúa tăng." if n % 8 == 0 else "")
                    + (" Vào mùa." if n % 4 else ""))
            save_article(db, {"url": f"https://bbk.example.vn/{n}.html", "site": "bbk", "text": text})
    assert _weighted_words(db, '"cua" "lua"') == '"lua"'  # của is in every article, lúa in one in eight
    assert _weighted_words(db, '"lua"') == '"lua"'
    assert _weighted_words(db, '"cua" "tin" "tang"') == '"tang"'
    assert _weighted_words(db, '"cua" "mua"') == '"mua"'  # every word common (40 and 30 of 40): the least common
    assert _weighted_words(db, '"cua" OR "lua"') == '"cua" OR "lua"'  # operators: as typed
    hits = search_articles(db, "của lúa")
    assert len(hits) == 5 and all("lúa" in h.snippet for h in hits)  # every word is still required

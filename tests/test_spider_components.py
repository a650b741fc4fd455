"""The crawl components one by one (middlewares, add-on, pipelines, CLI), then the demo command,
`scrapy list`, and the sharepoint/generic spiders end to end."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner
from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from archive.db import open_archive
from crawler.cli import main
from crawler.components.extensions import ArchiveSession, crawl_status
from crawler.components.middlewares import (
    MIRROR_META,
    BackoffRetryMiddleware,
    MirrorMiddleware,
    MirrorPoliteness,
    is_loopback_url,
    mirror_url_for,
)
from crawler.components.pipelines import ArchivePipeline, ArticleItem, ExtractPipeline, PageItem
from crawler.demo import MIRROR_FOLDER, demo_articles, demo_sites
from crawler.profiles import PROFILES
from crawler.profiles.registry import site_keys
from crawler.runner.crawl_process import project_settings
from tests.conftest import REPO
from tests.helpers.crawl import archive_cli, crawl_many, env, rows, start_server


def test_mirror_middleware_rewrites_and_restores_the_real_url():
    mw = MirrorMiddleware("http://127.0.0.1:8765/")
    request = Request("https://baodongkhoi.vn/thoi-su?p=2")
    assert mw.process_request(request) is None
    assert request.url == "http://127.0.0.1:8765/baodongkhoi.vn/thoi-su?p=2"
    assert request.meta[MIRROR_META] == "https://baodongkhoi.vn/thoi-su?p=2"
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    restored = mw.process_response(request, response)
    assert restored.url == request.url == "https://baodongkhoi.vn/thoi-su?p=2"
    assert MIRROR_META not in request.meta
    assert mirror_url_for("http://m:1", "https://ict.backan.gov.vn") == "http://m:1/ict.backan.gov.vn/"


def test_politeness_lifted_only_for_a_loopback_mirror():
    for mirror, lifted in (("http://127.0.0.1:8765", True), ("http://localhost:1", True),
                           ("http://10.0.0.5:8765", False), ("", False)):
        settings = project_settings({"MIRROR_URL": mirror} if mirror else {})
        MirrorPoliteness().update_settings(settings)
        assert (settings.getfloat("DOWNLOAD_DELAY") == 0) is lifted, mirror
        assert settings.getbool("AUTOTHROTTLE_ENABLED") is not lifted
    explicit = project_settings({"MIRROR_URL": "http://127.0.0.1:1", "DOWNLOAD_DELAY": 0.5})
    MirrorPoliteness().update_settings(explicit)
    assert explicit.getfloat("DOWNLOAD_DELAY") == 0.5  # -s on the command line still wins
    assert is_loopback_url("http://[::1]:80/") and not is_loopback_url("https://baodongkhoi.vn/")


def test_polite_defaults():
    settings = project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2 and settings.getfloat("DOWNLOAD_DELAY") >= 1
    assert "vn-news-archive" in settings.get("USER_AGENT") and "+http" in settings.get("USER_AGENT")


def test_retry_backoff_grows_and_obeys_retry_after():
    mw = BackoffRetryMiddleware(Settings({"RETRY_BACKOFF_BASE": 2.0, "RETRY_BACKOFF_MAX": 60.0, "RETRY_TIMES": 3,
                                          "RETRY_HTTP_CODES": [503], "RETRY_PRIORITY_ADJUST": -1}))
    assert [mw.delay_for(n) for n in (1, 2, 3, 7)] == [2.0, 4.0, 8.0, 60.0]
    assert mw.delay_for(1, "5") == 5.0 and mw.delay_for(1, "3600") == 60.0


def test_crawl_status_from_close_reason():
    assert [crawl_status(r) for r in ("finished", "closespider_timeout", "shutdown", "cancelled")] == [
        "finished", "finished", "killed", "failed"]


def page_item(body: str, url: str = "https://baodongkhoi.vn/x-13012023-a1.html") -> PageItem:
    return PageItem(url=url, requested_url=url, body=body.encode(), site="bdk", profile="bdk", status=200,
                    fetched_at="2024-01-01T00:00:00+07:00")


SENTENCE = "Ngày 13-1-2023, Sở Thông tin và Truyền thông tổ chức hội nghị."
ARTICLE_HTML = f"""<html><head><title>Tin thử</title></head><body><article><h1>Tin thử nghiệm đổi số</h1>
<p>{" ".join([SENTENCE] * 8)}</p></article></body></html>"""


def test_pipelines_extract_then_store_and_count(db_path):
    stats = MemoryStatsCollector(get_crawler())
    session = ArchiveSession(db_path)
    extract, store = ExtractPipeline(stats), ArchivePipeline(session, stats)
    with pytest.raises(DropItem, match="not an article"):
        asyncio.run(extract.process_item(page_item("<html><body></body></html>")))
    assert stats.get_value("extract/not_article") == 1
    item = asyncio.run(extract.process_item(page_item(ARTICLE_HTML)))
    assert isinstance(item, ArticleItem)
    first = store.process_item(item)
    again = store.process_item(asyncio.run(extract.process_item(page_item(ARTICLE_HTML))))
    assert (first["status"], again["status"]) == ("new", "unchanged")
    assert stats.get_value("archive/new") == 1 and stats.get_value("archive/unchanged") == 1
    session.close()
    db = open_archive(db_path)
    assert list(db.query("SELECT url, fetched_url, site FROM articles")) == [{
        "url": "https://baodongkhoi.vn/x-13012023-a1.html", "fetched_url": "https://baodongkhoi.vn/x-13012023-a1.html",
        "site": "bdk"}]


def test_extraction_in_worker_processes_gives_the_same_article():
    stats = MemoryStatsCollector(get_crawler())
    pooled = ExtractPipeline(stats, workers=1)
    pooled.open_spider()
    try:
        item = asyncio.run(pooled.process_item(page_item(ARTICLE_HTML)))
        with pytest.raises(DropItem, match="not an article"):
            asyncio.run(pooled.process_item(page_item("<html><body></body></html>")))
    finally:
        pooled.close_spider()
    local = asyncio.run(ExtractPipeline(stats).process_item(page_item(ARTICLE_HTML)))
    assert item.article == local.article


@pytest.mark.e2e
def test_a_dead_extraction_worker_does_not_break_the_rest_of_the_run():
    """A worker killed (the kernel's out-of-memory killer, say) broke the shared pool for good: every
    later page raised BrokenProcessPool and was lost.  Now the page is extracted here and a new pool
    takes the next ones."""
    import os
    import signal

    stats = MemoryStatsCollector(get_crawler())
    pooled = ExtractPipeline(stats, workers=1)
    pooled.open_spider()
    try:
        first = asyncio.run(pooled.process_item(page_item(ARTICLE_HTML)))
        old_pool = pooled.pool
        for pid in list(old_pool._processes):  # the worker dies
            os.kill(pid, signal.SIGKILL)
        second = asyncio.run(pooled.process_item(page_item(ARTICLE_HTML)))
        third = asyncio.run(pooled.process_item(page_item(ARTICLE_HTML)))
        assert pooled.pool is not old_pool and stats.get_value("extract/pool_restarts") == 1
    finally:
        pooled.close_spider()
    assert first.article == second.article == third.article


def registry_spiders() -> list[str]:
    """What ``scrapy list`` must print: every site of the registry plus the two argument-made spiders."""
    return sorted([*site_keys(PROFILES), "generic", "sharepoint"])


def test_crawl_cli_user_errors():
    runner = CliRunner()
    assert runner.invoke(main, ["crawl"]).exit_code == 2
    unknown = runner.invoke(main, ["crawl", "nope"])
    assert unknown.exit_code == 2 and "unknown site nope" in unknown.output
    bad_date = runner.invoke(main, ["crawl", "bdk", "--since", "13/01/2023"])
    assert bad_date.exit_code == 2 and "--since" in bad_date.output
    bad_arg = runner.invoke(main, ["crawl", "generic", "-a", "start_url"])
    assert bad_arg.exit_code == 2 and "NAME=VALUE" in bad_arg.output
    assert runner.invoke(main, ["mirror", "/no/such/folder"]).exit_code == 2
    no_start = runner.invoke(main, ["crawl", "sharepoint"])
    assert no_start.exit_code == 2 and "start_url" in no_start.output
    bad_regex = runner.invoke(main, ["crawl", "generic", "-a", "start_url=https://x.vn/", "-a", "article_pattern=("])
    assert bad_regex.exit_code == 2 and "regular expression" in bad_regex.output
    listed = runner.invoke(main, ["crawl", "--list"])
    assert listed.output.split() == registry_spiders()


@pytest.mark.e2e
def test_scrapy_list_from_the_repo_root():
    result = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, cwd=REPO,
                            env=env(), timeout=60)
    assert result.stdout.split() == registry_spiders()


@pytest.mark.e2e
def test_archive_demo_crawls_every_family(tmp_path):
    db = tmp_path / "demo.sqlite"
    result = archive_cli("demo", "--db", db)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{sum(map(len, demo_articles().values()))} articles" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr  # a newcomer's first run reads clean
    expected = demo_articles()
    for site in demo_sites():
        assert site in result.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (sum(map(len, expected.values())),)
    # The press release of the Sở, republished by Báo Bắc Kạn: two sites, two articles.
    sql = "SELECT count(DISTINCT site) FROM articles WHERE title LIKE 'Bắc Kạn phát động%'"
    assert conn.execute(sql).fetchone() == (2,)


@pytest.mark.e2e
def test_sharepoint_and_generic_spiders_on_the_mirror(tmp_path):
    server, base = start_server(MIRROR_FOLDER)
    try:
        db = tmp_path / "a.sqlite"
        urls = crawl_many(server, base, db, [
            ("sharepoint", {"start_url": "https://ict.backan.gov.vn/Pages/cong-nghe-thong-tin-542.aspx"}),
            ("generic", {"start_url": "https://tttt.nghean.gov.vn/tin-tuc--su-kien",
                         "article_pattern": r"-\d{6}\?pageindex=0$", "site": "tttt-nghean"}),
        ])
        assert "https://ict.backan.gov.vn/Pages/cong-nghe-thong-tin-542.aspx?Page=3" in urls
        assert dict(rows(db, "SELECT site, count(*) FROM articles GROUP BY site")) == {
            "ict.backan.gov.vn": 5, "tttt-nghean": 6}
    finally:
        server.stop()


def test_pipeline_drops_learned_lines_and_counts_duplicates(db_path):
    """Lines learned for a site leave the crawl's text; a copy of an earlier article counts as a duplicate."""
    from archive.boilerplate import learn_boilerplate
    from archive.store import save_article

    footer = "Mời bạn đọc gửi tin bài về hộp thư điện tử của tòa soạn."
    words = ["lúa", "cá", "dừa", "cầu", "đường", "trường", "chợ", "điện", "nước", "rừng", "biển", "nhà"]
    db = open_archive(db_path)
    for i in range(25):  # distinct stories sharing one template line
        story = " ".join(words[(i * 7 + k * k) % len(words)] + str(i * 13 + k) for k in range(60))
        save_article(db, {"url": f"https://baodongkhoi.vn/bai-{i}-a{500 + i}.html", "site": "bdk",
                          "title": f"Bài {i}", "text": f"{story}\n{footer}"})
    assert footer in learn_boilerplate(db, "bdk")
    db.conn.close()

    stats = MemoryStatsCollector(get_crawler())
    session = ArchiveSession(db_path)
    extract, store = ExtractPipeline(stats, session=session), ArchivePipeline(session, stats)
    page = ARTICLE_HTML.replace("</article>", f"<p>{footer}</p></article>")
    item = asyncio.run(extract.process_item(page_item(page)))
    assert footer not in item.article.text and SENTENCE in item.article.text
    store.process_item(item)
    copy = asyncio.run(extract.process_item(page_item(page, "https://baodongkhoi.vn/ban-sao-13012023-a2.html")))
    assert store.process_item(copy)["status"] == "new"
    assert stats.get_value("archive/new") == 2 and stats.get_value("archive/duplicates") == 1
    # The original arriving after its copy (it was published earlier) counts too: the pair is one duplicate each.
    later_copy = page_item(page.replace("<h1>", "<h1>Sở: "), "https://baodongkhoi.vn/ban-goc-12012023-a3.html")
    earlier = asyncio.run(extract.process_item(later_copy))
    earlier.article.published = "2023-01-12"
    assert store.process_item(earlier)["status"] == "new"
    assert stats.get_value("archive/duplicates") == 2
    session.close()

"""The permanent fault suite (issue 14): a seeded fault-injecting mirror on loopback
(crawler/replay/faults.py), crawled by the real runner in a subprocess, then audited.

After a crawl and one retry run every reachable article is stored exactly once and every other URL
the spider meant to fetch is in ``failures`` with a reason, under the URL it asked for (item 4);
oversized pages and gzip bombs are refused with their size (item 5); pages in windows-1258 declared
only in the HTTP header, or UTF-16 with a BOM, are read (item 6); nothing prints a traceback.
"""

from __future__ import annotations

import pytest

from crawler.replay.faults import FaultSite
from crawler.replay.mirror import serve_mirror
from tests.helpers.fault_crawl import audit, run_fault_crawl

pytestmark = pytest.mark.e2e


@pytest.fixture
def fault_site():
    site = FaultSite(seed=14, pages=2, per_page=40, timeout_seconds=3)
    server, base = serve_mirror(site)
    yield site, base
    server.stop()


def test_after_a_crawl_and_a_retry_run_nothing_is_lost_or_duplicated(fault_site, tmp_path):
    site, base = fault_site
    db = tmp_path / "archive.sqlite"
    first = run_fault_crawl(db, base, site)
    assert first.returncode == 0, first.stderr[-3000:]
    retry = run_fault_crawl(db, base, site, CRAWL_RETRY_BACKOFF=0)
    assert retry.returncode == 0, retry.stderr[-3000:]
    for run in (first, retry):
        assert "Traceback" not in run.stderr, run.stderr[-3000:]
    result = audit(db, site)
    assert result.lost == [] and result.duplicated == []
    assert result.stored == len(site.reachable()) and result.failed == len(site.unreachable())
    expected = {"redirect_offsite": "redirected off the site", "meta_refresh_offsite": "redirected off the site",
                "other_port": "", "redirect_loop": "redirect loop", "not_html": "not an HTML page",
                "oversized": "max size", "gzip_bomb": "DOWNLOAD_MAXSIZE", "empty_200": "empty page",
                "404": "HTTP 404", "503_always": "HTTP 503", "timeout": "TimeoutError", "undecodable": "cannot extract"}
    for url, reason in result.reasons.items():
        fault = site.faults[int(url.rsplit("-", 1)[1].removesuffix(".html"))]
        assert expected[fault] in reason, (url, fault, reason)


def test_charsets_are_read_as_browsers_read_them(fault_site, tmp_path):
    site, base = fault_site
    for n in site.faults:
        site.faults[n] = ("charset_header", "utf16_bom", "no_charset")[n % 3]
    site.pages = 1
    db = tmp_path / "archive.sqlite"
    assert run_fault_crawl(db, base, site).returncode == 0
    result = audit(db, site)
    assert result.lost == [] and result.stored == site.per_page
    from archive.db import open_archive

    texts = [t for (t,) in open_archive(db).execute("SELECT text FROM articles")]
    assert all("Ủy ban nhân dân tỉnh họp bàn việc chuyển đổi số" in t for t in texts)


def test_refused_urls_let_stop_when_known_fire(fault_site, tmp_path):
    """A 6-page listing whose every page holds one URL that can never be stored: the second night reads
    only the first listing page (on today's code it walked all six and fetched the dead links again)."""
    site, base = fault_site
    site.pages, site.per_page = 6, 5
    refused = ("redirect_offsite", "not_html", "meta_refresh_offsite", "redirect_loop", "other_port", "not_html")
    for n in range(1, 31):
        site.faults[n] = refused[(n - 1) // 5] if n % 5 == 3 else "ok"
    db = tmp_path / "archive.sqlite"
    args = {"CRAWL_RETRY_BACKOFF": 3600}
    site_args = site.spider_args
    site.spider_args = lambda: {**site_args(), "stop_when_known": "1"}  # the nightly rule
    assert run_fault_crawl(db, base, site, **args).returncode == 0
    site.requests.clear()
    second = run_fault_crawl(db, base, site, **args)
    assert second.returncode == 0, second.stderr[-3000:]
    assert sorted(site.requests) == ["/robots.txt", "/tin-tuc"], site.requests


def test_every_kind_of_refusal_is_one_failure_row_and_no_traceback(fault_site, tmp_path):
    site, base = fault_site
    kinds = ["undecodable", "empty_200", "not_html", "redirect_offsite", "meta_refresh_offsite", "other_port",
             "redirect_loop", "oversized", "gzip_bomb", "404"]
    site.pages, site.per_page = 1, len(kinds)
    for n, kind in enumerate(kinds, start=1):
        site.faults[n] = kind
    db = tmp_path / "archive.sqlite"
    run = run_fault_crawl(db, base, site, LOG_LEVEL="WARNING")
    assert run.returncode == 0, run.stderr[-3000:]  # the listing was read: the site answered (guard.site_failed)
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    result = audit(db, site)
    assert result.lost == [] and result.failed == len(kinds)
    assert "cannot extract" in result.reasons[site.article_url(1)]

"""Backfills on a frontier, on a real Redis:

* from sitemaps (``archive crawl SITE --backfill --frontier``): the seeder queues the sitemaps, workers read
  them and fetch what is missing, the ingester stores it — the same pages as a single-process backfill
  (tests/test_registry_e2e.py), from a loopback mirror;
* from a web archive (``archive backfill SITE --frontier``), a real pywb: the seeder reads the index and
  queues the captures, workers fetch them, the ingester stores them — the same archive as
  ``archive backfill`` alone builds (tests/test_backfill.py).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from archive.capture_index import latest_capture, read_payload
from archive.db import open_archive
from crawler.replay.mirror import FolderSource, serve_mirror
from tests.helpers.bbk_captures import ORIGIN_HEADER, bbk_snaps
from tests.helpers.frontier import CLI, cli_env, frontier_crawl, on_frontier
from tests.helpers.redis_server import redis_server
from tests.helpers.registry_site import ENTRY, build_epi_site
from tests.helpers.webarchive import pywb_server, write_captures

pytestmark = pytest.mark.e2e



def stored_urls(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {url for (url,) in conn.execute("SELECT url FROM articles")}
    finally:
        conn.close()


def test_a_backfill_on_a_frontier_reads_the_sitemaps_and_fetches_only_what_is_missing(tmp_path: Path):
    built = build_epi_site(tmp_path / "mirror")
    server, base = serve_mirror(FolderSource(tmp_path / "mirror"))
    db = tmp_path / "data" / "archive.sqlite"
    db.parent.mkdir()
    (db.parent / "sites.toml").write_text(ENTRY.format(host=built.host), encoding="utf-8")  # read by every process
    try:
        with redis_server(tmp_path / "redis") as url:
            nightly = frontier_crawl(url, db, base, "laocai", logs=tmp_path / "logs1")
            assert nightly.returncode == 0, nightly.stdout + nightly.stderr
            assert stored_urls(db) == {a.url for a in built.listed}
            server.clear_log()
            backfill = frontier_crawl(url, db, base, "laocai", "--backfill", logs=tmp_path / "logs2", workers=2)
            assert backfill.returncode == 0, backfill.stdout + backfill.stderr
    finally:
        server.stop()
    fetched = server.urls_fetched()
    assert built.sitemap_only.url in stored_urls(db)
    assert f"https://{built.host}/sitemaps/older.xml" in fetched
    assert not any(u.endswith(("/thoi-su/", "/kinh-te/")) for u in fetched)  # no listing page
    assert not [u for u in fetched if u in {a.url for a in built.listed}]  # what the archive has is not fetched


BACKFILLED = {
    "articles": "SELECT site, url, fetched_url, title, text, published_at FROM articles",
    "versions": "SELECT a.url, v.content_hash, v.source, v.captured_at, v.capture_source FROM article_versions v "
                "JOIN articles a ON a.id = v.article_id",
    "captures tried": "SELECT site, url, timestamp, canonical_url, outcome FROM backfill_captures",
    "WARC records": "SELECT url, captured_at, record_type, http_status FROM captures WHERE record_type = 'response'",
}


def table(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute(sql).fetchall())
    finally:
        conn.close()


def test_a_web_archive_backfill_on_a_frontier_builds_what_one_process_builds(tmp_path: Path):
    warc = write_captures(tmp_path / "warcs" / "bbk-captures.warc.gz", bbk_snaps())
    with pywb_server(tmp_path / "pywb", "bbk", [warc]) as pywb, redis_server(tmp_path / "redis") as url:
        args = ["backfill", "bbk", "--source", f"{pywb}/cdx", "--rate", "0", "-s", "RETRY_BACKOFF_BASE=0.05"]
        alone = tmp_path / "alone" / "archive.sqlite"
        alone.parent.mkdir()
        single = subprocess.run([*CLI, *args, "--db", str(alone)], env=cli_env(), capture_output=True, text=True,
                                timeout=120)
        assert single.returncode == 0, single.stdout + single.stderr
        db = tmp_path / "shared" / "archive.sqlite"
        db.parent.mkdir()
        seeded = on_frontier(url, db, args, workers=2, logs=tmp_path / "logs1")
        assert seeded.returncode == 0, seeded.stdout + seeded.stderr
        again = on_frontier(url, db, args, workers=0, logs=tmp_path / "logs2")
        assert again.returncode == 0, again.stdout + again.stderr
    for what, sql in BACKFILLED.items():
        assert table(db, sql) == table(alone, sql), what
    assert len(table(db, BACKFILLED["articles"])) == 5
    for figure in ("captures fetched: 7", "stored: 5 (new 5", "not_article 1", "truncated 1", "duplicate 1"):
        assert figure in seeded.stdout, seeded.stdout  # the single-process summary, summed over the processes
    archive = open_archive(db)
    for (page_url,) in archive.execute("SELECT DISTINCT url FROM captures WHERE record_type = 'response'"):
        payload = read_payload(archive, db.parent, latest_capture(archive, page_url))
        assert ORIGIN_HEADER in payload.headers or page_url.endswith(("post64410.html", "post60121.html",
                                                                      "post69025.html", "post71380.html"))
    assert re.search(r"captures fetched: 0\b", again.stdout), again.stdout  # a second run only reads the index

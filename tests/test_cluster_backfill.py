"""A sitemap backfill on a frontier (``archive crawl SITE --backfill --frontier``): the seeder queues the
sitemaps, workers read them and fetch what is missing, the ingester stores it — the same pages as a
single-process backfill (tests/test_registry_e2e.py), on a real Redis and a loopback mirror."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.replay.mirror import FolderSource, serve_mirror
from tests.helpers.frontier import frontier_crawl
from tests.helpers.redis_server import redis_server
from tests.helpers.registry_site import build_epi_site

pytestmark = pytest.mark.e2e

ENTRY = """\
[[site]]
key = "laocai"
name = "Báo Lào Cai"
hosts = ["{host}", "www.{host}"]
family = "epi"
start_urls = ["https://{host}/thoi-su/", "https://{host}/kinh-te/"]
sitemap_urls = ["https://{host}/sitemap.xml"]
"""


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

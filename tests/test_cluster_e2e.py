"""Scale-out end to end: a real redis-server, the mirror on loopback, the seeder, workers and the ingester
as real `archive` processes; the archive they build equals a single-process crawl's."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.replay.mirror import serve_mirror
from tests.conftest import REPO
from tests.helpers.many_sites import ManySites, site_hosts, write_sites_file
from tests.helpers.redis_server import redis_server

pytestmark = pytest.mark.e2e

CLI = [sys.executable, "-c", "from crawler.cli import run; run()"]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING"}


def start(*args: str | Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *map(str, args)], env=env(), stdout=log.open("w"), stderr=subprocess.STDOUT)


def run(*args: str | Path, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *map(str, args)], env=env(), capture_output=True, text=True, timeout=timeout)


def table(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute(sql).fetchall())
    finally:
        conn.close()


ARTICLES = "SELECT site, url, fetched_url, title, text, author, published_at FROM articles"
VERSIONS = "SELECT a.url, v.content_hash FROM article_versions v JOIN articles a ON a.id = v.article_id"


HOSTS = 20
PER_SITE = 100  # 2,000 articles


def test_three_workers_and_an_ingester_build_the_archive_a_single_crawl_builds(tmp_path: Path, monkeypatch):
    sites_file = tmp_path / "sites.toml"
    keys = write_sites_file(sites_file, site_hosts(HOSTS))
    monkeypatch.setenv("SITES_FILE", str(sites_file))  # every process reads the same 20 sites
    source = ManySites(site_hosts(HOSTS), per_site=PER_SITE, latency=0.01)
    server, base = serve_mirror(source)
    try:
        single = tmp_path / "single" / "archive.sqlite"
        single.parent.mkdir()
        done = run("crawl", *keys, "--mirror", base, "--db", single, "-q")
        assert done.returncode == 0, done.stderr[-3000:]

        with redis_server(tmp_path / "redis") as url:
            shared = tmp_path / "shared" / "archive.sqlite"
            shared.parent.mkdir()
            assert run("init", "--db", shared).returncode == 0
            ingester = start("ingest", "--frontier", url, "--db", shared, "--until-idle", "5", "-q",
                             log=tmp_path / "ingest.log")
            seeder = start("crawl", *keys, "--frontier", url, "--mirror", base, "--db", shared,
                           log=tmp_path / "seed.log")
            # the two other workers' WARC folders are "mounted" beside the archive, as docs/scale-out.md says
            workers = [start("worker", "--frontier", url, "--name", f"w{n}", "--mirror", base, "--wait", "30",
                             "--db", shared, log=tmp_path / f"w{n}.log") for n in (1, 2)]
            assert seeder.wait(300) == 0, (tmp_path / "seed.log").read_text()[-3000:]
            for n, worker in enumerate(workers, 1):
                assert worker.wait(60) == 0, (tmp_path / f"w{n}.log").read_text()[-3000:]
            assert ingester.wait(60) == 0, (tmp_path / "ingest.log").read_text()[-3000:]
    finally:
        server.stop()

    assert len(table(single, "SELECT url FROM articles")) == HOSTS * PER_SITE
    assert table(shared, ARTICLES) == table(single, ARTICLES)  # same rows and texts …
    assert table(shared, VERSIONS) == table(single, VERSIONS)  # … and versions: each article stored once
    schedule = "SELECT url, site, interval_days FROM revisit_schedule"  # the ingester keeps the revisit schedule
    assert len(table(shared, schedule)) == HOSTS * PER_SITE and table(shared, schedule) == table(single, schedule)
    crawls = "SELECT site, status, new FROM crawls"
    assert table(shared, crawls) == table(single, crawls)
    # every worker fetched, wrote its own WARC files, and the ingester indexed them
    per_file = dict(table(shared, "SELECT warc_file, count(*) FROM captures GROUP BY warc_file"))
    assert any("/workers/w1/" in f for f in per_file) and any("/workers/w2/" in f for f in per_file)
    responses = table(shared, "SELECT count(DISTINCT url) FROM captures WHERE record_type = 'response'")[0][0]
    assert responses >= HOSTS * PER_SITE

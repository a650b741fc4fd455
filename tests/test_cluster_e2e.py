"""Scale-out end to end: a real redis-server, the mirror on loopback, the seeder, workers and the ingester
as real `archive` processes; the archive they build equals a single-process crawl's."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo import MIRROR_FOLDER
from crawler.replay.mirror import FolderSource, serve_mirror
from tests.conftest import REPO
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


@pytest.fixture(scope="module")
def mirror():
    server, base = serve_mirror(FolderSource(MIRROR_FOLDER))
    yield server, base
    server.stop()


def test_workers_and_an_ingester_build_the_archive_a_single_crawl_builds(mirror, tmp_path: Path):
    server, base = mirror
    single = tmp_path / "single" / "archive.sqlite"
    single.parent.mkdir()
    done = run("crawl", "--all", "--mirror", base, "--db", single)
    assert done.returncode == 0, done.stderr

    with redis_server(tmp_path / "redis") as url:
        shared = tmp_path / "shared" / "archive.sqlite"
        shared.parent.mkdir()
        assert run("init", "--db", shared).returncode == 0
        ingester = start("ingest", "--frontier", url, "--db", shared, "--until-idle", "5", log=tmp_path / "ingest.log")
        seeder = start("crawl", "--all", "--frontier", url, "--mirror", base, "--db", shared,
                       log=tmp_path / "seed.log")
        workers = [start("worker", "--frontier", url, "--name", f"w{n}", "--mirror", base, "--wait", "20",
                         "--db", tmp_path / f"w{n}" / "archive.sqlite", log=tmp_path / f"w{n}.log") for n in (1, 2)]
        assert seeder.wait(180) == 0, (tmp_path / "seed.log").read_text()[-3000:]
        for n, worker in enumerate(workers, 1):
            assert worker.wait(60) == 0, (tmp_path / f"w{n}.log").read_text()[-3000:]
        assert ingester.wait(60) == 0, (tmp_path / "ingest.log").read_text()[-3000:]

    assert table(shared, ARTICLES) == table(single, ARTICLES)
    assert table(shared, VERSIONS) == table(single, VERSIONS)
    crawls = table(shared, "SELECT site, status, new FROM crawls")
    assert crawls == table(single, "SELECT site, status, new FROM crawls")
    # each worker wrote its own WARC files, and the ingester indexed them
    warc = {p.parent.name for p in (tmp_path / "shared").rglob("*.warc.gz")}
    assert table(shared, "SELECT count(*) FROM captures WHERE warc_file LIKE 'warc/workers/%'")[0][0] > 0 or warc

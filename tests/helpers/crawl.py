"""Crawls in a subprocess over a loopback mirror with faults, and reading the archive they wrote.

Shared by the end-to-end tests (tests/test_crawl_e2e.py, tests/test_spider_components.py): the demo
mirror served by ``crawler.replay.mirror`` with per-path faults, ``archive crawl`` / ``scrapy crawl``
in a subprocess, several spiders in one process, and plain SQL reads of the result.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from crawler.replay.mirror import FolderSource, MirrorResponse, serve_mirror
from tests.conftest import REPO


class FaultySource:
    """The demo folder, with per-path faults a test can switch on: 503 (always / once), 404, truncated, slow,
    maintenance (200 with no article)."""

    def __init__(self, folder: Path) -> None:
        self.folder = FolderSource(folder)
        self.faults: dict[str, str] = {}

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        fault = self.faults.get(path)
        if fault == "503-once":
            del self.faults[path]
            return MirrorResponse(503, {"Retry-After": "0"}, b"busy")
        if fault == "503":
            return MirrorResponse(503, {}, b"busy")
        if fault == "404":
            return None
        if fault == "maintenance":  # 200, but a page saying the site is down for maintenance
            return MirrorResponse(200, {"Content-Type": "text/html; charset=utf-8"},
                                  "<html><body><h1>Hệ thống đang bảo trì</h1></body></html>".encode())
        if fault == "slow":
            time.sleep(3)
        found = self.folder.lookup(host, path, query)
        if fault == "truncated" and found:
            headers = {**found.headers, "Content-Length": str(len(found.body) + 500)}  # promises more than it sends
            return MirrorResponse(200, headers, found.body[:200])
        return found


def start_server(folder: Path):
    source = FaultySource(folder)
    server, base = serve_mirror(source)
    server.faults = source.faults  # type: ignore[attr-defined]
    return server, base


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING"}


def archive_cli(*args: str | Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", "from crawler.cli import run; run()", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env(), timeout=120)


def scrapy_crawl(spider: str, *settings: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for setting in settings:
        cmd += ["-s", setting]
    return subprocess.run(cmd, capture_output=True, text=True, env=env(), cwd=REPO, timeout=120)


def crawl(server, base: str, db: Path, *args: str) -> list[str]:
    """Run `archive crawl ARGS --mirror BASE --db DB`; return the real URLs the mirror served."""
    server.clear_log()
    result = archive_cli("crawl", *args, "--mirror", base, "--db", db)
    assert result.returncode == 0, result.stdout + result.stderr
    return server.urls_fetched()


CRAWL_MANY = """
import json, sys
from scrapy.crawler import CrawlerProcess
from crawler.runner.crawl_process import project_settings
base, db, jobs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
process = CrawlerProcess(project_settings({"MIRROR_URL": base, "ARCHIVE_DB": db, "LOG_LEVEL": "WARNING"}))
for spider, kwargs in jobs:
    process.crawl(spider, **kwargs)
process.start()
"""


def crawl_many(server, base: str, db: Path, jobs: list[tuple[str, dict]]) -> list[str]:
    """Several spiders, each with its own arguments, in ONE process (saves a subprocess per spider)."""
    server.clear_log()
    result = subprocess.run([sys.executable, "-c", CRAWL_MANY, base, str(db), json.dumps(jobs)],
                            capture_output=True, text=True, env=env(), timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return server.urls_fetched()


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def is_article(url: str) -> bool:
    from crawler.profiles import profile_for_url

    profile = profile_for_url(url)
    return bool(profile and profile.is_article_url(url))

"""robots.txt ``Crawl-delay`` is a floor between two requests to a site (crawler/components/crawl_delay.py).

The end-to-end test crawls a site served directly on 127.0.0.1 (not through the mirror, whose
loopback mode lifts every politeness delay) with the project's politeness machinery on and
Scrapy's own delay set to 0, once with a ``Crawl-delay`` and once without, and reads the gaps
between requests from the server's clock.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.components.crawl_delay import crawl_delay
from tests.conftest import REPO

UA = "vn-news-archive/0.1 (+https://github.com/vn-news-archive; archive crawler for Vietnamese provincial news)"
ARTICLES = 5
DELAY = 0.4


def test_crawl_delay_is_read_for_our_user_agent():
    assert crawl_delay("User-agent: *\nCrawl-delay: 2.5\n", UA) == 2.5
    own_group = "User-agent: vn-news-archive\nCrawl-delay: 10\n\nUser-agent: *\nCrawl-delay: 1\n"
    assert crawl_delay(own_group, UA) == 10
    assert crawl_delay("User-agent: *\nDisallow: /tim-kiem/\n", UA) is None
    assert crawl_delay("User-agent: *\nCrawl-delay: soon\n", UA) is None
    assert crawl_delay("User-agent: *\nCrawl-delay: 0\n", UA) is None


class _Site(BaseHTTPRequestHandler):
    robots = ""
    hits: list[tuple[float, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self.hits.append((time.monotonic(), self.path))
        if self.path == "/robots.txt":
            self._send(self.robots, "text/plain")
        elif self.path == "/tin":
            links = "".join(f'<li><a href="/bai-{n}.html">Bài {n}</a></li>' for n in range(1, ARTICLES + 1))
            self._send(f"<html><body><ul>{links}</ul></body></html>")
        elif self.path.startswith("/bai-"):
            text = "Tỉnh triển khai kế hoạch chuyển đổi số trong nông nghiệp và dịch vụ công. " * 20
            self._send(f'<html lang="vi"><head><meta property="article:published_time" '
                       f'content="2024-03-0{self.path[5]}T08:00:00+07:00"></head>'
                       f"<body><h1>Bài {self.path[5]} về chuyển đổi số</h1><p>{text}</p></body></html>")
        else:
            self.send_error(404)

    def _send(self, body: str, kind: str = "text/html") -> None:
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass


CRAWL = """
import json, sys
from scrapy.crawler import CrawlerProcess
from crawler.runner.crawl_process import project_settings
start, db = sys.argv[1], sys.argv[2]
settings = project_settings({"ARCHIVE_DB": db, "LOG_LEVEL": "INFO", "DOWNLOAD_DELAY": 0,
                             "AUTOTHROTTLE_START_DELAY": 0, "WARC_ENABLED": False, "CRAWL_REVISIT_DAYS": 0})
process = CrawlerProcess(settings)
crawler = process.create_crawler("generic")
process.crawl(crawler, start_url=start, article_pattern=r"/bai-[0-9]+[.]html$")
process.start()
print(json.dumps({"crawl_delay": crawler.stats.get_value("robots/crawl_delay")}))
"""


def crawl_site(robots: str, tmp_path) -> tuple[list[float], dict, int]:
    """Serve the site with ``robots``, crawl it; return the gaps between requests after robots.txt."""
    handler = type("Site", (_Site,), {"robots": robots, "hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = tmp_path / f"archive-{len(robots)}.sqlite"
    try:
        env = {**os.environ, "PYTHONPATH": str(REPO), "MIRROR_URL": ""}
        result = subprocess.run([sys.executable, "-c", CRAWL, f"http://127.0.0.1:{server.server_port}/tin", str(db)],
                                capture_output=True, text=True, env=env, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr[-3000:]
    times = [t for t, path in handler.hits if path != "/robots.txt"]
    assert [p for _, p in handler.hits][0] == "/robots.txt"
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return [b - a for a, b in zip(times, times[1:], strict=False)], json.loads(result.stdout.splitlines()[-1]), stored


@pytest.mark.e2e
def test_crawl_delay_spaces_the_requests_to_a_site(tmp_path):
    robots = "User-agent: *\nDisallow: /tim-kiem/\n"
    free_gaps, free_stats, free_stored = crawl_site(robots, tmp_path)
    gaps, stats, stored = crawl_site(robots + f"Crawl-delay: {DELAY}\n", tmp_path)
    assert free_stored == stored == ARTICLES
    assert len(gaps) == ARTICLES  # the listing, then each article
    assert free_stats["crawl_delay"] is None and stats["crawl_delay"] == DELAY
    assert min(gaps) >= DELAY * 0.95, gaps  # never closer than the delay (no jitter below it)
    assert sum(free_gaps) < DELAY * (ARTICLES - 1), free_gaps  # without it, the same crawl is much faster

"""Many generated BDK-style papers on their own hosts, for scale-out tests and ``bench/scale.py``.

``ManySites(hosts, per_site, latency)`` is a ``crawler.replay.mirror.MirrorSource``: each host serves
``/thoi-su`` paginated with ``?p=N`` (20 links a page, a ``>`` pager as on baodongkhoi.vn), empty other
categories, and articles whose URL carries their date (the BDK family reads them with no rule of its
own).  Every answer waits ``latency`` seconds (a remote site); the arrival time of each request is
kept per host, to measure the per-domain rate the crawlers really sent.  :func:`write_sites_file`
writes the matching ``sites.toml``: one entry per host, nothing else.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from crawler.replay.mirror import MirrorResponse
from tests.helpers.schedule_mirror import _article

HTML = {"Content-Type": "text/html; charset=utf-8"}
PER_PAGE = 20


def site_hosts(count: int) -> list[str]:
    return [f"bao{n:02d}.example.vn" for n in range(1, count + 1)]


def site_key(host: str) -> str:
    return host.split(".")[0]


def write_sites_file(path: Path, hosts: list[str]) -> list[str]:
    """A sites file with one BDK-family entry per host; returns the site keys."""
    entries = [
        f'[[site]]\nkey = "{site_key(h)}"\nname = "Báo {site_key(h)}"\nhosts = ["{h}"]\nfamily = "bdk"\n'
        f'start_urls = ["https://{h}/thoi-su"]\n' for h in hosts
    ]
    path.write_text("\n".join(entries), encoding="utf-8")
    return [site_key(h) for h in hosts]


@dataclass
class ManySites:
    hosts: list[str]
    per_site: int = 100
    latency: float = 0.0
    arrivals: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def articles(self, host: str) -> list[tuple[str, int, datetime]]:
        start = datetime(2024, 6, 30, 16, 45)
        base = 100_000 + 1_000 * self.hosts.index(host)
        out = []
        for n in range(self.per_site):
            published = start - timedelta(hours=5 * n)
            article_id = base + self.per_site - n
            out.append((f"/bai-viet-so-{article_id}-{published:%d%m%Y}-a{article_id}.html", article_id, published))
        return out

    def urls(self) -> list[str]:
        return [f"https://{h}{path}" for h in self.hosts for path, _, _ in self.articles(h)]

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        if host not in self.hosts:
            return None
        if path == "/robots.txt":
            return MirrorResponse(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")
        with self.lock:
            self.arrivals[host].append(time.monotonic())
        if self.latency:
            time.sleep(self.latency)
        pages = -(-self.per_site // PER_PAGE)
        if path == "/thoi-su":
            page = int(query.split("=", 1)[1]) if query.startswith("p=") else 1
            return self._listing(host, page if 1 <= page <= pages else 0, pages)
        for article_path, article_id, published in self.articles(host):
            if path == article_path:
                return MirrorResponse(200, HTML, _article(article_id, published).encode())
        if path.count("/") == 1 and "." not in path:
            return self._listing(host, 0, pages)
        return None

    def _listing(self, host: str, page: int, pages: int) -> MirrorResponse:
        items = self.articles(host)[(page - 1) * PER_PAGE : page * PER_PAGE] if page else []
        links = "\n".join(f'<li class="item"><a href="{path}">Bài viết số {article_id}</a> '
                          f'<span>{published:%d/%m/%Y}</span></li>' for path, article_id, published in items)
        pager = f'<div id="page"><a href="/thoi-su?p={page + 1}">&gt;</a></div>' if 0 < page < pages else ""
        body = ('<html lang="vi"><head><meta charset="utf-8"><title>Thời sự</title></head><body>'
                f'<div id="colcate1"><ul>{links}</ul>{pager}</div></body></html>')
        return MirrorResponse(200, HTML, body.encode())


def most_in_a_window(times: list[float], seconds: float) -> int:
    """The most requests in any window of ``seconds``."""
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= seconds:
            start += 1
        best = max(best, end - start + 1)
    return best

"""A generated BDK-style site for the scheduling tests: N listing pages of M articles, faults on demand.

``GeneratedSite`` is a ``crawler.replay.mirror.MirrorSource``: the category ``thoi-su`` is paginated with
``?p=N`` and a ``>`` pager as on baodongkhoi.vn; every other category is an empty listing (so the
spider stops there at once); articles carry their date in the URL and in ``article:published_time``
(2023: never "recent", so never revisited).  ``fail`` holds article paths answered with 503, and
``delay`` slows each article so a crawl lasts long enough to be killed half-way.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from crawler.replay.mirror import MirrorResponse

HOST = "baodongkhoi.vn"
HTML = {"Content-Type": "text/html; charset=utf-8"}
WORDS = (
    "tỉnh Bến Tre triển khai kế hoạch chuyển đổi số nông nghiệp người dân xã huyện hội nghị "
    "phát triển kinh tế xây dựng nông thôn mới đường giao thông trường học bệnh viện cán bộ"
).split()


@dataclass
class GeneratedSite:
    pages: int = 8
    per_page: int = 10
    delay: float = 0.0
    fail: set[str] = field(default_factory=set)  # article paths answered with 503
    retry_after: str = "0"
    down: bool = False  # every page answers 503
    listing_delay: float = 0.0
    gate: threading.Event | None = None  # when set up, listings wait for it: a crawl holds on until the test says

    def articles(self) -> list[tuple[str, int, datetime]]:
        """(path, id, published) of every article, newest first."""
        start = datetime(2023, 7, 20, 16, 45)
        out = []
        for n in range(self.pages * self.per_page):
            published = start - timedelta(hours=7 * n)
            article_id = 117_300 - n
            out.append((f"/bai-viet-so-{article_id}-{published:%d%m%Y}-a{article_id}.html", article_id, published))
        return out

    def urls(self) -> list[str]:
        return [f"https://{HOST}{path}" for path, _, _ in self.articles()]

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        if host != HOST:
            return None
        if path == "/robots.txt":  # answers even when the site is down: a site failing is about its pages
            return MirrorResponse(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")
        if self.down:
            return MirrorResponse(503, {**HTML, "Retry-After": self.retry_after}, b"down")
        if path == "/thoi-su":
            if self.listing_delay:
                time.sleep(self.listing_delay)
            if self.gate is not None:
                self.gate.wait(timeout=60)
            page = int(query.split("=", 1)[1]) if query.startswith("p=") else 1
            return self._listing(page) if 1 <= page <= self.pages else self._listing(0)
        for article_path, article_id, published in self.articles():
            if path == article_path:
                if path in self.fail:
                    return MirrorResponse(503, {**HTML, "Retry-After": self.retry_after}, b"busy")
                if self.delay:
                    time.sleep(self.delay)
                return MirrorResponse(200, HTML, _article(article_id, published).encode())
        if path.startswith("/rss/"):
            return MirrorResponse(200, {"Content-Type": "application/xml"}, b"<rss><channel></channel></rss>")
        if path.count("/") == 1 and "." not in path:  # another category: an empty listing
            return self._listing(0)
        return None

    def _listing(self, page: int) -> MirrorResponse:
        items = self.articles()[(page - 1) * self.per_page : page * self.per_page] if page else []
        links = "\n".join(
            f'<li class="item"><a href="{path}">Bài viết số {article_id}</a> <span>{published:%d/%m/%Y}</span></li>'
            for path, article_id, published in items
        )
        pager = f'<div id="page"><a href="/thoi-su?p={page + 1}">&gt;</a></div>' if 0 < page < self.pages else ""
        body = (
            '<html lang="vi"><head><meta charset="utf-8"><title>Thời sự</title></head><body>'
            f'<div id="colcate1"><ul>{links}</ul>{pager}</div>'
            '<div class="box160"><a href="/tin-noi-bat-01012020-a1.html">Đọc nhiều</a></div></body></html>'
        )
        return MirrorResponse(200, HTML, body.encode())


def _article(article_id: int, published: datetime) -> str:
    paras = []
    for p in range(4):
        words = [WORDS[(article_id * 7 + p * 13 + i * 5) % len(WORDS)] for i in range(40)]
        paras.append(f"<p>Bài số {article_id}, đoạn {p + 1}: {' '.join(words)}.</p>")
    title = f"Bài viết số {article_id} về phát triển kinh tế tỉnh Bến Tre"
    iso = published.strftime("%Y-%m-%dT%H:%M:00+07:00")
    return (
        '<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title><meta property=\"og:title\" content=\"{title}\">"
        f'<meta property="article:published_time" content="{iso}"></head><body>'
        f'<div id="main"><h1 class="title">{title}</h1>'
        f'<span class="pubdate">{published:%d/%m/%Y - %H:%M}</span>'
        f'<div class="sapo">Tóm tắt bài số {article_id}: tỉnh Bến Tre tổ chức hội nghị.</div>'
        f'<div id="newscontents"><div class="content-fck">{"".join(paras)}</div></div></div></body></html>'
    )


def count_articles(db_path: Path) -> int:
    """Articles in the archive as another process sees them now (0 before the schema exists)."""
    if not db_path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:  # no schema yet, or a read-only look caught mid-recovery after a kill: ask again
        return 0

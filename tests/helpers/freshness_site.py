"""A BDK-style site whose articles are corrected at chosen ages and whose template can change: the freshness tests.

``FreshSite`` is a ``crawler.replay.mirror.MirrorSource`` for ``baodongkhoi.vn`` on a simulated clock
(``site.now``): article ``n`` is published ``n`` × ``spacing`` after ``start``; the category ``thoi-su``
lists what is published by ``now``, newest first, ``per_page`` a page with a ``>`` pager; every other
category is an empty listing.  ``changes[id]`` lists the ages (days) at which an article is corrected:
its text at ``now`` is version = how many of those ages have passed.  Every article answers with an
``ETag`` and ``Last-Modified`` of its version, so the mirror answers 304 to a matching conditional request.

``template = "v1-nodate"``: the date drawn by a script (none in the HTML), the byline gone.
``template = "v2"`` is the redesign: the body container renamed, the date line moved out of its
``span.pubdate`` into an element a script fills in (no date in the HTML), the byline dropped.  ``undated = True`` serves
articles with no date at all; ``canonical_scheme = "http"`` makes pages declare an ``http://`` canonical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from archive.vn_time import VN_TZ
from crawler.replay.mirror import MirrorResponse

HOST = "baodongkhoi.vn"
HTML = {"Content-Type": "text/html; charset=utf-8"}
WORDS = (
    "tỉnh Bến Tre triển khai kế hoạch chuyển đổi số nông nghiệp người dân xã huyện hội nghị "
    "phát triển kinh tế xây dựng nông thôn mới đường giao thông trường học bệnh viện cán bộ"
).split()
START = datetime(2024, 1, 1, 9, 0, tzinfo=VN_TZ)


@dataclass
class FreshSite:
    articles: int = 12
    spacing: timedelta = timedelta(hours=6)
    start: datetime = START
    now: datetime = START
    per_page: int = 10
    changes: dict[int, list[float]] = field(default_factory=dict)  # article id -> ages (days) of its corrections
    template: str = "v1"
    undated: bool = False
    canonical_scheme: str | None = None  # "http": pages declare <link rel=canonical href="http://…">
    gone: set[int] = field(default_factory=set)  # articles deleted from the site (404), still listed

    def published(self, n: int) -> datetime:
        return self.start + n * self.spacing

    def path(self, n: int) -> str:
        return f"/tin-so-{n}-a{100_000 + n}.html"

    def url(self, n: int) -> str:
        return f"https://{HOST}{self.path(n)}"

    def live(self) -> list[int]:
        """Articles published by ``now``, newest first."""
        return [n for n in reversed(range(self.articles)) if self.published(n) <= self.now]

    def version(self, n: int) -> int:
        return sum(1 for age in self.changes.get(n, ()) if self.published(n) + timedelta(days=age) <= self.now)

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        if host != HOST:
            return None
        if path == "/robots.txt":
            return MirrorResponse(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")
        if path == "/thoi-su":
            page = int(query.split("=", 1)[1]) if query.startswith("p=") else 1
            return self._listing(page)
        for n in self.live():
            if path == self.path(n) and n not in self.gone:
                version = self.version(n)
                changed_at = self.published(n) + timedelta(days=max([0, *self.changes.get(n, ())][: version + 1]))
                modified = format_datetime(changed_at.astimezone(UTC), usegmt=True)
                headers = {**HTML, "ETag": f'"{n}-{version}-{self.template}"', "Last-Modified": modified}
                return MirrorResponse(200, headers, self._article(n, version).encode())
        if path.startswith("/rss/"):
            return MirrorResponse(200, {"Content-Type": "application/xml"}, b"<rss><channel></channel></rss>")
        if path.count("/") == 1 and "." not in path:  # another category: an empty listing
            return self._listing(0)
        return None

    def _listing(self, page: int) -> MirrorResponse:
        live = self.live()
        items = live[(page - 1) * self.per_page : page * self.per_page] if page > 0 else []
        links = "\n".join(f'<li class="item"><a href="{self.path(n)}">Tin số {n}</a></li>' for n in items)
        more = page * self.per_page < len(live)
        pager = f'<div id="page"><a href="/thoi-su?p={page + 1}">&gt;</a></div>' if page > 0 and more else ""
        body = (
            '<html lang="vi"><head><meta charset="utf-8"><title>Thời sự</title></head><body>'
            f'<div id="colcate1"><ul>{links}</ul>{pager}</div></body></html>'
        )
        return MirrorResponse(200, HTML, body.encode())

    def _article(self, n: int, version: int) -> str:
        paras = []
        for p in range(4):
            words = [WORDS[(n * 7 + p * 13 + i * 5) % len(WORDS)] for i in range(40)]
            paras.append(f"<p>Tin số {n}, đoạn {p + 1}: {' '.join(words)}.</p>")
        if version:
            paras.append(f"<p>Đính chính lần {version}: số liệu trong bài đã được cập nhật.</p>")
        title = f"Tin số {n} về phát triển kinh tế tỉnh Bến Tre"
        published = self.published(n)
        date_line = "" if self.undated else f"{published:%d/%m/%Y - %H:%M}"
        if self.template == "v1":
            article = (
                f'<h1 class="margintopbot10 fw700">{title}</h1>'
                f'<div class="sharemxh"><span class="pubdate">{date_line}</span></div>'
                f'<div id="newscontents" class="content-fck">{"".join(paras)}'
                '<p style="text-align: right;"><strong>Tin, ảnh: Thanh Đồng</strong></p></div>'
            )
        elif self.template == "v1-nodate":
            article = (
                f'<h1 class="margintopbot10 fw700">{title}</h1>'
                f'<div class="sharemxh"><span class="pubdate" data-ts="{int(published.timestamp())}"></span></div>'
                f'<div id="newscontents" class="content-fck">{"".join(paras)}</div>'
            )
        else:
            article = (
                f'<h1 class="margintopbot10 fw700">{title}</h1>'
                f'<section class="noidung-bai-viet">{"".join(paras)}</section>'
                f'<div class="thong-tin" data-ts="{int(published.timestamp())}"></div>'  # the date, drawn by a script
            )
        canonical = f'<link rel="canonical" href="{self.canonical_scheme}://{HOST}{self.path(n)}">' if (
            self.canonical_scheme) else ""
        return (
            f'<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>{canonical}</head><body>'
            f'<div class="wappercontainer"><div id="colcate1"><div class="detail">{article}</div></div>'
            '<div class="footer">Báo Đồng Khởi - Cơ quan của Đảng bộ tỉnh Bến Tre</div></div></body></html>'
        )

"""A fault-injecting mirror source: a synthetic news site whose pages fail the way real ones do.

``FaultSite(seed=14, pages=…, per_page=…)`` is a :class:`~crawler.replay.mirror.MirrorSource` for one
host (:data:`HOST`): a listing ``/tin-tuc?trang=N`` of article links ``/bai-<n>.html``; each article is
given one fault, drawn from :data:`FAULTS` by the seed.  Served by ``serve_mirror``, crawled with the
``generic`` spider (:meth:`FaultSite.spider_args`).  Used by the permanent fault suite
(tests/test_faults.py) and ``bench/faults.py``.

Each fault says whether its article is *reachable* (must end stored exactly once after a crawl and
one retry run) or not (must end in ``failures`` with a reason, under the URL the listing gave):

* reachable: ``ok``, ``503_once`` (Retry-After: 0), ``429_once``, ``reset_once``, ``truncated_once``,
  ``slow`` (answers after ``slow_seconds``), ``down_first_run`` (503 for the first ``DOWN_REQUESTS``
  requests: recovered by the retry run), ``charset_header`` (windows-1258 declared only in the HTTP
  header), ``utf16_bom``, ``no_charset``, ``redirect_chain`` (3 on-site hops), ``nul_bytes``
  (malformed HTML with NULs);
* unreachable: ``404``, ``503_always``, ``timeout`` (longer than any download timeout the suite sets),
  ``empty_200``, ``redirect_loop``, ``redirect_offsite``, ``meta_refresh_offsite``, ``other_port``
  (a redirect to the host on another port), ``oversized`` (bigger than DOWNLOAD_MAXSIZE),
  ``gzip_bomb`` (small on the wire, huge once decompressed), ``not_html`` (a PDF), ``undecodable``
  (never drawn: a test assigns it).
"""

from __future__ import annotations

import gzip
import random
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from crawler.replay.mirror import RESET, MirrorResponse

HOST = "baotinh.example.vn"
LISTING_PATH = "/tin-tuc"
ARTICLE_PATTERN = r"/bai-\d+(-moi)?\.html$"
DOWN_REQUESTS = 5  # more than RETRY_TIMES + 1: the first run fails for good, the retry run gets it

REACHABLE = ("ok", "503_once", "429_once", "reset_once", "truncated_once", "slow", "down_first_run",
             "charset_header", "utf16_bom", "no_charset", "redirect_chain", "nul_bytes")
UNREACHABLE = ("404", "503_always", "timeout", "empty_200", "redirect_loop", "redirect_offsite",
               "meta_refresh_offsite", "other_port", "oversized", "gzip_bomb", "not_html")
# How often each fault is drawn (the rest of the weight is "ok").
WEIGHTS = {"ok": 40, **{name: 3 for name in REACHABLE[1:]}, **{name: 2 for name in UNREACHABLE}}
WEIGHTS["timeout"] = 1  # each costs a whole download timeout
# Never drawn (weight 0, last: the seeded draws stay as they were); a test assigns it.
UNREACHABLE += ("undecodable",)
WEIGHTS["undecodable"] = 0
FAULTS = tuple(WEIGHTS)

HTML = "text/html; charset=utf-8"


def article_html(n: int, *, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(
        f"<p>Đoạn {k} của bài số {n}: Ủy ban nhân dân tỉnh họp bàn việc chuyển đổi số, phát triển kinh tế "
        f"nông nghiệp và chăm lo đời sống người dân vùng sâu, vùng xa trong năm {2020 + k}.</p>"
        for k in range(1, 6)
    )
    return (
        f"<!DOCTYPE html><html lang=\"vi\"><head>{meta}<title>Bài số {n} - Báo Tỉnh</title>"
        f'<meta property="og:type" content="article"><meta property="og:title" content="Bài số {n}">'
        f'<meta property="article:published_time" content="2024-03-{1 + n % 28:02d}T08:00:00+07:00">'
        f'</head><body><header><nav><a href="/">Trang chủ</a></nav></header>'
        f"<article><h1>Bài số {n}</h1>{paragraphs}<p><strong>Minh An</strong></p></article>"
        f"<footer>Báo Tỉnh - Cơ quan của Đảng bộ tỉnh</footer></body></html>"
    )


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def to_cp1258(text: str) -> bytes:
    """``text`` in windows-1258, the Vietnamese code page: letters it lacks are written as a letter it has
    plus combining tone marks ("ệ" = "ê" + U+0323), as Vietnamese Windows software did."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        try:
            out += (base + tones).encode("cp1258")
        except UnicodeEncodeError:
            out += b"?"
    return bytes(out)


@dataclass
class FaultSite:
    """The source (module docstring).  ``requests`` counts the requests each path received."""

    seed: int = 14
    pages: int = 20
    per_page: int = 50
    slow_seconds: float = 0.5
    timeout_seconds: float = 5.0
    oversize_bytes: int = 3 * 1024 * 1024
    bomb_bytes: int = 64 * 1024 * 1024
    requests: Counter = field(default_factory=Counter)
    faults: dict[int, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _bomb: bytes | None = None

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        names, weights = list(WEIGHTS), list(WEIGHTS.values())
        for n in range(1, self.pages * self.per_page + 1):
            self.faults[n] = rng.choices(names, weights)[0]

    # --- what the suite checks against ---

    @property
    def start_url(self) -> str:
        return f"https://{HOST}{LISTING_PATH}"

    def spider_args(self) -> dict[str, str]:
        return {"start_url": self.start_url, "article_pattern": ARTICLE_PATTERN, "stop_when_known": "0"}

    def article_url(self, n: int) -> str:
        return f"https://{HOST}/bai-{n}.html"

    def listed(self) -> list[int]:
        """The article numbers the listing pages link to."""
        return list(range(1, self.pages * self.per_page + 1))

    def reachable(self) -> list[int]:
        return [n for n in self.listed() if self.faults[n] in REACHABLE]

    def unreachable(self) -> list[int]:
        return [n for n in self.listed() if self.faults[n] in UNREACHABLE]

    # --- serving ---

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        with self._lock:
            self.requests[path] += 1
            count = self.requests[path]
        if host != HOST:
            return None
        if path == "/robots.txt":
            return MirrorResponse(200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
        if path == LISTING_PATH:
            return self.listing(query)
        if path.startswith("/bai-") and path.endswith(".html"):
            stem = path.removeprefix("/bai-").removesuffix(".html")
            number, _, hop = stem.partition("-")
            if number.isdigit() and int(number) in self.faults:
                return self.article(int(number), hop, count)
        return None

    def listing(self, query: str) -> MirrorResponse:
        page = int(query.removeprefix("trang=")) if query.startswith("trang=") and query[6:].isdigit() else 1
        if not 1 <= page <= self.pages:
            return MirrorResponse(404, {"Content-Type": HTML}, b"<html><body>Not found</body></html>")
        first = (page - 1) * self.per_page + 1
        links = "".join(f'<li><a href="/bai-{n}.html">Bài số {n}</a></li>'
                        for n in range(first, first + self.per_page))
        nxt = f'<a rel="next" href="{LISTING_PATH}?trang={page + 1}">Trang sau</a>' if page < self.pages else ""
        body = (f'<html><head><meta charset="utf-8"><title>Tin tức - trang {page}</title></head><body>'
                f'<ul class="list">{links}</ul><a href="https://other.example.com/x.html">Quảng cáo</a>{nxt}'
                f"</body></html>")
        return MirrorResponse(200, {"Content-Type": HTML}, body.encode())

    def article(self, n: int, hop: str, count: int) -> MirrorResponse | None:  # noqa: PLR0911 - one case a fault
        fault = self.faults[n]
        page = article_html(n)
        ok = MirrorResponse(200, {"Content-Type": HTML}, page.encode())
        if fault == "503_once" and count == 1:
            return MirrorResponse(503, {"Retry-After": "0", "Content-Type": HTML}, b"busy")
        if fault == "429_once" and count == 1:
            return MirrorResponse(429, {"Retry-After": "1", "Content-Type": HTML}, b"slow down")
        if fault == "reset_once" and count == 1:
            return MirrorResponse(RESET)
        if fault == "truncated_once" and count == 1:
            return MirrorResponse(200, {"Content-Type": HTML, "Content-Length": str(len(ok.body) + 500)},
                                  ok.body[:300])
        if fault == "slow":
            time.sleep(self.slow_seconds)
        if fault == "down_first_run" and count <= DOWN_REQUESTS:
            return MirrorResponse(503, {"Content-Type": HTML}, b"down")
        if fault == "charset_header":
            return MirrorResponse(200, {"Content-Type": "text/html; charset=windows-1258"},
                                  to_cp1258(article_html(n, charset=None)))
        if fault == "utf16_bom":
            return MirrorResponse(200, {"Content-Type": "text/html"},
                                  b"\xff\xfe" + article_html(n, charset=None).encode("utf-16-le"))
        if fault == "no_charset":
            return MirrorResponse(200, {"Content-Type": "text/html"}, article_html(n, charset=None).encode())
        if fault == "redirect_chain":
            target = {"": f"/bai-{n}-1.html", "1": f"/bai-{n}-2.html", "2": f"/bai-{n}-moi.html"}.get(hop)
            return MirrorResponse(301, {"Location": f"https://{HOST}{target}"}) if target else ok
        if fault == "nul_bytes":
            return MirrorResponse(200, {"Content-Type": HTML}, page.replace("<p>", "<p>\0", 2).encode()
                                  .replace(b"</article>", b"<div><span></article>\0"))
        return self.unreachable_article(n, fault, count) or ok

    def unreachable_article(self, n: int, fault: str, count: int) -> MirrorResponse | None:  # noqa: PLR0911
        if fault == "404":
            return MirrorResponse(404, {"Content-Type": HTML}, b"<html><body>404</body></html>")
        if fault == "503_always":
            return MirrorResponse(503, {"Content-Type": HTML}, b"down")
        if fault == "timeout":
            time.sleep(self.timeout_seconds)
            return MirrorResponse(RESET)
        if fault == "empty_200":
            return MirrorResponse(200, {"Content-Type": HTML}, b"")
        if fault == "redirect_loop":
            return MirrorResponse(302, {"Location": f"https://{HOST}/bai-{n}.html?vong={count % 2}"})
        if fault == "redirect_offsite":
            return MirrorResponse(301, {"Location": f"https://copycat.example.com/bai-{n}.html"})
        if fault == "meta_refresh_offsite":
            body = f'<html><head><meta http-equiv="refresh" content="0; url=https://copycat.example.com/{n}"></head>'
            return MirrorResponse(200, {"Content-Type": HTML}, body.encode() + b"<body></body></html>")
        if fault == "other_port":
            return MirrorResponse(302, {"Location": f"https://{HOST}:8443/bai-{n}.html"})
        if fault == "oversized":
            return MirrorResponse(200, {"Content-Type": HTML}, b"<html><body>" + b"a" * self.oversize_bytes)
        if fault == "gzip_bomb":
            return MirrorResponse(200, {"Content-Type": HTML, "Content-Encoding": "gzip"}, self.bomb())
        if fault == "undecodable":  # declared UTF-8, mostly bytes no encoding makes text of
            return MirrorResponse(200, {"Content-Type": HTML}, b"<html><body><p>" + bytes(range(128, 256)) * 40)
        if fault == "not_html":
            return MirrorResponse(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\n" + b"\0" * 2000)
        return None

    def bomb(self) -> bytes:
        if self._bomb is None:
            self._bomb = gzip.compress(b"\0" * self.bomb_bytes, compresslevel=9)
        return self._bomb


def stored_url(site: FaultSite, n: int) -> str:
    """The URL article ``n`` is stored under (a redirect chain's last hop)."""
    if site.faults[n] == "redirect_chain":
        return f"https://{HOST}/bai-{n}-moi.html"
    return site.article_url(n)


# Settings of a fault crawl: short timeouts and limits, so a run over a thousand pages takes seconds.
FAULT_CRAWL_SETTINGS = {
    "DOWNLOAD_TIMEOUT": 2,
    "DOWNLOAD_MAXSIZE": 2 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 1024 * 1024,
    "RETRY_BACKOFF_BASE": 0.05,
    "RETRY_BACKOFF_MAX": 1.0,
    "CRAWL_REVISIT_DAYS": 0,
    "CRAWL_MIN_FREE_BYTES": 0,
    "LOG_LEVEL": "ERROR",
}

CRAWL_SCRIPT = """
import json, os, resource, sys
from pathlib import Path
from crawler.runner.crawl_process import project_settings, run_crawls
from crawler.runner.unattended import run_guarded
db, mirror, args, settings = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
code = run_guarded(["generic"], db_path=db, settings=project_settings({**settings, "MIRROR_URL": mirror}),
                   quiet=True, spider_args=args,
                   run=lambda prepare: run_crawls(["generic"], db_path=db, mirror_url=mirror, spider_args=args,
                                                  settings=settings, log_level=settings.get("LOG_LEVEL", "ERROR"),
                                                  prepare=prepare))
if os.environ.get("CRAWL_RSS_FILE"):  # peak resident memory of this crawl process, in kB
    Path(os.environ["CRAWL_RSS_FILE"]).write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


def crawl_command(python: str, db: str, mirror: str, site: FaultSite, settings: dict | None = None) -> list[str]:
    """The argv of one guarded crawl of ``site`` (what ``archive crawl generic`` runs, with ``settings``)."""
    import json

    merged = {**FAULT_CRAWL_SETTINGS, **(settings or {})}
    return [python, "-c", CRAWL_SCRIPT, db, mirror, json.dumps(site.spider_args()), json.dumps(merged)]

"""Backfill from a web archive: what a run lists, fetches, stores and skips, against a bare fetch of the same captures.

    python bench/backfill.py [--articles 1340] [--concurrency 8]

1. Writes a WARC file of captures of N generated Báo Đồng Khởi articles (demo templates, distinct texts) under
   every host of the profile (baodongkhoi.vn, amp., the 2025 host dongkhoi.baovinhlong.vn), with the kinds a
   real archive holds: a later identical capture of every 5th article, a newer redirect of every 7th, a newer
   error page served with 200 of every 11th (the older capture must be used), a 404 of every 13th, category
   listings; and serves it with a real pywb (``.venv-pywb``, ``tools/pywb_venv.sh``) on 127.0.0.1.
2. Runs ``archive backfill bdk --source <pywb>/cdx`` (rate 0: a local archive), then again (nothing new:
   only the index is read), then, as the baseline, a bare Scrapy spider that fetches the same index pages
   and the same capture URLs and does nothing with them.
3. Prints captures listed, fetched, stored, skipped by reason, requests per stored article (target: 1 fetch
   per stored article plus the index pages), seconds, and the ratio backfill / bare.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

HOSTS = ("baodongkhoi.vn", "amp.baodongkhoi.vn", "dongkhoi.baovinhlong.vn")
ERROR_PAGE = ("<html><head><title>Báo Đồng Khởi - Trang không tồn tại</title></head><body>"
              "<h1>Trang không tồn tại</h1><p>Xin lỗi, trang bạn tìm không tồn tại.</p></body></html>").encode()


def make_captures(path: Path, n_articles: int) -> dict[str, int]:
    """The WARC file of captures (see module docstring); returns how many of each kind."""
    from vn_corpus import Generator

    from tests.helpers.webarchive import Snap, write_captures
    from tools.demo import articles as data
    from tools.demo import make_demo as demo

    gen = Generator(11)
    start = datetime(2025, 6, 30, 18, 0)
    items = []
    for i in range(n_articles):
        base = data.BDK[i % len(data.BDK)]
        paras = gen.body(gen.rnd.randint(150, 400)) + [gen.paragraph(30)]
        items.append({**base, "id": 150000 - i, "slug": f"{base['slug']}-{i}",
                      "at": (start - timedelta(hours=5 * i)).strftime("%Y-%m-%d %H:%M"),
                      "title": gen.sentence(6, 12)[:-1], "lead": paras[0], "paras": paras[1:]})
    snaps: list[Snap] = []
    kinds = {"article": 0, "duplicate": 0, "redirect": 0, "error_page": 0, "http_404": 0, "listing": 0}

    def at(i: int, days: int) -> str:
        published = datetime.strptime(items[i]["at"], "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
        return (published + timedelta(days=days)).strftime("%Y%m%d%H%M%S")

    for i, item in enumerate(items):
        url = demo.bdk_url(item).replace("baodongkhoi.vn", HOSTS[i % len(HOSTS)], 1)
        body = demo.bdk_article(item, items[:6]).encode()
        snaps.append(Snap(url, at(i, 1), body))
        kinds["article"] += 1
        if i % 5 == 0:
            snaps.append(Snap(url, at(i, 30), body))
            kinds["duplicate"] += 1
        if i % 7 == 0:
            snaps.append(Snap(url, at(i, 60), b"", 301, [("Location", "https://dongkhoi.baovinhlong.vn/")]))
            kinds["redirect"] += 1
        if i % 11 == 0:
            snaps.append(Snap(url, at(i, 90), ERROR_PAGE))
            kinds["error_page"] += 1
        if i % 13 == 0:
            snaps.append(Snap(url, at(i, 120), ERROR_PAGE, 404))
            kinds["http_404"] += 1
    for n, cat in enumerate(demo.BDK_CATS):
        page = demo.bdk_listing(cat, items[n * 20: n * 20 + 20], 1, 1, items[:6]).encode()
        snaps.append(Snap(f"https://baodongkhoi.vn/{cat}", "20250601000000", page))
        kinds["listing"] += 1
    write_captures(path, snaps)
    kinds["total"] = len(snaps)
    return kinds


BARE_SPIDER = """
import scrapy
class Bare(scrapy.Spider):
    name = "bare"
    def __init__(self, index, captures, **kw):
        super().__init__(**kw)
        self.index, self.captures, self.pending = index, captures, len(index)
    async def start(self):
        for url in self.index:
            yield scrapy.Request(url, callback=self.parse_index, dont_filter=True)
    def parse_index(self, response):
        self.pending -= 1
        if self.pending == 0:  # as the backfill does: the captures once every index answered
            for url in self.captures:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)
    def parse(self, response):
        response.body
"""


def bare(index: list[str], captures: list[str], concurrency: int) -> tuple[float, int]:
    """Seconds a plain Scrapy spider's process takes to fetch the URLs (same concurrency, nothing done), and how
    many answered 200 (all of them, or the baseline is not one)."""
    code = (BARE_SPIDER + "\nimport json, sys, time\nfrom scrapy.crawler import CrawlerProcess\n"
            "index, captures = json.load(open(sys.argv[1]))\n"
            f"p = CrawlerProcess({{'LOG_LEVEL': 'ERROR', 'CONCURRENT_REQUESTS': {concurrency}, "
            f"'CONCURRENT_REQUESTS_PER_DOMAIN': {concurrency}, 'ROBOTSTXT_OBEY': False, 'DOWNLOAD_DELAY': 0, "
            "'TELNETCONSOLE_ENABLED': False, "
            "'TWISTED_REACTOR': 'twisted.internet.asyncioreactor.AsyncioSelectorReactor'})\n"
            "c = p.create_crawler(Bare); p.crawl(c, index=index, captures=captures); p.start()\n"
            "s = c.stats.get_stats(); print(s.get('response_received_count', 0), "
            "s.get('downloader/response_status_count/200', 0))\n")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump([index, captures], fh)
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:  # Scrapy reads callbacks' source
        script.write(code)
    started = time.monotonic()  # the process included, as for the backfill
    with tempfile.TemporaryFile("w+") as log:
        try:
            subprocess.run([sys.executable, script.name, fh.name], stdout=log, stderr=subprocess.DEVNULL, check=True,
                           timeout=600)
        except (subprocess.SubprocessError, OSError):
            log.seek(0)
            print(log.read()[-3000:])
            raise
        seconds = time.monotonic() - started
        log.seek(0)
        answered, ok = log.read().split()[-2:]
    Path(fh.name).unlink()
    Path(script.name).unlink()
    if int(ok) != len(index) + len(captures):
        print(f"warning: the bare fetch got {ok} answers 200 of {len(index) + len(captures)} ({answered} answers)")
    return seconds, int(ok)


def backfill(db: Path, source: str, concurrency: int) -> tuple[str, float]:
    cmd = [str(Path(sys.executable).parent / "archive"), "backfill", "bdk", "--db", str(db), "--source", source,
           "--rate", "0", "-q", "-s", f"BACKFILL_CONCURRENCY={concurrency}", "-s", f"CONCURRENT_REQUESTS={concurrency}"]
    started = time.monotonic()
    run = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if run.returncode != 0:
        raise SystemExit(f"backfill failed ({run.returncode}): {run.stdout}{run.stderr}")
    return run.stdout, seconds


def number(out: str, pattern: str) -> int:
    return int(re.search(pattern, out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1340, help="generated articles (1,340: 2,039 captures)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight to pywb")
    args = parser.parse_args()
    from tests.helpers.webarchive import pywb_server

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = time.monotonic()
        kinds = make_captures(folder / "warcs" / "bdk.warc.gz", args.articles)
        print(f"captures written: {kinds} in {time.monotonic() - made:.1f} s")
        with pywb_server(folder / "pywb", "bdk", [folder / "warcs" / "bdk.warc.gz"]) as base:
            db = folder / "archive.sqlite"
            print("backfill …", flush=True)
            out, seconds = backfill(db, f"{base}/cdx", args.concurrency)
            print("backfill again (nothing new) …", flush=True)
            again, again_seconds = backfill(db, f"{base}/cdx", args.concurrency)
            with sqlite3.connect(db) as conn:
                tried = conn.execute("SELECT url, timestamp FROM backfill_captures").fetchall()
            hosts = ("baodongkhoi.vn", "amp.baodongkhoi.vn", "dongkhoi.baovinhlong.vn")
            index = [f"{base}/cdx?url={h}/&matchType=prefix&output=json&limit=100000" for h in hosts]
            captures = [f"{base}/{ts}id_/{url}" for url, ts in tried]
            urls = index + captures
            print(f"bare fetch of the same {len(urls)} URLs …", flush=True)
            bare_seconds, bare_ok = bare(index, captures, args.concurrency)
    stored, requests = number(out, r"stored: (\d+)"), number(out, r"requests: (\d+)")
    fetched, index_requests = number(out, r"captures fetched: (\d+)"), number(out, r"index: (\d+) request")
    again_requests, again_fetched = number(again, r"requests: (\d+)"), number(again, r"captures fetched: (\d+)")
    print(out.rstrip())
    print(f"requests per stored article: {requests / max(stored, 1):.3f} (captures fetched per stored article "
          f"{fetched / max(stored, 1):.3f}, plus {index_requests} index pages)")
    print(f"seconds (processes included): backfill {seconds:.1f}, bare fetch of the same {len(urls)} URLs "
          f"{bare_seconds:.1f} ({bare_ok} answered 200); ratio backfill / bare {seconds / bare_seconds:.2f}")
    print(f"second run (nothing new): {again_requests} requests, {again_fetched} captures fetched, "
          f"{again_seconds:.1f} s")

if __name__ == "__main__":
    main()

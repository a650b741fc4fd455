"""What WARC capture costs: disk per 1,000 article pages, archive size and crawl speed with and without it.

    python bench/warc_cost.py [--articles 1000]

Builds a mirror of one BDK-like site in a temporary folder (article pages made from the real
third-party page of the same CMS in ../shared/html_samples when present, else a synthetic page of
similar size), serves it on 127.0.0.1 and runs, each in a subprocess with the project's settings
and pipelines (extract → store):

1. a crawl with capture on into a fresh archive (baseline for the WARC figures);
2. the same crawl again over the unchanged mirror (revisit records; this bench spider re-fetches every
   page, the worst case: the real spiders stop at listings that hold only known articles);
3. a crawl with capture off into another fresh archive (the baseline for size and speed), after an
   untimed warm-up crawl so that neither timed run pays for a cold file cache.

Prints WARC bytes per 1,000 articles, archive sizes and the speed ratio capture-on / capture-off.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NAME = "html_samples/bdk_proxy_baocantho_article_a196670.html"
# ../shared beside the main checkout (a git worktree sits one level deeper).
SAMPLE = next((p / "shared" / SAMPLE_NAME for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
              REPO.parent / "shared" / SAMPLE_NAME)
HOST = "baodongkhoi.vn"
PER_LISTING = 20
WORDS = ("tỉnh", "hội nghị", "phát triển", "kinh tế", "nhân dân", "chuyển đổi số", "nông nghiệp", "đầu tư",
         "cán bộ", "xã", "huyện", "năm 2025", "triển khai", "kế hoạch", "đồng chí", "sản xuất", "dự án")


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."


def article_template() -> tuple[str, str]:
    """(HTML with @@TITLE@@ and @@BODY@@ slots, where it came from)."""
    if SAMPLE.is_file():
        html = SAMPLE.read_text(encoding="utf-8")
        html = re.sub(r"<title>.*?</title>", "<title>@@TITLE@@</title>", html, count=1, flags=re.S)
        paragraphs = list(re.finditer(r"<p[ >].*?</p>", html, flags=re.S))
        if len(paragraphs) >= 2:
            end = paragraphs[0].end()  # the article body: the first run of paragraphs close to each other
            for para in paragraphs[1:]:
                if para.start() - end > 1000:
                    break
                end = para.end()
            html = html[: paragraphs[0].start()] + "@@BODY@@" + html[end:]
            return html, f"real page of the same CMS ({SAMPLE.name}, {SAMPLE.stat().st_size} bytes)"
    nav = "".join(f"<li><a href='/muc-{i}'>Chuyên mục {i}</a></li>" for i in range(300))
    script = "<script>" + "var x=1;" * 4000 + "</script>"
    return (f"<html><head><title>@@TITLE@@</title>{script}</head><body><ul>{nav}</ul><article><h1>@@TITLE@@</h1>"
            f"@@BODY@@</article><ul>{nav}</ul></body></html>"), "synthetic page (../shared absent)"


def build_mirror(folder: Path, articles: int) -> str:
    rng = random.Random(7)
    template, origin = article_template()
    site = folder / HOST
    site.mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    urls = []
    for i in range(articles):
        path = f"bai-viet-so-{i}-01012025-a{200000 + i}.html"
        title = f"Bài viết số {i}: " + sentence(rng)[:60]
        body = "".join(f"<p>{sentence(rng)} {sentence(rng)}</p>" for _ in range(rng.randint(6, 14)))
        (site / path).write_text(template.replace("@@TITLE@@", title).replace("@@BODY@@", body), encoding="utf-8")
        urls.append(path)
    pages = [urls[i : i + PER_LISTING] for i in range(0, len(urls), PER_LISTING)]
    for n, chunk in enumerate(pages, start=1):
        links = "".join(f"<li><a href='/{u}'>{u}</a></li>" for u in chunk)
        more = f"<a href='/thoi-su?p={n + 1}'>Trang sau</a>" if n < len(pages) else ""
        name = "thoi-su" if n == 1 else f"thoi-su@p={n}"
        (site / name).write_text(f"<html><body><ul>{links}</ul>{more}</body></html>", encoding="utf-8")
    return origin


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def archive_size(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db_path.stat().st_size


def run_crawl(db_path: Path, mirror: str, warc: bool) -> tuple[float, dict]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--crawl", str(db_path), mirror, "1" if warc else "0"],
        capture_output=True, text=True, env=env, cwd=REPO,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(done.stderr[-3000:])
    return elapsed, json.loads(done.stdout.strip().splitlines()[-1])


def crawl_main(db: str, mirror: str, warc: str) -> None:
    """In the subprocess: follow the listings, hand every article page to the project's pipelines."""
    from urllib.parse import urlsplit

    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings
    from scrapy.utils.reactor import install_reactor

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    install_reactor(settings["TWISTED_REACTOR"])
    from archive.vn_time import now_vn, to_iso
    from crawler.components.pipelines import PageItem
    from crawler.profiles import get_profile

    profile = get_profile("bdk")

    class BenchSpider(scrapy.Spider):
        name = "bdk"
        start_urls = [f"https://{HOST}/thoi-su"]

        def parse(self, response):
            if profile.is_article_url(response.url):
                yield PageItem(url=response.url, requested_url=response.url, body=response.body, site="bdk",
                               profile="bdk", status=response.status, fetched_at=to_iso(now_vn()))
                return
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if urlsplit(url).hostname == HOST:
                    yield scrapy.Request(url)

    for key, value in (("ARCHIVE_DB", db), ("MIRROR_URL", mirror), ("WARC_ENABLED", warc == "1"),
                       ("LOG_LEVEL", "WARNING"), ("DOWNLOAD_DELAY", 0), ("AUTOTHROTTLE_ENABLED", False),
                       ("CONCURRENT_REQUESTS", 16), ("CONCURRENT_REQUESTS_PER_DOMAIN", 16)):
        settings.set(key, value)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BenchSpider)
    process.crawl(crawler)
    process.start()
    print(json.dumps({k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int)}))


def cpu_cost(mirror: Path, folder: Path, pages: int = 200) -> tuple[float, float]:
    """Seconds per page to capture (digest, revisit lookup, gzip, write, index) and to extract, in-process."""
    from archive.db import open_archive
    from archive.vn_time import now_vn
    from crawler.components.warc_capture import CaptureWriter, Exchange, warc_path
    from crawler.extract import extract_article

    files = sorted((mirror / HOST).glob("bai-viet-*.html"))[:pages]
    db = open_archive(folder / "archive.sqlite")
    now = now_vn()
    writer = CaptureWriter(db, folder, warc_path(folder / "warc", "bdk", 1, now), site="bdk", crawl_id=1)
    bodies = [(f"https://{HOST}/{f.name}", f.read_bytes()) for f in files]
    started = time.perf_counter()
    for url, body in bodies:
        writer.write(Exchange(url, "GET", [("User-Agent", "bench")], b"", 200,
                              [("Content-Type", "text/html; charset=utf-8")], body, now))
    capture = (time.perf_counter() - started) / len(bodies)
    writer.close()
    started = time.perf_counter()
    for url, body in bodies:
        extract_article(body, url, site="bdk")
    extract = (time.perf_counter() - started) / len(bodies)
    db.conn.close()
    return capture, extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--crawl", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.crawl:
        crawl_main(*args.crawl)
        return
    sys.path.insert(0, str(REPO))
    from crawler.replay.mirror import FolderSource, serve_mirror

    with tempfile.TemporaryDirectory(prefix="warc-bench-") as tmp:
        tmp_path = Path(tmp)
        origin = build_mirror(tmp_path / "mirror", args.articles)
        mirror_bytes = size_of(tmp_path / "mirror")
        server, base = serve_mirror(FolderSource(tmp_path / "mirror"))
        try:
            on_db, off_db = tmp_path / "on" / "archive.sqlite", tmp_path / "off" / "archive.sqlite"
            run_crawl(tmp_path / "warm-up" / "archive.sqlite", base, warc=False)  # file cache, imports: not timed
            t_off, s_off = run_crawl(off_db, base, warc=False)
            t_on, s_on = run_crawl(on_db, base, warc=True)
            warc_first = size_of(on_db.parent / "warc")
            size_on_first = archive_size(on_db)
            t_again, s_again = run_crawl(on_db, base, warc=True)
            warc_second = size_of(on_db.parent / "warc") - warc_first
        finally:
            server.stop()
        stored = s_on.get("archive/new", 0)
        per_k = 1000 / max(stored, 1)
        pages = s_on.get("downloader/response_count", 0)
        print(f"mirror: {args.articles} article pages + {pages - args.articles} listing/robots pages, "
              f"{mirror_bytes / 1e6:.1f} MB; article template: {origin}")
        print(f"articles stored: {stored} (capture on), {s_off.get('archive/new', 0)} (capture off)")
        print(f"WARC, first crawl:       {warc_first / 1e6:8.2f} MB = {warc_first * per_k / 1e6:6.2f} MB per 1,000 "
              f"articles ({warc_first / max(pages, 1) / 1e3:.1f} kB per page, "
              f"{warc_first / mirror_bytes:.3f} of the bytes served)")
        print(f"WARC, unchanged recrawl: {warc_second / 1e6:8.2f} MB = {warc_second * per_k / 1e6:6.2f} MB per 1,000 "
              f"articles ({s_again.get('warc/revisit', 0)} revisits, {s_again.get('warc/response', 0)} responses)")
        size_off = archive_size(off_db)
        print(f"archive file after one crawl: {size_on_first / 1e6:.2f} MB with capture (+ the captures index), "
              f"{size_off / 1e6:.2f} MB without = ratio {size_on_first / size_off:.3f}; "
              f"{archive_size(on_db) / 1e6:.2f} MB after the recrawl")
        total = size_on_first + warc_first
        print(f"archive + WARC after one crawl: {total / 1e6:.2f} MB vs {size_off / 1e6:.2f} MB text only "
              f"= ratio {total / size_off:.2f}")
        capture_s, extract_s = cpu_cost(tmp_path / "mirror", tmp_path / "cpu")
        print(f"CPU per article page, in-process: capture {capture_s * 1e3:.1f} ms, "
              f"extraction {extract_s * 1e3:.1f} ms = capture costs {capture_s / extract_s:.2f} of the extraction time")
        print(f"crawl time: {t_on:.1f} s with capture, {t_off:.1f} s without = speed ratio {t_off / t_on:.2f} "
              f"(pages/s with / without); unchanged recrawl {t_again:.1f} s")


if __name__ == "__main__":
    main()

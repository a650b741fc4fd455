"""Benchmark: streaming export of a generated archive (default 100,000 articles).

Prints figures as ratios against baselines measured in the same run:

* memory: peak Python memory (tracemalloc) of each export against ``fetchall()`` of the same rows
  (what a non-streaming export would hold) and against the size of the text exported;
* time: each export against a bare cursor scan of the same SELECT (reading without writing);
* search: one ranked, accent-folded search against the same bare scan.

Usage: python bench/export.py [--articles 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.db import open_archive, transaction  # noqa: E402
from archive.export import EXPORT_FIELDS, export_articles, export_query  # noqa: E402
from archive.filters import ArticleFilter  # noqa: E402
from archive.search import search_articles  # noqa: E402
from archive.store import save_article  # noqa: E402
from archive.vn_time import VN_TZ  # noqa: E402
from crawler.profiles import PROFILES  # noqa: E402
from crawler.profiles.registry import site_keys  # noqa: E402

SENTENCES = [
    "UBND tỉnh Bến Tre tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm {y}.",
    "Người dân xã Phú Túc, huyện Châu Thành đẩy mạnh chuyển đổi cây trồng, nâng cao thu nhập.",
    "Tỉnh Bắc Kạn khuyến khích các hợp tác xã đưa sản phẩm lên sàn thương mại điện tử.",
    "Nghệ An tiếp tục đẩy mạnh cải cách hành chính, giảm thời gian giải quyết thủ tục.",
    "Lãnh đạo tỉnh đối thoại với nông dân về giá vật tư nông nghiệp và đầu ra cho sản phẩm.",
    "Phong trào Đồng Khởi năm 1960 là mốc son của cách mạng miền Nam.",
    "Đời sống của đồng bào dân tộc thiểu số vùng cao ngày càng được nâng lên.",
    "Sở Giáo dục và Đào tạo tổ chức tập huấn đổi mới phương pháp dạy học cho giáo viên.",
]
SITES = tuple(site_keys(PROFILES))  # the registry's sites, as labels
NOW = datetime(2024, 6, 30, 22, 0, tzinfo=VN_TZ)


def generate(db, count: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    text_bytes = 0
    with transaction(db):
        for i in range(count):
            year = 2019 + i % 6
            text = "\n".join(rng.choice(SENTENCES).format(y=year) for _ in range(rng.randint(8, 20)))
            text_bytes += len(text.encode("utf-8"))
            save_article(db, {
                "url": f"https://example-{i % 5}.vn/bai-{i}.html", "site": SITES[i % len(SITES)],
                "title": f"Tin số {i}: " + rng.choice(SENTENCES)[:60], "text": text,
                "published": f"{year}-{1 + (i // 6) % 12:02d}-{1 + (i // 72) % 28:02d}T08:00:00+07:00",
                "tags": ["thời sự"], "category": "Thời sự",
            }, now=NOW)
    return text_bytes


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def traced_peak(func) -> int:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the archive in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = open_archive(folder / "archive.sqlite")
    if db["articles"].count < args.articles:
        seconds, text_bytes = timed(lambda: generate(db, args.articles - db["articles"].count))
        print(f"generated {args.articles} articles in {seconds:.1f} s")
    text_bytes = db.execute("SELECT sum(length(CAST(text AS BLOB))) FROM articles").fetchone()[0]
    print(f"text in archive: {text_bytes / 1e6:.1f} MB")

    sql, params = export_query(EXPORT_FIELDS, ArticleFilter())

    def scan() -> int:
        return sum(1 for _ in db.conn.execute(sql, params))

    scan_s, rows = timed(scan)
    print(f"baseline: bare cursor scan of {rows} rows: {scan_s:.2f} s")
    held = traced_peak(lambda: db.conn.execute(sql, params).fetchall())
    print(f"baseline: fetchall() of the same rows holds {held / 1e6:.1f} MB (traced)")

    for fmt in ("jsonl", "csv", "parquet"):
        out = folder / f"export.{fmt}"
        seconds, result = timed(lambda fmt=fmt, out=out: export_articles(db, out, fmt=fmt, overwrite=True))
        peak = traced_peak(lambda fmt=fmt, out=out: export_articles(db, out, fmt=fmt, overwrite=True))
        size = out.stat().st_size
        print(f"{fmt:8s} {result.rows} rows, {size / 1e6:.0f} MB file: time {seconds:.2f} s = "
              f"{seconds / scan_s:.1f}x scan; peak traced memory {peak / 1e6:.2f} MB = "
              f"{peak / held:.3f}x fetchall, {peak / text_bytes:.4f}x text size")

    where = ArticleFilter(sites=("bdk",), since=datetime(2022, 1, 1).date(), until=datetime(2022, 12, 31).date())
    seconds, result = timed(lambda: export_articles(db, folder / "bdk-2022.jsonl", where=where, overwrite=True))
    print(f"filtered jsonl (one site, one year) {result.rows} rows: {seconds:.2f} s = {seconds / scan_s:.2f}x scan")
    for query in ("chuyen doi so", "Đồng Khởi"):
        seconds, hits = timed(lambda query=query: search_articles(db, query, limit=20))
        print(f"search {query!r}: {len(hits)} hits in {seconds * 1000:.0f} ms = {seconds / scan_s:.3f}x scan")
    seconds, hits = timed(lambda: search_articles(db, "đổi mới", limit=20, exact_accents=True))
    print(f"search 'đổi mới' --exact-accents: {len(hits)} hits in {seconds * 1000:.0f} ms "
          f"= {seconds / scan_s:.3f}x scan")
    db.conn.close()
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()

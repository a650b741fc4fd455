"""How much learning a site's template lines costs, as ratios against reading the same texts.

    python bench/boilerplate.py [ARTICLES]

Builds a throw-away archive of ARTICLES articles of one site (default 3000) through
``archive.store.save_article``, then times ``learn_boilerplate`` (newest 500 articles) against a
baseline that only reads and splits the same 500 texts, and against learning from all of them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from archive.boilerplate import SAMPLE_ARTICLES, learn_boilerplate
from archive.db import open_archive
from archive.store import save_article
from archive.vn_time import VN_TZ

T0 = datetime(2024, 1, 1, tzinfo=VN_TZ)
FOOTER = "Ghi rõ nguồn Báo Đồng Khởi khi phát hành lại thông tin từ website này."


def build(path: Path, n: int):
    db = open_archive(path)
    for i in range(n):
        sentence = "Đoạn {k} của bài {i}: tỉnh triển khai nhiệm vụ số {n} với nhiều kết quả cụ thể, được báo cáo. "
        body = [sentence.format(k=k, i=i, n=i * 7 + k) * 3 + "Ý kiến của người dân." for k in range(10)]
        body.insert(5, f"Ảnh minh họa số {i}.")
        text = "\n".join([f"BDK.VN - Ngày {i % 28 + 1}-1, tin số {i}.", *body, FOOTER if i % 3 else "Đọc thêm"])
        save_article(db, {"url": f"https://baodongkhoi.vn/bai-{i}-a{i}.html", "site": "bdk", "title": f"Bài {i}",
                          "text": text}, now=T0 + timedelta(minutes=i))
    return db


def timed(func, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        db = build(Path(tmp) / "bench.sqlite", n)
        print(f"built {n} articles in {time.perf_counter() - start:.1f} s")

        def baseline() -> None:
            rows = db.execute("SELECT text FROM articles WHERE site = 'bdk' ORDER BY id DESC LIMIT ?",
                              [SAMPLE_ARTICLES])
            for (text,) in rows:
                set(text.split("\n"))

        base = timed(baseline)
        learn = timed(lambda: learn_boilerplate(db, "bdk", now=T0))
        learn_all = timed(lambda: learn_boilerplate(db, "bdk", sample=n, now=T0), repeat=3)
        print(f"read+split {SAMPLE_ARTICLES} texts (baseline): {base * 1000:.1f} ms")
        print(f"learn from newest {SAMPLE_ARTICLES}: {learn * 1000:.1f} ms = {learn / base:.2f}x baseline")
        print(f"learn from all {n}: {learn_all * 1000:.1f} ms = {learn_all / base:.2f}x baseline")
        print(f"learned: {sorted(learn_boilerplate(db, 'bdk', now=T0))}")
        db.conn.close()


if __name__ == "__main__":
    main()

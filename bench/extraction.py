"""Extraction quality and speed per site family, against trafilatura on the same pages in the same run.

For every fixture page with a golden file (``tests/pages/<site>/*.html`` + ``tests/golden/<site>/*.json``,
articles only) it prints, per family: token F1 of our text against the golden text (and of bare
``trafilatura.extract`` as the baseline), boilerplate strings leaked, titles/dates/authors right, and
pages per second of ``extract_article`` vs ``trafilatura.extract`` (on all pages, and on the pages
site rules handle).  Targets: F1 >= 0.98 per family, 0 leaks, >= 2x trafilatura's speed on site pages.

Run: ``python bench/extraction.py [--rounds 5]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import trafilatura

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.text import normalize_text, words  # noqa: E402
from crawler.extract import extract_article  # noqa: E402

PAGES = REPO / "tests" / "pages"
GOLDEN = REPO / "tests" / "golden"
LEAKS = (
    "Chia sẻ bài viết", "Chia sẻ Facebook", "BÌNH LUẬN", "Skip Ribbon Commands", "Skip to main content",
    "0:00 / 0:00", "Xem thêm", "Tin mới", "Đọc thêm", "Đọc nhiều", "Từ khóa", "In bài viết", "Chia sẻ qua",
    "Cập nhật lúc", "kính chào quý khách", "Bài liên quan", "Tin liên quan", "Các tin khác",
)


def token_f1(got: str, expected: str) -> float:
    a, b = Counter(words(got)), Counter(words(expected))
    common = sum((a & b).values())
    if not a and not b:
        return 1.0
    if common == 0:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def load_pages() -> list[tuple[str, bytes, dict]]:
    pages = []
    for page in sorted(PAGES.rglob("*.html")):
        golden = (GOLDEN / page.relative_to(PAGES)).with_suffix(".json")
        if not golden.exists():
            continue
        expected = json.loads(golden.read_text(encoding="utf-8"))
        if expected.get("not_article"):
            continue
        pages.append((page.parent.name, page.read_bytes(), expected))
    return pages


def timed(func, rounds: int) -> float:
    """Seconds per call, best of ``rounds``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds per page (best is kept)")
    args = parser.parse_args()
    pages = load_pages()
    if not pages:
        sys.exit("no fixture pages with golden files under tests/pages")
    rows: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for family, html, expected in pages:
        url = expected["url"]
        text = html.decode("utf-8")
        article = extract_article(html, url)
        baseline = trafilatura.extract(text, url=url) or ""
        ours_s = timed(lambda html=html, url=url: extract_article(html, url), args.rounds)
        traf_s = timed(lambda text=text, url=url: trafilatura.extract(text, url=url), args.rounds)
        row = rows[family]
        row["pages"] += 1
        row["f1"] += token_f1(article.text, expected["text"])
        row["f1_min"] = min(row.get("f1_min", 1.0), token_f1(article.text, expected["text"]))
        row["traf_f1"] += token_f1(normalize_text(baseline), expected["text"])
        row["leaks"] += sum(article.text.count(s) for s in LEAKS)
        row["title"] += article.title == expected.get("title")
        row["date"] += article.published == expected.get("published")
        row["author"] += article.author == expected.get("author")
        row["ours_s"] += ours_s
        row["traf_s"] += traf_s
        if article.extraction == "site":
            row["site_pages"] += 1
            row["site_ours_s"] += ours_s
            row["site_traf_s"] += traf_s
    header = (f"{'family':<10} {'pages':>5} {'F1':>6} {'F1 min':>6} {'traf F1':>7} {'leaks':>5} {'title':>5} "
              f"{'date':>5} {'author':>6} {'ours p/s':>9} {'traf p/s':>9} {'x':>5} {'site x':>6}")
    print(header)
    print("-" * len(header))
    for family in sorted(rows):
        r = rows[family]
        n = int(r["pages"])
        site_ratio = (r["site_traf_s"] / r["site_ours_s"]) if r["site_pages"] else float("nan")
        print(f"{family:<10} {n:>5} {r['f1'] / n:>6.3f} {r['f1_min']:>6.3f} {r['traf_f1'] / n:>7.3f} "
              f"{int(r['leaks']):>5} {int(r['title']):>2}/{n:<2} {int(r['date']):>2}/{n:<2} "
              f"{int(r['author']):>3}/{n:<2} "
              f"{n / r['ours_s']:>9.1f} {n / r['traf_s']:>9.1f} {r['traf_s'] / r['ours_s']:>5.1f} {site_ratio:>6.1f}")
    print("\nx = our pages/s ÷ trafilatura.extract pages/s on all pages; site x = the same on pages the site rules"
          " handled (no trafilatura call); best of", args.rounds, "rounds per page.")


if __name__ == "__main__":
    main()

"""Extraction quality and speed per site family, against trafilatura on the same pages in the same run.

For every fixture page with a golden file (``tests/pages/<site>/*.html`` + ``tests/golden/<site>/*.json``,
articles only) it prints, per family: token F1 of our text against the golden text (and of bare
``trafilatura.extract`` as the baseline), boilerplate strings leaked, titles/dates/authors right, and
pages per second of ``extract_article`` vs ``trafilatura.extract`` (on all pages, and on the pages
site rules handle).  Targets: F1 >= 0.98 per family, 0 leaks, >= 2x trafilatura's speed on site pages.

``--zyte`` scores the generic path (``extract_article`` with no site profile: what an unknown site gets)
on Zyte's article-extraction benchmark in ``../shared/benchmarks/article-extraction`` with the
benchmark's own scorer (its ``evaluate.py``, imported from there at run time), against trafilatura's
configurations in the same run: F1, precision, recall of word shingles, and pages per second (best of
``--rounds`` per page, extractors interleaved page by page).  Target: F1 and pages/s at least
trafilatura's best configuration.

Run: ``python bench/extraction.py [--rounds 5]``; ``python bench/extraction.py --zyte [--limit 30] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import trafilatura

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.text import normalize_text, words  # noqa: E402
from crawler.extract import ExtractError, NotAnArticle, extract_article  # noqa: E402

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


def _default_zyte_dir() -> Path:
    """``../shared/benchmarks/article-extraction`` beside the repository (or beside its worktree folder)."""
    for shared in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        if shared.is_dir():
            return shared / "benchmarks" / "article-extraction"
    return REPO.parent / "shared" / "benchmarks" / "article-extraction"


ZYTE_DIR = _default_zyte_dir()


@dataclass(frozen=True)
class ZytePage:
    key: str
    url: str
    html: bytes


@dataclass(frozen=True)
class ZyteScore:
    f1: float
    precision: float
    recall: float


def load_zyte(folder: Path, limit: int | None = None) -> tuple[list[ZytePage], dict[str, dict]]:
    """The benchmark's pages (``html/<id>.html.gz``, first ``limit`` ids in order) and their ground truth."""
    truth_path = folder / "ground-truth.json"
    if not truth_path.is_file():
        raise FileNotFoundError(f"no benchmark at {folder} (ground-truth.json missing)")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    pages = [ZytePage(key, truth[key]["url"], gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
             for key in keys]
    return pages, {key: truth[key] for key in keys}


def load_scorer(folder: Path) -> ModuleType:
    """The benchmark's own ``evaluate.py``, imported from its folder (never copied into the repository)."""
    spec = importlib.util.spec_from_file_location("zyte_evaluate", folder / "evaluate.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no evaluate.py in {folder}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_zyte(scorer: ModuleType, truth: dict[str, dict], bodies: dict[str, str]) -> ZyteScore:
    """F1, precision and recall of word shingles by the benchmark's ``evaluate`` (no bootstrap)."""
    metrics = scorer.evaluate(truth, {key: {"articleBody": bodies.get(key, "")} for key in truth}, 0)
    return ZyteScore(metrics["f1"], metrics["precision"], metrics["recall"])


def generic_text(html: bytes, url: str) -> str:
    """Our generic path: ``extract_article`` with no site (these hosts have no profile); nothing when refused."""
    try:
        return extract_article(html, url).text
    except (NotAnArticle, ExtractError):
        return ""


ZYTE_EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "ours (generic path)": generic_text,
    "trafilatura.extract": lambda html, url: trafilatura.extract(html, url=url) or "",
    "trafilatura favor_precision": lambda html, url: trafilatura.extract(html, url=url, favor_precision=True) or "",
    "trafilatura favor_recall": lambda html, url: trafilatura.extract(html, url=url, favor_recall=True) or "",
}


def run_zyte(folder: Path, limit: int | None, rounds: int) -> None:
    """Print the benchmark table: each extractor's F1/precision/recall and pages/s, timed in the same run."""
    try:
        pages, truth = load_zyte(folder, limit)
        scorer = load_scorer(folder)
    except (FileNotFoundError, OSError, json.JSONDecodeError) as exc:
        sys.exit(f"error: cannot read the benchmark: {exc}")
    bodies: dict[str, dict[str, str]] = {name: {} for name in ZYTE_EXTRACTORS}
    seconds = dict.fromkeys(ZYTE_EXTRACTORS, 0.0)
    for n, page in enumerate(pages, 1):
        for name, extract in ZYTE_EXTRACTORS.items():  # interleaved: machine load hits every extractor alike
            bodies[name][page.key] = extract(page.html, page.url)
            seconds[name] += timed(lambda extract=extract, page=page: extract(page.html, page.url), rounds)
        if n % 20 == 0:
            print(f"  {n}/{len(pages)} pages", file=sys.stderr)
    baseline = len(pages) / seconds["trafilatura.extract"]
    header = f"{'extractor':<28} {'F1':>6} {'prec.':>6} {'recall':>6} {'pages/s':>8} {'x traf':>6}"
    print(f"Zyte article-extraction benchmark, {len(pages)} pages, best of {rounds} rounds per page")
    print(header)
    print("-" * len(header))
    for name in ZYTE_EXTRACTORS:
        score = score_zyte(scorer, truth, bodies[name])
        speed = len(pages) / seconds[name]
        print(f"{name:<28} {score.f1:>6.3f} {score.precision:>6.3f} {score.recall:>6.3f} {speed:>8.1f} "
              f"{speed / baseline:>6.2f}")
    print("\nF1/precision/recall: the benchmark's evaluate.py (shingles of 4 words, averaged per page);"
          " x traf = pages/s ÷ trafilatura.extract's.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds per page (best is kept)")
    parser.add_argument("--zyte", action="store_true", help="score the generic path on Zyte's benchmark instead")
    parser.add_argument("--zyte-dir", type=Path, default=ZYTE_DIR, help="the benchmark's folder")
    parser.add_argument("--limit", type=int, default=None, help="--zyte: only the first N pages (quick run)")
    args = parser.parse_args()
    if args.rounds < 1 or (args.limit is not None and args.limit < 1):
        sys.exit("error: --rounds and --limit must be at least 1")
    if args.zyte:
        run_zyte(args.zyte_dir, args.limit, args.rounds)
        return
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

"""Per-page cost of the site path (issue 18): ``extract_article`` on the pages the site rules handle, against
``trafilatura.extract`` on the same pages in the same run.

Pages: every fixture page with a golden file (``tests/pages``) that the site rules extract, and the
real-size samples of ``../shared/html_samples`` when present.  Prints pages/s and ms/page (best of
``--rounds`` per page), the ratio to trafilatura, and with ``--profile`` the top functions by cumulative time.

Run: ``python bench/site_path.py [--rounds 5] [--samples DIR] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

import trafilatura

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.extract import NotAnArticle, extract_article  # noqa: E402

PAGES = REPO / "tests" / "pages"
GOLDEN = REPO / "tests" / "golden"
SAMPLES = (REPO.parent / "shared" / "html_samples", REPO.parent.parent / "shared" / "html_samples")
SAMPLE_URLS = {  # the samples' own URLs (their sites are not profiles: the family is recognised by markup)
    "bdk_proxy_baocantho_article_a196670.html": "https://baocantho.com.vn/x-a196670.html",
    "bbk_proxy_baolaocai_epi_article_post404649.html": "https://baolaocai.vn/x-post404649.html",
}


def load_pages(samples: Path | None) -> list[tuple[str, bytes, str]]:
    """(name, html, url) of every page the site rules extract."""
    found: list[tuple[str, bytes, str]] = []
    for page in sorted(PAGES.rglob("*.html")):
        golden = (GOLDEN / page.relative_to(PAGES)).with_suffix(".json")
        if golden.exists():
            expected = json.loads(golden.read_text(encoding="utf-8"))
            if not expected.get("not_article") and expected.get("url"):
                found.append((f"{page.parent.name}/{page.name}", page.read_bytes(), expected["url"]))
    folder = samples or next((f for f in SAMPLES if f.is_dir()), None)
    for name, url in SAMPLE_URLS.items():
        if folder is not None and (folder / name).exists():
            found.append((f"shared/{name}", (folder / name).read_bytes(), url))
    site = []
    for name, html, url in found:
        try:
            if extract_article(html, url).extraction == "site":
                site.append((name, html, url))
        except NotAnArticle:
            continue
    return site


def best_of(func, rounds: int, clock=time.process_time) -> float:
    """Seconds of ``clock`` per call, best of ``rounds`` (CPU time by default: on a shared machine other
    processes' load stretches wall time, not this process's CPU time)."""
    best = float("inf")
    for _ in range(rounds):
        start = clock()
        func()
        best = min(best, clock() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds per page (best is kept)")
    parser.add_argument("--wall", action="store_true", help="time by the wall clock instead of CPU time")
    parser.add_argument("--samples", type=Path, help="folder of the shared html samples (default: ../shared)")
    parser.add_argument("--profile", action="store_true", help="print the top 25 functions by cumulative time")
    args = parser.parse_args()
    pages = load_pages(args.samples)
    if not pages:
        sys.exit("no site-path pages under tests/pages")
    clock = time.perf_counter if args.wall else time.process_time
    ours = traf = 0.0
    for _, html, url in pages:
        text = html.decode("utf-8")
        ours += best_of(lambda html=html, url=url: extract_article(html, url), args.rounds, clock)
        traf += best_of(lambda text=text, url=url: trafilatura.extract(text, url=url), args.rounds, clock)
    n = len(pages)
    print(f"site-path pages: {n}   rounds: {args.rounds} (best per page, {'wall' if args.wall else 'CPU'} time)")
    print(f"{'':<22} {'pages/s':>8} {'ms/page':>8}")
    print(f"{'extract_article':<22} {n / ours:>8.1f} {ours / n * 1000:>8.2f}")
    print(f"{'trafilatura.extract':<22} {n / traf:>8.1f} {traf / n * 1000:>8.2f}")
    print(f"ratio: extract_article is {traf / ours:.2f}x trafilatura's speed on these pages")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            for _, html, url in pages:
                extract_article(html, url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()

"""The fault suite as figures: a seeded fault-injecting site (crawler/replay/faults.py) crawled twice.

    python bench/faults.py                       # 20 listing pages x 50 articles = 1,000 pages, seed 14
    python bench/faults.py --pages 2 --per-page 50   # a quick run

Serves :class:`~crawler.replay.faults.FaultSite` on loopback, crawls it with the real guarded runner in
a subprocess (the ``generic`` spider; short timeouts and limits: ``FAULT_CRAWL_SETTINGS``), then once
more with the failures due at once (the retry run), and prints what became of every listed article:
attempted, stored, refused (the page can never be an article: off-site, loop, too big, not HTML, empty),
failed (HTTP or network), recovered on the retry run, lost (must be 0), duplicated (must be 0), and the
peak memory of each crawl.  The baseline, measured in the same run, is the same site with no fault:
time (per article page) and peak memory are printed as ratios to it (``--baseline-pages`` listing
pages of it, 4 by default, to keep a full run near two minutes).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.audit import failure_reasons, stored_counts  # noqa: E402
from archive.db import open_archive  # noqa: E402
from crawler.replay.faults import FaultSite, crawl_command, stored_url  # noqa: E402
from crawler.replay.mirror import serve_mirror  # noqa: E402

REFUSALS = ("redirected off the site", "redirect loop", "not an HTML page", "refused", "not an article",
            "cannot extract", "DownloadCancelledError")


def crawl(folder: Path, base: str, site: FaultSite, **settings) -> tuple[int, float, int]:
    """One guarded crawl; (exit code, seconds, peak kB)."""
    rss = folder / "rss.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO), "CRAWL_RSS_FILE": str(rss)}
    started = time.monotonic()
    done = subprocess.run(crawl_command(sys.executable, str(folder / "archive.sqlite"), base, site, settings),
                          env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.monotonic() - started
    if "Traceback" in done.stderr:
        print(done.stderr[-3000:], file=sys.stderr)
    return done.returncode, seconds, int(rss.read_text() or 0) if rss.exists() else 0


def outcome(db_path: Path, site: FaultSite) -> tuple[set[str], dict[str, str], int]:
    """(reachable URLs stored once, failure reasons of the unreachable, reachable stored more than once)."""
    db = open_archive(db_path)
    try:
        counts = stored_counts(db, [stored_url(site, n) for n in site.reachable()])
        reasons = failure_reasons(db, [site.article_url(n) for n in site.unreachable()])
    finally:
        db.conn.close()
    return {u for u, c in counts.items() if c == 1}, reasons, sum(1 for c in counts.values() if c > 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="listing pages (default 20)")
    parser.add_argument("--per-page", type=int, default=50, help="articles per listing page (default 50)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--baseline-pages", type=int, default=4,
                        help="listing pages of the fault-free baseline (default 4; ratios are per article page)")
    opts = parser.parse_args()

    clean = FaultSite(seed=opts.seed, pages=min(opts.baseline_pages, opts.pages), per_page=opts.per_page)
    clean.faults = dict.fromkeys(clean.faults, "ok")
    site = FaultSite(seed=opts.seed, pages=opts.pages, per_page=opts.per_page, timeout_seconds=3)
    with tempfile.TemporaryDirectory() as tmp:
        base_dir, fault_dir = Path(tmp, "baseline"), Path(tmp, "faults")
        base_dir.mkdir(), fault_dir.mkdir()
        server, url = serve_mirror(clean)
        try:
            base_code, base_s, base_kb = crawl(base_dir, url, clean)
        finally:
            server.stop()
        server, url = serve_mirror(site)
        try:
            code1, s1, kb1 = crawl(fault_dir, url, site)
            stored1, _, _ = outcome(fault_dir / "archive.sqlite", site)
            code2, s2, kb2 = crawl(fault_dir, url, site, CRAWL_RETRY_BACKOFF=0)
            stored, reasons, duplicated = outcome(fault_dir / "archive.sqlite", site)
        finally:
            server.stop()
    reachable = {stored_url(site, n) for n in site.reachable()}
    unreachable = [site.article_url(n) for n in site.unreachable()]
    refused = sum(1 for u in unreachable if reasons.get(u, "").startswith(REFUSALS))
    failed = sum(1 for u in unreachable if u in reasons) - refused
    lost = len(reachable - stored) + sum(1 for u in unreachable if u not in reasons)
    rows = [
        ("attempted (listed articles)", len(site.listed())),
        ("stored exactly once", len(stored)),
        ("refused with a reason", refused),
        ("failed with a reason", failed),
        ("recovered on the retry run", len(stored - stored1)),
        ("lost (must be 0)", lost),
        ("duplicated (must be 0)", duplicated),
    ]
    print(f"fault crawl, seed {opts.seed}: {opts.pages} pages x {opts.per_page} articles")
    for name, value in rows:
        print(f"  {name:<30} {value:>7}")
    print(f"  {'exit codes (crawl, retry)':<30} {code1:>4}, {code2}   (baseline {base_code})")
    per_page, base_per_page = s1 / len(site.listed()), base_s / len(clean.listed())
    print(f"  {'seconds (crawl, retry)':<30} {s1:>7.1f}, {s2:.1f}   ({per_page * 1000:.0f} ms a page; fault-free "
          f"baseline {base_per_page * 1000:.0f} ms -> x{per_page / base_per_page:.2f})")
    print(f"  {'peak memory MB (crawl, retry)':<30} {kb1 / 1024:>7.0f}, {kb2 / 1024:.0f}   (fault-free baseline "
          f"{base_kb / 1024:.0f} MB for {len(clean.listed())} pages -> x{max(kb1, kb2) / max(base_kb, 1):.2f})")
    return 0 if lost == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

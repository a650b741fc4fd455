"""What the unattended-crawl safety costs: ``archive crawl`` (lock, per-site JOBDIR with the kill-safe
dupefilter, crawl guard) against the same spiders run bare (``crawler.run.run_crawls``), same mirror,
same run.

    python bench/resume_overhead.py [--articles 1500] [--rounds 2]

Serves a generated BDK-style site (``tests/schedule_mirror.py``, 30 articles a listing page) on
127.0.0.1 from this process; each round runs ``bare`` then ``guarded`` into fresh archives, each in
its own process, timed from process start to exit (startup included, the same for both).  Prints
pages/s of each and the ratio guarded/bare (1.0 = no cost).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BARE = """
import sys
from crawler.run import run_crawls
run_crawls(["bdk"], db_path=sys.argv[1], mirror_url=sys.argv[2], log_level="ERROR")
"""
GUARDED = "from crawler.cli import run; run()"


def timed(cmd: list[str]) -> float:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=2)
    opts = parser.parse_args()

    from crawler.mirror import serve_mirror
    from tests.schedule_mirror import GeneratedSite

    per_page = 30
    site = GeneratedSite(pages=max(opts.articles // per_page, 1), per_page=per_page)
    server, base = serve_mirror(site)
    pages = len(site.urls())
    totals = {"bare": 0.0, "guarded": 0.0}
    try:
        for round_no in range(opts.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                totals["bare"] += timed([sys.executable, "-c", BARE, str(folder / "bare.sqlite"), base])
                totals["guarded"] += timed([sys.executable, "-c", GUARDED, "crawl", "bdk", "--quiet", "--mirror",
                                            base, "--db", str(folder / "guarded.sqlite")])
            print(f"round {round_no + 1}: done")
    finally:
        server.stop()
    rate = {name: pages * opts.rounds / seconds for name, seconds in totals.items()}
    print(f"{pages} article pages x {opts.rounds} rounds")
    for name in ("bare", "guarded"):
        print(f"  {name:8s} {rate[name]:7.1f} pages/s")
    print(f"  ratio guarded/bare: {rate['guarded'] / rate['bare']:.2f}")


if __name__ == "__main__":
    main()

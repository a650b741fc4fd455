"""What the unattended-crawl safety costs: ``archive crawl`` (lock, per-site JOBDIR with the kill-safe
dupefilter, crawl guard) against the same spiders run bare (``crawler.runner.crawl_process.run_crawls``), same mirror,
same run.

    python bench/resume_overhead.py [--articles 1500] [--rounds 2]

Serves a generated BDK-style site (``tests/helpers/schedule_mirror.py``, 30 articles a listing page) on
127.0.0.1 from this process; each round runs ``bare`` then ``guarded`` into fresh archives, each in
its own process, timed from process start to exit (startup included, the same for both).  Prints
pages/s and CPU ms per page of each and the ratios guarded/bare (1.0 = no cost).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BARE = """
import sys
from crawler.runner.crawl_process import run_crawls
run_crawls(["bdk"], db_path=sys.argv[1], mirror_url=sys.argv[2], log_level="ERROR")
"""
GUARDED = "from crawler.cli import run; run()"


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process."""
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=2)
    opts = parser.parse_args()

    from crawler.replay.mirror import serve_mirror
    from tests.helpers.schedule_mirror import GeneratedSite

    per_page = 30
    site = GeneratedSite(pages=max(opts.articles // per_page, 1), per_page=per_page)
    server, base = serve_mirror(site)
    pages = len(site.urls())
    totals = {"bare": 0.0, "guarded": 0.0}
    cpu = {"bare": 0.0, "guarded": 0.0}
    try:
        for round_no in range(opts.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                runs = {
                    "bare": [sys.executable, "-c", BARE, str(folder / "bare.sqlite"), base],
                    "guarded": [sys.executable, "-c", GUARDED, "crawl", "bdk", "--quiet", "--mirror", base,
                                "--db", str(folder / "guarded.sqlite")],
                }
                for name, cmd in runs.items():
                    wall, used = timed(cmd)
                    totals[name] += wall
                    cpu[name] += used
            print(f"round {round_no + 1}: done")
    finally:
        server.stop()
    rate = {name: pages * opts.rounds / seconds for name, seconds in totals.items()}
    print(f"{pages} article pages x {opts.rounds} rounds")
    per_page = {name: 1000 * used / (pages * opts.rounds) for name, used in cpu.items()}
    for name in ("bare", "guarded"):
        print(f"  {name:8s} {rate[name]:7.1f} pages/s  {per_page[name]:5.2f} CPU ms/page")
    print(f"  ratio guarded/bare: {rate['guarded'] / rate['bare']:.2f} (wall), "
          f"{per_page['guarded'] / per_page['bare']:.2f} (CPU per page; steadier on a shared machine)")


if __name__ == "__main__":
    main()

"""Benchmark: how long `archive` commands take to start, against what the libraries they avoid cost.

Each measurement is a fresh interpreter (``python -c …``), its wall time, best of ``--runs``:

* the commands that only read the archive: ``--help``, ``stats``, ``search``, ``show`` on a small archive;
* baseline ``python``: an interpreter that imports nothing (``-c pass``);
* baseline heavy: one that imports Scrapy, Twisted's reactor, trafilatura and numpy, what every
  command paid before each command imported what it needs (crawler/cli/).

Prints seconds and each command's time as a ratio to the heavy baseline.

Usage: python bench/cli_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.db import open_archive  # noqa: E402
from archive.store import save_article  # noqa: E402

RUN_CLI = "from crawler.cli import run; run()"
HEAVY = "import scrapy, scrapy.crawler, twisted.internet.reactor, trafilatura, numpy"


def best_of(runs: int, args: list[str]) -> float:
    """The shortest wall time of ``runs`` fresh interpreters running ``args``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="interpreters per measurement (the best is kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "archive.sqlite")
        db = open_archive(db_path)
        save_article(db, {"url": "https://baodongkhoi.vn/a-a1.html", "site": "bdk", "title": "Chuyển đổi số",
                          "text": "Tỉnh đẩy mạnh chuyển đổi số trong các cơ quan nhà nước."})
        db.conn.close()
        python = best_of(args.runs, ["-c", "pass"])
        heavy = best_of(args.runs, ["-c", HEAVY])
        print(f"baseline python -c pass: {python:.2f} s; baseline heavy imports: {heavy:.2f} s")
        for command in (["--help"], ["stats", "--db", db_path], ["search", "chuyển đổi", "--db", db_path],
                        ["show", "1", "--db", db_path]):
            seconds = best_of(args.runs, ["-c", RUN_CLI, *command])
            print(f"archive {command[0]:<7} {seconds:.2f} s  = {seconds / heavy:.2f} x the heavy imports alone")


if __name__ == "__main__":
    main()

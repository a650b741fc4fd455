"""A frontier crawl as a user runs it: the ingester, the seeder (``archive crawl … --frontier``) and
workers as real ``archive`` processes on a Redis the test started (``tests/helpers/redis_server.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

CLI = [sys.executable, "-c", "from crawler.cli import run; run()"]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING"}


def frontier_crawl(url: str, db: Path, mirror: str, *crawl_args: str, workers: int = 1,
                   logs: Path) -> subprocess.CompletedProcess:
    """``archive crawl *crawl_args --frontier url`` with ``workers`` more workers and an ingester beside the
    archive; returns the seeder's result once every process has ended (each must end within its time)."""
    logs.mkdir(parents=True, exist_ok=True)

    def start(*args: str | Path, log: str) -> subprocess.Popen:
        return subprocess.Popen([*CLI, *map(str, args)], env=cli_env(), stdout=(logs / log).open("a"),
                                stderr=subprocess.STDOUT)

    # the archive exists before the seeder looks (else the ingester, starting beside it, races to create it)
    subprocess.run([*CLI, "init", "--db", str(db)], env=cli_env(), check=True, capture_output=True)
    ingester = start("ingest", "--frontier", url, "--db", db, "--until-idle", "3", "-q", log="ingest.log")
    others = [start("worker", "--frontier", url, "--name", f"w{n}", "--mirror", mirror, "--wait", "60",
                    "--db", db, log=f"w{n}.log") for n in range(1, workers + 1)]
    seeder = subprocess.run([*CLI, "crawl", *crawl_args, "--frontier", url, "--mirror", mirror, "--db", str(db)],
                            env=cli_env(), capture_output=True, text=True, timeout=180)
    for n, worker in enumerate(others, 1):
        assert worker.wait(60) == 0, (logs / f"w{n}.log").read_text()[-3000:]
    assert ingester.wait(60) == 0, (logs / "ingest.log").read_text()[-3000:]
    return seeder

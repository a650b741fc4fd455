"""A frontier crawl as a user runs it: the seeder (``archive crawl … --frontier`` or ``archive backfill …
--frontier``), workers and the ingester as real ``archive`` processes on a Redis the test started
(``tests/helpers/redis_server.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO

CLI = [sys.executable, "-c", "from crawler.cli import run; run()"]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING"}


def wait_for_open_run(url: str, seeder: subprocess.Popen, timeout: float = 120) -> None:
    """Until the seeder has opened its run: an ingester started then waits for the run to close, however
    slowly the seeder started (``--until-idle`` counts only while no run is open)."""
    from crawler.cluster.keys import Keys, connect

    redis, keys = connect(url), Keys.of(url)
    deadline = time.monotonic() + timeout
    while not redis.scard(keys.key("runs", "open")):
        if seeder.poll() is not None:
            out, err = seeder.communicate()
            raise AssertionError(f"the seeder ended before it opened a run:\n{out}{err}")
        assert time.monotonic() < deadline, "the seeder opened no run"
        time.sleep(0.1)


def on_frontier(url: str, db: Path, seeder_args: list[str], *, workers: int, logs: Path,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``archive *seeder_args --frontier url --db db`` with ``workers`` more workers and an ingester beside the
    archive; returns the seeder's result once every process has ended (each must end within its time)."""
    env = env or cli_env()
    logs.mkdir(parents=True, exist_ok=True)

    def start(*args: str | Path, log: str) -> subprocess.Popen:
        return subprocess.Popen([*CLI, *map(str, args)], env=env, stdout=(logs / log).open("a"),
                                stderr=subprocess.STDOUT)

    subprocess.run([*CLI, "init", "--db", str(db)], env=env, check=True, capture_output=True)
    others = [start("worker", "--frontier", url, "--name", f"w{n}", "--wait", "60", "--db", db, log=f"w{n}.log")
              for n in range(1, workers + 1)]
    cmd = [*CLI, *seeder_args, "--frontier", url, "--db", str(db)]
    seeder = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_open_run(url, seeder)
    ingester = start("ingest", "--frontier", url, "--db", db, "--until-idle", "3", "-q", log="ingest.log")
    out, err = seeder.communicate(timeout=180)
    for n, worker in enumerate(others, 1):
        assert worker.wait(60) == 0, (logs / f"w{n}.log").read_text()[-3000:]
    assert ingester.wait(60) == 0, (logs / "ingest.log").read_text()[-3000:]
    return subprocess.CompletedProcess(cmd, seeder.returncode, out, err)


def frontier_crawl(url: str, db: Path, mirror: str, *crawl_args: str, workers: int = 1,
                   logs: Path) -> subprocess.CompletedProcess:
    """``archive crawl *crawl_args --mirror mirror`` on the frontier (see :func:`on_frontier`); the workers
    fetch from the same mirror."""
    return on_frontier(url, db, ["crawl", *crawl_args, "--mirror", mirror], workers=workers, logs=logs,
                       env={**cli_env(), "MIRROR_URL": mirror})

"""Issue 14, item 2: a full disk stops the crawl within seconds, exit 74, lock released, archive intact;
the next run, with space again, resumes.

The archive, its WARC files and job folder live on a small tmpfs mounted by the test (root only;
skipped elsewhere, where test_corrupt_archive's ``max_page_count`` test stands for SQLite's side).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.errors import EXIT_DISK_FULL
from crawler.demo import MIRROR_FOLDER
from crawler.replay.mirror import FolderSource, serve_mirror
from tests.conftest import REPO

pytestmark = pytest.mark.e2e


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture(scope="module")
def mirror():
    server, base = serve_mirror(FolderSource(MIRROR_FOLDER))
    yield base
    server.stop()


def crawl(db: Path, mirror: str, **env: str) -> tuple[subprocess.CompletedProcess, float]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING", **env}
    cmd = [sys.executable, "-c", "from crawler.cli import run; run()", "crawl", "--all", "--mirror", mirror,
           "--db", str(db)]
    started = time.monotonic()
    result = subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=180)
    return result, time.monotonic() - started


def fill(mount: Path, leave: int) -> Path:
    """A file taking all of ``mount``'s space but ``leave`` bytes."""
    filler = mount / "filler"
    free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
    filler.write_bytes(b"\0" * max(0, free - leave))
    return filler


def test_a_disk_that_fills_up_stops_the_crawl_and_the_next_run_resumes(small_disk: Path, mirror: str):
    db = small_disk / "archive.sqlite"
    filler = fill(small_disk, 300_000)
    result, seconds = crawl(db, mirror, CRAWL_MIN_FREE_BYTES="0")  # only the real ENOSPC / SQLITE_FULL
    assert result.returncode == EXIT_DISK_FULL, result.stderr[-3000:]
    assert seconds < 60
    assert "no space left" in result.stderr.lower() and "Traceback" not in result.stderr
    assert Path(f"{db}.lock").read_text() == ""  # released
    filler.unlink()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        stored_before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    again, _ = crawl(db, mirror, CRAWL_MIN_FREE_BYTES="0")
    assert again.returncode == 0, again.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        stored_after = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        statuses = [s for (s,) in conn.execute("SELECT status FROM crawls ORDER BY id")]
    assert stored_after > stored_before
    assert "finished" in statuses


def test_too_little_space_refuses_to_start(small_disk: Path, mirror: str):
    db = small_disk / "archive.sqlite"
    result, seconds = crawl(db, mirror, CRAWL_MIN_FREE_BYTES=str(64 * 1024 * 1024))
    assert result.returncode == EXIT_DISK_FULL, result.stderr[-3000:]
    assert "CRAWL_MIN_FREE_BYTES" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def archive_cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", "from crawler.cli import run; run()", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("command", [
    ["import", "{src}"], ["export", "{disk}/out.jsonl"], ["report", "{disk}/report.html"],
    ["snapshot", "{disk}/copy.sqlite"], ["dedup", "--reindex"],
])
def test_every_command_says_the_disk_is_full(small_disk: Path, tmp_path: Path, command: list[str]):
    db = small_disk / "archive.sqlite"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(
        json.dumps({"url": f"https://baotinh.example.vn/bai-{n}.html", "site": "x",
                    "text": f"Bài {n}: " + " ".join(f"từ{n}_{k}" for k in range(150))}, ensure_ascii=False) + "\n"
        for n in range(150)), encoding="utf-8")
    if command[0] != "import":
        assert archive_cli("import", src, "--db", db).returncode == 0
    fill(small_disk, 20_000)
    args = [part.format(src=src, disk=small_disk) for part in command]
    result = archive_cli(*args, "--db", db)
    assert result.returncode == EXIT_DISK_FULL, (result.returncode, result.stderr[-2000:])
    assert "no space left" in result.stderr.lower() and "Traceback" not in result.stderr
    (small_disk / "filler").unlink()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"

"""Issue 14, item 3: a damaged archive never looks like success.

An archive with a valid header and damaged pages behind it (tests/helpers/damage.py): every command
that reads or writes it says so in one line with a pointer to recovery and exits 65 — ``archive crawl``
included, both when the quick check at its start finds the damage and when the crawl meets it later.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.db import open_archive, transaction
from archive.errors import EXIT_CORRUPT
from crawler.demo import MIRROR_FOLDER
from crawler.replay.mirror import FolderSource, serve_mirror
from tests.conftest import REPO
from tests.helpers.damage import damage_pages, filled_archive

pytestmark = pytest.mark.e2e


def archive_cli(*args: str | Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING", **(extra_env or {})}
    cmd = [sys.executable, "-c", "from crawler.cli import run; run()", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return filled_archive(tmp_path_factory.mktemp("good") / "archive.sqlite", 1500)


@pytest.fixture
def damaged(pristine: Path, tmp_path: Path) -> Path:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(pristine.read_bytes())
    damage_pages(path, share=0.003)
    return path


@pytest.fixture(scope="module")
def mirror():
    server, base = serve_mirror(FolderSource(MIRROR_FOLDER))
    yield base
    server.stop()


def assert_reported_once(result: subprocess.CompletedProcess, db: Path) -> None:
    assert result.returncode == EXIT_CORRUPT, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert "damaged" in lines[0] and ".recover" in lines[0] and "archive snapshot" in lines[0] and str(db) in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [
    ["stats"], ["export", "{tmp}/out.jsonl"], ["report", "{tmp}/report.html"], ["dedup"],
    ["search", "bai"], ["duplicates"],
])
def test_every_command_says_the_archive_is_damaged(damaged: Path, tmp_path: Path, command: list[str]):
    args = [part.format(tmp=tmp_path) for part in command]
    assert_reported_once(archive_cli(*args, "--db", damaged), damaged)


def test_import_into_a_damaged_archive_fails(damaged: Path, tmp_path: Path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"url": "https://baodongkhoi.vn/moi-a1.html", "site": "bdk",
                                  "text": "Một bài mới " * 20}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert_reported_once(archive_cli("import", source, "--db", damaged), damaged)


def test_crawl_refuses_a_damaged_archive_at_its_start(damaged: Path, mirror: str):
    result = archive_cli("crawl", "bdk", "--mirror", mirror, "--db", damaged)
    assert_reported_once(result, damaged)
    assert Path(f"{damaged}.lock").read_text() == ""  # the lock is released


def test_crawl_meeting_damage_midway_stops_and_fails(damaged: Path, mirror: str):
    # the quick check skipped (a bigger archive than ARCHIVE_QUICK_CHECK_MAX_BYTES): the crawl meets the damage
    result = archive_cli("crawl", "bdk", "--mirror", mirror, "--db", damaged,
                         extra_env={"ARCHIVE_QUICK_CHECK_MAX_BYTES": "1"})
    assert result.returncode == EXIT_CORRUPT, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.count("damaged") == 1 and ".recover" in result.stderr


def test_the_intact_copy_crawls_fine(pristine: Path, tmp_path: Path, mirror: str):
    path = tmp_path / "archive.sqlite"
    path.write_bytes(pristine.read_bytes())
    result = archive_cli("crawl", "bdk", "--mirror", mirror, "--db", path)
    assert result.returncode == 0, result.stderr[-3000:]


def test_transaction_shows_the_real_error_when_sqlite_rolled_back_itself(tmp_path: Path):
    db = open_archive(tmp_path / "a.sqlite")
    db.execute("PRAGMA max_page_count = 60")  # a full disk, as SQLite sees it
    with pytest.raises(sqlite3.OperationalError, match="full"), transaction(db):
        for n in range(5000):
            db.execute("INSERT INTO failures (url, reason, first_failed_at, last_tried_at) VALUES (?, ?, '', '')",
                       [f"https://example.vn/{n}", "x" * 500])
    assert not db.conn.in_transaction

"""``archive init | stats | show | snapshot`` and their one-line errors (a real subprocess for the console script)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime

import pytest
from click.testing import CliRunner

from archive.db import open_archive
from archive.store import save_article
from archive.vn_time import VN_TZ
from crawler.cli import main
from tests.conftest import REPO


def run_cli(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("ARCHIVE_DB", None)
    return subprocess.run(
        [sys.executable, "-c", "from crawler.cli import run; run()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def filled(db_path):
    db = open_archive(db_path)
    save_article(
        db,
        {
            "url": "https://baobackan.vn/hoi-nghi-post60087.html",
            "site": "bbk",
            "title": "Hội nghị",
            "published": "2022-12-26",
            "text": "BBK - Chiều 26/12, hội nghị tổng kết.",
        },
        now=datetime(2022, 12, 27, tzinfo=VN_TZ),
    )
    db.conn.close()


def test_init_stats_show_snapshot(tmp_path):
    db_path = tmp_path / "a" / "archive.sqlite"
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--db", str(db_path)]).exit_code == 0
    filled(db_path)
    stats = runner.invoke(main, ["stats", "--db", str(db_path), "--json"])
    figures = json.loads(stats.output)
    assert figures["articles"] == 1 and figures["per_month"] == [{"site": "bbk", "month": "2022-12", "articles": 1}]
    shown = runner.invoke(main, ["show", "1", "--db", str(db_path)])
    assert "BBK - Chiều 26/12" in shown.output and "versions (1)" in shown.output
    snap = runner.invoke(main, ["snapshot", "--db", str(db_path), "--until", "2022-12-31", str(tmp_path)])
    assert snap.exit_code == 0, snap.output
    assert (tmp_path / "archive-2022-12-31.sqlite").exists()


@pytest.mark.e2e
def test_errors_are_one_line_without_traceback(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello")
    cases = [
        (["stats", "--db", str(tmp_path / "none.sqlite")], "no archive at"),
        (["stats", "--db", str(junk)], "not an SQLite database"),
        (["snapshot", "--db", str(junk), "--until", "2024-02-30"], "bad date"),
        (["show", "--db", str(tmp_path), "1"], "folder"),
    ]
    for args, message in cases:
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.e2e
def test_locked_archive_is_reported(tmp_path):
    db_path = tmp_path / "archive.sqlite"
    filled(db_path)
    # A copy in rollback-journal mode held exclusively by another tool: we cannot even switch it to WAL.
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from crawler.cli import run; run()", "stats", "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(REPO), "ARCHIVE_BUSY_TIMEOUT": "0.3"},
        )
    finally:
        holder.execute("ROLLBACK")
    assert result.returncode == 2 and "locked" in result.stderr and "Traceback" not in result.stderr


def test_no_command_writes_over_the_archive_itself(tmp_path):
    """A slip like `archive report data/archive.sqlite` used to replace the archive with the page."""
    db_path = tmp_path / "archive.sqlite"
    filled(db_path)
    link = tmp_path / "same-archive.sqlite"
    link.symlink_to(db_path)
    wal = tmp_path / "archive.sqlite-wal"
    lock = tmp_path / "archive.sqlite.lock"
    lock.write_text("{}")
    keep = open_archive(db_path)  # a live connection keeps the -wal file there
    try:
        attempts = [
            ["report", str(db_path), "--db", str(db_path)],
            ["report", str(link), "--db", str(db_path)],
            ["export", str(db_path), "--force", "--db", str(db_path)],
            ["export", str(wal), "--force", "--format", "jsonl", "--db", str(db_path)],
            ["snapshot", str(db_path), "--force", "--db", str(db_path)],
            ["snapshot", str(lock), "--force", "--db", str(db_path)],  # the crawl lock beside it
        ]
        for args in attempts:
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 2, (args, result.output)
            assert "is the archive itself" in result.output, (args, result.output)
        notes = tmp_path / "notes.txt"
        notes.write_text("ghi chú")
        result = CliRunner().invoke(main, ["report", str(notes), "--db", str(db_path)])
        assert result.exit_code == 2 and "is not an HTML page" in result.output
        assert notes.read_text() == "ghi chú"
    finally:
        keep.conn.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1

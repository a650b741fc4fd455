"""A user's mistakes on the ``archive`` command line: one line on stderr, exit code 2, no traceback,
and nothing of the archive (or of anything else on the machine) damaged.

Found by an audit of every subcommand; each test names the mistake it repeats.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.db import open_archive
from crawler.cli import main
from tests.archive_samples import fill_archive


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory) -> Path:
    """An archive with the sample articles; tests must not change it."""
    path = tmp_path_factory.mktemp("filled") / "archive.sqlite"
    db = open_archive(path)
    fill_archive(db)
    db.conn.close()
    return path


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_user_error(result: Result, *needles: str, usage: bool = False) -> None:
    """Exit 2, a message naming the problem on one line of stderr, no traceback.

    ``usage``: a bad option value, which click reports in its usage format (the usage line, a hint
    to --help, then the one ``Error:`` line).
    """
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    if usage:
        assert lines[0].startswith("Usage: "), result.stderr
        lines = lines[-1:]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def article_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


# --- files the user names for output ---------------------------------------------------------------


@pytest.mark.parametrize("command", [["export", "--force"], ["report"], ["snapshot", "--force"]])
def test_output_onto_a_pipe_or_device_is_refused_not_replaced(tmp_path, filled_db, command):
    """`archive export /dev/null --force` (run as root) replaced /dev/null with a regular file: every
    output goes through a temporary file renamed over OUT.  A FIFO stands in for the device here."""
    fifo = tmp_path / "out.html"
    os.mkfifo(fifo)
    result = cli(command[0], fifo, *command[1:], "--db", filled_db)
    assert_user_error(result, str(fifo), "not a regular file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize("command", [["export"], ["report"], ["snapshot"]])
def test_output_that_cannot_be_written_is_one_line(tmp_path, filled_db, command):
    """An output folder that cannot be made (here: a file stands where it should be; in the field
    also a read-only folder) gave a PermissionError/NotADirectoryError traceback, or for snapshot
    the misleading 'database problem: unable to open database file'."""
    (tmp_path / "notes.txt").write_text("ghi chú")
    out = tmp_path / "notes.txt" / "out.html"
    result = cli(command[0], out, "--db", filled_db)
    assert_user_error(result, "cannot write", str(out))
    assert (tmp_path / "notes.txt").read_text() == "ghi chú"
    assert article_count(filled_db) == 8


# --- looking up one article -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["99999999999999999999999", "²", "999", "https://baodongkhoi.vn/khong-co-a9.html"])
def test_show_an_article_that_is_not_there(filled_db, key):
    """An id past SQLite's integers gave an OverflowError traceback, '²' (a digit to str.isdigit) a
    ValueError one; an unknown id or URL exited 1 like a crash instead of 2 like every user mistake."""
    assert_user_error(cli("show", key, "--db", filled_db), "no article", key)


def test_raw_of_a_url_never_captured(filled_db):
    assert_user_error(cli("raw", "https://baodongkhoi.vn/khong-co-a9.html", "--db", filled_db), "no capture of")


def test_duplicates_limit_too_big_for_sqlite(filled_db):
    """--limit 99999999999999999999 reached SQLite and came back as 'database problem: datatype mismatch'."""
    assert_user_error(cli("duplicates", "--limit", "99999999999999999999", "--db", filled_db), "--limit", usage=True)

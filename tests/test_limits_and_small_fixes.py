"""Issue 14, items 5, 7 and 8: limits on everything unbounded, an escaped search snippet, and the
smaller reliability fixes (exit codes on stop signals, a killed crawl's counts, one line per bad
input, ``warc-check`` of nothing, ``archive raw`` kept inside the WARC folder)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.capture_index import add_capture
from archive.history import mark_abandoned_crawls
from archive.importer import import_jsonl
from archive.store import save_article, start_crawl
from archive.vn_time import VN_TZ
from crawler.cli import main
from crawler.demo import MIRROR_FOLDER
from crawler.extract import extract_article
from crawler.extract.page import decode_html
from crawler.replay.faults import article_html, to_cp1258
from crawler.replay.mirror import FolderSource, MirrorResponse, serve_mirror
from tests.conftest import REPO

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=VN_TZ)
URL = "https://baotinh.example.vn/bai-1.html"


def archive_cli(*args, **popen) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-c", "from crawler.cli import run; run()", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, **popen)


# --- item 5: limits ------------------------------------------------------------------------------

@pytest.mark.e2e
def test_extract_of_an_endless_file_is_refused_in_bounded_memory():
    result = archive_cli("extract", "/dev/zero", "--url", URL)
    assert result.returncode == 2 and "EXTRACT_MAX_BYTES" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.e2e
def test_import_of_an_endless_line_stops_in_bounded_memory(tmp_path: Path):
    code = (
        "import resource, sys\n"
        "from crawler.cli import run\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))\n"
        "sys.argv = ['archive', 'import', '/dev/zero', '--db', sys.argv[1]]\n"
        "run()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "IMPORT_MAX_LINE_BYTES": "1000000"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.sqlite")], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "IMPORT_MAX_BAD_LINES" in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 60


def test_a_binary_file_stops_the_import_with_a_summary(db, tmp_path: Path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 4000)  # ~4,000 "lines" of binary
    result = CliRunner().invoke(main, ["import", str(binary), "--db", str(tmp_path / "archive.sqlite")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 25 and "more bad lines" in result.stderr and "stopped at line" in result.stderr


def test_import_limits_line_length_and_text_size(db, tmp_path: Path):
    from archive.importer import ImportLimits

    good = {"url": "https://baotinh.example.vn/a.html", "text": "Một bài báo ngắn. " * 10}
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([json.dumps(good), "x" * 50_000, json.dumps({**good, "url": good["url"] + "?2",
                                                                            "text": "dài " * 3000})]) + "\n")
    report = import_jsonl(db, source, limits=ImportLimits(max_line_bytes=40_000, max_text_chars=5000,
                                                          max_bad_lines=0))
    assert report.new == 1 and report.bad_lines == 2
    assert "IMPORT_MAX_LINE_BYTES" in report.errors[0][1] and "IMPORT_MAX_TEXT_CHARS" in report.errors[1][1]


# --- item 6: charsets (the crawl side is in test_faults.py) -------------------------------------

def test_the_http_header_charset_wins_over_a_guess():
    page = to_cp1258(article_html(1, charset=None))
    article = extract_article(page, URL, site="generic", content_type="text/html; charset=windows-1258")
    assert "Ủy ban nhân dân tỉnh họp bàn việc chuyển đổi số" in article.text


def test_a_bom_wins_over_everything():
    page = b"\xff\xfe" + article_html(1, charset="iso-8859-1").encode("utf-16-le")
    assert "Bài số 1" in decode_html(page, "text/html; charset=iso-8859-1")


# --- item 7: the search snippet ------------------------------------------------------------------

def test_search_json_escapes_the_text_and_keeps_the_marks(db, db_path: Path):
    save_article(db, {"url": URL, "site": "x", "title": "Bài",
                      "text": "Trước <script>alert(1)</script> chuyển đổi số & sau đó " * 3}, now=T0)
    result = CliRunner().invoke(main, ["search", "chuyen doi so", "--json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    snippet = json.loads(result.stdout)[0]["snippet"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert "<mark>chuyển</mark>" in snippet


# --- item 8: the smaller ones --------------------------------------------------------------------

@pytest.mark.e2e
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_crawl_exits_with_the_signals_code(tmp_path: Path, signum: int, code: int):
    class Slow(FolderSource):
        def lookup(self, host, path, query) -> MirrorResponse | None:
            time.sleep(0.5)
            return super().lookup(host, path, query)

    server, base = serve_mirror(Slow(MIRROR_FOLDER))
    try:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        cmd = [sys.executable, "-c", "from crawler.cli import run; run()", "crawl", "--all", "--mirror", base,
               "--db", str(tmp_path / "a.sqlite"), "-q"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not server.requests and time.monotonic() < deadline:
            time.sleep(0.1)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=90)
    finally:
        server.stop()
    assert proc.returncode == code, err[-2000:]
    assert "resumes on the next run" in err


def test_a_killed_crawl_gets_its_counts_from_what_it_stored(db):
    crawl_id = start_crawl(db, "bdk", now=T0)
    for n in range(3):
        save_article(db, {"url": f"https://baodongkhoi.vn/a{n}.html", "site": "bdk", "text": f"Bài {n}. " * 20},
                     crawl_id=crawl_id, now=T0)
    save_article(db, {"url": "https://baodongkhoi.vn/a0.html", "site": "bdk", "text": "Sửa lại. " * 20},
                 crawl_id=crawl_id, now=T0)
    db.execute("UPDATE crawls SET pid = NULL WHERE id = ?", [crawl_id])  # its process is gone (kill -9)
    assert mark_abandoned_crawls(db, now=T0) == [crawl_id]
    row = db.execute("SELECT status, new, updated FROM crawls WHERE id = ?", [crawl_id]).fetchone()
    assert row == ("killed", 3, 1)


def test_warc_check_of_an_empty_folder_is_no_success(tmp_path: Path):
    result = CliRunner().invoke(main, ["warc-check", str(tmp_path)])
    assert result.exit_code == 2 and "no WARC files" in result.stderr


def test_archive_raw_reads_only_under_the_warc_folder(db, db_path: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    add_capture(db, url=URL, captured_at="2024-05-01T08:00:00+07:00", record_type="response",
                warc_file="secret.txt", offset=0, length=10)
    result = CliRunner().invoke(main, ["raw", URL, "--db", str(db_path)])
    assert result.exit_code == 2 and "not under the WARC folder" in result.stderr
    assert "root:x" not in result.output


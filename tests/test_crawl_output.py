"""What `archive crawl` shows and writes: the progress board, the summary table, the rotated log."""

from __future__ import annotations

import io
import logging

import pytest
from rich.console import Console
from scrapy.utils.test import get_crawler

from crawler.cli.crawl_report import summary_table
from crawler.runner.logs import add_log_file, append_line, remove_log_file
from crawler.runner.progress import CrawlBoard, CrawlProgress, progress_wanted


def _text(renderable) -> str:
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(renderable)
    return out.getvalue()


def test_board_shows_live_counts_from_scrapy_stats():
    crawler = get_crawler()  # not started yet: Scrapy refuses to give its stats
    board = CrawlBoard()
    board.add("bdk", crawler)
    assert "waiting" in _text(board)
    started = get_crawler()
    started._apply_settings()
    for key, value in {"archive/new": 7, "archive/updated": 2, "response_received_count": 12}.items():
        started.stats.set_value(key, value)
    started.crawling = True
    board.sites[0] = ("bdk", started)
    line = next(line for line in _text(board).splitlines() if "bdk" in line)
    assert line.split("│")[2:8] == [" running ", "    12 ", "   7 ", "       2 ", "         0 ", "      0 "]


def test_progress_only_on_a_terminal_and_not_quiet():
    plain = Console(file=open("/dev/null", "w"))  # noqa: SIM115
    assert not progress_wanted(False, plain)
    terminal = Console(force_terminal=True)
    assert progress_wanted(False, terminal) and not progress_wanted(True, terminal)
    with CrawlProgress(plain, enabled=False) as board:
        assert board.sites == []


def test_summary_has_every_count_and_a_total():
    rows = [
        {"site": "bdk", "status": "finished", "new": 3, "updated": 1, "unchanged": 5, "duplicates": 1, "failed": 0,
         "requests": 20, "started_at": "2026-01-01T02:30:00+07:00", "finished_at": "2026-01-01T02:31:05+07:00"},
        {"site": "bbk", "status": "killed", "message": "shutdown", "new": 1, "updated": 0, "unchanged": 0,
         "duplicates": 0, "failed": 2, "requests": 9, "started_at": "2026-01-01T02:30:00+07:00",
         "finished_at": "2026-01-01T02:30:09+07:00"},
    ]
    text = _text(summary_table(rows))
    for header in ("new", "updated", "unchanged", "duplicates", "failed", "took"):
        assert header in text
    assert "1m05s" in text and "killed: shutdown" in text
    total = next(line for line in text.splitlines() if "total" in line)
    assert [cell.strip() for cell in total.split("│")[3:9]] == ["4", "1", "5", "1", "2", "29"]


def test_log_file_rotates_by_size(tmp_path):
    log = tmp_path / "logs" / "crawl.log"
    handler = add_log_file(log, max_bytes=2000, backups=2)
    try:
        for n in range(200):
            logging.getLogger("crawler.test").info("line %d of a long crawl log", n)
    finally:
        remove_log_file(handler)
    assert sorted(p.name for p in log.parent.iterdir()) == ["crawl.log", "crawl.log.1", "crawl.log.2"]
    assert all(p.stat().st_size <= 2000 for p in log.parent.iterdir())
    assert "line 199 of a long crawl log" in log.read_text()
    append_line(log, "crawl not started: locked")
    assert log.read_text().endswith("[archive] crawl not started: locked\n")


def test_a_failed_download_is_one_line_without_a_traceback_unless_it_is_a_bug(caplog):
    from scrapy.exceptions import DownloadConnectionRefusedError

    from crawler.runner.logs import NetworkErrorsInOneLine

    crawler = get_crawler()
    log_filter = NetworkErrorsInOneLine.from_crawler(crawler)
    scraper = logging.getLogger("scrapy.core.scraper")
    try:
        for error in (DownloadConnectionRefusedError("refused"), ValueError("a bug"), OSError("disk full")):
            try:
                raise error
            except Exception:
                scraper.error("Error downloading <GET https://baodongkhoi.vn/thoi-su>", exc_info=True)
    finally:
        log_filter.remove()
    records = [r for r in caplog.records if r.name == "scrapy.core.scraper"]
    assert [r.exc_info is not None for r in records] == [False, True, True]
    assert all(r.getMessage().startswith("Error downloading") for r in records)
    assert not scraper.filters  # removed when the engine stops


def test_offline_hints():
    from crawler.runner.guard import failure_reason
    from crawler.runner.unattended import offline_hint

    dns = {"status": "finished", "failed": 12, "top_failure": "CannotResolveHostError: DNS lookup failed: bdk.vn."}
    refused = {"status": "finished", "failed": 3, "top_failure": "DownloadConnectionRefusedError: Connection refused."}
    assert failure_reason(dns) == "no page could be fetched, 12 failed: " + dns["top_failure"]
    assert "archive demo" in offline_hint([dns], None)
    assert offline_hint([refused], "http://127.0.0.1:8765").startswith("Is the mirror running at http://127.0.0.1:8765?")
    assert offline_hint([refused], None) is None  # a real site refusing: no guess
    assert offline_hint([{"status": "finished", "failed": 2, "top_failure": "HTTP 503"}], None) is None


@pytest.mark.e2e
def test_a_crawl_through_a_mirror_that_is_not_running_says_so_in_a_few_lines(tmp_path):
    import socket
    import subprocess
    import sys

    from tests.conftest import REPO

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [sys.executable, "-c", "from crawler.cli import run; run()", "crawl", "bdk", "--db",
           str(tmp_path / "archive.sqlite"), "--mirror", f"http://127.0.0.1:{port}", "-a", "max_pages=1"]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Error downloading" in done.stderr
    assert "Disabled crawler.components.middlewares" not in done.stderr
    last = done.stderr.strip().splitlines()[-2:]
    assert last[0].startswith("Error: crawl incomplete: bdk (no page could be fetched,")
    assert "Connection refused" in last[0]
    assert last[1] == (f"Is the mirror running at http://127.0.0.1:{port}? "
                       "Start it with `archive mirror [FOLDER] --port N`.")

"""archive/failures.py and archive/history.py: backoff, parking, killed runs, the resume cutoff."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from archive.failures import (
    RetryPolicy,
    due_failures,
    forgive_interrupted,
    park_exhausted,
    parked_failures,
    unpark,
    waiting_urls,
)
from archive.history import (
    crawl_history,
    format_seconds,
    mark_abandoned_crawls,
    resume_cutoff,
)
from archive.store import clear_failure, finish_crawl, record_failure, start_crawl
from archive.vn_time import VN_TZ, to_iso

T0 = datetime(2026, 1, 1, 2, 0, tzinfo=VN_TZ)
POLICY = RetryPolicy(backoff=timedelta(hours=1), max_backoff=timedelta(hours=6), park_after=4)


def test_delay_doubles_and_is_capped():
    assert [POLICY.delay(n) for n in range(0, 6)] == [
        timedelta(0), timedelta(hours=1), timedelta(hours=2), timedelta(hours=4), timedelta(hours=6),
        timedelta(hours=6),
    ]
    assert replace(POLICY, backoff=timedelta(0)).delay(3) == timedelta(0)


def test_failure_is_due_only_after_its_backoff(db):
    record_failure(db, "https://a.vn/1.html", reason="HTTP 503", site="bdk", now=T0)
    record_failure(db, "https://a.vn/2.html", reason="HTTP 503", site="bdk", now=T0)
    record_failure(db, "https://a.vn/2.html", reason="HTTP 503", site="bdk", now=T0)  # 2 attempts: waits 2 h
    record_failure(db, "https://b.vn/1.html", reason="timeout", site="bbk", now=T0)

    def due(at):
        return [row["url"] for row in due_failures(db, "bdk", now=at, policy=POLICY)]

    assert due(T0 + timedelta(minutes=59)) == []
    waiting = waiting_urls(db, "bdk", now=T0 + timedelta(hours=1), policy=POLICY)
    assert waiting == {"https://a.vn/2.html"}  # still in its backoff: not fetched from listings either
    assert due(T0 + timedelta(hours=1)) == ["https://a.vn/1.html"]
    assert due(T0 + timedelta(hours=2)) == ["https://a.vn/1.html", "https://a.vn/2.html"]
    assert [r["url"] for r in due_failures(db, None, now=T0 + timedelta(days=1), policy=POLICY)] == [
        "https://a.vn/1.html", "https://a.vn/2.html", "https://b.vn/1.html",
    ]
    clear_failure(db, "https://a.vn/1.html")
    assert due(T0 + timedelta(days=1)) == ["https://a.vn/2.html"]


def test_url_is_parked_after_n_failures_and_can_be_unparked(db):
    url = "https://a.vn/gone.html"
    for attempt in range(4):
        record_failure(db, url, reason="HTTP 503", site="bdk", now=T0 + timedelta(days=attempt))
    assert due_failures(db, "bdk", now=T0 + timedelta(days=30), policy=POLICY) == []  # exhausted: not retried
    assert park_exhausted(db, POLICY) == [url]
    assert park_exhausted(db, POLICY) == []  # already parked
    assert [row["url"] for row in parked_failures(db, "bdk")] == [url]
    now = T0 + timedelta(days=30)
    assert waiting_urls(db, "bdk", now=now, policy=POLICY) == {url}  # listings skip it too
    assert unpark(db, url)
    assert waiting_urls(db, "bdk", now=now, policy=POLICY) == set()
    assert parked_failures(db) == []
    assert [r["url"] for r in due_failures(db, "bdk", now=T0 + timedelta(days=4), policy=POLICY)] == [url]


def test_killed_runs_are_marked_and_set_the_resume_cutoff(db):
    first = start_crawl(db, "bdk", now=T0)
    finish_crawl(db, first, counts={"new": 3}, now=T0 + timedelta(minutes=5))
    assert resume_cutoff(db, "bdk") is None
    killed = start_crawl(db, "bdk", now=T0 + timedelta(days=1))
    again = start_crawl(db, "bdk", now=T0 + timedelta(days=2))
    other = start_crawl(db, "bbk", now=T0 + timedelta(days=2))
    finish_crawl(db, other, now=T0 + timedelta(days=2, minutes=1))
    assert mark_abandoned_crawls(db, now=T0 + timedelta(days=3)) == [killed, again]
    rows = {row["id"]: row for row in db.query("SELECT * FROM crawls")}
    assert rows[killed]["status"] == "killed" and rows[killed]["finished_at"] == to_iso(T0 + timedelta(days=3))
    assert rows[other]["status"] == "finished"
    assert resume_cutoff(db, "bdk") == to_iso(T0 + timedelta(days=1))  # the earliest unfinished run
    assert resume_cutoff(db, "bbk") is None
    assert resume_cutoff(db, "bdk", exclude_id=killed) == to_iso(T0 + timedelta(days=2))
    done = start_crawl(db, "bdk", now=T0 + timedelta(days=4))
    finish_crawl(db, done, now=T0 + timedelta(days=4, minutes=2))
    assert resume_cutoff(db, "bdk") is None


def test_crawl_history_has_durations(db):
    for day in range(7):
        crawl = start_crawl(db, "bdk", now=T0 + timedelta(days=day))
        finish_crawl(db, crawl, counts={"new": day}, now=T0 + timedelta(days=day, seconds=65))
    start_crawl(db, "bbk", now=T0)
    history = crawl_history(db, per_site=3)
    assert [(r["site"], r["new"], r["seconds"]) for r in history] == [
        ("bbk", 0, None), ("bdk", 6, 65.0), ("bdk", 5, 65.0), ("bdk", 4, 65.0),
    ]
    assert [format_seconds(s) for s in (None, 4.4, 65, 7260)] == ["-", "4s", "1m05s", "2h01m"]


def test_stats_shows_history_with_durations_and_parked_urls(db, db_path):
    from click.testing import CliRunner

    from crawler.cli import main

    crawl = start_crawl(db, "bdk", now=T0)
    finish_crawl(db, crawl, counts={"new": 7, "failed": 1}, now=T0 + timedelta(seconds=125))
    start_crawl(db, "bdk", now=T0 + timedelta(days=1))
    mark_abandoned_crawls(db, now=T0 + timedelta(days=2))
    for attempt in range(4):
        record_failure(db, "https://a.vn/mat.html", reason="HTTP 404", site="bdk", http_status=404,
                       now=T0 + timedelta(days=attempt))
    park_exhausted(db, POLICY)
    result = CliRunner().invoke(main, ["stats", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "2m05s" in result.output and "killed" in result.output
    assert "Parked URLs" in result.output and "https://a.vn/mat.html" in result.output
    as_json = CliRunner().invoke(main, ["stats", "--db", str(db_path), "--json"])
    assert '"seconds": 125.0' in as_json.output and '"attempts": 4' in as_json.output


def test_failures_command_lists_states_and_unparks(db, db_path):
    import json

    from click.testing import CliRunner

    from archive.vn_time import now_vn
    from crawler.cli import main

    now = now_vn()
    record_failure(db, "https://a.vn/due.html", reason="HTTP 503", site="bdk", now=now - timedelta(hours=2))
    record_failure(db, "https://a.vn/wait.html", reason="HTTP 503", site="bdk", now=now)
    for _ in range(5):
        record_failure(db, "https://a.vn/gone.html", reason="HTTP 404", site="bbk", now=now, park_after=5)
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["failures", "--db", str(db_path), "--json"]).output)
    assert {row["url"]: row["state"] for row in listed} == {
        "https://a.vn/due.html": "due", "https://a.vn/wait.html": "waiting", "https://a.vn/gone.html": "parked",
    }
    table = runner.invoke(main, ["failures", "--db", str(db_path), "--parked"])
    assert "gone.html" in table.output and "wait.html" not in table.output
    result = runner.invoke(main, ["failures", "--db", str(db_path), "--unpark", "https://a.vn/gone.html"])
    assert result.exit_code == 0 and result.output.startswith("unparked https://a.vn/gone.html")
    assert parked_failures(db) == []
    again = runner.invoke(main, ["failures", "--db", str(db_path), "--unpark", "https://a.vn/gone.html"])
    assert again.exit_code == 2 and "is not a parked URL" in again.output
    empty = runner.invoke(main, ["failures", "--db", str(db_path), "--unpark", " "])
    assert empty.exit_code == 2 and "Error: --unpark needs a URL" in empty.output


def test_failures_of_stopped_crawls_are_taken_back(db):
    killed = start_crawl(db, "bdk", now=T0)
    done = start_crawl(db, "bdk", now=T0)
    finish_crawl(db, done, now=T0)
    record_failure(db, "https://a.vn/cut.html", reason="CancelledError", site="bdk", crawl_id=killed, now=T0)
    record_failure(db, "https://a.vn/real.html", reason="HTTP 503", site="bdk", crawl_id=done, now=T0)
    record_failure(db, "https://a.vn/twice.html", reason="HTTP 503", site="bdk", crawl_id=done, now=T0)
    record_failure(db, "https://a.vn/twice.html", reason="timeout", site="bdk", crawl_id=killed, now=T0)
    mark_abandoned_crawls(db, now=T0 + timedelta(hours=1))
    assert forgive_interrupted(db, POLICY) == ["https://a.vn/cut.html", "https://a.vn/twice.html"]
    rows = {r["url"]: r["attempts"] for r in db.query("SELECT url, attempts FROM failures")}
    assert rows == {"https://a.vn/real.html": 1, "https://a.vn/twice.html": 1}
    assert forgive_interrupted(db, POLICY) == []  # taken back once only


@pytest.mark.e2e
def test_a_running_crawl_whose_process_lives_is_not_marked_killed(db):
    """A Scrapyd job or `scrapy crawl` (no lock) runs beside `archive crawl`: its row must stay
    `running`, or its failures would be taken back as "cut short"."""
    import socket
    import subprocess
    import sys

    job = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = start_crawl(db, "bdk", now=T0)
        db.execute("UPDATE crawls SET pid = ? WHERE id = ?", [job.pid, live])
        assert db.execute("SELECT host FROM crawls WHERE id = ?", [live]).fetchone()[0] == socket.gethostname()
        old = start_crawl(db, "bbk", now=T0)
        db.execute("UPDATE crawls SET pid = NULL, host = NULL WHERE id = ?", [old])  # written before pids
        mine = start_crawl(db, "baonghean", now=T0)  # this very process: a run it lost track of
        assert mark_abandoned_crawls(db, now=T0 + timedelta(hours=1)) == [old, mine]
    finally:
        job.kill()
        job.wait()
    assert mark_abandoned_crawls(db, now=T0 + timedelta(hours=2)) == [live]  # its process is gone now

"""`archive crawl` as cron runs it: real processes, real SQLite, a generated mirror on loopback.

Killed crawls (kill -9 and SIGTERM at seeded random points) resume to the complete set; two
crawls at once: one runs, one exits 75; a stale lock is taken over; a URL that answered 503 is
stored by the next run; backoff and parking across runs; exit code 1 when a site is down.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.lock import LockInfo, lock_path_for
from crawler.cli import main
from crawler.replay.mirror import serve_mirror
from tests.conftest import REPO
from tests.helpers.schedule_mirror import HOST, GeneratedSite, count_articles

pytestmark = pytest.mark.e2e  # every test here starts a crawl, a server or a subprocess

SEED = int(os.environ.get("SCHEDULE_TEST_SEED", "20261122"))  # another seed: other kill points


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CRAWL_", "ARCHIVE_", "MIRROR_"))}
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def _start(db: Path, base: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-c", "from crawler.cli import run; run()", "crawl", "bdk", "--mirror", base,
           "--db", str(db), *args]
    # cwd: the archive's folder, not the repository, as under cron (no scrapy.cfg in sight)
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env or _env(),
                            cwd=db.parent)


def _crawl(db: Path, base: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = _start(db, base, *args, env=env)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture
def mirror():
    """Start a server for a GeneratedSite; yields a function site -> (server, base)."""
    servers = []

    def serve(site: GeneratedSite):
        server, base = serve_mirror(site)
        servers.append(server)
        return server, base

    yield serve
    for server in servers:
        server.stop()


def _archived(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [url for (url,) in conn.execute("SELECT url FROM articles ORDER BY url")]


def _article_fetches(server) -> list[str]:
    return [url for url in server.urls_fetched() if url.endswith(".html")]


def test_killed_crawls_resume_to_the_complete_set(mirror, tmp_path):
    site = GeneratedSite(pages=10, per_page=10, delay=0.1, listing_delay=0.15)
    server, base = mirror(site)
    db = tmp_path / "archive.sqlite"
    rng = random.Random(SEED)
    kill_after = [rng.randint(2, 12) for _ in range(3)]  # new articles stored before each stop
    stops = [signal.SIGKILL, signal.SIGTERM, signal.SIGKILL]
    started = time.monotonic()
    for new, stop in zip(kill_after, stops, strict=True):
        before = set(_archived(db)) if db.exists() else set()
        threshold = len(before) + new
        server.clear_log()
        proc = _start(db, base, "--log-file", str(tmp_path / "crawl.log"))
        deadline = time.monotonic() + 30
        while count_articles(db) < threshold and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, f"the crawl ended before {threshold} articles: {proc.communicate()}"
        # (a crawl that did not reach the threshold in 30 s on a busy machine is stopped where it is)
        proc.send_signal(stop)
        _, err = proc.communicate(timeout=30)
        print(f"stop {stop!r} at {count_articles(db)} articles (threshold {threshold}) rc {proc.returncode}")
        assert proc.returncode != 0, err[-2000:]
        closed = tmp_path / "jobs" / "bdk" / "closed.json"  # written only by a clean stop
        clean_stop = closed.exists() and json.loads(closed.read_text())["reason"] == "shutdown"
        assert clean_stop == (stop == signal.SIGTERM), err[-2000:]
        fetched_again = set(_article_fetches(server)) & before
        assert not fetched_again, f"a resumed run fetched stored articles again: {sorted(fetched_again)[:3]}"
    assert count_articles(db) < len(site.urls())  # the kills left work to do
    before = set(_archived(db))
    done_file = tmp_path / "jobs" / "bdk" / "done.fingerprints"
    done_before = set(done_file.read_text().split()) if done_file.exists() else set()
    server.clear_log()
    final = _crawl(db, base)
    assert final.returncode == 0, final.stderr
    assert not set(_article_fetches(server)) & before
    missing = sorted(set(site.urls()) - set(_archived(db)))
    from scrapy import Request
    from scrapy.utils.request import fingerprint
    in_done = [url for url in missing if fingerprint(Request(url)).hex() in done_before]
    log_lines = [line for line in (tmp_path / "crawl.log").read_text().splitlines()
                 if missing and missing[0].rsplit("-", 1)[-1] in line]
    with sqlite3.connect(db) as conn:
        failed = conn.execute("SELECT url, reason, attempts FROM failures").fetchall()
        runs = conn.execute("SELECT id, status, started_at, new, message FROM crawls").fetchall()
        seen = conn.execute("SELECT url, first_seen_at FROM articles ORDER BY first_seen_at").fetchall()
    assert missing == [], (in_done, failed, runs, seen[:3], seen[-3:], log_lines[:30])
    assert _archived(db) == sorted(site.urls())  # every article, exactly once (url is unique)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        versions = conn.execute("SELECT article_id, content_hash, count(*) FROM article_versions "
                                "GROUP BY article_id, content_hash HAVING count(*) > 1").fetchall()
        assert versions == []
        assert conn.execute("SELECT count(*) FROM article_versions").fetchone()[0] == len(site.urls())
        statuses = [s for (s,) in conn.execute("SELECT status FROM crawls ORDER BY id")]
    assert statuses == ["killed", "killed", "killed", "finished"], final.stderr[-2000:]
    assert not (tmp_path / "jobs" / "bdk").exists()  # cleared after the clean finish
    assert "Crawl summary" in final.stdout and "finished" in final.stdout
    server.clear_log()
    again = _crawl(db, base, "--quiet")
    assert again.returncode == 0 and again.stdout == ""
    assert _article_fetches(server) == []  # nothing new: stops at the first listing page
    print(f"kill/resume test: {time.monotonic() - started:.1f} s")  # ~20 s on 2 busy cores


def test_pages_not_committed_at_a_kill_are_fetched_again(mirror, tmp_path):
    """A crawl commits its pages in batches (ARCHIVE_COMMIT_PAGES / _SECONDS): kill -9 before a batch is
    committed loses its pages from the archive, and the next run fetches every one of them again."""
    site = GeneratedSite(pages=5, per_page=10, delay=0.2, listing_delay=0.1)
    server, base = mirror(site)
    db = tmp_path / "archive.sqlite"
    never = _env(ARCHIVE_COMMIT_PAGES="1000", ARCHIVE_COMMIT_SECONDS="3600")  # nothing committed before the end
    proc = _start(db, base, env=never)
    deadline = time.monotonic() + 30
    while len(_article_fetches(server)) < 12 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # the fetched pages go through extraction into the open batch
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    fetched = set(_article_fetches(server))
    assert len(fetched) >= 12
    assert count_articles(db) == 0  # the killed run's pages were all in its open batch
    server.clear_log()
    final = _crawl(db, base)
    assert final.returncode == 0, final.stderr[-2000:]
    assert fetched <= set(_article_fetches(server))  # every lost page fetched again
    assert _archived(db) == sorted(site.urls())
    with sqlite3.connect(db) as conn:
        statuses = [s for (s,) in conn.execute("SELECT status FROM crawls ORDER BY id")]
        killed_captures = conn.execute("SELECT count(*) FROM captures WHERE crawl_id = 1 AND record_type = "
                                       "'response'").fetchone()[0]
    assert statuses == ["killed", "finished"]
    assert killed_captures >= 12  # the killed run's WARC records, indexed by the next run


def test_two_crawls_at_once_one_runs_one_exits_75(mirror, tmp_path):
    site = GeneratedSite(pages=3, per_page=5, gate=threading.Event())  # the winner waits at its first listing
    _, base = mirror(site)
    db = tmp_path / "archive.sqlite"
    log = tmp_path / "logs" / "crawl.log"
    procs = [_start(db, base, "--log-file", str(log)) for _ in range(2)]
    deadline = time.monotonic() + 60
    while all(proc.poll() is None for proc in procs) and time.monotonic() < deadline:
        time.sleep(0.05)
    loser = next((proc for proc in procs if proc.poll() is not None), None)
    site.gate.set()
    results = {proc: (proc.communicate(timeout=60), proc.returncode) for proc in procs}
    assert loser is not None, results
    (out, err), code = results[loser]
    assert code == 75, (out, err)
    assert out == ""
    assert err.startswith("Error: another crawl is running on this archive (pid ") and err.count("\n") == 1
    ((_, winner_err), winner_code), = [result for proc, result in results.items() if proc is not loser]
    assert winner_code == 0, winner_err
    assert "crawl not started: another crawl is running" in log.read_text()
    assert len(_archived(db)) == 15


def test_stale_lock_is_taken_over(mirror, tmp_path):
    _, base = mirror(GeneratedSite(pages=1, per_page=3))
    db = tmp_path / "archive.sqlite"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path_for(db).write_text(LockInfo(dead.pid, "this-host", "2026-01-01T02:30:00+07:00").to_json())
    log = tmp_path / "crawl.log"
    result = _crawl(db, base, "--log-file", str(log))
    assert result.returncode == 0, result.stderr
    assert f"took over the lock of a crawl that did not finish (pid {dead.pid} on this-host" in log.read_text()
    assert len(_archived(db)) == 3
    assert lock_path_for(db).read_text() == ""


def test_url_that_answered_503_is_stored_by_the_next_run(mirror, tmp_path):
    site = GeneratedSite(pages=2, per_page=3)
    server, base = mirror(site)
    failing_path = site.articles()[4][0]  # on the second listing page
    failing = f"https://{HOST}{failing_path}"
    site.fail.add(failing_path)
    db = tmp_path / "archive.sqlite"
    env = _env(CRAWL_RETRY_BACKOFF="0")
    first = _crawl(db, base, env=env)
    assert first.returncode == 0, first.stderr  # one failed page among stored ones: not a failed site
    assert failing not in _archived(db) and len(_archived(db)) == 5
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT attempts, http_status FROM failures WHERE url = ?", [failing]).fetchone()
    assert row == (1, 503)
    site.fail.clear()
    server.clear_log()
    second = _crawl(db, base, env=env)
    assert second.returncode == 0, second.stderr
    assert _article_fetches(server) == [failing]  # the first listing page is all known: only the retry
    assert failing in _archived(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0


def test_failures_wait_for_their_backoff_then_are_parked(mirror, tmp_path):
    site = GeneratedSite(pages=1, per_page=3)
    server, base = mirror(site)
    failing_path = site.articles()[1][0]
    failing = f"https://{HOST}{failing_path}"
    site.fail.add(failing_path)
    db = tmp_path / "archive.sqlite"
    _crawl(db, base, env=_env(CRAWL_PARK_AFTER="2"))
    server.clear_log()
    waiting = _crawl(db, base, env=_env(CRAWL_PARK_AFTER="2"))  # default backoff: one hour
    assert waiting.returncode == 0 and failing not in _article_fetches(server)
    server.clear_log()
    due = _crawl(db, base, env=_env(CRAWL_PARK_AFTER="2", CRAWL_RETRY_BACKOFF="0"))
    assert failing in _article_fetches(server)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT attempts, parked FROM failures WHERE url = ?", [failing]).fetchone() == (2, 1)
    assert due.returncode == 0, due.stderr  # the listing was fetched: one dead article is no failed site
    assert "Parked URLs" in due.stdout and "bai-viet-so-117299" in due.stdout
    # a parked URL is not fetched again, from the listing or as a retry: tests/test_retry.py (waiting_urls)


def test_a_site_that_is_down_makes_exit_code_1(mirror, tmp_path):
    _, base = mirror(GeneratedSite(pages=1, per_page=3, down=True))
    result = _crawl(tmp_path / "archive.sqlite", base, "--quiet")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    last = result.stderr.splitlines()[-1]  # what cron mails: even under --quiet
    assert re.fullmatch(r"Error: crawl incomplete: bdk \(no page could be fetched, \d+ failed: HTTP 503\)", last), last


def test_usage_errors_exit_2(tmp_path):
    for args in (["crawl", "nosuchsite"], ["crawl"], ["crawl", "bdk", "--since", "yesterday"]):
        result = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "a.sqlite")])
        assert result.exit_code == 2, (args, result.output)
        assert not (tmp_path / "a.sqlite.lock").exists()  # refused before taking the lock
    text = tmp_path / "notes.sqlite"
    text.write_text("these are notes, not an archive; long enough to have a header")
    result = CliRunner().invoke(main, ["crawl", "bdk", "--db", str(text)])
    assert result.exit_code == 2 and result.output.startswith("Error: ") and result.output.count("\n") == 1

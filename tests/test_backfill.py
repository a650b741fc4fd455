"""``archive backfill``: CDX answers, the capture plan, storing captures, and whole runs against a real pywb.

The e2e tests write WARC files of Báo Bắc Kạn captures (tests/pages/bbk, the demo mirror's old host
baobackan.com.vn), serve them with a real pywb (Wayback CDX API + ``id_`` replay) and, Common Crawl style,
with Twisted's static server (``Range``), and run the real ``archive backfill`` in a subprocess.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.backfill import backfill_state, month_gaps, source_summary, store_capture
from archive.capture_index import latest_capture, read_payload
from archive.db import open_archive
from archive.lock import ArchiveLock
from archive.report import build_report
from archive.store import get_article, save_article
from archive.vn_time import VN_TZ
from crawler.backfill.cdx import Capture, plan_captures, read_cdx_answer
from crawler.backfill.spider import captured_headers
from crawler.cli import main
from crawler.profiles import get_profile
from crawler.replay.mirror import MirrorResponse, serve_mirror
from tests.helpers.bbk_captures import E_OLD, ORIGIN_HEADER, A, B, C, D, E, G, bbk_snaps
from tests.helpers.webarchive import archive_cmd, free_port, pywb_server, range_server, write_captures

BBK = get_profile("bbk")


# --- CDX answers and the plan (no servers) --------------------------------------------------------


def test_cdx_answers_in_both_forms_with_bad_lines_counted():
    wayback = ('[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],'
               f'["vn,baobackan)/x","20230301120000","{A}","text/html","200","D1","100"],'
               '["too","short"]]')
    answer = read_cdx_answer(wayback)
    assert [(c.url, c.status, c.mime) for c in answer.captures] == [(A, "200", "text/html")]
    assert answer.bad_lines == ["['too', 'short']"]
    pywb = (f'{{"url": "{A}", "timestamp": "20230301120000", "mime": "text/html", "status": "200", '
            '"digest": "D1", "length": "6395", "offset": "10", "filename": "a.warc.gz"}\n'
            'not json at all\n{"url": "x", "timestamp": "yesterday"}\n')
    answer = read_cdx_answer(pywb)
    assert [(c.offset, c.length, c.filename) for c in answer.captures] == [(10, 6395, "a.warc.gz")]
    assert len(answer.bad_lines) == 2
    assert read_cdx_answer("").captures == []


def test_plan_keeps_article_captures_newest_first_one_per_payload():
    def cap(url, ts, status="200", mime="text/html", digest=""):
        return Capture(url, ts, status, mime, digest)

    captures = [
        cap(A, "20230301120000", digest="X"), cap(A, "20240601120000", digest="Y"),
        cap(A, "20220101000000", digest="X"),  # the same payload as a newer one
        cap(B, "20240101120000", "301"), cap(G, "20240101120000", "404"),
        cap(D, "20250602120000", mime="image/jpeg"),
        cap("https://baobackan.vn/xa-hoi/", "20230301120000"),
        cap(E_OLD.replace("baobackan.com.vn", "baobackan.com.vn:80"), "20231001120000"),
        cap(E_OLD.replace("baobackan.com.vn", "baobackan.com.vn:80"), "20231001120000"),  # listed twice
    ]
    plan = plan_captures(captures, BBK)
    assert list(plan.candidates) == [E, A]  # the old host's capture under the live site's canonical URL
    assert [c.timestamp for c in plan.candidates[A]] == ["20240601120000", "20230301120000"]
    assert dict(plan.skipped) == {"duplicate": 2, "redirect": 1, "http_error": 1, "not_html": 1, "not_article_url": 1}
    again = plan_captures(captures, BBK, tried={(A, "20240601120000")}, stored={E: "20231001120000"})
    assert list(again.candidates) == [A] and [c.timestamp for c in again.candidates[A]] == ["20230301120000"]
    assert again.skipped["already_tried"] == 1 and again.skipped["already_stored"] == 1
    newer_same = [*captures, cap(A, "20250101000000", digest="X")]  # captured again, unchanged
    later = plan_captures(newer_same, BBK, tried={(A, "20240601120000"), (A, "20230301120000")},
                          stored={A: "20230301120000"}, digests={A: {"X", "Y"}})
    assert A not in later.candidates  # the same payload as one already fetched: no fetch


def test_captured_headers_are_the_sites_own():
    wayback = [("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx (archive)"), ("Date", "replay day"),
               ("X-Archive-Orig-Server", "Microsoft-IIS/10.0"),
               ("X-Archive-Orig-Date", "Mon, 06 Mar 2023 10:00:00 GMT"),
               ("X-Archive-Src", "crawl-1.warc.gz"), ("Memento-Datetime", "Mon, 06 Mar 2023"), ("Content-Length", "9")]
    assert captured_headers(wayback) == [("Server", "Microsoft-IIS/10.0"), ("Date", "Mon, 06 Mar 2023 10:00:00 GMT"),
                                         ("Content-Type", "text/html; charset=utf-8")]
    pywb = [("Content-Type", "text/html"), ("X-Origin-Server", "ePi"), ("Link", "<…>; rel=original")]
    assert captured_headers(pywb) == [("Content-Type", "text/html"), ("X-Origin-Server", "ePi")]


# --- storing captures (real SQLite) ----------------------------------------------------------------


def _vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def test_an_older_capture_never_replaces_a_newer_text_but_adds_a_version(tmp_path):
    db = open_archive(tmp_path / "a.sqlite")
    live = {"url": A, "site": "bbk", "title": "Tập huấn", "text": "Văn bản mới, đã sửa.",
            "published_at": "2023-03-01T08:00:00+07:00"}
    save_article(db, live, now=_vn("2026-01-01T10:00:00"))
    older = {**live, "text": "Văn bản cũ, trước khi sửa."}
    saved = store_capture(db, older, captured_at=_vn("2023-03-02T10:00:00"), capture_source="wayback")
    assert saved.status == "older"
    article = get_article(db, A)
    assert article["text"] == "Văn bản mới, đã sửa."
    assert [(v["source"], v["capture_source"], v["captured_at"]) for v in article["versions"]] == [
        ("crawl", None, None), ("backfill", "wayback", "2023-03-02T10:00:00+07:00")]
    assert store_capture(db, older, captured_at=_vn("2023-02-01T10:00:00"), capture_source="wayback").status \
        == "unchanged"  # that text is held already
    newer = store_capture(db, {**live, "text": "Bản mới nhất."}, captured_at=_vn("2026-06-01T00:00:00"),
                          capture_source="commoncrawl")
    assert newer.status == "updated" and get_article(db, A)["text"] == "Bản mới nhất."


def test_source_summary_counts_origins_and_months_with_gaps(tmp_path):
    db = open_archive(tmp_path / "a.sqlite")
    save_article(db, {"url": A, "site": "bbk", "text": "Một.", "published_at": "2025-06-01"})
    for url, day in ((B, "2023-01-05"), (C, "2023-03-09"), (A, "2025-06-01")):
        store_capture(db, {"url": url, "site": "bbk", "text": f"Bài {url[-12:]}", "published_at": day},
                      captured_at=_vn(f"{day}T12:00:00"), capture_source="wayback")
    rows = {r["origin"]: r for r in source_summary(db)}
    assert rows["live"]["articles"] == 1 and rows["wayback"]["articles"] == 3
    assert (rows["wayback"]["first_month"], rows["wayback"]["last_month"]) == ("2023-01", "2025-06")
    assert "2023-02" in rows["wayback"]["gaps"] and "2023-03" not in rows["wayback"]["gaps"]
    assert month_gaps(["2024-11", "2025-02"]) == ["2024-12", "2025-01"]

    stats = CliRunner().invoke(main, ["stats", "--db", str(tmp_path / "a.sqlite")])
    assert stats.exit_code == 0, stats.output
    table = stats.output[stats.output.index("Articles per site and source"):]
    assert re.search(r"bbk\s+│\s+wayback\s+│\s+3\s+│\s+3\s+│\s+2023-01\s+│\s+2025-06\s+│\s+2023-02, 2023-04", table)
    html = build_report(db, now=_vn("2026-12-01T00:00:00"))
    assert "Where the articles come from" in html and "<td>wayback</td>" in html


# --- whole runs against a real pywb ------------------------------------------------------------------


@pytest.fixture(scope="module")
def bbk_warc(tmp_path_factory) -> Path:
    return write_captures(tmp_path_factory.mktemp("warcs") / "bbk-captures.warc.gz", bbk_snaps())


@pytest.fixture(scope="module")
def pywb(tmp_path_factory, bbk_warc) -> str:
    with pywb_server(tmp_path_factory.mktemp("pywb"), "bbk", [bbk_warc]) as base:
        yield base


def backfill(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    cmd = [*archive_cmd(), "backfill", "bbk", "--db", str(db), "--rate", "0", "-s", "RETRY_BACKOFF_BASE=0.05",
           *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def figure(out: str, pattern: str) -> int:
    return int(re.search(pattern, out).group(1))


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.e2e
def test_backfill_from_pywb_stores_the_best_capture_of_each_article(tmp_path, pywb):
    db = tmp_path / "archive.sqlite"
    live_text = "Bắc Kạn hoàn thành sắp xếp đơn vị hành chính cấp xã (bản đã sửa, lấy từ trang)."
    save_article(open_archive(db), {"url": D, "site": "bbk", "title": "Sắp xếp", "text": live_text},
                 now=_vn("2026-11-01T09:00:00"))
    run = backfill(db, "--source", f"{pywb}/cdx")
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert figure(out, r"(\d+) captures listed") == 12
    assert figure(out, r"captures fetched: (\d+)") == 7  # A and C twice (error page, cut short), B, D, E once
    assert figure(out, r"stored: (\d+)") == 5 and figure(out, r"older version (\d+)") == 1
    for reason in ("not_article_url 1", "duplicate 1", "redirect 1", "not_html 1", "http_error 1",
                   "not_article 1", "truncated 1"):
        assert reason in out
    assert figure(out, r"requests: (\d+)") == 2 + 7  # one index request per host (www. folded by SURT)
    stored = dict(rows(db, "SELECT url, fetched_url FROM articles WHERE site = 'bbk'"))
    assert set(stored) == {A, B, C, D, E} and stored[E] == E_OLD  # the old host's capture, the live URL
    versions = dict(rows(db, "SELECT a.url, group_concat(v.captured_at) FROM article_versions v "
                             "JOIN articles a ON a.id = v.article_id WHERE v.source = 'backfill' GROUP BY a.url"))
    assert versions[A] == "2023-03-01T19:00:00+07:00"  # the 2024 capture was an error page: the older one
    assert versions[B] == "2023-06-01T19:00:00+07:00" and versions[C] == "2024-02-01T19:00:00+07:00"
    assert get_article(open_archive(db), D)["text"] == live_text  # the live text stays
    kept = rows(db, "SELECT url, captured_at FROM captures WHERE record_type = 'response' ORDER BY url")
    assert (A, "2023-03-01T19:00:00+07:00") in kept and (E_OLD, "2023-10-01T19:00:00+07:00") in kept
    capture = next(c for c in read_captures(db) if c[0] == A)
    assert ORIGIN_HEADER in capture[1]  # the capture's own HTTP headers, not the replay's
    assert rows(db, "SELECT count(*) FROM backfill_captures WHERE outcome = 'stored'") == [(5,)]

    again = backfill(db, "--source", f"{pywb}/cdx")
    assert again.returncode == 0, again.stdout + again.stderr
    assert figure(again.stdout, r"captures fetched: (\d+)") == 0
    assert figure(again.stdout, r"requests: (\d+)") == 2  # only the index


def read_captures(db: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    archive = open_archive(db)
    out = []
    for (url,) in archive.execute("SELECT DISTINCT url FROM captures WHERE record_type = 'response'"):
        payload = read_payload(archive, db.parent, latest_capture(archive, url))
        out.append((url, payload.headers))
    return out


@pytest.mark.e2e
def test_a_run_goes_on_where_the_last_stopped_and_fetches_nothing_twice(tmp_path, pywb):
    db = tmp_path / "archive.sqlite"
    first = backfill(db, "--source", f"{pywb}/cdx", "--until", "2023-12-31")
    assert first.returncode == 0, first.stdout + first.stderr
    assert figure(first.stdout, r"captures fetched: (\d+)") == 3  # A (2023), B, E
    second = backfill(db, "--source", f"{pywb}/cdx")
    assert second.returncode == 0, second.stdout + second.stderr
    # A's 2024 error page, C twice, D: what the first run had not fetched, and only that
    assert figure(second.stdout, r"captures fetched: (\d+)") == 4
    assert rows(db, "SELECT count(*), count(DISTINCT url || timestamp) FROM backfill_captures") == [(7, 7)]
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]


@pytest.mark.e2e
def test_a_killed_run_is_resumed_without_fetching_twice(tmp_path, pywb):
    db = tmp_path / "archive.sqlite"
    cmd = [*archive_cmd(), "backfill", "bbk", "--db", str(db), "--source", f"{pywb}/cdx", "--rate", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if db.exists() and _tried(db) >= 2:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait(10)
    tried_before = _tried(db)
    assert 2 <= tried_before < 7
    rerun = backfill(db, "--source", f"{pywb}/cdx")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert figure(rerun.stdout, r"captures fetched: (\d+)") <= 7 - tried_before + 1  # at most the one in flight
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(db, "SELECT status FROM crawls ORDER BY id") == [("killed",), ("finished",)]


def _tried(db: Path) -> int:
    try:
        return rows(db, "SELECT count(*) FROM backfill_captures")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.e2e
def test_common_crawl_style_index_with_warc_records_read_by_range(tmp_path, pywb, bbk_warc):
    db = tmp_path / "archive.sqlite"
    with range_server(bbk_warc.parent) as data:
        run = backfill(db, "--source", f"{pywb}/cdx", "--warc-prefix", data)
    assert run.returncode == 0, run.stdout + run.stderr
    assert figure(run.stdout, r"stored: (\d+)") == 5 and figure(run.stdout, r"captures fetched: (\d+)") == 7
    assert rows(db, "SELECT DISTINCT capture_source FROM article_versions") == [(f"{pywb}/cdx",)]
    capture = next(c for c in read_captures(db) if c[0] == A)
    assert ORIGIN_HEADER in capture[1]


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_an_unreachable_index_is_one_line_and_exit_1(tmp_path):
    run = backfill(tmp_path / "a.sqlite", "--source", f"http://127.0.0.1:{free_port()}/x/cdx",
                   "-s", "BACKFILL_RETRY_TIMES=0")
    assert run.returncode == 1
    assert "did not answer" in run.stderr and "Traceback" not in run.stderr + run.stdout
    assert figure(run.stdout, r"index: (\d+) request") == 2


class _Faulty:
    """A mirror source in front of pywb: bad CDX lines added to its index answer, and replay faults."""

    def __init__(self, pywb: str, *, throttle_first: bool = False, always_fail: bool = False) -> None:
        self.pywb = pywb
        self.throttle_first = throttle_first
        self.always_fail = always_fail
        self.seen: set[str] = set()

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        if host == "index.test":
            with urllib.request.urlopen(f"{self.pywb}/cdx?{query}") as answer:
                body = answer.read() + b'{"broken json\n["not", "a", "capture"]\n'
            return MirrorResponse(200, {"Content-Type": "text/plain"}, body)
        if self.always_fail:
            return MirrorResponse(503, {"Content-Type": "text/plain"}, b"down")
        if self.throttle_first and path not in self.seen:
            self.seen.add(path)
            return MirrorResponse(429, {"Retry-After": "1"}, b"slow down")
        with urllib.request.urlopen(f"{self.pywb}{path}") as answer:
            return MirrorResponse(answer.status, {"Content-Type": answer.headers["Content-Type"]}, answer.read())


@pytest.mark.e2e
def test_unparsable_cdx_lines_and_429_with_retry_after(tmp_path, pywb):
    server, base = serve_mirror(_Faulty(pywb, throttle_first=True))
    try:
        started = time.monotonic()
        run = backfill(tmp_path / "a.sqlite", "--source", f"{base}/index.test/cdx", "--replay",
                       f"{base}/replay.test/")
        seconds = time.monotonic() - started
    finally:
        server.stop()
    assert run.returncode == 0, run.stdout + run.stderr
    assert figure(run.stdout, r"(\d+) line\(s\) unparsable") == 4  # two per host's answer
    assert "do not parse" in run.stderr
    assert figure(run.stdout, r"stored: (\d+)") == 5  # every capture throttled once, then fetched
    assert seconds >= 1.0  # Retry-After: 1 was waited for
    assert figure(run.stdout, r"throttled by the archive (\d+) time") == 7  # every capture once
    assert "requests spaced up to 1 s" in run.stdout  # the whole run slowed down, not only the refused request


@pytest.mark.e2e
def test_a_5xx_storm_closes_the_run_and_loses_nothing(tmp_path, pywb):
    db = tmp_path / "a.sqlite"
    assert backfill(db, "--source", f"{pywb}/cdx", "--until", "2023-12-31").returncode == 0
    before = rows(db, "SELECT url, content_hash FROM articles ORDER BY url")
    server, base = serve_mirror(_Faulty(pywb, always_fail=True))
    try:
        run = backfill(db, "--source", f"{base}/index.test/cdx", "--replay", f"{base}/replay.test/",
                       "-s", "BACKFILL_RETRY_TIMES=1", "-s", "BACKFILL_MAX_FAILURES_IN_A_ROW=2")
    finally:
        server.stop()
    assert run.returncode == 1
    assert "source_failing" in run.stdout and "Traceback" not in run.stderr
    assert rows(db, "SELECT url, content_hash FROM articles ORDER BY url") == before


def test_backfill_state_reads_what_was_tried(tmp_path):
    from archive.backfill import record_capture

    db = open_archive(tmp_path / "a.sqlite")
    record_capture(db, site="bbk", source="wayback", url=A, timestamp="20230301120000", canonical_url=A,
                   outcome="stored", digest="D1")
    record_capture(db, site="bbk", source="wayback", url=A, timestamp="20240601120000", canonical_url=A,
                   outcome="not_article", detail="error page")
    state = backfill_state(db, "bbk", "wayback")
    assert state.tried == {(A, "20230301120000"), (A, "20240601120000")}
    assert state.stored == {A: "20230301120000"} and state.digests == {A: {"D1"}}
    assert backfill_state(db, "bbk", "commoncrawl").tried == set()


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    """Refused before anything starts (in this process: no Scrapy, no request)."""
    db = tmp_path / "a.sqlite"
    for args, said in (
        (["nowhere"], "no site 'nowhere' to backfill"),
        (["bbk", "--since", "2025-13-01"], "--since"),
        (["bbk", "--since", "2025-06-01", "--until", "2025-01-01"], "is after --until"),
        (["bbk", "--source", "ftp://example.org/cdx"], "must be an http(s) URL"),
        (["bbk", "--source", "http://example.org/search"], "give --replay URL"),
        (["bbk", "-s", "BACKFILL_RATE"], "expected NAME=VALUE"),
    ):
        result = CliRunner().invoke(main, ["backfill", *args, "--db", str(db)])
        assert result.exit_code == 2 and said in result.output, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not db.exists()  # nothing was opened


@pytest.mark.e2e
def test_a_folder_as_archive_is_exit_2_and_a_held_lock_exit_75(tmp_path):
    db = tmp_path / "a.sqlite"
    (tmp_path / "dir.sqlite").mkdir()
    run = subprocess.run([*archive_cmd(), "backfill", "bbk", "--db", str(tmp_path / "dir.sqlite")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "folder" in run.stderr and "Traceback" not in run.stderr
    with ArchiveLock(db):
        run = backfill(db, "--source", f"http://127.0.0.1:{free_port()}/x/cdx")
    assert run.returncode == 75 and "Error:" in run.stderr and "Traceback" not in run.stderr

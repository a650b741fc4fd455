"""crawler/runner/guard.py: what wraps every `archive crawl` (lock, killed rows, job folders, exit code)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from archive.errors import NotAnArchiveError
from archive.lock import CrawlLockedError, read_lock
from archive.store import finish_crawl, record_failure, start_crawl
from archive.vn_time import VN_TZ
from crawler.components.extensions import template_warning
from crawler.runner.guard import CrawlGuard, exit_code, failure_reason, site_failed
from crawler.runner.resume import CLOSED_FILE, DONE_FILE
from tests.helpers.settings import project_settings_dict

T0 = datetime(2026, 1, 1, 2, 0, tzinfo=VN_TZ)
SETTINGS = project_settings_dict(CRAWL_PARK_AFTER=3, CRAWL_RETRY_BACKOFF=0)


def test_guard_holds_the_lock_and_cleans_up(db, db_path, tmp_path):
    killed = start_crawl(db, "bdk", now=T0)  # left running by a killed process
    for _ in range(3):
        record_failure(db, "https://a.vn/x.html", reason="HTTP 503", site="bdk")
    jobs = tmp_path / "jobs"
    (jobs / "bbk").mkdir(parents=True)
    (jobs / "bbk" / DONE_FILE).write_text("00\n")
    (jobs / "bbk" / "requests.queue").mkdir()
    log = tmp_path / "logs" / "crawl.log"
    settings = {**SETTINGS, "CRAWL_JOBS_DIR": str(jobs)}
    with CrawlGuard(db_path, ["bdk", "bbk"], settings=settings, now=T0 + timedelta(days=1), log_file=log) as guard:
        assert read_lock(db_path).pid == guard.lock.info.pid
        with pytest.raises(CrawlLockedError), CrawlGuard(db_path, ["bdk"], settings=settings, now=T0):
            pass
        assert guard.abandoned == [killed]
        assert guard.job_states == {"bdk": "fresh", "bbk": "killed"}
        assert sorted(p.name for p in (jobs / "bbk").iterdir()) == [DONE_FILE]
        assert guard.settings_for("bdk") == {
            "JOBDIR": str(jobs / "bdk"), "DUPEFILTER_CLASS": "crawler.runner.resume.ResumeDupeFilter",
        }
        assert db.execute("SELECT parked FROM failures").fetchone()[0] == 1  # parked at start
        one = start_crawl(db, "bdk", now=T0 + timedelta(days=1))
        finish_crawl(db, one, counts={"new": 2}, now=T0 + timedelta(days=1, seconds=30))
        two = start_crawl(db, "bbk", now=T0 + timedelta(days=1))
        finish_crawl(db, two, status="killed", message="shutdown", now=T0 + timedelta(days=1, seconds=9))
        (jobs / "bbk" / CLOSED_FILE).write_text('{"reason": "shutdown"}')
        rows = guard.results()
    assert [(r["site"], r["status"], r["seconds"]) for r in rows] == [("bdk", "finished", 30.0), ("bbk", "killed", 9.0)]
    assert not (jobs / "bdk").exists()  # finished: job folder cleared
    assert (jobs / "bbk" / CLOSED_FILE).exists()  # stopped: kept for the next run
    assert read_lock(db_path) is None
    assert "marked crawl(s) 1 as killed" in log.read_text()
    assert exit_code(rows, ["bdk", "bbk"]) == 1
    assert exit_code(rows[:1], ["bdk"]) == 0
    assert exit_code(rows[:1], ["bdk", "bbk"]) == 1  # a site that never ran


def test_a_site_whose_every_page_failed_has_failed():
    assert not site_failed({"status": "finished", "new": 0, "unchanged": 0, "failed": 0})
    assert not site_failed({"status": "finished", "new": 3, "failed": 1})
    assert site_failed({"status": "finished", "new": 0, "failed": 2})
    assert site_failed({"status": "failed", "new": 3})
    assert not site_failed({"status": "finished", "new": 0, "failed": 1, "pages_ok": 2})  # listings were fine
    assert site_failed({"status": "finished", "new": 0, "failed": 5, "pages_ok": 0})
    assert failure_reason({"status": "finished", "failed": 5}) == "no page could be fetched, 5 failed"
    assert failure_reason({"status": "killed", "message": "shutdown"}) == "killed: shutdown"


def test_a_run_that_reads_like_a_changed_template_is_flagged():
    # normal night: most pages by the site rules, a video page or two dropped
    assert template_warning({"extract/site": 40, "extract/generic": 2, "extract/not_article": 3}, True) is None
    # too few pages to tell
    assert template_warning({"extract/generic": 4}, True) is None
    dropped = template_warning({"extract/site": 2, "extract/not_article": 8}, True)
    assert dropped == "check the template: 8 of 10 article pages were not recognised as articles"
    fallback = template_warning({"extract/site": 3, "extract/generic": 7, "extract/no_site_body": 6}, True)
    assert fallback.startswith("check the template: 6 of 10 articles needed the generic fallback")
    # short notices the fallback read a little better, the rules' container still there: no alarm
    assert template_warning({"extract/site": 3, "extract/generic": 7, "extract/no_site_body": 1}, True) is None
    # the generic spider has no site rules: the fallback is its normal path
    assert template_warning({"extract/generic": 30, "extract/no_site_body": 30}, has_site_rules=False) is None
    row = {"status": "finished", "new": 7, "failed": 0, "message": fallback}
    assert site_failed(row) and failure_reason(row) == fallback
    assert exit_code([row], ["bdk"]) == 1


def test_guard_releases_the_lock_when_setup_fails(db_path, tmp_path):
    db_path.write_text("not a database at all, just text that is long enough")
    with pytest.raises(NotAnArchiveError), CrawlGuard(db_path, ["bdk"], settings=SETTINGS, now=T0):
        pass
    assert read_lock(db_path) is None


def test_records_a_killed_crawl_wrote_but_did_not_index_are_indexed_at_the_next_start(db, db_path, tmp_path):
    """kill -9 between a WARC record and its index row (or in the middle of a record): the next
    `archive crawl` indexes what the file holds, up to the cut, once."""
    from scrapy import Request
    from scrapy.http import HtmlResponse

    from crawler.components.warc_capture import CaptureWriter, exchange_from, warc_path

    killed = start_crawl(db, "bdk", now=T0)
    folder = tmp_path / "warc"
    first = warc_path(folder, "bdk", killed, T0)
    part = warc_path(folder, "bdk", f"{killed}-001", T0 + timedelta(days=1))  # rotated, a day later
    for path, numbers in ((first, (1, 2)), (part, (3,))):
        writer = CaptureWriter(db, tmp_path, path, site="bdk", crawl_id=killed)
        for n in numbers:
            url = f"https://baodongkhoi.vn/bai-{n}-a{n}.html"
            writer.write(exchange_from(Request(url), HtmlResponse(url, body=f"<p>Bài {n}</p>".encode()), T0))
        writer.close()
    other = warc_path(folder, "bdk", killed + 1, T0)  # another crawl's file: not this repair's business
    other.write_bytes(first.read_bytes())
    db.execute("DELETE FROM captures WHERE url LIKE '%a2.html' OR url LIKE '%a3.html'")  # the kill's victims
    db.conn.commit()
    with part.open("ab") as fh:
        fh.write(b"\x1f\x8b\x08\x00half a gzip member")  # the record being written when the kill came
    assert db.execute("SELECT count(*) FROM captures").fetchone()[0] == 2

    settings = {**SETTINGS, "CRAWL_JOBS_DIR": str(tmp_path / "jobs")}
    log = tmp_path / "crawl.log"
    with CrawlGuard(db_path, ["bdk"], settings=settings, now=T0 + timedelta(days=1), log_file=log) as guard:
        assert guard.abandoned == [killed]
    rows = db.execute("SELECT url, record_type, crawl_id FROM captures ORDER BY warc_file, offset").fetchall()
    responses = sorted(u.rsplit("-", 1)[-1] for u, kind, _ in rows if kind == "response")
    assert responses == ["a1.html", "a2.html", "a3.html"]
    assert len(rows) == 6 and {c for _, _, c in rows} == {killed}  # request + response each, no duplicates
    text = log.read_text()
    assert "indexed 4 WARC record(s) the killed crawl(s) wrote" in text  # a request and a response each
    assert "bdk-1-001.warc.gz: truncated at byte" in text  # the torn record is reported, not indexed
    with CrawlGuard(db_path, ["bdk"], settings=settings, now=T0 + timedelta(days=2)) as guard:
        assert guard.abandoned == []
    assert db.execute("SELECT count(*) FROM captures").fetchone()[0] == 6

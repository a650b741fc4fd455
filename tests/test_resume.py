"""crawler/runner/resume.py: job folders survive kill -9; only finished pages are remembered."""

from __future__ import annotations

import json

from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.runner.resume import (
    CLOSED_FILE,
    DONE_FILE,
    ResumeDupeFilter,
    clear_job_dir,
    job_dir_for,
    jobs_root,
    prepare_job_dir,
)


def _filter(jobdir):
    crawler = get_crawler(settings_dict={"JOBDIR": str(jobdir) if jobdir else None})
    return ResumeDupeFilter.from_crawler(crawler)


def test_jobs_live_beside_the_archive(tmp_path):
    assert jobs_root(tmp_path / "data" / "a.sqlite") == tmp_path / "data" / "jobs"
    assert jobs_root(tmp_path / "a.sqlite", str(tmp_path / "elsewhere")) == tmp_path / "elsewhere"
    assert job_dir_for(tmp_path / "jobs", "bdk") == tmp_path / "jobs" / "bdk"


def test_prepare_job_dir_after_each_kind_of_stop(tmp_path):
    job = tmp_path / "bdk"
    assert prepare_job_dir(job) == "fresh" and job.is_dir()
    (job / "requests.queue").mkdir()
    (job / "requests.queue" / "q00000").write_bytes(b"half")
    (job / DONE_FILE).write_text("ab\n")
    assert prepare_job_dir(job) == "killed"  # no close marker: the queue cannot be trusted
    assert sorted(p.name for p in job.iterdir()) == [DONE_FILE]
    (job / "requests.queue").mkdir()
    (job / CLOSED_FILE).write_text(json.dumps({"reason": "shutdown"}))
    assert prepare_job_dir(job) == "paused"  # SIGTERM: Scrapy resumes its queue
    assert (job / "requests.queue").is_dir() and not (job / CLOSED_FILE).exists()
    (job / CLOSED_FILE).write_text(json.dumps({"reason": "finished"}))
    assert prepare_job_dir(job) == "finished" and list(job.iterdir()) == []
    clear_job_dir(job)
    assert not job.exists()


def revisit(url: str) -> Request:
    return Request(url, meta={"page_kind": "article", "revisit": True})


def test_only_revisits_that_produced_an_item_are_remembered(tmp_path):
    job = tmp_path / "bdk"
    article, listing = revisit("https://a.vn/bai-1.html"), Request("https://a.vn/thoi-su?p=2")
    first = _filter(job)
    assert not first.request_seen(article) and not first.request_seen(listing)
    assert first.request_seen(article)  # an ordinary duplicate filter within the run
    first.mark_done(article)
    first.mark_done(article)
    assert (job / DONE_FILE).read_text().count("\n") == 1  # flushed at once, before any close
    second = _filter(job)  # as after kill -9: no close() ran
    assert second.request_seen(revisit("https://a.vn/bai-1.html"))
    assert not second.request_seen(Request("https://a.vn/thoi-su?p=2"))  # walked again
    second.close("shutdown")
    assert json.loads((job / CLOSED_FILE).read_text()) == {"reason": "shutdown"}


def test_a_new_article_is_never_hidden_by_a_done_mark(tmp_path):
    """Power cut: the done mark reached the disk, the SQLite commit did not (neither is fsynced).

    A new article is not marked (the spiders' archive check skips it once stored), and a mark left
    for it by an older version is not trusted: the resumed run fetches it again.
    """
    job = tmp_path / "bdk"
    first = _filter(job)
    first.mark_done(Request("https://a.vn/bai-1.html", meta={"page_kind": "article", "revisit": False}))
    assert not (job / DONE_FILE).read_text()
    (job / DONE_FILE).write_text(first._fingerprint(Request("https://a.vn/bai-2.html")).hex() + "\n")
    resumed = _filter(job)
    assert len(resumed.done) == 1
    assert not resumed.request_seen(Request("https://a.vn/bai-2.html", meta={"page_kind": "article"}))


def test_torn_last_line_is_ignored(tmp_path):
    job = tmp_path / "bdk"
    done = _filter(job)
    done.mark_done(revisit("https://a.vn/1.html"))
    with (job / DONE_FILE).open("a") as fh:
        fh.write("a1b")  # killed mid-write
    assert len(_filter(job).done) == 1


def test_without_jobdir_it_is_the_plain_memory_filter(tmp_path):
    plain = _filter(None)
    request = Request("https://a.vn/1.html")
    assert not plain.request_seen(request) and plain.request_seen(request)
    plain.mark_done(request)
    plain.close("finished")
    assert list(tmp_path.iterdir()) == []


def test_a_dropped_page_is_not_remembered_as_done(tmp_path):
    """A page that gave no article (maybe cut short by a stop) must be fetched again after a resume."""
    from scrapy import signals
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path / "bdk")})
    dupefilter = ResumeDupeFilter.from_crawler(crawler)
    stored, dropped = revisit("https://a.vn/bai-1.html"), revisit("https://a.vn/bai-2.html")
    for signal, request in ((signals.item_scraped, stored), (signals.item_dropped, dropped)):
        response = HtmlResponse(request.url, body=b"<html></html>", request=request)
        crawler.signals.send_catch_log(signal, item={}, response=response, spider=None, exception=None)
    dupefilter.close("shutdown")
    resumed = _filter(tmp_path / "bdk")
    assert resumed.request_seen(revisit("https://a.vn/bai-1.html"))
    assert not resumed.request_seen(revisit("https://a.vn/bai-2.html"))


def test_a_revisit_is_remembered_only_once_the_crawl_committed_it(tmp_path):
    """The crawl commits pages in batches: a done mark written before its page's commit would hide the
    revisit from a run resumed after kill -9, while the archive never got what it fetched."""
    from scrapy import signals
    from scrapy.http import HtmlResponse

    from crawler.components.extensions import archive_session

    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path / "bdk"), "ARCHIVE_DB": str(tmp_path / "a.sqlite"),
                                         "ARCHIVE_COMMIT_PAGES": 50, "ARCHIVE_COMMIT_SECONDS": 3600})
    dupefilter = ResumeDupeFilter.from_crawler(crawler)
    session = archive_session(crawler)
    with session.batch.unit():  # the revisit's page, stored, not committed yet
        pass
    request = revisit("https://a.vn/bai-1.html")
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    crawler.signals.send_catch_log(signals.item_scraped, item={}, response=response, spider=None)
    assert not (tmp_path / "bdk" / DONE_FILE).read_text()  # killed now: fetched again by the resumed run
    session.commit()
    assert _filter(tmp_path / "bdk").request_seen(revisit("https://a.vn/bai-1.html"))
    session.close()
    dupefilter.close("finished")

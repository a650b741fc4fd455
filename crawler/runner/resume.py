"""Resuming a stopped crawl: a Scrapy JOBDIR per site, made safe against ``kill -9``.

``archive crawl`` gives each site the job folder ``<jobs>/<site>/`` (setting ``CRAWL_JOBS_DIR``,
default ``jobs/`` beside the archive) as Scrapy's ``JOBDIR``.  Plain Scrapy resumes correctly only
after a graceful stop: it writes its request queue's index at close, and it records a request as
"seen" when it is *queued*, not when it is done, so after ``kill -9`` the queue is unreadable and
queued-but-never-fetched URLs count as seen forever.  Hence:

* :class:`ResumeDupeFilter` (``DUPEFILTER_CLASS``) filters duplicates in memory as usual, but
  persists a fingerprint only once its response produced an item that was stored and committed (the
  crawl commits pages in batches: ``ArchiveSession.after_commit``) (``done.fingerprints``, one hex
  line each, flushed at once), and only for a *revisit* (an
  archived article fetched again for corrections).  A new article needs no mark: once stored,
  the spiders' archive check skips it; and a mark for it would be a liability, because neither
  the mark nor the SQLite commit is fsynced, so after a power cut the mark could outlive the
  commit and hide the article from every resumed run.  A dropped page ("not an article") is not
  remembered: a page cut short by a stop can look like no article, and must be fetched again
  rather than lost (the end-to-end kill test caught exactly that).  Listing pages are never
  persisted: a resumed run walks them again and finds whatever the stopped run had queued.
* When the spider closes, the filter writes ``closed.json`` (the close reason).  At the next start
  :func:`prepare_job_dir` keeps Scrapy's queue only when that marker says a graceful stop
  (``shutdown``: SIGTERM or Ctrl-C); with no marker (killed) it removes everything but
  ``done.fingerprints``; after ``finished`` it starts afresh.  :func:`clear_job_dir` removes the
  folder after a clean finish.

Articles already in the archive are never fetched again anyway (the spiders ask the archive), and
``archive.history.resume_cutoff`` keeps the stop-when-known rule from ending the re-walk early.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.dupefilters import RFPDupeFilter

logger = logging.getLogger(__name__)

DONE_FILE = "done.fingerprints"
CLOSED_FILE = "closed.json"
GRACEFUL_REASONS = ("shutdown",)


def jobs_root(db_path: str | Path, setting: str = "") -> Path:
    """``CRAWL_JOBS_DIR`` when set, else ``jobs/`` in the archive's folder."""
    return Path(setting) if setting else Path(db_path).resolve().parent / "jobs"


def job_dir_for(root: Path, site: str) -> Path:
    return root / site


def prepare_job_dir(path: Path) -> str:
    """Ready a site's job folder for a run; returns what was there: fresh | paused | killed | finished.

    ``paused``: a graceful stop; Scrapy's queue is kept and resumed.  ``killed``: no close marker;
    only the done-fingerprints survive.  ``finished``: the previous run completed; start empty.
    """
    if not path.exists() or not any(path.iterdir()):
        path.mkdir(parents=True, exist_ok=True)
        return "fresh"
    reason = _closed_reason(path)
    if reason in GRACEFUL_REASONS:
        (path / CLOSED_FILE).unlink()
        return "paused"
    if reason is None:
        for child in path.iterdir():
            if child.name != DONE_FILE:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        return "killed"
    clear_job_dir(path)
    path.mkdir(parents=True, exist_ok=True)
    return "finished"


def clear_job_dir(path: Path) -> None:
    """Forget a site's job state (after a clean finish)."""
    shutil.rmtree(path, ignore_errors=True)


def _closed_reason(path: Path) -> str | None:
    try:
        return str(json.loads((path / CLOSED_FILE).read_text(encoding="utf-8"))["reason"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read_done(path: Path) -> set[bytes]:
    """Fingerprints recorded as done; a torn last line (killed mid-write) is ignored."""
    done: set[bytes] = set()
    try:
        text = (path / DONE_FILE).read_text(encoding="ascii", errors="replace")
    except OSError:
        return done
    for line in text.splitlines():
        try:
            done.add(bytes.fromhex(line.strip()))
        except ValueError:
            continue
    return done


class ResumeDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, persisting only finished pages (module docstring).

    Without ``JOBDIR`` it behaves exactly like ``RFPDupeFilter`` in memory.
    """

    def __init__(self, job_path: str | Path | None = None, debug: bool = False, *, fingerprinter=None) -> None:
        super().__init__(None, debug, fingerprinter=fingerprinter)
        self.job_path = Path(job_path) if job_path else None
        self.done: set[bytes] = read_done(self.job_path) if self.job_path else set()
        self._done_file = None
        if self.job_path:
            self.job_path.mkdir(parents=True, exist_ok=True)
            self._done_file = (self.job_path / DONE_FILE).open("a", encoding="ascii")

    @classmethod
    def from_crawler(cls, crawler):
        jobdir = crawler.settings.get("JOBDIR")
        dupefilter = cls(jobdir, crawler.settings.getbool("DUPEFILTER_DEBUG"),
                         fingerprinter=crawler.request_fingerprinter)
        if jobdir:
            crawler.signals.connect(dupefilter.item_scraped, signal=signals.item_scraped)
            if crawler.settings.get("ARCHIVE_DB") and not crawler.settings.get("FRONTIER_URL"):
                from crawler.components.extensions import archive_session

                dupefilter.after_commit = archive_session(crawler).after_commit
        return dupefilter

    def request_seen(self, request) -> bool:
        if self.done and request.meta.get("revisit") and self._fingerprint(request) in self.done:
            return True
        return super().request_seen(request)

    def mark_done(self, request) -> None:
        """Record that ``request`` (a revisit) needs no fetching if this job is resumed."""
        if self._done_file is None or request is None or not request.meta.get("revisit"):
            return
        fingerprint = self._fingerprint(request)
        if fingerprint in self.done:
            return
        self.done.add(fingerprint)
        self._done_file.write(fingerprint.hex() + "\n")
        self._done_file.flush()

    def after_commit(self, action: Any) -> None:
        """Run ``action`` once the archive holds what was stored so far (a crawl's batch is committed)."""
        action()

    def item_scraped(self, item: Any, response: Any = None, **kwargs: Any) -> None:
        request = getattr(response, "request", None)
        self.after_commit(lambda: self.mark_done(request))  # a mark never outlives an uncommitted page

    def close(self, reason: str) -> None:
        super().close(reason)
        if self._done_file is not None:
            self._done_file.close()
            self._done_file = None
        if self.job_path:
            (self.job_path / CLOSED_FILE).write_text(json.dumps({"reason": reason}), encoding="utf-8")

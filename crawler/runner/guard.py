"""What makes ``archive crawl`` safe to run unattended, around the in-process crawl runner.

``with CrawlGuard(db_path, sites, settings=…, now=…) as guard:`` in that order

1. takes the archive lock (``archive.lock``; :class:`~archive.lock.CrawlLockedError` when another
   crawl holds it: the CLI exits 75), and sends the log to ``--log-file`` (rotated, ``crawler.runner.logs``);
2. marks crawl rows left ``running`` by a killed run as ``killed``, indexes the WARC records they
   wrote but did not index (``crawler.components.warc_capture``), and parks the failures that used up their
   attempts (``archive.history``, ``archive.failures``);
3. readies each site's job folder (``crawler.runner.resume``); :meth:`CrawlGuard.settings_for` gives the
   per-site Scrapy settings (``JOBDIR``, the kill-safe dupefilter);

then the caller runs the spiders; on exit the guard reads back this run's crawl rows
(:meth:`results`), clears the job folders of sites that finished, parks what failed too often
now, and releases the lock.  :func:`exit_code` turns the results into 0 or 1.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlite_utils

from archive.db import DEFAULT_BUSY_TIMEOUT, open_archive
from archive.failures import RetryPolicy, forgive_interrupted, park_exhausted, parked_failures
from archive.health import check_archive, check_free_space
from archive.history import crawl_site, crawls_from, mark_abandoned_crawls, next_crawl_id
from archive.lock import ArchiveLock
from crawler.components.extensions import TEMPLATE_WARNING
from crawler.components.warc_capture import crawl_warc_files, index_unindexed, warc_folder
from crawler.runner.logs import add_log_file, remove_log_file
from crawler.runner.resume import clear_job_dir, job_dir_for, jobs_root, prepare_job_dir

logger = logging.getLogger(__name__)

DUPEFILTER = "crawler.runner.resume.ResumeDupeFilter"


class CrawlGuard:
    """Lock, log, clean-up and resume state around one ``archive crawl`` (module docstring).

    :param settings: Scrapy ``Settings`` or a mapping (``CRAWL_*`` keys of ``crawler.settings``).
    :param resume: False runs without job folders (no ``JOBDIR``).
    :param timeout: seconds the guard's own connection waits for another writer.
    """

    def __init__(
        self,
        db_path: str | Path,
        sites: Iterable[str],
        *,
        settings: Mapping[str, Any] | Any,
        now: datetime,
        log_file: Path | None = None,
        resume: bool = True,
        timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        self.db_path = Path(db_path)
        self.timeout = timeout
        self.sites = list(sites)
        self.settings = settings
        self.now = now
        self.log_file = log_file
        self.resume = resume
        self.policy = RetryPolicy.from_settings(settings)
        self.lock = ArchiveLock(self.db_path, now=now)
        self.jobs = jobs_root(self.db_path, settings.get("CRAWL_JOBS_DIR") or "")
        self.job_states: dict[str, str] = {}
        self.abandoned: list[int] = []
        self.parked: list[dict[str, Any]] = []  # failures parked during this run
        self._first_id = 0
        self._handler: logging.Handler | None = None
        self._db: sqlite_utils.Database | None = None

    # --- before -------------------------------------------------------------------------------

    def __enter__(self) -> CrawlGuard:
        self.lock.acquire()
        try:
            if self.log_file is not None:
                self._handler = add_log_file(
                    self.log_file,
                    max_bytes=int(self.settings["CRAWL_LOG_MAX_BYTES"]),
                    backups=int(self.settings["CRAWL_LOG_BACKUPS"]),
                )
            if self.lock.stale:
                logger.warning("took over the lock of a crawl that did not finish (%s)", self.lock.stale.describe())
            db = self.db
            self._check_health(db)  # a damaged archive or a full disk never starts a crawl
            self._first_id = next_crawl_id(db)
            self.abandoned = mark_abandoned_crawls(db, now=self.now)
            if self.abandoned:
                logger.warning("marked crawl(s) %s as killed: their process ended before they finished",
                               ", ".join(map(str, self.abandoned)))
                self._index_killed_captures(db)
            forgiven = forgive_interrupted(db, self.policy)
            if forgiven:
                logger.info("%d failure(s) recorded by stopped crawls taken back (cut short, not failed)",
                            len(forgiven))
            park_exhausted(db, self.policy)
            if self.resume:
                for site in self.sites:
                    state = prepare_job_dir(job_dir_for(self.jobs, site))
                    self.job_states[site] = state
                    if state in ("paused", "killed"):
                        logger.info("%s: resuming the crawl that was %s", site, state)
        except BaseException:
            self._close()
            raise
        return self

    def _check_health(self, db: sqlite_utils.Database) -> None:
        """The bounded quick check (``ARCHIVE_QUICK_CHECK_MAX_BYTES``) and the free space beside the
        archive, its WARC and job folders (``CRAWL_MIN_FREE_BYTES``)."""
        limit = int(self.settings.get("ARCHIVE_QUICK_CHECK_MAX_BYTES") or 0)
        checked = check_archive(db, self.db_path, max_bytes=limit)
        if not checked:
            logger.info("archive larger than ARCHIVE_QUICK_CHECK_MAX_BYTES: quick_check skipped")
        check_free_space([self.db_path.parent, warc_folder(self.settings, self.db_path), self.jobs],
                         min_bytes=int(self.settings.get("CRAWL_MIN_FREE_BYTES") or 0))

    def _index_killed_captures(self, db: sqlite_utils.Database) -> None:
        """A kill between a WARC record and its index row leaves the record unindexed: index the
        files of the crawls just marked killed (only their missing records are added)."""
        folder = warc_folder(self.settings, self.db_path)
        files = [path for crawl_id in self.abandoned if (site := crawl_site(db, crawl_id)) is not None
                 for path in crawl_warc_files(folder, site, crawl_id)]
        if not files:
            return
        try:
            added = index_unindexed(db, self.db_path.parent, files)
        except OSError as exc:
            logger.warning("could not index the WARC files of the killed crawl(s) (run `archive warc-index`): %s", exc)
            return
        if added:
            logger.info("indexed %d WARC record(s) the killed crawl(s) wrote but did not index", added)

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = open_archive(self.db_path, timeout=self.timeout)
        return self._db

    def settings_for(self, site: str) -> dict[str, Any]:
        """Scrapy settings this site's crawler needs on top of the project's."""
        if not self.resume:
            return {}
        return {"JOBDIR": str(job_dir_for(self.jobs, site)), "DUPEFILTER_CLASS": DUPEFILTER}

    # --- after --------------------------------------------------------------------------------

    def results(self) -> list[dict[str, Any]]:
        """The crawl rows written since this guard started, one per site run, in order, each with
        ``seconds`` and ``top_failure`` (its most frequent failure reason, or None)."""
        return crawls_from(self.db, self._first_id)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self.resume:
                finished = {row["site"] for row in self.results() if row["status"] == "finished"}
                for site in self.sites:
                    if site in finished:
                        clear_job_dir(job_dir_for(self.jobs, site))
            newly = set(park_exhausted(self.db, self.policy))
            self.parked = [
                row for row in parked_failures(self.db)
                if row["url"] in newly or (row["crawl_id"] or 0) >= self._first_id
            ]
            for row in self.parked:
                logger.warning("parked %s: failed %d times (%s), no longer retried",
                               row["url"], row["attempts"], row["reason"])
        finally:
            self._close()

    def _close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None
        if self._handler is not None:
            remove_log_file(self._handler)
            self._handler = None
        self.lock.release()


def site_failed(row: Mapping[str, Any]) -> bool:
    """A site run failed if it did not finish, if its article pages look like a changed template
    (``crawler.components.extensions.template_warning``), or if pages failed and not one page was fetched.

    ``pages_ok`` (pages answered 2xx, from the crawler's stats) when the caller knows it; else the
    stored articles stand for it.  One dead article among good pages is not a failed site.
    """
    if row.get("status") != "finished":
        return True
    if str(row.get("message") or "").startswith(TEMPLATE_WARNING):  # articles were read wrongly or not at all
        return True
    if int(row.get("failed") or 0) == 0:
        return False
    if row.get("pages_ok") is not None:
        return int(row["pages_ok"]) == 0
    return sum(int(row.get(k) or 0) for k in ("new", "updated", "unchanged", "duplicates")) == 0


def failure_reason(row: Mapping[str, Any]) -> str:
    """Why :func:`site_failed` says so, in a few words."""
    if row.get("status") != "finished":
        return f"{row.get('status')}: {row['message']}" if row.get("message") else str(row.get("status"))
    if row.get("message"):
        return str(row["message"])
    reason = f"no page could be fetched, {row.get('failed') or 0} failed"
    return f"{reason}: {row['top_failure']}" if row.get("top_failure") else reason


EXIT_DEGRADED = 3  # every site crawled, but one's extraction health dropped (archive/drift.py)


def exit_code(rows: Iterable[Mapping[str, Any]], sites: Iterable[str]) -> int:
    """0 when every asked site has a run and none failed nor is degraded; 1 when one failed; 3 when none
    failed but one is ``degraded`` (its health dropped against its history: a template drift?)."""
    rows = list(rows)
    if len(rows) < len(list(sites)) or any(site_failed(row) for row in rows):
        return 1
    if any(row.get("health") == "degraded" for row in rows):
        return EXIT_DEGRADED
    return 0

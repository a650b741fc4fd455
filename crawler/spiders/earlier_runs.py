"""What a spider needs to know from earlier runs: failures to retry or skip, and the resume cutoff.

:class:`SchedulingMixin` (mixed into ``crawler.spiders.base.ArchiveSpider``) answers, once per run:

* :meth:`due_failure_urls`: the site's failed URLs whose backoff has passed (``archive.failures``;
  settings ``CRAWL_RETRY_BACKOFF``, ``CRAWL_RETRY_MAX_BACKOFF``, ``CRAWL_PARK_AFTER``): fetched again;
* :meth:`is_waiting`: a listed article that failed and is parked or still in its backoff: not
  fetched, and counted as known by the stop-when-known rule (a dead link on page 1 must neither cost
  a fetch every night nor keep the listing paginating);
* :meth:`known_before_resume`: after a run that did not finish (killed, stopped, failed: see
  ``archive.history.resume_cutoff``) the stop-when-known rule is off until a run finishes cleanly:
  that run walks every listing page (down to ``since`` / ``max_pages``), so whatever a stopped run
  had queued and lost is found again, whatever page it stood on.  Articles already stored are still
  not fetched again; only listing pages are re-read, once per unclean stop.

Expects ``self.db``, ``self.site``, ``self.crawler`` (the spider's).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from archive.failures import RetryPolicy, due_failures, waiting_urls
from archive.history import resume_cutoff
from archive.vn_time import now_vn
from crawler.components.extensions import archive_session


class SchedulingMixin:
    db: Any
    site: str
    crawler: Any

    def due_failure_urls(self) -> list[str]:
        """Failed URLs of this site to fetch again in this run, oldest try first."""
        policy = RetryPolicy.from_settings(self.crawler.settings)
        return [row["url"] for row in due_failures(self.db, self.site, now=now_vn(), policy=policy)]

    @cached_property
    def waiting_failures(self) -> set[str]:
        """Failed URLs of this site that are parked or still in their backoff."""
        return waiting_urls(self.db, self.site, now=now_vn(), policy=RetryPolicy.from_settings(self.crawler.settings))

    def is_waiting(self, item: Any) -> bool:
        """``item`` (a listed article: ``url``, ``canonical``) is not to be fetched in this run."""
        waiting = self.waiting_failures
        return bool(waiting) and (item.url in waiting or item.canonical in waiting)

    @cached_property
    def resume_cutoff(self) -> str | None:
        """Start of the earliest unfinished run of this site since its last clean one (None: none)."""
        return resume_cutoff(self.db, self.site, exclude_id=archive_session(self.crawler).crawl_id)

    def known_before_resume(self, known: set[str]) -> set[str]:
        """What the stop-when-known rule may count as known: ``known``, or nothing after an unclean stop.

        (Ignoring only what the stopped run stored was not enough: the end-to-end kill test, under
        load, lost 1-3 articles that a stopped run had queued beyond pages holding older articles.)
        """
        if self.resume_cutoff is None:
            return known
        return set()

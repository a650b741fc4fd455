"""What a spider needs to know from earlier runs: failures to retry or skip, and the resume cutoff.

:class:`SchedulingMixin` (mixed into ``crawler.spiders.base.ArchiveSpider``) answers, once per run:

* :meth:`due_failure_urls`: the site's failed URLs whose backoff has passed (``archive.retry``;
  settings ``CRAWL_RETRY_BACKOFF``, ``CRAWL_RETRY_MAX_BACKOFF``, ``CRAWL_PARK_AFTER``): fetched again;
* :meth:`is_waiting`: a listed article that failed and is parked or still in its backoff: not
  fetched, and counted as known by the stop-when-known rule (a dead link on page 1 must neither cost
  a fetch every night nor keep the listing paginating);
* :meth:`known_before_resume`: the stop-when-known rule after a killed run ignores the articles that
  run stored (``archive.history.resume_cutoff``), so the resumed run walks as deep as the killed one
  would have and completes the set.

Expects ``self.db``, ``self.site``, ``self.crawler`` (the spider's).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from archive.dates import now_vn
from archive.history import known_before, resume_cutoff
from archive.retry import due_failures, waiting_urls
from crawler.extensions import archive_session
from crawler.retry_policy import retry_policy


class SchedulingMixin:
    db: Any
    site: str
    crawler: Any

    def due_failure_urls(self) -> list[str]:
        """Failed URLs of this site to fetch again in this run, oldest try first."""
        policy = retry_policy(self.crawler.settings)
        return [row["url"] for row in due_failures(self.db, self.site, now=now_vn(), policy=policy)]

    @cached_property
    def waiting_failures(self) -> set[str]:
        """Failed URLs of this site that are parked or still in their backoff."""
        return waiting_urls(self.db, self.site, now=now_vn(), policy=retry_policy(self.crawler.settings))

    def is_waiting(self, item: Any) -> bool:
        """``item`` (a listed article: ``url``, ``canonical``) is not to be fetched in this run."""
        waiting = self.waiting_failures
        return bool(waiting) and (item.url in waiting or item.canonical in waiting)

    @cached_property
    def resume_cutoff(self) -> str | None:
        """Start of the earliest unfinished run of this site since its last clean one (None: none)."""
        return resume_cutoff(self.db, self.site, exclude_id=archive_session(self.crawler).crawl_id)

    def known_before_resume(self, known: set[str]) -> set[str]:
        """``known`` without the articles an unfinished earlier run stored (for the stop rule only)."""
        if self.resume_cutoff is None or not known:
            return known
        return known & known_before(self.db, sorted(known), self.resume_cutoff)

"""A site spider as a frontier worker runs it: what it asks the archive, it reads from the run's snapshot.

:func:`frontier_spider` subclasses a site spider (same ``name``, so requests queued by one worker are
understood by every other).  Only the seeder (``FRONTIER_SEEDER``) yields start requests — listings,
feeds, revisits and failures due again, read from the archive file it has — into the shared queue;
every worker then answers "is it archived?", "since when?", "is it waiting out a failure?" and "did
the last run finish?" from what :mod:`crawler.cluster.seed` published for the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cached_property
from typing import Any

from crawler.cluster.revisits import report_failed_revisit
from crawler.cluster.worker import frontier_session
from crawler.cluster.worker_settings import make_worker
from crawler.components.revisits import _setting, ask_if_modified
from crawler.spiders.listing_dates import parse_iso_date


class FrontierSpiderMixin:
    crawler: Any

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """A spider scheduled with ``FRONTIER_URL`` set (Scrapyd: ``-d setting=FRONTIER_URL=…``) becomes a
        worker here; ``archive crawl --frontier`` and ``archive worker`` have done it already."""
        super().update_settings(settings)  # type: ignore[misc]
        if settings.get("FRONTIER_URL"):
            make_worker(settings, seeder=settings.getbool("FRONTIER_SEEDER"), priority="spider")

    @property
    def frontier(self):
        return frontier_session(self.crawler)

    def start_requests(self) -> Iterator[Any]:
        if self.crawler.settings.getbool("FRONTIER_SEEDER"):
            yield from super().start_requests()  # type: ignore[misc]

    def known_canonicals(self, items: list[Any]) -> set[str]:
        """The keys of ``items`` archived when the run opened (under their key or the URL as linked)."""
        if not items:
            return set()
        found = self.frontier.known([u for i in items for u in (i.canonical, i.url)])
        return {i.canonical for i in items if i.canonical in found or i.url in found} - self.found_new

    def article_request(self, url: str, **kwargs: Any) -> Any:
        """As the site spider's; a revisit queued by the seeder is made conditional here, where the archive
        is at hand (``crawler/cluster/revisits.py``)."""
        request = super().article_request(url, **kwargs)  # type: ignore[misc]
        if (kwargs.get("check") and self.db is not None
                and _setting(self.crawler.settings, "CRAWL_REVISIT_CONDITIONAL")):
            ask_if_modified(request, self.db, self.frontier.path.parent, self.crawler.stats, confirmed=True)
        return request

    def article_failed(self, failure: Any) -> Iterator[Any]:
        self.refuse_failure(failure)
        report_failed_revisit(self.frontier, failure)  # the ingester moves the schedule
        yield from self.release(failure.request.meta, None)

    def archived_dates_of(self, urls: list[str]) -> dict[str, date | None]:
        return {url: parse_iso_date(day) if day else None for url, day in self.frontier.known(urls).items()}

    @cached_property
    def waiting_failures(self) -> set[str]:
        return self.frontier.waiting()

    @cached_property
    def resume_cutoff(self) -> str | None:
        return None if self.frontier.stop_when_known_ok() else "the last run did not finish"


def frontier_spider(spidercls: type) -> type:
    """``spidercls`` made a frontier worker's (same name, same callbacks)."""
    if issubclass(spidercls, FrontierSpiderMixin):
        return spidercls
    return type(spidercls.__name__, (FrontierSpiderMixin, spidercls), {"__module__": __name__})

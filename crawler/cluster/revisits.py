"""Conditional revisits on a frontier: the seeder asks, any worker hears the 304, the ingester records it.

A worker has no archive, so it cannot look up a URL's last capture.  The seeder, which queues the
revisits from the archive, makes each one conditional before it goes into the shared queue
(``crawler.components.revisits.ask_if_modified``: the validators in the headers, the capture a 304
would confirm in the meta, both serialised with the request).  Whichever worker fetches it:

* :class:`FrontierNotModified` (downloader middleware, where ``ConditionalRevisitMiddleware`` sits in one
  process) turns a ``304`` into a ``checked`` message (outcome ``not_modified``) and ends the request —
  no download, no extraction, no version; its WARC capture writes the 304 as a revisit record of the
  confirmed capture;
* a revisit that failed (404, timeout …) is a ``checked`` message with outcome ``failed``
  (:func:`report_failed_revisit`), so the schedule moves on as in one process.

The ingester applies both with ``archive.freshness.record_check``.
"""

from __future__ import annotations

from typing import Any

from archive.freshness import NOT_MODIFIED
from crawler.cluster import messages
from crawler.cluster.worker import frontier_session
from crawler.components.revisits import CHECK_META, NotModified


def report_failed_revisit(session: Any, failure: Any) -> None:
    """A scheduled revisit that failed for good moves on as if unchanged (see module docstring)."""
    key = failure.request.meta.get(CHECK_META)
    if key and not failure.check(NotModified):
        session.push(messages.encode("checked", run=session.run, key=key, outcome="failed"))


class FrontierNotModified:
    """A 304 to a conditional revisit: a message to the ingester, and the request ends (module docstring)."""

    def __init__(self, session: Any, stats: Any) -> None:
        self.session = session
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierNotModified:
        return cls(frontier_session(crawler), crawler.stats)

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status != 304 or not request.meta.get("conditional") or not request.meta.get(CHECK_META):
            return response
        # the request is forgotten in the same transaction: an exception raised here reaches no other
        # middleware's process_exception, so FrontierDoneOnError would not see it
        self.session.push(messages.encode("checked", run=self.session.run, key=request.meta[CHECK_META],
                                          outcome=NOT_MODIFIED), request)
        self.stats.inc_value(f"revisit/{NOT_MODIFIED}")
        raise NotModified(f"not modified since the last capture: {request.url}")

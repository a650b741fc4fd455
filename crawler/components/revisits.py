"""Revisits in a crawl: conditional requests, and the schedule moved by what each revisit found.

The spider (``crawler/spiders/base.py``) asks ``archive.freshness`` which articles are due and
requests them with ``meta["check"]`` = the article's key (its canonical URL in ``articles``) at a
lower priority than discovery, so new articles go first.

* :class:`ConditionalRevisitMiddleware` (downloader, 600: before the mirror and the WARC capture)
  adds ``If-None-Match`` / ``If-Modified-Since`` to a revisit from the last capture's ``ETag`` /
  ``Last-Modified`` (``archive.freshness.last_validators``: the WARC record's headers).  A ``304`` is
  recorded as ``not_modified`` in the schedule and the request ends there (``IgnoreRequest``): no
  download, no extraction, no version.  The WARC capture writes the 304 as a revisit record.
* :func:`note_stored` — called by ``ArchivePipeline`` after ``save_article``: a revisit's outcome
  (``updated`` = a correction, ``unchanged``) moves the article's next check; a new article gets its
  schedule row.
* :func:`parse_revisit` — ``archive crawl --revisit all|changed-since DATE|N`` (spider argument
  ``-a revisit=…``).

Settings: ``CRAWL_REVISIT_MIN_DAYS``, ``CRAWL_REVISIT_MAX_DAYS``, ``CRAWL_REVISIT_BUDGET``,
``CRAWL_REVISIT_BUDGET_MIN``, ``CRAWL_REVISIT_CONDITIONAL``.  Stats: ``revisit/due``,
``revisit/budget``, ``revisit/requests``, ``revisit/not_modified``, ``revisit/unchanged``,
``revisit/updated``, ``revisit/conditional``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy.exceptions import IgnoreRequest

from archive.capture_index import last_full_capture
from archive.errors import BadDateError
from archive.freshness import NOT_MODIFIED, RevisitPolicy, last_validators, record_check, schedule_article
from archive.vn_time import now_vn, parse_user_date
from crawler import settings as project_settings
from crawler.components.extensions import archive_session
from crawler.components.warc_capture import CONFIRMED_META

CHECK_META = "check"  # request meta: the article key of a scheduled revisit
REVISIT_PRIORITY = -10  # below listings and new articles (priority 0)


def _setting(settings: Any, name: str) -> Any:
    """``name`` from the crawl's settings, else its default in ``crawler/settings.py`` (a crawler made
    from a bare settings dict, as in tests, has none of the project's)."""
    value = settings.get(name)
    return getattr(project_settings, name) if value is None else value


def revisit_policy(settings: Any) -> RevisitPolicy:
    """The schedule's knobs from the crawl's settings."""
    return RevisitPolicy(
        min_days=float(_setting(settings, "CRAWL_REVISIT_MIN_DAYS")),
        max_days=float(_setting(settings, "CRAWL_REVISIT_MAX_DAYS")),
        budget_share=float(_setting(settings, "CRAWL_REVISIT_BUDGET")),
        budget_min=int(_setting(settings, "CRAWL_REVISIT_BUDGET_MIN")),
    )


@dataclass(frozen=True)
class RevisitRequest:
    """What ``--revisit`` asked for: ``all``, ``changed-since`` (``value`` a YYYY-MM-DD), ``count`` (``value`` N)."""

    mode: str
    value: str | int | None = None


def parse_revisit(text: str) -> RevisitRequest:
    """``all``, ``changed-since YYYY-MM-DD`` (or ``changed-since=…``) or a whole number; ValueError otherwise."""
    words = text.strip().replace("=", " ").split()
    if words == ["all"]:
        return RevisitRequest("all")
    if len(words) == 1 and words[0].isascii() and words[0].isdigit() and int(words[0]) > 0:
        return RevisitRequest("count", int(words[0]))
    if len(words) == 2 and words[0] == "changed-since":
        try:
            return RevisitRequest("changed-since", parse_user_date(words[1]).isoformat())
        except BadDateError as exc:
            raise ValueError(f"--revisit {text!r}: {exc}") from exc
    raise ValueError(f"--revisit {text!r}: expected all, changed-since YYYY-MM-DD, or a number of articles")


def note_stored(db: Any, key: str, site: str, status: str, published_at: str | None, *, check: bool,
                stats: Any, policy: RevisitPolicy, now: datetime) -> None:
    """After ``save_article``: a revisit moves the article's schedule; anything else gets a row if new."""
    if check and status in ("updated", "unchanged") and record_check(db, key, status, now=now, policy=policy):
        stats.inc_value(f"revisit/{status}")
        return
    schedule_article(db, key, site, published_at=published_at, now=now, policy=policy)


class NotModified(IgnoreRequest):
    """A revisit answered 304: already recorded as ``not_modified``; the request ends here."""


def note_failed_revisit(db: Any, request: Any, failure: Any, *, policy: RevisitPolicy, now: datetime) -> None:
    """A scheduled revisit that failed (404, timeouts, robots …) moves on as if unchanged: a deleted
    article fades to the ceiling instead of being asked for on every run.  (Failures are retried by
    their own schedule: ``archive.failures``.)"""
    key = request.meta.get(CHECK_META)
    if key and not failure.check(NotModified):
        record_check(db, key, "failed", now=now, policy=policy)


def ask_if_modified(request: Any, db: Any, archive_folder: Path, stats: Any, *, confirmed: bool = False) -> bool:
    """Make ``request`` conditional on its URL's last capture (``If-None-Match`` / ``If-Modified-Since``);
    False when that capture has no validators.  With ``confirmed``, the capture a 304 would confirm goes
    in the meta (``CONFIRMED_META``), for a frontier worker's WARC writer, which has no archive to ask."""
    found = last_validators(db, archive_folder, request.url)
    if found is None:
        return False
    for name, value in found.request_headers().items():
        request.headers[name] = value
    request.meta["conditional"] = True
    if confirmed:
        original = last_full_capture(db, request.url)
        if original is not None:
            request.meta[CONFIRMED_META] = asdict(original)
    stats.inc_value("revisit/conditional")
    return True


class ConditionalRevisitMiddleware:
    """Conditional requests for revisits; a 304 ends the request as ``not_modified`` (see module docstring)."""

    def __init__(self, session: Any, policy: RevisitPolicy, stats: Any, enabled: bool = True) -> None:
        self.session = session
        self.policy = policy
        self.stats = stats
        self.enabled = enabled

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRevisitMiddleware:
        settings = crawler.settings
        return cls(archive_session(crawler), revisit_policy(settings), crawler.stats,
                   bool(_setting(settings, "CRAWL_REVISIT_CONDITIONAL")))

    def process_request(self, request: Any, spider: Any = None) -> None:
        if self.enabled and request.meta.get(CHECK_META) and not request.meta.get("conditional"):
            ask_if_modified(request, self.session.db, self.session.path.parent, self.stats)
        return None

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        if response.status != 304 or not request.meta.get("conditional"):
            return response
        record_check(self.session.db, request.meta[CHECK_META], NOT_MODIFIED, now=now_vn(), policy=self.policy)
        self.stats.inc_value(f"revisit/{NOT_MODIFIED}")
        raise NotModified(f"not modified since the last capture: {request.url}")

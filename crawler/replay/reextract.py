"""Rebuild articles from the WARC captures with today's extractor; nothing is fetched.

``reextract(db, archive_folder, site=…, since=…)`` takes the latest capture (HTTP 200) of every
article URL — a URL already in ``articles``, or one its site profile calls an article — reads its
HTML from the WARC file, runs ``crawler.extract.extract_article`` and stores the result with
``archive.store.save_article(..., source="reextract")``: a text that changed becomes a new
version marked ``reextract``, dated when the page was captured; the same text changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils

from archive.capture_index import Capture, latest_captures, read_payload
from archive.errors import CrossSiteClaimError
from archive.store import archived_urls, save_article
from archive.warc import CaptureError
from crawler.extract import ExtractError, NotAnArticle, extract_article
from crawler.profiles import PROFILES, profile_for_url
from crawler.profiles.base import Profile

MAX_PROBLEMS = 20  # problems kept for the summary (the counts cover all)

Progress = Callable[[int, int, str], None]  # (done, total, url)


@dataclass
class ReextractSummary:
    pages: int = 0  # article captures read
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    not_articles: int = 0
    unreadable: int = 0  # capture missing, cut short, or its original unknown
    problems: list[str] = field(default_factory=list)

    def note(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def article_captures(db: sqlite_utils.Database, *, site: str | None = None, since: str | None = None) -> list[Capture]:
    """The latest capture of every article (see module docstring).

    An article fetched under two URLs (an alias host, a redirect) counts once: its latest capture.
    """
    known = archived_urls(db)
    chosen: dict[str, Capture] = {}
    for capture in latest_captures(db, site=site, since=since):
        profile = profile_for_url(capture.url)
        if capture.url in known or (profile is not None and profile.is_article_url(capture.url)):
            key = profile.canonical_url(capture.url) if profile is not None else capture.url
            best = chosen.get(key)
            if best is None or (capture.captured_at, capture.id) > (best.captured_at, best.id):
                chosen[key] = capture
    return sorted(chosen.values(), key=lambda c: c.url)


def reextract(
    db: sqlite_utils.Database,
    archive_folder: str | Path,
    *,
    site: str | None = None,
    since: str | None = None,
    boilerplate: Iterable[str] = (),
    progress: Progress | None = None,
    profiles: Mapping[str, Profile] | None = None,
) -> ReextractSummary:
    """Re-extract every article capture (see module docstring); ``since`` is an ISO 8601 time.

    Each page goes through the extractor as the crawl's pipeline hands it over (the body bytes, the
    site's profile, the ``EXTRACT_BOILERPLATE`` lines given as ``boilerplate``), so a text changes
    only when the extractor does.  ``profiles``: the registry (built-in profiles and the sites file's;
    default the built-in ones), so a site of the sites file is re-extracted with its own rules.
    """
    registry = PROFILES if profiles is None else profiles
    boilerplate = tuple(boilerplate)
    summary = ReextractSummary()
    captures = article_captures(db, site=site, since=since)
    for done, capture in enumerate(captures, start=1):
        if progress is not None:
            progress(done, len(captures), capture.url)
        summary.pages += 1
        try:
            payload = read_payload(db, archive_folder, capture)
        except CaptureError as exc:
            summary.unreadable += 1
            summary.note(str(exc))
            continue
        profile_key = capture.profile or (capture.site if capture.site and capture.site in registry else None)
        profile = registry.get(profile_key, profile_key) if profile_key else None
        content_type = next((value for name, value in payload.headers if name.lower() == "content-type"), None)
        try:
            article = extract_article(payload.body, capture.url, site=profile, boilerplate=boilerplate,
                                      content_type=content_type)
        except NotAnArticle as exc:
            summary.not_articles += 1
            summary.note(f"{capture.url}: not an article ({exc.reason})")
            continue
        except ExtractError as exc:  # undecodable bytes: noted, the rest goes on
            summary.unreadable += 1
            summary.note(f"{capture.url}: {exc}")
            continue
        record = article.to_record()
        if capture.site:
            record["site"] = capture.site  # the crawl's site label, as the archive pipeline stores it
        try:
            result = save_article(
                db, record, crawl_id=capture.crawl_id, source="reextract",
                now=datetime.fromisoformat(capture.captured_at),
            )
        except CrossSiteClaimError as exc:  # never moved to another site
            summary.unreadable += 1
            summary.note(f"{capture.url}: {exc}")
            continue
        setattr(summary, result.status, getattr(summary, result.status) + 1)
    return summary

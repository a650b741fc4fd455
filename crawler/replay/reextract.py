"""Rebuild articles from the WARC captures with today's extractor; nothing is fetched.

``reextract(db, archive_folder, site=…, since=…)`` takes the latest capture (HTTP 200) of every
article URL — a URL already in ``articles``, or one its site profile calls an article — reads its
HTML from the WARC file, runs ``crawler.extract.extract_article`` and stores the result with
``archive.store.save_article(..., source="reextract")``: a text that changed becomes a new
version marked ``reextract``, dated when the page was captured; the same text changes nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils

from archive.capture_index import Capture, latest_captures, read_payload
from archive.db import WriteBatch
from archive.errors import CrossSiteClaimError
from archive.store import PreparedArticle, archived_urls, prepare_article, save_article
from archive.warc import CaptureError
from crawler.extract import Article, ExtractError, NotAnArticle, extract_article
from crawler.profiles import PROFILES, profile_for_url
from crawler.profiles.base import Profile

MAX_PROBLEMS = 20  # problems kept for the summary (the counts cover all)
REEXTRACT_BATCH = 16  # pages handed to an extraction worker at once
REEXTRACT_IN_FLIGHT = 3  # batches queued per worker: enough to keep it busy, bounded in memory
# pages stored per commit: one commit a page was a fifth of the writer's CPU, and the writer is what caps
# the pool on two cores; a stopped run loses at most these, and the next run redoes them (same text: no change)
REEXTRACT_COMMIT_PAGES = 200

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
    workers: int = 0,
) -> ReextractSummary:
    """Re-extract every article capture (see module docstring); ``since`` is an ISO 8601 time.

    Each page goes through the extractor as the crawl's pipeline hands it over (the body bytes, the
    site's profile, the ``EXTRACT_BOILERPLATE`` lines given as ``boilerplate``), so a text changes
    only when the extractor does.  ``profiles``: the registry (built-in profiles and the sites file's;
    default the built-in ones), so a site of the sites file is re-extracted with its own rules.
    ``workers`` > 1 extracts in that many processes (``REEXTRACT_WORKERS``);
    this process alone reads the WARC files and writes the archive, in the captures' order.
    """
    boilerplate = tuple(boilerplate)
    summary = ReextractSummary()
    captures = article_captures(db, site=site, since=since)
    jobs = _jobs(db, archive_folder, captures, summary, progress, dict(profiles or PROFILES))
    # a worker starts in about a second (it imports the extractor): not worth it for a few pages
    workers = min(workers, len(captures) // (REEXTRACT_BATCH * REEXTRACT_IN_FLIGHT))
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    batch = WriteBatch(db, max_units=REEXTRACT_COMMIT_PAGES, max_seconds=5.0)
    try:
        results = _extract_in_pool(pool, jobs, boilerplate, workers) if pool else (
            (capture, _extract(body, capture.url, profile, boilerplate, content_type))
            for capture, body, profile, content_type in jobs
        )
        for capture, outcome in results:
            with batch.unit():
                _store(db, capture, outcome, summary)
        batch.commit()
    except BaseException:
        batch.rollback()
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return summary


# Extraction in a process pool, one writer (this process).


def _jobs(db, archive_folder, captures: list[Capture], summary: ReextractSummary, progress: Progress | None,
          registry: Mapping[str, Profile]):
    """``(capture, body, profile, Content-Type)`` of every readable capture, in order (the unreadable are
    counted); the profile is a built-in key or a sites-file site's :class:`Profile`."""
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
        yield capture, payload.body, profile, content_type


Refusal = tuple[str, str]  # ("not_article" | "unreadable", why): a worker's answer must pickle plainly


def _extract(body: bytes, url: str, profile: str | Profile | None, boilerplate: tuple[str, ...],
             content_type: str | None) -> Article | Refusal:
    """The article, or why the page is not one."""
    try:
        return extract_article(body, url, site=profile, boilerplate=boilerplate, content_type=content_type)
    except NotAnArticle as exc:
        return ("not_article", f"not an article ({exc.reason})")
    except ExtractError as exc:  # undecodable bytes: noted, the rest goes on
        return ("unreadable", str(exc))


def _record(article: Article, capture: Capture) -> dict:
    record = article.to_record()
    if capture.site:
        record["site"] = capture.site  # the crawl's site label, as the archive pipeline stores it
    return record


def _extract_prepared(body: bytes, capture: Capture, profile: str | Profile | None, boilerplate: tuple[str, ...],
                      content_type: str | None) -> PreparedArticle | Refusal:
    """In a worker: the article extracted and prepared for storing (normalised, hashed, fingerprinted)."""
    outcome = _extract(body, capture.url, profile, boilerplate, content_type)
    return outcome if isinstance(outcome, tuple) else prepare_article(_record(outcome, capture))


def _extract_batch(pages: list[tuple], boilerplate: tuple[str, ...]) -> list:
    return [_extract_prepared(body, capture, profile, boilerplate, content_type)
            for body, capture, profile, content_type in pages]


def _extract_in_pool(pool: ProcessPoolExecutor, jobs, boilerplate: tuple[str, ...], workers: int):
    """Results in the order of ``jobs``.  Pages go to the workers :data:`REEXTRACT_BATCH` at a time (one
    hand-over costs about as much as extracting a page), at most :data:`REEXTRACT_IN_FLIGHT` batches a
    worker in flight (they wait in memory, so the archive's size never matters)."""
    pending: deque = deque()

    def submit(batch: list) -> None:
        pages = [(body, capture, profile, content_type) for capture, body, profile, content_type in batch]
        pending.append(([job[0] for job in batch], pool.submit(_extract_batch, pages, boilerplate)))

    def done() -> Iterable:
        captures, future = pending.popleft()
        return zip(captures, future.result(), strict=True)

    batch: list = []
    for job in jobs:
        batch.append(job)
        if len(batch) == REEXTRACT_BATCH:
            submit(batch)
            batch = []
            if len(pending) >= REEXTRACT_IN_FLIGHT * workers:
                yield from done()
    if batch:
        submit(batch)
    while pending:
        yield from done()


def _store(
    db: sqlite_utils.Database, capture: Capture, outcome: Article | PreparedArticle | Refusal,
    summary: ReextractSummary,
) -> None:
    if isinstance(outcome, tuple):
        kind, why = outcome
        if kind == "not_article":
            summary.not_articles += 1
        else:
            summary.unreadable += 1
        summary.note(f"{capture.url}: {why}")
        return
    article = outcome if isinstance(outcome, PreparedArticle) else _record(outcome, capture)
    try:
        result = save_article(
            db, article, crawl_id=capture.crawl_id, source="reextract", now=datetime.fromisoformat(capture.captured_at)
        )
    except CrossSiteClaimError as exc:  # never moved to another site
        summary.unreadable += 1
        summary.note(f"{capture.url}: {exc}")
        return
    setattr(summary, result.status, getattr(summary, result.status) + 1)

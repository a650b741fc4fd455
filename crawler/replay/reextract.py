"""Rebuild articles from the WARC captures with today's extractor; nothing is fetched.

``reextract(db, archive_folder, site=…, since=…)`` takes the latest capture (HTTP 200) of every
article URL — a URL already in ``articles``, or one its site profile calls an article — reads its
HTML from the WARC file, runs ``crawler.extract.extract_article`` and stores the result with
``archive.store.save_article(..., source="reextract")``: a text that changed becomes a new
version marked ``reextract``, dated when the page was captured; the same text changes nothing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils
from scrapy.http import TextResponse

from archive.capture_index import Capture, HttpPayload, latest_captures, read_payload
from archive.store import PreparedArticle, prepare_article, save_article
from archive.warc import CaptureError
from crawler.extract import Article, NotAnArticle, extract_article
from crawler.profiles import get_profile, profile_for_url

MAX_PROBLEMS = 20  # problems kept for the summary (the counts cover all)
REEXTRACT_BATCH = 16  # pages handed to an extraction worker at once
REEXTRACT_IN_FLIGHT = 3  # batches queued per worker: enough to keep it busy, bounded in memory

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


def payload_text(payload: HttpPayload) -> str:
    """The payload as text, decoded as Scrapy decodes a page: the charset of its headers, then of its HTML."""
    headers = {"Content-Type": payload.header("content-type") or "text/html"}
    return TextResponse(url=payload.url, body=payload.body, headers=headers).text


def article_captures(db: sqlite_utils.Database, *, site: str | None = None, since: str | None = None) -> list[Capture]:
    """The latest capture of every article (see module docstring).

    An article fetched under two URLs (an alias host, a redirect) counts once: its latest capture.
    """
    known = set()
    for url, fetched in db.execute("SELECT url, fetched_url FROM articles"):
        known.add(url)
        if fetched:
            known.add(fetched)
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
    workers: int = 0,
) -> ReextractSummary:
    """Re-extract every article capture (see module docstring); ``since`` is an ISO 8601 time.

    Each page goes through the extractor as the crawl's pipeline hands it over (the body bytes, the
    site's profile, the ``EXTRACT_BOILERPLATE`` lines given as ``boilerplate``), so a text changes
    only when the extractor does.  ``workers`` > 1 extracts in that many processes (``REEXTRACT_WORKERS``);
    this process alone reads the WARC files and writes the archive, in the captures' order.
    """
    boilerplate = tuple(boilerplate)
    summary = ReextractSummary()
    captures = article_captures(db, site=site, since=since)
    jobs = _jobs(db, archive_folder, captures, summary, progress)
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    try:
        results = _extract_in_pool(pool, jobs, boilerplate, workers) if pool else (
            (capture, _extract(body, capture.url, profile_key, boilerplate)) for capture, body, profile_key in jobs
        )
        for capture, outcome in results:
            _store(db, capture, outcome, summary)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return summary


# --- million: extraction in a process pool, one writer (this process) ---


def _jobs(db, archive_folder, captures: list[Capture], summary: ReextractSummary, progress: Progress | None):
    """``(capture, body, profile key)`` of every readable capture, in order (the unreadable are counted)."""
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
        profile_key = capture.profile or (capture.site if capture.site and get_profile(capture.site) else None)
        yield capture, payload.body, profile_key


def _extract(body: bytes, url: str, profile_key: str | None, boilerplate: tuple[str, ...]) -> Article | str:
    """The article, or why the page is not one (a string: a worker's answer must pickle plainly)."""
    try:
        return extract_article(body, url, site=profile_key, boilerplate=boilerplate)
    except NotAnArticle as exc:
        return exc.reason


def _record(article: Article, capture: Capture) -> dict:
    record = article.to_record()
    if capture.site:
        record["site"] = capture.site  # the crawl's site label, as the archive pipeline stores it
    return record


def _extract_prepared(body: bytes, capture: Capture, profile_key: str | None,
                      boilerplate: tuple[str, ...]) -> PreparedArticle | str:
    """In a worker: the article extracted and prepared for storing (normalised, hashed, fingerprinted)."""
    outcome = _extract(body, capture.url, profile_key, boilerplate)
    return outcome if isinstance(outcome, str) else prepare_article(_record(outcome, capture))


def _extract_batch(pages: list[tuple[bytes, Capture, str | None]], boilerplate: tuple[str, ...]) -> list:
    return [_extract_prepared(body, capture, profile_key, boilerplate) for body, capture, profile_key in pages]


def _extract_in_pool(pool: ProcessPoolExecutor, jobs, boilerplate: tuple[str, ...], workers: int):
    """Results in the order of ``jobs``.  Pages go to the workers :data:`REEXTRACT_BATCH` at a time (one
    hand-over costs about as much as extracting a page), at most :data:`REEXTRACT_IN_FLIGHT` batches a
    worker in flight (they wait in memory, so the archive's size never matters)."""
    pending: deque = deque()

    def submit(batch: list) -> None:
        pages = [(body, capture, profile_key) for capture, body, profile_key in batch]
        pending.append(([capture for capture, _, _ in batch], pool.submit(_extract_batch, pages, boilerplate)))

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
    db: sqlite_utils.Database, capture: Capture, outcome: Article | PreparedArticle | str, summary: ReextractSummary
) -> None:
    if isinstance(outcome, str):
        summary.not_articles += 1
        summary.note(f"{capture.url}: not an article ({outcome})")
        return
    article = outcome if isinstance(outcome, PreparedArticle) else _record(outcome, capture)
    result = save_article(
        db, article, crawl_id=capture.crawl_id, source="reextract", now=datetime.fromisoformat(capture.captured_at)
    )
    setattr(summary, result.status, getattr(summary, result.status) + 1)

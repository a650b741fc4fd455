"""Template lines learned from the archive itself: a line that recurs verbatim across many
articles of one site is boilerplate for that site, even if no extraction rule names it.

* :func:`learn_boilerplate` reads the site's most recent stored texts (at most
  :data:`SAMPLE_ARTICLES`, streamed row by row), counts in how many distinct articles each short
  line occurs, and keeps the lines above both thresholds in table ``site_boilerplate``;
* :func:`load_boilerplate` gives the extractor the site's list
  (``extract_article(html, url, boilerplate=load_boilerplate(db, site))``);
* :func:`forget_boilerplate` removes a line learned by mistake.

Learned lines are sticky: once a line is learned, extraction drops it, so newer texts no longer
show it; relearning updates the lines it still sees and adds new ones, and keeps the others.
Only whole lines count (lead prefixes such as ``BBK - `` differ per article and are never
learned), and a line that is the article's own lead or one of its captions is not counted.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from archive.db import transaction
from archive.text import normalize_line
from archive.vn_time import now_vn, to_iso

# How many of the site's newest articles are read: enough to see a template, bounded memory
# and time, and recent, so a template change is learned within one night's crawl.
SAMPLE_ARTICLES = 500
# Below this many stored articles nothing is learned: with ten articles, a sentence shared by a
# short series (three parts of a report) would look like a template.
MIN_SAMPLE = 20
# A line must occur in at least this many articles ...
MIN_ARTICLES = 10
# ... and in at least this share of the sampled ones.  Template lines (footers, box headings,
# share bars) appear on nearly every page of a template, so 25 % leaves room for a template that
# has run for only part of the sample, while real sentences reused by a series or a common
# caption ("Quang cảnh hội nghị.") stay far below it.
MIN_SHARE = 0.25
# Template lines are short; paragraphs of body text are never candidates (and never counted,
# which keeps the counter small).
MAX_LINE_CHARS = 160
MAX_LINE_WORDS = 30


@dataclass(frozen=True)
class LearnedLine:
    site: str
    line: str
    articles: int
    share: float
    learned_at: str


def _is_candidate(line: str) -> bool:
    return 0 < len(line) <= MAX_LINE_CHARS and len(line.split()) <= MAX_LINE_WORDS


def _json_list(value: Any) -> list:
    if not value:
        return []
    try:
        items = json.loads(value) if isinstance(value, str) else list(value)
    except ValueError:
        return []
    return [item for item in items if isinstance(item, str)]


def count_lines(db: sqlite_utils.Database, site: str, *, sample: int = SAMPLE_ARTICLES) -> tuple[Counter, int]:
    """In how many of ``site``'s newest ``sample`` articles (last stored first) each candidate line
    occurs, and how many articles were read.  Duplicates (``duplicate_of`` set) are skipped."""
    counts: Counter = Counter()
    seen = 0
    cursor = db.execute(
        "SELECT text, lead, captions FROM articles WHERE site = ? AND duplicate_of IS NULL "
        "ORDER BY id DESC LIMIT ?",  # ids grow as articles are first stored; walks the site index backwards
        [site, sample],
    )
    for text, lead, captions in cursor:
        seen += 1
        # save_article stores text, lead and captions normalised (archive.text), so lines compare as they are
        own = set(_json_list(captions))
        if lead:
            own.add(lead)
        lines = {line for line in (text or "").split("\n") if len(line) <= MAX_LINE_CHARS}
        counts.update(line for line in lines if _is_candidate(line) and line not in own)
    return counts, seen


def learn_boilerplate(
    db: sqlite_utils.Database,
    site: str,
    *,
    min_articles: int = MIN_ARTICLES,
    min_share: float = MIN_SHARE,
    sample: int = SAMPLE_ARTICLES,
    now: datetime | None = None,
) -> list[str]:
    """Learn ``site``'s template lines from its stored texts; returns the lines learned this time
    (most frequent first).  Previously learned lines are kept (see the module docstring)."""
    counts, seen = count_lines(db, site, sample=sample)
    if seen < max(MIN_SAMPLE, min_articles):
        return []
    at = to_iso(now or now_vn())
    learned = [
        (line, n) for line, n in counts.most_common()
        if n >= min_articles and n / seen >= min_share
    ]
    with transaction(db):
        for line, n in learned:
            db.execute(
                "INSERT INTO site_boilerplate (site, line, articles, share, learned_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(site, line) DO UPDATE SET articles = excluded.articles, share = excluded.share, "
                "learned_at = excluded.learned_at",
                [site, line, n, round(n / seen, 4), at],
            )
    return [line for line, _ in learned]


def load_boilerplate(db: sqlite_utils.Database, site: str) -> frozenset[str]:
    """The lines learned for ``site`` (empty when none), for ``extract_article(boilerplate=…)``."""
    return frozenset(line for (line,) in db.execute("SELECT line FROM site_boilerplate WHERE site = ?", [site]))


def list_boilerplate(db: sqlite_utils.Database, site: str | None = None) -> list[LearnedLine]:
    """Learned lines, per site, most frequent first."""
    sql = "SELECT site, line, articles, share, learned_at FROM site_boilerplate"
    params: list[Any] = []
    if site:
        sql += " WHERE site = ?"
        params.append(site)
    rows = db.execute(sql + " ORDER BY site, articles DESC, line", params)
    return [LearnedLine(*row) for row in rows]


def forget_boilerplate(db: sqlite_utils.Database, site: str, line: str) -> bool:
    """Remove one learned line (learned by mistake); True if it was there."""
    with transaction(db):
        cursor = db.execute("DELETE FROM site_boilerplate WHERE site = ? AND line = ?", [site, normalize_line(line)])
        return cursor.rowcount > 0


def sites_with_articles(db: sqlite_utils.Database) -> list[str]:
    return [site for (site,) in db.execute("SELECT DISTINCT site FROM articles ORDER BY site")]

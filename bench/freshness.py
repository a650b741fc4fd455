"""Freshness bench: how many corrections the revisit schedule catches, how late, and at what cost.

A simulated site publishes ``--articles`` articles spread evenly from ``--back-days`` days before the
first night to the last of ``--nights`` nightly runs; ``--corrected`` of them (a share) are corrected
once, at an age drawn uniformly from ``--max-age`` days (seeded).  Each night a run discovers what was
published since the last one and then revisits:

* ``adaptive``: the real schedule (``archive.freshness`` on a real SQLite file, default settings:
  ages 1, 2, 4 … days up to the ceiling, the per-run budget);
* ``window3``: the old fixed window, every article of the last 3 days (``CRAWL_REVISIT_DAYS=3``);
* ``full``: every archived article, every night (the baseline: catches everything a night late).

Printed per strategy: corrections caught (of all that happened, and of those at least a ceiling
before the end: target 100 %), median and max delay in days, revisit requests per night as a share of
a full recrawl (target <= 5 %), and the ratios to the full recrawl measured in the same run.

    python bench/freshness.py                       # 1,000 articles, 90 nights (~5 s)
    python bench/freshness.py --articles 200 --nights 30   # a quick look
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.db import open_archive  # noqa: E402
from archive.freshness import (  # noqa: E402
    RevisitPolicy,
    count_archived,
    due_revisits,
    record_check,
    schedule_article,
)
from archive.store import save_article  # noqa: E402
from archive.vn_time import VN_TZ  # noqa: E402
from crawler import settings as defaults  # noqa: E402

FIRST_NIGHT = datetime(2024, 1, 1, 2, 0, tzinfo=VN_TZ)
SITE = "bench"


@dataclass
class Article:
    n: int
    published: datetime
    corrected_at: datetime | None = None

    @property
    def url(self) -> str:
        return f"https://bench.example.vn/bai-{self.n}.html"

    @property
    def first_seen(self) -> datetime:
        """The first night at or after publication (the back archive: the first night)."""
        nights = max(0, math.ceil((self.published - FIRST_NIGHT).total_seconds() / 86400))
        return FIRST_NIGHT + timedelta(days=nights)

    def version(self, now: datetime) -> int:
        return int(self.corrected_at is not None and self.corrected_at <= now)


@dataclass
class Outcome:
    name: str
    revisits: list[int] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)
    delays: dict[int, float] = field(default_factory=dict)  # article -> days from correction to archive
    seconds: float = 0.0


def make_site(args: argparse.Namespace) -> list[Article]:
    rng = random.Random(args.seed)
    span = (args.back_days + args.nights) * 86400
    start = FIRST_NIGHT - timedelta(days=args.back_days)
    articles = [Article(n, start + timedelta(seconds=span * (n + 0.5) / args.articles)) for n in range(args.articles)]
    for article in rng.sample(articles, round(args.corrected * args.articles)):
        article.corrected_at = article.published + timedelta(days=rng.uniform(0.1, args.max_age))
    return articles


def simulate(name: str, articles: list[Article], args: argparse.Namespace, policy: RevisitPolicy) -> Outcome:
    """One strategy over every night; the adaptive one runs the real schedule on a real SQLite file."""
    outcome = Outcome(name)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        db = open_archive(Path(folder) / "bench.sqlite")
        stored: dict[int, int] = {}  # article -> version archived
        by_url = {a.url: a for a in articles}
        for night in range(args.nights):
            now = FIRST_NIGHT + timedelta(days=night)
            for article in articles:  # discovery: what was published since the last run
                if article.n not in stored and article.published <= now:
                    stored[article.n] = article.version(now)
                    if name == "adaptive":
                        save_article(db, {"url": article.url, "site": SITE, "text": f"Bài {article.n}.",
                                          "published_at": article.published.isoformat()}, now=now)
                        schedule_article(db, article.url, SITE, published_at=article.published.isoformat(),
                                         now=now, policy=policy)
            if name == "adaptive":
                due = due_revisits(db, SITE, now=now, limit=policy.budget(count_archived(db, SITE)))
                checked = [by_url[d.url] for d in due]
            elif name == "window3":
                checked = [a for a in articles if a.n in stored and a.published >= now - timedelta(days=3)]
            else:
                checked = [a for a in articles if a.n in stored]
            for article in checked:
                version = article.version(now)
                changed = version != stored[article.n]
                stored[article.n] = version
                if changed:
                    outcome.delays[article.n] = (now - article.corrected_at).total_seconds() / 86400
                if name == "adaptive":
                    record_check(db, article.url, "updated" if changed else "not_modified", now=now, policy=policy)
            outcome.revisits.append(len(checked))
            outcome.shares.append(len(checked) / max(1, len(stored)))
        db.conn.close()
    outcome.seconds = time.perf_counter() - started
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--nights", type=int, default=90)
    parser.add_argument("--back-days", type=int, default=60, help="archive already published before night 1")
    parser.add_argument("--corrected", type=float, default=0.05, help="share of articles corrected once")
    parser.add_argument("--max-age", type=float, default=60.0, help="corrections at ages up to this many days")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    policy = RevisitPolicy(defaults.CRAWL_REVISIT_MIN_DAYS, defaults.CRAWL_REVISIT_MAX_DAYS,
                           defaults.CRAWL_REVISIT_BUDGET, defaults.CRAWL_REVISIT_BUDGET_MIN)
    articles = make_site(args)
    end = FIRST_NIGHT + timedelta(days=args.nights - 1)
    # corrections made after the article was archived, before the last night
    happened = [a for a in articles if a.corrected_at and a.first_seen < a.corrected_at <= end]
    settled = [a for a in happened if a.corrected_at + timedelta(days=policy.max_days + 1) <= end]
    print(f"{args.articles} articles ({args.back_days} days of archive before night 1), {args.nights} nights, "
          f"{len(happened)} corrections during the nights ({len(settled)} at least a ceiling of "
          f"{policy.max_days:g} days before the end); policy {policy}")
    results = [simulate(name, articles, args, policy) for name in ("full", "window3", "adaptive")]
    full = results[0]
    print("| strategy | caught | caught within the ceiling | median delay (d) | max delay (d) "
          "| revisits/night (median) | share of a full recrawl (median) | requests vs full | seconds |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        caught = [a for a in happened if a.n in r.delays]
        settled_caught = [a for a in settled if a.n in r.delays and r.delays[a.n] <= policy.max_days + 1]
        delays = [r.delays[a.n] for a in caught]
        median_delay = f"{statistics.median(delays):.1f}" if delays else "-"
        max_delay = f"{max(delays):.1f}" if delays else "-"
        ratio = sum(r.revisits) / max(1, sum(full.revisits))
        print(f"| {r.name} | {len(caught)}/{len(happened)} | {len(settled_caught)}/{len(settled)} | {median_delay} "
              f"| {max_delay} | {statistics.median(r.revisits):g} | {statistics.median(r.shares):.1%} "
              f"| {ratio:.3f} | {r.seconds:.1f} |")


if __name__ == "__main__":
    main()

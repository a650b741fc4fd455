"""What a run's revisits found and how healthy its extraction was, recorded when the spider closes.

:class:`FreshnessRecorder` (extension, after ``CrawlRecorder``, which has finished the crawl row):

* writes the run's revisit figures (``archive.freshness.record_crawl_revisits``: revisits sent,
  answered 304, unchanged, corrections found, due, budget) for ``archive stats``;
* for a run that finished, writes its health (``archive.drift.Health``, from the ``discovery/…``,
  ``extract/…`` and ``archive/failed`` stats and the texts it stored) and compares it with the
  site's history (``archive.drift.judge``); a drop marks the crawl row ``degraded`` with what dropped,
  logged as a warning; ``archive crawl`` shows it in the summary and exits 3
  (``crawler.runner.guard.exit_code``).

Why not Spidermon: see docs/freshness.md ("Drift alarms").  Settings: ``DRIFT_ENABLED``,
``DRIFT_HISTORY``, ``DRIFT_MIN_RUNS``, ``DRIFT_MIN_PAGES``, ``DRIFT_SHARE_DROP``,
``DRIFT_LENGTH_RATIO``, ``DRIFT_FOUND_RATIO``, ``DRIFT_FAILURE_RISE``.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy import signals

from archive.drift import DriftThresholds, Health, judge, mark_degraded, median_chars, record_health, usual_health
from archive.errors import ArchiveError
from archive.freshness import record_crawl_revisits
from crawler.components.extensions import archive_session
from crawler.components.revisits import _setting

logger = logging.getLogger(__name__)


def drift_thresholds(settings: Any) -> DriftThresholds:
    return DriftThresholds(
        min_runs=int(_setting(settings, "DRIFT_MIN_RUNS")),
        history=int(_setting(settings, "DRIFT_HISTORY")),
        min_pages=int(_setting(settings, "DRIFT_MIN_PAGES")),
        share_drop=float(_setting(settings, "DRIFT_SHARE_DROP")),
        length_ratio=float(_setting(settings, "DRIFT_LENGTH_RATIO")),
        found_ratio=float(_setting(settings, "DRIFT_FOUND_RATIO")),
        failure_rise=float(_setting(settings, "DRIFT_FAILURE_RISE")),
    )


def health_from_stats(stats: dict[str, Any], median: int | None, has_site_rules: bool) -> Health:
    """A run's :class:`Health` from its Scrapy stats and the median length of the texts it stored."""

    def get(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    return Health(
        found=get("discovery/first_page_links"),
        listing_pages=get("discovery/first_pages"),
        pages=get("extract/site") + get("extract/generic"),
        site_rules=get("extract/site"),
        dated=get("extract/dated"),
        authored=get("extract/authored"),
        median_chars=median,
        # download failures, pages not an article, pages not stored; less the earlier failures this run tried
        # again (a run after a bad night retries them, and would look like a site gone bad)
        failures=max(0, get("archive/failed/article") - get("discovery/retried_failures")),
        has_site_rules=has_site_rules,
    )


def revisit_counts(stats: dict[str, Any]) -> dict[str, int]:
    def get(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    return {"revisits": get("revisit/requests"), "not_modified": get("revisit/not_modified"),
            "unchanged": get("revisit/unchanged"), "corrections": get("revisit/updated"),
            "due": get("revisit/due"), "budget": get("revisit/budget")}


class FreshnessRecorder:
    def __init__(self, session: Any, stats: Any, thresholds: DriftThresholds, enabled: bool = True) -> None:
        self.session = session
        self.stats = stats
        self.thresholds = thresholds
        self.enabled = enabled

    @classmethod
    def from_crawler(cls, crawler: Any) -> FreshnessRecorder:
        settings = crawler.settings
        ext = cls(archive_session(crawler), crawler.stats, drift_thresholds(settings),
                  bool(_setting(settings, "DRIFT_ENABLED")))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        crawl_id, site = self.session.crawl_id, self.session.site
        if crawl_id is None:
            return
        rules = getattr(getattr(spider, "profile", None), "rules", None)
        try:
            note = record_run_freshness(self.session.db, crawl_id, site, self.stats.get_stats(),
                                        has_site_rules=rules is not None and not rules.fallback,
                                        thresholds=self.thresholds if self.enabled and reason == "finished" else None)
            if note:
                spider.logger.warning("degraded: %s", note)
        except (ArchiveError, sqlite3.Error) as exc:  # the crawl row is final already: say so, lose only this
            logger.error("revisit figures and health of crawl %s not recorded: %s", crawl_id, exc)
        finally:
            self.session.close()  # CrawlRecorder closed it before; using .db above opened it again


def record_run_freshness(db: Any, crawl_id: int, site: str, stats: dict[str, Any], *, has_site_rules: bool,
                         thresholds: DriftThresholds | None) -> str | None:
    """A finished crawl's revisit figures and, with ``thresholds`` (the drift alarm on, the run finished),
    its health judged against the site's history; returns the note when the run is degraded.  Used by
    :class:`FreshnessRecorder` and by the frontier's ingester (``crawler/cluster/ingest.py``)."""
    record_crawl_revisits(db, crawl_id, site, revisit_counts(stats))
    if thresholds is None:
        return None
    health = health_from_stats(stats, median_chars(db, crawl_id), has_site_rules)
    history = usual_health(db, site, before=crawl_id, thresholds=thresholds)
    record_health(db, crawl_id, site, health)
    note = judge(site, health, history, thresholds)
    if note:
        mark_degraded(db, crawl_id, note)
    return note

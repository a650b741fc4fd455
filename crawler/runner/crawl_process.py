"""Run several spiders in one process (one Twisted reactor) and report what each did.

``run_crawls(["bdk", "bbk"], db_path=…, mirror_url=…)`` is what ``archive crawl`` and
``archive demo`` call: it loads ``crawler.settings`` (whatever the current folder), applies the
run's options on top, runs every spider at once with ``CrawlerProcess`` and returns one
:class:`SiteResult` per spider, in the order asked.  A process can run this once (the reactor
cannot be restarted), which is how the CLI uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from crawler.components.extensions import archive_session, crawl_status

SETTINGS_MODULE = "crawler.settings"


@dataclass(frozen=True)
class SiteResult:
    spider: str
    site: str
    crawl_id: int | None
    status: str  # finished | failed | killed
    new: int
    updated: int
    unchanged: int
    failed: int
    requests: int
    seconds: float
    reason: str  # Scrapy's finish reason

    @property
    def ok(self) -> bool:
        return self.status == "finished"


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def spider_names(settings: Settings | None = None) -> list[str]:
    """Every spider name (what ``scrapy list`` prints)."""
    return sorted(get_spider_loader(settings or project_settings()).list())


def site_spiders(settings: Settings | None = None) -> list[str]:
    """The site spiders ``--all`` runs: every site of the registry (sharepoint and generic need a start URL)."""
    from crawler.profiles.registry import registry_for, site_keys

    return site_keys(registry_for(settings or project_settings()))


def result_of(name: str, crawler: Crawler) -> SiteResult:
    stats = crawler.stats.get_stats() if crawler.stats else {}
    session = archive_session(crawler)
    reason = str(stats.get("finish_reason", "not started"))
    return SiteResult(
        spider=name,
        site=session.site or name,
        crawl_id=session.crawl_id,
        status=crawl_status(reason),
        new=int(stats.get("archive/new", 0)),
        updated=int(stats.get("archive/updated", 0)),
        unchanged=int(stats.get("archive/unchanged", 0)),
        failed=int(stats.get("archive/failed", 0)),
        requests=int(stats.get("downloader/request_count", 0)),
        seconds=round(float(stats.get("elapsed_time_seconds", 0.0)), 2),
        reason=reason,
    )


# which stop signals the crawl received (``archive crawl`` exits 130 / 143 for them)
RECEIVED_SIGNALS: list[int] = []


class _SignalRecordingProcess(CrawlerProcess):
    """Scrapy's process, remembering the SIGINT / SIGTERM that stopped it (Scrapy only logs it)."""

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        RECEIVED_SIGNALS.append(signum)
        super()._signal_shutdown(signum, frame)


def run_settings(db_path: str | Path, mirror_url: str | None, log_level: str,
                 settings: Mapping[str, Any] | None = None) -> Settings:
    """The project's settings for a run into ``db_path`` (from ``mirror_url``), ``settings`` on top."""
    overrides: dict[str, Any] = {"ARCHIVE_DB": str(db_path), "LOG_LEVEL": log_level, "LOG_INSTALL_ROOT_HANDLER": True}
    if mirror_url:
        overrides["MIRROR_URL"] = mirror_url
    overrides.update(settings or {})
    return project_settings(overrides)


def spider_kwargs(spider_args: Mapping[str, str] | None, since: date | None, max_pages: int | None) -> dict[str, Any]:
    """The spiders' ``-a`` arguments, ``--since`` and ``--max-pages`` included."""
    kwargs: dict[str, Any] = dict(spider_args or {})
    if since:
        kwargs["since"] = since.isoformat()
    if max_pages:
        kwargs["max_pages"] = str(max_pages)
    return kwargs


def run_crawls(
    spiders: Sequence[str],
    *,
    db_path: str | Path,
    mirror_url: str | None = None,
    since: date | None = None,
    max_pages: int | None = None,
    spider_args: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
    log_level: str = "WARNING",
    prepare: Callable[[str, Crawler], None] | None = None,
) -> list[SiteResult]:
    """Crawl ``spiders`` together into the archive at ``db_path``; blocks until all are done.

    ``prepare(name, crawler)``, when given, is called for each crawler before it starts (its settings
    are not frozen yet): ``archive crawl`` sets the per-site resume settings there.
    """
    process = _SignalRecordingProcess(run_settings(db_path, mirror_url, log_level, settings))
    kwargs = spider_kwargs(spider_args, since, max_pages)
    crawlers: list[tuple[str, Crawler]] = []
    for name in spiders:
        crawler = process.create_crawler(name)
        if prepare is not None:
            prepare(name, crawler)
        crawlers.append((name, crawler))
        process.crawl(crawler, **kwargs)
    process.start()
    return [result_of(name, crawler) for name, crawler in crawlers]

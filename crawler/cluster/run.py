"""Running frontier crawls: the seeder on the archive machine, workers anywhere.

* :func:`crawl_with_frontier` — ``archive crawl SITES --frontier URL``: opens (or resumes) a run per
  spider (:mod:`crawler.cluster.seed`), crawls as one of the workers and the only one that queues start
  requests, and, when the whole frontier is idle, closes the runs, waits for the ingester to store
  them and returns their crawl rows.
* :func:`run_worker` — ``archive worker --frontier URL``: joins every open run and crawls until the
  runs close.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from archive.db import open_archive
from archive.failures import RetryPolicy
from archive.vn_time import now_vn
from crawler.cluster.keys import Keys, connect
from crawler.cluster.seed import OpenRun, close_run, open_run
from crawler.cluster.spider import frontier_spider
from crawler.cluster.worker_settings import default_worker_name, make_worker
from crawler.components.extensions import crawl_status
from crawler.runner.crawl_process import run_settings, spider_kwargs

logger = logging.getLogger(__name__)

def spider_loader(settings: Settings) -> Any:
    """The project's spider loader (``SPIDER_LOADER_CLASS``: a spider per site of the registry)."""
    return load_object(settings["SPIDER_LOADER_CLASS"]).from_settings(settings.frozencopy())


def site_of(spidercls: type, args: Mapping[str, str]) -> str:
    if args.get("site"):
        return args["site"]
    profile = getattr(spidercls, "profile", None)
    if profile is not None:
        return profile.key
    return (urlsplit(args.get("start_url", "")).hostname or spidercls.name).lower()


def _process(url: str, worker: str, *, seeder: bool, db_path: Path, mirror_url: str | None,
             log_level: str, settings: Mapping[str, Any] | None) -> CrawlerProcess:
    base = run_settings(db_path, mirror_url, log_level, settings)
    base.set("FRONTIER_URL", url, priority="cmdline")
    base.set("FRONTIER_WORKER", worker, priority="cmdline")
    make_worker(base, seeder=seeder, priority="cmdline")
    return CrawlerProcess(base)


def crawl_spider(process: CrawlerProcess, spidercls: type, args: Mapping[str, Any]) -> Crawler:
    """Queue a crawl of ``spidercls`` on ``process``; its crawler.  (Not a Crawler made beforehand: Scrapy merges
    the runner's settings into a given Crawler, which would undo what the spider's ``update_settings`` set.)"""
    before = set(process.crawlers)
    process.crawl(spidercls, **args)
    (crawler,) = set(process.crawlers) - before
    return crawler


def crawl_with_frontier(
    spiders: Sequence[str],
    *,
    db_path: Path,
    url: str,
    worker: str | None = None,
    mirror_url: str | None = None,
    since: date | None = None,
    max_pages: int | None = None,
    spider_args: Mapping[str, str] | None = None,
    settings: Mapping[str, Any] | None = None,
    log_level: str = "WARNING",
    ingest_wait: float = 600.0,
) -> list[dict[str, Any]]:
    """Seed, crawl, close (see module docstring); returns the runs: spider, site, run, crawl row values."""
    worker = worker or default_worker_name()
    args = spider_kwargs(spider_args, since, max_pages)
    process = _process(url, worker, seeder=True, db_path=db_path, mirror_url=mirror_url, log_level=log_level,
                       settings=settings)
    loader = spider_loader(process.settings)
    redis, keys = connect(url), Keys.of(url)
    opened = open_runs(db_path, redis, keys, process.settings,
                       [(name, site_of(loader.load(name), args), args) for name in spiders])
    crawlers = [(run, crawl_spider(process, frontier_spider(loader.load(run.spider)), args)) for run in opened]
    process.start()
    for run, crawler in crawlers:
        close_crawled_run(redis, keys, run, crawler)
    return wait_for_ingester(redis, keys, [run for run, _ in crawlers], timeout=ingest_wait)


def open_runs(db_path: Path, redis: Any, keys: Keys, settings: Settings,
              runs: Sequence[tuple[str, str, Mapping[str, str]]]) -> list[OpenRun]:
    """Open (or resume) a run for each ``(spider, site, args)``, reading what workers must know from the archive."""
    db = open_archive(db_path)
    try:
        policy = RetryPolicy.from_settings(settings)
        return [open_run(db, redis, keys, spider=spider, site=site, args=args, now=now_vn(), policy=policy)
                for spider, site, args in runs]
    finally:
        db.conn.close()


def close_crawled_run(redis: Any, keys: Keys, run: OpenRun, crawler: Crawler) -> str:
    """Tell the ingester ``run`` is over, as the seeder's ``crawler`` ended it; returns Scrapy's finish reason."""
    reason = str(crawler.stats.get_value("finish_reason", "not started"))
    status = crawl_status(reason)
    rules = getattr(getattr(crawler.spider, "profile", None), "rules", None)
    close_run(redis, keys, run, status=status, message=None if status == "finished" else reason,
              requests=int(crawler.stats.get_value("downloader/request_count", 0)),
              site_rules=rules is not None and not rules.fallback)
    return reason


def wait_for_ingester(redis: Any, keys: Keys, runs: Sequence[OpenRun], *, timeout: float) -> list[dict[str, Any]]:
    """Block until the ingester closed ``runs`` (or ``timeout`` s); their counts and crawl ids."""
    deadline = time.monotonic() + timeout
    waiting = {run.run for run in runs}
    while waiting and time.monotonic() < deadline:
        waiting &= {r.decode() for r in redis.smembers(keys.key("runs", "open"))}
        if waiting:
            time.sleep(0.5)
    out = []
    for run in runs:
        counts = {k.decode(): int(v) for k, v in redis.hgetall(keys.key("run", run.run, "counts")).items()}
        crawl_id = redis.hget(keys.key("runs"), run.run)
        out.append({"spider": run.spider, "site": run.site, "run": run.run, "stored": run.run not in waiting,
                    "crawl_id": int(crawl_id) if crawl_id else None, **counts})
    return out


def open_spiders(redis: Any, keys: Keys) -> dict[str, dict[str, str]]:
    """Spiders with an open run, with their arguments."""
    out = {}
    for raw in redis.smembers(keys.key("spiders")):
        info = redis.hgetall(keys.run(raw.decode()))
        if info.get(b"status") == b"open":
            out[raw.decode()] = json.loads(info.get(b"args", b"{}"))
    return out


def run_worker(url: str, *, worker: str | None = None, db_path: Path, mirror_url: str | None = None,
               wait: float = 60.0, settings: Mapping[str, Any] | None = None, log_level: str = "WARNING") -> list[str]:
    """Join the open runs (waiting up to ``wait`` s for one) and crawl until they close; returns their spiders."""
    worker = worker or default_worker_name()
    redis, keys = connect(url), Keys.of(url)
    deadline = time.monotonic() + wait
    spiders = open_spiders(redis, keys)
    while not spiders and time.monotonic() < deadline:
        time.sleep(0.5)
        spiders = open_spiders(redis, keys)
    if not spiders:
        return []
    process = _process(url, worker, seeder=False, db_path=db_path, mirror_url=mirror_url, log_level=log_level,
                       settings=settings)
    loader = spider_loader(process.settings)
    for name, args in spiders.items():
        crawl_spider(process, frontier_spider(loader.load(name)), args)
    process.start()
    return sorted(spiders)

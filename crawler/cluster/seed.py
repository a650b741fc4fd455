"""Opening a run on the frontier (the archive machine's side of ``archive crawl --frontier``).

For each spider, :func:`open_run` publishes what workers must know and cannot read from the archive
file — the URLs archived when the run opens (with their published dates: "known" for the
stop-when-known rule and ``--since``), the failures still waiting out their backoff, the URLs with a
failure row, the template lines learned for the site, whether the last run finished cleanly — clears
the duplicate filter of the previous run, marks the run open and tells the ingester (``run_open``).
A run still open (its seeder was killed) is resumed as it is: its queue and duplicate filter stay.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from archive.boilerplate import load_boilerplate
from archive.failures import RetryPolicy, failed_urls, waiting_urls
from archive.history import resume_cutoff
from archive.store import site_urls_with_dates
from crawler.cluster import messages
from crawler.cluster.keys import Keys

BATCH = 5000


@dataclass(frozen=True)
class OpenRun:
    spider: str
    site: str
    run: str
    resumed: bool


def open_run(db: sqlite_utils.Database, redis: Any, keys: Keys, *, spider: str, site: str,
             args: Mapping[str, str] | None = None, now: datetime, policy: RetryPolicy) -> OpenRun:
    """Publish ``spider``'s run (see module docstring); returns it, ``resumed`` when it was still open."""
    info = redis.hgetall(keys.run(spider))
    if info.get(b"status") == b"open":
        return OpenRun(spider, info[b"site"].decode(), info[b"run"].decode(), resumed=True)
    run = f"{spider}-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    redis.delete(keys.known(spider), keys.waiting(spider), keys.key("failed", spider),
                 keys.key("boilerplate", spider), keys.dupefilter(spider), keys.requests(spider))
    _publish_known(db, redis, keys.known(spider), site)
    _add_all(redis, keys.waiting(spider), waiting_urls(db, site, now=now, policy=policy))
    _add_all(redis, keys.key("failed", spider), failed_urls(db, site))
    lines = sorted(load_boilerplate(db, site))
    if lines:
        redis.rpush(keys.key("boilerplate", spider), *lines)
    clean = resume_cutoff(db, site) is None
    redis.hset(keys.run(spider), mapping={"run": run, "site": site, "status": "open", "args": json.dumps(args or {}),
                                          "stop_when_known": "1" if clean else "0", "opened_at": now.isoformat()})
    redis.sadd(keys.key("runs", "open"), run)
    redis.sadd(keys.key("spiders"), spider)
    redis.lpush(keys.items(), messages.encode("run_open", run=run, spider=spider, site=site))
    return OpenRun(spider, site, run, resumed=False)


def close_run(redis: Any, keys: Keys, opened: OpenRun, *, status: str, message: str | None, requests: int,
              site_rules: bool = True) -> None:
    """Tell the ingester the run is over (after every item of it is in the queue); ``site_rules``: the
    site has rules of its own (not the generic fallback), for its health (``crawler/components/drift.py``)."""
    redis.hset(keys.run(opened.spider), "status", "done")
    redis.lpush(keys.items(), messages.encode("run_close", run=opened.run, site=opened.site, status=status,
                                              message=message, requests=requests, site_rules=site_rules))


def _publish_known(db: sqlite_utils.Database, redis: Any, key: str, site: str) -> None:
    batch: dict[str, str] = {}
    for url, published in site_urls_with_dates(db, site):
        batch[url] = published or ""
        if len(batch) >= BATCH:
            redis.hset(key, mapping=batch)
            batch = {}
    if batch:
        redis.hset(key, mapping=batch)


def _add_all(redis: Any, key: str, values: set[str]) -> None:
    items = sorted(values)
    for start in range(0, len(items), BATCH):
        redis.sadd(key, *items[start:start + BATCH])

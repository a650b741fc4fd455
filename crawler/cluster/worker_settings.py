"""What makes a crawler a frontier worker: its settings, applied by ``archive crawl --frontier`` and
``archive worker`` (``crawler/cluster/run.py``) or, for a spider scheduled with ``FRONTIER_URL`` set (Scrapyd,
``scrapy crawl -s FRONTIER_URL=…``), by the frontier spider class itself (``crawler/cluster/spider.py``)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

from scrapy.core.engine import ExecutionEngine
from scrapy.settings import BaseSettings

from crawler.cluster.frontier import frontier_settings
from crawler.components.middlewares import MirrorPoliteness

IDLE_POLL_SECONDS = 0.5


def make_worker(settings: Any, *, seeder: bool, priority: str) -> None:
    """Turn ``settings`` (with ``FRONTIER_URL``) into a frontier worker's, at ``priority``; once only."""
    if settings.get("SCHEDULER") == frontier_settings("redis://", "")["SCHEDULER"]:
        return
    worker = settings.get("FRONTIER_WORKER") or default_worker_name()
    data_dir = Path(settings["ARCHIVE_DB"]).expanduser().resolve().parent
    # An idle crawler asks its scheduler again only on the engine's heartbeat (5 s); a frontier worker's queue
    # fills while it idles, so it looks every half second.  (A Scrapy class attribute: no setting for it.)
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = IDLE_POLL_SECONDS
    for name, value in worker_settings(settings, settings["FRONTIER_URL"], worker, seeder=seeder,
                                       data_dir=data_dir).items():
        settings.set(name, value, priority=priority)


def default_worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def worker_settings(base: BaseSettings, url: str, worker: str, *, seeder: bool, data_dir: Path) -> dict[str, Any]:
    """The settings that turn ``base`` (the project's) into a frontier worker's (see the package docstring)."""
    out = frontier_settings(url, worker)  # sets Scrapy's own DOWNLOAD_DELAY to 0: Redis gives the moment …
    out["FRONTIER_SEEDER"] = seeder
    # … so the shared limits default to what one process would use, read before that override (a loopback
    # mirror lifts them, as the MirrorPoliteness add-on does for one process)
    alone = base.copy()
    MirrorPoliteness().update_settings(alone)
    if base.get("FRONTIER_DOMAIN_DELAY") in (None, ""):
        out["FRONTIER_DOMAIN_DELAY"] = alone.getfloat("DOWNLOAD_DELAY")
    if base.get("FRONTIER_DOMAIN_CONCURRENCY") in (None, ""):
        out["FRONTIER_DOMAIN_CONCURRENCY"] = alone.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    pipelines = dict(base.getdict("ITEM_PIPELINES"))
    pipelines.pop("crawler.components.pipelines.ArchivePipeline", None)
    out["ITEM_PIPELINES"] = {**pipelines, "crawler.cluster.worker.FrontierItemPipeline": 400}
    extensions = dict(base.getdict("EXTENSIONS"))
    # what writes or reads the archive file: the ingester writes the crawl rows; health and revisit
    # bookkeeping stay with a single-process crawl for now (docs/scale-out.md)
    for name in ("crawler.components.extensions.CrawlRecorder", "crawler.components.drift.FreshnessRecorder",
                 "crawler.components.disk_watch.DiskSpaceWatch"):
        extensions.pop(name, None)
    out["EXTENSIONS"] = {**extensions, "crawler.cluster.worker.FrontierWorker": 100}
    middlewares = dict(base.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares.pop("crawler.components.warc_capture.WarcCaptureMiddleware", None)
    conditional = middlewares.pop("crawler.components.revisits.ConditionalRevisitMiddleware", None)
    out["DOWNLOADER_MIDDLEWARES"] = {
        **middlewares,
        "crawler.cluster.revisits.FrontierNotModified": conditional or 600,  # the seeder made them conditional
        "crawler.cluster.capture.FrontierWarcCapture": 940,
        "crawler.cluster.politeness.GlobalPoliteness": 945,  # after capture, before the mirror: real hosts
        "crawler.cluster.worker.FrontierDoneOnError": 1,  # outermost: sees only final failures
    }
    out["SPIDER_MIDDLEWARES"] = {**base.getdict("SPIDER_MIDDLEWARES"), "crawler.cluster.worker.FrontierDone": 1}
    if base.getint("FRONTIER_CONCURRENCY") > 0:  # a small machine, or a benchmark of the frontier itself
        out["CONCURRENT_REQUESTS"] = base.getint("FRONTIER_CONCURRENCY")
    if not seeder and not base.get("WARC_FOLDER"):
        out["WARC_FOLDER"] = str(data_dir / "warc" / "workers" / worker)
    return out



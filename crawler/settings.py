"""Scrapy settings for the archive crawler: every setting and default lives here.

Environment: ``ARCHIVE_DB`` (archive path), ``MIRROR_URL`` (serve every request from a local
mirror), ``CRAWLER_CONTACT`` (put in the User-Agent).
"""

import math
import os
import sys


def _env_number(name: str, default: float, kind: type = float) -> float:
    """A number of seconds, bytes or tries from the environment, >= 0.  A bad one stops right here with one
    line and exit 2 (this module is read before any command starts, so nothing later could say it better)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return kind(default)
    try:
        value = kind(raw)
    except ValueError:
        value = -1
    if not (value >= 0 and math.isfinite(value)):
        sys.stderr.write(f"Error: {name}={raw!r} is not a {'whole ' if kind is int else ''}number >= 0\n")
        raise SystemExit(2)
    return value


BOT_NAME = "vn-news-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ARCHIVE_DB = os.environ.get("ARCHIVE_DB", "data/archive.sqlite")
MIRROR_URL = os.environ.get("MIRROR_URL", "")
CRAWLER_CONTACT = os.environ.get("CRAWLER_CONTACT", "https://github.com/vn-news-archive")
USER_AGENT = f"vn-news-archive/0.1 (+{CRAWLER_CONTACT}; archive crawler for Vietnamese provincial news)"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("CRAWLER_LOG_LEVEL", "INFO")

# --- spiders: politeness, retries, mirror, pipelines (crawler/spiders, middlewares, pipelines) ---
# Retries wait RETRY_BACKOFF_BASE * 2**(n-1) s (or the server's Retry-After), at most RETRY_BACKOFF_MAX.
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
CRAWL_MAX_PAGES = 0  # listing pages per start URL; 0 = no limit (spider arg -a max_pages=N)
CRAWL_STOP_WHEN_KNOWN = True  # stop a listing at a page holding only archived articles
CRAWL_REVISIT_DAYS = 3  # re-fetch articles of the last N days: corrections become versions
CRAWL_RETRY_FAILURES = True  # re-try the site's unparked failures at the start of a crawl
EXTRACT_BOILERPLATE: list[str] = []  # extra lines that must never reach clean text
BOILERPLATE_LEARN = True  # after a run that stored new articles, re-learn the site's template lines
EXTRACT_WORKERS = 0  # extraction processes beside the crawl (0 = in the crawl process; see pipelines.py)
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error (retried, then a failure)
# Scrapy starts this many tasks per callback output; ours yield one item or a page of links, so the
# default 100 only costs CPU (measured: ~1 ms a page, 14 % of the pipeline's time on a mirror).
CONCURRENT_ITEMS = 8
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.components.middlewares.BackoffRetryMiddleware": 550,
    "crawler.components.middlewares.FailureMiddleware": 540,  # below retry: sees only final outcomes
    "crawler.components.middlewares.MirrorMiddleware": 950,  # nearest the downloader: all others see real URLs
}
ITEM_PIPELINES = {
    "crawler.components.pipelines.ExtractPipeline": 300,
    "crawler.components.pipelines.ArchivePipeline": 400,
}
EXTENSIONS = {
    "crawler.components.extensions.CrawlRecorder": 100,
    "crawler.components.crawl_delay.RobotsCrawlDelay": 200,  # after AutoThrottle (0): its floor is applied last
    "crawler.runner.logs.NetworkErrorsInOneLine": 300,  # a failed download: one line in the log, no traceback
}
CRAWL_DELAY_OBEY = True  # robots.txt Crawl-delay is a floor between two requests to a host
CRAWL_DELAY_MAX = 60.0  # a larger Crawl-delay is capped here (with a warning)
REMOTE_CONTROL_ENABLED = False  # no listening port during crawls
ADDONS = {
    "crawler.components.middlewares.MirrorPoliteness": 0,  # lifts delays for a loopback MIRROR_URL only
}

# --- warc: archive-grade capture (crawler/components/warc_capture.py) ---
WARC_ENABLED = os.environ.get("WARC_ENABLED", "1").lower() not in ("0", "false", "no", "off")
WARC_FOLDER = os.environ.get("WARC_FOLDER", "")  # "" = "warc" beside ARCHIVE_DB
WARC_REVISITS = True  # an unchanged payload becomes a revisit record, not a second copy
WARC_MAX_BYTES = 1_000_000_000  # a WARC file this big is closed and the crawl goes on in the next (0 = never)
DOWNLOADER_MIDDLEWARES = {
    **globals().get("DOWNLOADER_MIDDLEWARES", {}),
    # right after the mirror (950): raw responses, real URLs
    "crawler.components.warc_capture.WarcCaptureMiddleware": 940,
}

# --- schedule --- (crawler/runner/nightly.py, crawler/runner/resume.py, archive/failures.py, archive/lock.py)
# A failed URL is retried on later runs after CRAWL_RETRY_BACKOFF seconds, doubling per failure up to
# CRAWL_RETRY_MAX_BACKOFF; after CRAWL_PARK_AFTER failures it is parked (not retried; `archive stats`).
CRAWL_RETRY_BACKOFF = _env_number("CRAWL_RETRY_BACKOFF", 3600)
CRAWL_RETRY_MAX_BACKOFF = _env_number("CRAWL_RETRY_MAX_BACKOFF", 7 * 24 * 3600)
CRAWL_PARK_AFTER = _env_number("CRAWL_PARK_AFTER", 5, int)
# Scrapy JOBDIR per site for resuming a stopped crawl: <CRAWL_JOBS_DIR>/<site>/ (default: jobs/ beside the db).
CRAWL_JOBS_DIR = os.environ.get("CRAWL_JOBS_DIR", "")
# `archive crawl --log-file`: rotated when it reaches CRAWL_LOG_MAX_BYTES, CRAWL_LOG_BACKUPS old files kept.
CRAWL_LOG_MAX_BYTES = _env_number("CRAWL_LOG_MAX_BYTES", 5 * 1024 * 1024, int)
CRAWL_LOG_BACKUPS = _env_number("CRAWL_LOG_BACKUPS", 10, int)
FAILURE_PARK_AFTER = CRAWL_PARK_AFTER  # one knob: the spiders' FailureMiddleware parks at the same count

# --- million --- (crawler/replay/reextract.py; docs/million.md)
REEXTRACT_WORKERS = 0  # extraction processes of `archive reextract` (0 = one per core; 1 = in its own process)

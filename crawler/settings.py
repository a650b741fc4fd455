"""Scrapy settings for the archive crawler: every setting and its default lives here, once.

Components read them without a fallback (``settings.getint("CRAWL_REVISIT_DAYS")``), as Scrapy's own
components read ``scrapy/settings/default_settings.py``.

Environment: ``ARCHIVE_DB`` (archive path), ``MIRROR_URL`` (serve every request from a local
mirror), ``CRAWLER_CONTACT`` (put in the User-Agent), and the numbers of :data:`_env_numbers`.
Importing this module never fails or exits: a bad number in the environment is read as the
default here, and :func:`check_environment` (which ``archive`` calls before any command) names it.
"""

import math
import os

_env_numbers: dict[str, type] = {}  # settings a number in the environment may set: name -> int or float


def _number(raw: str, kind: type) -> float | None:
    """``raw`` as a number of ``kind`` that is >= 0 and finite, else None."""
    try:
        value = kind(raw)
    except ValueError:
        return None
    return value if value >= 0 and math.isfinite(value) else None


def _env_number(name: str, default: float, kind: type = float) -> float:
    """A number of seconds, bytes or tries from the environment, >= 0; the default when unset or bad."""
    _env_numbers[name] = kind
    raw = os.environ.get(name, "").strip()
    value = _number(raw, kind) if raw else None
    return kind(default) if value is None else value


def check_environment(environ: dict[str, str] | None = None) -> list[str]:
    """One line per environment variable of :data:`_env_numbers` that is set but not a number >= 0."""
    environ = os.environ if environ is None else environ
    problems = []
    for name, kind in _env_numbers.items():
        raw = environ.get(name, "").strip()
        if raw and _number(raw, kind) is None:
            problems.append(f"{name}={raw!r} is not a {'whole ' if kind is int else ''}number >= 0")
    return problems


BOT_NAME = "vn-news-archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ARCHIVE_DB = os.environ.get("ARCHIVE_DB") or "data/archive.sqlite"
# A crawl commits the pages it stored (article, capture rows, schedule) together: after this many pages, or once
# the oldest is this many seconds old.  What a kill -9 loses of them is fetched again by the resumed run.
ARCHIVE_COMMIT_PAGES = _env_number("ARCHIVE_COMMIT_PAGES", 50, int)
ARCHIVE_COMMIT_SECONDS = _env_number("ARCHIVE_COMMIT_SECONDS", 2.0)
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
# Scrapy reads a generator callback's source on every response to warn about a `return value` in it (its
# cache is keyed by the bound method, made anew each time): 1.3% of a crawl's CPU.  The spiders are ours.
WARN_ON_GENERATOR_RETURN_VALUE = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("CRAWLER_LOG_LEVEL", "INFO")

# Spiders: politeness, retries, mirror, pipelines (crawler/spiders, crawler/components).
# Retries wait RETRY_BACKOFF_BASE * 2**(n-1) s (or the server's Retry-After), at most RETRY_BACKOFF_MAX.
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
CRAWL_MAX_PAGES = 0  # listing pages per start URL; 0 = no limit (spider arg -a max_pages=N)
CRAWL_STOP_WHEN_KNOWN = True  # stop a listing at a page holding only archived articles
CRAWL_REVISIT_DAYS = 0  # also re-fetch every article of the last N days (the old fixed window; see freshness below)
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
    # right after the mirror: raw responses, real URLs (WARC capture, below)
    "crawler.components.warc_capture.WarcCaptureMiddleware": 940,
    # revisits: If-None-Match / If-Modified-Since from the last capture (before the mirror and WARC)
    "crawler.components.revisits.ConditionalRevisitMiddleware": 600,
}
ITEM_PIPELINES = {
    "crawler.components.pipelines.ExtractPipeline": 300,
    "crawler.components.pipelines.ArchivePipeline": 400,
}
EXTENSIONS = {
    "crawler.components.storage_errors.StorageErrorsStopTheCrawl": 50,  # a damaged archive / full disk: stop
    "crawler.components.extensions.CrawlRecorder": 100,
    "crawler.components.disk_watch.DiskSpaceWatch": 150,  # free space below CRAWL_MIN_FREE_BYTES: stop (exit 74)
    "crawler.components.drift.FreshnessRecorder": 160,  # after CrawlRecorder (100) has finished the crawl row
    "crawler.components.crawl_delay.RobotsCrawlDelay": 200,  # after AutoThrottle (0): its floor is applied last
    "crawler.runner.logs.NetworkErrorsInOneLine": 300,  # a failed download: one line in the log, no traceback
    # no 0.2 s garbage-collection pauses walking the startup objects (they broke Crawl-delay spacing)
    "crawler.components.gc_freeze.FreezeStartupObjects": 900,
}
CRAWL_DELAY_OBEY = True  # robots.txt Crawl-delay is a floor between two requests to a host
CRAWL_DELAY_MAX = 60.0  # a larger Crawl-delay is capped here (with a warning)
REMOTE_CONTROL_ENABLED = False  # no listening port during crawls
ADDONS = {
    "crawler.components.middlewares.MirrorPoliteness": 0,  # lifts delays for a loopback MIRROR_URL only
}

# WARC capture, archive-grade (crawler/components/warc_capture.py).
WARC_ENABLED = os.environ.get("WARC_ENABLED", "1").lower() not in ("0", "false", "no", "off")
WARC_FOLDER = os.environ.get("WARC_FOLDER", "")  # "" = "warc" beside ARCHIVE_DB
WARC_REVISITS = True  # an unchanged payload becomes a revisit record, not a second copy
# A WARC file this big is closed and the crawl goes on in the next (0 = never): 1 GB, the size ISO 28500
# recommends and Heritrix/wget use, so files stay easy to copy, check and index.
WARC_MAX_BYTES = 1_000_000_000

# Unattended runs: failure retries, resume, crawl log (crawler/runner/, archive/failures.py, archive/lock.py).
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

# The registry of sites (crawler/profiles/registry.py, crawler/spiders/loader.py, docs/registry.md).
SPIDER_LOADER_CLASS = "crawler.spiders.loader.ProfileSpiderLoader"  # a spider per site of the registry
SITES_FILE = os.environ.get("SITES_FILE", "")  # user sites (TOML); "" = sites.toml beside ARCHIVE_DB
SITE_FETCH_TIMEOUT = 20.0  # archive site add/check: seconds per page
SITE_FETCH_MAX_BYTES = 5_000_000  # archive site add/check: a bigger page is cut here
SITE_FETCH_DELAY = 1.0  # archive site add/check: seconds between two requests to the site
SITE_ADD_MAX_SECTIONS = 30  # archive site add: at most this many listing pages in an entry
SITE_ADD_CHECK_ARTICLES = 2  # archive site add: articles extracted to confirm the article pattern
BACKFILL_MAX_SITEMAPS = 10_000  # a backfill reads at most this many sitemaps of a site (0 = no limit)

# Reliability: nothing lost, nothing unbounded, a sick disk or archive never looks like success
# (docs/reliability.md; crawler/components/disk_watch.py, archive/health.py, crawler/cli/health.py)
CRAWL_MIN_FREE_BYTES = _env_number("CRAWL_MIN_FREE_BYTES", 64 * 1024 * 1024, int)  # stop (exit 74) below this
CRAWL_DISK_CHECK_SECONDS = _env_number("CRAWL_DISK_CHECK_SECONDS", 5.0)  # how often free space is checked
ARCHIVE_QUICK_CHECK_MAX_BYTES = _env_number("ARCHIVE_QUICK_CHECK_MAX_BYTES", 4 * 1024**3, int)  # 0 = always
DOWNLOAD_MAXSIZE = _env_number("DOWNLOAD_MAXSIZE", 20 * 1024 * 1024, int)  # a bigger body (or decompressed body)
DOWNLOAD_WARNSIZE = _env_number("DOWNLOAD_WARNSIZE", 4 * 1024 * 1024, int)  # is refused; this one is logged
EXTRACT_MAX_BYTES = _env_number("EXTRACT_MAX_BYTES", 20 * 1024 * 1024, int)  # `archive extract` refuses more
# `archive import`: a longer line is a bad record, skipped unread; a longer article text is a bad record;
# after IMPORT_MAX_BAD_LINES bad lines (0 = never) the import stops with a summary.
IMPORT_MAX_LINE_BYTES = _env_number("IMPORT_MAX_LINE_BYTES", 20 * 1024 * 1024, int)
IMPORT_MAX_TEXT_CHARS = _env_number("IMPORT_MAX_TEXT_CHARS", 2_000_000, int)
IMPORT_MAX_BAD_LINES = _env_number("IMPORT_MAX_BAD_LINES", 100, int)

# Freshness: adaptive revisits, conditional requests, drift alarms (docs/freshness.md)
# (crawler/components/revisits.py, crawler/components/drift.py, archive/freshness.py, archive/drift.py)
# Each article is checked again at ages 1, 2, 4, 8 … days (the interval doubles while it stays the same,
# back to the minimum after a correction), never less often than every CRAWL_REVISIT_MAX_DAYS days.
CRAWL_REVISIT_MIN_DAYS = 1.0
CRAWL_REVISIT_MAX_DAYS = 64.0  # the ceiling
# A run revisits at most max(CRAWL_REVISIT_BUDGET_MIN, CRAWL_REVISIT_BUDGET x the site's archived articles)
# of its due articles, most overdue first, after discovery (lower priority); the rest wait for the next run.
CRAWL_REVISIT_BUDGET = 0.05
CRAWL_REVISIT_BUDGET_MIN = 10
CRAWL_REVISIT_CONDITIONAL = True  # revisits send If-None-Match / If-Modified-Since; a 304 costs no download
# Drift alarms: a run whose health falls below its site's usual (the median of its last DRIFT_HISTORY
# healthy runs, once there are DRIFT_MIN_RUNS of them) is marked degraded; `archive crawl` exits 3.
DRIFT_ENABLED = True
DRIFT_HISTORY = 10
DRIFT_MIN_RUNS = 1
DRIFT_MIN_PAGES = 5  # a run (or a usual) with fewer article pages says nothing about shares or lengths
DRIFT_SHARE_DROP = 0.3  # shares (site rules, dated, with author) this far below the usual (0.3 = 30 points)
DRIFT_LENGTH_RATIO = 0.5  # median text length below this fraction of the usual
DRIFT_FOUND_RATIO = 0.25  # article links found on listings below this fraction of the usual
DRIFT_FAILURE_RISE = 0.3  # share of failed article pages this far above the usual

# Backfill: history from web archives (crawler/backfill, archive/backfill.py; docs/backfill.md)
BACKFILL_WAYBACK_CDX = "https://web.archive.org/cdx/search/cdx"  # --source wayback: the CDX API
BACKFILL_WAYBACK_REPLAY = "https://web.archive.org/web/"  # … and where captures replay (<ts>id_/<url>)
# --source commoncrawl: the CDX API of each crawl to read (see https://index.commoncrawl.org/collinfo.json)
BACKFILL_COMMONCRAWL_INDEXES: list[str] = [
    "https://index.commoncrawl.org/CC-MAIN-2025-26-index",
    "https://index.commoncrawl.org/CC-MAIN-2024-51-index",
]
BACKFILL_COMMONCRAWL_DATA = "https://data.commoncrawl.org/"  # WARC files, read by HTTP Range
BACKFILL_RATE = 0.5  # requests per second to the web archive (index and captures); 0 = no delay
BACKFILL_CONCURRENCY = 1  # requests in flight to the web archive at once
BACKFILL_RETRY_TIMES = 5  # retries of a 429/5xx/timeout, with back-off (RETRY_BACKOFF_*) or Retry-After
BACKFILL_MAX_DELAY = 300.0  # a 429 slows every request to the archive down, to at most this many seconds apart
BACKFILL_INDEX_LIMIT = 100_000  # captures asked of an index per host and run (a capped answer is logged)
BACKFILL_MAX_FAILURES_IN_A_ROW = 20  # captures failing one after another close the run (the next run goes on)
BACKFILL_ROBOTSTXT_OBEY = False  # the archive's robots.txt is about crawling its site, not about its API

# Scale-out: a shared frontier in Redis (crawler/cluster/, docs/scale-out.md)
FRONTIER_URL = os.environ.get("FRONTIER_URL", "")  # redis://HOST:PORT/DB; "" = one process, no Redis
FRONTIER_WORKER = ""  # this worker's name (`archive worker --name`); "" = host-pid
FRONTIER_SEEDER = False  # set for the `archive crawl --frontier` process: it queues the start requests
# Seconds between two requests to one domain and requests in flight to it, across ALL workers together
# ("" = the one-process DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN); robots.txt Crawl-delay is a floor.
FRONTIER_DOMAIN_DELAY = os.environ.get("FRONTIER_DOMAIN_DELAY", "")
FRONTIER_DOMAIN_CONCURRENCY = os.environ.get("FRONTIER_DOMAIN_CONCURRENCY", "")
FRONTIER_CONCURRENCY = _env_number("FRONTIER_CONCURRENCY", 0, int)  # requests in flight per worker (0 = as alone)
FRONTIER_LEASE_SECONDS = _env_number("FRONTIER_LEASE_SECONDS", 90)  # a killed worker's leases lapse after this

# A million articles (crawler/replay/reextract.py; docs/million.md)
REEXTRACT_WORKERS = 0  # extraction processes of `archive reextract` (0 = one per core; 1 = in its own process)

"""Scrapy settings for the archive crawler: every setting and default lives here.

Environment: ``ARCHIVE_DB`` (archive path), ``MIRROR_URL`` (serve every request from a local
mirror), ``CRAWLER_CONTACT`` (put in the User-Agent).
"""

import os

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

# --- schedule --- (crawler/schedule.py, crawler/resume.py, archive/retry.py, archive/lock.py)
# A failed URL is retried on later runs after CRAWL_RETRY_BACKOFF seconds, doubling per failure up to
# CRAWL_RETRY_MAX_BACKOFF; after CRAWL_PARK_AFTER failures it is parked (not retried; `archive stats`).
CRAWL_RETRY_BACKOFF = float(os.environ.get("CRAWL_RETRY_BACKOFF", "3600"))
CRAWL_RETRY_MAX_BACKOFF = float(os.environ.get("CRAWL_RETRY_MAX_BACKOFF", str(7 * 24 * 3600)))
CRAWL_PARK_AFTER = int(os.environ.get("CRAWL_PARK_AFTER", "5"))
# Scrapy JOBDIR per site for resuming a stopped crawl: <CRAWL_JOBS_DIR>/<site>/ (default: jobs/ beside the db).
CRAWL_JOBS_DIR = os.environ.get("CRAWL_JOBS_DIR", "")
# `archive crawl --log-file`: rotated when it reaches CRAWL_LOG_MAX_BYTES, CRAWL_LOG_BACKUPS old files kept.
CRAWL_LOG_MAX_BYTES = int(os.environ.get("CRAWL_LOG_MAX_BYTES", str(5 * 1024 * 1024)))
CRAWL_LOG_BACKUPS = int(os.environ.get("CRAWL_LOG_BACKUPS", "10"))

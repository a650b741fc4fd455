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

# --- warc: archive-grade capture (crawler/capture.py) ---
WARC_ENABLED = os.environ.get("WARC_ENABLED", "1").lower() not in ("0", "false", "no", "off")
WARC_FOLDER = os.environ.get("WARC_FOLDER", "")  # "" = "warc" beside ARCHIVE_DB
WARC_REVISITS = True  # an unchanged payload becomes a revisit record, not a second copy
DOWNLOADER_MIDDLEWARES = {
    **globals().get("DOWNLOADER_MIDDLEWARES", {}),
    "crawler.capture.WarcCaptureMiddleware": 940,  # right after the mirror (950): raw responses, real URLs
}

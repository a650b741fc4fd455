"""A tiny crawl for the capture tests, run in a subprocess (a Twisted reactor cannot restart in pytest).

``python tests/helpers/capture_spider.py DB MIRROR_URL START_URL [KEY=VALUE …]`` follows every same-host
link from START_URL through the mirror, with the project's settings (so the real middleware order:
mirror 950, capture 940, redirects, retries, robots.txt) and the crawl row of CrawlRecorder; extra
``KEY=VALUE`` arguments are Scrapy settings (``WARC_ENABLED=0``).  It prints the crawl stats as JSON.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor


class FollowAllSpider(scrapy.Spider):
    name = "bdk"

    def __init__(self, start_from: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_from]

    def parse(self, response):
        host = urlsplit(response.url).hostname
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).hostname == host:
                yield scrapy.Request(url, callback=self.parse)


def main(argv: list[str]) -> None:
    db, mirror, start, *extra = argv
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    install_reactor(settings["TWISTED_REACTOR"])  # before any component module imports the default one
    settings.set("ARCHIVE_DB", db)
    settings.set("MIRROR_URL", mirror)
    settings.set("ITEM_PIPELINES", {})
    settings.set("LOG_LEVEL", "WARNING")
    for key, value in (("RETRY_TIMES", 1), ("DOWNLOAD_DELAY", 0), ("AUTOTHROTTLE_ENABLED", False),
                       ("RETRY_BACKOFF_BASE", 0.01), ("CONCURRENT_REQUESTS_PER_DOMAIN", 8)):
        settings.set(key, value)
    for pair in extra:
        key, _, value = pair.partition("=")
        settings.set(key, value)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FollowAllSpider)
    process.crawl(crawler, start_from=start)
    process.start()
    print(json.dumps({k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | str)}))


if __name__ == "__main__":
    main(sys.argv[1:])

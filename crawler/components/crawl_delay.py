"""Honour a site's ``Crawl-delay`` (robots.txt): never two requests to it closer than that.

Scrapy obeys robots.txt ``Disallow`` rules (``ROBOTSTXT_OBEY``) but ignores ``Crawl-delay``.
:class:`RobotsCrawlDelay` is an extension that reads the delay from every robots.txt response the
crawl downloads (Scrapy's robots middleware fetches one per host before anything else), for our
User-Agent, with Protego (the parser Scrapy itself uses), and makes it the floor of that host's
download slot:

* ``slot.delay`` is raised to the crawl delay and the slot's random jitter is turned off, so the
  gap between two requests is at least the delay (Scrapy's jitter would otherwise allow half);
* AutoThrottle may raise the delay further on slow answers, never below the floor: the floor is
  applied again after every response (this extension is loaded after AutoThrottle, so its
  handler runs after AutoThrottle's adjustment).

Settings: ``CRAWL_DELAY_OBEY`` (default on; the loopback mirror turns it off with the other
politeness delays), ``CRAWL_DELAY_MAX`` (seconds; a larger ``Crawl-delay`` is capped there, with a
warning, so a site asking for an hour between pages still gets crawled, slowly).  Stats:
``robots/crawl_delay`` (the largest delay applied).
"""

from __future__ import annotations

import logging
from typing import Any

from protego import Protego
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


def crawl_delay(robots_txt: str, user_agent: str) -> float | None:
    """The ``Crawl-delay`` that ``robots_txt`` sets for ``user_agent`` (its own group, else ``*``)."""
    try:
        delay = Protego.parse(robots_txt).crawl_delay(user_agent)
    except Exception:  # noqa: BLE001 - a broken robots.txt is the site's problem, not a crash
        return None
    return float(delay) if delay and delay > 0 else None


class RobotsCrawlDelay:
    def __init__(self, crawler: Crawler, user_agent: str, max_delay: float) -> None:
        self.crawler = crawler
        self.user_agent = user_agent
        self.max_delay = max_delay
        self.floors: dict[str, float] = {}  # download slot key -> crawl delay
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsCrawlDelay:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY") or not settings.getbool("CRAWL_DELAY_OBEY"):
            raise NotConfigured  # quietly (with a message Scrapy would log a warning): a choice, not a problem
        user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        return cls(crawler, user_agent, settings.getfloat("CRAWL_DELAY_MAX"))

    def response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        key = request.meta.get("download_slot")
        if key is None:
            return
        if request.url.endswith("/robots.txt") and response.status == 200:
            self._learn(key, response)
        floor = self.floors.get(key)
        if floor is None:
            return
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, floor)
            slot.jitter = 0.0

    def _learn(self, key: str, response: Response) -> None:
        delay = crawl_delay(response.body.decode("utf-8", errors="replace"), self.user_agent)
        if delay is None:
            return
        if delay > self.max_delay:
            logger.warning("%s asks for Crawl-delay %s s; capped at CRAWL_DELAY_MAX = %s s",
                           key, delay, self.max_delay)
            delay = self.max_delay
        self.floors[key] = delay
        stats = self.crawler.stats
        stats.max_value("robots/crawl_delay", delay)
        logger.info("%s: robots.txt Crawl-delay %s s between requests", key, delay)

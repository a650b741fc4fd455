"""A small polite HTTP client for surveying a site (not for crawling: ``archive crawl`` uses Scrapy).

Every request carries the project's ``USER_AGENT``, waits ``SITE_FETCH_DELAY`` seconds after the
previous one, gives up after ``SITE_FETCH_TIMEOUT`` seconds, reads at most ``SITE_FETCH_MAX_BYTES``
and obeys the site's robots.txt.  With ``mirror`` every URL is asked from a loopback mirror
(``crawler/replay/mirror.py``: ``<mirror>/<host>/<path>``) instead of the site.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from crawler.components.middlewares import mirror_url_for


class FetchError(Exception):
    """A page that could not be fetched (network error, refused by robots.txt)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked (the real URL, even through a mirror)
    status: int
    body: bytes
    content_type: str
    truncated: bool  # longer than the size limit

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class PoliteFetcher:
    def __init__(self, *, user_agent: str, timeout: float, max_bytes: int, delay: float,
                 mirror: str | None = None, obey_robots: bool = True,
                 on_fetch: Callable[[str], None] | None = None) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.delay = delay
        self.mirror = mirror
        self.obey_robots = obey_robots
        self._last = 0.0
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_pages: dict[str, Fetched | None] = {}
        self.requests = 0
        self.on_fetch = on_fetch  # told every URL before it is fetched (progress)

    @classmethod
    def from_settings(cls, settings: Any, mirror: str | None = None,
                      on_fetch: Callable[[str], None] | None = None) -> PoliteFetcher:
        return cls(user_agent=settings.get("USER_AGENT"), timeout=settings.getfloat("SITE_FETCH_TIMEOUT"),
                   max_bytes=settings.getint("SITE_FETCH_MAX_BYTES"),
                   delay=0.0 if mirror else settings.getfloat("SITE_FETCH_DELAY"), mirror=mirror,
                   obey_robots=settings.getbool("ROBOTSTXT_OBEY"), on_fetch=on_fetch)

    def get(self, url: str) -> Fetched:
        """The page at ``url`` (any status); ``FetchError`` when there is no answer or robots.txt forbids it."""
        if self.obey_robots and not self.allowed(url):
            raise FetchError(f"{url}: disallowed by the site's robots.txt")
        return self._get(url)

    def robots_txt(self, origin: str) -> Fetched | None:
        """The robots.txt of ``origin`` (``https://host``), fetched once; None when it did not answer."""
        if origin not in self._robots_pages:
            try:
                self._robots_pages[origin] = self._get(f"{origin}/robots.txt")
            except FetchError:
                self._robots_pages[origin] = None
        return self._robots_pages[origin]

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser = RobotFileParser()
            found = self.robots_txt(origin)
            parser.parse(found.text.splitlines() if found is not None and found.ok else [])
            self._robots[origin] = parser
        return self._robots[origin].can_fetch(self.user_agent, url)

    def _get(self, url: str) -> Fetched:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        target = mirror_url_for(self.mirror, url) if self.mirror else url
        request = urllib.request.Request(target, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        self.requests += 1
        if self.on_fetch is not None:
            self.on_fetch(url)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 - http(s) only
                return self._read(url, answer.status, answer)
        except urllib.error.HTTPError as exc:
            return self._read(url, exc.code, exc)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise FetchError(f"{url}: {getattr(exc, 'reason', None) or exc}") from exc
        finally:
            self._last = time.monotonic()

    def _read(self, url: str, status: int, answer: Any) -> Fetched:
        body = answer.read(self.max_bytes + 1)
        return Fetched(url=url, status=status, body=body[: self.max_bytes],
                       content_type=answer.headers.get("Content-Type", ""), truncated=len(body) > self.max_bytes)

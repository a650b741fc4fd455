"""Politeness held in Redis: all workers together never exceed one worker's per-domain rate and concurrency.

:class:`GlobalPoliteness` (downloader middleware, order 945: after WARC capture, before the mirror, so
it sees real host names) asks Redis, before every request, for the domain's next free moment and a
concurrency lease, in one atomic script (Redis' own clock, so workers' clocks do not matter):

* the domain's next free moment moves forward by the delay: ``max(FRONTIER_DOMAIN_DELAY, the
  domain's robots.txt Crawl-delay)`` (a worker that reads a robots.txt publishes its Crawl-delay);
* at most ``FRONTIER_DOMAIN_CONCURRENCY`` requests to the domain are in flight across all workers;
  a lease expires after ``FRONTIER_LEASE_SECONDS`` so a killed worker cannot block a domain.

The request waits (asynchronously) until its moment; the lease is returned when its response (or
error) comes back.  Why a shared limit rather than partitioning domains among workers: workers can
come and go (a killed worker, one more machine) without re-balancing, and a site with much to fetch
is never bound to one worker's speed while others idle.  The cost is one Redis round trip per request.

Within each worker, Scrapy's own delay is set to 0 in frontier mode (``crawler.cluster.frontier``):
the moment is given here, and a second local delay would only break the spacing.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured

from crawler.cluster.keys import Keys, connect
from crawler.components.crawl_delay import crawl_delay

logger = logging.getLogger(__name__)

# KEYS: next-moment key, leases zset, count key, floor key.
# ARGV: delay ms, concurrency (0 = unbounded), lease id, lease ttl ms.
# Returns the wait in ms, or -1 when the domain's concurrency is full (try again shortly).
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local delay = tonumber(ARGV[1])
local floor = tonumber(redis.call('GET', KEYS[4]) or '0')
if floor > delay then delay = floor end
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if limit > 0 and redis.call('ZCARD', KEYS[2]) >= limit then
  return -1
end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = now
if nxt > at then at = nxt end
redis.call('SET', KEYS[1], at + delay, 'PX', at + delay - now + 60000)
redis.call('ZADD', KEYS[2], at + tonumber(ARGV[4]), ARGV[3])
redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], 86400000)
local minute = KEYS[3] .. ':' .. math.floor(at / 60000)
redis.call('INCR', minute)
redis.call('PEXPIRE', minute, 180000)
return at - now
"""

FULL_RETRY_SECONDS = 0.05


def domain_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class GlobalPoliteness:
    def __init__(self, redis: Any, keys: Keys, *, delay: float, concurrency: int, lease_seconds: float,
                 stats: Any = None) -> None:
        self.redis = redis
        self.keys = keys
        self.delay_ms = int(round(delay * 1000))
        self.concurrency = concurrency
        self.lease_ms = int(lease_seconds * 1000)
        self.stats = stats
        self.script = redis.register_script(ACQUIRE)

    @classmethod
    def from_crawler(cls, crawler: Any) -> GlobalPoliteness:
        settings = crawler.settings
        url = settings.get("FRONTIER_URL")
        if not url:
            raise NotConfigured
        delay = settings.get("FRONTIER_DOMAIN_DELAY")
        concurrency = settings.get("FRONTIER_DOMAIN_CONCURRENCY")
        return cls(
            connect(url), Keys.of(url),
            delay=float(delay if delay not in (None, "") else settings.getfloat("DOWNLOAD_DELAY")),
            concurrency=int(concurrency if concurrency not in (None, "")
                            else settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")),
            lease_seconds=settings.getfloat("FRONTIER_LEASE_SECONDS"),
            stats=crawler.stats,
        )

    def acquire(self, domain: str, lease: str, spider: Any = None) -> int:
        """One try: the wait in ms before the request may go, or -1 when the domain is full.  A spider's
        ``frontier_limits`` (delay s, concurrency), the same on every worker of its run, replace the settings'
        (a web-archive backfill's rate, set on the seeder: ``crawler/cluster/backfill.py``)."""
        keys = [self.keys.domain_next(domain), self.keys.domain_leases(domain), self.keys.domain_count(domain),
                self.keys.key("polite", "floor", domain)]
        delay_ms, concurrency = self.delay_ms, self.concurrency
        limits = getattr(spider, "frontier_limits", None)
        if limits is not None:
            delay_ms, concurrency = int(round(limits[0] * 1000)), int(limits[1])
        return int(self.script(keys=keys, args=[delay_ms, concurrency, lease, self.lease_ms]))

    def release(self, request: Any) -> None:
        lease = request.meta.pop("polite_lease", None)
        if lease is not None:
            self.redis.zrem(self.keys.domain_leases(lease[0]), lease[1])

    async def process_request(self, request: Any, spider: Any = None) -> None:
        domain = domain_of(request.url)
        if not domain:
            return None
        lease = uuid.uuid4().hex
        waited = 0.0
        while True:
            wait_ms = self.acquire(domain, lease, spider)
            if wait_ms >= 0:
                break
            await asyncio.sleep(FULL_RETRY_SECONDS)
            waited += FULL_RETRY_SECONDS
        request.meta["polite_lease"] = (domain, lease)
        if wait_ms:
            await asyncio.sleep(wait_ms / 1000)
        if self.stats is not None:
            self.stats.inc_value("frontier/polite_wait_ms", int(wait_ms + waited * 1000))
        return None

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        self.release(request)
        if request.url.endswith("/robots.txt") and response.status == 200:
            self._publish_floor(request, response)
        return response

    def process_exception(self, request: Any, exception: Exception, spider: Any = None) -> None:
        self.release(request)
        return None

    def _publish_floor(self, request: Any, response: Any) -> None:
        user_agent = request.headers.get(b"User-Agent", b"*").decode("latin-1")
        delay = crawl_delay(response.body.decode("utf-8", errors="replace"), user_agent)
        if delay:
            self.redis.set(self.keys.key("polite", "floor", domain_of(request.url)), int(delay * 1000), ex=86400)

"""The shared frontier: scrapy-redis' scheduler and duplicate filter, and a queue that forgets nothing.

:func:`frontier_settings` turns a crawl's settings into a frontier worker's: the scheduler and the
duplicate filter of scrapy-redis on ``FRONTIER_URL``, keyed per spider (``<prefix>:requests:<spider>``,
``<prefix>:dupefilter:<spider>``) so every worker running a spider takes from one queue and a URL is
fetched once across all of them; the queue persists across a worker's restart.

:class:`TakenTrackingQueue` is scrapy-redis' priority queue with one change: ``pop`` moves the request,
atomically, into the worker's "taken" hash (``<prefix>:taken:<worker>``) instead of dropping it.  The
worker removes it (:func:`mark_done`) once everything the response led to is safe in Redis (its item
pushed, its links queued, or its failure recorded).  A worker killed meanwhile leaves its taken
requests behind; :func:`give_back_dead` (run by every worker and by the seeder when they start and
every few seconds) puts the requests of workers whose heartbeat stopped back into the queue.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from typing import Any

from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.cluster.keys import Keys, connect

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 3.0  # a worker refreshes its heartbeat this often ...
HEARTBEAT_TTL = 15  # ... and is taken for dead this long after the last one

# KEYS: queue zset, taken hash. Returns the first request's data, moved into the taken hash.
POP = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return false end
redis.call('ZREM', KEYS[1], first[1])
redis.call('HSET', KEYS[2], redis.sha1hex(first[1]), first[2] .. '|' .. first[1])
return first[1]
"""

# KEYS: taken hash, queue zset. Moves every taken request back into the queue; returns how many.
GIVE_BACK = """
local entries = redis.call('HGETALL', KEYS[1])
local moved = 0
for i = 2, #entries, 2 do
  local bar = string.find(entries[i], '|', 1, true)
  redis.call('ZADD', KEYS[2], tonumber(string.sub(entries[i], 1, bar - 1)), string.sub(entries[i], bar + 1))
  moved = moved + 1
end
redis.call('DEL', KEYS[1])
return moved
"""


def token_of(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def worker_name(settings: Any) -> str:
    return settings.get("FRONTIER_WORKER")


class TakenTrackingQueue(PriorityQueue):
    """scrapy-redis' priority queue; a popped request stays in the worker's taken hash until done."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        keys = Keys(spider.settings.get("FRONTIER_PREFIX"))
        self.taken_key = keys.taken(f"{worker_name(spider.settings)}:{spider.name}")
        self._pop = server.register_script(POP)

    def pop(self, timeout: int = 0) -> Any:
        data = self._pop(keys=[self.key, self.taken_key])
        if not data:
            return None
        request = self._decode_request(data)
        request.meta["frontier_taken"] = (self.taken_key, token_of(data))
        return request


LOCAL_META = "frontier_local"  # request meta: this request stays with the worker that made it


class FrontierScheduler(Scheduler):
    """scrapy-redis' scheduler; a request marked ``LOCAL_META`` is kept in this process instead of the shared
    queue: a web-archive backfill's index requests, which the seeder must answer itself because planning what
    they list reads the archive (``crawler/cluster/backfill.py``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.local: deque[Any] = deque()

    def enqueue_request(self, request: Any) -> bool:
        if request.meta.get(LOCAL_META):
            self.local.append(request)
            return True
        return super().enqueue_request(request)

    def next_request(self) -> Any:
        return self.local.popleft() if self.local else super().next_request()

    def __len__(self) -> int:
        return len(self.local) + super().__len__()


def mark_done(redis: Any, request: Any, pipe: Any = None) -> None:
    """Forget a taken request (its outcome is safe in Redis); with ``pipe``, in that transaction."""
    taken = request.meta.get("frontier_taken") if request is not None else None
    if taken:
        (pipe if pipe is not None else redis).hdel(taken[0], taken[1])


def give_back(redis: Any, taken_key: str, queue_key: str) -> int:
    return int(redis.register_script(GIVE_BACK)(keys=[taken_key, queue_key]))


def give_back_dead(redis: Any, keys: Keys) -> int:
    """Requeue what workers that stopped beating had taken; returns how many requests."""
    moved = 0
    for raw in redis.smembers(keys.workers()):
        ident = raw.decode()  # "<worker>:<spider>": one crawler of a worker process
        if redis.exists(keys.worker(ident)):
            continue
        moved += give_back(redis, keys.taken(ident), keys.requests(ident.rsplit(":", 1)[1]))
        redis.srem(keys.workers(), ident)
    if moved:
        logger.warning("%d request(s) taken by stopped workers put back in the queue", moved)
    return moved


def beat(redis: Any, keys: Keys, name: str, fields: dict[str, Any]) -> None:
    """The heartbeat of one crawler of a worker (``name`` = ``<worker>:<spider>``), with what
    ``archive stats --frontier`` shows of it."""
    def queue(pipe: Any) -> None:
        pipe.sadd(keys.workers(), name)
        pipe.hset(keys.worker(name), mapping={k: str(v) for k, v in fields.items()})
        pipe.expire(keys.worker(name), HEARTBEAT_TTL)

    redis.transaction(queue)  # one round trip: MULTI … EXEC


def frontier_settings(url: str, worker: str) -> dict[str, Any]:
    """The settings that make a crawler a frontier worker (see module docstring)."""
    keys = Keys.of(url)
    return {
        "FRONTIER_URL": url,
        "FRONTIER_WORKER": worker,
        "FRONTIER_PREFIX": keys.prefix,
        "REDIS_URL": url,
        "SCHEDULER": "crawler.cluster.frontier.FrontierScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.cluster.frontier.TakenTrackingQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests("%(spider)s"),
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter("%(spider)s"),
        "SCHEDULER_PERSIST": True,
        # the moment of each request is given by crawler.cluster.politeness for all workers together
        "DOWNLOAD_DELAY": 0,
        "DOWNLOAD_DELAY_JITTER": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CRAWL_DELAY_OBEY": False,
    }


def connect_settings(settings: Any) -> tuple[Any, Keys]:
    url = settings.get("FRONTIER_URL")
    return connect(url), Keys(settings.get("FRONTIER_PREFIX") or Keys.of(url).prefix)

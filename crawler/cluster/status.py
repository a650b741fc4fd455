"""What ``archive stats --frontier URL`` shows: runs, queues, workers, per-domain rates."""

from __future__ import annotations

import time
from typing import Any

from crawler.cluster.keys import Keys


def frontier_status(redis: Any, keys: Keys) -> dict[str, Any]:
    """Runs with their queued and in-flight requests, items waiting for the ingester, live workers with
    their throughput, and each domain's requests in the last full minute (all workers together)."""
    runs = []
    workers = [raw.decode() for raw in redis.smembers(keys.workers())]
    for raw in sorted(redis.smembers(keys.key("spiders"))):
        spider = raw.decode()
        info = {k.decode(): v.decode() for k, v in redis.hgetall(keys.run(spider)).items()}
        in_flight = sum(int(redis.hlen(keys.taken(w))) for w in workers if w.endswith(f":{spider}"))
        counts = {k.decode(): int(v) for k, v in redis.hgetall(keys.key("run", info.get("run", ""), "counts")).items()}
        runs.append({"spider": spider, "run": info.get("run"), "status": info.get("status"),
                     "queued": int(redis.zcard(keys.requests(spider))), "in_flight": in_flight, **counts})
    live = []
    for name in sorted(workers):
        beat = {k.decode(): v.decode() for k, v in redis.hgetall(keys.worker(name)).items()}
        if not beat:
            continue
        seconds = float(beat.get("seconds", 0) or 0)
        requests = int(beat.get("requests", 0) or 0)
        live.append({"worker": name, "spider": beat.get("spider"), "requests": requests,
                     "items": int(beat.get("items", 0) or 0),
                     "requests_per_s": round(requests / seconds, 2) if seconds else 0.0})
    minute = int(redis.time()[0] // 60) - 1  # the last full minute, by Redis' clock
    prefix = keys.key("polite", "count", "")
    domains = []
    for raw in redis.scan_iter(match=f"{prefix}*", count=500):
        key = raw.decode()
        if key.count(":") != prefix.count(":"):
            continue  # a minute counter
        count = int(redis.get(f"{key}:{minute}") or 0)
        domains.append({"domain": key[len(prefix):], "last_minute": count, "per_s": round(count / 60, 2),
                        "total": int(redis.get(key) or 0)})
    domains.sort(key=lambda d: (-d["last_minute"], d["domain"]))
    ingesting = sum(int(redis.llen(k)) for k in redis.scan_iter(match=keys.ingesting("*")))
    return {"runs": runs, "items_waiting": int(redis.llen(keys.items())), "items_ingesting": ingesting,
            "ingester": (redis.get(keys.ingester_lock()) or b"").decode() or None,
            "workers": live, "domains": domains, "at": time.time()}

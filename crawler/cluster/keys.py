"""Redis connection and key names of one frontier (a ``redis://`` URL, optionally ``?prefix=``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

DEFAULT_PREFIX = "vna"


class FrontierURLError(ValueError):
    """A ``--frontier`` value that is not a ``redis://`` (or ``rediss://``, ``unix://``) URL."""


def check_frontier_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise FrontierURLError(f"--frontier {url!r} is not a redis:// URL (e.g. redis://127.0.0.1:6379/0)")
    return url


def connect(url: str, **kwargs: Any):
    """A ``redis.Redis`` client for ``url`` (bytes replies; timeouts so a dead Redis never hangs a crawl)."""
    import redis

    check_frontier_url(url)
    kwargs.setdefault("socket_connect_timeout", 10)
    kwargs.setdefault("socket_timeout", 60)
    kwargs.setdefault("health_check_interval", 30)
    return redis.Redis.from_url(url, **kwargs)


@dataclass(frozen=True)
class Keys:
    """Every key of one frontier; ``prefix`` lets several projects share a Redis."""

    prefix: str = DEFAULT_PREFIX

    @classmethod
    def of(cls, url: str) -> Keys:
        prefix = parse_qs(urlsplit(url).query).get("prefix", [DEFAULT_PREFIX])[0]
        return cls(prefix)

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    # the crawl run of a spider: its id, the known-URL snapshot, the waiting failures
    def run(self, spider: str) -> str:
        return self.key("run", spider)

    def known(self, spider: str) -> str:
        return self.key("known", spider)

    def waiting(self, spider: str) -> str:
        return self.key("waiting", spider)

    # scrapy-redis
    def requests(self, spider: str) -> str:
        return self.key("requests", spider)

    def dupefilter(self, spider: str) -> str:
        return self.key("dupefilter", spider)

    def taken(self, worker: str) -> str:
        return self.key("taken", worker)

    # workers and their items
    def workers(self) -> str:
        return self.key("workers")

    def worker(self, name: str) -> str:
        return self.key("worker", name)

    def items(self) -> str:
        return self.key("items")

    def ingesting(self, consumer: str) -> str:
        return self.key("items", "ingesting", consumer)

    def ingester_lock(self) -> str:
        return self.key("ingester")

    # politeness
    def domain_next(self, domain: str) -> str:
        return self.key("polite", "next", domain)

    def domain_leases(self, domain: str) -> str:
        return self.key("polite", "leases", domain)

    def domain_count(self, domain: str) -> str:
        return self.key("polite", "count", domain)

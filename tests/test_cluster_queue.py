"""The frontier's Redis parts on a real redis-server: the reliable item queue, the ingester, politeness."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from archive.db import open_archive
from crawler.cluster import messages
from crawler.cluster.ingest import Ingester, IngesterRunningError
from crawler.cluster.item_queue import ReliableQueue
from crawler.cluster.keys import FrontierURLError, Keys, check_frontier_url, connect
from crawler.cluster.politeness import GlobalPoliteness
from tests.helpers.redis_server import redis_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis(redis_url):
    client = connect(redis_url)
    client.flushdb()
    yield client
    client.close()


def article(run: str, n: int, text: str | None = None) -> bytes:
    url = f"https://baodongkhoi.vn/bai-{n}-a{n}.html"
    record = {"url": url, "canonical_url": url, "fetched_url": url, "site": "bdk", "title": f"Bài {n}",
              "text": text or f"Nội dung bài số {n}, đủ dài để lưu trữ. " * 5, "published_at": "2025-06-01"}
    return messages.encode("article", run=run, site="bdk", record=record, requested_url=url)


def test_bad_frontier_urls_are_refused():
    with pytest.raises(FrontierURLError):
        check_frontier_url("http://127.0.0.1:6379")
    assert check_frontier_url("redis://127.0.0.1:6379/2")


def test_a_taken_item_survives_its_consumer_until_done(redis):
    queue = ReliableQueue(redis, "q", "q:taken:a")
    queue.push(b"one", b"two", b"three")
    assert queue.take() == b"one"
    assert queue.take() == b"two"
    queue.done(b"one")
    # the consumer dies here holding b"two": a new consumer of the same name gives it back first
    again = ReliableQueue(redis, "q", "q:taken:a")
    assert again.give_back() == 1
    assert [again.take(), again.take(), again.take(0)] == [b"two", b"three", None]


def test_the_ingester_stores_every_message_once_even_when_killed_midway(redis, tmp_path: Path):
    keys = Keys("t")
    db = open_archive(tmp_path / "archive.sqlite")
    redis.lpush(keys.items(), messages.encode("run_open", run="r1", spider="bdk", site="bdk"))
    redis.lpush(keys.items(), *[article("r1", n) for n in range(1, 31)])
    redis.lpush(keys.items(), messages.encode("failure", run="r1", site="bdk", url="https://baodongkhoi.vn/x-a9.html",
                                              reason="HTTP 500", http_status=500, kind="article"))
    first = Ingester(db, redis, keys, archive_folder=tmp_path, batch=10)
    first.acquire()
    payloads = first.queue.take_many(10)
    for payload in payloads:  # applied and committed, but killed before telling Redis
        first.apply(payload)
    assert redis.llen(keys.ingesting("ingester")) == 10
    redis.delete(keys.ingester_lock())  # the lock of a killed ingester expires
    second = Ingester(db, redis, keys, archive_folder=tmp_path, batch=10)
    counts = second.run(until_idle=0.5)
    assert counts.articles == 30  # the 10 given back are applied again …
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 30
    assert db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 30  # … and change nothing
    assert db.execute("SELECT count(*) FROM failures").fetchone()[0] == 1
    crawl = db.execute("SELECT site, status FROM crawls").fetchall()
    assert crawl == [("bdk", "running")]
    redis.lpush(keys.items(), messages.encode("run_close", run="r1", status="finished", message=None, requests=42))
    second.run(until_idle=0.2)
    row = db.execute("SELECT status, new, failed, requests FROM crawls").fetchone()
    assert row == ("finished", 30, 1, 42)
    assert redis.llen(keys.items()) == 0 and redis.llen(keys.ingesting("ingester")) == 0


def test_one_ingester_at_a_time(redis, tmp_path: Path):
    keys = Keys("t")
    db = open_archive(tmp_path / "archive.sqlite")
    Ingester(db, redis, keys, archive_folder=tmp_path, name="a").acquire()
    with pytest.raises(IngesterRunningError):
        Ingester(db, redis, keys, archive_folder=tmp_path, name="b").acquire()


def test_a_bad_message_is_reported_and_skipped(redis, tmp_path: Path):
    keys = Keys("t")
    db = open_archive(tmp_path / "archive.sqlite")
    redis.lpush(keys.items(), b"not json", messages.encode("unheard_of"), article("r9", 1))
    counts = Ingester(db, redis, keys, archive_folder=tmp_path).run(until_idle=0.2)
    assert (counts.bad, counts.articles) == (2, 1)


def test_politeness_spaces_requests_of_several_workers_by_the_domain_delay(redis):
    keys = Keys("t")
    workers = [GlobalPoliteness(redis, keys, delay=0.1, concurrency=0, lease_seconds=10) for _ in range(3)]
    waits = [workers[n % 3].acquire("baodongkhoi.vn", f"lease{n}") for n in range(9)]
    # each reservation is 100 ms after the previous one, whichever worker asks
    assert waits[0] == 0
    assert all(abs((b - a) - 100) <= 5 for a, b in zip(waits, waits[1:], strict=False))
    assert workers[0].acquire("other.vn", "x") == 0  # another domain is not held back


def test_politeness_bounds_concurrency_and_a_lease_expires(redis):
    keys = Keys("t")
    polite = GlobalPoliteness(redis, keys, delay=0, concurrency=2, lease_seconds=0.3)
    assert polite.acquire("a.vn", "1") >= 0
    assert polite.acquire("a.vn", "2") >= 0
    assert polite.acquire("a.vn", "3") == -1  # two in flight: the third waits
    time.sleep(0.35)  # a killed worker's leases expire
    assert polite.acquire("a.vn", "4") >= 0


def test_politeness_middleware_waits_its_turn(redis):
    from scrapy import Request

    keys = Keys("t")
    polite = GlobalPoliteness(redis, keys, delay=0.15, concurrency=1, lease_seconds=10)

    async def fetch_three():
        starts = []
        for n in range(3):
            request = Request(f"https://baodongkhoi.vn/{n}")
            await polite.process_request(request)
            starts.append(time.monotonic())
            polite.process_response(request, type("R", (), {"status": 200})())
        return starts

    starts = asyncio.run(fetch_three())
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert all(gap >= 0.14 for gap in gaps), gaps

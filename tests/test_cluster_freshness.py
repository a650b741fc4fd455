"""Freshness on a frontier: revisits are conditional, a 304 is recorded by the ingester and written as a WARC
revisit record by whichever worker heard it, and a template change marks the run degraded (exit 3) — as in
one process (tests/test_freshness_e2e.py), with the seeder, a worker and the ingester as real processes."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.components.warc_capture import SERVER_NOT_MODIFIED
from crawler.replay.mirror import serve_mirror
from tests.helpers.freshness_site import START, FreshSite
from tests.helpers.frontier import frontier_crawl
from tests.helpers.redis_server import redis_server

pytestmark = pytest.mark.e2e


@pytest.fixture
def frontier(tmp_path: Path):
    source = FreshSite(now=START + timedelta(days=5))
    server, base = serve_mirror(source)
    try:
        with redis_server(tmp_path / "redis") as url:
            yield source, server, base, url
    finally:
        server.stop()


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_304_on_a_frontier_is_recorded_and_is_a_warc_revisit(frontier, tmp_path: Path):
    source, server, base, url = frontier
    source.changes = {3: [6.0]}  # article 3 is corrected at age 6 days
    db = tmp_path / "data" / "archive.sqlite"
    db.parent.mkdir()
    first = frontier_crawl(url, db, base, "bdk", logs=tmp_path / "logs1")
    assert first.returncode == 0, first.stdout + first.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(12,)]
    source.now += timedelta(days=3)  # article 3 is now 6+ days old: corrected
    source.gone = {5}  # and article 5 was deleted
    server.clear_log()
    second = frontier_crawl(url, db, base, "bdk", "--revisit", "all", logs=tmp_path / "logs2")
    assert second.returncode == 0, second.stdout + second.stderr
    answers = {r.path: r.status for r in server.requests if r.path.endswith(".html")}
    assert answers == {source.path(n): {3: 200, 5: 404}.get(n, 304) for n in range(12)}
    assert rows(db, "SELECT count(*) FROM article_versions") == [(13,)]  # 12 + the correction, none for a 304
    assert rows(db, "SELECT revisits, not_modified, unchanged, corrections FROM crawl_revisits ORDER BY crawl_id "
                    "DESC LIMIT 1") == [(12, 10, 0, 1)]
    outcomes = dict(rows(db, "SELECT url, last_outcome FROM revisit_schedule"))
    assert outcomes[source.url(3)] == "updated" and outcomes[source.url(0)] == "not_modified"
    assert outcomes[source.url(5)] == "failed"
    revisits = {}
    for path in sorted(db.parent.rglob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "revisit":
                    revisits[record.rec_headers.get_header("WARC-Target-URI")] = record.rec_headers
    assert set(revisits) == {source.url(n) for n in range(12)} - {source.url(3), source.url(5)}
    headers = revisits[source.url(0)]
    assert headers.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
    assert headers.get_header("WARC-Refers-To-Target-URI") == source.url(0)  # the capture the 304 confirms
    indexed = rows(db, f"SELECT count(*) FROM captures WHERE record_type = 'revisit' AND url = '{source.url(0)}'")
    assert indexed == [(1,)]  # the ingester indexed the worker's file


def test_a_template_change_on_a_frontier_marks_the_run_degraded_and_exits_3(frontier, tmp_path: Path):
    source, server, base, url = frontier
    db = tmp_path / "data" / "archive.sqlite"
    db.parent.mkdir()
    first = frontier_crawl(url, db, base, "bdk", logs=tmp_path / "logs1")
    assert first.returncode == 0, first.stdout + first.stderr
    source.template = "v1-nodate"
    second = frontier_crawl(url, db, base, "bdk", "--revisit", "all", logs=tmp_path / "logs2")
    assert second.returncode == 3, second.stdout + second.stderr
    ((health, note),) = rows(db, "SELECT health, health_note FROM crawls ORDER BY id DESC LIMIT 1")
    assert health == "degraded"
    assert note == "bdk: dates 0% (usual 100%); authors 0% (usual 100%)"  # the words of a single-process crawl
    assert "degraded: bdk: dates 0% (usual 100%)" in second.stdout

"""Freshness end to end: the real `archive crawl` in a subprocess against a loopback mirror of a site
that corrects articles, answers 304 and changes its template (tests/helpers/freshness_site.py).

* known articles are never fetched again, also on a site whose pages declare an ``http://`` canonical
  (the generic spider), and stop-when-known fires there (defect 2 of issue 15);
* undated articles are not fetched again by the next run (defect 3);
* ``--revisit all`` sends conditional requests; a 304 costs no download, no version, is "unchanged",
  and is a WARC revisit record (server-not-modified);
* a template change between two runs marks the second ``degraded``, says what dropped, exits 3.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.replay.mirror import serve_mirror
from tests.conftest import REPO
from tests.helpers.freshness_site import HOST, START, FreshSite

pytestmark = pytest.mark.e2e


@pytest.fixture
def site():
    source = FreshSite(now=START + timedelta(days=5))
    server, base = serve_mirror(source)
    yield source, server, base
    server.stop()


def archive_crawl(server, base: str, db: Path, *args: str) -> subprocess.CompletedProcess:
    server.clear_log()
    env = {**os.environ, "PYTHONPATH": str(REPO), "CRAWLER_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-c", "from crawler.cli import run; run()", "crawl", *args,
           "--mirror", base, "--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def fetched(server) -> list[tuple[str, int]]:
    return [(r.path + (f"?{r.query}" if r.query else ""), r.status) for r in server.requests]


def articles_fetched(server) -> list[str]:
    return [path for path, status in fetched(server) if path.endswith(".html") and status == 200]


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_generic_spider_on_an_http_canonical_site_fetches_no_known_article(site, tmp_path):
    """Defect 2: the lookup key (https://host/path) and the stored key (the page's http:// canonical)
    differed, so every run fetched every listed article again and walked the whole listing."""
    source, server, base = site
    source.canonical_scheme, source.per_page = "http", 5  # 12 articles by day 5: 3 listing pages
    db = tmp_path / "a.sqlite"
    args = ("generic", "-a", f"start_url=http://{HOST}/thoi-su", "-a", r"article_pattern=-a\d+\.html$")
    first = archive_crawl(server, base, db, *args)
    assert first.returncode == 0, first.stdout + first.stderr
    assert len(articles_fetched(server)) == 12
    second = archive_crawl(server, base, db, *args)
    assert second.returncode == 0, second.stdout + second.stderr
    assert articles_fetched(server) == []  # no known article fetched again
    assert [p for p, _ in fetched(server) if p.startswith("/thoi-su")] == ["/thoi-su"]  # stopped at page 1: all known
    # one key for lookup and store: the spider's, whatever canonical the page declares
    assert rows(db, "SELECT count(*), min(url) FROM articles") == [(12, f"https://{HOST}/tin-so-0-a100000.html")]


def test_undated_articles_are_not_fetched_again_by_the_next_run(site, tmp_path):
    """Defect 3: an undated article was fetched on every run for CRAWL_REVISIT_DAYS after it was first
    seen; it now follows the schedule from its first sighting (first check a day later)."""
    source, server, base = site
    source.undated = True
    db = tmp_path / "a.sqlite"
    assert archive_crawl(server, base, db, "bdk").returncode == 0
    assert rows(db, "SELECT count(*), count(published_at) FROM articles") == [(12, 0)]
    second = archive_crawl(server, base, db, "bdk")
    assert second.returncode == 0, second.stdout + second.stderr
    assert articles_fetched(server) == []
    ((first_seen, due),) = rows(db, "SELECT min(a.first_seen_at), min(s.next_due_at) FROM articles a "
                                    "JOIN revisit_schedule s ON s.url = a.url")
    assert due > first_seen  # due a day after it was first seen, not at once


def test_a_304_costs_no_download_no_version_and_is_a_warc_revisit(site, tmp_path):
    source, server, base = site
    source.changes = {3: [6.0]}  # article 3 is corrected at age 6 days
    db = tmp_path / "a.sqlite"
    assert archive_crawl(server, base, db, "bdk").returncode == 0
    source.now += timedelta(days=3)  # article 3 is now 6+ days old: corrected
    source.gone = {5}  # and article 5 was deleted
    result = archive_crawl(server, base, db, "bdk", "--revisit", "all")
    assert result.returncode == 0, result.stdout + result.stderr
    answers = {path: status for path, status in fetched(server) if path.endswith(".html")}
    assert answers == {source.path(n): {3: 200, 5: 404}.get(n, 304) for n in range(12)}
    assert rows(db, "SELECT count(*) FROM article_versions") == [(13,)]  # 12 + the correction, none for a 304
    assert rows(db, "SELECT revisits, not_modified, unchanged, corrections FROM crawl_revisits ORDER BY crawl_id "
                    "DESC LIMIT 1") == [(12, 10, 0, 1)]
    outcomes = dict(rows(db, "SELECT url, last_outcome FROM revisit_schedule"))
    assert outcomes[source.url(3)] == "updated" and outcomes[source.url(0)] == "not_modified"
    assert outcomes[source.url(5)] == "failed"  # a deleted article moves on too: not asked for on every run
    profiles = []
    for path in sorted((tmp_path / "warc").rglob("*.warc.gz")):
        with path.open("rb") as fh:
            profiles += [(r.rec_headers.get_header("WARC-Target-URI"), r.rec_headers.get_header("WARC-Profile"))
                         for r in ArchiveIterator(fh) if r.rec_type == "revisit"]
    assert (source.url(0), "http://netpreserve.org/warc/1.1/revisit/server-not-modified") in profiles
    stats = subprocess.run([sys.executable, "-c", "from crawler.cli import run; run()", "stats", "--db", str(db)],
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert stats.returncode == 0 and "Revisits per run" in stats.stdout and "corrections" in stats.stdout


def test_a_template_change_marks_the_run_degraded_and_exits_3(site, tmp_path):
    """The date line moves into a script-drawn element and the byline goes: the body is still found,
    so no absolute template check fires; against the site's history the run is degraded."""
    source, server, base = site
    db = tmp_path / "a.sqlite"
    assert archive_crawl(server, base, db, "bdk").returncode == 0
    source.template = "v1-nodate"
    result = archive_crawl(server, base, db, "bdk", "--revisit", "all")
    assert result.returncode == 3, result.stdout + result.stderr
    ((health, note),) = rows(db, "SELECT health, health_note FROM crawls ORDER BY id DESC LIMIT 1")
    assert health == "degraded"
    assert note == "bdk: dates 0% (usual 100%); authors 0% (usual 100%)"
    assert "degraded" in result.stdout and "dates 0% (usual 100%)" in result.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    report = subprocess.run([sys.executable, "-c", "from crawler.cli import run; run()", "report",
                             str(tmp_path / "r.html"), "--db", str(db)], capture_output=True, text=True, env=env)
    assert report.returncode == 0, report.stderr
    assert "degraded: bdk: dates 0% (usual 100%)" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_redesign_says_the_site_rules_no_longer_match(site, tmp_path):
    """The body's container renamed too: the site rules match nothing and every page goes generic.
    The absolute check ("check the template") also fires, so the exit code is 1 (failed wins over 3)."""
    source, server, base = site
    db = tmp_path / "a.sqlite"
    assert archive_crawl(server, base, db, "bdk").returncode == 0
    source.template = "v2"
    result = archive_crawl(server, base, db, "bdk", "--revisit", "all")
    assert result.returncode == 1, result.stdout + result.stderr
    ((health, note),) = rows(db, "SELECT health, health_note FROM crawls ORDER BY id DESC LIMIT 1")
    assert health == "degraded"
    assert note.startswith("bdk: 0 of 12 pages matched the site rules, 12 went generic (usual 100%); dates 0% "
                           "(usual 100%)")

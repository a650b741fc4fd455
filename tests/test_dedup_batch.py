"""The streaming batch dedup: the same clusters as the in-memory one it replaced, in bounded memory,
and nothing read when nothing changed."""

from __future__ import annotations

import dataclasses
import shutil
import tracemalloc

import pytest

from archive import dedup_batch
from archive.db import open_archive
from archive.dedup_batch import rebuild_clusters
from tests.helpers import dedup_batch_before
from tests.helpers.dedup_archive import generated_articles, insert_undeduplicated


def clusters(db) -> dict[int, tuple[int, int | None]]:
    return {aid: (cid, dup) for aid, cid, dup in db.execute("SELECT id, cluster_id, duplicate_of FROM articles")}


def outcome(report) -> dict:
    return {k: v for k, v in dataclasses.asdict(report).items() if k != "seconds"}


def behind_the_stores_back(db) -> None:
    """Texts rewritten, a copy made the earliest, an article removed: the next run has work to do."""
    ids = [aid for (aid,) in db.execute("SELECT id FROM articles WHERE duplicate_of IS NOT NULL ORDER BY id")]
    db.execute("UPDATE articles SET text = text || ' thêm', content_hash = content_hash || 'x' WHERE id IN (?, ?)",
               ids[:2])
    db.execute("UPDATE articles SET published_at = '2010-01-01T00:00:00+07:00' WHERE id = ?", [ids[5]])
    db.execute("DELETE FROM articles WHERE id = ?", [ids[9]])
    db.conn.commit()


def test_streaming_rebuild_gives_the_old_clusters(tmp_path):
    old_path, new_path = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    db = open_archive(old_path)
    insert_undeduplicated(db, generated_articles(1500))
    db.conn.close()
    shutil.copy(old_path, new_path)
    old, new = open_archive(old_path), open_archive(new_path)

    expected = dedup_batch_before.rebuild_clusters(old)
    got = rebuild_clusters(new)
    assert outcome(got) == outcome(expected)
    assert clusters(new) == clusters(old)
    # A meaningful comparison: every kind of link, clusters of several members, roots moved.
    assert got.near_links > 100 and got.exact_links > 20 and got.short > 10 and got.changed > 200
    assert max(n for (n,) in new.execute("SELECT count(*) FROM articles GROUP BY cluster_id")) >= 3
    assert new.execute("SELECT count(*) FROM dedup_bands").fetchone() == old.execute(
        "SELECT count(*) FROM dedup_bands").fetchone()

    # The incremental run (signatures reused where the text is unchanged) agrees too.
    behind_the_stores_back(old)
    behind_the_stores_back(new)
    expected = dedup_batch_before.rebuild_clusters(old)
    got = rebuild_clusters(new)
    assert (got.computed, got.changed) == (2, expected.changed) and got.changed > 0
    assert outcome(got) == outcome(expected)
    assert clusters(new) == clusters(old)


def test_nothing_to_do_reads_no_signature(mixed_archive, monkeypatch):
    first = rebuild_clusters(mixed_archive)
    monkeypatch.setattr(dedup_batch, "_read", lambda *a, **k: pytest.fail("read the archive with nothing to do"))
    again = rebuild_clusters(mixed_archive)
    assert (again.computed, again.reused, again.changed, again.late) == (0, first.articles, 0, 0)
    assert outcome(again) | {"computed": first.computed, "reused": first.reused, "changed": first.changed} == outcome(
        first)


@pytest.mark.parametrize("change", [
    "UPDATE articles SET published_at = '2001-01-01' WHERE id = 40",
    "UPDATE articles SET content_hash = 'other' WHERE id = 40",
    "UPDATE articles SET cluster_id = id, duplicate_of = NULL",
    "DELETE FROM articles WHERE id = 40",
    "INSERT INTO articles (url, site, text, content_hash, first_seen_at, last_seen_at) "
    "VALUES ('https://x.vn/new', 'x', 'Ảnh: Hoàng Nam', 'h', 't', 't')",
])
def test_any_change_to_an_article_makes_the_next_run_work(mixed_archive, change):
    rebuild_clusters(mixed_archive)
    mixed_archive.execute(change)
    mixed_archive.conn.commit()
    after = clusters(mixed_archive)
    report = rebuild_clusters(mixed_archive)
    assert report.reused + report.computed == report.articles or "DELETE" in change
    if "cluster_id = id" in change:  # the clusters undone behind its back come back
        assert report.changed > 0 and clusters(mixed_archive) != after


def test_a_text_change_is_seen_even_when_the_figures_stay(mixed_archive):
    rebuild_clusters(mixed_archive)
    mixed_archive.execute("UPDATE articles SET text = 'Ảnh: Hoàng Nam', content_hash = 'short' WHERE id = 1")
    mixed_archive.conn.commit()
    assert rebuild_clusters(mixed_archive).computed == 1


@pytest.fixture
def mixed_archive(db):
    insert_undeduplicated(db, generated_articles(300, seed=3))
    return db


def _traced_peak(tmp_path, count: int) -> int:
    db = open_archive(tmp_path / f"a{count}.sqlite")
    insert_undeduplicated(db, generated_articles(count, seed=11))
    rebuild_clusters(db)  # the index, then a run that reuses it (as after a crawl) is measured
    db.execute("DELETE FROM dedup_meta WHERE key = 'clustered'")
    db.conn.commit()
    tracemalloc.start()
    try:
        rebuild_clusters(db)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        db.conn.close()


def test_memory_held_per_article_is_a_signature_and_a_few_numbers(tmp_path, monkeypatch):
    """What the batch holds grows by about one signature (512 bytes) and some numbers an article, never
    by Python objects per article (the in-memory version: 2.5 KB an article here, 3.2 GB at 1M).  Its
    chunks are made much smaller than the archives here, as they are much smaller than a real one."""
    for name, size in (("CHUNK", 100), ("_BLOCK", 256), ("VERIFY_CHUNK", 200), ("WRITE_CHUNK", 500),
                       ("ROOTS_CHUNK", 500)):
        monkeypatch.setattr(dedup_batch, name, size)
    small, big = _traced_peak(tmp_path, 1000), _traced_peak(tmp_path, 4000)
    per_article = (big - small) / 3000
    assert per_article < 1000, f"{per_article:.0f} bytes per article"

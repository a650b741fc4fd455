"""archive/db.py: WriteBatch, several units of work (a crawl's pages) committed together."""

from __future__ import annotations

import sqlite3

import pytest

from archive.db import WriteBatch, transaction
from archive.store import save_article


def _urls(db_path) -> list[str]:
    """What another process sees: committed rows only."""
    with sqlite3.connect(db_path) as other:
        return [url for (url,) in other.execute("SELECT url FROM articles ORDER BY url")]


def _article(n: int) -> dict:
    return {"url": f"https://baodongkhoi.vn/bai-{n}.html", "site": "bdk", "title": f"Bài {n}",
            "text": f"Nội dung bài số {n} về chuyển đổi số của tỉnh Bến Tre năm 2025."}


def test_units_are_committed_together_once_the_batch_is_full(db, db_path):
    batch = WriteBatch(db, max_units=3, max_seconds=3600)
    for n in (1, 2):
        with batch.unit():
            save_article(db, _article(n))
    assert batch.open and _urls(db_path) == []  # a kill now loses both: nothing half-written either
    with batch.unit():
        save_article(db, _article(3))
    assert not batch.open and len(_urls(db_path)) == 3


def test_a_batch_is_committed_once_its_oldest_unit_is_old_enough(db, db_path):
    now = [0.0]
    batch = WriteBatch(db, max_units=100, max_seconds=2.0, clock=lambda: now[0])
    with batch.unit():
        save_article(db, _article(1))
    now[0] = 1.9
    with batch.unit():
        save_article(db, _article(2))
    assert _urls(db_path) == []
    now[0] = 2.0
    with batch.unit():
        save_article(db, _article(3))
    assert len(_urls(db_path)) == 3


def test_a_failing_unit_is_undone_alone(db, db_path):
    batch = WriteBatch(db, max_units=10, max_seconds=3600)
    with batch.unit():
        save_article(db, _article(1))
    with pytest.raises(RuntimeError), batch.unit():
        save_article(db, _article(2))
        raise RuntimeError("the page's schedule could not be written")
    with batch.unit():
        save_article(db, _article(3))
    batch.commit()
    assert _urls(db_path) == ["https://baodongkhoi.vn/bai-1.html", "https://baodongkhoi.vn/bai-3.html"]
    versions = db.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    assert versions == 2  # nothing of the failed unit's article survived either


def test_a_nested_transaction_that_fails_leaves_the_outer_one_intact(db, db_path):
    with transaction(db):
        save_article(db, _article(1))
        with pytest.raises(ValueError), transaction(db):
            save_article(db, _article(2))
            raise ValueError
    assert _urls(db_path) == ["https://baodongkhoi.vn/bai-1.html"]


def test_actions_wait_for_the_commit_of_what_came_before(db):
    batch = WriteBatch(db, max_units=10, max_seconds=3600)
    done: list[str] = []
    batch.after_commit(lambda: done.append("nothing open: at once"))
    with batch.unit():
        save_article(db, _article(1))
    batch.after_commit(lambda: done.append("after the commit"))
    assert done == ["nothing open: at once"]
    batch.commit()
    assert done == ["nothing open: at once", "after the commit"]


def test_one_unit_a_commit_when_batching_is_off(db, db_path):
    batch = WriteBatch(db)  # max_units 1: what a session without a crawler uses
    with batch.unit():
        save_article(db, _article(1))
    assert not batch.open and len(_urls(db_path)) == 1

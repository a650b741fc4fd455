"""Duplicate clusters on real SQLite files: what must link, what must not, online and in batch."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import pytest

from archive import dedup_batch, minhash
from archive.db import MIGRATIONS, SCHEMA_VERSION, open_archive, schema_version, transaction
from archive.dedup import UNIQUE_CONDITION, list_clusters
from archive.dedup_batch import rebuild_clusters
from archive.store import save_article
from tests.helpers import dedup_texts as T

T0 = datetime.fromisoformat("2024-03-12T09:00:00+07:00")


def article(n: int, text: str, *, site: str = "bbk", published: str | None = "2024-03-12T10:00:00+07:00") -> dict:
    return {"url": f"https://{site}.example.vn/bai-{n}.html", "site": site, "title": f"Bài {n}", "text": text,
            "published": published}


def clusters(db) -> dict[int, tuple[int, int | None]]:
    return {aid: (cid, dup) for aid, cid, dup in db.execute("SELECT id, cluster_id, duplicate_of FROM articles")}


# --- what links ----------------------------------------------------------------------------------


def test_same_text_at_two_urls_is_linked(db):
    first = save_article(db, article(1, T.ARTICLE), now=T0)
    copy = save_article(db, article(2, T.ARTICLE, site="so_backan", published="2024-03-12T15:00:00+07:00"), now=T0)
    assert first.duplicate_of is None
    assert copy.duplicate_of == first.article_id
    assert clusters(db) == {1: (1, None), 2: (1, 1)}


@pytest.mark.parametrize(
    "variant",
    [
        T.with_prefix("(Baonghean.vn) - "),
        T.with_prefix("BDK.VN - "),
        T.with_prefix(""),
        T.caption_changed(),
        T.paragraph_added(),
        T.paragraph_cut(),
        T.reflowed(),
        T.nfd(),
    ],
    ids=["prefix-baonghean", "prefix-bdk", "prefix-removed", "caption", "paragraph-added", "paragraph-cut",
         "whitespace", "nfd"],
)
def test_near_duplicates_are_linked(db, variant):
    original = save_article(db, article(1, T.ARTICLE), now=T0)
    copy = save_article(db, article(2, variant, site="baonghean", published="2024-03-13T08:00:00+07:00"), now=T0)
    assert copy.status == "new"
    assert copy.duplicate_of == original.article_id


def test_seed_copies_are_linked(db, shared_dir):
    gold = json.loads((shared_dir / "seeds" / "gold.json").read_text(encoding="utf-8"))
    text = gold[0]["text"]
    save_article(db, article(1, text, site="bdk"), now=T0)
    lines = text.split("\n")
    variant = "(CTO) - " + "\n".join([lines[0][len("BDK.VN - "):], *lines[1:-1]])
    assert save_article(db, article(2, variant, site="cto"), now=T0).duplicate_of == 1


# --- what must not link --------------------------------------------------------------------------


def test_same_subject_articles_are_not_linked(db):
    save_article(db, article(1, T.ARTICLE), now=T0)
    other = save_article(db, article(2, T.SAME_SUBJECT, published="2023-02-20T16:00:00+07:00"), now=T0)
    assert other.duplicate_of is None
    assert clusters(db) == {1: (1, None), 2: (2, None)}


def test_seed_year_end_reviews_are_not_linked(db, shared_dir):
    gold = json.loads((shared_dir / "seeds" / "gold.json").read_text(encoding="utf-8"))
    by_file = {g["file"][:3]: g for g in gold}
    save_article(db, article(1, by_file["000"]["text"], site="bdk", published=by_file["000"]["published"]), now=T0)
    second = save_article(db, article(2, by_file["001"]["text"], site="bdk", published=by_file["001"]["published"]),
                          now=T0)
    assert second.duplicate_of is None
    assert rebuild_clusters(db).duplicates == 0


def test_monthly_bulletins_are_not_linked(db):
    # Same template sentences (shingle similarity above the threshold): only the figures differ.
    sigs, _ = minhash.signatures([T.BULLETIN_MARCH, T.BULLETIN_APRIL])
    assert minhash.estimate_jaccard(sigs[0], sigs[1]) > 0.55
    save_article(db, article(1, T.BULLETIN_MARCH, published="2024-03-31"), now=T0)
    april = save_article(db, article(2, T.BULLETIN_APRIL, published="2024-04-30"), now=T0)
    assert april.duplicate_of is None
    assert rebuild_clusters(db, reindex=True).duplicates == 0


@pytest.mark.e2e
def test_a_copy_is_found_among_a_flood_of_template_siblings(db):
    """More LSH candidates than are verified (MAX_CANDIDATES): the copy, sharing most bands, still links."""
    from archive.dedup import MAX_CANDIDATES

    lines = T.ARTICLE.split("\n")
    n = 3 * MAX_CANDIDATES
    for i in range(n):  # siblings keeping 3 of the 7 paragraphs (J ~0.38 with the copy), saved first: lower ids
        sibling = [line if k in (0, 1, 3) else " ".join(f"từ{i}x{k}y{j}" for j in range(len(line.split())))
                   for k, line in enumerate(lines)]
        save_article(db, article(i, "\n".join(sibling), published="2024-01-01"), now=T0)
    original = save_article(db, article(n, T.ARTICLE, published="2024-03-12"), now=T0)  # the highest id
    candidates = db.execute(
        "SELECT count(DISTINCT article_id) FROM dedup_bands WHERE band_key IN (SELECT band_key FROM dedup_bands "
        "WHERE article_id = ?)", [original.article_id]).fetchone()[0]
    assert candidates > MAX_CANDIDATES + 1  # the flood is real: more candidates than are verified
    copy = save_article(db, article(n + 1, T.paragraph_added(), site="so_backan"), now=T0)
    assert copy.duplicate_of == original.article_id


def test_short_texts_link_only_when_equal(db):
    short = "Lịch cắt điện ngày 15/3 tại huyện Chợ Đồn."  # 10 words, 6 shingles
    save_article(db, article(1, short), now=T0)
    assert save_article(db, article(2, short), now=T0).duplicate_of == 1
    assert save_article(db, article(3, short.replace("15/3", "16/3")), now=T0).duplicate_of is None
    assert save_article(db, article(4, "Ảnh: Hoàng Nam"), now=T0).duplicate_of is None
    assert save_article(db, article(5, "Ảnh: Hoàng Nam"), now=T0).duplicate_of is None  # too short to link
    assert db.execute("SELECT count(*) FROM dedup_bands").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM dedup_signatures WHERE signature IS NULL").fetchone()[0] == 5


# --- clusters ------------------------------------------------------------------------------------


def test_earliest_published_is_the_root_and_first_seen_breaks_ties(db):
    save_article(db, article(1, T.ARTICLE, published="2024-03-13T08:00:00+07:00"), now=T0)
    earlier = save_article(db, article(2, T.caption_changed(), published="2024-03-12T10:00:00+07:00"), now=T0)
    assert earlier.duplicate_of is None
    assert clusters(db) == {1: (2, 2), 2: (2, None)}
    # Same publication time: the one seen first wins.
    tie = save_article(db, article(3, T.reflowed(), published="2024-03-12T10:00:00+07:00"),
                       now=T0 - timedelta(days=1))
    assert tie.duplicate_of is None
    assert clusters(db) == {1: (3, 3), 2: (3, 3), 3: (3, None)}
    # An undated copy never becomes the root.
    assert save_article(db, article(4, T.nfd(), published=None), now=T0 - timedelta(days=9)).duplicate_of == 3


def test_every_article_has_a_cluster_and_unique_keeps_one_per_cluster(db):
    for n, text in enumerate([T.ARTICLE, T.nfd(), T.paragraph_added(), T.SAME_SUBJECT, T.BULLETIN_MARCH], 1):
        save_article(db, article(n, text), now=T0 + timedelta(minutes=n))
    assert db.execute("SELECT count(*) FROM articles WHERE cluster_id IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM articles WHERE cluster_id = id").fetchone()[0] == 3
    unique = [r[0] for r in db.execute(f"SELECT id FROM articles WHERE {UNIQUE_CONDITION} ORDER BY id")]
    assert unique == [1, 4, 5]


def test_updated_article_is_reindexed_and_leaves_its_cluster(db):
    save_article(db, article(1, T.ARTICLE), now=T0)
    copy = save_article(db, article(2, T.caption_changed(), published="2024-03-13"), now=T0)
    old_keys = {k for (k,) in db.execute("SELECT band_key FROM dedup_bands WHERE article_id = 2")}
    changed = save_article(db, article(2, T.SAME_SUBJECT, published="2024-03-13"), now=T0 + timedelta(days=1))
    assert (copy.duplicate_of, changed.status, changed.duplicate_of) == (1, "updated", None)
    assert clusters(db) == {1: (1, None), 2: (2, None)}
    new_keys = {k for (k,) in db.execute("SELECT band_key FROM dedup_bands WHERE article_id = 2")}
    assert new_keys == _keys_of(T.SAME_SUBJECT) and new_keys != old_keys
    # The new text is what the index matches: a copy of it links to article 2, not to article 1.
    copy = T.SAME_SUBJECT.replace("BBK - ", "(CTO) - ")
    assert save_article(db, article(3, copy, published="2024-03-14"), now=T0 + timedelta(days=2)).duplicate_of == 2


def test_a_new_publication_date_can_change_the_root(db):
    save_article(db, article(1, T.ARTICLE, published="2024-03-12T10:00:00+07:00"), now=T0)
    save_article(db, article(2, T.nfd(), published="2024-03-13T10:00:00+07:00"), now=T0)
    redated = {**article(2, T.nfd(), published="2024-03-11T10:00:00+07:00"), "title": "Bài 2 (sửa)"}
    assert save_article(db, redated, now=T0 + timedelta(days=1)).status == "updated"
    assert clusters(db) == {1: (2, 2), 2: (2, None)}


def _keys_of(text: str) -> set[int]:
    return set(minhash.band_keys(minhash.signature(text))[0].tolist())


def test_changing_the_bridge_splits_a_cluster(db):
    # 1 and 3 link only through 2 (which shares most of each); when 2 changes, they separate.
    lines, other = T.ARTICLE.split("\n"), T.SAME_SUBJECT.split("\n")
    a, bridge, c = T.ARTICLE, "\n".join(lines[:6] + other[4:]), "\n".join(lines[:4] + other[2:])
    sigs, _ = minhash.signatures([a, bridge, c])
    assert minhash.estimate_jaccard(sigs[0], sigs[1]) > 0.6 and minhash.estimate_jaccard(sigs[1], sigs[2]) > 0.6
    assert minhash.estimate_jaccard(sigs[0], sigs[2]) < 0.5
    save_article(db, article(1, a), now=T0)
    save_article(db, article(2, c, published="2024-03-14"), now=T0)
    assert clusters(db) == {1: (1, None), 2: (2, None)}
    assert save_article(db, article(3, bridge, published="2024-03-13"), now=T0).duplicate_of == 1
    assert clusters(db) == {1: (1, None), 2: (1, 1), 3: (1, 1)}
    save_article(db, article(3, T.BULLETIN_MARCH, published="2024-03-13"), now=T0 + timedelta(days=1))
    assert clusters(db) == {1: (1, None), 2: (2, None), 3: (3, None)}


# --- batch ---------------------------------------------------------------------------------------


@pytest.fixture
def mixed(db):
    texts = [T.ARTICLE, T.SAME_SUBJECT, T.nfd(), T.BULLETIN_MARCH, T.paragraph_added(), T.BULLETIN_APRIL,
             T.with_prefix("(CTO) - "), T.caption_changed(), "Ảnh: Hoàng Nam", "Ảnh: Hoàng Nam"]
    for n, text in enumerate(texts, 1):
        save_article(db, article(n, text, published=f"2024-03-{10 + n:02d}"), now=T0)
    return db


def test_batch_rebuild_agrees_with_online_and_is_idempotent(mixed):
    online = clusters(mixed)
    assert online[5] == (1, 1) and online[2] == (2, None) and online[6] == (6, None)
    report = rebuild_clusters(mixed, reindex=True)
    assert (report.articles, report.computed, report.changed, report.duplicates) == (10, 10, 0, 4)
    assert clusters(mixed) == online
    again = rebuild_clusters(mixed)
    assert (again.computed, again.reused, again.changed) == (0, 10, 0)
    assert clusters(mixed) == online
    assert mixed.execute("SELECT count(*) FROM articles").fetchone()[0] == 10
    assert mixed.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 10


def test_batch_rebuild_clusters_an_archive_never_deduplicated(db):
    rows = [(1, T.paragraph_added(), "2024-03-14"), (2, T.SAME_SUBJECT, "2023-02-20"), (3, T.ARTICLE, "2024-03-12"),
            (4, T.ARTICLE, "2024-03-13")]
    with transaction(db):  # as an archive written before dedup existed: no index, no clusters
        for n, text, day in rows:
            db.execute(
                "INSERT INTO articles (id, url, site, text, content_hash, word_count, published_at, first_seen_at, "
                "last_seen_at) VALUES (?, ?, 'bbk', ?, ?, 100, ?, 't', 't')",
                [n, f"https://x.vn/{n}", text, f"h{n}" if n != 4 else "h3", day],
            )
    report = rebuild_clusters(db)
    assert clusters(db) == {1: (3, 3), 2: (2, None), 3: (3, None), 4: (3, 3)}
    assert (report.exact_links, report.clusters) == (1, 1)
    assert db.execute("SELECT count(*) FROM dedup_bands").fetchone()[0] == 4 * minhash.BANDS


def test_a_crash_during_rebuild_changes_nothing(mixed, monkeypatch, db_path):
    before = clusters(mixed)
    bands = mixed.execute("SELECT count(*) FROM dedup_bands").fetchone()[0]
    mixed.execute("UPDATE articles SET cluster_id = id, duplicate_of = NULL")  # make the rebuild rewrite rows
    stale = clusters(mixed)
    real = dedup_batch.assign_roots

    def crash_after_writing(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(dedup_batch, "assign_roots", crash_after_writing)
    with pytest.raises(KeyboardInterrupt):
        rebuild_clusters(mixed, reindex=True)
    reader = open_archive(db_path)
    assert clusters(reader) == stale
    assert reader.execute("SELECT count(*) FROM dedup_bands").fetchone()[0] == bands
    monkeypatch.undo()
    rebuild_clusters(mixed)
    assert clusters(mixed) == before


def test_articles_saved_during_a_rebuild_are_deduplicated(mixed, db_path, monkeypatch):
    crawler = open_archive(db_path)
    real = dedup_batch._candidate_pairs

    def crawl_meanwhile(*args, **kwargs):  # another connection saves while the batch computes
        save_article(crawler, article(11, T.paragraph_cut(), published="2024-03-30"), now=T0)
        save_article(crawler, article(2, T.BULLETIN_APRIL.replace("tỉnh", "huyện")), now=T0)
        return real(*args, **kwargs)

    monkeypatch.setattr(dedup_batch, "_candidate_pairs", crawl_meanwhile)
    report = rebuild_clusters(mixed, reindex=True)
    assert report.late == 2
    got = clusters(mixed)
    assert got[11] == (1, 1)  # the new copy
    assert got[2] == (2, None)
    monkeypatch.undo()
    reads = []  # the late articles were linked online: the next run checks them in batch
    real_read = dedup_batch._read
    monkeypatch.setattr(dedup_batch, "_read", lambda *args, **kwargs: reads.append(1) or real_read(*args, **kwargs))
    assert rebuild_clusters(mixed).changed == 0 and reads


def test_an_index_of_another_scheme_is_rebuilt(mixed):
    before = clusters(mixed)
    mixed.execute("UPDATE dedup_meta SET value = 'minhash-v0' WHERE key = 'params'")
    # Online, signatures of another scheme cannot be compared: only exact copies link meanwhile.
    assert save_article(mixed, article(20, T.paragraph_cut()), now=T0).duplicate_of is None
    assert save_article(mixed, article(21, T.ARTICLE), now=T0).duplicate_of == 1
    report = rebuild_clusters(mixed)
    assert report.computed == 12 and report.reused == 0
    assert mixed.execute("SELECT value FROM dedup_meta").fetchone()[0] == minhash.PARAMS
    assert clusters(mixed) == {**before, 11: (1, 1), 12: (1, 1)}


def test_batch_reindexes_only_stale_texts(mixed):
    # Article 5 (a copy of 1) rewritten behind the store's back: only its signature is recomputed.
    old_keys = {k for (k,) in mixed.execute("SELECT band_key FROM dedup_bands WHERE article_id = 5")}
    mixed.execute("UPDATE articles SET text = ?, content_hash = 'changed' WHERE id = 5", [T.BULLETIN_MARCH + "\nX"])
    report = rebuild_clusters(mixed)
    assert (report.computed, report.reused) == (1, 9)
    new_keys = {k for (k,) in mixed.execute("SELECT band_key FROM dedup_bands WHERE article_id = 5")}
    assert new_keys == _keys_of(T.BULLETIN_MARCH + "\nX") and not (old_keys & new_keys)
    got = clusters(mixed)
    assert got[5][0] == got[4][0] == 4  # now a copy of the March bulletin (article 4), not of article 1
    assert got[1] == (1, None) and got[3] == (1, 1)


def test_index_lives_in_sqlite_tables(mixed):
    rows = mixed.execute("SELECT article_id, length(signature), typeof(figures) FROM dedup_signatures").fetchall()
    assert {n for _, n, _ in rows} == {minhash.NUM_PERM * 4, None}
    assert {t for _, _, t in rows} == {"blob"}
    per_article = mixed.execute("SELECT count(*) FROM dedup_bands GROUP BY article_id").fetchall()
    assert {n for (n,) in per_article} == {minhash.BANDS}
    plan = " ".join(r[-1] for r in mixed.execute("EXPLAIN QUERY PLAN SELECT article_id FROM dedup_bands "
                                                 "WHERE band_key IN (1, 2)"))
    assert "USING PRIMARY KEY" in plan or "USING COVERING INDEX" in plan


def test_list_clusters_filters(mixed):
    all_clusters = list_clusters(mixed)
    assert [(c["cluster_id"], c["size"]) for c in all_clusters] == [(1, 5)]
    assert [m["id"] for m in all_clusters[0]["members"]] == [1, 3, 5, 7, 8]
    assert list_clusters(mixed, site="bbk") and not list_clusters(mixed, site="bdk")
    assert list_clusters(mixed, since=datetime(2024, 3, 18).date())
    assert not list_clusters(mixed, since=datetime(2024, 3, 19).date())


def test_migration_gives_existing_articles_a_cluster(db_path):
    ours = next(i for i, step in enumerate(MIGRATIONS) if step.__name__.endswith("dedup_index"))
    sqlite3.connect(db_path).close()
    old = open_archive(db_path, migrate=False)
    with transaction(old):
        for step in MIGRATIONS[:ours]:
            step(old)
        old.execute(f"PRAGMA user_version = {ours}")
        old.execute("INSERT INTO articles (url, site, text, content_hash, first_seen_at, last_seen_at) "
                    "VALUES ('https://x.vn/1', 'bbk', 'x', 'h', 't', 't')")
    old.conn.close()
    db = open_archive(db_path)
    assert schema_version(db) == SCHEMA_VERSION
    assert clusters(db) == {1: (1, None)}

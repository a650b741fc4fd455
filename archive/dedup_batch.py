"""``archive dedup``: rebuild every duplicate cluster of the archive in one pass.

0. *Nothing to do?*  The last run leaves a marker in ``dedup_meta`` (key ``clustered``, its figures as
   JSON) unless a crawl saved articles meanwhile; any insert, delete, or change of an article's text,
   dates or cluster removes it (triggers of migration 11).  While it is there, the run returns those
   figures without reading anything else.
1. *Read* (no lock held), one pass over the articles in id order, :data:`CHUNK` rows at a time: each
   article's id, hash and word count; signatures still valid in the index are reused, the others
   computed from the texts (:func:`archive.minhash.fingerprints`).  What is kept is compact: one
   ``n x NUM_PERM`` uint32 array of signatures, the figures concatenated in one uint32 array, the
   hashes as fixed-width bytes (about 0.7 KB an article); no Python object per article.
2. *Link*: identical texts (content hash), identical signatures, and pairs sharing an LSH band whose
   estimated Jaccard similarity reaches :data:`archive.dedup.THRESHOLD`, found one band at a time;
   clusters are the connected components.
3. *Write*, in ONE transaction, so no reader ever sees half-updated clusters and a crash changes
   nothing: the index rows that changed (in chunks), then ``cluster_id``/``duplicate_of`` where they
   differ: the members of clusters of two or more are read by id, a batch of clusters at a time;
   every other article must be its own cluster, which two index scans check.  Articles saved by a
   crawl while step 1-2 ran are found inside that transaction (new id or new hash) and deduplicated
   the online way (:func:`archive.dedup.dedup_article`) before the commit.

Nothing is deleted but stale index rows; running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from archive import minhash
from archive.db import transaction
from archive.dedup import (
    MIN_EXACT_WORDS,
    THRESHOLD,
    assign_roots,
    band_rows,
    dedup_article,
    figures_agree,
    index_params,
    set_index_params,
    write_index,
)

Progress = Callable[[str, int, int], None]  # (phase, done, total)

CHUNK = 1000  # texts per signature batch (bounded memory, numpy-sized work)
WRITE_CHUNK = 20_000  # articles whose index rows are written (old ones read) per step: about 40 MB
ROOTS_CHUNK = 20_000  # cluster members whose rows are read per step
_RUN_PAIRS = 32  # pairs within an LSH bucket found by vectorised shifts up to this distance
_BLOCK = 16_384  # signatures turned into band keys at a time
VERIFY_CHUNK = 20_000  # candidate pairs compared at a time (two signatures each: 20 MB)
MARKER = "clustered"  # dedup_meta key: the clusters are as the last run left them


@dataclass(frozen=True)
class RebuildReport:
    articles: int
    computed: int  # signatures computed in this run
    reused: int  # signatures kept from the index (text unchanged since indexed)
    short: int  # too short for MinHash: exact hash only
    candidate_pairs: int  # LSH candidates checked
    near_links: int  # candidates verified as near duplicates
    exact_links: int  # pairs linked by equal text
    clusters: int  # clusters of two or more articles
    duplicates: int  # articles with duplicate_of set
    changed: int  # articles whose cluster_id / duplicate_of changed
    late: int  # articles saved during the run, deduplicated online before the commit
    seconds: float


class Figures:
    """Every article's figures in one uint32 array: ``figures[i]`` is article ``i``'s (a view)."""

    def __init__(self, values: np.ndarray, starts: np.ndarray) -> None:
        self.values, self.starts = values, starts

    def __getitem__(self, i: int) -> np.ndarray:
        return self.values[self.starts[i] : self.starts[i + 1]]

    def __len__(self) -> int:
        return len(self.starts) - 1


@dataclass
class Snapshot:
    """Step 1's result, one row per article read, in id order."""

    ids: np.ndarray  # int64
    hashes: np.ndarray  # content_hash as bytes (the text each signature was computed from)
    words: np.ndarray  # word counts
    sigs: np.ndarray  # n x NUM_PERM uint32 (meaningless where counts < MIN_SHINGLES)
    counts: np.ndarray  # shingles
    figures: Figures
    computed: np.ndarray  # bool: computed in this run (else reused from the index)


def rebuild_clusters(
    db: sqlite_utils.Database, *, reindex: bool = False, progress: Progress | None = None
) -> RebuildReport:
    """Recompute the index (where stale) and every cluster; see the module docstring.

    :param reindex: recompute every signature, even those still valid.
    :param progress: called as ``progress(phase, done, total)`` while working.
    """
    started = time.perf_counter()
    report = progress or (lambda phase, done, total: None)
    keep_index = not reindex and index_params(db) == minhash.PARAMS
    if keep_index and (unchanged := _marker(db)) is not None:
        return RebuildReport(**unchanged, computed=0, reused=unchanged["articles"], changed=0, late=0,
                             seconds=round(time.perf_counter() - started, 3))
    snap = _read(db, keep_index, report)
    usable = snap.counts >= minhash.MIN_SHINGLES
    report("linking", 0, 1)
    pairs = _candidate_pairs(snap.sigs, usable)
    near = _verify(snap.sigs, snap.figures, pairs)
    exact = _exact_pairs(snap.hashes, snap.words)
    report("linking", 1, 1)
    edges = np.concatenate([near, exact]) if len(near) or len(exact) else np.empty((0, 2), np.int64)
    with transaction(db):
        report("writing", 0, 1)
        present, late = _late(db, snap)
        _write_index(db, snap, keep_index)
        ok = present & ~np.isin(snap.ids, late)
        edges = edges[ok[edges[:, 0]] & ok[edges[:, 1]]]
        changed = _write_roots(db, snap.ids, edges, ok)
        for aid in late:
            dedup_article(db, aid)
        articles, clusters, duplicates = db.execute(
            "SELECT (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY cluster_id HAVING count(*) > 1)), "
            "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL)"
        ).fetchone()
        figures = {"articles": articles, "short": int((~usable).sum()), "candidate_pairs": len(pairs),
                   "near_links": len(near), "exact_links": len(exact), "clusters": clusters,
                   "duplicates": duplicates}
        if not late:  # articles deduplicated online are not known to be as a batch run would link them
            db.execute("INSERT OR REPLACE INTO dedup_meta (key, value) VALUES (?, ?)",
                       [MARKER, json.dumps({"params": minhash.PARAMS, **figures})])
        report("writing", 1, 1)
    computed = int(snap.computed.sum())
    return RebuildReport(
        **figures,
        computed=computed,
        reused=len(snap.ids) - computed,
        changed=changed,
        late=len(late),
        seconds=round(time.perf_counter() - started, 3),
    )


def _marker(db: sqlite_utils.Database) -> dict | None:
    """The figures of the last run, when nothing changed since (see the module docstring)."""
    row = db.execute("SELECT value FROM dedup_meta WHERE key = ?", [MARKER]).fetchone()
    if row is None:
        return None
    figures = json.loads(row[0])
    return figures if figures.pop("params", None) == minhash.PARAMS else None


# --- 1. read ---------------------------------------------------------------------------------------


def _read(db: sqlite_utils.Database, keep_index: bool, report: Progress) -> Snapshot:
    """Every article's hash, word count and fingerprints: reused from the index when its text is
    unchanged, else computed.  Texts are read only for the articles whose signature is computed."""
    top, total = db.execute("SELECT coalesce(max(id), 0), count(*) FROM articles").fetchone()
    ids = np.zeros(total, np.int64)
    words = np.zeros(total, np.int64)
    sigs = np.full((total, minhash.NUM_PERM), 0xFFFFFFFF, dtype=np.uint32)
    counts = np.zeros(total, np.int64)
    computed = np.zeros(total, bool)
    hashes: list[np.ndarray] = []
    fig_parts: list[np.ndarray] = []
    fig_lengths = np.zeros(total, np.int64)
    stale = "0" if keep_index else "1"
    cursor = db.execute(
        "SELECT a.id, a.content_hash, a.word_count, s.shingles, s.signature, s.figures, "
        f"CASE WHEN {stale} OR s.content_hash IS NOT a.content_hash THEN a.text END "
        "FROM articles a LEFT JOIN dedup_signatures s ON s.article_id = a.id WHERE a.id <= ? ORDER BY a.id",
        [top],
    )
    n = 0
    report("signatures", 0, total)
    while rows := cursor.fetchmany(CHUNK):
        if n + len(rows) > len(ids):  # articles inserted meanwhile with an id below the top: rare
            grow = n + len(rows)
            ids, words, counts, computed, fig_lengths = (np.resize(a, grow) for a in (ids, words, counts, computed,
                                                                                        fig_lengths))
            sigs = np.resize(sigs, (grow, minhash.NUM_PERM))
        part = slice(n, n + len(rows))
        ids[part] = [r[0] for r in rows]
        hashes.append(np.array([r[1].encode() for r in rows], dtype=bytes))
        words[part] = [r[2] or 0 for r in rows]
        todo = [k for k, r in enumerate(rows) if r[6] is not None]
        computed[part] = False
        computed[[n + k for k in todo]] = True
        figs: list[np.ndarray] = [np.empty(0, np.uint32)] * len(rows)
        for k, r in enumerate(rows):
            if r[6] is None:
                counts[n + k] = r[3]
                figs[k] = minhash.from_blob(r[5] or b"")
                if r[4] is not None:
                    sigs[n + k] = minhash.from_blob(r[4])
        if todo:
            found = minhash.fingerprints([rows[k][6] for k in todo])
            at = [n + k for k in todo]
            sigs[at] = found.signatures
            counts[at] = found.counts
            for k, f in zip(todo, found.figures, strict=True):
                figs[k] = f
        fig_lengths[part] = [len(f) for f in figs]
        fig_parts.append(np.concatenate(figs) if figs else np.empty(0, np.uint32))
        n += len(rows)
        report("signatures", n, total)
    starts = np.zeros(n + 1, np.int64)
    np.cumsum(fig_lengths[:n], out=starts[1:])
    return Snapshot(
        ids=ids[:n], hashes=np.concatenate(hashes) if hashes else np.empty(0, bytes), words=words[:n],
        sigs=sigs[:n], counts=counts[:n],
        figures=Figures(np.concatenate(fig_parts) if fig_parts else np.empty(0, np.uint32), starts),
        computed=computed[:n],
    )


# --- 2. link ---------------------------------------------------------------------------------------


def _candidate_pairs(sigs: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Index pairs ``(i, j)``, i < j, that share a band key, or have identical signatures.

    One band at a time: only that band's keys (8 bytes an article) and its buckets' pairs are in
    memory beside the signatures.
    """
    docs = np.flatnonzero(usable)
    if len(docs) < 2:
        return np.empty((0, 2), np.int64)
    # Identical signatures (copies): link each to the first, and band only one of them.
    fingerprint = np.concatenate([_row_fingerprint(minhash.band_keys(sigs[docs[s : s + _BLOCK]]))
                                  for s in range(0, len(docs), _BLOCK)])
    order = np.argsort(fingerprint, kind="stable")
    fp_sorted = fingerprint[order]
    first_of = np.concatenate(([True], fp_sorted[1:] != fp_sorted[:-1]))
    group_first = order[np.maximum.accumulate(np.where(first_of, np.arange(len(order)), 0))]
    copies = np.stack([docs[group_first[~first_of]], docs[order[~first_of]]], axis=1)
    owner = docs[order[first_of]]
    del fingerprint, order, fp_sorted, first_of, group_first
    n = len(sigs)
    codes = [_pair_codes(copies, n)]
    for band in range(minhash.BANDS):
        cols = slice(band * minhash.ROWS, (band + 1) * minhash.ROWS)
        keys = np.concatenate([minhash.band_key(sigs[owner[s : s + _BLOCK], cols], band)
                               for s in range(0, len(owner), _BLOCK)])
        codes.append(_pair_codes(_pairs_in_buckets(keys, owner), n))
    code = np.unique(np.concatenate(codes))
    return np.stack([code // n, code % n], axis=1)


def _pair_codes(pairs: np.ndarray, n: int) -> np.ndarray:
    """Distinct pairs as ``i * n + j`` (i < j), so that bands' pairs merge with one ``np.unique``."""
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs[:, 0] * n + pairs[:, 1])


def _row_fingerprint(keys: np.ndarray) -> np.ndarray:
    weights = np.arange(1, 2 * keys.shape[1], 2, dtype=np.uint64)
    with np.errstate(over="ignore"):
        mixed = (keys.view(np.uint64) * weights[None, :]).sum(axis=1, dtype=np.uint64)
    return minhash._fmix64(mixed)


def _pairs_in_buckets(flat: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """All pairs of owners that share a key (an LSH bucket)."""
    order = np.argsort(flat, kind="stable")
    k, o = flat[order], owner[order]
    new = np.concatenate(([True], k[1:] != k[:-1]))
    run = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    length = np.diff(np.concatenate((starts, [len(k)])))
    keep = length[run] >= 2
    o, run = o[keep], run[keep]
    found = [np.empty((0, 2), np.int64)]
    if not len(o):
        return found[0]
    longest = int(length.max())
    for d in range(1, min(longest, _RUN_PAIRS + 1)):
        same = run[:-d] == run[d:]
        found.append(np.stack([o[:-d][same], o[d:][same]], axis=1))
    if longest > _RUN_PAIRS + 1:  # big buckets: the pairs further apart than the shifts reach
        run_starts = np.flatnonzero(np.concatenate(([True], run[1:] != run[:-1])))
        run_ends = np.concatenate((run_starts[1:], [len(run)]))
        for s, e in zip(run_starts, run_ends, strict=True):
            if e - s > _RUN_PAIRS + 1:
                i, j = np.triu_indices(e - s, _RUN_PAIRS + 1)
                found.append(np.stack([o[s + i], o[s + j]], axis=1))
    return np.concatenate(found)


def _verify(sigs: np.ndarray, figures: Figures | Sequence[np.ndarray], pairs: np.ndarray) -> np.ndarray:
    """The candidate pairs similar enough (estimated Jaccard >= THRESHOLD) whose figures agree."""
    chunk = VERIFY_CHUNK
    keep = np.zeros(len(pairs), dtype=bool)
    for start in range(0, len(pairs), chunk):
        a, b = pairs[start : start + chunk, 0], pairs[start : start + chunk, 1]
        keep[start : start + chunk] = minhash.estimate_jaccard(sigs[a], sigs[b]) >= THRESHOLD
    for k in np.flatnonzero(keep):
        a, b = pairs[k]
        keep[k] = figures_agree(figures[a], figures[b])
    return pairs[keep]


def _exact_pairs(hashes: Sequence[str] | np.ndarray, words: np.ndarray) -> np.ndarray:
    """``(first, i)`` for every article ``i`` whose text equals an earlier one's (at least MIN_EXACT_WORDS)."""
    docs = np.flatnonzero(np.asarray(words) >= MIN_EXACT_WORDS)
    if len(docs) < 2:
        return np.empty((0, 2), np.int64)
    keys = np.asarray(hashes)[docs]
    order = np.argsort(keys, kind="stable")  # equal hashes stay in index order: the first is the earliest
    sorted_keys = keys[order]
    first_of = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1]))
    group_first = order[np.maximum.accumulate(np.where(first_of, np.arange(len(order)), 0))]
    pairs = np.stack([docs[group_first[~first_of]], docs[order[~first_of]]], axis=1)
    return pairs[np.argsort(pairs[:, 1], kind="stable")]


# --- 3. write ----------------------------------------------------------------------------------------


def _late(db: sqlite_utils.Database, snap: Snapshot) -> tuple[np.ndarray, list[int]]:
    """``(present, late)``: which snapshot rows still exist, and the ids saved or changed since step 1
    (inside the write transaction: nothing changes any more)."""
    present = np.zeros(len(snap.ids), bool)
    late: list[int] = []
    cursor = db.execute("SELECT id, content_hash FROM articles")  # the content_hash index alone
    while rows := cursor.fetchmany(WRITE_CHUNK):
        ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
        hashes = np.array([r[1].encode() for r in rows], dtype=bytes)
        at = np.minimum(np.searchsorted(snap.ids, ids), max(len(snap.ids) - 1, 0))
        known = (snap.ids[at] == ids) if len(snap.ids) else np.zeros(len(ids), bool)
        present[at[known]] = True
        known[known] = snap.hashes[at[known]] == hashes[known]
        late.extend(ids[~known].tolist())
    return present, sorted(late)


def _write_index(db: sqlite_utils.Database, snap: Snapshot, keep_index: bool) -> None:
    """Write the index rows that changed (the caller holds the transaction), :data:`WRITE_CHUNK` at a time."""
    if keep_index:
        todo = np.flatnonzero(snap.computed)
    else:
        db.execute("DELETE FROM dedup_bands")
        db.execute("DELETE FROM dedup_signatures")
        todo = np.arange(len(snap.ids))
    for start in range(0, len(todo), WRITE_CHUNK):
        at = todo[start : start + WRITE_CHUNK]
        ids = snap.ids[at].tolist()
        if keep_index:
            old = db.execute(
                "SELECT article_id, signature FROM dedup_signatures WHERE signature IS NOT NULL "
                "AND article_id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)],
            ).fetchall()
            if old:
                stale = np.stack([minhash.from_blob(blob) for _, blob in old])
                db.conn.executemany(
                    "DELETE FROM dedup_bands WHERE band_key = ? AND article_id = ?",
                    band_rows([aid for aid, _ in old], stale),
                )
        write_index(db, ids, [h.decode() for h in snap.hashes[at].tolist()], snap.sigs[at], snap.counts[at],
                    [snap.figures[i] for i in at])
    set_index_params(db)


def _write_roots(db: sqlite_utils.Database, ids: np.ndarray, edges: np.ndarray, ok: np.ndarray) -> int:
    """Give every article its cluster: components of ``edges`` (positions), and every other article
    (``ok``: still there and unchanged) its own; returns how many rows changed."""
    label = _component_labels(len(ids), edges)
    linked = np.flatnonzero(label != np.arange(len(ids)))
    linked = np.union1d(linked, label[linked])  # the components' smallest members too
    order = linked[np.argsort(label[linked], kind="stable")]
    changed = 0
    start = 0
    while start < len(order):  # whole components, about ROOTS_CHUNK members at a time
        stop = min(start + ROOTS_CHUNK, len(order))
        while stop < len(order) and label[order[stop]] == label[order[stop - 1]]:
            stop += 1
        part = order[start:stop]
        rows = {
            r["id"]: r
            for r in db.query(
                "SELECT id, cluster_id, duplicate_of, published_at, first_seen_at FROM articles "
                "WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids[part].tolist())],
            )
        }
        cuts = np.flatnonzero(np.diff(label[part])) + 1
        components = [ids[group].tolist() for group in np.split(part, cuts)]
        changed += assign_roots(db, components, rows)
        start = stop
    alone = ok.copy()
    alone[linked] = False
    wrong = {aid for (aid,) in db.execute("SELECT id FROM articles WHERE cluster_id IS NOT id")}
    wrong.update(aid for (aid,) in db.execute("SELECT id FROM articles WHERE duplicate_of IS NOT NULL"))
    wrong_ids = np.array(sorted(wrong), np.int64)
    at = np.minimum(np.searchsorted(ids, wrong_ids), max(len(ids) - 1, 0))
    mine = (ids[at] == wrong_ids) & alone[at] if len(ids) else np.zeros(len(wrong_ids), bool)
    reset = wrong_ids[mine].tolist()
    db.conn.executemany("UPDATE articles SET cluster_id = id, duplicate_of = NULL WHERE id = ?",
                        ((aid,) for aid in reset))
    return changed + len(reset)


def _component_labels(n: int, edges: np.ndarray) -> np.ndarray:
    """For each of ``n`` positions, the smallest position of its connected component."""
    label = np.arange(n)
    if not len(edges):
        return label
    a, b = edges[:, 0], edges[:, 1]
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        np.minimum.at(label, before, label)  # a root takes its members' smaller label
        while not np.array_equal(jumped := label[label], label):
            label = jumped
        if np.array_equal(label, before):
            return label

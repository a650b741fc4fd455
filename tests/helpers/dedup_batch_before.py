"""The batch dedup as it was before it streamed (``archive/dedup_batch.py`` at bfb9e10), kept unchanged
as the oracle of tests/test_dedup_batch_memory.py: the streaming rebuild must give the same clusters,
roots and link counts.  Everything is held in memory here (Python lists and dicts per article)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import sqlite_utils

from archive import minhash
from archive.db import transaction
from archive.dedup import (
    MIN_EXACT_WORDS,
    THRESHOLD,
    _components,
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
_SQL_VARS = 500  # ids per "IN (...)" query
_NO_FIGURES = np.empty(0, np.uint32)
_RUN_PAIRS = 32  # pairs within an LSH bucket found by vectorised shifts up to this distance


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


def rebuild_clusters(
    db: sqlite_utils.Database, *, reindex: bool = False, progress: Progress | None = None
) -> RebuildReport:
    """Recompute the index (where stale) and every cluster; see the module docstring.

    :param reindex: recompute every signature, even those still valid.
    :param progress: called as ``progress(phase, done, total)`` while working.
    """
    started = time.perf_counter()
    report = progress or (lambda phase, done, total: None)
    ids, hashes, words = _snapshot(db)
    keep_index = not reindex and index_params(db) == minhash.PARAMS
    sigs, counts, figures, sig_hashes, computed = _load_signatures(db, ids, hashes, keep_index, report)
    usable = counts >= minhash.MIN_SHINGLES
    report("linking", 0, 1)
    pairs = _candidate_pairs(sigs, usable)
    near = _verify(sigs, figures, pairs)
    exact = _exact_pairs(hashes, words)
    report("linking", 1, 1)
    edges = np.concatenate([near, exact]) if len(near) or len(exact) else np.empty((0, 2), np.int64)
    with transaction(db):
        report("writing", 0, 1)
        late, rows = _write_index(db, ids, sig_hashes, sigs, counts, figures, computed, keep_index)
        index_of = {int(aid): i for i, aid in enumerate(ids)}
        fresh_ids = [aid for aid in rows if aid not in late and aid in index_of]
        pos_edges = [(int(ids[a]), int(ids[b])) for a, b in edges.tolist()]
        pos_edges = [(a, b) for a, b in pos_edges if a not in late and b not in late and a in rows and b in rows]
        changed = assign_roots(db, _components(fresh_ids, pos_edges), rows)
        for aid in sorted(late):
            dedup_article(db, aid)
        clusters, duplicates = db.execute(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY cluster_id HAVING count(*) > 1)), "
            "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL)"
        ).fetchone()
        report("writing", 1, 1)
    return RebuildReport(
        articles=len(rows),
        computed=int(computed.sum()),
        reused=int(len(ids) - computed.sum()),
        short=int((~usable).sum()),
        candidate_pairs=len(pairs),
        near_links=len(near),
        exact_links=len(exact),
        clusters=clusters,
        duplicates=duplicates,
        changed=changed,
        late=len(late),
        seconds=round(time.perf_counter() - started, 3),
    )


def _snapshot(db: sqlite_utils.Database) -> tuple[np.ndarray, list[str], np.ndarray]:
    rows = db.execute("SELECT id, content_hash, word_count FROM articles ORDER BY id").fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    words = np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows))
    return ids, [r[1] for r in rows], words


def _load_signatures(db, ids, hashes, keep_index: bool, report: Progress):
    """Signatures for every article: reused from the index when its text is unchanged, else computed."""
    n = len(ids)
    sigs = np.full((n, minhash.NUM_PERM), 0xFFFFFFFF, dtype=np.uint32)
    counts = np.zeros(n, dtype=np.int64)
    figures: list[np.ndarray] = [_NO_FIGURES] * n
    sig_hashes = list(hashes)  # the hash of the text each signature was computed from
    computed = np.ones(n, dtype=bool)
    if keep_index:
        index_of = {int(aid): i for i, aid in enumerate(ids)}
        for aid, chash, shingles, blob, figs in db.execute(
            "SELECT article_id, content_hash, shingles, signature, figures FROM dedup_signatures"
        ):
            i = index_of.get(aid)
            if i is not None and chash == hashes[i]:
                computed[i] = False
                counts[i] = shingles
                figures[i] = minhash.from_blob(figs or b"")
                if blob is not None:
                    sigs[i] = minhash.from_blob(blob)
    todo = np.flatnonzero(computed)
    report("signatures", 0, len(todo))
    index_of = {aid: i for i, aid in enumerate(ids.tolist())}
    done = 0
    for rows in _texts(db, [int(ids[i]) for i in todo], every=len(todo) > n // 2):
        present = [index_of[aid] for aid, _, _ in rows if aid in index_of and computed[index_of[aid]]]
        rows = [row for row in rows if row[0] in index_of and computed[index_of[row[0]]]]
        found = minhash.fingerprints([text for _, _, text in rows])
        sigs[present] = found.signatures
        counts[present] = found.counts
        for i, (_, chash, _), figs in zip(present, rows, found.figures, strict=True):
            sig_hashes[i] = chash
            figures[i] = figs
        done += len(rows)
        report("signatures", done, len(todo))
    return sigs, counts, figures, sig_hashes, computed


def _texts(db: sqlite_utils.Database, wanted: list[int], *, every: bool) -> Iterator[list[tuple[int, str, str]]]:
    """``(id, content_hash, text)`` rows of the wanted articles, :data:`CHUNK` at a time.

    With ``every``, one pass over the whole table (the caller skips the others), else lookups by id.
    """
    if every:
        cursor = db.execute("SELECT id, content_hash, text FROM articles ORDER BY id")
        while rows := cursor.fetchmany(CHUNK):
            yield rows
        return
    for start in range(0, len(wanted), CHUNK):
        rows: list[tuple[int, str, str]] = []
        chunk = wanted[start : start + CHUNK]
        for part in range(0, len(chunk), _SQL_VARS):
            sub = chunk[part : part + _SQL_VARS]
            marks = ", ".join("?" for _ in sub)
            rows += db.execute(f"SELECT id, content_hash, text FROM articles WHERE id IN ({marks})", sub).fetchall()
        yield rows


def _candidate_pairs(sigs: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Index pairs ``(i, j)``, i < j, that share a band key, or have identical signatures."""
    docs = np.flatnonzero(usable)
    if len(docs) < 2:
        return np.empty((0, 2), np.int64)
    keys = minhash.band_keys(sigs[docs])
    # Identical signatures (copies): link each to the first, and band only one of them.
    fingerprint = _row_fingerprint(keys)
    order = np.argsort(fingerprint, kind="stable")
    fp_sorted = fingerprint[order]
    first_of = np.concatenate(([True], fp_sorted[1:] != fp_sorted[:-1]))
    group_first = order[np.maximum.accumulate(np.where(first_of, np.arange(len(order)), 0))]
    copies = np.stack([docs[group_first[~first_of]], docs[order[~first_of]]], axis=1)
    reps = order[first_of]
    flat = keys[reps].ravel()
    owner = np.repeat(docs[reps], minhash.BANDS)
    pairs = [copies, _pairs_in_buckets(flat, owner)]
    out = np.concatenate(pairs)
    out = np.sort(out, axis=1)
    out = out[out[:, 0] != out[:, 1]]
    if not len(out):
        return out
    code = np.unique(out[:, 0] * len(sigs) + out[:, 1])
    return np.stack([code // len(sigs), code % len(sigs)], axis=1)


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


def _verify(sigs: np.ndarray, figures: list[np.ndarray], pairs: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    """The candidate pairs similar enough (estimated Jaccard >= THRESHOLD) whose figures agree."""
    keep = np.zeros(len(pairs), dtype=bool)
    for start in range(0, len(pairs), chunk):
        a, b = pairs[start : start + chunk, 0], pairs[start : start + chunk, 1]
        keep[start : start + chunk] = minhash.estimate_jaccard(sigs[a], sigs[b]) >= THRESHOLD
    for k in np.flatnonzero(keep):
        a, b = pairs[k]
        keep[k] = figures_agree(figures[a], figures[b])
    return pairs[keep]


def _exact_pairs(hashes: list[str], words: np.ndarray) -> np.ndarray:
    first: dict[str, int] = {}
    pairs = []
    for i, (chash, count) in enumerate(zip(hashes, words.tolist(), strict=True)):
        if count >= MIN_EXACT_WORDS:
            j = first.setdefault(chash, i)
            if j != i:
                pairs.append((j, i))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _write_index(db, ids, sig_hashes, sigs, counts, figures, computed, keep_index: bool):
    """Write the index rows that changed; return (late article ids, fresh rows for clustering)."""
    rows = {
        r["id"]: r
        for r in db.query(
            "SELECT id, cluster_id, duplicate_of, published_at, first_seen_at, content_hash FROM articles"
        )
    }
    known = {int(aid): i for i, aid in enumerate(ids)}
    late = {aid for aid, r in rows.items() if aid not in known or r["content_hash"] != sig_hashes[known[aid]]}
    if keep_index:
        todo = np.flatnonzero(computed)
        old = db.execute(
            "SELECT article_id, signature FROM dedup_signatures WHERE signature IS NOT NULL "
            "AND article_id IN (SELECT value FROM json_each(?))",
            ["[" + ",".join(str(int(ids[i])) for i in todo) + "]"],
        ).fetchall()
        if old:
            stale = np.stack([minhash.from_blob(blob) for _, blob in old])
            db.conn.executemany(
                "DELETE FROM dedup_bands WHERE band_key = ? AND article_id = ?",
                band_rows([aid for aid, _ in old], stale),
            )
    else:
        db.execute("DELETE FROM dedup_bands")
        db.execute("DELETE FROM dedup_signatures")
        todo = np.arange(len(ids))
    everything = len(todo) == len(ids)  # no copies of the big arrays for a full rebuild
    write_index(
        db, ids.tolist() if everything else [int(ids[i]) for i in todo],
        sig_hashes if everything else [sig_hashes[i] for i in todo],
        sigs if everything else sigs[todo], counts if everything else counts[todo],
        figures if everything else [figures[i] for i in todo],
    )
    set_index_params(db)
    return late, rows

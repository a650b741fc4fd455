"""Duplicate clusters: the same article at several URLs, sites and times.

Two articles are *linked* when

* **exact**: their normalised texts are equal (same ``content_hash``, at least
  :data:`MIN_EXACT_WORDS` words, so empty or one-line bodies are never linked), or
* **near**: they share an LSH band of their MinHash signatures (:mod:`archive.minhash`), the
  signatures agree on at least :data:`THRESHOLD` of their values (estimated Jaccard similarity of
  their 5-word shingle sets), and their figures agree (:func:`figures_agree`: another month of a
  bulletin repeats the template sentences, not the figures).

A *cluster* is a connected component of links.  Every article has one (``cluster_id``; a singleton's
cluster is itself): the cluster id is the id of its earliest-published member (first seen breaks
ties), which has ``duplicate_of`` NULL; every other member has ``duplicate_of`` = that id.  So
:data:`UNIQUE_CONDITION` keeps one article per cluster.

The index lives in the archive (tables of the ``*_dedup_index`` migration): ``dedup_signatures``
(article id -> signature and figures BLOBs, and the ``content_hash`` they were computed from) and
``dedup_bands`` (band key -> article ids).
:func:`dedup_article` runs inside ``save_article``'s transaction for every new or changed article,
so a nightly crawl is compared against the whole history without rebuilding anything;
:func:`archive.dedup_batch.rebuild_clusters` recomputes everything (``archive dedup``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import sqlite_utils

from archive import minhash
from archive.filters import UNIQUE_CONDITION  # noqa: F401  (re-exported: one article per cluster)
from archive.vn_time import VN_TZ

THRESHOLD = 0.55  # minimum estimated Jaccard similarity of shingle sets for a near link (docs/dedup.md)
MIN_EXACT_WORDS = 8  # an equal text shorter than this ("Ảnh: …", empty) links nothing
# At most this many LSH candidates are verified per article, those sharing the most band keys first.
# A copy (J >= 0.55) shares ~3-15 of the 20 bands; a flood of template siblings (J ~0.45, ~2 bands)
# could otherwise make every save compare against hundreds of bulletins.  Bounds the online cost.
MAX_CANDIDATES = 100
# At most this many articles are read per LSH band (the newest): a thousand copies of one notice share
# every band, and reading them all made each save in a big cluster cost its size (docs/million.md).
MAX_BAND_ROWS = 100
MIN_FIGURES = 3  # figures (numbers, dates) each text needs before they are compared …
FIGURES_SHARED = 0.5  # … and the share of the smaller set the other must contain


# --- the index ---------------------------------------------------------------------------------


def index_params(db: sqlite_utils.Database) -> str | None:
    """The signature scheme the archive's index was built with (None: not built yet)."""
    row = db.execute("SELECT value FROM dedup_meta WHERE key = 'params'").fetchone()
    return row[0] if row else None


def set_index_params(db: sqlite_utils.Database, params: str = minhash.PARAMS) -> None:
    db.execute("INSERT OR REPLACE INTO dedup_meta (key, value) VALUES ('params', ?)", [params])


def _near_enabled(db: sqlite_utils.Database) -> bool:
    """True when the stored index uses this program's scheme (adopting it on a fresh archive)."""
    params = index_params(db)
    if params is None:
        set_index_params(db)
        return True
    return params == minhash.PARAMS


def band_rows(article_ids: Sequence[int], sigs: np.ndarray, *, step: int = 65536) -> Iterator[tuple[int, int]]:
    """``(band_key, article_id)`` rows for signatures, sorted (B-tree friendly), made ``step`` at a time
    (a million Python tuples at once would cost more memory than the whole index)."""
    keys = minhash.band_keys(sigs).ravel()
    ids = np.repeat(np.asarray(article_ids, dtype=np.int64), minhash.BANDS)
    order = np.lexsort((ids, keys))
    keys, ids = keys[order], ids[order]
    for start in range(0, len(keys), step):
        yield from zip(keys[start : start + step].tolist(), ids[start : start + step].tolist(), strict=True)


def write_index(
    db: sqlite_utils.Database,
    article_ids: Sequence[int],
    hashes: Sequence[str],
    sigs: np.ndarray,
    counts: np.ndarray,
    figures: Sequence[np.ndarray],
) -> None:
    """Store signatures, figures and band keys (the caller holds the transaction, old bands removed)."""
    usable = counts >= minhash.MIN_SHINGLES
    db.conn.executemany(
        "INSERT OR REPLACE INTO dedup_signatures (article_id, content_hash, shingles, signature, figures) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            (int(aid), h, int(n), minhash.to_blob(sig) if ok else None, minhash.to_blob(figs))
            for aid, h, n, sig, ok, figs in zip(article_ids, hashes, counts, sigs, usable, figures, strict=True)
        ),
    )
    if usable.any():
        rows = band_rows(np.asarray(article_ids)[usable], sigs[usable])
        db.conn.executemany("INSERT OR IGNORE INTO dedup_bands (band_key, article_id) VALUES (?, ?)", rows)


def _remove_bands(db: sqlite_utils.Database, article_id: int, sig: np.ndarray) -> None:
    db.conn.executemany(
        "DELETE FROM dedup_bands WHERE band_key = ? AND article_id = ?", band_rows([article_id], sig[None, :])
    )


def _fingerprints(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, tuple[np.ndarray | None, np.ndarray]]:
    """Stored ``(signature or None, figures)`` of indexed articles."""
    out: dict[int, tuple[np.ndarray | None, np.ndarray]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for aid, sig, figs in db.execute(
            f"SELECT article_id, signature, figures FROM dedup_signatures WHERE article_id IN ({marks})", chunk
        ):
            out[aid] = (None if sig is None else minhash.from_blob(sig), minhash.from_blob(figs or b""))
    return out


# --- links and clusters ------------------------------------------------------------------------


def figures_agree(figs_a: np.ndarray, figs_b: np.ndarray) -> bool:
    """False when both texts have figures and they mostly differ (a bulletin of another month).

    With at least :data:`MIN_FIGURES` figures each, at least :data:`FIGURES_SHARED` of the smaller set
    must appear in the other: a copy with a paragraph added or cut keeps them, another month does not.
    """
    if len(figs_a) < MIN_FIGURES or len(figs_b) < MIN_FIGURES:
        return True
    shared = len(np.intersect1d(figs_a, figs_b, assume_unique=True))
    return shared >= FIGURES_SHARED * min(len(figs_a), len(figs_b))


def is_near(sig_a: np.ndarray, figs_a: np.ndarray, sig_b: np.ndarray, figs_b: np.ndarray) -> bool:
    """The verification of an LSH candidate pair: similar enough, and the same figures."""
    return minhash.estimate_jaccard(sig_a, sig_b) >= THRESHOLD and figures_agree(figs_a, figs_b)


# The newest MAX_BAND_ROWS articles of each of an article's band keys, in one statement (one per band cost
# twenty round trips through the Python driver a save).
_BAND_QUERY = " UNION ALL ".join(
    ["SELECT article_id FROM (SELECT article_id FROM dedup_bands WHERE band_key = ? AND article_id != ? "
     "ORDER BY article_id DESC LIMIT ?)"] * minhash.BANDS
)


def _neighbours(
    db: sqlite_utils.Database,
    article_id: int,
    content_hash: str,
    words: int,
    fingerprint: tuple[np.ndarray | None, np.ndarray] | None,
) -> set[int]:
    """Articles linked to one article (exact, or a verified near link), from the stored index."""
    found: set[int] = set()
    if words >= MIN_EXACT_WORDS:
        # Equal texts are always in one cluster, so one of them links to all: a notice republished a
        # thousand times costs one row here, not a thousand.
        found.update(
            aid for (aid,) in db.execute(
                "SELECT id FROM articles WHERE content_hash = ? AND id != ? ORDER BY id LIMIT 1",
                [content_hash, article_id],
            )
        )
    sig, figs = fingerprint or (None, None)
    if sig is not None:
        shared: dict[int, int] = {}
        params = [value for key in minhash.band_keys(sig)[0].tolist() for value in (key, article_id, MAX_BAND_ROWS)]
        for (aid,) in db.execute(_BAND_QUERY, params):
            shared[aid] = shared.get(aid, 0) + 1
        ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]
        candidates = {aid for aid, _count in ranked} - found
        for aid, (other, other_figs) in _fingerprints(db, candidates).items():
            if other is not None and is_near(sig, figs, other, other_figs):
                found.add(aid)
    return found


def order_key(published_at: str | None, first_seen_at: str | None, article_id: int) -> tuple:
    """Sort key for "earliest": published first (undated last), then first seen, then id."""
    return (_instant(published_at), first_seen_at or "", article_id)


def _instant(value: str | None) -> float:
    if not value:
        return float("inf")
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=VN_TZ)
        return moment.timestamp()
    except ValueError:
        return float("inf")


def _members(db: sqlite_utils.Database, cluster_ids: set[int], ids: set[int]) -> dict[int, dict[str, Any]]:
    """Rows (id, cluster_id, duplicate_of, published_at, first_seen_at) of clusters and articles."""
    rows: dict[int, dict[str, Any]] = {}
    for column, values in (("cluster_id", sorted(cluster_ids)), ("id", sorted(ids))):
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in db.query(
                f"SELECT id, cluster_id, duplicate_of, published_at, first_seen_at, content_hash, word_count "
                f"FROM articles WHERE {column} IN ({marks})",
                chunk,
            ):
                rows[row["id"]] = row
    return rows


def assign_roots(db: sqlite_utils.Database, components: Iterable[Iterable[int]], rows: dict[int, dict]) -> int:
    """Write cluster_id/duplicate_of for whole components; returns how many rows changed."""
    changes = []
    for component in components:
        members = list(component)
        root = min(members, key=lambda aid: order_key(rows[aid]["published_at"], rows[aid]["first_seen_at"], aid))
        for aid in members:
            want = (root, None if aid == root else root)
            if (rows[aid]["cluster_id"], rows[aid]["duplicate_of"]) != want:
                changes.append((*want, aid))
                rows[aid]["cluster_id"], rows[aid]["duplicate_of"] = want
    db.conn.executemany("UPDATE articles SET cluster_id = ?, duplicate_of = ? WHERE id = ?", changes)
    return len(changes)


def _by_cluster(rows: dict[int, dict[str, Any]]) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for aid, row in rows.items():
        if row["cluster_id"] is not None:
            groups.setdefault(row["cluster_id"], []).append(aid)
    return groups


def _components(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    parent = {node: node for node in nodes}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return list(groups.values())


# --- online ------------------------------------------------------------------------------------


def in_shared_cluster(db: sqlite_utils.Database, article_id: int) -> bool:
    """True when the article's cluster holds another article (it copies one, or is copied)."""
    row = db.execute("SELECT cluster_id FROM articles WHERE id = ?", [article_id]).fetchone()
    return row is not None and _has_other_members(db, article_id, row[0])


def dedup_article(
    db: sqlite_utils.Database, article_id: int, *, precomputed: minhash.Fingerprints | None = None
) -> int | None:
    """Index one just-saved article and update the clusters it touches; returns its ``duplicate_of``.

    Call inside the transaction that wrote the article (``save_article`` does).  A changed text is
    re-indexed (old band keys removed) and its old cluster re-split if the change broke its links.
    ``precomputed``: the fingerprints of the article's stored text, computed elsewhere
    (``archive.store.prepare_article``, in a worker process).
    """
    row = db.execute(
        "SELECT text, content_hash, word_count, cluster_id FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    if row is None:
        return None
    text, content_hash, words, old_cluster = row
    near = _near_enabled(db)
    stored = db.execute(
        "SELECT content_hash, signature FROM dedup_signatures WHERE article_id = ?", [article_id]
    ).fetchone()
    reindexed = stored is None or stored[0] != content_hash
    if reindexed:
        if stored is not None and stored[1] is not None:
            _remove_bands(db, article_id, minhash.from_blob(stored[1]))
        db.execute("DELETE FROM dedup_signatures WHERE article_id = ?", [article_id])
        if near:
            found = precomputed if precomputed is not None else minhash.fingerprints([text])
            write_index(db, [article_id], [content_hash], found.signatures, found.counts, found.figures)
    fingerprint = _fingerprints(db, [article_id]).get(article_id) if near else None
    linked = _neighbours(db, article_id, content_hash, words, fingerprint)
    if not _has_other_members(db, article_id, old_cluster):
        joined = _join_clusters(db, article_id, linked)
        if joined is not None:
            return joined[0]
    rows = _members(db, set(), linked | {article_id})
    clusters = {r["cluster_id"] for r in rows.values() if r["cluster_id"] is not None}
    if old_cluster is not None:
        clusters.add(old_cluster)
    rows.update(_members(db, clusters, set()))
    edges = [(article_id, other) for other in linked]
    split = reindexed and old_cluster is not None  # the old cluster may fall apart without the old text
    for cluster_id, ids in _by_cluster(rows).items():
        if split and cluster_id == old_cluster:
            old_prints = _fingerprints(db, ids) if near else {}
            for aid in ids:
                if aid != article_id:
                    row = rows[aid]
                    others = _neighbours(db, aid, row["content_hash"], row["word_count"], old_prints.get(aid))
                    edges.extend((aid, other) for other in others if other in rows)
        else:  # any other cluster is still connected
            edges.extend((ids[0], aid) for aid in ids[1:])
    assign_roots(db, _components(rows, edges), rows)
    return rows[article_id]["duplicate_of"]


def _has_other_members(db: sqlite_utils.Database, article_id: int, cluster_id: int | None) -> bool:
    if cluster_id is None:
        return False
    if cluster_id != article_id:
        return True
    row = db.execute("SELECT 1 FROM articles WHERE cluster_id = ? AND id != ? LIMIT 1", [cluster_id, article_id])
    return row.fetchone() is not None


def _join_clusters(db: sqlite_utils.Database, article_id: int, linked: set[int]) -> tuple[int | None] | None:
    """An article alone in its cluster joins the clusters of the articles it links to; returns
    ``(duplicate_of,)``, or None when the archive's clusters are not as expected (the caller recomputes).

    Only the linked articles (at most ``MAX_CANDIDATES`` + 1) and their clusters' roots are read, never
    the other members: a cluster's root is its earliest member, so the earliest of the roots and the
    article is the root of the union.  Rows are written only where a root changes (the article is earlier
    than a root, or it bridges clusters); joining a cluster as a later member writes one row.
    """
    rows = _members(db, set(), linked | {article_id})
    roots = {(rows[aid]["cluster_id"] if rows[aid]["cluster_id"] is not None else aid) for aid in linked if aid in rows}
    rows.update(_members(db, set(), roots - set(rows)))
    if any(root not in rows or rows[root]["cluster_id"] not in (root, None) for root in roots):
        return None
    candidates = roots | {article_id}
    new_root = min(candidates, key=lambda a: order_key(rows[a]["published_at"], rows[a]["first_seen_at"], a))
    for root in sorted(roots - {new_root}):
        db.execute(
            "UPDATE articles SET cluster_id = ?, duplicate_of = ? WHERE cluster_id = ? OR id = ?",
            [new_root, new_root, root, root],
        )
    for aid in linked:  # a linked article without a cluster (an old import) joins too
        if rows[aid]["cluster_id"] is None and aid != new_root:
            db.execute("UPDATE articles SET cluster_id = ?, duplicate_of = ? WHERE id = ?", [new_root, new_root, aid])
    want = (new_root, None if new_root == article_id else new_root)
    if (rows[article_id]["cluster_id"], rows[article_id]["duplicate_of"]) != want:
        db.execute("UPDATE articles SET cluster_id = ?, duplicate_of = ? WHERE id = ?", [*want, article_id])
    if new_root != article_id and rows[new_root]["cluster_id"] is None:
        db.execute("UPDATE articles SET cluster_id = ?, duplicate_of = NULL WHERE id = ?", [new_root, new_root])
    return (want[1],)


# --- listing -----------------------------------------------------------------------------------


def list_clusters(
    db: sqlite_utils.Database, *, site: str | None = None, since: date | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Clusters of two or more articles, newest first, each with its members (earliest first).

    :param site: only clusters with a member from this site.
    :param since: only clusters with a member published (or, undated, first seen) on or after this day.
    """
    having = ["count(*) > 1"]
    params: list[Any] = []
    if site:
        having.append("max(site = ?)")
        params.append(site)
    day = "coalesce(published_date, substr(first_seen_at, 1, 10))"
    if since:
        having.append(f"max({day}) >= ?")
        params.append(since.isoformat())
    sql = (
        f"SELECT cluster_id, count(*) AS size, max({day}) AS last_date FROM articles "
        f"WHERE cluster_id IS NOT NULL GROUP BY cluster_id HAVING {' AND '.join(having)} "
        f"ORDER BY last_date DESC, cluster_id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    clusters = list(db.query(sql, params))
    members = _members(db, {c["cluster_id"] for c in clusters}, set())
    by_cluster: dict[int, list[dict[str, Any]]] = {}
    for aid in sorted(members, key=lambda a: order_key(members[a]["published_at"], members[a]["first_seen_at"], a)):
        by_cluster.setdefault(members[aid]["cluster_id"], []).append(aid)
    details = {
        r["id"]: r
        for r in db.query(
            "SELECT id, url, site, title, published_at, first_seen_at, duplicate_of, word_count FROM articles "
            "WHERE cluster_id IN (SELECT value FROM json_each(?))",
            [_json_ids(by_cluster)],
        )
    }
    out = []
    for cluster in clusters:
        ids = by_cluster.get(cluster["cluster_id"], [])
        rows = [details[aid] for aid in ids]
        out.append({
            "cluster_id": cluster["cluster_id"],
            "size": len(rows),
            "sites": sorted({r["site"] for r in rows}),
            "members": rows,
        })
    return out


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"

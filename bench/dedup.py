"""Benchmark of deduplication on generated corpora (bench/vn_corpus.py) with planted near-duplicates.

For each size: generate the corpus, fill an archive file with plain INSERTs (no dedup; timed
separately), run the batch path (``archive.dedup_batch.rebuild_clusters``, as ``archive dedup`` does)
in a fresh process (seconds, peak RSS), score the clusters against the planted truth (pairwise
precision and recall), then save ``--online`` more articles one by one with ``save_article`` (the
nightly-crawl path, compared against the whole history) and score again.

The baseline, measured in the same run on the same file, is a plain pass that reads every text and
splits it into words with a regex: the floor any text deduplication has to pay.

    python bench/dedup.py                     # 10k, 50k, 100k
    python bench/dedup.py --sizes 2000        # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from vn_corpus import generate_corpus  # noqa: E402

from archive.db import open_archive, transaction  # noqa: E402
from archive.store import prepare_record, save_article  # noqa: E402


def fill(db_path: Path, articles: list[dict]) -> float:
    """Plain INSERTs of prepared records (normalised, hashed), no dedup; returns seconds."""
    started = time.perf_counter()
    db = open_archive(db_path)
    seen = "2026-01-01T00:00:00+07:00"
    rows = []
    for art in articles:
        rec = prepare_record(art)
        rec.update(first_seen_at=seen, last_seen_at=seen)
        rows.append(rec)
    cols = list(rows[0])
    sql = f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    with transaction(db):
        db.conn.executemany(sql, ([r[c] for c in cols] for r in rows))
    db.conn.close()
    return time.perf_counter() - started


def child(mode: str, db_path: str) -> None:
    """Run in a fresh process: ``batch`` (rebuild_clusters) or ``baseline``; print JSON."""
    started = time.perf_counter()
    db = open_archive(db_path)
    if mode == "batch":
        from archive.dedup_batch import rebuild_clusters

        report = rebuild_clusters(db).__dict__
    else:
        import re

        word = re.compile(r"\w+")
        report = {"words": sum(len(word.findall(t.lower())) for (t,) in db.execute("SELECT text FROM articles"))}
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mb(), "report": report}))


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would include the parent's, kept across exec)."""
    try:
        for row in Path("/proc/self/status").read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(mode: str, db_path: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(db_path)], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def score(db_path: Path, truth_of_url: dict[str, int]) -> dict:
    """Pairwise precision and recall of the clusters against the planted truth."""
    db = open_archive(db_path)
    rows = [(truth_of_url[url], cluster) for url, cluster in db.execute("SELECT url, cluster_id FROM articles")]
    db.conn.close()

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = pairs(Counter(rows))
    predicted = pairs(Counter(c for _, c in rows))
    true = pairs(Counter(t for t, _ in rows))
    return {
        "precision": both / predicted if predicted else 1.0,
        "recall": both / true if true else 1.0,
        "true_pairs": true,
        "predicted_pairs": predicted,
    }


def online(db_path: Path, articles: list[dict]) -> dict:
    db = open_archive(db_path)
    now = datetime.fromisoformat("2026-02-01T00:00:00+07:00")
    started = time.perf_counter()
    dups = sum(save_article(db, art, now=now).duplicate_of is not None for art in articles)
    seconds = time.perf_counter() - started
    db.conn.close()
    return {"articles": len(articles), "seconds": seconds, "per_second": len(articles) / seconds, "duplicates": dups}


def bench_size(size: int, online_n: int, seed: int, workdir: Path) -> dict:
    started = time.perf_counter()
    corpus = generate_corpus(size + online_n, seed=seed)
    generated = time.perf_counter() - started
    truth = {art["url"]: art["truth"] for art in corpus}
    db_path = workdir / f"bench-{size}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    filled = fill(db_path, corpus[:size])
    baseline = run_child("baseline", db_path)
    batch = run_child("batch", db_path)
    batch_score = score(db_path, truth)
    onl = online(db_path, corpus[size:])
    after = score(db_path, truth)
    return {
        "size": size, "generate_s": generated, "fill_s": filled, "baseline": baseline, "batch": batch,
        "batch_score": batch_score, "online": onl, "online_score": after,
        "planted_copies": sum(1 for art in corpus[:size]) - len({art["truth"] for art in corpus[:size]}),
        "db_mb": db_path.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,50000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--online", type=int, default=2000, help="articles then saved one by one (online path)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="where the archive files go (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(f"load before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for size in (int(s) for s in args.sizes.split(",")):
            res = bench_size(size, args.online, args.seed, workdir)
            results.append(res)
            report(res)
    if len(results) > 1:
        by_size = {r["size"]: r["batch"]["seconds"] for r in results}
        for small, big in zip(sorted(by_size), sorted(by_size)[1:], strict=False):
            print(f"t({big})/t({small}) = {by_size[big] / by_size[small]:.2f}  (size ratio {big / small:.1f})")
    print(f"load after: {os.getloadavg()}")
    if args.json:
        print(json.dumps(results, indent=1, default=str))


def report(res: dict) -> None:
    b, base, bs, on, os_ = res["batch"], res["baseline"], res["batch_score"], res["online"], res["online_score"]
    rep = b["report"]
    print(
        f"\n== {res['size']} articles ({res['planted_copies']} planted copies, {bs['true_pairs']} true pairs), "
        f"archive {res['db_mb']:.0f} MB"
    )
    print(f"  generate {res['generate_s']:.1f} s, fill (plain INSERT + FTS) {res['fill_s']:.1f} s")
    print(
        f"  batch dedup {b['seconds']:.2f} s = {b['seconds'] / base['seconds']:.2f} x baseline "
        f"(read + regex words {base['seconds']:.2f} s); peak RSS {b['peak_rss_mb']:.0f} MB "
        f"(baseline process {base['peak_rss_mb']:.0f} MB)"
    )
    print(
        f"  candidates {rep['candidate_pairs']}, near links {rep['near_links']}, exact links {rep['exact_links']}, "
        f"clusters {rep['clusters']}, duplicates {rep['duplicates']}"
    )
    print(f"  batch:  precision {bs['precision']:.4f}  recall {bs['recall']:.4f}")
    print(
        f"  online: {on['articles']} more saved at {on['per_second']:.0f} articles/s "
        f"({on['duplicates']} flagged duplicates); precision {os_['precision']:.4f}  recall {os_['recall']:.4f}"
    )


if __name__ == "__main__":
    main()

"""The measurements behind the dedup parameters (docs/dedup.md): shingle size, threshold, bands, permutations.

1. Exact Jaccard similarity of planted copies vs. template families (monthly bulletins, same-subject
   reviews) for shingle sizes 3, 4, 5, 7: where a threshold separates them, with and without the
   figures rule.
2. LSH bands x rows (with the chosen shingle size and threshold): candidates, links, pairwise
   precision and recall of the clusters.
3. The permutation family: our ``a*x + b mod 2**32`` against datasketch's ``(a*x + b) mod (2**61 - 1)``,
   both vectorised with numpy: speed, and estimation error against exact Jaccard.

    python bench/dedup_params.py [--size 6000]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from vn_corpus import generate_corpus  # noqa: E402

from archive import dedup, dedup_batch, minhash  # noqa: E402
from archive.text import content_hash, normalize_text, word_count  # noqa: E402


def pairs_of(docs: list[dict]) -> tuple[list, list]:
    by_truth, by_family = defaultdict(list), defaultdict(list)
    for i, doc in enumerate(docs):
        by_truth[doc["truth"]].append(i)
        if "family" in doc:
            by_family[doc["family"]].append(i)
    copies = [p for g in by_truth.values() for p in itertools.combinations(g, 2)]
    families = [p for g in by_family.values() for p in itertools.combinations(g, 2)]
    return copies, families


def shingle_sizes(texts: list[str], copies: list, families: list) -> None:
    print("1. exact Jaccard of planted copies vs template families, by shingle size")
    figs = minhash.fingerprints(texts).figures
    for k in (3, 4, 5, 7):
        minhash.SHINGLE_SIZE = k
        minhash._tables.cache_clear()
        sets = [minhash.shingle_set(t) for t in texts]

        def jaccard(a: int, b: int, sets=sets) -> float:
            return len(sets[a] & sets[b]) / len(sets[a] | sets[b])

        jc = np.array([jaccard(*p) for p in copies])
        jf = np.array([jaccard(*p) for p in families])
        agree = np.array([dedup.figures_agree(figs[a], figs[b]) for a, b in families])
        print(f"  k={k}: copies 1%/5%/50% {np.quantile(jc, [.01, .05, .5]).round(3)}  "
              f"families 50%/99%/max {np.quantile(jf, [.5, .99, 1]).round(3)}")
        for t in (0.4, 0.5, 0.55, 0.6, 0.7):
            print(f"      T={t}: copies kept {np.mean(jc >= t):.4f}   family pairs over T {int(np.sum(jf >= t))}, "
                  f"of which figures agree {int(np.sum((jf >= t) & agree))}")
    minhash.SHINGLE_SIZE = 5
    minhash._tables.cache_clear()


def lsh_configs(texts: list[str], truth: list[int]) -> None:
    print(f"2. LSH bands x rows (k={minhash.SHINGLE_SIZE}, T={dedup.THRESHOLD}, {minhash.NUM_PERM} permutations)")
    found = minhash.fingerprints(texts)
    hashes = [content_hash(t) for t in texts]
    words = np.array([word_count(t) for t in texts])
    exact = dedup_batch._exact_pairs(hashes, words)
    saved = minhash.BANDS, minhash.ROWS
    for bands, rows in ((32, 4), (16, 4), (20, 3), (24, 3), (42, 3)):
        minhash.BANDS, minhash.ROWS = bands, rows
        minhash._tables.cache_clear()
        pairs = dedup_batch._candidate_pairs(found.signatures, found.usable())
        near = dedup_batch._verify(found.signatures, found.figures, pairs)
        groups = dedup._components(range(len(texts)), np.concatenate([near, exact]).tolist())
        label = {i: min(g) for g in groups for i in g}
        precision, recall = pairwise(truth, [label[i] for i in range(len(texts))])
        print(f"  {bands:>2} x {rows}: index rows {bands * len(texts):>7}, candidates {len(pairs):>6}, "
              f"links {len(near):>5}, precision {precision:.4f}, recall {recall:.4f}")
    minhash.BANDS, minhash.ROWS = saved
    minhash._tables.cache_clear()


def pairwise(truth: list[int], labels: list[int]) -> tuple[float, float]:
    def count(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = count(Counter(zip(truth, labels, strict=True)))
    return both / max(1, count(Counter(labels))), both / max(1, count(Counter(truth)))


def permutation_families(texts: list[str], copies: list) -> None:
    print("3. permutation family: speed on 1M shingles x 128, and |estimate - exact Jaccard| on planted copies")
    rng = np.random.default_rng(1)
    a64 = rng.integers(1, (1 << 61) - 1, minhash.NUM_PERM, dtype=np.uint64)[:, None]
    b64 = rng.integers(0, (1 << 61) - 1, minhash.NUM_PERM, dtype=np.uint64)[:, None]
    prime, mask = np.uint64((1 << 61) - 1), np.uint64(0xFFFFFFFF)
    t = minhash._tables()
    families = {
        "a*x+b mod 2^32 (ours)": lambda x: t["perm_a"][:, None] * x.astype(np.uint32)[None, :] + t["perm_b"][:, None],
        "(a*x+b) mod 2^61-1 (datasketch)": lambda x: ((a64 * x.astype(np.uint64)[None, :] + b64) % prime) & mask,
    }
    sample = rng.integers(0, 1 << 32, 1_000_000, dtype=np.uint64).astype(np.uint32)
    sets = {i: np.array(sorted(minhash.shingle_set(texts[i])), dtype=np.uint32) for p in copies[:400] for i in p}
    for name, perm in families.items():
        started = time.perf_counter()
        with np.errstate(over="ignore"):
            for start in range(0, len(sample), 8192):
                perm(sample[start : start + 8192]).min(axis=1)
            seconds = time.perf_counter() - started
            errors = []
            for a, b in copies[:400]:
                exact = len(np.intersect1d(sets[a], sets[b])) / len(np.union1d(sets[a], sets[b]))
                estimate = float(np.mean(perm(sets[a]).min(axis=1) == perm(sets[b]).min(axis=1)))
                errors.append(abs(estimate - exact))
        print(f"  {name:<34} {seconds:.2f} s   mean error {np.mean(errors):.4f}  95% {np.quantile(errors, .95):.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    docs = generate_corpus(args.size, seed=args.seed)
    texts = [normalize_text(d["text"]) for d in docs]
    copies, families = pairs_of(docs)
    random.seed(args.seed)
    print(f"{len(docs)} articles: {len(copies)} planted copy pairs, {len(families)} template-family pairs")
    shingle_sizes(texts, copies, families)
    lsh_configs(texts, [d["truth"] for d in docs])
    permutation_families(texts, copies)


if __name__ == "__main__":
    main()

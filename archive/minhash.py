"""MinHash signatures of article texts, computed in bulk with numpy.

The text that is compared is the article body, normalised (:func:`archive.text.normalize_text`: NFC,
no-break spaces, whitespace), without a leading site prefix (``BBK - ``, ``(Baonghean.vn) - ``,
``BDK.VN - ``, ``(CTO) - ``), lower-cased, cut into word tokens (``\\w+``: Vietnamese syllables and
numbers); a *shingle* is a run of :data:`SHINGLE_SIZE` consecutive tokens.

Everything after the Python-level lower-casing is vectorised over a whole batch of texts:

1. the texts are joined and viewed as one array of code points (UTF-32);
2. a token's hash is ``sum(T1[char] * T2[position in token])`` (random 64-bit tables), mixed;
3. a shingle's hash is ``fmix64(sum(C[i] * token[j + i]))`` (order matters), top 32 bits kept;
4. permutation ``p`` maps a shingle hash ``x`` to ``A[p] * x + B[p] mod 2**32`` (``A[p]`` odd, so a
   bijection) and the signature keeps the minimum per permutation and text.

Step 4 is classic k-permutation MinHash (as in ``datasketch.MinHash``) with a cheaper permutation
family: measured ten times faster than datasketch's ``(a*x + b) mod (2**61 - 1)`` in numpy, with the same
estimation error (docs/dedup.md).  All random constants come from splitmix64 of fixed seeds, so a
signature stored in an archive today equals the one computed for the same text next year.

Parameters (see docs/dedup.md for why): :data:`SHINGLE_SIZE`, :data:`NUM_PERM`, :data:`BANDS` x
:data:`ROWS` for LSH, :data:`MIN_SHINGLES` below which a text gets no signature (exact hash only).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from archive.text import normalize_text

SHINGLE_SIZE = 5  # words (Vietnamese syllables) per shingle
NUM_PERM = 128  # MinHash permutations = signature length
BANDS = 20  # LSH bands …
ROWS = 3  # … of this many signature values each (the first BANDS * ROWS values are banded)
MIN_SHINGLES = 10  # fewer shingles than this: too short for MinHash, exact hash only
# Identifies the signature scheme; stored in the archive so an index built otherwise is rebuilt.
PARAMS = f"minhash-v1 k={SHINGLE_SIZE} perm={NUM_PERM} bands={BANDS}x{ROWS} min={MIN_SHINGLES}"

_BLOCK = 8192  # shingles per vectorised block (block x NUM_PERM uint32 stays in cache)
_TEXTS_PER_PASS = 32  # texts per vectorised pass (its arrays stay in cache)
_MAX_CODE = 0xFFFF  # code points above the BMP are treated as non-word characters
_U64 = np.uint64

# A leading site prefix, e.g. "BBK - ", "(Baonghean.vn) - ", "BDK.VN - ", "(CTO) - ", "HÀ NỘI - ".
_PREFIX = re.compile(r"^\s*(\([^()\n]{1,40}\)|[^\s()]{2,30}(?: [^\s()]{1,30}){0,2})\s*[-–—]+\s+")


def strip_site_prefix(text: str) -> str:
    """``text`` without a leading news-agency / site prefix (at most two, e.g. ``BBK - (CTO) - ``).

    A prefix is a parenthesised name, or up to three words that are all capitals (``BBK``,
    ``BDK.VN``, ``HÀ NỘI``) or one word with a dot (``Baonghean.vn``), followed by a dash.
    """
    for _ in range(2):
        match = _PREFIX.match(text)
        if not match:
            break
        head = match.group(1)
        is_name = (
            head.startswith("(")
            or (head.upper() == head and any(ch.isalpha() for ch in head))
            or ("." in head and " " not in head)
        )
        if not is_name:
            break
        text = text[match.end():]
    return text


def shingle_text(text: str | None) -> str:
    """What is shingled: normalised text, site prefix stripped, lower-cased."""
    return strip_site_prefix(normalize_text(text)).lower()


def _splitmix64(seed: int, count: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = (np.arange(count, dtype=_U64) + _U64(seed)) * _U64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> _U64(27))) * _U64(0x94D049BB133111EB)
        return z ^ (z >> _U64(31))


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (in place on a fresh array)."""
    with np.errstate(over="ignore"):
        x ^= x >> _U64(33)
        x *= _U64(0xFF51AFD7ED558CCD)
        x ^= x >> _U64(33)
        x *= _U64(0xC4CEB9FE1A85EC53)
        x ^= x >> _U64(33)
    return x


@functools.cache
def _tables() -> dict[str, np.ndarray]:
    """The fixed random tables (built once, on first use)."""
    is_word = np.array([chr(c).isalnum() or c == 0x5F for c in range(_MAX_CODE + 1)], dtype=bool)
    is_word[0xD800:0xE000] = False  # surrogates
    is_word[_MAX_CODE] = False
    is_figure_sep = np.zeros(_MAX_CODE + 1, dtype=bool)
    is_figure_sep[[ord(c) for c in ".,/:-"]] = True
    return {
        "is_word": is_word,
        "is_figure_sep": is_figure_sep,
        "char": _splitmix64(1_000_003, _MAX_CODE + 1),
        "pos": _splitmix64(2_000_003, 64) | _U64(1),
        "shingle": _splitmix64(3_000_003, SHINGLE_SIZE) | _U64(1),
        "perm_a": (_splitmix64(4_000_003, NUM_PERM) >> _U64(32)).astype(np.uint32) | np.uint32(1),
        "perm_b": (_splitmix64(5_000_003, NUM_PERM) >> _U64(32)).astype(np.uint32),
        "band": _splitmix64(6_000_003, BANDS),
        "row": _splitmix64(7_000_003, ROWS) | _U64(1),
    }


def _run_hashes(
    codes: np.ndarray, inside: np.ndarray, counted: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the maximal runs of ``inside`` characters, and where each run starts.

    With ``counted``, only those characters of a run are hashed (``12/3`` hashes like ``12-3``).
    """
    t = _tables()
    starts = inside.copy()
    starts[1:] &= ~inside[:-1]
    ends = inside.copy()
    ends[:-1] &= ~inside[1:]
    start_at = np.flatnonzero(starts)
    if not len(start_at):
        return np.empty(0, _U64), start_at
    length = np.flatnonzero(ends) - start_at + 1
    first = np.concatenate(([0], np.cumsum(length)[:-1]))  # each run's first character among ``inside`` ones
    if counted is None:
        pos = (np.arange(int(length.sum())) - np.repeat(first, length)) & 63
        values = t["char"][codes[inside]] * t["pos"][pos]
    else:
        keep = counted[inside].astype(np.int64)
        rank = np.cumsum(keep)
        pos = (rank - np.repeat(rank[first] - keep[first], length) - 1) & 63
        values = t["char"][codes[inside]] * t["pos"][pos] * keep.astype(_U64)
    with np.errstate(over="ignore"):
        hashes = _fmix64(np.add.reduceat(values, first))
    return hashes, start_at


def _shingles_and_figures(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For (already lower-cased) texts: 32-bit hashes of every shingle and the text of each; the same
    for every figure (a run of digits, possibly with ``. , / : -`` between digits, which are ignored:
    one paper writes 13-1-2023 where another writes 13/1/2023)."""
    t = _tables()
    ends = np.cumsum(np.fromiter((len(s) + 1 for s in texts), dtype=np.int64, count=len(texts)))
    joined = "\x00".join(texts) + "\x00"  # NUL is not a word character: tokens never cross texts
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    if len(codes) and codes.max() > _MAX_CODE:
        codes = np.minimum(codes, _MAX_CODE)
    token_hash, token_at = _run_hashes(codes, t["is_word"][codes])
    digit = (codes >= 0x30) & (codes <= 0x39)
    inside = digit.copy()  # digits, and a separator between two digits
    inside[1:-1] |= t["is_figure_sep"][codes[1:-1]] & digit[:-2] & digit[2:]
    figure_hash, figure_at = _run_hashes(codes, inside, digit)  # separators do not count: 12/3 == 12-3
    figure_doc = np.searchsorted(ends, figure_at, side="right")
    figure_hash = (figure_hash >> _U64(32)).astype(np.uint32)
    doc_of_token = np.searchsorted(ends, token_at, side="right")
    n = len(token_hash) - SHINGLE_SIZE + 1
    if n <= 0:
        return np.empty(0, np.uint32), np.empty(0, np.int64), figure_hash, figure_doc
    with np.errstate(over="ignore"):
        mixed = token_hash[:n] * t["shingle"][0]
        for i in range(1, SHINGLE_SIZE):
            mixed += token_hash[i : i + n] * t["shingle"][i]
    same_doc = doc_of_token[:n] == doc_of_token[SHINGLE_SIZE - 1 :]
    hashes = (_fmix64(mixed[same_doc]) >> _U64(32)).astype(np.uint32)
    return hashes, doc_of_token[:n][same_doc], figure_hash, figure_doc


def _minhash_into(out: np.ndarray, hashes: np.ndarray, counts: np.ndarray, buffer: np.ndarray) -> None:
    """Fill ``out[i]`` with the MinHash of text i's shingles (texts with none are left alone).

    Works in blocks of about :data:`_BLOCK` shingles, permuted in place in ``buffer``.
    """
    docs = np.flatnonzero(counts)
    seg = np.concatenate(([0], np.cumsum(counts[docs])))  # shingles of docs[i]: seg[i]:seg[i+1]
    t = _tables()
    a, b = t["perm_a"][:, None], t["perm_b"][:, None]
    first = 0
    while first < len(docs):
        last = min(len(docs), max(first + 1, int(np.searchsorted(seg, seg[first] + _BLOCK, side="right")) - 1))
        width = int(seg[last] - seg[first])
        block = buffer[:, :width] if width <= buffer.shape[1] else np.empty((NUM_PERM, width), np.uint32)
        np.multiply(a, hashes[None, seg[first] : seg[last]], out=block)
        np.add(block, b, out=block)
        out[docs[first:last]] = np.minimum.reduceat(block, seg[first:last] - seg[first], axis=1).T
        first = last


@dataclass(frozen=True)
class Fingerprints:
    """What dedup stores per text: MinHash signature, shingle count, figures."""

    signatures: np.ndarray  # len(texts) x NUM_PERM uint32 (meaningless where counts < MIN_SHINGLES)
    counts: np.ndarray  # shingles per text
    figures: list[np.ndarray]  # sorted distinct uint32 figure hashes per text

    def usable(self) -> np.ndarray:
        return self.counts >= MIN_SHINGLES


def fingerprints(texts: Sequence[str]) -> Fingerprints:
    """Signatures, shingle counts and figures of normalised texts (as stored in the archive).

    Works through the texts :data:`_TEXTS_PER_PASS` at a time: the numpy arrays of a pass stay in
    the CPU cache, which measured three times faster than one pass over a thousand texts.
    """
    n = len(texts)
    sigs = np.full((n, NUM_PERM), 0xFFFFFFFF, dtype=np.uint32)
    counts = np.zeros(n, dtype=np.int64)
    figs: list[np.ndarray] = []
    buffer = np.empty((NUM_PERM, 0), dtype=np.uint32)
    for start in range(0, n, _TEXTS_PER_PASS):
        part = [strip_site_prefix(text).lower() for text in texts[start : start + _TEXTS_PER_PASS]]
        hashes, doc, figure_hash, figure_doc = _shingles_and_figures(part)
        if buffer.shape[1] < min(len(hashes), 2 * _BLOCK):  # as wide as needed: one text's save, not 8 MB
            buffer = np.empty((NUM_PERM, min(len(hashes), 2 * _BLOCK)), dtype=np.uint32)
        part_counts = np.bincount(doc, minlength=len(part))
        counts[start : start + len(part)] = part_counts
        _minhash_into(sigs[start : start + len(part)], hashes, part_counts, buffer)
        if len(part) == 1:  # one text (a crawl's save): its distinct figures, sorted
            figs.append(np.unique(figure_hash))
            continue
        keyed = np.unique((figure_doc.astype(_U64) << _U64(32)) | figure_hash.astype(_U64))
        cut = np.searchsorted(keyed >> _U64(32), np.arange(len(part) + 1, dtype=_U64))
        figs.extend((keyed[cut[i] : cut[i + 1]] & _U64(0xFFFFFFFF)).astype(np.uint32) for i in range(len(part)))
    return Fingerprints(sigs, counts, figs)


def signatures(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(signatures, shingle_counts)`` of normalised texts; see :func:`fingerprints`."""
    found = fingerprints(texts)
    return found.signatures, found.counts


def signature(text: str | None) -> np.ndarray | None:
    """The signature of one text (normalised here), or None when it is too short for MinHash."""
    found = fingerprints([normalize_text(text)])
    return found.signatures[0] if found.counts[0] >= MIN_SHINGLES else None


def figures(text: str | None) -> np.ndarray:
    """The distinct figures of a text (``1.234``, ``98,5``, ``3/2024``) as sorted uint32 hashes.

    Copies of one article keep its figures; two issues of a monthly bulletin share template sentences
    but not their figures (see :func:`archive.dedup.figures_agree`).
    """
    return fingerprints([normalize_text(text)]).figures[0]


def shingle_set(text: str | None) -> set[int]:
    """The distinct shingle hashes of one text (for exact Jaccard in tests and measurements)."""
    hashes, *_ = _shingles_and_figures([shingle_text(text)])
    return set(hashes.tolist())


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """LSH keys, ``n x BANDS`` int64: one hash per band of :data:`ROWS` values, salted by band number.

    Two texts are LSH candidates when they share any key; equal keys in different bands cannot be
    confused because the band number is mixed in.
    """
    sigs = np.atleast_2d(sigs)
    t = _tables()
    keys = np.empty((len(sigs), BANDS), dtype=np.int64)
    for start in range(0, len(sigs), _BLOCK):  # bounded temporaries (uint64 copies) for big batches
        rows = sigs[start : start + _BLOCK, : BANDS * ROWS].reshape(-1, BANDS, ROWS).astype(_U64)
        with np.errstate(over="ignore"):
            mixed = (rows * t["row"][None, None, :]).sum(axis=2, dtype=_U64) + t["band"][None, :]
        keys[start : start + _BLOCK] = _fmix64(mixed).view(np.int64)
    return keys


def band_key(values: np.ndarray, band: int) -> np.ndarray:
    """The LSH keys of ONE band (``n`` int64): ``values`` are that band's ``n x ROWS`` signature values,
    ``sigs[:, band * ROWS : (band + 1) * ROWS]``.  Equal to column ``band`` of :func:`band_keys`; lets the
    batch dedup work on one band of a million signatures at a time."""
    t = _tables()
    rows = np.atleast_2d(values).astype(_U64)
    with np.errstate(over="ignore"):
        mixed = (rows * t["row"][None, :]).sum(axis=1, dtype=_U64) + t["band"][band]
    return _fmix64(mixed).view(np.int64)


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray | float:
    """Share of equal signature values: the MinHash estimate of the shingle sets' Jaccard similarity.

    Works row by row on two ``n x NUM_PERM`` arrays, or on two single signatures.
    """
    equal = np.asarray(sig_a) == np.asarray(sig_b)
    if equal.ndim == 1:
        return float(equal.mean())
    return equal.mean(axis=1)


def to_blob(sig: np.ndarray) -> bytes:
    return np.ascontiguousarray(sig, dtype="<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)

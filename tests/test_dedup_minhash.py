"""MinHash signatures: what is shingled, estimates against exact Jaccard and datasketch, stability."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
import pytest
from datasketch import MinHash

from archive import minhash
from archive.text import normalize_text
from tests.helpers import dedup_texts as T


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BBK - Chiều 26/12, tỉnh", "Chiều 26/12, tỉnh"),
        ("(Baonghean.vn) - Sáng nay", "Sáng nay"),
        ("BDK.VN - Ngày 13-1-2023, Sở", "Ngày 13-1-2023, Sở"),
        ("(CTO) - Chiều qua", "Chiều qua"),
        ("Baonghean.vn – Sáng nay", "Sáng nay"),
        ("HÀ NỘI - Sáng nay", "Sáng nay"),
        ("BBK - (TTXVN) - Sáng nay", "Sáng nay"),
        ("Ngày 13 - 1, Sở", "Ngày 13 - 1, Sở"),
        ("Sáng nay - tại xã", "Sáng nay - tại xã"),
        ("Chuyển đổi số - xu thế tất yếu", "Chuyển đổi số - xu thế tất yếu"),
    ],
)
def test_strip_site_prefix(text, expected):
    assert minhash.strip_site_prefix(text) == expected


def test_shingles_are_word_runs_of_the_normalised_text():
    text = normalize_text(T.ARTICLE)
    words = re.findall(r"\w+", minhash.strip_site_prefix(text).lower())
    found = minhash.fingerprints([text])
    assert found.counts[0] == len(words) - minhash.SHINGLE_SIZE + 1
    assert len(minhash.shingle_set(text)) == len({tuple(words[i : i + 5]) for i in range(len(words) - 4)})


def test_equal_signatures_for_nfd_whitespace_and_prefix():
    base = minhash.signature(T.ARTICLE)
    for variant in (T.nfd(), T.reflowed(), T.with_prefix("(Baonghean.vn) - "), T.ARTICLE.upper()):
        assert np.array_equal(minhash.signature(variant), base)


def test_batch_and_single_signatures_agree():
    texts = [normalize_text(t) for t in (T.ARTICLE, T.SAME_SUBJECT, T.BULLETIN_MARCH, "quá ngắn", "")]
    found = minhash.fingerprints(texts)
    assert list(found.usable()) == [True, True, True, False, False]
    for i, text in enumerate(texts[:3]):
        assert np.array_equal(found.signatures[i], minhash.signature(text))
        assert np.array_equal(found.figures[i], minhash.figures(text))


def test_signatures_are_stable_across_versions():
    # Signatures are stored in archives: a change here must come with a new minhash.PARAMS.
    digest = hashlib.sha256(minhash.to_blob(minhash.signature(T.ARTICLE))).hexdigest()[:16]
    assert (minhash.PARAMS, digest) == (minhash.PARAMS, "56d846217050b46f")


def _pairs():
    variants = [T.caption_changed(), T.paragraph_added(), T.paragraph_cut(), T.SAME_SUBJECT, T.BULLETIN_APRIL]
    return [(T.ARTICLE, v) for v in variants] + [(T.BULLETIN_MARCH, T.BULLETIN_APRIL)]


def test_estimates_track_exact_jaccard_like_datasketch():
    for a, b in _pairs():
        sa, sb = minhash.shingle_set(a), minhash.shingle_set(b)
        exact = len(sa & sb) / len(sa | sb)
        ours = minhash.estimate_jaccard(minhash.signature(a), minhash.signature(b))
        reference = []
        for shingles in (sa, sb):  # datasketch's own permutations over the same shingle hashes
            m = MinHash(num_perm=minhash.NUM_PERM, seed=7, hashfunc=lambda x: x)
            m.update_batch(list(shingles))
            reference.append(m)
        theirs = reference[0].jaccard(reference[1])
        assert abs(ours - exact) < 0.12 and abs(theirs - exact) < 0.12, (exact, ours, theirs)


def test_figures_are_numbers_and_dates():
    figs = minhash.figures("Ngày 3/2024 giá 1.234,5 đồng, tăng 5-7%; lúc 10:30. Năm 2024.")
    expected = {"3/2024", "1.234,5", "5-7", "10:30", "2024"}
    assert len(figs) == len(expected)
    assert list(figs) == sorted(figs)
    assert len(minhash.figures(unicodedata.normalize("NFD", T.ARTICLE))) == len(minhash.figures(T.ARTICLE))
    # Separators are ignored: papers write the same date or number differently.
    same = minhash.figures("ngày 13-1-2023, 1.250 người"), minhash.figures("ngày 13/1/2023, 1,250 người")
    assert np.array_equal(*same)
    assert not np.array_equal(minhash.figures("ngày 13/1/2023"), minhash.figures("ngày 13/1/2024"))


def test_band_keys_differ_per_band():
    keys = minhash.band_keys(minhash.signature(T.ARTICLE))
    assert keys.shape == (1, minhash.BANDS) and len(set(keys[0].tolist())) == minhash.BANDS


def test_one_text_alone_gets_what_it_gets_in_a_batch():
    """A crawl fingerprints one text a save (its own, shorter path); a rebuild, many at once."""
    from archive.minhash import fingerprints

    texts = [f"Ngày {d}/3/2024 tỉnh Bến Tre giải ngân {d * 1.5:.1f} tỷ đồng cho {d * 120} hộ dân nuôi tôm ở huyện "
             f"Bình Đại, năm {2000 + d} có {d}.{d}00 hộ" for d in range(1, 40)] + ["", "một hai", "12/3 và 12-3"]
    batch = fingerprints(texts)
    for i, text in enumerate(texts):
        alone = fingerprints([text])
        assert alone.counts[0] == batch.counts[i]
        assert (alone.signatures[0] == batch.signatures[i]).all()
        assert alone.figures[0].dtype == batch.figures[i].dtype and (alone.figures[0] == batch.figures[i]).all()

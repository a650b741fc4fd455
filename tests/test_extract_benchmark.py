"""The generic path on Zyte's article-extraction benchmark keeps its pinned floor, and at least trafilatura's F1.

The benchmark (pages, ground truth, its own ``evaluate.py``) is read from ``../shared`` and never copied here;
the floors live in ``tests/extraction_floor.json``, which may only be lowered with a written reason.
"""

from __future__ import annotations

import json
import subprocess

import pytest
import trafilatura

from bench.extraction import ZYTE_EXTRACTORS, generic_text, load_scorer, load_zyte, score_zyte
from tests.conftest import REPO, SHARED

FLOOR_FILE = REPO / "tests" / "extraction_floor.json"
FLOOR_KEY = "zyte_generic"
METRICS = ("f1", "precision", "recall")


@pytest.fixture(scope="module")
def benchmark():
    """Pages, ground truth and scorer, once for the module (the conftest's SHARED folder)."""
    folder = SHARED / "benchmarks" / "article-extraction"
    if not (folder / "ground-truth.json").is_file():
        pytest.skip(f"{folder} is absent (the benchmark is read from ../shared, never copied)")
    pages, truth = load_zyte(folder)
    return pages, truth, load_scorer(folder)


@pytest.fixture(scope="module")
def generic_score(benchmark):
    pages, truth, scorer = benchmark
    return score_zyte(scorer, truth, {page.key: generic_text(page.html, page.url) for page in pages})


def _floors(text: str) -> dict[str, float]:
    entry = json.loads(text)[FLOOR_KEY]
    return {metric: float(entry[metric]) for metric in METRICS}


@pytest.mark.e2e
def test_generic_path_keeps_its_floor(generic_score):
    floors = _floors(FLOOR_FILE.read_text(encoding="utf-8"))
    measured = {metric: getattr(generic_score, metric) for metric in METRICS}
    below = {m: f"{measured[m]:.4f} < {floors[m]:.4f}" for m in METRICS if measured[m] < floors[m]}
    assert not below, f"the generic path fell below its pinned floor on the benchmark: {below}"


@pytest.mark.e2e
def test_generic_path_is_not_worse_than_trafilatura(benchmark, generic_score):
    pages, truth, scorer = benchmark
    best = 0.0
    for name, extract in ZYTE_EXTRACTORS.items():
        if name.startswith("trafilatura"):
            score = score_zyte(scorer, truth, {page.key: extract(page.html, page.url) for page in pages})
            best = max(best, score.f1)
    assert generic_score.f1 >= best, (
        f"generic path F1 {generic_score.f1:.4f} < trafilatura {trafilatura.__version__}'s best {best:.4f}")


def _committed_versions() -> list[str]:
    """Every committed text of the floor file (empty outside a git checkout)."""
    try:
        log = subprocess.run(["git", "log", "--format=%H", "--", str(FLOOR_FILE.relative_to(REPO))], cwd=REPO,
                             capture_output=True, text=True, check=True, timeout=30).stdout.split()
        return [subprocess.run(["git", "show", f"{commit}:{FLOOR_FILE.relative_to(REPO)}"], cwd=REPO,
                               capture_output=True, text=True, check=True, timeout=30).stdout for commit in log]
    except (OSError, subprocess.SubprocessError):
        return []


@pytest.mark.e2e  # runs git
def test_floors_are_never_lowered_silently():
    current = json.loads(FLOOR_FILE.read_text(encoding="utf-8"))
    floors = _floors(FLOOR_FILE.read_text(encoding="utf-8"))
    explained = {entry.get("metric") for entry in current.get("lowered", []) if entry.get("reason")}
    for text in _committed_versions():
        try:
            earlier = _floors(text)
        except (ValueError, KeyError):
            continue
        for metric in METRICS:
            if floors[metric] < earlier[metric]:
                assert metric in explained, (
                    f"{FLOOR_KEY}.{metric} lowered from {earlier[metric]} to {floors[metric]} with no 'lowered' "
                    f"entry giving the metric and a reason")

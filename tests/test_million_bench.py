"""The 50,000-article run of bench/million.py against the figures pinned in bench/million_pins.json.

Slow (it builds a 50k archive: several minutes on a 2-core machine), so e2e only.  A figure more than
:data:`SLACK` times its pinned value fails: CPU seconds and peak memory, not wall time, since the
machine is shared.  Re-pin after an intended change by copying the new figures into the file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PINS = REPO / "bench" / "million_pins.json"
SLACK = 2.0


def pinned_figures(figures: dict) -> dict[str, float]:
    """The figures compared, by name (the same function reads the pins and a new run)."""
    out = {
        "sqlite_bytes_per_article": figures["bytes_per_article"]["sqlite"],
        "search_cpu_p95_ms": figures["search"]["cpu_p95_ms"],
        "online_cpu_ms_per_save": figures["online"]["cpu_ms_per_save"],
        "batch_dedup_cpu_s": figures["build"]["batch_dedup_cpu_s"],
        "batch_dedup_peak_mb": figures["build"]["batch_dedup_peak_mb"],
    }
    for name, fig in figures["commands"].items():
        if name != "startup":
            out[f"{name}_cpu_s"] = fig["cpu_s"]
            out[f"{name}_peak_mb"] = fig["peak_mb"]
    return out


def test_pins_file_holds_every_compared_figure():
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    assert pins["size"] == 50_000
    assert set(pins["figures"]) >= {"search_cpu_p95_ms", "online_cpu_ms_per_save", "stats_cpu_s",
                                    "export_parquet_peak_mb", "snapshot_year_cpu_s", "batch_dedup_peak_mb"}


@pytest.mark.e2e
def test_50k_figures_stay_within_twice_the_pinned_ones(tmp_path):
    out = tmp_path / "figures.json"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "million.py"), "--size", "50000", "--folder", str(tmp_path),
         "--queries", "100", "--online", "100", "--baseline-size", "0", "--json", str(out)],
        check=True, timeout=3600, capture_output=True,
    )
    pins = json.loads(PINS.read_text(encoding="utf-8"))["figures"]
    now = pinned_figures(json.loads(out.read_text(encoding="utf-8")))
    worse = {name: (now[name], pin) for name, pin in pins.items() if now[name] > SLACK * pin}
    assert not worse, f"more than {SLACK}x the pinned figure (now, pinned): {worse}"

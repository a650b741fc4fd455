"""``archive report``: a self-contained HTML page, checked as text and as pixels in headless Chromium."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.db import open_archive
from archive.report import BAR_COLOR, build_report, month_range, write_report
from crawler.cli import main
from tests.helpers.archive_samples import NOW, fill_archive

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1200, 1600)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "archive.sqlite"
    db = open_archive(path)
    fill_archive(db)
    yield db, path
    db.conn.close()


@pytest.fixture(scope="module")
def page(sample) -> str:
    return build_report(sample[0], now=NOW)


def bars(html: str) -> list[dict[str, int]]:
    """The chart's bars as drawn: x, y, width, height of every ``rect.bar``."""
    return [
        {k: int(v) for k, v in zip(("x", "y", "width", "height"), m, strict=True)}
        for m in re.findall(r'<rect class="bar" x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"', html)
    ]


def test_month_range_crosses_years():
    assert month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_page_has_every_section_with_the_figures(page):
    assert "Generated 2024-06-30T22:00:00+07:00" in page
    assert "8 articles from 3 sites" in page and "1 without a date" in page
    # Duplicate rate: baonghean has 1 copy among 3 articles.
    assert re.search(r"<td>baonghean</td><td class=num>3</td><td class=num>1</td><td class=num>33.3 %</td>", page)
    # Crawl health: bbk has one open failure and one parked URL, and its last run.
    assert re.search(r"<td>bbk</td><td class=num>1</td><td>2024-06-30T22:00:00\+07:00</td>.*"
                     r"<td class=num>1</td><td class=num>1</td></tr>", page)
    assert "<td>bbk</td><td>HTTP 503</td><td class=num>1</td><td class=num>1</td>" in page
    assert "<td>Thời sự</td><td>baonghean</td><td class=num>2</td>" in page
    assert "<td>Ngọc Mai</td><td>bbk</td><td class=num>2</td>" in page
    # One bar per site-month with articles: bdk 3, bbk 2, baonghean 2 (one undated left out).
    assert len(bars(page)) == 7
    assert "<title>bdk 2024-03: 1</title>" in page


def test_page_is_self_contained(page):
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    assert "<link" not in page.lower()


def test_empty_archive_still_reports(db):
    html = build_report(db, now=NOW)
    assert "No dated article yet." in html and "0 articles from 0 sites" in html


def test_cli_report_writes_the_file(sample, tmp_path):
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(main, ["report", str(out), "--db", str(sample[1])])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temporary file left


def hex_rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.e2e
def test_chart_shows_in_headless_chromium(sample, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    image_mod = pytest.importorskip("PIL.Image", reason="Pillow (test extra) decodes the screenshot")
    html_path = write_report(sample[0], tmp_path / "report.html", now=NOW)
    shot = tmp_path / "shot.png"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--force-device-scale-factor=1", f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         f"--window-size={WINDOW[0]},{WINDOW[1]}", html_path.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert shot.exists(), "chromium wrote no screenshot"
    image = image_mod.open(shot).convert("RGB")
    assert image.size == WINDOW
    target = hex_rgb(BAR_COLOR)
    pixels = image.load()
    hits = [
        (x, y)
        for y in range(image.size[1])
        for x in range(image.size[0])
        if all(abs(c - t) <= 8 for c, t in zip(pixels[x, y], target, strict=True))
    ]
    drawn = bars(html_path.read_text(encoding="utf-8"))
    expected_area = sum(b["width"] * b["height"] for b in drawn)
    assert 0.9 * expected_area <= len(hits) <= 1.1 * expected_area, (len(hits), expected_area)
    # The coloured pixels form the chart: same extent as the bars, near the top of the page.
    xs, ys = [x for x, _ in hits], [y for _, y in hits]
    width = max(b["x"] + b["width"] for b in drawn) - min(b["x"] for b in drawn)
    height = max(b["y"] + b["height"] for b in drawn) - min(b["y"] for b in drawn)
    assert abs((max(xs) - min(xs) + 1) - width) <= 2 and abs((max(ys) - min(ys) + 1) - height) <= 2
    assert 100 < min(ys) < 400, "the chart should sit under the page heading"

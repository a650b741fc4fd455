"""archive schedule: exact crontab/systemd texts (golden files), idempotent install, bad values."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.runner.nightly import CrawlJob, crontab_entry, merge_crontab, on_calendar, parse_every

GOLDEN = Path(__file__).parent / "golden" / "schedule"
EXE = "/opt/vna/bin/archive"
DB = "/srv/news/data/archive.sqlite"
UNIT_DIR = "/home/news/.config/systemd/user"

CASES = {
    "cron_daily.txt": ["--every", "daily"],
    "cron_6h_at_0115.txt": ["--every", "6h", "--at", "01:15"],
    "cron_daily_at_2305_log.txt": ["--every", "daily", "--at", "23:05", "--log-file", "/var/log/vna/crawl.log"],
    "systemd_6h.txt": ["--every", "6h", "--systemd", "--unit-dir", UNIT_DIR],
    "systemd_daily_at_0400.txt": ["--every", "daily", "--at", "04:00", "--systemd", "--unit-dir", UNIT_DIR],
}


def _schedule(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["schedule", "--db", DB, "--executable", EXE, *args], env=env)


@pytest.mark.parametrize("name", sorted(CASES))
def test_printed_text_matches_golden(name, request):
    result = _schedule(*CASES[name])
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if request.config.getoption("--update-golden", default=False) or not path.exists():
        path.write_text(result.output, encoding="utf-8")
    assert result.output == path.read_text(encoding="utf-8")


def _cron_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", [n for n in CASES if n.startswith("cron")])
def test_golden_cron_lines_are_valid(name):
    (line,) = _cron_lines((GOLDEN / name).read_text())
    minute, hour, dom, month, dow, command = line.split(" ", 5)
    assert 0 <= int(minute) <= 59
    assert all(0 <= int(h) <= 23 for h in hour.split(","))
    assert (dom, month, dow) == ("*", "*", "*")
    assert command.startswith(f"{EXE} crawl --all --quiet --db {DB} --log-file /")


@pytest.mark.e2e
def test_golden_systemd_calendar_is_valid():
    text = (GOLDEN / "systemd_6h.txt").read_text()
    assert "OnCalendar=*-*-* 02,08,14,20:30:00\n" in text and "Persistent=true\n" in text
    assert f"# {UNIT_DIR}/vn-news-archive-crawl.timer\n" in text
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is absent")
    for golden in ("systemd_6h.txt", "systemd_daily_at_0400.txt"):
        spec = re.search(r"^OnCalendar=(.+)$", (GOLDEN / golden).read_text(), re.M)[1]
        result = subprocess.run(["systemd-analyze", "calendar", spec], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert f"Normalized form: {spec}" in result.stdout


def test_every_hour_and_every_period_divide_the_day():
    job = CrawlJob(Path(EXE), Path(DB), Path("/x.log"), parse_every("1h"), 0, 5)
    assert crontab_entry(job).splitlines()[1].startswith("5 * * * * ")
    assert on_calendar(job) == "*-*-* *:05:00"
    assert CrawlJob(Path(EXE), Path(DB), Path("/x.log"), 8, 22, 0).hours() == [6, 14, 22]


def test_paths_with_spaces_and_percent_are_quoted():
    job = CrawlJob(Path("/opt/my apps/archive"), Path("/data/100%/a.sqlite"), Path("/data/l.log"), 24, 2, 30)
    line = crontab_entry(job).splitlines()[1]
    assert line.startswith("30 2 * * * '/opt/my apps/archive' crawl")
    assert " --db /data/100\\%/a.sqlite " in line  # cron ends a command at a bare %


@pytest.mark.parametrize(
    "args, message",
    [
        (["--every", "5h"], "--every '5h'"),
        (["--every", "weekly"], "--every 'weekly'"),
        (["--every", "0h"], "--every '0h'"),
        (["--every", "daily", "--at", "24:00"], "--at '24:00'"),
        (["--every", "daily", "--at", "7pm"], "--at '7pm'"),
        (["--every", "6h", "--at", "01:60"], "--at '01:60'"),
    ],
)
def test_bad_every_or_at_is_one_line_exit_2(args, message):
    result = _schedule(*args)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {message}") and result.output.count("\n") == 1


def test_install_into_crontab_is_idempotent_and_replaces_the_old_entry(tmp_path):
    crontab = tmp_path / "crontab"
    crontab.write_text("MAILTO=me@example.org\n0 5 * * * /usr/bin/backup\n")
    env = {"ARCHIVE_CRONTAB_FILE": str(crontab)}
    first = _schedule("--every", "daily", "--install", env=env)
    assert first.exit_code == 0 and first.stdout.startswith("installed: crawl daily at 02:30")
    assert first.stderr == f"warning: {EXE} is not an executable file (yet?): the job fails until it is\n"
    after_first = crontab.read_text()
    assert after_first.startswith("MAILTO=me@example.org\n0 5 * * * /usr/bin/backup\n# vn-news-archive:")
    again = _schedule("--every", "daily", "--install", env=env)
    assert again.stdout.startswith("unchanged:") and crontab.read_text() == after_first
    _schedule("--every", "6h", "--at", "00:10", "--install", env=env)
    lines = _cron_lines(crontab.read_text())
    assert lines[:2] == ["MAILTO=me@example.org", "0 5 * * * /usr/bin/backup"]
    assert [line.split(" crawl")[0] for line in lines[2:]] == [f"10 0,6,12,18 * * * {EXE}"]  # replaced, not added
    other = CliRunner().invoke(
        main, ["schedule", "--db", "/srv/other.sqlite", "--executable", EXE, "--every", "daily", "--install"], env=env
    )
    assert other.exit_code == 0
    assert len(_cron_lines(crontab.read_text())) == 4  # one entry per archive


def test_merge_removes_the_line_under_an_old_marker_only():
    old = "# vn-news-archive: scheduled crawl of /d.sqlite (daily at 01:00)\n0 1 * * * old-command\n1 1 * * * keep\n"
    merged = merge_crontab(old, "NEW\n", Path("/d.sqlite"))
    assert merged == "1 1 * * * keep\nNEW\n"


def test_install_systemd_writes_units_into_the_given_dir(tmp_path):
    result = _schedule("--every", "daily", "--systemd", "--install", "--unit-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["vn-news-archive-crawl.service", "vn-news-archive-crawl.timer"]
    assert "systemctl --user enable --now vn-news-archive-crawl.timer" in result.output
    golden = (GOLDEN / "systemd_daily_at_0400.txt").read_text()
    timer = (tmp_path / "vn-news-archive-crawl.timer").read_text()
    assert timer.replace("04:00", "02:30") in golden.replace("04:00", "02:30")


@pytest.mark.e2e
def test_installed_units_pass_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is absent")
    result = CliRunner().invoke(main, ["schedule", "--db", str(tmp_path / "a.sqlite"), "--executable", "/bin/true",
                                       "--every", "6h", "--systemd", "--install", "--unit-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = ["vn-news-archive-crawl.service", "vn-news-archive-crawl.timer"]
    verify = subprocess.run(["systemd-analyze", "verify", *(f"./{n}" for n in names)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0, verify.stderr


FAKE_CRONTAB = """#!/bin/sh
# crontab(1) as far as `archive schedule` uses it: -l prints the table, - replaces it from stdin
if [ "$1" = "-l" ]; then
    if [ -f "$FAKE_CRONTAB_FILE" ]; then cat "$FAKE_CRONTAB_FILE"; else echo "no crontab for $USER" >&2; exit 1; fi
elif [ "$1" = "-" ]; then
    cat > "$FAKE_CRONTAB_FILE"
else
    exit 2
fi
"""


@pytest.mark.e2e
def test_install_goes_through_crontab_l_and_crontab_dash(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "crontab").write_text(FAKE_CRONTAB)
    (bin_dir / "crontab").chmod(0o755)
    table = tmp_path / "table"
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE_CRONTAB_FILE": str(table), "ARCHIVE_CRONTAB_FILE": None}
    first = _schedule("--every", "daily", "--install", env=env)  # "no crontab for …" is an empty table
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("installed: crawl daily at 02:30 in your crontab")
    assert _cron_lines(table.read_text())[0].startswith(f"30 2 * * * {EXE} crawl --all")
    again = _schedule("--every", "daily", "--install", env=env)
    assert again.stdout.startswith("unchanged:") and len(_cron_lines(table.read_text())) == 1

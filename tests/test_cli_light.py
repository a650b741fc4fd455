"""`archive --help`, `stats`, `search` and `show` start without Scrapy, Twisted, trafilatura or numpy.

Each command imports what it needs when it runs (crawler/cli/); these four only read the archive,
so they must not pay the 1–2 s those libraries take to import.  Checked in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from archive.store import save_article

HEAVY = ("scrapy", "twisted", "trafilatura", "numpy")

PROBE = """
import json, sys
from crawler.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def heavy_modules_after(*args: str) -> list[str]:
    """The heavy libraries loaded once ``archive ARGS`` has run in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
                          capture_output=True, text=True, timeout=60)
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.fixture
def one_article(db, db_path):
    save_article(db, {"url": "https://baodongkhoi.vn/a-a1.html", "site": "bdk", "title": "Chuyển đổi số",
                      "text": "Tỉnh đẩy mạnh chuyển đổi số trong các cơ quan nhà nước năm nay."})
    return str(db_path)


@pytest.mark.e2e
@pytest.mark.parametrize("command", [["--help"], ["stats"], ["search", "chuyển đổi"], ["show", "1"]])
def test_reading_commands_start_without_the_crawl_libraries(one_article, command):
    args = command if command == ["--help"] else [*command, "--db", one_article]
    assert heavy_modules_after(*args) == []


@pytest.mark.e2e
def test_the_probe_sees_a_command_that_needs_them(one_article):
    """`archive dedup` computes MinHash signatures: numpy is loaded when it runs, not before."""
    assert heavy_modules_after("dedup", "--db", one_article) == ["numpy"]

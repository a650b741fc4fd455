"""Shared fixtures: a fresh archive file per test, the ../shared folder when present."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from archive.db import open_archive

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
if not SHARED.is_dir() and (REPO.parent.parent / "shared").is_dir():  # a git worktree one level deeper
    SHARED = REPO.parent.parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    """In CI (``CI`` set, as every CI service sets it) ../shared must be there: without it the tests that read
    its samples would be skipped, hundreds of them, and the run would pass having checked much less."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") and not SHARED.is_dir():
        pytest.exit(f"CI is set but {SHARED} is absent: the tests on its samples would all be skipped; "
                    "check out ../shared beside the repository", returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.sqlite"


@pytest.fixture
def db(db_path: Path):
    database = open_archive(db_path)
    yield database
    database.conn.close()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (third-party samples are read from ../shared, never copied)")
    return SHARED


# --- the fast tier: `pytest -m "not e2e"` -------------------------------------------------------
# A test that starts a subprocess or a server (binds a socket) is an end-to-end test and must say so
# with @pytest.mark.e2e (registered in pyproject.toml), so that the fast tier stays fast.  An audit hook
# sees every start; a test that starts one without the mark fails with the reason.

STARTS = {"subprocess.Popen": "a subprocess", "os.posix_spawn": "a subprocess", "os.fork": "a subprocess",
          "socket.bind": "a server"}
_started: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "socket.bind" and args[1] == ("::1", 0):  # urllib3 probes for IPv6 this way when imported
        return
    if event in STARTS:
        _started.append(STARTS[event])


sys.addaudithook(_audit)


def _check_marked(item: pytest.Item, before: int) -> None:
    if len(_started) > before and item.get_closest_marker("e2e") is None:
        pytest.fail(f"this test started {_started[before]} without @pytest.mark.e2e "
                    "(the fast tier, pytest -m 'not e2e', must stay free of them)", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    before = len(_started)
    result = yield
    _check_marked(item, before)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    before = len(_started)
    result = yield
    _check_marked(item, before)
    return result

"""Shared fixtures: a fresh archive file per test, the ../shared folder when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.db import open_archive

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
if not SHARED.is_dir() and (REPO.parent.parent / "shared").is_dir():  # a git worktree one level deeper
    SHARED = REPO.parent.parent / "shared"


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

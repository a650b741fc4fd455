"""archive/lock.py: one crawl per archive, stale locks taken over (real processes, real files)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from datetime import datetime

import pytest

from archive.lock import ArchiveLock, CrawlLockedError, LockInfo, is_pid_alive, lock_path_for, read_lock
from archive.vn_time import VN_TZ
from tests.conftest import REPO

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=VN_TZ)

HOLDER = textwrap.dedent(
    """
    import sys, time
    from archive.lock import ArchiveLock
    lock = ArchiveLock(sys.argv[1]).acquire()
    print("locked", flush=True)
    time.sleep(60)
    """
)


def _holder(db_path):
    """A separate process that takes the lock and sleeps; returns once it holds it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_lock_file_beside_the_database_names_the_holder(db_path):
    with ArchiveLock(db_path, now=NOW) as lock:
        assert lock.path == db_path.parent / "archive.sqlite.lock"
        data = json.loads(lock.path.read_text())
        assert data["pid"] == os.getpid()
        assert data["started_at"] == "2026-01-02T03:04:05+07:00"
        assert read_lock(db_path) == lock.info
        assert lock.stale is None
    assert lock.path.read_text() == ""  # released cleanly: emptied, not deleted
    assert read_lock(db_path) is None


def test_second_lock_fails_at_once_while_first_is_held(db_path):
    first = ArchiveLock(db_path).acquire()
    with pytest.raises(CrawlLockedError, match=f"another crawl is running.*pid {os.getpid()}"):
        ArchiveLock(db_path).acquire()
    first.release()
    ArchiveLock(db_path).acquire().release()  # free again


@pytest.mark.e2e
def test_lock_held_by_another_process(db_path):
    proc = _holder(db_path)
    try:
        with pytest.raises(CrawlLockedError) as caught:
            ArchiveLock(db_path).acquire()
        assert caught.value.holder.pid == proc.pid
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.e2e
def test_lock_of_a_killed_process_is_taken_over(db_path):
    proc = _holder(db_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert read_lock(db_path).pid == proc.pid  # the file still names the dead holder
    with ArchiveLock(db_path) as lock:
        assert lock.stale is not None and lock.stale.pid == proc.pid
        assert read_lock(db_path).pid == os.getpid()


@pytest.mark.e2e
def test_pid_fallback_when_flock_is_unavailable(db_path):
    path = lock_path_for(db_path)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        host = socket.gethostname()
        path.write_text(LockInfo(live.pid, host, "2026-01-01T00:00:00+07:00").to_json())
        with pytest.raises(CrawlLockedError, match=str(live.pid)):
            ArchiveLock(db_path, use_flock=False).acquire()
    finally:
        live.kill()
        live.wait()
    dead = _dead_pid()
    path.write_text(LockInfo(dead, host, "2026-01-01T00:00:00+07:00").to_json())
    with ArchiveLock(db_path, use_flock=False) as lock:
        assert lock.stale.pid == dead


@pytest.mark.e2e
def test_torn_lock_file_is_ignored(db_path):
    lock_path_for(db_path).write_text('{"pid": 12')
    with ArchiveLock(db_path) as lock:
        assert lock.stale is None
    assert not is_pid_alive(_dead_pid())


def test_a_symlink_to_the_archive_shares_its_lock(tmp_path):
    real = tmp_path / "archive-2026.sqlite"
    real.write_bytes(b"")
    link = tmp_path / "archive.sqlite"
    link.symlink_to(real)
    assert lock_path_for(link) == lock_path_for(real)
    with ArchiveLock(real):
        with pytest.raises(CrawlLockedError):
            ArchiveLock(link).acquire()

"""One crawl at a time per archive: a lock file beside the database (``<db>.lock``).

Why ``fcntl.flock`` and not "the file exists": the kernel holds an flock only while the process
that took it is alive.  A crawl killed with ``kill -9``, an out-of-memory kill or a power cut
releases the lock with the process, so a stale lock can never block the next nightly run, and a
reused pid can never pass for a live crawl.  The file itself stays behind; its content (one JSON
line: ``pid``, ``host``, ``started_at``) only serves the messages:

* lock free, file empty                → a clean start;
* lock free, file names a pid          → the previous run died without releasing it (killed):
  the lock is **taken over** and :attr:`ArchiveLock.stale` tells who held it;
* lock held                            → :class:`CrawlLockedError` naming the holder; the CLI
  exits 75 (``EX_TEMPFAIL``: try again later) at once, without waiting.

Where ``flock`` is not supported (some network file systems answer ``ENOLCK``), the lock falls
back to the pid in the file: held while that pid is alive on this host, stale (taken over) when
the pid is dead.  That fallback cannot tell a reused pid from the crawl, so prefer a local disk.

A clean release empties the file rather than deleting it: deleting would let a third process lock
a fresh inode while a second one still holds the old one.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from archive.errors import ArchiveError
from archive.vn_time import now_vn, to_iso

LOCK_SUFFIX = ".lock"
EXIT_LOCKED = 75  # EX_TEMPFAIL from sysexits.h: a monitor retries later
HOLDER_READ_TRIES, HOLDER_READ_PAUSE = 10, 0.05  # wait up to 0.5 s for a new holder to write its name


class CrawlLockedError(ArchiveError):
    """Another live process holds the archive's crawl lock."""

    def __init__(self, message: str, holder: LockInfo | None = None) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class LockInfo:
    """Who holds (or held) a lock, as written in the lock file."""

    pid: int
    host: str
    started_at: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started_at}"

    def to_json(self) -> str:
        return json.dumps({"pid": self.pid, "host": self.host, "started_at": self.started_at})

    @classmethod
    def parse(cls, text: str) -> LockInfo | None:
        """The holder recorded in ``text``, or None for an empty or torn file."""
        try:
            data: Any = json.loads(text.strip().splitlines()[0]) if text.strip() else None
            return cls(int(data["pid"]), str(data["host"]), str(data["started_at"]))
        except (ValueError, KeyError, TypeError, IndexError):
            return None


def lock_path_for(db_path: str | Path) -> Path:
    """``data/archive.sqlite`` → ``data/archive.sqlite.lock``, beside the real file: a symlink or
    another spelling of the path must lead to the same lock."""
    db_path = Path(db_path).resolve()
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def is_pid_alive(pid: int) -> bool:
    """True if a process with ``pid`` exists on this machine (even one we may not signal)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ArchiveLock:
    """The crawl lock of one archive; use as a context manager or call acquire/release.

    :param db_path: the archive; the lock file is ``<db_path>.lock`` in the same folder.
    :param now: the start time written into the lock file (default: now).
    :param use_flock: False forces the pid-file fallback (for file systems without flock).
    """

    def __init__(self, db_path: str | Path, *, now: datetime | None = None, use_flock: bool = True) -> None:
        self.path = lock_path_for(db_path)
        self.info = LockInfo(os.getpid(), socket.gethostname(), to_iso(now or now_vn()))
        self.use_flock = use_flock
        self.stale: LockInfo | None = None  # the dead holder we took over from, if any
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> ArchiveLock:
        """Take the lock at once or raise :class:`CrawlLockedError`; never waits."""
        if self._fd is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if self.use_flock and self._try_flock(fd):
                previous = LockInfo.parse(_read_all(fd))
            else:
                previous = self._check_pid_fallback(fd)
            self.stale = previous if previous and previous != self.info else None
            _rewrite(fd, self.info.to_json() + "\n")
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def _try_flock(self, fd: int) -> bool:
        """True when locked; False when flock is unsupported here (use the pid fallback)."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            holder = self._read_holder(fd)
            raise CrawlLockedError(self._held_message(holder), holder) from None
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                self.use_flock = False
                return False
            raise

    @staticmethod
    def _read_holder(fd: int) -> LockInfo | None:
        """The holder named in the file; a holder that has just locked writes its line a moment later."""
        for _ in range(HOLDER_READ_TRIES):
            holder = LockInfo.parse(_read_all(fd))
            if holder is not None:
                return holder
            time.sleep(HOLDER_READ_PAUSE)
        return None

    def _check_pid_fallback(self, fd: int) -> LockInfo | None:
        holder = LockInfo.parse(_read_all(fd))
        if holder and holder.host == self.info.host and holder.pid != os.getpid() and is_pid_alive(holder.pid):
            raise CrawlLockedError(self._held_message(holder), holder)
        return holder

    def _held_message(self, holder: LockInfo | None) -> str:
        who = holder.describe() if holder else "a process that is still starting"
        return f"another crawl is running on this archive ({who}); lock file {self.path}"

    def release(self) -> None:
        """Empty the lock file and unlock; safe to call twice."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _rewrite(fd, "")
        finally:
            if self.use_flock:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> ArchiveLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def read_lock(db_path: str | Path) -> LockInfo | None:
    """The holder recorded in an archive's lock file (None when free or absent); for messages only."""
    path = lock_path_for(db_path)
    try:
        return LockInfo.parse(path.read_text(encoding="utf-8"))
    except OSError:
        return None


def _read_all(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def _rewrite(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))
    os.fsync(fd)

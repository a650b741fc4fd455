"""The crawl log file of unattended runs: ``archive crawl --log-file PATH``, rotated by size.

Settings ``CRAWL_LOG_MAX_BYTES`` (default 5 MiB) and ``CRAWL_LOG_BACKUPS`` (default 10): the log is
``crawl.log``, older parts ``crawl.log.1`` … ``crawl.log.10``; no logrotate needed.  Only the
process holding the archive lock rotates the file; a run that finds the lock held only appends one
line (:func:`append_line`), so two processes never rotate the same file.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from archive.dates import now_vn, to_iso

LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


def add_log_file(path: Path, *, max_bytes: int, backups: int, level: int = logging.INFO) -> RotatingFileHandler:
    """Send the root logger (Scrapy's included) to ``path`` as well; returns the handler to remove later."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(level)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return handler


def remove_log_file(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()


def append_line(path: Path, message: str) -> None:
    """One timestamped line at the end of the log, without rotating it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"{to_iso(now_vn())} [archive] {message}\n")

"""Damaged archives for the fault suite: a valid header with corrupt pages behind it."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from archive.db import open_archive
from archive.store import save_article
from archive.vn_time import VN_TZ

PAGE_SIZE_OFFSET = 16  # the page size is a big-endian 16-bit number at this offset of the header
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=VN_TZ)


def filled_archive(path: Path, articles: int = 200, *, site: str = "bdk") -> Path:
    """An archive holding ``articles`` distinct articles of ``site``, checkpointed into the main file."""
    db = open_archive(path)
    for n in range(articles):
        words = " ".join(f"từ{n}x{k}" for k in range(60))
        save_article(db, {"url": f"https://baodongkhoi.vn/bai-{n}-a{n}.html", "site": site,
                          "title": f"Bài số {n}", "text": f"Đoạn mở đầu của bài {n}. {words}."}, now=T0)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def damage_pages(path: Path, *, share: float = 0.3, seed: int = 14) -> None:
    """Overwrite ``share`` of the pages after the first two (header and schema kept) with noise."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[PAGE_SIZE_OFFSET:PAGE_SIZE_OFFSET + 2], "big") or 65536
    pages = len(data) // page
    rng = random.Random(seed)
    for number in rng.sample(range(2, pages), max(1, int((pages - 2) * share))):
        data[number * page:(number + 1) * page] = rng.randbytes(page)
    path.write_bytes(bytes(data))

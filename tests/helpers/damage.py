"""Damaged archives for the fault suite: a valid header with corrupt pages behind it."""

from __future__ import annotations

import random
import sqlite3
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
    """Overwrite ``share`` of the pages after the first two (header and schema kept) with noise, and one
    leaf page in the middle of every table and index of three pages or more: so every command that reads
    a table or an index through meets the damage, whatever the schema's layout (a schema that grows must
    not move the damage to pages no command reads)."""
    leaves = _middle_leaf_pages(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[PAGE_SIZE_OFFSET:PAGE_SIZE_OFFSET + 2], "big") or 65536
    pages = len(data) // page
    rng = random.Random(seed)
    chosen = set(rng.sample(range(2, pages), max(1, int((pages - 2) * share)))) | leaves
    for number in sorted(chosen):
        data[number * page:(number + 1) * page] = rng.randbytes(page)
    path.write_bytes(bytes(data))


def _middle_leaf_pages(path: Path) -> set[int]:
    """0-based numbers of one leaf page in the middle of each b-tree of three pages or more (SQLite's dbstat)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, pageno FROM dbstat WHERE pagetype = 'leaf' ORDER BY name, pageno").fetchall()
    finally:
        conn.close()
    by_tree: dict[str, list[int]] = {}
    for name, pageno in rows:
        by_tree.setdefault(name, []).append(pageno)
    return {numbers[len(numbers) // 2] - 1 for numbers in by_tree.values() if len(numbers) >= 3}

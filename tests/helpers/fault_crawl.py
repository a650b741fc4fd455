"""Run guarded crawls of a :class:`crawler.replay.faults.FaultSite` in a subprocess, and audit the archive."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from archive.audit import failure_reasons, stored_counts
from archive.db import open_archive
from crawler.replay.faults import FaultSite, crawl_command, stored_url
from tests.conftest import REPO


def run_fault_crawl(db: Path, mirror: str, site: FaultSite, **settings) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(crawl_command(sys.executable, str(db), mirror, site, settings), capture_output=True,
                          text=True, env=env, timeout=600)


@dataclass
class Audit:
    stored: int  # reachable articles stored exactly once
    failed: int  # unreachable articles with a failure row
    lost: list[str]  # listed, neither stored nor failed
    duplicated: list[str]  # stored more than once
    reasons: dict[str, str]  # unreachable URL -> reason


def audit(db_path: Path, site: FaultSite) -> Audit:
    db = open_archive(db_path)
    try:
        reachable = {stored_url(site, n): n for n in site.reachable()}
        unreachable = [site.article_url(n) for n in site.unreachable()]
        counts = stored_counts(db, reachable)
        reasons = failure_reasons(db, unreachable)
        lost = [u for u, c in counts.items() if c == 0] + [u for u in unreachable if u not in reasons]
        return Audit(stored=sum(1 for c in counts.values() if c == 1), failed=len(reasons), lost=lost,
                     duplicated=[u for u, c in counts.items() if c > 1], reasons=reasons)
    finally:
        db.conn.close()

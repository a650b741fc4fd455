"""WARC files written the way a crawl writes them, and warcio's own checker, for the capture tests."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from crawler.components.warc_capture import CaptureWriter, Exchange, warc_path


def exchange(url: str, body: bytes, at: datetime, status: int = 200, headers=None) -> Exchange:
    return Exchange(
        url=url, method="GET", request_headers=[("User-Agent", "test")], request_body=b"", status=status,
        response_headers=headers or [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        body=body, fetched_at=at,
    )


def write_crawl(db, folder: Path, crawl_id: int, exchanges: list[Exchange]) -> Path:
    path = warc_path(folder / "warc", "bdk", crawl_id, exchanges[0].fetched_at)
    writer = CaptureWriter(db, folder, path, site="bdk", crawl_id=crawl_id, profile="bdk",
                           opened_at=exchanges[0].fetched_at)
    for item in exchanges:
        writer.write(item)
    writer.close()
    return path


def warcio(*args: str) -> subprocess.CompletedProcess:
    code = "import sys; from warcio.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)

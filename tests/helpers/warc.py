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


# An article page of BDK's host with a plain template (the re-extraction tests change its text).
PARAGRAPHS = (
    "Sáng 13-1, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm 2023 và triển khai nhiệm vụ năm 2024.",
    "Theo báo cáo, tốc độ tăng trưởng kinh tế của tỉnh đạt khá, thu ngân sách vượt dự toán, đời sống được cải thiện.",
    "Hội nghị cũng đề ra nhiều giải pháp trọng tâm cho năm tới, trong đó chú trọng chuyển đổi số.",
)


def article_html(extra: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in (*PARAGRAPHS, extra) if p)
    return (
        "<html><head><meta charset='utf-8'><title>Bến Tre tổng kết năm 2023</title></head><body>"
        "<nav><a href='/'>Trang chủ</a></nav><article><h1>Bến Tre tổng kết năm 2023</h1>"
        f"{paragraphs}</article><footer>Bản quyền Báo Đồng Khởi</footer></body></html>"
    ).encode()

"""Small archives with real Vietnamese text, written through ``archive.store.save_article``.

Used by the downstream tests (search, export, Datasette, report).  Duplicate links are set with
plain SQL, as the dedup step would.
"""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from archive.db import transaction
from archive.store import finish_crawl, record_failure, save_article, start_crawl
from archive.vn_time import VN_TZ

NOW = datetime(2024, 6, 30, 22, 0, tzinfo=VN_TZ)

ARTICLES = [
    {
        "url": "https://baodongkhoi.vn/ben-tre-day-manh-chuyen-doi-so-a1001.html",
        "site": "bdk",
        "title": "Bến Tre đẩy mạnh chuyển đổi số trong cơ quan nhà nước",
        "lead": "Tỉnh Bến Tre đặt mục tiêu đến năm 2025 có 80% hồ sơ thủ tục hành chính được xử lý trực tuyến.",
        "text": (
            "Sáng 12/3, UBND tỉnh Bến Tre tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2024.\n"
            "Phó Chủ tịch UBND tỉnh yêu cầu các sở, ngành đẩy nhanh việc số hóa hồ sơ, "
            "nâng cao chất lượng dịch vụ công trực tuyến cho người dân và doanh nghiệp."
        ),
        "author": "Hữu Hiệp",
        "published": "2024-03-12T08:30:00+07:00",
        "category": "Thời sự",
        "tags": ["chuyển đổi số", "Bến Tre"],
    },
    {
        "url": "https://baodongkhoi.vn/ky-niem-phong-trao-dong-khoi-a1002.html",
        "site": "bdk",
        "title": "Kỷ niệm 64 năm Ngày Đồng Khởi",
        "lead": "Nhiều hoạt động ý nghĩa được tổ chức tại huyện Mỏ Cày Nam.",
        "text": (
            "Ngày 17/1/2024, tại Khu di tích Đồng Khởi, tỉnh Bến Tre long trọng tổ chức lễ kỷ niệm "
            "64 năm Ngày Đồng Khởi.\nPhong trào Đồng Khởi năm 1960 là mốc son của cách mạng miền Nam."
        ),
        "author": "Thanh Đồng",
        "published": "2024-01-17T10:00:00+07:00",
        "category": "Chính trị",
        "tags": ["Đồng Khởi"],
    },
    {
        "url": "https://baodongkhoi.vn/doi-thoai-voi-nong-dan-a1003.html",
        "site": "bdk",
        "title": "Lãnh đạo tỉnh đối thoại với nông dân",
        "lead": "Nông dân kiến nghị về giá vật tư và chuyển đổi cây trồng.",
        "text": (
            "Chiều 5/4, lãnh đạo tỉnh đối thoại với hơn 200 nông dân tiêu biểu.\n"
            "Nhiều ý kiến đề xuất hỗ trợ chuyển đổi cây trồng thích ứng hạn mặn, "
            "đổi mới phương thức tiêu thụ dừa."
        ),
        "author": "Cẩm Trúc",
        "published": "2024-04-05T16:00:00+07:00",
        "category": "Nông nghiệp",
        "tags": [],
    },
    {
        "url": "https://baobackan.vn/bac-kan-chuyen-doi-so-nong-nghiep-post2001.html",
        "site": "bbk",
        "title": "Bắc Kạn: ứng dụng công nghệ trong sản xuất nông nghiệp",
        "lead": "Nhiều hợp tác xã đã đưa sản phẩm lên sàn thương mại điện tử.",
        "text": (
            "Thời gian qua, tỉnh Bắc Kạn khuyến khích các hợp tác xã ứng dụng công nghệ số.\n"
            "Sản phẩm miến dong, gạo nếp Khẩu Nua Lếch được bán trên sàn thương mại điện tử, "
            "góp phần vào quá trình chuyển đổi số của tỉnh."
        ),
        "author": "Ngọc Mai",
        "published": "2024-05-20T07:15:00+07:00",
        "category": "Kinh tế",
        "tags": ["nông nghiệp"],
    },
    {
        "url": "https://baobackan.vn/doi-song-dong-bao-post2002.html",
        "site": "bbk",
        "title": "Đời sống đồng bào vùng cao ngày càng ổn định",
        "lead": None,
        "text": (
            "Huyện Pác Nặm có nhiều đổi thay. Đời sống của đồng bào dân tộc thiểu số được nâng lên.\n"
            "Đường giao thông đến trung tâm xã đã được bê tông hóa."
        ),
        "author": "Ngọc Mai",
        "published": "2024-02-02",
        "category": "Xã hội",
        "tags": [],
    },
    {
        "url": "https://baonghean.vn/nghe-an-cai-cach-hanh-chinh-10003.html",
        "site": "baonghean",
        "title": "Nghệ An cải cách hành chính gắn với chuyển đổi số",
        "lead": "Chỉ số cải cách hành chính của Nghệ An tăng 5 bậc.",
        "text": (
            "Năm 2023, Nghệ An tiếp tục đẩy mạnh cải cách hành chính.\n"
            "Tỉnh chú trọng chuyển đổi số, xây dựng chính quyền điện tử, "
            "giảm thời gian giải quyết thủ tục cho người dân."
        ),
        "author": "Thành Duy",
        "published": "2024-01-09T09:00:00+07:00",
        "category": "Thời sự",
        "tags": ["cải cách hành chính"],
    },
    {
        # The same story as a1001, republished: a duplicate.
        "url": "https://baonghean.vn/ben-tre-day-manh-chuyen-doi-so-10004.html",
        "site": "baonghean",
        "title": "Bến Tre đẩy mạnh chuyển đổi số trong cơ quan nhà nước",
        "lead": "Tỉnh Bến Tre đặt mục tiêu đến năm 2025 có 80% hồ sơ thủ tục hành chính được xử lý trực tuyến.",
        "text": (
            "Sáng 12/3, UBND tỉnh Bến Tre tổ chức hội nghị triển khai kế hoạch chuyển đổi số năm 2024.\n"
            "Phó Chủ tịch UBND tỉnh yêu cầu các sở, ngành đẩy nhanh việc số hóa hồ sơ, "
            "nâng cao chất lượng dịch vụ công trực tuyến cho người dân và doanh nghiệp."
        ),
        "author": None,
        "published": "2024-03-13T09:00:00+07:00",
        "category": "Thời sự",
        "tags": [],
    },
    {
        "url": "https://baonghean.vn/le-hoi-lang-sen-10005.html",
        "site": "baonghean",
        "title": "Khai mạc Lễ hội Làng Sen",
        "lead": "Lễ hội diễn ra tại Khu di tích Kim Liên, huyện Nam Đàn.",
        "text": "Tối 16/5, Lễ hội Làng Sen năm 2024 chính thức khai mạc với nhiều hoạt động văn hóa đặc sắc.",
        "author": "Thành Duy",
        "published": None,
        "category": "Văn hóa",
        "tags": ["Nam Đàn"],
    },
]


def fill_archive(db: sqlite_utils.Database) -> dict[str, int]:
    """Store :data:`ARTICLES`, link the duplicate, add crawl runs and failures; returns url -> id."""
    ids: dict[str, int] = {}
    crawls = {site: start_crawl(db, site, now=NOW) for site in dict.fromkeys(a["site"] for a in ARTICLES)}
    for article in ARTICLES:
        result = save_article(db, article, crawl_id=crawls[article["site"]], now=NOW)
        ids[article["url"]] = result.article_id
    original = ids[ARTICLES[0]["url"]]
    copy = ids[ARTICLES[6]["url"]]
    with transaction(db):
        db.execute("UPDATE articles SET cluster_id = ? WHERE id IN (?, ?)", [original, original, copy])
        db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", [original, copy])
    for site, crawl_id in crawls.items():
        finish_crawl(db, crawl_id, counts={"new": 3, "failed": 1 if site == "bbk" else 0}, now=NOW)
    record_failure(db, "https://baobackan.vn/loi-post9.html", reason="HTTP 503", site="bbk", http_status=503,
                   park_after=2, now=NOW)
    record_failure(db, "https://baobackan.vn/loi-post9.html", reason="HTTP 503", site="bbk", http_status=503,
                   park_after=2, now=NOW)
    record_failure(db, "https://baobackan.vn/timeout-post10.html", reason="timeout", site="bbk", now=NOW)
    return ids

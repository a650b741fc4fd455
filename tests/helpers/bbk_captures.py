"""Captures of Báo Bắc Kạn articles (tests/pages/bbk, the demo mirror's old host baobackan.com.vn) of every
kind a web archive holds, for the backfill tests (``tests/test_backfill.py``, ``tests/test_cluster_backfill.py``)."""

from __future__ import annotations

from tests.helpers.webarchive import ROOT, Snap

PAGES = ROOT / "tests" / "pages" / "bbk"
DEMO = ROOT / "crawler" / "demo" / "mirror" / "baobackan.com.vn"

A = "https://baobackan.vn/tap-huan-ky-nang-so-cho-to-cong-nghe-so-cong-dong-post61240.html"
B = "https://baobackan.vn/na-ri-phat-trien-vung-trong-hong-khong-hat-post64410.html"
C = "https://baobackan.vn/khai-mac-le-hoi-long-tong-ba-be-nam-2024-post69025.html"
D = "https://baobackan.vn/bac-kan-hoan-thanh-sap-xep-don-vi-hanh-chinh-cap-xa-post71380.html"
E_OLD = "http://baobackan.com.vn/ba-be-don-hon-20-nghin-luot-khach-trong-thang-9-post60121.html"
E = "https://baobackan.vn/ba-be-don-hon-20-nghin-luot-khach-trong-thang-9-post60121.html"
G = "https://baobackan.vn/cho-moi-day-manh-giai-ngan-von-chuong-trinh-muc-tieu-quoc-gia-post66102.html"
ERROR_PAGE = ("<html><head><title>Báo Bắc Kạn - Trang không tồn tại</title></head><body><h1>Trang không tồn tại</h1>"
              "<p>Xin lỗi, trang bạn tìm không tồn tại.</p></body></html>").encode()
ORIGIN_HEADER = ("X-Origin-Server", "ePi CMS (as captured)")


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def bbk_snaps() -> list[Snap]:
    """Captures of every kind: good, error page served 200, duplicate, redirect, truncated, not HTML, 404,
    old host, a listing."""
    html = [("Content-Type", "text/html; charset=utf-8"), ORIGIN_HEADER]
    full_c = page("article_post69025.html")
    return [
        Snap(A, "20230301120000", page("article_post61240.html"), headers=html),
        Snap(A, "20240601120000", ERROR_PAGE),  # the latest capture of A: an error page served with 200
        Snap(B, "20230501120000", page("article_post64410.html")),
        Snap(B, "20230601120000", page("article_post64410.html")),  # the same payload again
        Snap(B, "20240101120000", b"", 301, [("Location", "https://baobackan.vn/")]),
        Snap(C, "20240201120000", full_c),
        Snap(C, "20240301120000", full_c[: len(full_c) // 2]),  # cut short
        Snap(D, "20250601120000", page("article_post71380.html")),
        Snap(D, "20250602120000", b"\xff\xd8\xff\xe0JFIF", headers=[("Content-Type", "image/jpeg")]),
        Snap(E_OLD, "20231001120000", (DEMO / E_OLD.rsplit("/", 1)[1]).read_bytes()),
        Snap("https://baobackan.vn/xa-hoi/", "20230301120000", page("listing_xa-hoi.html")),
        Snap(G, "20240101120000", ERROR_PAGE, 404),
    ]

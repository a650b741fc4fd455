"""crawler.replay.mirror: the folder layout and the loopback server, over real HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from crawler.replay.mirror import FolderSource, MirrorResponse, serve_mirror

pytestmark = pytest.mark.e2e  # every test here serves the mirror on loopback


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mirror")
    site = folder / "baodongkhoi.vn"
    (site / "thoi-su").mkdir(parents=True)
    (site / "thoi-su" / "index.html").write_text("<p>trang 1</p>", encoding="utf-8")
    (site / "thoi-su" / "index.html@p=2").write_text("<p>trang 2</p>", encoding="utf-8")
    (site / "bai-viet-a1.html").write_text("<p>Bài viết</p>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /tim-kiem/\n", encoding="utf-8")
    (site / "bai-cu-a1.html.redirect").write_text("https://baodongkhoi.vn/bai-viet-a1.html\n", encoding="utf-8")
    (site / "thoi-su" / "index.html@p=1.redirect").write_text("302 /thoi-su/", encoding="utf-8")
    (site / "hong.html.redirect").write_text("chuyển tới đâu đó", encoding="utf-8")
    (folder / "ict.backan.gov.vn").mkdir()
    (folder / "ict.backan.gov.vn" / "tin?pageindex=0").write_text("wget style", encoding="utf-8")
    server, base = serve_mirror(FolderSource(folder))
    yield server, base
    server.stop()


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), ""


def test_folder_layout_files_index_and_query(mirror):
    server, base = mirror
    assert fetch(f"{base}/baodongkhoi.vn/bai-viet-a1.html") == (200, "text/html; charset=utf-8", "<p>Bài viết</p>")
    assert fetch(f"{base}/baodongkhoi.vn/thoi-su")[2] == "<p>trang 1</p>"
    assert fetch(f"{base}/baodongkhoi.vn/thoi-su/")[2] == "<p>trang 1</p>"
    assert fetch(f"{base}/baodongkhoi.vn/thoi-su?p=2")[2] == "<p>trang 2</p>"
    assert fetch(f"{base}/ict.backan.gov.vn/tin?pageindex=0")[2] == "wget style"
    status, ctype, body = fetch(f"{base}/baodongkhoi.vn/robots.txt")
    assert status == 200 and ctype.startswith("text/plain") and "Disallow" in body


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_redirect_files_answer_3xx_with_the_real_target(mirror):
    server, base = mirror
    opener = urllib.request.build_opener(_NoRedirects)

    def answer(url: str) -> tuple[int, str | None, str]:
        try:
            with opener.open(url, timeout=5) as resp:
                return resp.status, resp.headers.get("Location"), resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location"), exc.read().decode()

    assert answer(f"{base}/baodongkhoi.vn/bai-cu-a1.html")[:2] == (301, "https://baodongkhoi.vn/bai-viet-a1.html")
    assert answer(f"{base}/baodongkhoi.vn/thoi-su?p=1")[:2] == (302, "https://baodongkhoi.vn/thoi-su/")
    status, _, body = answer(f"{base}/baodongkhoi.vn/hong.html")
    assert status == 500 and "a .redirect file holds '[3xx] URL'" in body  # a broken file says what is wrong
    assert answer(f"{base}/baodongkhoi.vn/bai-viet-a1.html")[0] == 200


def test_missing_and_escaping_paths_are_404(mirror):
    server, base = mirror
    assert fetch(f"{base}/baodongkhoi.vn/khong-co-a2.html")[0] == 404
    assert fetch(f"{base}/baodongkhoi.vn/thoi-su?p=3")[0] == 404
    assert fetch(f"{base}/baodongkhoi.vn/%2E%2E/%2E%2E/etc/passwd")[0] == 404
    assert fetch(f"{base}/nohost.example/robots.txt")[0] == 404


def test_request_log_records_real_urls(mirror):
    server, base = mirror
    server.clear_log()
    fetch(f"{base}/baodongkhoi.vn/thoi-su?p=2")
    fetch(f"{base}/baodongkhoi.vn/nothing.html")
    assert [(r.url, r.status) for r in server.requests] == [
        ("https://baodongkhoi.vn/thoi-su?p=2", 200),
        ("https://baodongkhoi.vn/nothing.html", 404),
    ]


class Once503:
    def __init__(self):
        self.seen = False

    def lookup(self, host, path, query):
        if not self.seen:
            self.seen = True
            return MirrorResponse(503, {"Retry-After": "0"}, b"busy")
        return MirrorResponse(200, {"Content-Type": "text/html"}, b"ok")


def test_any_source_object_can_be_served():
    server, base = serve_mirror(Once503())
    try:
        assert fetch(f"{base}/x.vn/a")[0] == 503
        assert fetch(f"{base}/x.vn/a")[:1] == (200,)
    finally:
        server.stop()

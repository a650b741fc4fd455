"""WARC capture end to end: real Scrapy crawls (subprocess) through the loopback mirror into a real archive."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.capture_index import Capture, latest_capture, read_payload
from archive.db import open_archive
from archive.store import get_article, save_article
from archive.warc import WarcScan
from crawler.cli import main
from crawler.components.warc_capture import payload_digest
from crawler.replay.mirror import MirrorResponse, serve_mirror
from crawler.replay.warc_source import WarcSource
from tests.conftest import REPO
from tests.helpers.warc import warcio

pytestmark = pytest.mark.e2e  # every test here starts a crawl, a server or a subprocess

HOST = "baodongkhoi.vn"
SITE = f"https://{HOST}"
A1 = f"{SITE}/tong-ket-13012023-a110139.html"
A2 = f"{SITE}/hoi-nghi-14012023-a110140.html"  # served gzip-encoded
HTML = "text/html; charset=utf-8"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def article(title: str, sentence: str) -> bytes:
    body = "".join(f"<p>{sentence} Đoạn {i}: nội dung bài viết về {title.lower()} của tỉnh.</p>" for i in range(4))
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/thoi-su'>Thời sự</a></nav>"
            f"<article><h1>{title}</h1>{body}</article></body></html>").encode()


LISTING = (
    "<html><body><ul>"
    "<li><a href='/tong-ket-13012023-a110139.html'>Tổng kết</a></li>"
    "<li><a href='/hoi-nghi-14012023-a110140.html'>Hội nghị</a></li>"
    "<li><a href='/cu'>Địa chỉ cũ</a></li><li><a href='/loi'>Lỗi</a></li><li><a href='/mat'>Mất</a></li>"
    "<li><a href='/private/x'>Riêng</a></li><li><a href='https://example.org/x'>Ngoài</a></li>"
    "<li><a href='/thoi-su?p=2'>Trang 2</a></li>"
    "</ul></body></html>"
).encode()


A2_HTML = article("Hội nghị", "Sáng nay hội nghị khai mạc.")
A2_GZIP = gzip.compress(A2_HTML, mtime=0)


class SiteSource:
    """One small site: robots.txt, two listing pages, two articles, a redirect, a 500 and a 404."""

    def __init__(self) -> None:
        a2 = A2_GZIP
        self.routes = {
            ("/robots.txt", ""): MirrorResponse(200, {"Content-Type": "text/plain"}, ROBOTS),
            ("/thoi-su", ""): MirrorResponse(200, {"Content-Type": HTML}, LISTING),
            ("/thoi-su", "p=2"): MirrorResponse(200, {"Content-Type": HTML}, b"<p>Trang 2</p>"),
            ("/tong-ket-13012023-a110139.html", ""): MirrorResponse(
                200, {"Content-Type": HTML}, article("Tổng kết", "Tỉnh tổng kết năm.")),
            ("/hoi-nghi-14012023-a110140.html", ""): MirrorResponse(
                200, {"Content-Type": HTML, "Content-Encoding": "gzip"}, a2),
            ("/cu", ""): MirrorResponse(301, {"Location": A1}, b""),
            ("/loi", ""): MirrorResponse(500, {"Content-Type": HTML}, b"<p>Server error</p>"),
        }

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        return self.routes.get((path, query)) if host == HOST else None


def crawl(db_path: Path, mirror_url: str, *settings: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "helpers" / "capture_spider.py"), str(db_path), mirror_url,
         f"{SITE}/thoi-su", *settings],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def two_crawls(tmp_path_factory):
    """The same unchanged site crawled twice into one archive."""
    folder = tmp_path_factory.mktemp("capture")
    db_path = folder / "archive.sqlite"
    server, base = serve_mirror(SiteSource())
    try:
        first = crawl(db_path, base)
        fetched_first = server.urls_fetched()
        server.clear_log()
        second = crawl(db_path, base)
    finally:
        server.stop()
    db = open_archive(db_path)
    yield {"db": db, "db_path": db_path, "stats": (first, second), "fetched_first": fetched_first}
    db.conn.close()


def warc_file(db, crawl_id: int) -> str:
    (name,) = {r["warc_file"] for r in db.query("SELECT warc_file FROM captures WHERE crawl_id = ?", [crawl_id])}
    return name


def test_every_response_is_captured_with_its_request_under_its_real_url(two_crawls):
    db = two_crawls["db"]
    rows = list(db.query("SELECT * FROM captures WHERE crawl_id = 1 ORDER BY id"))
    pages = {(r["url"], r["http_status"]) for r in rows if r["record_type"] == "response"}
    assert pages == {
        (f"{SITE}/robots.txt", 200), (f"{SITE}/thoi-su", 200), (f"{SITE}/thoi-su?p=2", 200), (A1, 200), (A2, 200),
        (f"{SITE}/cu", 301), (f"{SITE}/loi", 500), (f"{SITE}/mat", 404),
    }
    assert sum(1 for r in rows if r["url"] == f"{SITE}/loi" and r["record_type"] != "request") == 2  # retried
    assert sum(r["record_type"] == "request" for r in rows) == sum(r["record_type"] != "request" for r in rows)
    assert not any("127.0.0.1" in r["url"] or "/private/" in r["url"] for r in rows)
    assert {r["site"] for r in rows} == {"bdk"}
    assert len(two_crawls["fetched_first"]) == len([r for r in rows if r["record_type"] != "request"])


def test_warc_files_are_dated_by_site_and_crawl_and_pass_warcio(two_crawls):
    db, folder = two_crawls["db"], two_crawls["db_path"].parent
    for crawl_id in (1, 2):
        name = warc_file(db, crawl_id)
        parts = Path(name).parts
        assert parts[0] == "warc" and len(parts) == 5 and parts[-1] == f"bdk-{crawl_id}.warc.gz"
        checked = warcio("check", str(folder / name))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        index = warcio("index", "-f", "warc-type,warc-target-uri,warc-payload-digest", str(folder / name))
        assert index.returncode == 0
        entries = [json.loads(line) for line in index.stdout.splitlines()]
        assert all(e.get("warc-payload-digest", "").startswith("sha1:") for e in entries
                   if e["warc-type"] in ("response", "revisit"))


def test_second_crawl_of_an_unchanged_site_writes_revisits(two_crawls):
    db = two_crawls["db"]
    second = {(r["url"], r["record_type"]) for r in db.query("SELECT * FROM captures WHERE crawl_id = 2")}
    assert (A1, "revisit") in second and (f"{SITE}/thoi-su", "revisit") in second
    assert (f"{SITE}/robots.txt", "revisit") in second and (A2, "revisit") in second
    assert (f"{SITE}/cu", "response") in second  # an empty body is not worth a revisit
    assert not {url for url, kind in second if kind == "response"} - {f"{SITE}/cu"}
    first_stats, second_stats = two_crawls["stats"]
    assert second_stats["warc/revisit"] >= 7 and second_stats.get("warc/response", 0) == 1
    assert second_stats["warc/bytes"] < first_stats["warc/bytes"]


def test_raw_body_is_kept_encoded_and_read_back_decoded(two_crawls):
    db, folder = two_crawls["db"], two_crawls["db_path"].parent
    capture = latest_capture(db, A2)
    payload = read_payload(db, folder, capture)
    assert payload.body == A2_HTML and payload.header("Content-Encoding") is None  # read back decoded…
    assert payload.original.payload_digest == payload_digest(A2_GZIP)  # …recorded as it came off the wire
    raw = gzip.decompress((folder / payload.original.warc_file).read_bytes())
    assert b"Content-Encoding: gzip" in raw


def test_capture_can_be_switched_off(tmp_path):
    server, base = serve_mirror(SiteSource())
    try:
        stats = crawl(tmp_path / "archive.sqlite", base, "WARC_ENABLED=0")
    finally:
        server.stop()
    assert "warc/bytes" not in stats and stats["downloader/response_count"] >= 8
    assert not (tmp_path / "warc").exists()
    db = open_archive(tmp_path / "archive.sqlite")
    assert db.execute("SELECT count(*) FROM captures").fetchone()[0] == 0


def test_a_failing_capture_never_stops_the_crawl(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the WARC folder should be")
    server, base = serve_mirror(SiteSource())
    try:
        stats = crawl(tmp_path / "archive.sqlite", base, f"WARC_FOLDER={blocker}")
    finally:
        server.stop()
    assert stats["warc/errors"] == 1 and "warc/bytes" not in stats
    assert stats["finish_reason"] == "finished" and stats["downloader/response_count"] >= 8


def test_replay_from_warc_and_reextract_without_a_request(two_crawls, tmp_path):
    folder = two_crawls["db_path"].parent
    # Offline re-run: the recorded crawl is served from its WARC files into a fresh archive.
    replay, base = serve_mirror(WarcSource([folder / "warc"]))
    try:
        crawl(tmp_path / "archive.sqlite", base)
        assert sorted(set(replay.urls_fetched())) == sorted(set(two_crawls["fetched_first"]))
    finally:
        replay.stop()
    # Re-extraction reads the captures only: every server is stopped, nothing is fetched.
    db = open_archive(tmp_path / "archive.sqlite")
    save_article(db, {"url": A1, "site": "bdk", "title": "Tổng kết", "text": "Bản cũ.\nChia sẻ bài viết"}, crawl_id=1)
    result = CliRunner().invoke(main, ["reextract", "--db", str(tmp_path / "archive.sqlite")])
    assert result.exit_code == 0, result.output
    assert "1 new, 1 updated" in result.output
    stored = get_article(db, A1)
    assert "Tỉnh tổng kết năm." in stored["text"] and "Chia sẻ" not in stored["text"]
    assert [v["source"] for v in stored["versions"]] == ["crawl", "reextract"]
    assert get_article(db, A2)["versions"][0]["source"] == "reextract"


def test_a_full_warc_file_is_closed_and_the_crawl_goes_on_in_the_next(tmp_path):
    server, base = serve_mirror(SiteSource())
    try:
        stats = crawl(tmp_path / "archive.sqlite", base, "WARC_MAX_BYTES=1500")  # about two records a file
        fetched = server.urls_fetched()
    finally:
        server.stop()
    db = open_archive(tmp_path / "archive.sqlite")
    files = [name for (name,) in db.execute("SELECT DISTINCT warc_file FROM captures ORDER BY id")]
    names = [Path(name).name for name in files]
    assert len(names) >= 4 and names[0] == "bdk-1.warc.gz"
    assert names[1:] == [f"bdk-1-{n:03d}.warc.gz" for n in range(1, len(names))]
    for name in files:  # every part a valid WARC file of its own, starting with its warcinfo
        checked = warcio("check", str(tmp_path / name))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        first = warcio("index", "-f", "warc-type", str(tmp_path / name)).stdout.splitlines()[0]
        assert json.loads(first) == {"warc-type": "warcinfo"}
    assert stats["warc/bytes"] == sum((tmp_path / name).stat().st_size for name in files) - sum(
        _warcinfo_size(tmp_path / name) for name in files)
    # every capture is read back from whichever part holds it, and the parts replay the whole crawl
    for row in db.query("SELECT * FROM captures WHERE record_type = 'response'"):
        assert read_payload(db, tmp_path, latest_capture(db, row["url"])).status == row["http_status"]
    replay, replay_base = serve_mirror(WarcSource([tmp_path / "warc"]))
    try:
        crawl(tmp_path / "replayed.sqlite", replay_base, "WARC_ENABLED=0")
        assert sorted(set(replay.urls_fetched())) == sorted(set(fetched))
    finally:
        replay.stop()


def _warcinfo_size(path: Path) -> int:
    """Bytes of the first gzip member (the warcinfo record), which ``warc/bytes`` does not count."""
    import zlib

    data = path.read_bytes()
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    inflate.decompress(data)
    return len(data) - len(inflate.unused_data)


def archive_cli(*args: str, **kwargs) -> subprocess.Popen | subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from crawler.cli import run; run()", *args]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if kwargs.get("background"):
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_archive_mirror_warc_replays_a_demo_crawl_with_the_real_spider(tmp_path):
    from crawler.demo import MIRROR_FOLDER
    from crawler.replay.mirror import FolderSource

    first_db, replay_db = tmp_path / "first" / "archive.sqlite", tmp_path / "replay" / "archive.sqlite"
    server, base = serve_mirror(FolderSource(MIRROR_FOLDER))
    try:
        done = archive_cli("crawl", "bdk", "--mirror", base, "--db", str(first_db))
        assert done.returncode == 0, done.stderr
    finally:
        server.stop()
    mirror = archive_cli("mirror", "--warc", str(first_db.parent / "warc"), "--port", "0", background=True)
    try:
        line = mirror.stdout.readline()
        assert "URLs from 1 WARC files at http://127.0.0.1:" in line, line + mirror.stderr.read()
        replay_base = line.split(" at ")[1].split()[0]
        done = archive_cli("crawl", "bdk", "--mirror", replay_base, "--db", str(replay_db))
        assert done.returncode == 0, done.stderr
    finally:
        mirror.terminate()
        mirror.wait(timeout=10)
    articles = "SELECT url, content_hash FROM articles ORDER BY url"
    first = list(open_archive(first_db).execute(articles))
    profiles = open_archive(first_db).execute("SELECT DISTINCT site, profile FROM captures").fetchall()
    assert profiles == [("bdk", "bdk")]  # what re-extraction hands the extractor, as the crawl did
    assert len(first) == 6 and list(open_archive(replay_db).execute(articles)) == first


class SlowSource(SiteSource):
    """The same site, with many pages, each answered slowly: time to kill the crawl half-way."""

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        if path.startswith("/trang-"):
            time.sleep(0.05)
            n = int(path.split("-")[1])
            links = f"<a href='/trang-{n + 1}-a{n + 1}.html'>tiếp</a>" if n < 400 else ""
            return MirrorResponse(200, {"Content-Type": HTML}, f"<p>Trang {n}</p>{links}".encode() * 50)
        if (path, query) == ("/thoi-su", ""):
            return MirrorResponse(200, {"Content-Type": HTML}, b"<a href='/trang-1-a1.html'>1</a>")
        return super().lookup(host, path, query)


def test_a_killed_crawl_leaves_every_indexed_capture_readable(tmp_path):
    db_path = tmp_path / "archive.sqlite"
    server, base = serve_mirror(SlowSource())
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    crawl_process = subprocess.Popen(
        # every page committed at once (no batch): the kill then falls among indexed pages
        [sys.executable, str(REPO / "tests" / "helpers" / "capture_spider.py"), str(db_path), base, f"{SITE}/thoi-su",
         "ARCHIVE_COMMIT_PAGES=1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 60
        while len(server.requests) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        crawl_process.send_signal(signal.SIGKILL)  # no spider_closed: the WARC is never closed
        crawl_process.wait(timeout=10)
    finally:
        server.stop()
    assert 20 <= len(server.requests) < 400
    db = open_archive(db_path)
    captures = [Capture.from_row(r) for r in db.query("SELECT * FROM captures WHERE record_type != 'request'")]
    assert len(captures) >= 15
    for capture in captures:  # the index never points past what reached the file
        assert read_payload(db, tmp_path, capture).status is not None
    scan = WarcScan(tmp_path / captures[0].warc_file, payloads=False)
    records = list(scan)
    assert len(records) >= 2 * len(captures)  # plus the warcinfo and perhaps a pair not indexed yet
    assert scan.truncated is None or scan.truncated.offset > max(c.offset for c in captures)


def test_a_locked_archive_leaves_records_unindexed_but_capture_goes_on(tmp_path):
    """Another process holds the archive past the busy timeout: the records are written, their index
    rows wait for the spider's close (or `archive warc-index`), and capture carries on (it used to stop
    for the whole run)."""
    import scrapy
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from archive.capture_index import index_warc_file
    from archive.store import start_crawl
    from crawler.components.extensions import ArchiveSession
    from crawler.components.warc_capture import WarcCaptureMiddleware

    db_path = tmp_path / "archive.sqlite"
    session = ArchiveSession(db_path, site="bdk")
    session._db = open_archive(db_path, timeout=0.2)  # a short busy timeout for the test
    session.crawl_id = start_crawl(session.db, "bdk")
    stats = MemoryStatsCollector(get_crawler())
    mw = WarcCaptureMiddleware(session, tmp_path / "warc", stats=stats)

    def fetch(n: int) -> None:
        url = f"{SITE}/bai-{n}-a{n}.html"
        mw.process_response(Request(url), HtmlResponse(url, body=article(f"Bài {n}", "Tỉnh họp."), encoding="utf-8"))

    fetch(1)
    holder = open_archive(db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        fetch(2)
        fetch(3)
    finally:
        holder.execute("ROLLBACK")
        holder.conn.close()
    fetch(4)
    assert not mw.failed and stats.get_value("warc/unindexed") == 2
    indexed = [row[0] for row in session.db.execute("SELECT url FROM captures WHERE record_type = 'response'")]
    assert [u.rsplit("-", 1)[-1] for u in indexed] == ["a1.html", "a4.html"]
    mw.spider_closed(scrapy.Spider("bdk"))  # the archive is free again: the missing rows are added
    rows = session.db.execute("SELECT url, offset FROM captures WHERE record_type = 'response' ORDER BY offset")
    assert [u.rsplit("-", 1)[-1] for u, _ in rows] == ["a1.html", "a2.html", "a3.html", "a4.html"]
    before = session.db.execute("SELECT count(*) FROM captures").fetchone()[0]
    index_warc_file(session.db, mw.written[0], tmp_path)  # what `archive warc-index` does: nothing left
    assert session.db.execute("SELECT count(*) FROM captures").fetchone()[0] == before
    session.db.conn.close()

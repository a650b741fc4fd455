"""`archive raw`, `archive reextract`, `archive warc-check` and the WARC replay source, on written captures."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime

import pytest
from click.testing import CliRunner

from archive.store import get_article, save_article
from archive.vn_time import VN_TZ
from crawler.cli import main
from crawler.replay.decode import decode_page
from crawler.replay.mirror import serve_mirror
from crawler.replay.reextract import reextract
from crawler.replay.warc_source import WarcSource
from tests.helpers.warc import PARAGRAPHS, article_html, exchange, write_crawl

T0 = datetime(2026, 11, 19, 8, 0, 0, tzinfo=VN_TZ)
T1 = datetime(2026, 11, 20, 9, 30, 0, tzinfo=VN_TZ)
T2 = datetime(2026, 11, 21, 9, 30, 0, tzinfo=VN_TZ)
URL = "https://baodongkhoi.vn/tong-ket-13012023-a110139.html"
LISTING = "https://baodongkhoi.vn/thoi-su"
def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def captured(db, db_path):
    """Two crawls captured: the article unchanged (revisit), the listing changed; an older text stored."""
    write_crawl(db, db_path.parent, 1, [exchange(URL, article_html(), T1), exchange(LISTING, b"<p>one</p>", T1)])
    write_crawl(db, db_path.parent, 2, [exchange(URL, article_html(), T2), exchange(LISTING, b"<p>two</p>", T2)])
    # What an older extractor made of the page: a text with a boilerplate line left in.
    old = {"url": URL, "site": "bdk", "title": "Bến Tre tổng kết năm 2023",
           "text": "\n".join(PARAGRAPHS) + "\nChia sẻ bài viết"}
    save_article(db, old, crawl_id=1, now=T0)
    return db_path


def test_raw_prints_the_latest_capture_or_the_one_at_a_date(captured):
    db = str(captured)
    latest = run("raw", LISTING, "--db", db)
    assert latest.exit_code == 0 and latest.output.strip() == "<p>two</p>"
    older = run("raw", LISTING, "--at", "2026-11-20", "--db", db)
    assert older.output.strip() == "<p>one</p>"
    article = run("raw", URL, "--db", db, "--headers")  # a revisit: its own headers, the original's body
    assert "# revisit 2026-11-21T09:30:00+07:00" in article.output and "HTTP 200" in article.output
    assert "chuyển đổi số" in article.output


def test_raw_one_line_errors(captured):
    db = str(captured)
    missing = CliRunner().invoke(main, ["raw", "https://baodongkhoi.vn/khong-co", "--db", db])
    assert missing.exit_code == 2 and "no capture of" in missing.output
    too_early = CliRunner().invoke(main, ["raw", LISTING, "--at", "2026-11-01", "--db", db])
    assert too_early.exit_code == 2 and "at or before 2026-11-01" in too_early.output
    bad = CliRunner().invoke(main, ["raw", LISTING, "--at", "20-11-2026", "--db", db])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_reextract_turns_a_changed_text_into_a_reextract_version(captured, db):
    result = run("reextract", "--db", str(captured))
    assert result.exit_code == 0, result.output
    assert "re-extracted 1 captured pages: 0 new, 1 updated" in result.output  # the listing is not an article
    article = get_article(db, URL)
    assert "Chia sẻ bài viết" not in article["text"] and "chuyển đổi số" in article["text"]
    assert [v["source"] for v in article["versions"]] == ["crawl", "reextract"]
    assert article["versions"][-1]["fetched_at"] == T2.isoformat()  # dated when the page was captured
    again = run("reextract", "--db", str(captured))
    assert "0 updated" in again.output and "1 unchanged" in again.output
    assert len(get_article(db, URL)["versions"]) == 2


def test_reextract_filters_by_site_and_capture_date(captured, db):
    assert "re-extracted 0 captured pages" in run("reextract", "--site", "bbk", "--db", str(captured)).output
    assert "re-extracted 0 captured pages" in run("reextract", "--since", "2026-11-22", "--db", str(captured)).output
    assert "1 updated" in run("reextract", "--site", "bdk", "--since", "2026-11-21", "--db", str(captured)).output


def test_reextract_recovers_an_article_never_stored(db, db_path):
    url = "https://baodongkhoi.vn/hoi-nghi-14012023-a110140.html"  # an article URL by the bdk profile
    write_crawl(db, db_path.parent, 1, [exchange(url, article_html("Một đoạn mới."), T1)])
    assert "1 new" in run("reextract", "--db", str(db_path)).output
    assert get_article(db, url)["versions"][0]["source"] == "reextract"


def test_reextract_reports_a_missing_warc_and_goes_on(captured, db):
    url = "https://baodongkhoi.vn/hoi-nghi-14012023-a110140.html"
    path = write_crawl(db, captured.parent, 3, [exchange(url, article_html(), T2)])
    path.unlink()
    result = run("reextract", "--db", str(captured))
    assert "1 unreadable" in result.output and "1 updated" in result.output
    assert "cannot read" in result.output


def test_warc_check_reports_a_truncated_file(captured):
    folder = captured.parent / "warc"
    files = sorted(folder.rglob("*.warc.gz"))
    ok = run("warc-check", str(folder))
    assert ok.exit_code == 0 and "2 WARC files, 0 truncated" in ok.output
    files[0].write_bytes(files[0].read_bytes()[:-10])
    cut = CliRunner().invoke(main, ["warc-check", str(folder)])
    assert cut.exit_code == 1 and "truncated at byte" in cut.output and "1 truncated" in cut.output


def fetch(url: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.e2e
def test_warc_source_replays_the_latest_captures(captured, db):
    write_crawl(db, captured.parent, 3, [
        exchange("http://baodongkhoi.vn/cu", b"", T2, 301, [("Location", "https://baodongkhoi.vn/moi")]),
    ])
    source = WarcSource([captured.parent / "warc"])
    assert len(source) == 3 and source.problems == []
    server, base = serve_mirror(source)
    try:
        status, body, headers = fetch(f"{base}/baodongkhoi.vn/thoi-su")
        assert (status, body) == (200, b"<p>two</p>") and headers["Content-Type"] == "text/html; charset=utf-8"
        assert fetch(f"{base}/baodongkhoi.vn/tong-ket-13012023-a110139.html")[1] == article_html()  # via revisit
        status, _, headers = fetch(f"{base}/baodongkhoi.vn/cu")
        assert status == 301 and headers["Location"] == "https://baodongkhoi.vn/moi"
        assert fetch(f"{base}/baodongkhoi.vn/khong-co")[0] == 404
    finally:
        server.stop()


def test_warc_source_reads_a_truncated_file_up_to_the_cut(captured):
    files = sorted((captured.parent / "warc").rglob("*.warc.gz"))
    files[1].write_bytes(files[1].read_bytes()[:-10])  # crawl 2 killed while writing its last record
    source = WarcSource(files)
    assert len(source.problems) == 1 and "truncated at byte" in source.problems[0]
    assert source.lookup("baodongkhoi.vn", "/thoi-su", "").body == b"<p>two</p>"


def test_reextract_applies_boilerplate_lines_and_reports_progress(captured, db):
    seen = []
    summary = reextract(db, captured.parent, boilerplate=[PARAGRAPHS[2]],
                        progress=lambda done, total, url: seen.append((done, total, url)))
    assert (summary.pages, summary.updated) == (1, 1) and seen == [(1, 1, URL)]
    text = get_article(db, URL)["text"]
    assert PARAGRAPHS[2] not in text and PARAGRAPHS[0] in text


def test_warc_index_rebuilds_the_capture_index_from_the_files(captured, db):
    columns = ("url, captured_at, record_type, payload_digest, warc_file, offset, length, http_status, crawl_id, "
               "site, profile, record_id")
    before = list(db.query(f"SELECT {columns} FROM captures ORDER BY warc_file, offset"))
    db.execute("DELETE FROM captures")
    result = run("warc-index", "--db", str(captured))
    assert result.exit_code == 0 and f"2 WARC files, {len(before)} records indexed" in result.output
    after = list(db.query(f"SELECT {columns} FROM captures ORDER BY warc_file, offset"))
    assert after == before
    assert "0 records indexed" in run("warc-index", "--db", str(captured)).output  # nothing twice


def test_warc_source_answers_an_alias_host_with_the_canonical_capture(captured):
    source = WarcSource([captured.parent / "warc"])
    found = source.lookup("amp.baodongkhoi.vn", "/thoi-su", "")  # never fetched under amp.
    assert found is not None and found.body == b"<p>two</p>"
    assert source.lookup("example.org", "/thoi-su", "") is None


def test_archive_mirror_warc_one_line_errors(tmp_path):
    missing = CliRunner().invoke(main, ["mirror", "--warc", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "no WARC file or folder" in missing.output
    empty = CliRunner().invoke(main, ["mirror", "--warc", str(tmp_path)])
    assert empty.exit_code == 2 and "no WARC files" in empty.output


def test_an_article_fetched_under_two_hosts_is_reextracted_once_from_its_latest_capture(db, db_path):
    amp = "https://amp.baodongkhoi.vn/tong-ket-13012023-a110139.html"
    write_crawl(db, db_path.parent, 1, [exchange(amp, article_html("Bản cũ qua amp."), T1)])
    write_crawl(db, db_path.parent, 2, [exchange(URL, article_html("Bản mới."), T2)])
    summary = reextract(db, db_path.parent)
    assert (summary.pages, summary.new) == (1, 1)
    article = get_article(db, URL)
    assert "Bản mới." in article["text"] and len(article["versions"]) == 1


def test_raw_finds_a_page_under_its_alias_host_or_its_archived_url(db, db_path):
    amp = "https://amp.baodongkhoi.vn/tong-ket-13012023-a110139.html"
    write_crawl(db, db_path.parent, 1, [exchange(URL, article_html(), T1)])
    assert "chuyển đổi số" in run("raw", amp, "--db", str(db_path)).output  # canonical capture
    other = "https://baodongkhoi.vn/hoi-nghi-14012023-a110140.html"
    write_crawl(db, db_path.parent, 2, [exchange(other.replace("//", "//amp."), article_html("Trang amp."), T2)])
    reextract(db, db_path.parent)
    assert "Trang amp." in run("raw", other, "--db", str(db_path)).output  # the article's fetched URL


PAGE = "<html><head>{meta}<title>Tin</title></head><body><p>{text}</p></body></html>"
VN = "Đồng Khởi – Bến Tre, ngày 5/12"
LEGACY = "Cà phê, bơ và ưu đai – “Đà”"  # only letters windows-1258 has precomposed


def _page(text: str, meta: str = "") -> str:
    return PAGE.format(meta=meta, text=text)


@pytest.mark.parametrize("body, content_type", [
    (_page(VN).encode("utf-8"), "text/html; charset=utf-8"),
    (_page(VN).encode("utf-8"), None),  # no charset anywhere: a guess
    (_page(LEGACY, '<meta charset="windows-1258">').encode("cp1258"), "text/html"),  # the page names it
    (_page(LEGACY).encode("cp1258"), "text/html; charset=windows-1258"),  # the header names it
    (_page(LEGACY).encode("cp1258"), None),  # neither: a guess that is not UTF-8
    (b"\xef\xbb\xbf" + _page(VN).encode("utf-8"), "text/html; charset=latin-1"),  # a BOM wins
    (_page(VN).encode("utf-16"), None),
])
def test_pages_are_decoded_as_scrapy_decodes_them(body, content_type):
    """`archive raw` and re-extraction decode without Scrapy (crawler/replay/decode.py), with its result."""
    from scrapy.http import TextResponse

    headers = {"Content-Type": content_type or "text/html"}
    expected = TextResponse(url="https://baodongkhoi.vn/a.html", body=body, headers=headers).text
    assert decode_page(body, content_type) == expected


def test_reextract_commits_many_pages_at_once_and_a_failure_keeps_none_of_the_open_batch(db, db_path, monkeypatch):
    """One commit a page was a fifth of the writer's CPU; the pages of a failed run are redone by the next."""
    import crawler.replay.reextract as module

    urls = [f"https://baodongkhoi.vn/bai-{n}-a{120000 + n}.html" for n in range(30)]
    write_crawl(db, db_path.parent, 1, [exchange(u, article_html(f"Đoạn riêng của bài số {n}."), T1)
                                         for n, u in enumerate(urls)])
    stored, calls = module._store, []

    def store_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 20:
            raise OSError("disk gone")
        return stored(*args, **kwargs)

    monkeypatch.setattr(module, "_store", store_then_fail)
    with pytest.raises(OSError):
        reextract(db, db_path.parent)
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)  # nothing of the open batch stays
    monkeypatch.setattr(module, "_store", stored)
    commits = []
    db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None)
    assert reextract(db, db_path.parent).new == 30  # the next run redoes them …
    db.conn.set_trace_callback(None)
    assert len(commits) == 1  # … in one commit, not 30

"""The capture index and WARC reading (archive/capture_index.py, archive/warc.py), on files written by CaptureWriter."""

from __future__ import annotations

import gzip
import json
from datetime import datetime

import pytest

from archive.capture_index import latest_capture, latest_captures, read_payload
from archive.db import SCHEMA_VERSION, schema_version
from archive.vn_time import VN_TZ, end_of_day_iso
from archive.warc import CaptureError, WarcScan, read_record_at, warc_date_to_iso
from crawler.components.warc_capture import CaptureWriter, warc_path
from tests.helpers.warc import exchange, warcio, write_crawl

T1 = datetime(2026, 11, 20, 9, 30, 0, tzinfo=VN_TZ)
T2 = datetime(2026, 11, 21, 9, 30, 0, tzinfo=VN_TZ)
ARTICLE = "https://baodongkhoi.vn/tong-ket-13012023-a110139.html"
PAGE_V1 = "<html><head><title>Tổng kết</title></head><body><p>Bản tin đầu tiên.</p></body></html>".encode()
PAGE_V2 = "<html><head><title>Tổng kết</title></head><body><p>Bản tin đã sửa.</p></body></html>".encode()


@pytest.fixture
def two_crawls(db, db_path):
    """Crawl 1 fetches an article, a listing and a redirect; crawl 2 the same, the article unchanged."""
    folder = db_path.parent
    first = write_crawl(db, folder, 1, [
        exchange(ARTICLE, PAGE_V1, T1),
        exchange("https://baodongkhoi.vn/thoi-su", b"<html>listing 1</html>", T1),
        exchange("http://baodongkhoi.vn/old", b"", T1, 301, [("Location", "https://baodongkhoi.vn/new")]),
    ])
    second = write_crawl(db, folder, 2, [
        exchange(ARTICLE, PAGE_V1, T2),
        exchange("https://baodongkhoi.vn/thoi-su", b"<html>listing 2</html>", T2),
    ])
    return folder, first, second


def test_migration_adds_the_capture_index(db):
    assert schema_version(db) == SCHEMA_VERSION
    columns = {c.name for c in db["captures"].columns}
    assert {"url", "captured_at", "record_type", "payload_digest", "warc_file", "offset", "length",
            "http_status", "crawl_id", "site"} <= columns
    indexed = {tuple(ix.columns) for ix in db["captures"].indexes}
    assert ("url", "captured_at") in indexed and ("payload_digest",) in indexed


def test_dated_path_and_index_rows(two_crawls, db):
    folder, first, second = two_crawls
    assert first.relative_to(folder).as_posix() == "warc/2026/11/20/bdk-1.warc.gz"
    rows = list(db.query("SELECT * FROM captures ORDER BY id"))
    assert [r["record_type"] for r in rows] == [
        "response", "request", "response", "request", "response", "request", "revisit", "request", "response",
        "request",
    ]
    assert {r["warc_file"] for r in rows} == {"warc/2026/11/20/bdk-1.warc.gz", "warc/2026/11/21/bdk-2.warc.gz"}
    assert rows[0]["captured_at"] == "2026-11-20T09:30:00+07:00"
    assert rows[0]["payload_digest"].startswith("sha1:") and rows[0]["http_status"] == 200
    assert {(r["site"], r["profile"], r["crawl_id"]) for r in rows} == {("bdk", "bdk", 1), ("bdk", "bdk", 2)}
    assert rows[4]["http_status"] == 301
    assert rows[6]["payload_digest"] == rows[0]["payload_digest"]  # the revisit names the payload it repeats


@pytest.mark.e2e
def test_warc_files_pass_warcio_check_and_index(two_crawls):
    _, first, second = two_crawls
    for path in (first, second):
        checked = warcio("check", "-v", str(path))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        indexed = warcio("index", "-f", "warc-type,warc-target-uri,warc-payload-digest,warc-profile", str(path))
        assert indexed.returncode == 0, indexed.stderr
        lines = [json.loads(line) for line in indexed.stdout.splitlines()]
        assert lines[0]["warc-type"] == "warcinfo"
    revisit = [x for x in map(json.loads, warcio("index", "-f", "warc-type,warc-profile", str(second))
                              .stdout.splitlines()) if x["warc-type"] == "revisit"]
    assert revisit == [{"warc-type": "revisit",
                        "warc-profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"}]


def test_revisit_refers_to_the_original_and_reads_its_body(two_crawls, db):
    folder, first, second = two_crawls
    capture = latest_capture(db, ARTICLE)
    assert capture.record_type == "revisit" and capture.crawl_id == 2
    record = read_record_at(folder / capture.warc_file, capture.offset)
    assert record.refers_to_uri == ARTICLE
    assert warc_date_to_iso(record.refers_to_date) == T1.isoformat()
    payload = read_payload(db, folder, capture)
    assert payload.body == PAGE_V1 and payload.status == 200
    assert payload.original.crawl_id == 1
    assert payload.header("content-type") == "text/html; charset=utf-8"


def test_latest_capture_at_or_before_a_day(two_crawls, db):
    folder, _, _ = two_crawls
    listing = "https://baodongkhoi.vn/thoi-su"
    assert read_payload(db, folder, latest_capture(db, listing)).body == b"<html>listing 2</html>"
    old = latest_capture(db, listing, at=end_of_day_iso(T1.date()))
    assert read_payload(db, folder, old).body == b"<html>listing 1</html>"
    assert latest_capture(db, listing, at="2026-11-19T23:59:59+07:00") is None


def test_latest_captures_one_per_url(two_crawls, db):
    urls = [c.url for c in latest_captures(db)]
    assert urls == sorted([ARTICLE, "https://baodongkhoi.vn/thoi-su"])  # the 301 is not a 200
    assert [c.url for c in latest_captures(db, since="2026-11-21T00:00:00+07:00", site="bdk")] == urls
    assert list(latest_captures(db, site="bbk")) == []


def test_a_changed_page_is_written_again(db, db_path):
    write_crawl(db, db_path.parent, 1, [exchange(ARTICLE, PAGE_V1, T1)])
    write_crawl(db, db_path.parent, 2, [exchange(ARTICLE, PAGE_V2, T2)])
    capture = latest_capture(db, ARTICLE)
    assert capture.record_type == "response"
    assert read_payload(db, db_path.parent, capture).body == PAGE_V2


def test_gzip_content_encoding_is_decoded_on_reading(db, db_path):
    encoded = gzip.compress(PAGE_V1)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Content-Length", str(len(encoded)))]
    write_crawl(db, db_path.parent, 1, [exchange(ARTICLE, encoded, T1, headers=headers)])
    payload = read_payload(db, db_path.parent, latest_capture(db, ARTICLE))
    assert payload.body == PAGE_V1
    assert payload.header("content-encoding") is None and payload.header("content-length") is None


@pytest.mark.parametrize("cut", ["mid-header", "mid-body", "gzip-trailer"])
def test_truncated_warc_is_reported_and_complete_records_still_read(db, db_path, cut):
    big = ("<p>" + "Nội dung dài. " * 3000 + "</p>").encode()
    pages = [exchange(f"https://baodongkhoi.vn/a-{i}-a{i}.html", big + bytes([i]), T1) for i in range(4)]
    path = write_crawl(db, db_path.parent, 1, pages)
    last = latest_capture(db, pages[-1].url)
    whole = path.read_bytes()
    # A crawl killed while writing the last response: its gzip member is cut short.
    at = {"mid-header": last.offset + 20, "mid-body": last.offset + last.length // 2,
          "gzip-trailer": last.offset + last.length - 3}[cut]
    path.write_bytes(whole[:at])
    scan = WarcScan(path)
    records = list(scan)
    assert scan.truncated is not None and scan.truncated.offset == last.offset
    assert scan.truncated.dropped_bytes == at - last.offset
    responses = [r for r in records if r.record_type == "response"]
    assert [r.url for r in responses] == [p.url for p in pages[:3]]
    assert all(r.body == p.body for r, p in zip(responses, pages, strict=False))
    assert "truncated at byte" in scan.report() and "complete records read" in scan.report()
    with pytest.raises(CaptureError, match="no whole record"):
        read_payload(db, db_path.parent, last)
    assert read_payload(db, db_path.parent, latest_capture(db, pages[2].url)).body == pages[2].body


def test_an_uncompressed_warc_is_scanned_and_its_cut_detected(db, db_path, tmp_path):
    path = write_crawl(db, db_path.parent, 1, [exchange(ARTICLE, PAGE_V1, T1), exchange(ARTICLE + "?x", PAGE_V2, T1)])
    plain = tmp_path / "plain.warc"
    plain.write_bytes(gzip.decompress(path.read_bytes()))
    whole = list(WarcScan(plain))
    assert [r.record_type for r in whole] == ["warcinfo", "response", "request", "response", "request"]
    assert read_record_at(plain, whole[3].offset).body == PAGE_V2
    plain.write_bytes(plain.read_bytes()[: whole[3].offset + 200])
    scan = WarcScan(plain)
    assert len(list(scan)) == 3 and scan.truncated.offset == whole[3].offset


def test_revisits_can_be_switched_off(db, db_path):
    folder = db_path.parent
    for crawl_id, at in ((1, T1), (2, T2)):
        path = warc_path(folder / "warc", "bdk", crawl_id, at)
        writer = CaptureWriter(db, folder, path, site="bdk", crawl_id=crawl_id, revisits=False)
        writer.write(exchange(ARTICLE, PAGE_V1, at))
        writer.close()
    assert [c["record_type"] for c in db.query("SELECT record_type FROM captures WHERE record_type != 'request'")] \
        == ["response", "response"]

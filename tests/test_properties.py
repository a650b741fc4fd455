"""Property-based tests (hypothesis, issue 14): any bytes in, a result or a clear refusal out.

The extractor: ``extract_article`` on arbitrary bytes, and on real pages damaged at random (cut,
NULs, bytes flipped, tags dropped), returns an ``Article`` or raises ``NotAnArticle`` / ``ExtractError``
(what the pipeline records as a failure with its reason), never anything else, within a time bound.
The importer: ``import_jsonl`` on arbitrary lines never raises; every line is loaded, blank or
reported, and the archive stays consistent.
"""

from __future__ import annotations

import io
import json
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.db import open_archive
from archive.importer import ImportLimits, import_jsonl
from crawler.extract import ExtractError, NotAnArticle, extract_article

PAGES = sorted((Path(__file__).parent / "pages").glob("*/article_*.html"))[:12]
URL = "https://baotinh.example.vn/bai-1.html"
MAX_SECONDS = 5.0  # one extraction of a page of at most a few hundred kB
MAX_PEAK_BYTES = 200 * 1024 * 1024

pytestmark = pytest.mark.e2e  # about 25 s in all

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def extract_or_refuse(body: bytes, site: str | None = None) -> str:
    started = time.monotonic()
    try:
        extract_article(body, URL, site=site)
        outcome = "article"
    except (NotAnArticle, ExtractError):
        outcome = "refused"
    assert time.monotonic() - started < MAX_SECONDS
    return outcome


@SETTINGS
@given(st.binary(max_size=20_000))
def test_any_bytes_give_an_article_or_a_refusal(body: bytes):
    extract_or_refuse(body)


@SETTINGS
@given(st.text(max_size=5_000).map(lambda t: f"<html><body><article><h1>{t[:80]}</h1><p>{t}</p></article>"))
def test_any_text_in_an_article_shell(html: str):
    extract_or_refuse(html.encode("utf-8", errors="surrogatepass"), site="generic")


damage = st.tuples(
    st.sampled_from(["cut", "nul", "flip", "drop_tags", "charset"]), st.integers(0, 10**9), st.integers(1, 200)
)


def damaged(page: bytes, how: str, where: int, size: int) -> bytes:
    at = where % max(1, len(page))
    if how == "cut":
        return page[:at]
    if how == "nul":
        return page[:at] + b"\0" * size + page[at:]
    if how == "flip":
        return page[:at] + bytes(b ^ 0xFF for b in page[at:at + size]) + page[at + size:]
    if how == "drop_tags":
        return page.replace(b"</div>", b"", size)
    return page.replace(b"utf-8", b"x-unknown-charset").replace(b"UTF-8", b"windows-1258")


@pytest.mark.skipif(not PAGES, reason="no saved article pages")
@SETTINGS
@given(st.sampled_from(PAGES or [Path("/dev/null")]), damage)
def test_damaged_real_pages(page: Path, how: tuple[str, int, int]):
    extract_or_refuse(damaged(page.read_bytes(), *how))


def test_extraction_memory_is_bounded():
    body = b"<html><body>" + b"<div>" * 50_000 + b"<p>" + "Chữ ".encode() * 100_000
    tracemalloc.start()
    try:
        extract_or_refuse(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MAX_PEAK_BYTES


lines = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.fixed_dictionaries({"url": st.sampled_from(["https://a.vn/x.html", "ftp://x", "", "https://a.vn/y"]),
                           "text": st.one_of(st.text(max_size=200), st.integers(), st.none())},
                          optional={"site": st.one_of(st.text(max_size=10), st.integers()),
                                    "published": st.text(max_size=30), "tags": st.one_of(st.lists(st.text()),
                                                                                        st.text())})
    .map(lambda d: json.dumps(d).encode()),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(lines, max_size=30))
def test_any_lines_import_or_are_reported(tmp_path: Path, raw_lines: list[bytes]):
    db = open_archive(tmp_path / f"a{time.monotonic_ns()}.sqlite")
    try:
        data = b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in raw_lines) + b"\n"
        report = import_jsonl(db, io.BytesIO(data), limits=ImportLimits(max_line_bytes=4096, max_text_chars=0,
                                                                                  max_bad_lines=0))
        nonblank = sum(1 for line in data.split(b"\n")[:-1] if line.decode("utf-8", "replace").strip("\ufeff \t"))
        assert report.loaded + report.bad_lines <= nonblank
        assert report.loaded + report.bad_lines >= nonblank - sum(1 for line in raw_lines if not line.strip())
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert articles == report.new
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        db.conn.close()

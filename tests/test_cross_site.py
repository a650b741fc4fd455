"""Issue 14, item 1: a page of one site can never overwrite another site's article.

A copy of a Báo Đồng Khởi page served from another host (two sentences changed) keeps its canonical
link; extracted with the host-less ``generic`` profile it must stay under its own URL, and
``save_article`` must never move an article to another ``site``.
"""

from __future__ import annotations

from pathlib import Path

from archive.store import get_article, save_article
from crawler.extract import extract_article
from crawler.profiles import PROFILES

PAGE = Path(__file__).parent / "pages" / "bdk" / "article_a115402.html"
REAL_URL = "https://baodongkhoi.vn/ra-quan-chien-dich-tinh-nguyen-he-nam-2023-tai-huyen-ba-tri-05062023-a115402.html"
COPY_URL = "https://copycat.example.com/tin/a115402.html"


def forged_copy() -> bytes:
    html = PAGE.read_text(encoding="utf-8")
    text = extract_article(html, REAL_URL, site="bdk").text
    first = text.splitlines()[1]
    return html.replace(first[:40], "Nội dung đã bị sửa bởi trang sao chép. " + first[:40]).encode()


def test_a_copy_on_another_host_is_archived_under_its_own_url():
    article = extract_article(forged_copy(), COPY_URL, site="generic")
    assert article.canonical_url == COPY_URL


def test_a_canonical_on_the_pages_own_site_is_still_followed():
    html = PAGE.read_text(encoding="utf-8").replace(REAL_URL, "https://www.example.com.vn/bai-a1.html")
    article = extract_article(html, "https://m.example.com.vn/bai-a1.html?ref=x", site="generic")
    assert article.canonical_url == "https://www.example.com.vn/bai-a1.html"


def test_registrable_domain_follows_the_public_suffix_list():
    from crawler.profiles.base import registrable_domain

    assert registrable_domain("https://sotttt.nghean.gov.vn/x") == "nghean.gov.vn"
    assert registrable_domain("https://www.baodongkhoi.vn/") == "baodongkhoi.vn"
    assert registrable_domain("http://127.0.0.1:8080/") == "127.0.0.1"


def test_another_port_is_not_the_site():
    bdk = PROFILES["bdk"]
    assert bdk.owns("https://baodongkhoi.vn/a.html")
    assert bdk.owns("https://baodongkhoi.vn:443/a.html")
    assert not bdk.owns("https://baodongkhoi.vn:8443/a.html")
    assert not bdk.owns("http://baodongkhoi.vn:99999/a.html")


def test_save_article_never_moves_an_article_to_another_site(db):
    original = extract_article(PAGE.read_bytes(), REAL_URL, site="bdk").to_record()
    saved = save_article(db, {**original, "site": "bdk"})
    claim = {**original, "site": "copycat.example.com", "fetched_url": COPY_URL,
             "text": original["text"] + "\nMột câu thêm vào bởi trang sao chép."}
    result = save_article(db, claim)
    assert result.status == "new" and result.article_id != saved.article_id
    kept = get_article(db, saved.article_id)
    assert kept["site"] == "bdk" and kept["text"] == saved_text(db, saved.article_id)
    assert len(kept["versions"]) == 1
    assert get_article(db, result.article_id)["url"] == COPY_URL


def saved_text(db, article_id: int) -> str:
    return db.execute("SELECT text FROM article_versions WHERE article_id = ? ORDER BY id LIMIT 1",
                      [article_id]).fetchone()[0]


def test_an_import_never_moves_an_article_to_another_site(db, tmp_path):
    import json

    from archive.importer import import_jsonl

    original = extract_article(PAGE.read_bytes(), REAL_URL, site="bdk").to_record()
    save_article(db, {**original, "site": "bdk"})
    lines = tmp_path / "in.jsonl"
    lines.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in [
        {"url": REAL_URL, "site": "copycat", "text": "Văn bản khác hẳn của trang sao chép. " * 5},
        {"url": REAL_URL, "text": original["text"] + "\nĐính chính."},  # no site: the archived article's own
    ]) + "\n", encoding="utf-8")
    report = import_jsonl(db, lines)
    assert report.bad_lines == 1 and "site bdk" in report.errors[0][1]
    assert report.updated == 1
    assert db.execute("SELECT site FROM articles WHERE url = ?", [REAL_URL]).fetchone()[0] == "bdk"


def test_a_site_started_on_a_port_owns_that_port_only():
    from crawler.spiders.generic import generic_profile

    profile = generic_profile("http://127.0.0.1:8080/tin", r"/bai-\d+")
    assert profile.owns("http://127.0.0.1:8080/bai-1.html")
    assert not profile.owns("http://127.0.0.1:8081/bai-1.html")

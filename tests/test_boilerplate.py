"""Learned boilerplate: lines recurring verbatim across a site's stored articles are learned,
kept in the archive, and given to the extractor; real sentences are not."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.boilerplate import (
    MIN_SAMPLE,
    forget_boilerplate,
    learn_boilerplate,
    list_boilerplate,
    load_boilerplate,
)
from archive.db import SCHEMA_VERSION, open_archive, schema_version
from archive.store import save_article
from archive.vn_time import VN_TZ
from crawler.cli import main
from crawler.extract import extract_article

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=VN_TZ)
FOOTER = "Ghi rõ nguồn Báo Đồng Khởi khi phát hành lại thông tin từ website này."
BOX = "Đọc tiếp các tin cùng chuyên mục"
SERIES = "Đây là bài thứ hai trong loạt bài về chuyển đổi số ở nông thôn Bến Tre."
CAPTION = "Quang cảnh hội nghị."
LONG = ("Bài viết được thực hiện trong khuôn khổ chương trình phối hợp tuyên truyền giữa báo và các sở, ngành "
        "của tỉnh nhằm giới thiệu những mô hình hay, cách làm hiệu quả trong phát triển kinh tế - xã hội, "
        "xây dựng nông thôn mới và chuyển đổi số ở các địa phương trên địa bàn tỉnh.")
BBK_FOOTER = "Bản quyền thuộc về Báo Bắc Kạn điện tử."


def _article(site: str, i: int, *, extra: list[str], captions: list[str] = ()) -> dict:
    lead = f"BDK.VN - Ngày {i % 28 + 1}-3, xã {i} tổ chức hội nghị số {i} về phát triển kinh tế địa phương."
    body = [f"Đoạn {i}-{k}: nội dung riêng của bài {i}, với số liệu {i * 37 + k} và ý kiến của người dân."
            for k in range(3)]
    return {
        "url": f"https://example.{site}.vn/bai-{i}-a{1000 + i}.html",
        "site": site,
        "title": f"Bài số {i} của {site}",
        "lead": lead,
        "text": "\n".join([lead, *body[:2], *captions, body[2], *extra]),
        "captions": list(captions),
    }


def populate(db, site: str = "bdk", n: int = 40) -> None:
    """``n`` articles: the footer in 30 of 40, a box heading in 12, a series sentence in 2, a common
    caption in 15, a long disclaimer paragraph in 30."""
    for i in range(n):
        extra = []
        if i % 4 != 0:  # 30 of 40
            extra += [FOOTER, LONG]
        if i % 10 < 3:  # 12 of 40
            extra.append(BOX)
        if i in (7, 8):
            extra.insert(0, SERIES)
        captions = [CAPTION] if i % 8 < 3 else []  # 15 of 40
        save_article(db, _article(site, i, extra=extra, captions=captions), now=T0 + timedelta(minutes=i))


@pytest.fixture(scope="module")
def learned_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("boilerplate") / "archive.sqlite"
    db = open_archive(path)
    populate(db, "bdk")
    for i in range(40):
        save_article(db, _article("bbk", i + 1000, extra=[BBK_FOOTER]), now=T0)  # own bodies: not copies of bdk
    learned = learn_boilerplate(db, "bdk", now=T0 + timedelta(days=1))
    yield db, path, learned
    db.conn.close()


def test_migration_creates_the_table(learned_db):
    db, _, _ = learned_db
    assert schema_version(db) == SCHEMA_VERSION
    assert db["site_boilerplate"].pks == ["site", "line"]


def test_a_footer_in_30_of_40_articles_is_learned(learned_db):
    db, _, learned = learned_db
    assert FOOTER in learned
    assert FOOTER in load_boilerplate(db, "bdk")
    row = next(r for r in list_boilerplate(db, "bdk") if r.line == FOOTER)
    assert (row.articles, row.share) == (30, 0.75)
    assert row.learned_at == "2024-03-02T08:00:00+07:00"


def test_a_box_heading_in_12_of_40_is_learned(learned_db):
    _, _, learned = learned_db
    assert BOX in learned  # 30 %: above the share threshold and the absolute count


def test_a_sentence_shared_by_two_articles_is_not_learned(learned_db):
    db, _, learned = learned_db
    assert SERIES not in learned and SERIES not in load_boilerplate(db, "bdk")


def test_a_common_caption_and_a_long_paragraph_are_not_learned(learned_db):
    db, _, learned = learned_db
    assert CAPTION not in learned  # occurs in 15 of 40, but as each article's own caption
    assert LONG not in learned  # recurs in 30 of 40, but it is a paragraph, not a template line
    assert not any(line.startswith("BDK.VN - ") for line in learned)  # leads differ per article


def test_sites_are_learned_separately(learned_db):
    db, _, _ = learned_db
    assert BBK_FOOTER not in load_boilerplate(db, "bdk")
    assert load_boilerplate(db, "bbk") == frozenset()  # not learned yet
    assert learn_boilerplate(db, "bbk", now=T0) == [BBK_FOOTER]


def test_an_unseen_site_learns_nothing(learned_db):
    db, _, _ = learned_db
    assert learn_boilerplate(db, "so_nghean", now=T0) == []
    assert load_boilerplate(db, "so_nghean") == frozenset()


def test_too_few_articles_learn_nothing(tmp_path: Path):
    db = open_archive(tmp_path / "a.sqlite")
    for i in range(MIN_SAMPLE - 1):
        save_article(db, _article("bdk", i, extra=[FOOTER]), now=T0)
    assert learn_boilerplate(db, "bdk", now=T0) == []


def test_the_list_survives_reopening(learned_db):
    db, path, learned = learned_db
    again = open_archive(path)
    try:
        assert load_boilerplate(again, "bdk") == frozenset(learned) == load_boilerplate(db, "bdk")
    finally:
        again.conn.close()


def test_relearning_keeps_lines_the_extractor_now_removes(tmp_path: Path):
    db = open_archive(tmp_path / "a.sqlite")
    populate(db)
    assert FOOTER in learn_boilerplate(db, "bdk", now=T0)
    # 60 newer articles extracted with the list applied: the footer no longer reaches the text
    for i in range(100, 160):
        save_article(db, _article("bdk", i, extra=[]), now=T0 + timedelta(days=2, minutes=i))
    assert FOOTER not in learn_boilerplate(db, "bdk", sample=60, now=T0 + timedelta(days=3))
    assert FOOTER in load_boilerplate(db, "bdk")
    assert forget_boilerplate(db, "bdk", FOOTER) and FOOTER not in load_boilerplate(db, "bdk")


def test_the_extractor_drops_learned_lines(learned_db):
    db, _, _ = learned_db
    paragraphs = [f"Câu {k} của bài báo thử nghiệm có nội dung đầy đủ về hoạt động của tỉnh trong năm 2024."
                  for k in range(6)]
    html = ("<html><head><title>Bài thử</title></head><body><article><h1>Bài thử</h1>"
            + "".join(f"<p>{p}</p>" for p in [*paragraphs, FOOTER]) + "</article></body></html>")
    url = "https://baodongkhoi.vn/bai-thu-01032024-a130001.html"
    assert FOOTER not in extract_article(html, url, site="bdk", boilerplate=load_boilerplate(db, "bdk")).text


# --- command line ------------------------------------------------------------------------------

def test_cli_learns_and_lists(tmp_path: Path):
    path = tmp_path / "a.sqlite"
    db = open_archive(path)
    populate(db)
    db.conn.close()
    runner = CliRunner()
    result = runner.invoke(main, ["boilerplate", "--db", str(path)])
    assert result.exit_code == 0 and "No learned boilerplate yet" in result.output
    result = runner.invoke(main, ["boilerplate", "--learn", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "bdk: 2 line(s)" in result.output and FOOTER in result.output and SERIES not in result.output
    result = runner.invoke(main, ["boilerplate", "--site", "bdk", "--json", "--db", str(path)])
    rows = json.loads(result.output)
    assert {r["line"] for r in rows} == {FOOTER, BOX} and all(r["site"] == "bdk" for r in rows)
    result = runner.invoke(main, ["boilerplate", "--site", "bdk", "--forget", BOX, "--db", str(path)])
    assert result.exit_code == 0 and BOX not in runner.invoke(main, ["boilerplate", "--db", str(path)]).output


def test_cli_user_mistakes_are_one_line(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["boilerplate", "--db", str(tmp_path / "missing.sqlite")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    path = tmp_path / "a.sqlite"
    open_archive(path).conn.close()
    result = runner.invoke(main, ["boilerplate", "--forget", "x", "--db", str(path)])
    assert result.exit_code == 2 and "--forget needs --site" in result.output
    result = runner.invoke(main, ["boilerplate", "--site", "bdk", "--forget", "x", "--db", str(path)])
    assert result.exit_code == 2 and "no learned line" in result.output

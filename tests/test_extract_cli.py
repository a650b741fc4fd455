"""``archive extract``: JSON with exactly the article keys, JSON Lines for a folder, exit codes 0/3/2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main
from crawler.extract.article import ARTICLE_KEYS
from tests.conftest import REPO

ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị chuyển đổi số - Báo Đồng Khởi</title>
<meta property="og:type" content="article"><meta property="og:title" content="Hội nghị chuyển đổi số năm 2023">
<link rel="canonical" href="https://baodongkhoi.vn/hoi-nghi-chuyen-doi-so-13012023-a110139.html">
</head><body><div id="content"><span class="pubdate">13/01/2023 - 17:18</span>
<h1 class="margintopbot10 fw700">Hội nghị chuyển đổi số năm 2023&nbsp;<span class="sprite icophoto"></span></h1>
<div id="newscontents"><div class="content-fck">
<p><strong>BDK.VN</strong> -&nbsp;Ngày 13-1-2023, Sở Thông tin và Truyền thông tổ chức hội nghị chuyển đổi số.</p>
<p>Kết quả báo cáo cho thấy, trong năm 2022, Sở đã thực hiện tốt nhiệm vụ chuyên môn của ngành trên nhiều lĩnh vực
quan trọng, đạt và vượt các chỉ tiêu được giao.</p>
<p style="text-align: right;"><strong>Tin, ảnh: Thanh Đồng</strong></p>
</div></div><div id="linkshare"><b>Chia sẻ bài viết</b></div><div id="comment"><b>BÌNH LUẬN</b></div>
</div></body></html>"""
LISTING = "<html><body>" + "".join(
    f'<h3><a href="https://baodongkhoi.vn/tin-so-{i}-a{i}.html">Tin tức thời sự số {i} trong ngày hôm nay</a></h3>'
    for i in range(10)
) + "</body></html>"
URL = "https://baodongkhoi.vn/hoi-nghi-chuyen-doi-so-13012023-a110139.html"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_one_page_prints_exactly_the_article_keys(runner, tmp_path: Path):
    page = tmp_path / "a110139.html"
    page.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["extract", str(page), "--url", URL])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert tuple(data) == ARTICLE_KEYS
    assert data["site"] == "bdk"
    assert data["published"] == "2023-01-13T17:18:00+07:00"
    assert data["author"] == "Thanh Đồng"
    assert data["text"].startswith("BDK.VN - Ngày 13-1-2023")
    assert "Chia sẻ" not in data["text"] and "Tin, ảnh" not in data["text"]
    assert "Hội nghị chuyển đổi số năm 2023" not in data["text"]
    assert "ệ" in result.stdout  # ensure_ascii=False


def test_stdin_and_folder(runner, tmp_path: Path):
    result = runner.invoke(main, ["extract", "-", "--url", URL], input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Hội nghị chuyển đổi số năm 2023"
    (tmp_path / "a.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.html").write_text(ARTICLE.replace("a110139", "a110140"), encoding="utf-8")
    (tmp_path / "listing.html").write_text(LISTING, encoding="utf-8")
    result = runner.invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["url"] for d in lines] == [URL, URL.replace("a110139", "a110140")]  # from the canonical link
    assert "listing.html" in result.stderr and "not an article" in result.stderr


def test_not_an_article_exits_3_with_one_line(runner, tmp_path: Path):
    page = tmp_path / "listing.html"
    page.write_text(LISTING, encoding="utf-8")
    result = runner.invoke(main, ["extract", str(page), "--url", "https://baodongkhoi.vn/thoi-su"])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("not an article: listing page") and result.stderr.count("\n") == 1


def test_bad_input_exits_2(runner, tmp_path: Path):
    assert runner.invoke(main, ["extract", str(tmp_path / "missing.html"), "--url", URL]).exit_code == 2
    page = tmp_path / "a.html"
    page.write_text(ARTICLE, encoding="utf-8")
    assert runner.invoke(main, ["extract", str(page), "--url", URL, "--site", "nope"]).exit_code == 2
    assert runner.invoke(main, ["extract", str(page)]).exit_code == 2  # --url is required for one page
    garbage = tmp_path / "garbage.html"  # (UTF-16 with a BOM is decoded now, as browsers do: issue 14 item 6)
    garbage.write_bytes(ARTICLE.encode("utf-8").replace(b"<p>", b"<p>\xff\xfe\xc3\x28\xa0\xa1"))
    result = runner.invoke(main, ["extract", str(garbage), "--url", URL])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_generic_path_prints_a_note(runner, tmp_path: Path):
    page = tmp_path / "renamed.html"
    page.write_text(ARTICLE.replace("newscontents", "noidung").replace("content-fck", "bai-viet"), encoding="utf-8")
    result = runner.invoke(main, ["extract", str(page), "--url", URL])
    assert result.exit_code == 0, result.output
    assert "generic extraction used" in result.stderr
    assert json.loads(result.stdout)["author"] == "Thanh Đồng"


@pytest.mark.e2e
def test_console_script_in_a_subprocess(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", "from crawler.cli import run; run()", "extract", str(page),
                           "--url", URL], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["author"] == "Thanh Đồng"


def test_db_option_drops_the_lines_learned_for_the_site(runner, tmp_path: Path):
    """End to end: 25 stored BDK articles share a footer line; once learned, ``--db`` drops it."""
    from datetime import datetime

    from archive.boilerplate import learn_boilerplate
    from archive.db import open_archive
    from archive.store import save_article
    from archive.vn_time import VN_TZ
    from crawler.extract import extract_article

    footer = "Mời bạn đọc gửi tin bài về hộp thư toasoan@baodongkhoi.vn để được đăng tải."
    page = ARTICLE.replace('<p style="text-align: right;">', f"<p>{footer}</p>\n<p style=\"text-align: right;\">")
    db_path = tmp_path / "archive.sqlite"
    db = open_archive(db_path)
    now = datetime(2024, 1, 1, 8, 0, tzinfo=VN_TZ)
    for i in range(25):
        url = URL.replace("a110139", f"a{110000 + i}")
        record = extract_article(page.replace("chuyển đổi số.", f"chuyển đổi số lần {i}."), url).to_record()
        # Distinct stories (not copies of one another, which the learner would skip as duplicates).
        words = ["lúa", "cá", "dừa", "cầu", "đường", "trường", "chợ", "điện", "nước", "rừng", "biển", "nhà"]
        story = " ".join(words[(i * 7 + k * k) % len(words)] + str(i * 13 + k) for k in range(60))
        record["text"] = "\n".join([story, footer])
        save_article(db, record, now=now)
    assert footer in learn_boilerplate(db, "bdk", now=now)
    db.conn.close()
    source = tmp_path / "a.html"
    source.write_text(page, encoding="utf-8")
    plain = json.loads(runner.invoke(main, ["extract", str(source), "--url", URL]).stdout)
    assert footer in plain["text"].split("\n")
    result = runner.invoke(main, ["extract", str(source), "--url", URL, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert footer not in json.loads(result.stdout)["text"]
    missing = runner.invoke(main, ["extract", str(source), "--url", URL, "--db", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2

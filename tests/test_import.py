"""``archive import`` / ``archive.importer.import_jsonl`` on real files and a real archive."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.importer import import_jsonl
from crawler.cli import main
from tests.helpers import dedup_texts as T

T0 = datetime.fromisoformat("2024-03-20T09:00:00+07:00")
REPO = Path(__file__).resolve().parent.parent


def line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


def good_lines() -> list[str]:
    return [
        line(url="https://baobackan.vn/nong-thon-moi-post1.html", canonical_url="https://baobackan.vn/ntm-post1.html",
             site="bbk", title="Hội nghị nông thôn mới", published="2024-03-12T10:00:00+07:00", modified=None,
             author="Hoàng Nam", lead=None, text=T.ARTICLE, captions=["Quang cảnh hội nghị."],
             images=[{"src": "https://baobackan.vn/a.jpg", "caption": "Quang cảnh"}], category="Thời sự",
             tags=["nông thôn mới"], language="vi"),
        line(url="https://baonghean.vn/ntm-a2.html", text=T.with_prefix("(Baonghean.vn) - "), published="2024-03-13"),
        line(url="https://baobackan.vn/tong-ket-post2.html", text=T.SAME_SUBJECT),
    ]


def test_loads_articles_and_deduplicates(db, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(good_lines()) + "\n", encoding="utf-8")
    report = import_jsonl(db, path, now=T0)
    assert (report.new, report.updated, report.unchanged, report.duplicates, report.errors) == (3, 0, 0, 1, [])
    rows = db.execute("SELECT url, site, duplicate_of, extraction, first_seen_at FROM articles ORDER BY id").fetchall()
    assert rows == [
        ("https://baobackan.vn/ntm-post1.html", "bbk", None, "import", "2024-03-20T09:00:00+07:00"),
        ("https://baonghean.vn/ntm-a2.html", "baonghean.vn", 1, "import", "2024-03-20T09:00:00+07:00"),
        ("https://baobackan.vn/tong-ket-post2.html", "baobackan.vn", None, "import", "2024-03-20T09:00:00+07:00"),
    ]
    first = db.execute("SELECT tags, images, author, published_date FROM articles WHERE id = 1").fetchone()
    assert json.loads(first[0]) == ["nông thôn mới"] and json.loads(first[1])[0]["caption"] == "Quang cảnh"
    assert first[2:] == ("Hoàng Nam", "2024-03-12")
    assert db.execute("SELECT DISTINCT source FROM article_versions").fetchall() == [("import",)]
    again = import_jsonl(db, path, now=T0)
    assert (again.new, again.unchanged, again.duplicates) == (0, 3, 0)


def test_bad_lines_are_reported_by_number_and_skipped(db):
    lines = [
        good_lines()[0],
        "{not json",
        "",
        "[1, 2]",
        line(text="Không có url"),
        line(url="https://a.vn/1"),
        line(url="https://a.vn/2", text="   "),
        line(url="ftp://a.vn/3", text="Bài viết"),
        line(url="https://a.vn/4", text="Bài viết", published="13/01/2023"),
        line(url="https://a.vn/5", text="Bài viết", tags="một thẻ"),
        line(url="https://a.vn/6", text="Bài viết", title=12),
        good_lines()[2],
    ]
    report = import_jsonl(db, io.StringIO("\n".join(lines)), now=T0)
    assert report.new == 2
    assert [n for n, _ in report.errors] == [2, 4, 5, 6, 7, 8, 9, 10, 11]
    messages = dict(report.errors)
    assert messages[2].startswith("invalid JSON")
    assert messages[4] == "expected a JSON object, got list"
    assert messages[5] == "missing url" and messages[6] == "missing text"
    assert "ISO 8601" in messages[9] and "tags" in messages[10] and "title" in messages[11]
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_binary_input_with_a_broken_line_and_a_bom(db):
    data = ("\ufeff" + good_lines()[1] + "\n").encode() + b'{"url": "https://a.vn/x", "text": "\xff\xfe"}\n'
    data += (good_lines()[2] + "\n").encode()
    report = import_jsonl(db, io.BytesIO(data), now=T0)
    assert report.new == 2 and [n for n, _ in report.errors] == [2] and "UTF-8" in report.errors[0][1]


def test_an_update_is_counted_and_versioned(db):
    import_jsonl(db, io.StringIO(good_lines()[1]), now=T0)
    changed = line(url="https://baonghean.vn/ntm-a2.html", text=T.paragraph_added(), published="2024-03-13")
    report = import_jsonl(db, io.StringIO(changed), now=T0)
    assert (report.updated, report.new) == (1, 0)
    assert db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 2


def test_an_export_keeps_when_articles_were_seen(db):
    exported = line(url="https://baonghean.vn/ntm-a2.html", fetched_url="https://m.baonghean.vn/ntm-a2.html",
                    text=T.ARTICLE, first_seen_at="2024-03-12T11:00:00+07:00",
                    last_seen_at="2024-06-30T22:00:00+07:00", cluster_id=7, duplicate_of=3, id=9)
    bad = line(url="https://a.vn/x", text="Bài", last_seen_at="hôm qua")
    report = import_jsonl(db, io.StringIO(exported + "\n" + bad), now=T0)
    assert report.new == 1 and report.errors == [(2, "last_seen_at is not an ISO 8601 timestamp")]
    row = db.execute("SELECT id, fetched_url, first_seen_at, last_seen_at, cluster_id, duplicate_of "
                     "FROM articles").fetchone()
    assert row == (1, "https://m.baonghean.vn/ntm-a2.html", "2024-03-12T11:00:00+07:00",
                   "2024-06-30T22:00:00+07:00", 1, None)  # its own cluster here, not the exported one


def test_cli_import_summary_and_exit_code(db_path, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([*good_lines(), "oops"]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(path), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "imported 3 articles: 3 new, 0 updated, 0 unchanged, 1 duplicates; 1 lines skipped" in result.output
    assert "line 4: invalid JSON" in result.output
    clean = tmp_path / "ok.jsonl"
    clean.write_text(good_lines()[0] + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["import", str(clean), "--db", str(db_path)]).exit_code == 0
    missing = CliRunner().invoke(main, ["import", str(tmp_path / "none.jsonl"), "--db", str(db_path)])
    assert missing.exit_code == 2 and "does not exist" in missing.output


@pytest.mark.e2e
def test_cli_import_from_stdin_in_a_subprocess(db_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", "from crawler.cli import run; run()", "import", "-", "--db", str(db_path)],
        input="\n".join(good_lines()), capture_output=True, text=True, env=env, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "3 new" in proc.stdout and "Traceback" not in proc.stderr

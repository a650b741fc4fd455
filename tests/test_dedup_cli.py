"""``archive dedup`` and ``archive duplicates`` through click, on a real archive file."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner

from archive.db import open_archive
from archive.store import save_article
from crawler.cli import main
from tests.helpers import dedup_texts as T

T0 = datetime.fromisoformat("2024-03-12T09:00:00+07:00")


@pytest.fixture
def archive_file(db_path):
    db = open_archive(db_path)
    rows = [("bbk", T.ARTICLE, "2024-03-12T10:00:00+07:00"), ("baonghean", T.with_prefix("(Baonghean.vn) - "),
            "2024-03-12T15:30:00+07:00"), ("bdk", T.SAME_SUBJECT, "2023-02-20"), ("so_backan", T.nfd(), "2024-03-14")]
    for n, (site, text, published) in enumerate(rows, 1):
        save_article(db, {"url": f"https://{site}.vn/bai-{n}.html", "site": site, "title": f"Bài {n}", "text": text,
                          "published": published}, now=T0)
    db.conn.close()
    return db_path


def run(*args):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def test_dedup_rebuilds_and_reports(archive_file):
    result = run("dedup", "--db", str(archive_file), "--reindex")
    assert result.exit_code == 0, result.output
    assert "4 articles: 1 clusters of duplicates, 2 duplicates (0 changed)" in result.output
    assert "4 signatures computed" in result.output
    report = json.loads(run("dedup", "--db", str(archive_file), "--json").output)
    assert (report["reused"], report["computed"], report["changed"], report["duplicates"]) == (4, 0, 0, 2)


def test_duplicates_lists_clusters_with_the_earliest_marked(archive_file):
    result = run("duplicates", "--db", str(archive_file))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "cluster 1: 3 articles (baonghean, bbk, so_backan)"
    assert lines[1].split()[:4] == ["*", "1", "2024-03-12T10:00", "bbk"]
    assert lines[-1] == "1 clusters"
    assert "bai-3.html" not in result.output  # the same-subject article is alone


def test_duplicates_json_and_filters(archive_file):
    data = json.loads(run("duplicates", "--db", str(archive_file), "--json").output)
    assert [(c["cluster_id"], [m["id"] for m in c["members"]]) for c in data] == [(1, [1, 2, 4])]
    assert [m["duplicate_of"] for m in data[0]["members"]] == [None, 1, 1]
    assert json.loads(run("duplicates", "--db", str(archive_file), "--json", "--site", "bdk").output) == []
    assert json.loads(run("duplicates", "--db", str(archive_file), "--json", "--since", "2024-03-15").output) == []
    assert run("duplicates", "--db", str(archive_file), "--since", "2024-03-14").output.startswith("cluster 1")


def test_bad_input_is_one_line_exit_2(archive_file, tmp_path):
    bad_date = run("duplicates", "--db", str(archive_file), "--since", "14/03/2024")
    assert bad_date.exit_code == 2 and "--since" in bad_date.output and "Traceback" not in bad_date.output
    missing = run("dedup", "--db", str(tmp_path / "none.sqlite"))
    assert missing.exit_code == 2 and "no archive" in missing.output

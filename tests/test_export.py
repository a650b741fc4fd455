"""``archive export``: JSONL / CSV / Parquet, filters, no overwrite, atomic, streaming memory."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tracemalloc
from datetime import date

import pytest
from click.testing import CliRunner

from archive import export
from archive.db import open_archive
from archive.export import EXPORT_FIELDS, ExportError, export_articles, export_query
from archive.filters import ArticleFilter
from archive.store import insert_articles
from crawler.cli import main
from tests.conftest import REPO
from tests.helpers.archive_samples import ARTICLES, NOW, fill_archive

# The keys `archive import` needs: those of `archive extract` plus the archive's own.
EXTRACT_KEYS = ("url", "canonical_url", "site", "title", "published", "modified", "author", "lead", "text",
                "captions", "images", "category", "tags", "language")
ARCHIVE_KEYS = ("id", "fetched_url", "first_seen_at", "last_seen_at", "cluster_id", "duplicate_of")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "archive.sqlite"
    db = open_archive(path)
    fill_archive(db)
    yield db, path
    db.conn.close()


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_has_extract_keys_and_archive_keys(sample, tmp_path):
    db, _ = sample
    result = export_articles(db, tmp_path / "all.jsonl")
    rows = read_jsonl(tmp_path / "all.jsonl")
    assert result.rows == len(rows) == len(ARTICLES)
    assert set(EXTRACT_KEYS) | set(ARCHIVE_KEYS) <= set(rows[0])
    by_url = {row["url"]: row for row in rows}
    first = by_url[ARTICLES[0]["url"]]
    assert first["canonical_url"] == first["url"] == ARTICLES[0]["url"]
    assert first["title"] == "Bến Tre đẩy mạnh chuyển đổi số trong cơ quan nhà nước"
    assert first["published"] == "2024-03-12T08:30:00+07:00"
    assert first["tags"] == ["chuyển đổi số", "Bến Tre"]  # a list, not JSON text
    assert first["first_seen_at"] == "2024-06-30T22:00:00+07:00"
    copy = by_url[ARTICLES[6]["url"]]
    assert copy["duplicate_of"] == first["id"] and copy["cluster_id"] == first["id"]
    # Chronological: undated first, then by published date.
    assert [r["published"] for r in rows][0] is None
    dated = [r["published"][:10] for r in rows[1:]]
    assert dated == sorted(dated)
    # Raw UTF-8, not \u escapes.
    assert "Đồng Khởi" in (tmp_path / "all.jsonl").read_text(encoding="utf-8")


def test_filters_and_fields(sample, tmp_path):
    db, _ = sample
    out = tmp_path / "f.jsonl"
    where = ArticleFilter(sites=("bdk", "baonghean"), since=date(2024, 3, 1), until=date(2024, 4, 30), unique=True)
    export_articles(db, out, where=where, fields=["url", "title", "published"])
    rows = read_jsonl(out)
    assert [list(r) for r in rows] == [["url", "title", "published"]] * 2
    assert [r["url"] for r in rows] == [ARTICLES[0]["url"], ARTICLES[2]["url"]]
    with pytest.raises(ExportError, match="unknown field"):
        export_articles(db, tmp_path / "x.jsonl", fields=["url", "body"])


def test_date_range_uses_the_published_date_index(sample):
    db, _ = sample
    for where in (ArticleFilter(since=date(2024, 1, 1), until=date(2024, 3, 31)), ArticleFilter(sites=("bdk",))):
        sql, params = export_query(EXPORT_FIELDS, where)
        plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "USING INDEX" in plan and "published_date" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # rows stream in index order, no sort buffer


def test_csv_utf8_with_header(sample, tmp_path):
    db, _ = sample
    out = tmp_path / "a.csv"
    export_articles(db, out, fmt="csv")
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw.split(b"\n", 1)[0] + b"\n"
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    by_url = {row["url"]: row for row in rows}
    first = by_url[ARTICLES[0]["url"]]
    assert first["text"] == ARTICLES[0]["text"]  # multi-line text survives quoting
    assert json.loads(first["tags"]) == ["chuyển đổi số", "Bến Tre"]


def test_csv_for_excel_has_bom_and_crlf(sample, tmp_path):
    db, _ = sample
    out = tmp_path / "excel.csv"
    result = CliRunner().invoke(main, ["export", str(out), "--excel", "--fields", "site,title", "--db", str(sample[1])])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsite,title\r\n")
    assert raw.count(b"\r\n") == len(ARTICLES) + 1
    assert "Kỷ niệm 64 năm Ngày Đồng Khởi".encode() in raw


def test_parquet_is_readable_by_pyarrow(sample, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    db, _ = sample
    out = tmp_path / "a.parquet"
    export_articles(db, out, fmt="parquet", batch_size=3)  # several row groups
    table = pq.read_table(out)
    assert table.num_rows == len(ARTICLES)
    assert table.column_names == list(EXPORT_FIELDS)
    rows = {row["url"]: row for row in table.to_pylist()}
    first = rows[ARTICLES[0]["url"]]
    assert first["tags"] == ["chuyển đổi số", "Bến Tre"] and first["title"] == ARTICLES[0]["title"]
    assert str(table.schema.field("word_count").type) == "int64"


def test_parquet_row_groups_are_sized_by_bytes_not_by_batches(sample, tmp_path, monkeypatch):
    """The writer keeps every row group's metadata until the end: a row group per 500-row batch made the
    export's memory grow with the archive (275 MB at 1M articles against 157 MB at 10k)."""
    pq = pytest.importorskip("pyarrow.parquet")
    db, _ = sample
    export_articles(db, tmp_path / "one.parquet", fmt="parquet", batch_size=1)
    assert pq.ParquetFile(tmp_path / "one.parquet").metadata.num_row_groups == 1
    monkeypatch.setattr(export, "ROW_GROUP_BYTES", 1)  # every batch is big enough for a row group
    export_articles(db, tmp_path / "many.parquet", fmt="parquet", batch_size=2)
    many = pq.ParquetFile(tmp_path / "many.parquet")
    assert many.metadata.num_row_groups == (len(ARTICLES) + 1) // 2
    assert many.read().to_pylist() == pq.read_table(tmp_path / "one.parquet").to_pylist()


def test_refuses_to_overwrite_without_force(sample, tmp_path):
    _, path = sample
    out = tmp_path / "x.jsonl"
    out.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(out), "--db", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"Error: {out} exists; choose another name or pass --force"]
    assert out.read_text(encoding="utf-8") == "keep me"
    result = CliRunner().invoke(main, ["export", str(out), "--force", "--db", str(path)])
    assert result.exit_code == 0 and len(read_jsonl(out)) == len(ARTICLES)


def test_cli_format_from_suffix_and_bad_field(sample, tmp_path):
    _, path = sample
    result = CliRunner().invoke(main, ["export", str(tmp_path / "a.csv"), "--site", "bbk", "--db", str(path)])
    assert result.exit_code == 0 and "2 articles" in result.output
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("id,url,")
    result = CliRunner().invoke(main, ["export", str(tmp_path / "b.csv"), "--fields", "url,nope", "--db", str(path)])
    assert result.exit_code == 2 and "unknown field(s) nope" in result.output
    assert not (tmp_path / "b.csv").exists()


def test_crash_leaves_no_half_file(sample, tmp_path):
    db, _ = sample
    out = tmp_path / "crash.jsonl"

    def crash(rows: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_articles(db, out, batch_size=2, progress=crash)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_missing_pyarrow_is_one_line(sample, tmp_path):
    _, path = sample
    code = "import sys; sys.modules['pyarrow'] = None; from crawler.cli import run; sys.argv[0] = 'archive'; run()"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", code, "export", str(tmp_path / "a.parquet"), "--db", str(path)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "Error: Parquet export needs pyarrow: pip install 'vn-news-archive[parquet]' (or use --format jsonl/csv)"
    ]
    assert not (tmp_path / "a.parquet").exists()


def fill_many(db, count: int, text_chars: int) -> int:
    """``count`` generated articles of about ``text_chars`` characters, stored in one batch; returns the text
    bytes stored.  Not deduplicated: the texts are near-duplicates of each other, and looking for them (one
    by one as ``save_article`` does, or in one pass) takes a minute here, while what is measured, the export's
    memory, does not depend on the duplicate links."""
    para = "Người dân xã Phú Túc, huyện Châu Thành đẩy mạnh chuyển đổi cây trồng, nâng cao thu nhập. "
    texts = [f"Bài {i}. " + para * (text_chars // len(para)) for i in range(count)]
    insert_articles(db, ({"url": f"https://baodongkhoi.vn/bai-{i}.html", "site": "bdk", "title": f"Tin số {i}",
                          "text": text, "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"}
                         for i, text in enumerate(texts)), now=NOW)
    return sum(len(text.encode("utf-8")) for text in texts)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    db = open_archive(tmp_path_factory.mktemp("big") / "archive.sqlite")
    data_bytes = fill_many(db, 2000, 4000)
    yield db, data_bytes
    db.conn.close()


@pytest.mark.e2e
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_streams_in_bounded_memory(big, tmp_path, fmt):
    db, data_bytes = big
    assert data_bytes > 8_000_000
    tracemalloc.start()
    try:
        result = export_articles(db, tmp_path / f"big.{fmt}", fmt=fmt, batch_size=50)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.rows == 2000
    assert (tmp_path / f"big.{fmt}").stat().st_size > data_bytes
    # Holding every row needs ~1.8 x data_bytes (measured); a batch of 50 rows about 1 MB.
    assert peak < data_bytes / 4, f"peak {peak} bytes for {data_bytes} bytes of text"


def test_jsonl_round_trip_through_import(sample, tmp_path):
    importer = pytest.importorskip("archive.importer", reason="archive.importer comes with the dedup branch")
    db, _ = sample
    out = tmp_path / "all.jsonl"
    export_articles(db, out)
    fresh = open_archive(tmp_path / "fresh.sqlite")
    importer.import_jsonl(fresh, out)
    columns = ("url", "fetched_url", "site", "title", "lead", "text", "author", "published_at", "published_date",
               "modified_at", "category", "tags", "images", "captions", "language", "word_count", "content_hash",
               "first_seen_at", "last_seen_at")
    sql = f"SELECT {', '.join(columns)} FROM articles ORDER BY url"
    assert list(fresh.query(sql)) == list(db.query(sql))
    fresh.conn.close()

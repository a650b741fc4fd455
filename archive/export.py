"""Streaming export of articles (``archive export``) to JSON Lines, CSV or Parquet.

Memory stays constant whatever the archive size: one read cursor (a consistent snapshot in WAL
mode) is consumed ``batch_size`` rows at a time and each batch is written before the next is
read.  Rows come in ``published_date, id`` order, which the ``published_date`` index (or the
``site, published_date`` index for one site) gives without a sort.

The output is written to a hidden temporary file beside ``out`` and renamed at the end, so a
crash or Ctrl-C leaves no half file; an existing ``out`` is refused unless ``overwrite``.

Fields (``EXPORT_FIELDS``): the ``archive extract`` keys (``url`` is the canonical URL,
``published``, ``modified`` …) plus ``id``, ``fetched_url``, ``first_seen_at``,
``last_seen_at``, ``cluster_id``, ``duplicate_of`` and a few stored figures, so that
``archive import`` can read a JSONL export back.  In JSONL, ``tags``, ``captions`` and
``images`` are lists; in CSV they are JSON text; in Parquet ``tags`` and ``captions`` are lists
of strings and ``images`` is JSON text.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from archive.db import refuse_to_overwrite_archive
from archive.errors import ArchiveError
from archive.filters import ALL_ARTICLES, ArticleFilter

ExportFormat = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
BATCH_SIZE = 500  # rows read and written at a time: bounds memory, big enough to be fast
ROW_GROUP_BYTES = 16 * 2**20  # Parquet: Arrow data held before a row group is written (about 3,500 articles)

# Export field -> SQL expression over ``articles``.  Order = column order of CSV and Parquet.
FIELD_SQL: dict[str, str] = {
    "id": "id",
    "url": "url",
    "canonical_url": "url",
    "fetched_url": "fetched_url",
    "site": "site",
    "title": "title",
    "published": "published_at",
    "modified": "modified_at",
    "author": "author",
    "lead": "lead",
    "text": "text",
    "captions": "captions",
    "images": "images",
    "category": "category",
    "tags": "tags",
    "language": "language",
    "published_date": "published_date",
    "word_count": "word_count",
    "content_hash": "content_hash",
    "extraction": "extraction",
    "first_seen_at": "first_seen_at",
    "last_seen_at": "last_seen_at",
    "crawl_id": "crawl_id",
    "cluster_id": "cluster_id",
    "duplicate_of": "duplicate_of",
}
EXPORT_FIELDS: tuple[str, ...] = tuple(FIELD_SQL)
LIST_FIELDS = ("captions", "images", "tags")  # stored as JSON text
INTEGER_FIELDS = ("id", "word_count", "crawl_id", "cluster_id", "duplicate_of")


class ExportError(ArchiveError):
    """The export cannot be written (file exists, unknown field, missing pyarrow …)."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def check_fields(fields: Sequence[str] | None) -> tuple[str, ...]:
    """The fields to write, in the order asked; all of them when ``fields`` is empty."""
    if not fields:
        return EXPORT_FIELDS
    unknown = [f for f in fields if f not in FIELD_SQL]
    if unknown:
        raise ExportError(f"unknown field(s) {', '.join(unknown)}; choose from {', '.join(EXPORT_FIELDS)}")
    return tuple(dict.fromkeys(fields))


def count_articles(db: sqlite_utils.Database, where: ArticleFilter) -> int:
    condition, params = where.where()
    return db.execute(f"SELECT count(*) FROM articles WHERE {condition}", params).fetchone()[0]


def export_query(fields: Sequence[str], where: ArticleFilter) -> tuple[str, list[Any]]:
    """The SELECT that streams the export (also used by tests to check the query plan)."""
    columns = ", ".join(f"{FIELD_SQL[f]} AS {f}" for f in fields)
    condition, params = where.where()
    return f"SELECT {columns} FROM articles WHERE {condition} ORDER BY published_date, id", params


def iter_batches(
    db: sqlite_utils.Database, fields: Sequence[str], where: ArticleFilter, batch_size: int = BATCH_SIZE
) -> Iterator[list[tuple]]:
    """Rows of the export, ``batch_size`` at a time, from a single cursor."""
    sql, params = export_query(fields, where)
    cursor = db.conn.execute(sql, params)
    try:
        while batch := cursor.fetchmany(batch_size):
            yield batch
    finally:
        cursor.close()


def export_articles(
    db: sqlite_utils.Database,
    out: Path,
    *,
    fmt: ExportFormat = "jsonl",
    where: ArticleFilter = ALL_ARTICLES,
    fields: Sequence[str] | None = None,
    overwrite: bool = False,
    excel: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Write the selected articles to ``out``; returns the path and the row count.

    :param fmt: ``jsonl`` (one JSON object a line), ``csv`` (header, UTF-8) or ``parquet``.
    :param excel: CSV for Excel: UTF-8 with a byte-order mark and CRLF line ends.
    :param progress: called with the number of rows written after each batch.
    :raises ExportError: ``out`` exists (without ``overwrite``), bad field, pyarrow missing.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name")
    refuse_to_overwrite_archive(db.conn, out)
    if out.exists() and not overwrite:
        raise ExportError(f"{out} exists; choose another name or pass --force")
    names = check_fields(fields)
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    if fmt == "parquet":
        _require_pyarrow()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.part")
    try:
        rows = writer(tmp, names, iter_batches(db, names, where, batch_size), progress=progress, excel=excel)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return ExportResult(out, rows)


def _decode_lists(record: dict[str, Any]) -> dict[str, Any]:
    for key in LIST_FIELDS:
        if isinstance(record.get(key), str):
            record[key] = json.loads(record[key])
    return record


def _write_jsonl(path: Path, names, batches, *, progress, excel: bool) -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for batch in batches:
            for row in batch:
                record = _decode_lists(dict(zip(names, row, strict=True)))
                fh.write(json.dumps(record, ensure_ascii=False))
                fh.write("\n")
            rows += len(batch)
            if progress:
                progress(rows)
    return rows


def _write_csv(path: Path, names, batches, *, progress, excel: bool) -> int:
    rows = 0
    encoding, line_end = ("utf-8-sig", "\r\n") if excel else ("utf-8", "\n")
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator=line_end)
        writer.writerow(names)
        for batch in batches:
            writer.writerows(batch)
            rows += len(batch)
            if progress:
                progress(rows)
    return rows


def _require_pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise ExportError(
            "Parquet export needs pyarrow: pip install 'vn-news-archive[parquet]' (or use --format jsonl/csv)"
        ) from exc


def parquet_schema(names: Sequence[str]):
    import pyarrow as pa

    def arrow_type(name: str):
        if name in INTEGER_FIELDS:
            return pa.int64()
        if name in ("tags", "captions"):
            return pa.list_(pa.string())
        return pa.string()

    return pa.schema([(name, arrow_type(name)) for name in names])


def _write_parquet(path: Path, names, batches, *, progress, excel: bool) -> int:
    """Batches become Arrow tables at once (the Python rows are dropped); a row group is written when
    :data:`ROW_GROUP_BYTES` of them are held.  The writer keeps tens of KB of metadata per row group
    until the file is closed, so a row group per batch (500 rows) made memory grow with the archive
    (157 MB at 10,000 articles, 275 MB at 1,000,000)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(names)
    list_columns = [i for i, name in enumerate(names) if name in ("tags", "captions")]
    rows = 0
    held: list[pa.Table] = []
    held_bytes = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in batches:
            columns = [list(col) for col in zip(*batch, strict=True)]
            for i in list_columns:
                columns[i] = [json.loads(v) if v else [] for v in columns[i]]
            table = pa.Table.from_arrays(columns, schema=schema)
            held.append(table)
            held_bytes += table.nbytes
            if held_bytes >= ROW_GROUP_BYTES:
                _write_row_group(writer, held)
                held, held_bytes = [], 0
            rows += len(batch)
            if progress:
                progress(rows)
        if held:
            _write_row_group(writer, held)
    return rows


def _write_row_group(writer, tables: list) -> None:
    import pyarrow as pa

    table = pa.concat_tables(tables)
    writer.write_table(table, row_group_size=max(len(table), 1))

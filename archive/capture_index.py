"""The capture index: where each page a crawl fetched lies in the WARC files, and reading it back.

A crawl writes every response (and its request) to ``warc/YYYY/MM/DD/<site>-<crawl id>.warc.gz``
beside the archive and one row per record in the ``captures`` table: URL, capture time, record
type, payload digest, file, offset, length, HTTP status (see ``crawler/components/warc_capture.py``).

* :func:`add_capture`, :func:`latest_capture`, :func:`latest_captures`, :func:`original_capture`
  — the index;
* :func:`read_payload` — the HTTP payload of a capture, following a ``revisit`` record to the
  response it repeats;
* :func:`index_warc_file` — (re)build the index from a WARC file.

Reading the files themselves is ``archive/warc.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from archive.db import transaction
from archive.warc import PAGE_RECORDS, CaptureError, WarcScan, read_record_at

# --- the index ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capture:
    """One row of the ``captures`` table."""

    id: int
    url: str
    captured_at: str
    record_type: str
    payload_digest: str | None
    warc_file: str
    offset: int
    length: int
    http_status: int | None
    crawl_id: int | None
    site: str | None
    record_id: str | None
    profile: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Capture:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


def add_capture(
    db: sqlite_utils.Database,
    *,
    url: str,
    captured_at: str,
    record_type: str,
    warc_file: str,
    offset: int,
    length: int,
    payload_digest: str | None = None,
    http_status: int | None = None,
    crawl_id: int | None = None,
    site: str | None = None,
    record_id: str | None = None,
    profile: str | None = None,
) -> int:
    """Index one record just written (its own transaction, or the caller's); returns its id."""
    with transaction(db):
        return db.execute(
            "INSERT INTO captures (url, captured_at, record_type, payload_digest, warc_file, offset, length, "
            "http_status, crawl_id, site, record_id, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [url, captured_at, record_type, payload_digest, warc_file, offset, length,
             http_status, crawl_id, site, record_id, profile],
        ).lastrowid



def count_captures(db: sqlite_utils.Database) -> int:
    """How many records the capture index holds."""
    return db.execute("SELECT count(*) FROM captures").fetchone()[0]

def _one(db: sqlite_utils.Database, sql: str, params: list[Any]) -> Capture | None:
    rows = list(db.query(sql, params))
    return Capture.from_row(rows[0]) if rows else None


def latest_capture(db: sqlite_utils.Database, url: str, *, at: str | None = None) -> Capture | None:
    """The latest page capture (response or revisit) of ``url``, or the latest at or before ``at``.

    :param at: an ISO 8601 time at +07:00 (e.g. ``archive.vn_time.end_of_day_iso(day)``).
    """
    sql = f"SELECT * FROM captures WHERE url = ? AND record_type IN {PAGE_RECORDS}"
    params: list[Any] = [url]
    if at:
        sql += " AND captured_at <= ?"
        params.append(at)
    return _one(db, sql + " ORDER BY captured_at DESC, id DESC LIMIT 1", params)


def original_capture(db: sqlite_utils.Database, revisit: Capture, refers_to_uri: str | None = None) -> Capture | None:
    """The ``response`` a revisit repeats: same URL and payload digest, captured no later."""
    return _one(
        db,
        "SELECT * FROM captures WHERE record_type = 'response' AND url = ? AND payload_digest = ? "
        "AND captured_at <= ? ORDER BY captured_at DESC, id DESC LIMIT 1",
        [refers_to_uri or revisit.url, revisit.payload_digest, revisit.captured_at],
    )


def last_full_capture(db: sqlite_utils.Database, url: str) -> Capture | None:
    """The last ``response`` record of ``url`` (a revisit's original), which a 304 now confirms; None if none."""
    last = latest_capture(db, url)
    while last is not None and last.record_type != "response":
        last = original_capture(db, last) if last.payload_digest else None
    return last


def latest_captures(
    db: sqlite_utils.Database, *, site: str | None = None, since: str | None = None, status: int | None = 200
) -> Iterator[Capture]:
    """The latest page capture of every URL (by URL), optionally of one site, captured at or after ``since``."""
    where = [f"record_type IN {PAGE_RECORDS}"]
    params: list[Any] = []
    if site:
        where.append("site = ?")
        params.append(site)
    sql = (
        "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY url ORDER BY captured_at DESC, id DESC) AS rank "
        f"FROM captures WHERE {' AND '.join(where)}) WHERE rank = 1"
    )
    if since:
        sql += " AND captured_at >= ?"
        params.append(since)
    if status is not None:
        sql += " AND http_status = ?"
        params.append(status)
    for row in db.query(sql + " ORDER BY url", params):
        yield Capture.from_row(row)


# --- rebuilding the index from files ----------------------------------------------------------


def _warcinfo_fields(body: bytes) -> dict[str, str]:
    fields = {}
    for line in body.decode("utf-8", errors="replace").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def index_warc_file(db: sqlite_utils.Database, path: str | Path, archive_folder: str | Path) -> WarcScan:
    """Index the records of a WARC file not indexed yet (by file and offset); returns the finished scan.

    For WARC files copied from another machine, or an archive restored from an older snapshot.
    Site, crawl id and profile come from the file's ``warcinfo`` record (``isPartOf``, ``crawl-id``,
    ``profile``).  The file is read before the write lock is taken, so a crawl running meanwhile
    waits for the inserts only, not for a 1 GB scan.
    """
    path = Path(path)
    folder = Path(archive_folder)
    try:
        name = path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        name = str(path.resolve())
    known = {offset for (offset,) in db.execute("SELECT offset FROM captures WHERE warc_file = ?", [name])}
    scan = WarcScan(path, payloads=False)
    site = crawl_id = profile = None
    rows: list[dict[str, Any]] = []
    for record in scan:  # read the whole file first: the write lock is then held for the inserts only
        if record.record_type == "warcinfo":
            fields = _warcinfo_fields(record.body)
            site = fields.get("isPartOf") or None
            crawl_id = int(fields["crawl-id"]) if fields.get("crawl-id", "").isdigit() else None
            profile = fields.get("profile") or None
            continue
        if record.offset in known or not record.url:
            continue
        rows.append(dict(
            url=record.url, captured_at=record.captured_at, record_type=record.record_type,
            warc_file=name, offset=record.offset, length=record.length,
            payload_digest=record.payload_digest if record.record_type != "request" else None,
            http_status=record.http_status, crawl_id=crawl_id, site=site, record_id=record.record_id,
            profile=profile,
        ))
    with transaction(db):
        for row in rows:
            add_capture(db, **row)
    return scan


# --- a capture's payload ------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpPayload:
    """What a capture recorded: status, headers (transport headers removed), decoded body."""

    url: str
    status: int | None
    headers: list[tuple[str, str]]
    body: bytes
    capture: Capture
    original: Capture | None = None  # the response a revisit repeats

    def header(self, name: str) -> str | None:
        lower = name.lower()
        return next((value for key, value in self.headers if key.lower() == lower), None)


def read_payload(
    db: sqlite_utils.Database, archive_folder: str | Path, capture: Capture, *, warc_folder: str | Path | None = None
) -> HttpPayload:
    """The HTTP payload of ``capture``; a revisit gives its own status and headers with its original's body.

    :param archive_folder: the folder of the archive file (``warc_file`` paths are relative to it).
    :param warc_folder: when given, only files under this folder are read: a ``captures`` row naming any
        other file (``/etc/shadow``, ``../../x``) is refused (``archive raw``).
    :raises CaptureError: the record is missing or cut short, outside the WARC folder, or a revisit's
        original is not indexed.
    """
    folder = Path(archive_folder)
    allowed = Path(warc_folder) if warc_folder is not None else None
    record = read_record_at(_inside(folder, capture.warc_file, allowed), capture.offset)
    if record.record_type != "revisit":
        return HttpPayload(capture.url, record.http_status, record.http_headers, record.body, capture)
    original = original_capture(db, capture, record.refers_to_uri)
    if original is None:
        raise CaptureError(f"the revisit of {capture.url} at {capture.captured_at} refers to a response not indexed")
    body = read_record_at(_inside(folder, original.warc_file, allowed), original.offset).body
    return HttpPayload(capture.url, record.http_status, record.http_headers, body, capture, original)


def _inside(folder: Path, name: str, allowed: Path | None) -> Path:
    """``folder / name``, when it lies under ``allowed`` (links resolved; None: anywhere); else
    :class:`CaptureError`."""
    path = folder / name
    if allowed is not None and not path.resolve().is_relative_to(allowed.resolve()):
        raise CaptureError(f"refused to read {name}: not under the WARC folder {allowed}")
    return path

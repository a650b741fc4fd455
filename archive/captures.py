"""WARC captures: the index of what a crawl fetched, and reading it back from the WARC files.

A crawl writes every response (and its request) to ``warc/YYYY/MM/DD/<site>-<crawl id>.warc.gz``
beside the archive, one gzip member per record, and one row per record in the ``captures``
table: URL, capture time, record type, payload digest, file, offset, length, HTTP status.  This
module is the plain half of that (no Scrapy): the index, and the WARC reading.

* :func:`add_capture`, :func:`latest_capture`, :func:`latest_captures`, :func:`original_capture`
  — the index.
* :func:`read_record_at` — one record by file and offset (the one-seek lookup);
  :func:`read_payload` — the HTTP payload of a capture, following a ``revisit`` record to the
  response it repeats.
* :class:`WarcScan` — every complete record of a file, in order; a truncated end (a crawl killed
  while writing) stops the scan and is reported in ``scan.truncated``, the records before it are
  all read.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.dates import VN_TZ
from archive.db import transaction
from archive.errors import ArchiveError

# Record types that carry a fetched page (a revisit carries its status and headers, not its body).
PAGE_RECORDS = ("response", "revisit")
# Headers that no longer describe a payload once it is de-chunked and decoded.
_TRANSPORT_HEADERS = {"transfer-encoding", "content-length"}
_DECODED_ENCODINGS = {"gzip", "x-gzip", "deflate", "identity"}
_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"


class CaptureError(ArchiveError):
    """A capture cannot be read: its WARC file is missing, cut short, or its original is unknown."""


# --- dates --------------------------------------------------------------------------------------


def warc_date_to_iso(value: str) -> str:
    """``2026-11-22T02:11:05Z`` (WARC-Date, UTC) → ``2026-11-22T09:11:05+07:00`` (the index's form)."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def iso_to_warc_date(value: str) -> str:
    """The reverse of :func:`warc_date_to_iso`: an ISO 8601 time as a WARC-Date (UTC, to the second)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
) -> int:
    """Index one record just written (its own transaction, or the caller's); returns its id."""
    with transaction(db):
        return db.execute(
            "INSERT INTO captures (url, captured_at, record_type, payload_digest, warc_file, offset, length, "
            "http_status, crawl_id, site, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [url, captured_at, record_type, payload_digest, warc_file, offset, length,
             http_status, crawl_id, site, record_id],
        ).lastrowid


def _one(db: sqlite_utils.Database, sql: str, params: list[Any]) -> Capture | None:
    rows = list(db.query(sql, params))
    return Capture.from_row(rows[0]) if rows else None


def latest_capture(db: sqlite_utils.Database, url: str, *, at: str | None = None) -> Capture | None:
    """The latest page capture (response or revisit) of ``url``, or the latest at or before ``at``.

    :param at: an ISO 8601 time at +07:00 (e.g. ``archive.dates.end_of_day_iso(day)``).
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


def count_latest_captures(db: sqlite_utils.Database, **filters: Any) -> int:
    return sum(1 for _ in latest_captures(db, **filters))


# --- reading WARC records -----------------------------------------------------------------------


@dataclass
class WarcRecord:
    """One record read from a WARC file; ``body`` is the HTTP payload, de-chunked and decoded."""

    offset: int
    length: int
    record_type: str
    url: str
    date: str  # WARC-Date as written (UTC)
    record_id: str | None
    payload_digest: str | None
    refers_to_uri: str | None = None
    refers_to_date: str | None = None
    http_status: int | None = None
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @property
    def captured_at(self) -> str:
        return warc_date_to_iso(self.date)


class _Incomplete(Exception):
    """The bytes at ``offset`` do not hold a whole record."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


def _content_length(head: bytes, offset: int) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                break
    raise _Incomplete(offset, "record without a valid Content-Length")


def _check_whole(data: bytes, offset: int) -> None:
    """Raise unless ``data`` (an uncompressed record) holds its headers and its whole block."""
    end = data.find(b"\r\n\r\n")
    if not data.startswith(b"WARC/") or end < 0:
        raise _Incomplete(offset, "incomplete record headers")
    if len(data) < end + 4 + _content_length(data[:end], offset):
        raise _Incomplete(offset, "record cut short")


def _read_member(fh: io.BufferedReader, offset: int) -> tuple[bytes, int]:
    """Decompress the gzip member at the file position; returns (data, compressed length)."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    parts = []
    try:
        while not inflater.eof:
            chunk = fh.read(_CHUNK)
            if not chunk:
                raise _Incomplete(offset, "incomplete gzip member")
            parts.append(inflater.decompress(chunk))
    except zlib.error as exc:
        raise _Incomplete(offset, f"corrupt gzip data ({exc})") from exc
    if inflater.unused_data:
        fh.seek(-len(inflater.unused_data), io.SEEK_CUR)
    return b"".join(parts), fh.tell() - offset


def _read_plain(fh: io.BufferedReader, offset: int) -> tuple[bytes, int]:
    """Read the uncompressed record at the file position; returns (data, length with its trailer)."""
    lines = []
    while True:
        line = fh.readline()
        if not line:
            raise _Incomplete(offset, "incomplete record headers")
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            break
    head = b"".join(lines)
    size = _content_length(head, offset)
    block = fh.read(size)
    if len(block) < size:
        raise _Incomplete(offset, "record cut short")
    trailer = fh.read(4)
    return head + block + trailer, fh.tell() - offset


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def _skip_blank_lines(fh: io.BufferedReader) -> int:
    while True:
        pos = fh.tell()
        line = fh.readline()
        if line not in (b"\r\n", b"\n"):
            fh.seek(pos)
            return pos


def _decoded_headers(http_headers: Any) -> list[tuple[str, str]]:
    out = []
    for name, value in http_headers.headers if http_headers else []:
        lower = name.lower()
        if lower in _TRANSPORT_HEADERS:
            continue
        if lower == "content-encoding" and value.strip().lower() in _DECODED_ENCODINGS:
            continue
        out.append((name, value))
    return out


def _parse(data: bytes, offset: int, length: int, *, payload: bool = True) -> WarcRecord:
    _check_whole(data, offset)
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
        headers = record.rec_headers
        status = None
        body = b""
        if record.rec_type in PAGE_RECORDS and record.http_headers:
            code = record.http_headers.get_statuscode()
            status = int(code) if code and code.isdigit() else None
        if record.rec_type == "warcinfo":
            body = record.raw_stream.read()  # small, and names the crawl (see index_warc_file)
        elif not payload:
            pass
        elif record.rec_type == "response":
            try:
                body = record.content_stream().read()
            except (OSError, zlib.error, ValueError):  # a payload that claims an encoding it lacks
                body = record.raw_stream.read()
        elif record.rec_type != "revisit":
            body = record.raw_stream.read()
    except (ArchiveLoadFailed, StopIteration, ValueError) as exc:
        raise _Incomplete(offset, f"unreadable record ({exc})") from exc
    return WarcRecord(
        offset=offset,
        length=length,
        record_type=record.rec_type,
        url=headers.get_header("WARC-Target-URI") or "",
        date=headers.get_header("WARC-Date") or "",
        record_id=headers.get_header("WARC-Record-ID"),
        payload_digest=headers.get_header("WARC-Payload-Digest"),
        refers_to_uri=headers.get_header("WARC-Refers-To-Target-URI"),
        refers_to_date=headers.get_header("WARC-Refers-To-Date"),
        http_status=status,
        http_headers=_decoded_headers(record.http_headers) if record.rec_type in PAGE_RECORDS else [],
        body=body,
    )


def read_record_at(path: str | Path, offset: int) -> WarcRecord:
    """The record at ``offset`` of a WARC file (gzipped or not), read with one seek.

    :raises CaptureError: the file is missing, or no whole record starts there.
    """
    path = Path(path)
    try:
        gzipped = _is_gzip(path)
        with path.open("rb") as fh:
            fh.seek(offset)
            data, length = _read_member(fh, offset) if gzipped else _read_plain(fh, offset)
    except OSError as exc:
        raise CaptureError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except _Incomplete as exc:
        raise CaptureError(f"{path}: no whole record at byte {offset} ({exc.reason})") from exc
    try:
        return _parse(data, offset, length)
    except _Incomplete as exc:
        raise CaptureError(f"{path}: no whole record at byte {offset} ({exc.reason})") from exc


@dataclass(frozen=True)
class Truncation:
    """Where a WARC file stops holding whole records, and why."""

    offset: int  # where the first incomplete record starts
    dropped_bytes: int  # from there to the end of the file
    reason: str


class WarcScan:
    """Every whole record of a WARC file, in order; a cut-short end is reported, not raised.

    ``for record in WarcScan(path): …`` then ``scan.truncated`` (None for a whole file) and
    ``scan.report()`` (one line saying what was read and what was dropped).  With
    ``payloads=False`` the records come without their bodies (faster, for indexing).
    """

    def __init__(self, path: str | Path, *, payloads: bool = True) -> None:
        self.path = Path(path)
        self.payloads = payloads
        self.records = 0
        self.truncated: Truncation | None = None

    def __iter__(self) -> Iterator[WarcRecord]:
        self.records = 0
        self.truncated = None
        size = self.path.stat().st_size
        gzipped = _is_gzip(self.path)
        with self.path.open("rb") as fh:
            while True:
                offset = fh.tell() if gzipped else _skip_blank_lines(fh)
                if offset >= size:
                    return
                try:
                    data, length = _read_member(fh, offset) if gzipped else _read_plain(fh, offset)
                    record = _parse(data, offset, length, payload=self.payloads)
                except _Incomplete as exc:
                    self.truncated = Truncation(exc.offset, size - exc.offset, exc.reason)
                    return
                self.records += 1
                yield record

    def report(self) -> str:
        if self.truncated is None:
            return f"{self.path}: {self.records} records, complete"
        cut = self.truncated
        return (
            f"{self.path}: truncated at byte {cut.offset} ({cut.reason}); {self.records} complete records read, "
            f"{cut.dropped_bytes} bytes after them dropped"
        )


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
    Site and crawl id come from the file's ``warcinfo`` record (``isPartOf``, ``crawl-id``).
    """
    path = Path(path)
    folder = Path(archive_folder)
    try:
        name = path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        name = str(path.resolve())
    known = {offset for (offset,) in db.execute("SELECT offset FROM captures WHERE warc_file = ?", [name])}
    scan = WarcScan(path, payloads=False)
    site = crawl_id = None
    with transaction(db):
        for record in scan:
            if record.record_type == "warcinfo":
                fields = _warcinfo_fields(record.body)
                site = fields.get("isPartOf") or None
                crawl_id = int(fields["crawl-id"]) if fields.get("crawl-id", "").isdigit() else None
                continue
            if record.offset in known or not record.url:
                continue
            add_capture(
                db, url=record.url, captured_at=record.captured_at, record_type=record.record_type,
                warc_file=name, offset=record.offset, length=record.length,
                payload_digest=record.payload_digest if record.record_type != "request" else None,
                http_status=record.http_status, crawl_id=crawl_id, site=site, record_id=record.record_id,
            )
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


def read_payload(db: sqlite_utils.Database, archive_folder: str | Path, capture: Capture) -> HttpPayload:
    """The HTTP payload of ``capture``; a revisit gives its own status and headers with its original's body.

    :param archive_folder: the folder of the archive file (``warc_file`` paths are relative to it).
    :raises CaptureError: the record is missing or cut short, or a revisit's original is not indexed.
    """
    folder = Path(archive_folder)
    record = read_record_at(folder / capture.warc_file, capture.offset)
    if record.record_type != "revisit":
        return HttpPayload(capture.url, record.http_status, record.http_headers, record.body, capture)
    original = original_capture(db, capture, record.refers_to_uri)
    if original is None:
        raise CaptureError(f"the revisit of {capture.url} at {capture.captured_at} refers to a response not indexed")
    body = read_record_at(folder / original.warc_file, original.offset).body
    return HttpPayload(capture.url, record.http_status, record.http_headers, body, capture, original)

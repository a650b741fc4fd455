"""Reading WARC files: one record by offset, or every whole record of a file, cut-short ends reported.

* :func:`read_record_at` — the record at an offset (one seek; gzipped or plain WARC);
* :class:`WarcScan` — every whole record of a file, in order; a truncated end (a crawl killed while
  writing) stops the scan and is reported in ``scan.truncated``; the records before it are all read.

Bodies come back de-chunked and decoded (``Content-Encoding`` gzip/deflate), with the transport
headers that no longer describe them removed.  Completeness is checked on the bytes, not trusted
to warcio: a gzip member must end, and a record must hold its whole ``Content-Length``.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import ArchiveError
from archive.vn_time import VN_TZ

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


# --- reading records ----------------------------------------------------------------------------


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

    @property
    def not_warc(self) -> bool:
        """Not even a first record could be read: some other file (after the whole scan)."""
        return self.truncated is not None and self.truncated.offset == 0 and self.records == 0

    def report(self) -> str:
        if self.truncated is None:
            return f"{self.path}: {self.records} records, complete"
        cut = self.truncated
        if self.not_warc:
            return f"{self.path}: not a WARC file ({cut.reason} at its first byte)"
        return (
            f"{self.path}: truncated at byte {cut.offset} ({cut.reason}); {self.records} complete records read, "
            f"{cut.dropped_bytes} bytes after them dropped"
        )

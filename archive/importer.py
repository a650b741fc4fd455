"""``archive import``: load articles from JSON Lines, deduplicating as they arrive.

One JSON object per line with the keys of ``archive extract`` (``url``, ``canonical_url``, ``site``,
``title``, ``published``, ``modified``, ``author``, ``lead``, ``text``, ``captions``, ``images``,
``category``, ``tags``, ``language``); only ``url`` and ``text`` are required, unknown keys are
ignored.  Each article goes through ``save_article`` (so versions, FTS and duplicate clusters are
kept as for a crawl) with ``source='import'``; ``fetched_url``, ``first_seen_at`` and
``last_seen_at`` (present in an export of an archive) are kept, otherwise the article counts as
seen at the time of the import.  A bad line is reported with its line number and skipped; the rest
still loads.  Lines are written in transactions of :data:`BATCH` lines, each line inside its own
savepoint, so a bad line never leaves half an article behind.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import sqlite_utils

from archive.db import transaction
from archive.errors import CrossSiteClaimError
from archive.store import save_article, stored_site
from archive.vn_time import VN_TZ, now_vn, to_iso

BATCH = 500  # lines per transaction
TEXT_FIELDS = ("canonical_url", "site", "title", "author", "lead", "category", "language", "extraction")
DATE_FIELDS = ("published", "modified", "published_at", "modified_at")
SEEN_FIELDS = ("first_seen_at", "last_seen_at")  # from an export of an archive: kept, else the import time
LIST_FIELDS = ("captions", "tags", "images")


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on what one import reads (settings ``IMPORT_MAX_LINE_BYTES``, ``IMPORT_MAX_TEXT_CHARS``,
    ``IMPORT_MAX_BAD_LINES``): a longer line is skipped without being held in memory, a longer text is a
    bad record, and after ``max_bad_lines`` bad lines (0 = never) the import stops: a binary file or
    the wrong file is not read to its end."""

    max_line_bytes: int  # 0 = no limit; the defaults live in crawler/settings.py (IMPORT_MAX_*)
    max_text_chars: int
    max_bad_lines: int


NO_LIMITS = ImportLimits(max_line_bytes=0, max_text_chars=0, max_bad_lines=0)


MAX_REPORTED_ERRORS = 1000  # line errors kept in the report; the rest are only counted


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # new or updated articles found to duplicate an earlier one
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message), the first ones
    bad_lines: int = 0  # every bad line, also those past MAX_REPORTED_ERRORS
    stopped_at: int | None = None  # the line after which the import gave up (too many bad lines)

    def add_error(self, line_no: int, message: str) -> None:
        self.bad_lines += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append((line_no, message))

    @property
    def loaded(self) -> int:
        return self.new + self.updated + self.unchanged


class BadLine(ValueError):  # noqa: N818 - an outcome of one line, reported, never raised to the caller
    pass


def import_jsonl(
    db: sqlite_utils.Database,
    path_or_file: str | Path | IO[str] | IO[bytes],
    *,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    limits: ImportLimits = NO_LIMITS,
) -> ImportReport:
    """Load every good line of a JSON Lines file into the archive; see the module docstring.

    :param path_or_file: a path, or an open text or binary file.
    :param now: when the articles count as first/last seen (default: now, once for the whole file).
    :param progress: called with the number of lines read so far, after each transaction.
    :param limits: line length, text length, and how many bad lines stop the import.
    """
    seen_at = now or now_vn()
    report = ImportReport()
    lines = _numbered_lines(path_or_file, limits.max_line_bytes, limits.max_bad_lines)
    while batch := list(islice(lines, BATCH)):
        with transaction(db):
            for line_no, line in batch:
                _import_line(db, line_no, line, seen_at, report, limits)
                endless = isinstance(line, _TooLong) and line.endless
                if endless or (limits.max_bad_lines and report.bad_lines >= limits.max_bad_lines):
                    report.stopped_at = line_no
                    break
        if progress:
            progress(batch[-1][0])
        if report.stopped_at is not None:
            break
    return report


class _TooLong:
    """A line longer than the limit, skipped without being kept; ``endless`` when it was still going
    after ``max_bad_lines`` times the limit (``/dev/zero``, a binary file): the import stops there."""

    def __init__(self, size: int, endless: bool = False) -> None:
        self.size = size
        self.endless = endless


def _import_line(
    db: sqlite_utils.Database, line_no: int, line: str | bytes | _TooLong, now: datetime, report: ImportReport,
    limits: ImportLimits,
) -> None:
    try:
        if isinstance(line, _TooLong) and line.endless:
            raise BadLine(f"line still going after {line.size} bytes: not JSON Lines; stopped reading")
        if isinstance(line, _TooLong):
            raise BadLine(f"line of {line.size} bytes, longer than {limits.max_line_bytes} (IMPORT_MAX_LINE_BYTES); "
                          "skipped")
        record = parse_line(line)
        if record is not None and limits.max_text_chars and len(record["text"]) > limits.max_text_chars:
            raise BadLine(f"text of {len(record['text'])} characters, more than {limits.max_text_chars} "
                          "(IMPORT_MAX_TEXT_CHARS)")
    except BadLine as exc:
        report.add_error(line_no, str(exc))
        return
    if record is None:
        return
    if record.pop("_site_guessed", False):  # no site in the line: an archived article keeps its own
        record["site"] = stored_site(db, record.get("canonical_url") or record["url"]) or record["site"]
    first_seen = _moment(record.get("first_seen_at")) or now
    last_seen = record.get("last_seen_at")
    db.execute("SAVEPOINT import_line")
    try:
        result = save_article(db, record, now=first_seen, source="import")
        if last_seen:  # an export of an archive: keep when it was last seen, too
            db.execute(
                "UPDATE articles SET last_seen_at = max(last_seen_at, ?) WHERE id = ?",
                [to_iso(_moment(last_seen)), result.article_id],
            )
    except (ValueError, TypeError, sqlite3.IntegrityError, sqlite3.InterfaceError, CrossSiteClaimError) as exc:
        db.execute("ROLLBACK TO import_line")
        db.execute("RELEASE import_line")
        report.add_error(line_no, f"not stored: {exc}")
        return
    db.execute("RELEASE import_line")
    setattr(report, result.status, getattr(report, result.status) + 1)
    if result.status != "unchanged" and result.duplicate_of is not None:
        report.duplicates += 1


def _numbered_lines(
    source: str | Path | IO[str] | IO[bytes], max_bytes: int = 0, max_pieces: int = 0
) -> Iterator[tuple[int, str | bytes | _TooLong]]:
    if isinstance(source, (str, Path)):
        with open(source, "rb") as fh:
            yield from enumerate(_bounded_lines(fh, max_bytes, max_pieces), start=1)
    else:
        yield from enumerate(_bounded_lines(source, max_bytes, max_pieces), start=1)


def _bounded_lines(fh: IO[str] | IO[bytes], max_bytes: int, max_pieces: int = 0) -> Iterator[str | bytes | _TooLong]:
    """The lines of ``fh``; one longer than ``max_bytes`` (0 = no limit) is a :class:`_TooLong`, read
    past ``max_bytes`` at a time, never held whole; after ``max_pieces`` such pieces (0 = no limit) it is
    ``endless`` and reading stops (``archive import /dev/zero`` ends, in constant memory)."""
    while True:
        line = fh.readline(max_bytes + 1) if max_bytes else fh.readline()
        if not line:
            return
        if not max_bytes or len(line) <= max_bytes or line[-1:] in ("\n", b"\n"):
            yield line
            continue
        size, pieces = len(line), 1
        while line and line[-1:] not in ("\n", b"\n"):
            if max_pieces and pieces >= max_pieces:
                yield _TooLong(size, endless=True)
                return
            line = fh.readline(max_bytes)
            size, pieces = size + len(line), pieces + 1
        yield _TooLong(size)


def parse_line(line: str | bytes) -> dict[str, Any] | None:
    """One line as an article mapping for ``save_article``; None for a blank line.

    :raises BadLine: not UTF-8, not JSON, not an object, or a required/typed field is wrong.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadLine(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    line = line.lstrip("\ufeff").strip()
    if not line:
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(obj, Mapping):
        raise BadLine(f"expected a JSON object, got {type(obj).__name__}")
    return validate_article(obj)


def validate_article(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Check the types of the known keys; fill ``site`` (the URL's host) and ``extraction``."""
    url = obj.get("url")
    if not isinstance(url, str) or not url.strip():
        raise BadLine("missing url")
    if urlsplit(url.strip()).scheme not in ("http", "https") or not urlsplit(url.strip()).netloc:
        raise BadLine(f"url is not an http(s) URL: {url[:80]!r}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadLine("missing text" if text is None else "text must be a non-empty string")
    for key in TEXT_FIELDS + DATE_FIELDS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise BadLine(f"{key} must be a string or null")
    for key in DATE_FIELDS:
        if obj.get(key) and not _is_iso_date(obj[key]):
            raise BadLine(f"{key} is not an ISO 8601 date: {obj[key][:40]!r}")
    for key in SEEN_FIELDS:
        if obj.get(key) is not None and (not isinstance(obj[key], str) or _moment(obj[key]) is None):
            raise BadLine(f"{key} is not an ISO 8601 timestamp")
    for key in LIST_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, list):
            raise BadLine(f"{key} must be a list or null")
    for key in ("captions", "tags"):
        if any(not isinstance(v, str) for v in obj.get(key) or []):
            raise BadLine(f"{key} must be a list of strings")
    if any(not isinstance(v, (Mapping, str)) for v in obj.get("images") or []):
        raise BadLine("images must be a list of objects")
    record = dict(obj)
    record["site"] = obj.get("site") or urlsplit(obj.get("canonical_url") or url).netloc.lower() or "unknown"
    record["_site_guessed"] = not obj.get("site")
    record["extraction"] = obj.get("extraction") or "import"
    return record


def _moment(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp (naive: Vietnamese time), or None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def _is_iso_date(value: str) -> bool:
    value = value.strip()
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True

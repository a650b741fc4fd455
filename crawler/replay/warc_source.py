"""Replay a recorded crawl: a :class:`~crawler.replay.mirror.MirrorSource` that answers from WARC files.

``WarcSource(paths)`` scans the given WARC files (or every ``*.warc.gz`` / ``*.warc`` under a
folder, e.g. the archive's ``warc`` folder) once, remembers where the latest capture of each URL
lies, and reads that record when the mirror asks: status, headers (transport headers removed)
and the decoded body; a ``revisit`` is answered with the body of the response it repeats.  So
``archive mirror --warc data/warc`` serves a whole recorded crawl for an offline re-run.

A URL never captured under its own host is answered with the capture of the same page under another
host of the same site (``amp.``, ``baobackan.com.vn`` … map to one canonical URL): a re-run may
reach a page through another alias than the recorded crawl did.

A truncated file (a crawl killed while writing) is read up to the cut; ``source.problems``
lists one line per file that was cut short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from archive.warc import PAGE_RECORDS, WarcScan, read_record_at
from crawler.profiles import profile_for_url
from crawler.replay.mirror import MirrorResponse

WARC_SUFFIXES = (".warc.gz", ".warc")


def warc_files(paths: Iterable[str | Path]) -> list[Path]:
    """The WARC files named, and those found (recursively) in the folders named, in name order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(WARC_SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no WARC file or folder at {path}")
    return found


def url_key(url: str) -> tuple[str, str, str]:
    """What the mirror looks up: (host, path, query) of a real URL, scheme and port dropped."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path or "/", parts.query


def canonical_key(url: str) -> tuple[str, str, str] | None:
    """The key of the URL on its site's canonical host, when a profile knows the site."""
    profile = profile_for_url(url)
    return url_key(profile.canonical_url(url)) if profile is not None else None


@dataclass(frozen=True)
class _Where:
    file: Path
    offset: int
    date: str


class WarcSource:
    """Answers mirror lookups from WARC captures (see module docstring)."""

    def __init__(self, paths: Iterable[str | Path]) -> None:
        self.files = warc_files(paths)
        self.latest: dict[tuple[str, str, str], _Where] = {}
        self.canonical: dict[tuple[str, str, str], _Where] = {}  # the same, by canonical URL
        self.responses: dict[tuple[str, str | None], _Where] = {}  # (url, payload digest) -> response
        self.problems: list[str] = []
        for path in self.files:
            scan = WarcScan(path, payloads=False)
            for record in scan:
                if record.record_type not in PAGE_RECORDS:
                    continue
                where = _Where(path, record.offset, record.date)
                for index, key in ((self.latest, url_key(record.url)), (self.canonical, canonical_key(record.url))):
                    if key is not None and (key not in index or index[key].date <= record.date):
                        index[key] = where
                if record.record_type == "response":
                    self.responses[(record.url, record.payload_digest)] = where
            if scan.truncated is not None:
                self.problems.append(scan.report())

    def __len__(self) -> int:
        return len(self.latest)

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        key = (host.lower(), path or "/", query)
        where = self.latest.get(key)
        if where is None:
            alias = canonical_key(f"https://{key[0]}{key[1]}" + (f"?{query}" if query else ""))
            where = self.canonical.get(alias) if alias else None
        if where is None:
            return None
        record = read_record_at(where.file, where.offset)
        body = record.body
        if record.record_type == "revisit":
            original = self.responses.get((record.refers_to_uri or record.url, record.payload_digest))
            if original is None:
                return None
            body = read_record_at(original.file, original.offset).body
        return MirrorResponse(record.http_status or 200, dict(record.http_headers), body)

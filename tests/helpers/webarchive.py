"""Test helpers for ``archive backfill``: WARC files of captures, a real pywb over them, a real Range server.

* :func:`write_captures` writes captures (URL, time, status, headers, body) as WARC response records with warcio;
* :func:`pywb_server` runs pywb's ``wayback`` (from its own venv, ``.venv-pywb``, made by
  ``tools/pywb_venv.sh``: pywb pins old libraries the project's own venv cannot hold) on 127.0.0.1 over a
  collection made with ``wb-manager``; it serves the Wayback CDX API (``/<coll>/cdx``) and ``id_`` replay;
* :func:`range_server` runs Twisted's static file server (``twistd web --path``), which honours ``Range``:
  the WARC files read by byte range, as from Common Crawl's data server.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[2]  # the repository (this file is tests/helpers/webarchive.py)
PYWB_VENV = Path(os.environ.get("PYWB_VENV", ROOT / ".venv-pywb"))
HTML = [("Content-Type", "text/html; charset=utf-8")]


@dataclass
class Snap:
    """One capture to write: what the site answered at ``at``."""

    url: str
    at: str  # 14-digit timestamp, UTC
    body: bytes = b""
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=lambda: list(HTML))


def write_captures(path: Path, snaps: list[Snap]) -> Path:
    """A gzipped WARC file of ``snaps`` (one response record each)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for snap in snaps:
            moment = datetime.strptime(snap.at, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            reason = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found", 500: "Server Error"}
            http = StatusAndHeaders(f"{snap.status} {reason.get(snap.status, 'X')}",
                                    [*snap.headers, ("Content-Length", str(len(snap.body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(snap.url, "response", payload=io.BytesIO(snap.body),
                                               length=len(snap.body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": moment.strftime("%Y-%m-%dT%H:%M:%SZ")})
            writer.write_record(record)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def pywb_bin(name: str) -> Path:
    """A pywb program from its venv; skips the test, with the fix, when it is not installed (CI installs it)."""
    path = PYWB_VENV / "bin" / name
    if not path.exists():
        message = f"pywb is not installed in {PYWB_VENV}: run tools/pywb_venv.sh (.ci/run does)"
        if os.environ.get("REQUIRE_PYWB"):  # CI: never skip these
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def pywb_server(root: Path, collection: str, warcs: list[Path], threads: int = 32) -> Iterator[str]:
    """Serve ``warcs`` as ``collection`` with pywb on 127.0.0.1; yields ``http://127.0.0.1:PORT/<collection>``.

    ``threads``: pywb's pool, more than a client's concurrent requests.  pywb's log goes to ``root/pywb.log``.
    """
    root.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if not (root / "collections" / collection).exists():
        subprocess.run([pywb_bin("wb-manager"), "init", collection], cwd=root, check=True, env=env,
                       capture_output=True)
    if warcs:
        subprocess.run([pywb_bin("wb-manager"), "add", collection, *map(str, warcs)], cwd=root, check=True, env=env,
                       capture_output=True)
    port = free_port()
    cmd = [pywb_bin("wayback"), "-p", str(port), "-b", "127.0.0.1", "-t", str(threads), "-d", str(root)]
    log = (root / "pywb.log").open("w")  # never a pipe: pywb logs every request and would block on a full one
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/{collection}"
    try:
        _wait_for(f"{base}/cdx?url=example.com&output=json", proc)
        yield base
    finally:
        _stop(proc)
        log.close()


@contextmanager
def range_server(folder: Path) -> Iterator[str]:
    """Twisted's static file server over ``folder`` (it honours ``Range``); yields its base URL (with ``/``)."""
    port = free_port()
    twistd = [sys.executable, "-m", "twisted", "web", "--listen", f"tcp:{port}:interface=127.0.0.1",
              "--path", str(folder)]
    # never a pipe: twistd logs every request and would block on a full one
    proc = subprocess.Popen(twistd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base, proc)
        yield base
    finally:
        _stop(proc)


def archive_cmd() -> list[str]:
    """The installed ``archive`` command of this venv."""
    exe = shutil.which("archive", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "crawler.cli"]

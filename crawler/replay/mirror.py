"""A loopback HTTP server that replays saved pages: the offline "mirror" of real sites.

A request ``GET /<host>/<path>?<query>`` on the mirror answers what ``https://<host>/<path>?<query>``
answered (or would answer).  Where the pages come from is a :class:`MirrorSource`: a folder of
saved files (:class:`FolderSource`, below), or anything else with a ``lookup`` method (the WARC
replay source lives in its own module).  Crawls reach the mirror through
``crawler.components.middlewares.MirrorMiddleware`` (setting ``MIRROR_URL``).

Folder layout (see docs/crawling.md), for ``https://<host>/<path>?<query>``:

* ``<folder>/<host>/<path>``: the body, served with a type guessed from the extension (no
  extension, ``.html``, ``.aspx`` … → ``text/html; charset=utf-8``);
* a path ending in ``/``, or naming a folder, → ``index.html`` inside it;
* a query is appended to the file name after ``@`` (``thoi-su@p=2``, ``index.html@p=2``);
  the ``?`` spelling of ``wget --mirror`` (``thoi-su?p=2``) is accepted as well;
* ``<folder>/<host>/robots.txt`` is the site's robots.txt (missing → 404, i.e. allow all);
* a redirect is a file named like the page plus ``.redirect`` (``old-a1.html.redirect``,
  ``thoi-su@p=1.redirect``) holding the target URL, optionally after a 3xx status
  (``301 https://baodongkhoi.vn/new-a1.html``; default 301; a relative target is resolved
  against the page's real URL);
* anything missing → 404;
* a conditional request (``If-None-Match`` / ``If-Modified-Since``) whose validator equals the
  ``ETag`` / ``Last-Modified`` a source gives its 200 → ``304 Not Modified`` (saved files carry none).

``serve_mirror(source)`` starts a server in a background thread and returns it with its base URL;
``server.requests`` logs every request it answered (tests count fetches with it).
"""

from __future__ import annotations

import mimetypes
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urljoin, urlsplit

HTML_TYPE = "text/html; charset=utf-8"
RESET = 0  # a MirrorResponse with this status closes the connection without answering (crawler/replay/faults.py)
_VALIDATORS = ("etag", "last-modified")
# Extensions served as HTML although mimetypes does not know them (or calls them something else).
HTML_SUFFIXES = {"", ".html", ".htm", ".aspx", ".asp", ".php", ".jsp"}


@dataclass(frozen=True)
class MirrorResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class MirrorSource(Protocol):
    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        """The response for ``https://host/path?query`` (``path`` starts with ``/``), or None (404)."""


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    host: str
    path: str
    query: str
    status: int

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.path}" + (f"?{self.query}" if self.query else "")


def content_type_for(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if name.endswith("robots.txt"):
        return "text/plain; charset=utf-8"
    if suffix in HTML_SUFFIXES or "@" in suffix or "?" in suffix:
        return HTML_TYPE
    if suffix in (".rss", ".xml"):
        return "application/xml; charset=utf-8"
    guessed, _ = mimetypes.guess_type(name)
    if guessed and guessed.startswith("text/"):
        return f"{guessed}; charset=utf-8"
    return guessed or "application/octet-stream"


class FolderSource:
    """Pages saved as files: ``<folder>/<host>/<path>`` (layout in the module docstring)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).resolve()

    def file_for(self, host: str, path: str, query: str, suffix: str = "") -> Path | None:
        """The saved file for a URL (``suffix``: its ``.redirect`` file), or None; never outside the folder."""
        parts = [unquote(p) for p in path.split("/") if p]
        if not host or any(p in (".", "..") or "/" in p or "\\" in p for p in [host, *parts]):
            return None
        base = self.folder / host.lower()
        target = base.joinpath(*parts) if parts else base
        if path.endswith("/") or not parts or target.is_dir():
            target = target / "index.html"
        names = [target.name + "@" + query, target.name + "?" + query] if query else [target.name]
        for name in (n + suffix for n in names):
            candidate = target.with_name(name)
            if candidate.is_file():
                return candidate
        return None

    def lookup(self, host: str, path: str, query: str) -> MirrorResponse | None:
        found = self.file_for(host, path, query)
        if found is not None:
            return MirrorResponse(200, {"Content-Type": content_type_for(found.name)}, found.read_bytes())
        redirect = self.file_for(host, path, query, suffix=REDIRECT_SUFFIX)
        if redirect is None:
            return None
        status, target = parse_redirect(redirect.read_text(encoding="utf-8"))
        real_url = f"https://{host}{path}" + (f"?{query}" if query else "")
        return MirrorResponse(status, {"Location": urljoin(real_url, target)}, b"")


REDIRECT_SUFFIX = ".redirect"


def parse_redirect(text: str) -> tuple[int, str]:
    """``"301 URL"``, ``"302 URL"`` … or just ``"URL"`` (301) → (status, URL)."""
    words = text.split()
    if len(words) == 2 and words[0].isdigit() and 300 <= int(words[0]) < 400:
        return int(words[0]), words[1]
    if len(words) == 1:
        return 301, words[0]
    raise ValueError(f"a .redirect file holds '[3xx] URL', not {text.strip()[:80]!r}")


class MirrorServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver's 5 drops SYNs under a crawler's 16-32 parallel connections

    def __init__(self, address: tuple[str, int], source: MirrorSource) -> None:
        super().__init__(address, _MirrorHandler)
        self.source = source
        self.requests: list[LoggedRequest] = []
        self._log_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def log(self, entry: LoggedRequest) -> None:
        with self._log_lock:
            self.requests.append(entry)

    def urls_fetched(self) -> list[str]:
        with self._log_lock:
            return [r.url for r in self.requests]

    def clear_log(self) -> None:
        with self._log_lock:
            self.requests.clear()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away (a crawler's timeout, a reset) is no error of the mirror: quiet."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _MirrorHandler(BaseHTTPRequestHandler):
    server: MirrorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        parts = urlsplit(self.path)
        host, _, rest = parts.path.lstrip("/").partition("/")
        path = "/" + rest
        try:
            response = self.server.source.lookup(host, path, parts.query) if host else None
        except Exception as exc:  # a broken source must not kill the server thread
            response = MirrorResponse(500, {"Content-Type": "text/plain"}, f"mirror source error: {exc}".encode())
        if response is None:
            response = MirrorResponse(404, {"Content-Type": HTML_TYPE}, b"<html><body>404 Not Found</body></html>")
        elif self._not_modified(response):
            response = MirrorResponse(304, {k: v for k, v in response.headers.items() if k.lower() in _VALIDATORS})
        self.server.log(LoggedRequest(self.command, host.lower(), path, parts.query, response.status))
        if response.status == RESET:  # a fault source's connection reset: no answer at all
            self.close_connection = True
            return
        self.send_response(response.status)
        headers = {k.lower(): (k, v) for k, v in response.headers.items()}
        for name, value in headers.values():
            self.send_header(name, value)
        if "content-length" not in headers:  # a source may lie on purpose (truncated-body tests)
            self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if send_body:
            try:
                self.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):
                pass
        self.close_connection = True

    def _not_modified(self, response: MirrorResponse) -> bool:
        """A conditional request whose validator still matches a 200 that carries one (as a real server)."""
        if response.status != 200:
            return False
        headers = {k.lower(): v for k, v in response.headers.items()}
        etag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if etag is not None:
            return headers.get("etag") is not None and etag.strip() == headers["etag"]
        modified = headers.get("last-modified")
        return since is not None and modified is not None and since.strip() == modified

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet: the log is server.requests
        return


def serve_mirror(source: MirrorSource, host: str = "127.0.0.1", port: int = 0) -> tuple[MirrorServer, str]:
    """Serve ``source`` on ``host:port`` (0 = a free port) in a daemon thread; returns (server, base_url)."""
    server = MirrorServer((host, port), source)
    thread = threading.Thread(target=server.serve_forever, name="mirror", daemon=True)
    thread.start()
    return server, server.base_url

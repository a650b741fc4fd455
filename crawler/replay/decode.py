"""A captured page's bytes as text, decoded as Scrapy decodes a response, without importing Scrapy.

The encoding is the first of: a byte-order mark, the ``Content-Type`` header's charset, the page's
own ``<meta charset>``, then a guess (ASCII, UTF-8, else ``charset_normalizer``, as Scrapy's
``TextResponse`` guesses).  The same steps as ``scrapy.http.TextResponse.text`` (both use
``w3lib.encoding.html_to_unicode``); ``tests/test_reextract.py`` compares the two.  ``archive raw`` and
``archive reextract`` use it, so neither needs Scrapy and Twisted loaded.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode, resolve_encoding

from archive.capture_index import HttpPayload


def _guess_encoding(body: bytes) -> str | None:
    """Scrapy's guess when neither headers nor page name an encoding."""
    for encoding in ("ascii", "utf-8"):
        try:
            body.decode(encoding)
        except UnicodeError:
            continue
        return resolve_encoding(encoding)
    from charset_normalizer import from_bytes  # only for a page that is neither ASCII nor UTF-8

    match = from_bytes(body).best()
    return resolve_encoding(match.encoding) if match else None


def decode_page(body: bytes, content_type: str | None) -> str:
    """``body`` as text (see module docstring); ``content_type`` is the response's header, if any."""
    return html_to_unicode(content_type or "text/html", body, default_encoding="ascii",
                           auto_detect_fun=_guess_encoding)[1]


def payload_text(payload: HttpPayload) -> str:
    """A captured payload as text: the charset of its headers, then of its HTML, then a guess."""
    return decode_page(payload.body, payload.header("content-type"))

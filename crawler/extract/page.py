"""One page, parsed once: decoding, the lxml tree, and what its ``<head>`` says (meta tags, JSON-LD).

Metadata is read before anything is dropped from the tree: ``og:title`` / ``og:site_name`` / ``og:url`` /
canonical,
``article:published_time`` / ``article:modified_time``, JSON-LD ``datePublished`` / ``dateModified`` /
``author`` / ``publisher``, ``article:section`` / ``article:tag``, ``og:type`` and ``<html lang>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode

from archive.text import normalize_line
from crawler.extract.article import ExtractError, NotAnArticle
from crawler.extract.page_dates import parse_iso

_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle"}
# Share of undecodable bytes we repair with U+FFFD rather than refuse the page (a few stray bytes).
MAX_BAD_BYTE_SHARE = 0.001


def decode_html(html: str | bytes, content_type: str | None = None) -> str:
    """Text of the page, decoded as browsers do (w3lib's ``html_to_unicode``, what Scrapy uses): a BOM,
    then the charset of the HTTP ``Content-Type`` header, then ``<meta charset>``, then UTF-8.  A handful
    of bad bytes are replaced; more raise :class:`ExtractError` (one line: a failure with its reason)."""
    if isinstance(html, str):
        return html
    encoding, text = html_to_unicode(content_type, html)
    bad = text.count("\ufffd")
    if bad > max(3, len(html) * MAX_BAD_BYTE_SHARE):
        raise ExtractError(f"cannot decode the page as {encoding} ({bad} undecodable bytes)")
    return text


def parse_html(text: str) -> lxml.html.HtmlElement:
    """The lxml tree of ``text`` (comments removed); ``NotAnArticle`` for an empty page."""
    if not text.strip():
        raise NotAnArticle("empty page")
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise NotAnArticle(f"not an HTML page ({exc})") from exc
    return doc


@dataclass
class PageMeta:
    """What the page says about itself, outside the article body."""

    html_title: str | None = None
    og_title: str | None = None
    site_name: str | None = None  # og:site_name
    og_type: str | None = None
    description: str | None = None
    canonical: str | None = None
    published: str | None = None  # ISO, from article:published_time / JSON-LD / itemprop
    modified: str | None = None
    date_only: str | None = None  # a date-only meta (pubdate, dc.date, JSON-LD date-only)
    author: str | None = None  # JSON-LD author name (ePi often leaves it empty)
    publisher: str | None = None  # JSON-LD publisher's name: the site's organisation
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    is_article: bool = False  # og:type article, JSON-LD *Article, or article:published_time
    # JSON-LD *Article or a published time: claims a template does not put on listings by accident
    # (some set ``og:type`` article on every page, category pages included).
    declares_article: bool = False


def _meta_index(doc: lxml.html.HtmlElement) -> tuple[dict[str, str], list[str]]:
    """Every ``<meta>`` content by its property, name and itemprop (first one wins), and every
    ``article:tag`` (one meta per tag, or one comma-separated list), in one pass."""
    index: dict[str, str] = {}
    tags: list[str] = []
    for node in doc.iter("meta"):
        content = normalize_line(node.get("content") or "")
        if not content:
            continue
        if node.get("property") == "article:tag":
            tags.extend(t.strip() for t in content.split(",") if t.strip() and t.strip() not in tags)
        for attr in ("property", "name", "itemprop"):
            key = node.get(attr)
            if key:
                index.setdefault(key, content)
    return index, tags


def _meta(index: dict[str, str], *names: str) -> str | None:
    for name in names:
        if name in index:
            return index[name]
    return None


def _jsonld_objects(doc: lxml.html.HtmlElement) -> list[dict]:
    found: list[dict] = []
    for script in (s for s in doc.iter("script") if s.get("type") == "application/ld+json"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
            elif isinstance(item, list):
                stack.extend(item)
    return found


def _type_names(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _person_name(value: object) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_person_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return normalize_line(value) or None if isinstance(value, str) else None


def read_meta(doc: lxml.html.HtmlElement) -> PageMeta:
    """What the page's ``<head>`` says: meta tags first, JSON-LD *Article objects for what they leave open."""
    meta = PageMeta()
    index, meta.tags = _meta_index(doc)
    title = next(doc.iter("title"), None)  # (tag iteration: several times cheaper than an XPath query)
    meta.html_title = normalize_line(title.text_content()) or None if title is not None else None
    meta.og_title = _meta(index, "og:title", "twitter:title")
    meta.site_name = _meta(index, "og:site_name")
    meta.og_type = (_meta(index, "og:type") or "").lower() or None
    meta.description = _meta(index, "og:description", "description", "Description")
    link = _canonical_href(doc)
    meta.canonical = normalize_line(link) or None if link is not None else _meta(index, "og:url")
    meta.published = parse_iso(_meta(index, "article:published_time", "datePublished", "og:published_time"))
    meta.modified = parse_iso(_meta(index, "article:modified_time", "dateModified", "og:updated_time"))
    meta.date_only = parse_iso(_meta(index, "pubdate", "publishdate", "date", "dc.date", "DC.date.issued",
                                     "dateCreated"))
    meta.section = _meta(index, "article:section")
    lang = doc.get("lang") or ""
    meta.language = lang.split("-")[0].lower() or None
    for obj in _jsonld_objects(doc):
        if _type_names(obj) & _ARTICLE_TYPES:
            _read_jsonld_article(meta, obj)
    meta.declares_article = meta.is_article or meta.published is not None
    if meta.og_type == "article" or meta.published:
        meta.is_article = True
    return meta


def _canonical_href(doc: lxml.html.HtmlElement) -> str | None:
    """The first ``<link rel=canonical href>`` (tag iteration: several times cheaper than an XPath query)."""
    return next((link.get("href") for link in doc.iter("link")
                 if link.get("rel") == "canonical" and link.get("href") is not None), None)


def _read_jsonld_article(meta: PageMeta, obj: dict) -> None:
    """A JSON-LD *Article object: dates, author, publisher and headline where the meta tags left them open."""
    meta.is_article = True
    published = parse_iso(obj.get("datePublished") if isinstance(obj.get("datePublished"), str) else None)
    if published and len(published) > 10:
        meta.published = meta.published or published
    elif published:
        meta.date_only = meta.date_only or published
    modified = parse_iso(obj.get("dateModified") if isinstance(obj.get("dateModified"), str) else None)
    meta.modified = meta.modified or modified
    meta.author = meta.author or _person_name(obj.get("author"))
    meta.publisher = meta.publisher or _person_name(obj.get("publisher"))
    if not meta.og_title:
        headline = obj.get("headline") or obj.get("name")
        meta.og_title = normalize_line(headline) or None if isinstance(headline, str) else None

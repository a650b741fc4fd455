"""Stage 6, *metadata*: each field of an article by its fallback chain (title, lead, dates, author, URL).

Read by ``build_article`` and ``final_title`` (``crawler/extract/__init__.py``) from what the earlier
stages found: the site rules' fields, the clean lines (``Cleaned``), the ``<head>`` (``PageMeta``) and the
profile.  Dates to ISO 8601 at +07:00 (``page_dates.py``); the site's own name is never an author.
"""

from __future__ import annotations

import logging
import re

import lxml.html

from archive.text import normalize_line
from crawler.extract.bylines import credit_name, looks_like_name
from crawler.extract.clean import Block, Cleaned, fold, fold_accents, same_text
from crawler.extract.page import PageMeta
from crawler.extract.page_dates import (
    date_from_url,
    is_date_line,
    parse_iso,
    parse_labelled_date,
    parse_vn_datetime,
    resolve_yearless,
    split_name_date,
    yearless_date,
)
from crawler.extract.site import element_text, reader_text
from crawler.profiles.base import Profile, SiteRules

logger = logging.getLogger(__name__)

# An author element's text longer than this that is not name-like is a bio box, not a byline.
MAX_AUTHOR_CHARS = 40


def clean_author(value: str | None) -> str | None:
    """An author element's text without "Tin, ảnh:" or a trailing date ("Thành Cường 29/10/2025 09:51")."""
    if not value:
        return None
    split = split_name_date(value)
    if split:
        value = split[0]
    value = normalize_line(value)
    value = (credit_name(value) or value).strip(" -|,")
    if not value or (len(value) > MAX_AUTHOR_CHARS and not looks_like_name(value)):
        return None  # an author box with a biography, not a byline
    return value


def title_before_date(blocks: list[Block]) -> str | None:
    """Portal pages: the line just above the first date line ("( Cập nhật lúc: … )") is the title."""
    texts = [normalize_line(b.text) for b in blocks if b.kind != "image" and b.text.strip()]
    for i, line in enumerate(texts[:8]):
        if is_date_line(line) and i > 0 and 10 <= len(texts[i - 1]) <= 300:
            return texts[i - 1]
    return None


def title_from_html(html_title: str | None) -> str | None:
    """``<title>`` without the site's name after " - " or " | "."""
    if not html_title:
        return None
    parts = [p.strip() for p in re.split(r"\s+[|–-]\s+", html_title) if p.strip()]
    return max(parts, key=len) if parts else None


def first_h1(doc: lxml.html.HtmlElement) -> str | None:
    """The text of the first ``<h1>`` that has any."""
    for h1 in doc.iter("h1"):
        text = element_text(h1)
        if text:
            return text
    return None


def lead_line(cleaned: Cleaned, sapo: str | None, rules: SiteRules, meta: PageMeta) -> str | None:
    """The first text line when it is the sapo (a photo story may open with a photo: its caption comes first
    in ``text``, the lead is still the first paragraph)."""
    start = next((i for i, kind in enumerate(cleaned.kinds) if kind != "caption"), None)
    if start is None:
        return None
    first, kind = cleaned.lines[start], cleaned.kinds[start]
    if sapo and fold(first) == fold(normalize_line(sapo)):
        return first
    if kind == "lead" or (rules.lead_is_first_paragraph and kind == "para"):
        return first
    if meta.description and (same_text(first, meta.description) or fold(first).startswith(fold(meta.description)[:60])):
        return first
    return None


def publish_date(
    date_text: str | None, cleaned: Cleaned, meta: PageMeta, url: str, lead: str | None,
    doc: lxml.html.HtmlElement, rules: SiteRules,
) -> str | None:
    """The publish date: what the page shows or declares (``stated_date``); else a year-less sapo date
    ("Chiều 26/12") in the year of the page's own metadata (modified time, a date-only meta, the URL, by the
    rules' ``url_date``); else a date-only meta, a "Cập nhật lúc" anywhere in what a reader sees, the URL's
    date."""
    stated = stated_date(date_text, cleaned, meta)
    if stated:
        return stated
    url_date = date_from_url(url, rules)
    day_month = yearless_date(lead or (cleaned.lines[0] if cleaned.lines else None))
    from_sapo = resolve_yearless(day_month, meta.modified or meta.date_only or url_date) if day_month else None
    return from_sapo or meta.date_only or page_wide_date(doc) or url_date


def stated_date(date_text: str | None, cleaned: Cleaned, meta: PageMeta) -> str | None:
    """What the page shows or declares: the date line (``time[datetime]``), a date line in the text,
    ``article:published_time`` / JSON-LD; the first with a time, else the first."""
    visible = parse_vn_datetime(date_text) or parse_iso(date_text)
    if visible and meta.published and meta.published[:16] == visible[:16]:
        visible = meta.published  # the page shows "13:43", its metadata the same minute with seconds
    stated = [v for v in (visible, cleaned.date, meta.published) if v]
    return next((v for v in stated if len(v) > 10), stated[0] if stated else None)


def page_wide_date(doc: lxml.html.HtmlElement) -> str | None:
    """A "Cập nhật lúc: …" / "Ngày đăng: …" date anywhere in the text a reader sees: forms included (SharePoint
    wraps the whole page in ``<form id="aspnetForm">``), form controls not."""
    body = doc.find("body")
    return parse_labelled_date(reader_text(body)) if body is not None else None


def byline(found: str | None, declared: str | None, site_names: set[str]) -> str | None:
    """The author the page's lines give (a credit, the author element, a last name-like line), else the
    JSON-LD author if it is name-like; the site's own name is never one (issue 15: "Báo Lạng Sơn" in
    ``author``, an organisation, is who publishes, not who wrote)."""
    if found and fold_accents(found) not in site_names:
        return found
    if declared and looks_like_name(declared) and fold_accents(declared) not in site_names:
        return declared
    return None


def site_name_keys(meta: PageMeta, profile: Profile) -> set[str]:
    """Accent- and case-insensitive keys of the site's own name: ``og:site_name``, the JSON-LD publisher, the
    last " - " / " | " part of ``<title>``, the profile's name."""
    names = [meta.site_name, meta.publisher, profile.name]
    parts = re.split(r"\s+[|–-]\s+", meta.html_title or "")
    if len(parts) > 1:
        names.append(parts[-1])
    return {key for key in map(fold_accents, names) if key}


def canonical_of(profile: Profile, url: str, meta: PageMeta) -> str:
    """The URL the article is archived under: the profile's canonical form of ``url`` on a site with hosts,
    else the page's own ``<link rel=canonical>`` when it is on the page's own site (same registrable domain:
    a copy of another site's page claims that site's URL, and must not replace its article), else ``url``."""
    if profile.hosts:
        return profile.canonical_url(url)
    if meta.canonical and meta.canonical.startswith(("http://", "https://")):
        if profile.accepts_canonical(url, meta.canonical):
            return meta.canonical
        logger.warning("%s claims to be %s, another site: archived under its own URL", url, meta.canonical)
    return url

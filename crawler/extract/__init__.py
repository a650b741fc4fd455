"""From article HTML to a clean :class:`~crawler.extract.article.Article` (or ``NotAnArticle``).

Entry point: ``extract_article(html, url, *, site=None, boilerplate=())``, a sequence of named stages:

1. *parse* (``parse_page``; ``page.py``): decode, parse once (lxml), read the ``<head>``'s metadata, find
   the profile.
2. *site rules* (``apply_site_rules``; ``site.py``): the profile's ``SiteRules`` (template chosen by markup,
   then URL) find title, sapo, date, author, tags, category and the body container, walked into blocks;
   trafilatura is not called.
3. *fallback decision* (``needs_generic``): no body, or fewer than ``MIN_SITE_BODY_CHARS`` of clean text.
4. *generic* (``try_generic``; ``generic.py``): trafilatura's main text, kept when it adds article text;
   the article says ``extraction="generic"``.
5. *clean* (``SiteRead.clean``; ``clean.py``): one cascade of line rules for both paths — boilerplate
   (shared, per family, and the caller's learned ``boilerplate``), title/date/credit lines, alt text,
   doubled captions.
6. *metadata* and *result* (``final_title``, ``check_is_article``, ``build_article``): each field by its
   fallback chain; dates to ISO 8601 at +07:00 (``page_dates.py``).

``NotAnArticle(reason)`` for listing pages, error pages and empty bodies; ``ExtractError`` for bad
input (undecodable bytes, unknown ``site``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import lxml.html

from archive.text import normalize_line, normalize_optional
from crawler.extract.article import Article, ExtractError, NotAnArticle
from crawler.extract.clean import (
    Block,
    Cleaned,
    clean_blocks,
    credit_name,
    fold,
    fold_accents,
    is_source_line,
    looks_like_name,
    same_text,
)
from crawler.extract.generic import generic_blocks, mark_captions, mark_links, mark_tables
from crawler.extract.listing import (
    ERROR_PAGE_MAX_CHARS,
    card_texts,
    error_reason,
    is_listing,
    missing_page_message,
)
from crawler.extract.page import PageMeta, decode_html, parse_html, read_meta
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
from crawler.extract.site import (
    SiteFields,
    choose_rules,
    drop_elements,
    element_text,
    find_bodies,
    find_body,
    matches_markers,
    parse_tree_base,
    read_fields,
    reader_text,
    walk_blocks,
)
from crawler.profiles import FALLBACK_PROFILE, PROFILES, get_profile, profile_for_url
from crawler.profiles.base import Profile, SiteRules
from crawler.profiles.families import GENERIC_RULES

__all__ = ["Article", "ExtractError", "NotAnArticle", "extract_article"]

# A site-rules body shorter than this (characters of clean text) is not trusted: try the generic path.
MIN_SITE_BODY_CHARS = 150
# An author element's text longer than this that is not name-like is a bio box, not a byline.
MAX_AUTHOR_CHARS = 40
# Generic text added to a short site body with at least this share of link headlines is sidebars, not article.
MAX_LINKED_SHARE = 0.5
# This many link-only lines closing the generic text are a side box of headlines, not the article's.
TRAILING_LINK_RUN = 2
# Less clean text than this is no article at all.
MIN_ARTICLE_CHARS = 60


def extract_article(
    html: str | bytes, url: str, *, site: str | None = None, boilerplate: Iterable[str] = ()
) -> Article:
    """Extract the article of ``html`` fetched from ``url``; raises :class:`NotAnArticle`.

    The stages, in order: ``parse_page`` → ``apply_site_rules`` → ``clean`` (site lines) → ``needs_generic``
    (the fallback decision) → ``try_generic`` → ``final_title`` → ``check_is_article`` → ``build_article``
    (metadata: lead, dates, author)."""
    page = parse_page(html, url, site)
    read = apply_site_rules(page, tuple(boilerplate))
    chosen = Extraction(read.clean(read.blocks, stop=read.rules.related_heading_ends_text), "site", read.blocks)
    if needs_generic(read, chosen):
        chosen = try_generic(page, read, chosen)
    title = final_title(page, read, chosen)
    check_is_article(page, chosen, title)
    return build_article(page, read, chosen, title)


@dataclass
class Page:
    """Stage 1, *parse*: the page's text, its tree (parsed once), its metadata and its site's profile."""

    url: str
    text: str
    doc: lxml.html.HtmlElement
    meta: PageMeta
    profile: Profile


@dataclass
class SiteRead:
    """Stage 2, *site rules*: the template's rules, the fields they read and the body's blocks (none when
    no container matched), with what the clean-up needs to clean any lines of this page."""

    rules: SiteRules
    fields: SiteFields
    has_body: bool
    blocks: list[Block]
    title: str | None
    author: str | None
    learned: tuple[str, ...]  # the caller's learned boilerplate lines

    def clean(self, found: list[Block], *, stop: bool) -> Cleaned:
        """Stage *clean*: the sapo (read outside the body) and ``found`` through ``clean_blocks``."""
        lead_blocks = [Block(self.fields.lead)] if self.fields.lead else []
        return clean_blocks(
            lead_blocks + found, title=self.title or _title_before_date(found), category=self.fields.category,
            author=self.author, drop_lines=self.rules.drop_lines, boilerplate=self.learned,
            author_last_line=self.rules.author_last_line, stop_at_related=stop,
        )


@dataclass
class Extraction:
    """The text chosen so far: its clean lines, the path that found them, the blocks they came from."""

    cleaned: Cleaned
    path: str  # "site" | "generic"
    blocks: list[Block]


def parse_page(html: str | bytes, url: str, site: str | None) -> Page:
    """Decode, parse once, read the ``<head>``'s metadata, find the profile (``site`` or by URL/markup)."""
    text = decode_html(html)
    doc = parse_html(text)
    return Page(url, text, doc, read_meta(doc), resolve_profile(site, url, doc))


def apply_site_rules(page: Page, learned: tuple[str, ...]) -> SiteRead:
    """The template's rules read the fields and the body; a page that moved to another known CMS (2025
    mergers) is read by that family's rules; noise elements are dropped and the body walked into blocks."""
    doc = page.doc
    rules = choose_rules(page.profile.rules, doc, page.url)
    fields = read_fields(doc, rules, page.meta.og_title)
    bodies = find_bodies(doc, rules, fields.title_el)
    if not bodies:  # the site moved to another known CMS (2025 mergers): recognise it by markup
        other = _other_family(doc, rules)
        if other is not None:
            rules = other
            fields = read_fields(doc, rules, page.meta.og_title)
            bodies = find_bodies(doc, rules, fields.title_el)
    if fields.author and is_source_line(fields.author):  # "Theo TTXVN" in the byline box: a text line
        fields.author = fields.author_el = None
    blocks: list[Block] = []
    base = parse_tree_base(doc, page.url) if bodies else page.url
    for n, part in enumerate(bodies):  # a body split in two containers: both halves, in page order
        drop_elements(part, rules, fields.author_el, fields.date_el, fields.title_el, fields.lead_el)
        blocks += walk_blocks(part, rules, base, first=n == 0)
    title = fields.title or page.meta.og_title
    return SiteRead(rules, fields, bool(bodies), blocks, title, _clean_author(fields.author), learned)


def needs_generic(read: SiteRead, site: Extraction) -> bool:
    """Stage 3, *fallback decision*: no body container, or a body too short to trust (a changed template)."""
    return not read.has_body or len(site.cleaned.text) < MIN_SITE_BODY_CHARS


def try_generic(page: Page, read: SiteRead, site: Extraction) -> Extraction:
    """Stage 4, *generic*: trafilatura's lines, marked from the tree (captions, tables, links), cleaned; they
    win when longer and, beside a short site body, when they add article text rather than headlines.  A
    listing is ``NotAnArticle``; teaser summaries and a closing run of headline links are left out."""
    found = mark_links(mark_tables(mark_captions(generic_blocks(page.text, page.url), page.doc, read.rules),
                                   page.doc), page.doc)
    generic = read.clean(found, stop=True)
    if len(generic.text) <= len(site.cleaned.text) or (
            read.has_body and not _adds_article_text(generic, site.cleaned, found)):
        return site
    if not _claims_article(page.meta, page.profile, page.url) and is_listing(
            generic.text, page.doc, page.profile, page.url):
        raise NotAnArticle("listing page: the text is mostly headlines and summaries of other articles")
    # An article after all: trafilatura also reads the summaries of teaser cards beside a short body.
    # The page's own lead stays once: a "Tin mới" box may list this very article with it as summary.
    # A side box of headlines closing the text buries the closing byline: left out too.
    cards = card_texts(page.doc)
    own = _without_teasers(_without_trailing_links(found), cards,
                           fold(page.meta.description) if not read.fields.lead else "")
    if len(own) < len(found):
        trimmed = read.clean(own, stop=True)
        if len(trimmed.text) >= MIN_ARTICLE_CHARS:
            return Extraction(trimmed, "generic", own)
    return Extraction(generic, "generic", found)


def final_title(page: Page, read: SiteRead, chosen: Extraction) -> str | None:
    """The rules' title or ``og:title``; else the line above a portal's date line, ``<title>`` without the
    site's name, the first ``<h1>``."""
    return (read.title or _title_before_date(chosen.blocks) or _title_from_html(page.meta.html_title)
            or _first_h1(page.doc))


def check_is_article(page: Page, chosen: Extraction, title: str | None) -> None:
    """``NotAnArticle`` for an error page (by its title and text, or a missing article served with status 200)
    and for too little text."""
    cleaned = chosen.cleaned
    error = error_reason(title, cleaned.text, page.meta.is_article) or _missing_page_error(page, chosen)
    if error:
        raise NotAnArticle(error)
    if len(cleaned.text) < MIN_ARTICLE_CHARS:
        raise NotAnArticle("no article body found" if not cleaned.text else
                           f"article body too short ({len(cleaned.text)} characters)")


def _missing_page_error(page: Page, chosen: Extraction) -> str | None:
    """A missing article served with status 200: the template around it, its own "không tồn tại" message, and
    metadata that names no article (no og:title / headline, no date: the template rendered empty); the generic
    text may be the sidebars."""
    meta, cleaned = page.meta, chosen.cleaned
    if meta.is_article and (meta.og_title or meta.published or meta.date_only):
        return None
    if chosen.path != "generic" and len(cleaned.text) >= ERROR_PAGE_MAX_CHARS:
        return None
    message = missing_page_message(page.doc)
    if message and chosen.path == "site" and message in cleaned.lines and (
            len(cleaned.text) - len(message) >= MIN_ARTICLE_CHARS):
        return None  # one line of an article's body ("… trang này không tồn tại trong danh sách …")
    return f"error page: {message}" if message else None


def build_article(page: Page, read: SiteRead, chosen: Extraction, title: str | None) -> Article:
    """Stage *metadata* and *result*: the lead, dates, author, category and tags, each by its fallback chain."""
    meta, fields, cleaned = page.meta, read.fields, chosen.cleaned
    lead = _lead(cleaned, fields.lead, read.rules, meta)
    return Article(
        url=page.url,
        canonical_url=_canonical(page.profile, page.url, meta),
        site=page.profile.key,
        title=normalize_optional(title),
        text=cleaned.text,
        published=_published(fields.date_text, cleaned, meta, page.url, lead, page.doc, read.rules),
        modified=parse_vn_datetime(fields.modified_text) or meta.modified,
        author=_byline(cleaned.author, meta.author, _site_names(page)),
        lead=lead,
        captions=cleaned.captions,
        images=cleaned.images,
        category=normalize_optional(fields.category or meta.section),
        tags=fields.tags or meta.tags,
        language=meta.language or "vi",
        extraction=chosen.path,
        rules_found_body=read.has_body,
    )


def resolve_profile(site: str | None, url: str, doc: lxml.html.HtmlElement) -> Profile:
    """``site`` if given; else the profile owning the URL's host; else a ``by_markup`` profile whose markers the
    page carries (SharePoint); else ``FALLBACK_PROFILE`` (generic)."""
    if site:
        profile = get_profile(site)
        if profile is None:
            raise ExtractError(f"unknown site {site!r} (known: {', '.join(sorted(PROFILES))})")
        return profile
    profile = profile_for_url(url)
    if profile is not None:
        return profile
    by_markup = (p for p in PROFILES.values() if p.by_markup and matches_markers(doc, p.rules))
    return next(by_markup, FALLBACK_PROFILE)


def _other_family(doc: lxml.html.HtmlElement, rules: SiteRules) -> SiteRules | None:
    """Another known family whose markup this page carries and whose body container it has."""
    for other in GENERIC_RULES.variants:
        if other.family != rules.family and matches_markers(doc, other) and find_body(doc, other, None) is not None:
            return other
    return None


def _adds_article_text(generic: Cleaned, site: Cleaned, found: list[Block]) -> bool:
    """The generic text adds article paragraphs to a short site body, not mostly link headlines (the
    sidebars and teaser lists around a one-sentence brief or a photo story that trafilatura reads too)."""
    seen = {fold(line) for line in site.lines}
    linked = {fold(b.text) for b in found if b.link}
    extra = [line for line in generic.lines if fold(line) not in seen]
    total = sum(len(line) for line in extra)
    return total > 0 and sum(len(line) for line in extra if fold(line) in linked) < total * MAX_LINKED_SHARE


def _without_trailing_links(found: list[Block]) -> list[Block]:
    """Generic lines without a closing run of link-only lines: a side box of headlines ("Xem nhiều nhất") that
    trafilatura read after a short body, burying the closing byline under it."""
    end = len(found)
    while end > 0 and (found[end - 1].link or found[end - 1].kind == "image"):
        end -= 1
    run = sum(1 for b in found[end:] if b.kind != "image")
    return found[:end] if run >= TRAILING_LINK_RUN and end > 0 else found


def _without_teasers(found: list[Block], cards: set[str], lead_key: str) -> list[Block]:
    """``found`` without teaser-card summaries, but for the first line equal to the page's lead."""
    own: list[Block] = []
    for block in found:
        key = fold(block.text) if block.kind != "image" else ""
        if key in cards:
            if not (key == lead_key and key):
                continue
            lead_key = ""  # once
        own.append(block)
    return own


def _claims_article(meta: PageMeta, profile: Profile, url: str) -> bool:
    """The page says it is an article (JSON-LD *Article, a published time) and, on a site whose article
    URLs are known, its URL is one: a category page with a stray ``article:published_time`` is not."""
    if not meta.declares_article:
        return False
    return not profile.article_url_patterns or profile.is_article_url(url)


def _clean_author(value: str | None) -> str | None:
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


def _title_before_date(blocks: list[Block]) -> str | None:
    """Portal pages: the line just above the first date line ("( Cập nhật lúc: … )") is the title."""
    texts = [normalize_line(b.text) for b in blocks if b.kind != "image" and b.text.strip()]
    for i, line in enumerate(texts[:8]):
        if is_date_line(line) and i > 0 and 10 <= len(texts[i - 1]) <= 300:
            return texts[i - 1]
    return None


def _title_from_html(html_title: str | None) -> str | None:
    """``<title>`` without the site's name after " - " or " | "."""
    if not html_title:
        return None
    parts = [p.strip() for p in re.split(r"\s+[|–-]\s+", html_title) if p.strip()]
    return max(parts, key=len) if parts else None


def _first_h1(doc: lxml.html.HtmlElement) -> str | None:
    for h1 in doc.iter("h1"):
        text = element_text(h1)
        if text:
            return text
    return None


def _lead(cleaned: Cleaned, sapo: str | None, rules: SiteRules, meta: PageMeta) -> str | None:
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


def _published(
    date_text: str | None, cleaned: Cleaned, meta: PageMeta, url: str, lead: str | None,
    doc: lxml.html.HtmlElement, rules: SiteRules,
) -> str | None:
    """The publish date: what the page shows or declares (``_stated_date``); else a year-less sapo date
    ("Chiều 26/12") in the year of the page's own metadata (modified time, a date-only meta, the URL, by the
    rules' ``url_date``); else a date-only meta, a "Cập nhật lúc" anywhere in what a reader sees, the URL's
    date."""
    stated = _stated_date(date_text, cleaned, meta)
    if stated:
        return stated
    url_date = date_from_url(url, rules)
    day_month = yearless_date(lead or (cleaned.lines[0] if cleaned.lines else None))
    from_sapo = resolve_yearless(day_month, meta.modified or meta.date_only or url_date) if day_month else None
    return from_sapo or meta.date_only or _page_wide_date(doc) or url_date


def _stated_date(date_text: str | None, cleaned: Cleaned, meta: PageMeta) -> str | None:
    """What the page shows or declares: the date line (``time[datetime]``), a date line in the text,
    ``article:published_time`` / JSON-LD; the first with a time, else the first."""
    visible = parse_vn_datetime(date_text) or parse_iso(date_text)
    if visible and meta.published and meta.published[:16] == visible[:16]:
        visible = meta.published  # the page shows "13:43", its metadata the same minute with seconds
    stated = [v for v in (visible, cleaned.date, meta.published) if v]
    return next((v for v in stated if len(v) > 10), stated[0] if stated else None)


def _page_wide_date(doc: lxml.html.HtmlElement) -> str | None:
    """A "Cập nhật lúc: …" / "Ngày đăng: …" date anywhere in the text a reader sees: forms included (SharePoint
    wraps the whole page in ``<form id="aspnetForm">``), form controls not."""
    body = doc.find("body")
    return parse_labelled_date(reader_text(body)) if body is not None else None


def _byline(found: str | None, declared: str | None, site_names: set[str]) -> str | None:
    """The author the page's lines give (a credit, the author element, a last name-like line), else the
    JSON-LD author if it is name-like; the site's own name is never one (issue 15: "Báo Lạng Sơn" in
    ``author``, an organisation, is who publishes, not who wrote)."""
    if found and fold_accents(found) not in site_names:
        return found
    if declared and looks_like_name(declared) and fold_accents(declared) not in site_names:
        return declared
    return None


def _site_names(page: Page) -> set[str]:
    """Accent- and case-insensitive keys of the site's own name: ``og:site_name``, the JSON-LD publisher, the
    last " - " / " | " part of ``<title>``, the profile's name."""
    names = [page.meta.site_name, page.meta.publisher, page.profile.name]
    parts = re.split(r"\s+[|–-]\s+", page.meta.html_title or "")
    if len(parts) > 1:
        names.append(parts[-1])
    return {key for key in map(fold_accents, names) if key}


def _canonical(profile: Profile, url: str, meta: PageMeta) -> str:
    if profile.hosts:
        return profile.canonical_url(url)
    if meta.canonical and meta.canonical.startswith(("http://", "https://")):
        return meta.canonical
    return url

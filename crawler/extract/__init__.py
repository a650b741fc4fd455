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
5. *clean* (``SiteRead.clean``; ``clean.py``, ``boilerplate.py``, ``bylines.py``): one cascade of line
   rules for both paths — boilerplate (shared, per family, and the caller's learned ``boilerplate``),
   title/date/credit lines, alt text, doubled captions.
6. *metadata* and *result* (``final_title``, ``check_is_article``, ``build_article``; ``metadata.py``):
   each field by its fallback chain; dates to ISO 8601 at +07:00 (``page_dates.py``).

``NotAnArticle(reason)`` for listing pages, error pages and empty bodies; ``ExtractError`` for bad
input (undecodable bytes, unknown ``site``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import lxml.html

from archive.text import normalize_optional
from crawler.extract.article import Article, ExtractError, NotAnArticle
from crawler.extract.bylines import is_source_line
from crawler.extract.clean import Block, Cleaned, clean_blocks, fold
from crawler.extract.listing import (
    ERROR_PAGE_MAX_CHARS,
    card_texts,
    error_reason,
    is_listing,
    missing_page_message,
)
from crawler.extract.metadata import (
    byline,
    canonical_of,
    clean_author,
    first_h1,
    lead_line,
    publish_date,
    site_name_keys,
    title_before_date,
    title_from_html,
)
from crawler.extract.page import PageMeta, decode_html, parse_html, read_meta
from crawler.extract.page_dates import parse_vn_datetime
from crawler.extract.site import (
    SiteFields,
    choose_rules,
    drop_elements,
    find_bodies,
    find_body,
    matches_markers,
    parse_tree_base,
    read_fields,
    walk_blocks,
)
from crawler.profiles import FALLBACK_PROFILE, PROFILES, get_profile, profile_for_url
from crawler.profiles.base import Profile, SiteRules
from crawler.profiles.families import GENERIC_RULES

__all__ = ["Article", "ExtractError", "NotAnArticle", "extract_article"]

# A site-rules body shorter than this (characters of clean text) is not trusted: try the generic path.
MIN_SITE_BODY_CHARS = 150
# Generic text added to a short site body with at least this share of link headlines is sidebars, not article.
MAX_LINKED_SHARE = 0.5
# This many link-only lines closing the generic text are a side box of headlines, not the article's.
TRAILING_LINK_RUN = 2
# Less clean text than this is no article at all.
MIN_ARTICLE_CHARS = 60


def extract_article(
    html: str | bytes, url: str, *, site: str | Profile | None = None, boilerplate: Iterable[str] = (),
    content_type: str | None = None,
) -> Article:
    """Extract the article of ``html`` fetched from ``url``; raises :class:`NotAnArticle`.

    ``site``: a built-in profile's key, or a :class:`Profile` (a site of the sites file).
    ``content_type``: the HTTP header, whose charset wins over the page's ``<meta>`` (``page.decode_html``).

    The stages, in order: ``parse_page`` → ``apply_site_rules`` → ``clean`` (site lines) → ``needs_generic``
    (the fallback decision) → ``try_generic`` → ``final_title`` → ``check_is_article`` → ``build_article``
    (metadata: lead, dates, author)."""
    page = parse_page(html, url, site, content_type)
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
            lead_blocks + found, title=self.title or title_before_date(found), category=self.fields.category,
            author=self.author, drop_lines=self.rules.drop_lines, boilerplate=self.learned,
            author_last_line=self.rules.author_last_line, stop_at_related=stop,
        )


@dataclass
class Extraction:
    """The text chosen so far: its clean lines, the path that found them, the blocks they came from."""

    cleaned: Cleaned
    path: str  # "site" | "generic"
    blocks: list[Block]


def parse_page(html: str | bytes, url: str, site: str | Profile | None, content_type: str | None = None) -> Page:
    """Decode (BOM, HTTP charset, ``<meta>``, detection), parse once, read the ``<head>``'s metadata, find
    the profile (``site`` or by URL/markup)."""
    text = decode_html(html, content_type)
    doc = parse_html(text)
    return Page(url, text, doc, read_meta(doc), resolve_profile(site, url, doc))


def apply_site_rules(page: Page, learned: tuple[str, ...]) -> SiteRead:
    """The template's rules read the fields and the body; a page that moved to another known CMS (2025
    mergers) is read by that family's rules; noise elements are dropped and the body walked into blocks."""
    doc = page.doc
    rules = choose_rules(page.profile.rules, doc, page.url)
    fields = read_fields(doc, rules, page.meta.og_title)
    bodies = find_bodies(doc, rules, fields.title_el)
    # The site moved to another known CMS (2025 mergers): recognise it by markup (choose_rules has just tried
    # the generic rules' variants by markup already).
    if not bodies and rules is not GENERIC_RULES:
        other = _other_family(doc, rules)
        if other is not None:
            rules = other
            fields = read_fields(doc, rules, page.meta.og_title)
            bodies = find_bodies(doc, rules, fields.title_el)
    if fields.lead_el is not None and len(fields.lead_el.findall(".//p")) >= 2:  # "text-with-summary": a body
        fields.lead = fields.lead_el = None
    if fields.author and is_source_line(fields.author):  # "Theo TTXVN" in the byline box: a text line
        fields.author = fields.author_el = None
    blocks: list[Block] = []
    base = parse_tree_base(doc, page.url) if bodies else page.url
    for n, part in enumerate(bodies):  # a body split in two containers: both halves, in page order
        drop_elements(part, rules, fields.author_el, fields.date_el, fields.title_el, fields.lead_el)
        blocks += walk_blocks(part, rules, base, first=n == 0)
    title = fields.title or page.meta.og_title
    return SiteRead(rules, fields, bool(bodies), blocks, title, clean_author(fields.author), learned)


def needs_generic(read: SiteRead, site: Extraction) -> bool:
    """Stage 3, *fallback decision*: no body container, or a body too short to trust (a changed template)."""
    return not read.has_body or len(site.cleaned.text) < MIN_SITE_BODY_CHARS


def try_generic(page: Page, read: SiteRead, site: Extraction) -> Extraction:
    """Stage 4, *generic*: trafilatura's lines, marked from the tree (captions, tables, links), cleaned; they
    win when longer and, beside a short site body, when they add article text rather than headlines.  A
    listing is ``NotAnArticle``; teaser summaries and a closing run of headline links are left out."""
    # Imported here: trafilatura costs a crawl process 0.15 s of CPU to import, and a page whose site rules
    # find its body (nearly every page of a known site) never needs it.
    from crawler.extract.generic import generic_blocks, mark_captions, mark_links, mark_tables

    untouched = page.doc if not read.has_body else None  # the site path dropped elements from its bodies
    found = mark_links(mark_tables(mark_captions(generic_blocks(page.text, page.url, untouched), page.doc,
                                                 read.rules), page.doc), page.doc)
    generic = read.clean(found, stop=True)
    if len(generic.text) <= len(site.cleaned.text) or (
            read.has_body and not _adds_article_text(generic, site.cleaned, found)):
        return site
    cards = card_texts(page.doc)  # once a page: is_listing and the teaser filter share them
    if not _claims_article(page.meta, page.profile, page.url) and is_listing(
            generic.text, page.doc, page.profile, page.url, cards):
        raise NotAnArticle("listing page: the text is mostly headlines and summaries of other articles")
    # An article after all: trafilatura also reads the summaries of teaser cards beside a short body.
    # The page's own lead stays once: a "Tin mới" box may list this very article with it as summary.
    # A side box of headlines closing the text buries the closing byline: left out too.
    own = _without_trailing_links(_without_teasers(_without_trailing_links(found), cards,
                                                   fold(page.meta.description) if not read.fields.lead else ""))
    if len(own) < len(found):
        trimmed = read.clean(own, stop=True)
        if len(trimmed.text) >= MIN_ARTICLE_CHARS:
            return Extraction(trimmed, "generic", own)
    return Extraction(generic, "generic", found)


def final_title(page: Page, read: SiteRead, chosen: Extraction) -> str | None:
    """The rules' title or ``og:title``; else the line above a portal's date line, ``<title>`` without the
    site's name, the first ``<h1>``."""
    return (read.title or title_before_date(chosen.blocks) or title_from_html(page.meta.html_title)
            or first_h1(page.doc))


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
    lead = lead_line(cleaned, fields.lead, read.rules, meta)
    return Article(
        url=page.url,
        canonical_url=canonical_of(page.profile, page.url, meta),
        site=page.profile.key,
        title=normalize_optional(title),
        text=cleaned.text,
        published=publish_date(fields.date_text, cleaned, meta, page.url, lead, page.doc, read.rules),
        modified=parse_vn_datetime(fields.modified_text) or meta.modified,
        author=byline(cleaned.author, meta.author, site_name_keys(page.meta, page.profile)),
        lead=lead,
        captions=cleaned.captions,
        images=cleaned.images,
        category=normalize_optional(fields.category or meta.section),
        tags=fields.tags or meta.tags,
        language=meta.language or "vi",
        extraction=chosen.path,
        rules_found_body=read.has_body,
    )


def resolve_profile(site: str | Profile | None, url: str, doc: lxml.html.HtmlElement) -> Profile:
    """``site`` if given; else the profile owning the URL's host; else a ``by_markup`` profile whose markers the
    page carries (SharePoint); else ``FALLBACK_PROFILE`` (generic)."""
    if isinstance(site, Profile):
        return site
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

"""From article HTML to a clean :class:`~crawler.extract.article.Article` (or ``NotAnArticle``).

Entry point: ``extract_article(html, url, *, site=None, boilerplate=())``.  The cascade:

1. *site rules* (``site.py``): the profile's ``SiteRules`` (template chosen by markup, then URL) find
   title, sapo, date, author, tags, category and the body container; the page is parsed once (lxml)
   and trafilatura is not called.
2. *generic* (``generic.py``): when the rules find no body, or fewer than ``MIN_SITE_BODY_CHARS``,
   trafilatura extracts the main text; the article says ``extraction="generic"``.
3. *clean-up* (``clean.py``, ``dates.py``): one pass for both paths — boilerplate lines (shared,
   per family, and the caller's learned ``boilerplate``), title/date/credit lines, alt text, doubled
   captions; dates to ISO 8601 at +07:00.

``NotAnArticle(reason)`` for listing pages, error pages and empty bodies; ``ExtractError`` for bad
input (undecodable bytes, unknown ``site``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html

from archive.text import normalize_line, normalize_optional
from crawler.extract.article import Article, ExtractError, NotAnArticle
from crawler.extract.clean import (
    Block,
    Cleaned,
    clean_blocks,
    credit_name,
    fold,
    is_source_line,
    looks_like_name,
    same_text,
)
from crawler.extract.generic import generic_blocks
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
    choose_rules,
    drop_elements,
    element_text,
    find_bodies,
    find_body,
    mark_captions,
    mark_links,
    mark_tables,
    matches_markers,
    parse_tree_base,
    read_fields,
    walk_blocks,
)
from crawler.profiles import PROFILES, get_profile, profile_for_url
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
    html: str | bytes, url: str, *, site: str | Profile | None = None, boilerplate: Iterable[str] = ()
) -> Article:
    """Extract the article of ``html`` fetched from ``url``; raises :class:`NotAnArticle`.

    ``site``: a built-in profile's key, or a :class:`Profile` (a site of the sites file)."""
    page_text = decode_html(html)
    doc = parse_html(page_text)
    meta = read_meta(doc)
    profile = resolve_profile(site, url, doc)
    rules = choose_rules(profile.rules, doc, url)
    fields = read_fields(doc, rules, meta.og_title)
    bodies = find_bodies(doc, rules, fields.title_el)
    if not bodies:  # the site moved to another known CMS (2025 mergers): recognise it by markup
        other = _other_family(doc, rules)
        if other is not None:
            rules = other
            fields = read_fields(doc, rules, meta.og_title)
            bodies = find_bodies(doc, rules, fields.title_el)
    if fields.author and is_source_line(fields.author):  # "Theo TTXVN" in the byline box: a text line
        fields.author = fields.author_el = None
    learned = tuple(boilerplate)
    body = bodies[0] if bodies else None
    blocks: list[Block] = []
    for n, part in enumerate(bodies):  # a body split in two containers: both halves, in page order
        drop_elements(part, rules, fields.author_el, fields.date_el, fields.title_el, fields.lead_el)
        blocks += walk_blocks(part, rules, parse_tree_base(doc, url), first=n == 0)
    title = fields.title or meta.og_title
    author = _clean_author(fields.author)
    lead_blocks = [Block(fields.lead)] if fields.lead else []

    def clean(found: list[Block], *, stop: bool) -> Cleaned:
        return clean_blocks(
            lead_blocks + found, title=title or _title_before_date(found), category=fields.category,
            author=author, drop_lines=rules.drop_lines, boilerplate=learned,
            author_last_line=rules.author_last_line, stop_at_related=stop,
        )

    cleaned = clean(blocks, stop=rules.family in ("sharepoint", "so_nghean"))
    extraction = "site"
    if body is None or len(cleaned.text) < MIN_SITE_BODY_CHARS:
        found = mark_links(mark_tables(mark_captions(generic_blocks(page_text, url), doc, rules), doc), doc)
        generic = clean(found, stop=True)
        if len(generic.text) > len(cleaned.text) and (body is None or _adds_article_text(generic, cleaned, found)):
            cleaned, extraction, blocks = generic, "generic", found
            if not _claims_article(meta, profile, url) and is_listing(generic.text, doc, profile, url):
                raise NotAnArticle("listing page: the text is mostly headlines and summaries of other articles")
            # An article after all: trafilatura also reads the summaries of teaser cards beside a short body.
            # The page's own lead stays once: a "Tin mới" box may list this very article with it as summary.
            # A side box of headlines closing the text buries the closing byline: left out too.
            cards = card_texts(doc)
            own = _without_teasers(_without_trailing_links(found), cards,
                                   fold(meta.description) if not fields.lead else "")
            if len(own) < len(found):
                trimmed = clean(own, stop=True)
                if len(trimmed.text) >= MIN_ARTICLE_CHARS:
                    cleaned, blocks = trimmed, own
    title = title or _title_before_date(blocks) or _title_from_html(meta.html_title) or _first_h1(doc)
    error = error_reason(title, cleaned.text, meta.is_article)
    # A missing article served with status 200: the template around it, its own "không tồn tại" message, and
    # metadata that names no article (no og:title / headline, no date: the template rendered empty); the
    # generic text may be the sidebars.
    claims = meta.is_article and bool(meta.og_title or meta.published or meta.date_only)
    if not error and not claims and (extraction == "generic" or len(cleaned.text) < ERROR_PAGE_MAX_CHARS):
        message = missing_page_message(doc)
        if message and extraction == "site" and message in cleaned.lines and (
                len(cleaned.text) - len(message) >= MIN_ARTICLE_CHARS):
            message = None  # one line of an article's body ("… trang này không tồn tại trong danh sách …")
        error = f"error page: {message}" if message else None
    if error:
        raise NotAnArticle(error)
    if len(cleaned.text) < MIN_ARTICLE_CHARS:
        raise NotAnArticle("no article body found" if not cleaned.text else
                           f"article body too short ({len(cleaned.text)} characters)")
    lead = _lead(cleaned, fields.lead, rules, meta)
    return Article(
        url=url,
        canonical_url=_canonical(profile, url, meta),
        site=profile.key,
        title=normalize_optional(title),
        text=cleaned.text,
        published=_published(fields.date_text, cleaned, meta, url, lead, doc),
        modified=parse_vn_datetime(fields.modified_text) or meta.modified,
        author=cleaned.author or (meta.author if meta.author and looks_like_name(meta.author) else None),
        lead=lead,
        captions=cleaned.captions,
        images=cleaned.images,
        category=normalize_optional(fields.category or meta.section),
        tags=fields.tags or meta.tags,
        language=meta.language or "vi",
        extraction=extraction,
        rules_found_body=body is not None,
    )


def resolve_profile(site: str | Profile | None, url: str, doc: lxml.html.HtmlElement) -> Profile:
    """``site`` if given; else the profile owning the URL's host; else SharePoint by markup; else generic."""
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
    sharepoint = PROFILES["sharepoint"]
    return sharepoint if matches_markers(doc, sharepoint.rules) else PROFILES["generic"]


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
    doc: lxml.html.HtmlElement,
) -> str | None:
    """The publish date: what the page shows or declares (date line, ``time[datetime]``,
    ``article:published_time``, JSON-LD; a timestamp before a bare date); else a year-less sapo
    date ("Chiều 26/12") in the year of the page's own metadata (modified time, a date-only meta,
    the BDK URL); else a date-only meta, a "Cập nhật lúc" anywhere, the URL's date."""
    visible = parse_vn_datetime(date_text) or parse_iso(date_text)
    if visible and meta.published and meta.published[:16] == visible[:16]:
        visible = meta.published  # the page shows "13:43", its metadata the same minute with seconds
    url_date = date_from_url(url)
    stated = [v for v in (visible, cleaned.date, meta.published) if v]
    for value in stated:
        if len(value) > 10:
            return value
    if stated:
        return stated[0]
    reference = meta.modified or meta.date_only or url_date
    day_month = yearless_date(lead or (cleaned.lines[0] if cleaned.lines else None))
    from_sapo = resolve_yearless(day_month, reference) if day_month else None
    if from_sapo:
        return from_sapo
    if meta.date_only:
        return meta.date_only
    labelled = parse_labelled_date(element_text(doc.body) if doc.find("body") is not None else None)
    return labelled or url_date


def _canonical(profile: Profile, url: str, meta: PageMeta) -> str:
    if profile.hosts:
        return profile.canonical_url(url)
    if meta.canonical and meta.canonical.startswith(("http://", "https://")):
        return meta.canonical
    return url

"""Stage *site rules*: a family's selectors (``SiteRules``) applied to the parsed page.

Picks the template (``variants``: markup first, URL second), reads title, sapo, date, author,
tags and category by selector, finds the body container (the one under the page's own title when
several match: ePi side boxes carry other articles' text), drops the family's noise elements and
walks the body into :class:`Block` s in page order (paragraphs, captions, images).  Never calls
trafilatura; the caller falls back to ``generic.py`` when no body or a very short one is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from archive.text import normalize_line
from crawler.extract.boilerplate import is_related_label
from crawler.extract.clean import Block, fold, same_text
from crawler.extract.listing import card_texts
from crawler.extract.selectors import compile_selector, select_all, select_any
from crawler.profiles.base import SiteRules

# Elements never read as text.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "input", "select", "textarea",
    "object", "embed", "audio", "video", "canvas", "map", "head", "link", "meta", "nav",
    # AMP pages (amp.baodongkhoi.vn): embeds print placeholders and fallbacks ("Đang tải…"), never article text.
    "amp-ad", "amp-embed", "amp-sticky-ad", "amp-analytics", "amp-iframe", "amp-youtube", "amp-facebook",
    "amp-twitter", "amp-instagram", "amp-video", "amp-audio", "amp-social-share", "amp-pixel",
})
# What a reader sees of a whole page (a page-wide date): a form's text too (SharePoint wraps the whole page in
# ``<form id="aspnetForm">``), its controls' values and options not.
READER_SKIP_TAGS = (SKIP_TAGS - {"form"}) | {"option", "optgroup", "datalist", "output"}
# Inside any body: related-article boxes, share bars, ad slots, comment forms (every family has them).
SHARED_DROP = (
    "[class*='related']", "[class*='relate-']", "[class*='tinlienquan']", "[id*='related']",
    "[class*='social-share']", "[class*='share-button']", "div.fb-like", "div.zalo-share-button",
    "[class*='advert']", "[id^='ads-']", "[id^='adsWeb']", "div.wrap-comment", "[id^='comment-']",
    "a[href*='news.google.com']",  # "Theo dõi … trên Google News" follow buttons (ePi prints one per bar)
    # Ad slots named ads-…, …-ads, ads_…, a bare "ads" class; AdSense units.
    "[class^='ads-']", "[class*=' ads-']", "[class*='-ads']", "[class^='ads_']", "[class*='_ads']", "[class~='ads']",
    "ins.adsbygoogle",
    # Social embeds: without their script they print the post's text, "Đăng bởi …", handles and dates.
    "div.fb-post", "div.fb-video", "div.fb-page", "blockquote.fb-xfbml-parse-ignore", "blockquote.twitter-tweet",
    "blockquote.twitter-video", "blockquote.instagram-media", "blockquote.tiktok-embed",
    # A pager inside a paginated article: page numbers, "Trang sau".
    "[class*='pagination']", "[class*='paging']", "[class~='pager']",
)
# Elements that end a line of text.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tbody",
    "thead", "tfoot", "tr", "td", "th", "blockquote", "figure", "figcaption", "header", "footer", "aside", "main",
    "pre", "dl", "dt", "dd", "center", "address", "hr", "caption",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Several containers match: only those with at least this share of the longest one's text compete.
SUBSTANTIAL_SHARE = 0.5
# A bold first paragraph at least this long is a sapo.
MIN_LEAD_CHARS = 40
# Breadcrumb roots, never a category.
HOME_LINKS = frozenset({"trang chủ", "home", "trang nhất", "»", ">"})
_WS = re.compile(r"\s+")  # in HTML a newline inside text is a space
IMAGE_TAGS = frozenset({"img", "amp-img"})
# A table whose cells hold more text than this is a layout table (text columns), not a table of figures.
MAX_TABLE_CELL_CHARS = 300
_LAZY_SRC = ("data-src", "data-original", "data-lazy-src", "src")


def element_text(el: etree._Element, skip: frozenset[str] = SKIP_TAGS) -> str:
    """Visible text of ``el`` on one line: ``skip`` tags (scripts, forms …) skipped, block edges and ``<br>``
    become spaces."""
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in skip:
            return
        edge = tag in BLOCK_TAGS or tag == "br"
        if edge:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)
        if edge:
            parts.append(" ")

    visit(el)
    return normalize_line(_WS.sub(" ", "".join(parts)))


def reader_text(el: etree._Element) -> str:
    """The text a reader sees in ``el``, forms included, form controls (inputs, buttons, options) not."""
    return element_text(el, READER_SKIP_TAGS)


def first_value(root: etree._Element, selectors: tuple[str, ...]) -> tuple[str | None, etree._Element | None]:
    """The first non-empty value (text, or the ``@attr``) of the first matching selector."""
    for selector in selectors:
        attr = compile_selector(selector).attr
        for el in select_all(root, selector):
            value = normalize_line(el.get(attr) or "") if attr else element_text(el)
            if value:
                return value, el
    return None, None


def all_values(root: etree._Element, selectors: tuple[str, ...]) -> list[str]:
    """Every non-empty value of the first selector that yields any (tags)."""
    for selector in selectors:
        attr = compile_selector(selector).attr
        values = []
        for el in select_all(root, selector):
            value = normalize_line(el.get(attr) or "") if attr else element_text(el)
            value = value.lstrip("#").strip(" ,")
            if value and value not in values:
                values.append(value)
        if values:
            return values
    return []


def matches_markers(doc: etree._Element, rules: SiteRules) -> bool:
    return any(select_all(doc, marker) for marker in rules.markers)


def choose_rules(rules: SiteRules, doc: etree._Element, url: str) -> SiteRules:
    """The template of this page: a variant whose markup matches, else whose URL matches, else ``rules``."""
    for variant in rules.variants:
        if variant.markers and matches_markers(doc, variant):
            return choose_rules(variant, doc, url)
    for variant in rules.variants:
        if variant.url_hint and re.search(variant.url_hint, url):
            return choose_rules(variant, doc, url)
    return rules


@dataclass
class SiteFields:
    """What the site rules read outside the body (each may be ``None``)."""

    title: str | None = None
    title_el: etree._Element | None = None
    lead: str | None = None
    lead_el: etree._Element | None = None
    date_text: str | None = None
    date_el: etree._Element | None = None
    modified_text: str | None = None
    author: str | None = None
    author_el: etree._Element | None = None
    tags: list[str] = field(default_factory=list)
    category: str | None = None


def pick_title(doc: etree._Element, rules: SiteRules, og_title: str | None) -> tuple[str | None, etree._Element | None]:
    """The article's title element: one agreeing with ``og:title`` when several match (side boxes), else the
    first (selectors in order, each in page order); the search stops at the one it returns."""
    first: tuple[str, etree._Element] | None = None
    for selector in rules.title:
        for el in select_all(doc, selector):
            text = element_text(el)
            if text and (not og_title or same_text(text, og_title)):
                return text, el
            if text and first is None:
                first = (text, el)
    return first or (None, None)


def read_fields(doc: etree._Element, rules: SiteRules, og_title: str | None) -> SiteFields:
    fields = SiteFields()
    fields.title, fields.title_el = pick_title(doc, rules, og_title)
    fields.lead, fields.lead_el = first_value(doc, rules.lead)
    fields.date_text, fields.date_el = first_value(doc, rules.date)
    fields.modified_text, _ = first_value(doc, rules.modified)
    fields.author, fields.author_el = first_value(doc, rules.author)
    fields.tags = all_values(doc, rules.tags)
    fields.category = next((c for c in all_values(doc, rules.category) if c.casefold() not in HOME_LINKS), None)
    return fields


def _common_depth(el: etree._Element, title_el: etree._Element) -> int:
    """Depth of the lowest element holding both ``el`` and the title: deeper = same article block."""
    title_line = [title_el, *title_el.iterancestors()]
    for ancestor in [el, *el.iterancestors()]:
        if ancestor in title_line:
            return sum(1 for _ in ancestor.iterancestors())
    return -1


def find_body(doc: etree._Element, rules: SiteRules, title_el: etree._Element | None) -> etree._Element | None:
    """The (first) body container, or ``None``."""
    bodies = find_bodies(doc, rules, title_el)
    return bodies[0] if bodies else None


def find_bodies(doc: etree._Element, rules: SiteRules, title_el: etree._Element | None) -> list[etree._Element]:
    """The body container(s) of the page's article, in page order.

    Several containers match: those sharing the deepest block with the title are the article's, all of them
    (long articles and e-magazines close the body and open a second one after an ad or a full-width photo);
    a container under another article's own title (a next article loaded below) is not.  ePi side boxes carry
    other articles' text and share a shallower block with the title.  Without a title, the one with the most
    text (of those with a substantial share of it)."""
    for selector in rules.body:
        found = select_all(doc, selector)
        if not found:
            continue
        matched = set(found)
        found = [el for el in found if not any(a in matched for a in el.iterancestors())]  # outermost only
        if len(found) == 1:
            return found
        if title_el is not None:
            others = [t for t in _title_elements(doc, rules) if t is not title_el]
            noise = set(noise_elements(doc, rules))  # a related box's items may share the class
            own = [el for el in found if not _under_other_title(el, title_el, others)
                   and not any(a in noise for a in (el, *el.iterancestors()))]
            if own:
                depth = {el: _common_depth(el, title_el) for el in own}
                best = max(depth.values())
                return [el for el in own if depth[el] == best]
        sizes = {el: len(element_text(el)) for el in found}
        longest = max(sizes.values())
        pool = [el for el in found if sizes[el] >= longest * SUBSTANTIAL_SHARE]
        return [max(pool, key=lambda el: sizes[el])]
    return []


def _title_elements(doc: etree._Element, rules: SiteRules) -> list[etree._Element]:
    return [el for selector in rules.title for el in select_all(doc, selector) if element_text(el)]


def _under_other_title(el: etree._Element, title_el: etree._Element, others: list[etree._Element]) -> bool:
    """``el`` sits in a block, below the one it shares with the page's title, that has a title of its own."""
    for ancestor in [el, *el.iterancestors()]:
        if _is_within(title_el, ancestor):
            return False
        if any(_is_within(t, ancestor) for t in others):
            return True
    return False


def noise_elements(root: etree._Element, rules: SiteRules) -> list[etree._Element]:
    """The family's noise elements and the shared ones (``SHARED_DROP``) under ``root``: one pass over the tree."""
    return select_any(root, (*rules.drop, *SHARED_DROP))


# Elements the page itself hides (inline ``display:none``, ``hidden``): ad placeholders, ePi's alt-text spans.
_HIDDEN = etree.XPath(
    ".//*[@hidden or contains(translate(translate(@style, ' ', ''), 'DISPLAYNOE', 'displaynoe'), 'display:none')]"
)


def drop_elements(container: etree._Element, rules: SiteRules, *extra: etree._Element | None) -> None:
    """Remove the family's noise elements (and ``extra``: author, date, title) and hidden elements
    from ``container``."""
    doomed: list[etree._Element] = [el for el in extra if el is not None and _is_within(el, container)]
    doomed.extend(noise_elements(container, rules))
    doomed.extend(_HIDDEN(container))
    for el in doomed:
        if el is container:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail and el.tail.strip():  # keep the text that follows a removed inline element
            previous = el.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + " " + el.tail
            else:
                parent.text = (parent.text or "") + " " + el.tail
        parent.remove(el)


def _is_within(el: etree._Element, container: etree._Element) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def image_src(img: etree._Element, base_url: str) -> str | None:
    for attr in _LAZY_SRC:
        src = (img.get(attr) or "").strip()
        if src and not src.startswith("data:"):
            return urljoin(base_url, src)
    return None


def walk_blocks(container: etree._Element, rules: SiteRules, base_url: str, *, first: bool = True) -> list[Block]:
    """The container's text as blocks in page order: one per paragraph-like element, ``<br>`` splits;
    a table of figures one line a row, its cells separated by " | " (a cell a line would scatter a row).

    ``first=False`` for the second part of a split body (no sapo there).  A block whose every word is link
    text (a related-article link an editor put under "Xem thêm:") says so in ``Block.link``; an image inside
    a link too."""
    caption_els: set[etree._Element] = set()
    for selector in rules.caption:
        caption_els.update(select_all(container, selector))
    blocks: list[Block] = []
    buffer: list[str] = []
    kind_stack: list[str] = ["para"]
    in_link = [0]  # depth of <a> elements around the current node
    lists: list[int] = []  # the <ul>/<ol> elements around the current node (their ids)
    outside_link = [False]  # the buffer holds text that is not link text

    def add(text: str | None) -> None:
        if text:
            buffer.append(text)
            if not in_link[0] and text.strip():
                outside_link[0] = True

    def flush() -> None:
        if not buffer:  # most calls: a block edge right after another
            outside_link[0] = False
            return
        text = normalize_line(_WS.sub(" ", "".join(buffer)))
        link_only = not outside_link[0]
        buffer.clear()
        outside_link[0] = False
        if text:
            blocks.append(Block(text, kind_stack[-1], link=link_only, in_list=lists[-1] if lists else 0))

    def visit(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP_TAGS or not tag:
            return
        if tag in IMAGE_TAGS:
            src = image_src(el, base_url)
            if src:
                flush()
                blocks.append(Block("", "image", src=src, link=bool(in_link[0])))
            return
        if tag == "br":
            flush()
            return
        if tag == "table" and is_data_table(el):
            flush()
            blocks.extend(Block(line) for line in table_lines(el))
            return
        is_block = tag in BLOCK_TAGS
        kind = "caption" if el in caption_els else ("heading" if tag in HEADING_TAGS else kind_stack[-1])
        if is_block or kind != kind_stack[-1]:
            flush()
        kind_stack.append(kind)
        if tag in ("ul", "ol"):
            lists.append(id(el))
        in_link[0] += tag == "a"
        add(el.text)
        for child in el:
            visit(child)
            add(child.tail)
        in_link[0] -= tag == "a"
        if is_block or kind != kind_stack[-2]:
            flush()
        if tag in ("ul", "ol"):
            lists.pop()
        kind_stack.pop()

    visit(container)
    flush()
    if any(b.kind != "image" and is_related_label(b.text) for b in blocks):  # teaser cards matter only there
        cards = card_texts(container)
        for block in blocks:
            block.teaser = block.kind != "image" and fold(block.text) in cards
    if first:  # a second part of a split body starts with no sapo
        _mark_bold_lead(container, blocks)
    return blocks


def row_cells(row: etree._Element) -> list[etree._Element]:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def is_data_table(table: etree._Element) -> bool:
    """A table of figures, not a layout or image table: no nested table, no image, short cells, and at
    least two rows of two cells or more."""
    if table.find(".//table") is not None or any(True for _ in table.iter(*IMAGE_TAGS)):
        return False
    rows = [row_cells(tr) for tr in table.iter("tr")]
    if sum(1 for cells in rows if len(cells) >= 2) < 2:
        return False
    return all(len(element_text(c)) <= MAX_TABLE_CELL_CHARS for cells in rows for c in cells)


def table_lines(table: etree._Element) -> list[str]:
    """One line a row, in row order, cells joined by " | " (an empty cell stays a gap); the table's
    ``<caption>`` first."""
    lines = [element_text(c) for c in table.iter("caption")]
    for tr in table.iter("tr"):
        cells = [element_text(c) for c in row_cells(tr)]
        if any(cells):
            lines.append(normalize_line(" | ".join(cells)))
    return [line for line in lines if line]


def _mark_bold_lead(container: etree._Element, blocks: list[Block]) -> None:
    """A first paragraph set entirely in bold is the sapo (cchc portal, old Báo Nghệ An)."""
    first = next((b for b in blocks if b.kind != "image"), None)
    if first is None or first.kind != "para" or len(first.text) < MIN_LEAD_CHARS:
        return
    key = fold(first.text)
    for bold in container.iter("strong", "b"):
        if bold.getparent() is not None and bold.getparent().tag in ("strong", "b"):
            continue
        text = fold(element_text(bold))
        if text == key:
            first.kind = "lead"
            return
        if text:
            return  # the first bold text on the page is not the whole first paragraph


def parse_tree_base(doc: lxml.html.HtmlElement, url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` (BDK's CMS sets one) or the page URL."""
    bases = [base.get("href") for base in doc.iter("base") if base.get("href") is not None]
    return urljoin(url, bases[0].strip()) if bases and bases[0].strip() else url

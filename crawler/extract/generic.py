"""Stage 4, the generic path: trafilatura finds the main text when site rules find none.

Used for sites without rules, and for a known site whose container matched nothing or too little
(templates change).  trafilatura's XML output is read paragraph by paragraph (a line break in the
HTML source is a space, ``<lb/>`` a new line); ``mark_captions``, ``mark_tables`` and ``mark_links``
put back what the page's tree knows about those lines (captions, tables of figures, link-only lines), as the
site path knows it; the lines then go through the same clean-up as the site path (``clean.py``).

trafilatura is given the page already parsed when the caller has an untouched tree, and its body is
read as a tree (``bare_extraction``): serialising it to an XML string, fingerprinting it and parsing
it back, as ``trafilatura.extract`` does, cost a third of the call.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.utils import sanitize_tree
from trafilatura.xml import delete_element, keeps_empty, remove_empty_elements, strip_double_tags

from crawler.extract.clean import Block, fold
from crawler.extract.site import (
    BLOCK_TAGS,
    element_text,
    is_data_table,
    row_cells,
    select_all,
    table_lines,
)
from crawler.profiles.base import SiteRules

# Less text than this from the precise pass: try again with tables and recall-oriented settings.
MIN_GENERIC_CHARS = 200
# trafilatura's XML elements that hold one paragraph-like line each.
_LINE_TAGS = ("p", "head", "item", "cell", "quote", "code")
_WS = re.compile(r"\s+")
# Leaf elements whose text is a paragraph (to place a restored caption after).
_PARAGRAPH_TAGS = frozenset({"p", "div", "li", "h2", "h3", "h4", "blockquote"})
# A hidden block carrying schema.org properties: metadata for machines (dates, image URLs, a copy of the body).
_HIDDEN_METADATA = ("//*[contains(translate(@style, ' ', ''), 'display:none') or @hidden]"
                    "[descendant-or-self::*[@itemprop]]")
# A line that is a machine value, never prose: an ISO 8601 timestamp, a bare URL.
_MACHINE_VALUE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|"
                            r"(?:https?:)?//\S+)$")
# Lines at least this long found inside a later line make it a copy (the body again, in one line).
MIN_COPY_CHARS = 40


def generic_blocks(html: str, url: str, tree: lxml.html.HtmlElement | None = None) -> list[Block]:
    """Main-text lines of ``html`` by trafilatura (precise, then with tables and recall if it finds little).

    ``tree``: ``html`` already parsed and not modified since (trafilatura works on a copy); else parsed here.
    """
    source = tree if tree is not None else html
    # Layout tables (Sở portals) would come out as menu rows: tables only when nothing else is found.
    blocks = _body_lines(_trafilatura_body(source, url, include_tables=False))
    if sum(len(b.text) for b in blocks) < MIN_GENERIC_CHARS:
        more = _body_lines(_trafilatura_body(source, url, include_tables=True, favor_recall=True))
        if sum(len(b.text) for b in more) > sum(len(b.text) for b in blocks):
            blocks = more
    return without_copies(blocks)


def without_copies(blocks: list[Block]) -> list[Block]:
    """``blocks`` without machine values and copies of the body: a line holding two earlier lines (the body
    again as one line, a summary box that is the body).  A line said twice stays (a pull quote repeats it)."""
    kept: list[Block] = []
    for block in blocks:
        if _MACHINE_VALUE.match(block.text):
            continue
        if len(block.text) >= 2 * MIN_COPY_CHARS and _holds_two(block.text, kept):
            continue
        kept.append(block)
    return kept


def _holds_two(text: str, earlier: list[Block]) -> bool:
    """``text`` holds two different, shorter earlier lines."""
    found = {b.text for b in earlier if MIN_COPY_CHARS <= len(b.text) < len(text) and b.text in text}
    return len(found) >= 2


def _trafilatura_body(source: str | lxml.html.HtmlElement, url: str, **options: bool) -> etree._Element | None:
    """trafilatura's main-text tree (its XML vocabulary), cleaned as its XML output is, or ``None``."""
    document = trafilatura.bare_extraction(
        source, url=url, output_format="xml", include_comments=False, include_images=False,
        deduplicate=False, with_metadata=False, prune_xpath=_HIDDEN_METADATA, **options,
    )
    if document is None or document.body is None:
        return None
    body = document.body
    for element in body.iter("*"):  # what trafilatura.extract does before writing its XML
        if len(element) == 0 and not element.text and not element.tail and not keeps_empty(element):
            delete_element(element, keep_tail=False)
    strip_double_tags(body)
    remove_empty_elements(body)
    return sanitize_tree(body)


def _body_lines(body: etree._Element | None) -> list[Block]:
    """One block per line of each innermost line element (``<p>``, ``<head>``, ``<item>``, …)."""
    if body is None:
        return []
    for lb in body.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    blocks: list[Block] = []
    for el in body.iter(*_LINE_TAGS):
        if any(child.tag in _LINE_TAGS for child in el.iterdescendants()):
            continue
        kind = "heading" if el.tag == "head" else "para"
        for line in "".join(el.itertext()).split("\n"):
            line = _WS.sub(" ", line).strip()
            if line:
                blocks.append(Block(line, kind))
    return blocks


def mark_captions(blocks: list[Block], doc: etree._Element, rules: SiteRules) -> list[Block]:
    """Generic-path lines: put back the captions trafilatura dropped (after the paragraph that precedes
    them on the page) and mark lines that are a caption element's text as captions."""
    caption_els: set[etree._Element] = set()
    for selector in (*rules.caption, "figcaption"):
        caption_els.update(select_all(doc, selector))
    if not caption_els:
        return blocks
    out = list(blocks)
    index = {fold(b.text): i for i, b in enumerate(out)}
    anchor: int | None = None
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el in caption_els:
            text = element_text(el)
            key = fold(text)
            if key and key in index:
                out[index[key]] = Block(out[index[key]].text, "caption")
            elif key and anchor is not None:
                position = anchor + 1
                out.insert(position, Block(text, "caption"))
                index = {fold(b.text): i for i, b in enumerate(out)}
                anchor = position
            continue
        if el.tag in _PARAGRAPH_TAGS and not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
            position = index.get(fold(element_text(el)))
            if position is not None:
                anchor = position
    return out


def mark_tables(blocks: list[Block], doc: etree._Element) -> list[Block]:
    """Generic-path lines: a table of figures a row a line, as on the site path.  trafilatura prints its cells
    one a line (those lines become the rows) or drops it (its rows are put back when the paragraphs just
    before and after the table on the page are both in the text: a table in a sidebar stays out)."""
    out = list(blocks)
    for table in doc.iter("table"):
        if not is_data_table(table):
            continue
        rows = [Block(line) for line in table_lines(table)]
        grid = [[fold(element_text(c)) for c in row_cells(tr)] for tr in table.iter("tr")]
        cells = [key for row in grid if len(row) >= 2 for key in row if key]  # a title row may be left out
        titles = {key for row in grid if len(row) == 1 for key in row if key}
        keys = [fold(b.text) for b in out]
        start = next((i for i in range(len(keys) - len(cells) + 1) if keys[i:i + len(cells)] == cells), None)
        if start is not None:
            end = start + len(cells)
            while start > 0 and keys[start - 1] in titles:
                start -= 1
            out[start:end] = rows
            continue
        if any(fold(r.text) in keys for r in rows) or any(c in keys for c in cells):
            continue
        before, after = _neighbour_text(table, -1), _neighbour_text(table, 1)
        if before in keys and after in keys and keys.index(after) == keys.index(before) + 1:
            position = keys.index(before) + 1
            out[position:position] = rows
    return out


def _neighbour_text(el: etree._Element, step: int) -> str:
    """Folded text of the nearest non-empty sibling before (``step=-1``) or after ``el``."""
    sibling = el.getprevious() if step < 0 else el.getnext()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            text = fold(element_text(sibling))
            if text:
                return text
        sibling = sibling.getprevious() if step < 0 else sibling.getnext()
    return ""


def mark_links(blocks: list[Block], doc: etree._Element) -> list[Block]:
    """Generic-path lines: a line that is the whole text of a link on the page is link-only
    (``Block.link``), as the site path knows from the tree."""
    anchors = {fold(element_text(a)) for a in doc.iter("a")}
    anchors.discard("")
    for block in blocks:
        if block.kind != "image" and fold(block.text) in anchors:
            block.link = True
    return blocks

"""Stage 2, the generic path: trafilatura finds the main text when site rules find none.

Used for sites without rules, and for a known site whose container matched nothing or too little
(templates change).  trafilatura's XML output is read paragraph by paragraph (a line break in the
HTML source is a space, ``<lb/>`` a new line); ``mark_captions``, ``mark_tables`` and ``mark_links``
put back what the page's tree knows about those lines (captions, tables of figures, link-only lines), as the
site path knows it; the lines then go through the same clean-up as the site path (``clean.py``).
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

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


def generic_blocks(html: str, url: str) -> list[Block]:
    """Main-text lines of ``html`` by trafilatura (precise, then with tables and recall if it finds little)."""
    options = {
        "url": url, "output_format": "xml", "include_comments": False, "include_images": False,
        "deduplicate": False, "with_metadata": False,
    }
    # Layout tables (Sở portals) would come out as menu rows: tables only when nothing else is found.
    blocks = _xml_lines(trafilatura.extract(html, include_tables=False, **options))
    if sum(len(b.text) for b in blocks) < MIN_GENERIC_CHARS:
        more = _xml_lines(trafilatura.extract(html, include_tables=True, favor_recall=True, **options))
        if sum(len(b.text) for b in more) > sum(len(b.text) for b in blocks):
            blocks = more
    return blocks


def _xml_lines(xml: str | None) -> list[Block]:
    if not xml:
        return []
    try:
        root = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:
        return [Block(line) for line in xml.split("\n") if line.strip()]
    main = root.find("main")
    if main is None:
        main = root
    for lb in main.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    blocks: list[Block] = []
    for el in main.iter(*_LINE_TAGS):
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

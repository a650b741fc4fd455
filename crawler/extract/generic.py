"""Stage 2, the generic path: trafilatura finds the main text when site rules find none.

Used for sites without rules, and for a known site whose container matched nothing or too little
(templates change).  trafilatura's XML output is read paragraph by paragraph (a line break in the
HTML source is a space, ``<lb/>`` a new line); its lines go through the same clean-up as the site
path (``clean.py``).
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

from crawler.extract.clean import Block

# Less text than this from the precise pass: try again with tables and recall-oriented settings.
MIN_GENERIC_CHARS = 200
# trafilatura's XML elements that hold one paragraph-like line each.
_LINE_TAGS = ("p", "head", "item", "cell", "quote", "code")
_WS = re.compile(r"\s+")


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

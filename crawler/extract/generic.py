"""Stage 2, the generic path: trafilatura finds the main text when site rules find none.

Used for sites without rules, and for a known site whose container matched nothing or too little
(templates change).  Its lines go through the same clean-up as the site path (``clean.py``).
"""

from __future__ import annotations

import trafilatura

from crawler.extract.clean import Block


def generic_blocks(html: str, url: str) -> list[Block]:
    """Main-text lines of ``html`` by trafilatura (balanced, then recall-oriented if it finds nothing)."""
    options = {
        "url": url, "output_format": "txt", "include_comments": False, "include_tables": True,
        "include_images": False, "deduplicate": False, "with_metadata": False,
    }
    text = trafilatura.extract(html, **options) or trafilatura.extract(html, favor_recall=True, **options)
    return [Block(line) for line in (text or "").split("\n") if line.strip()]

"""From article HTML to a clean :class:`~crawler.extract.article.Article` (or ``NotAnArticle``).

Entry point: ``extract_article(html, url, site=None, boilerplate=())``.

PLACEHOLDER: this first version is a bare trafilatura pass so the rest of the pipeline can be
built against the contract; the layered extractor (site rules, generic fallback, clean-up)
replaces it.
"""

from __future__ import annotations

from collections.abc import Iterable

import trafilatura

from archive.text import normalize_optional, normalize_text
from crawler.extract.article import Article, NotAnArticle
from crawler.profiles import get_profile, profile_for_url

__all__ = ["Article", "NotAnArticle", "extract_article"]


def extract_article(
    html: str | bytes, url: str, *, site: str | None = None, boilerplate: Iterable[str] = ()
) -> Article:
    """Extract the article of ``html`` fetched from ``url``; raises :class:`NotAnArticle`."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    profile = get_profile(site) if site else profile_for_url(url)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, as_dict=True)
    if not doc or not doc.get("text"):
        raise NotAnArticle("no article body found")
    drop = set(boilerplate)
    text = "\n".join(line for line in normalize_text(doc["text"]).split("\n") if line not in drop)
    return Article(
        url=url,
        canonical_url=profile.canonical_url(url) if profile else url,
        site=profile.key if profile else "generic",
        title=normalize_optional(doc.get("title")),
        text=text,
        published=doc.get("date"),
        author=normalize_optional(doc.get("author")),
        extraction="generic",
    )

"""What a site profile is: hosts and URL patterns (shared), extraction rules, discovery rules.

A profile is data.  ``SiteRules`` is read by ``crawler/extract`` and ``Discovery`` by
``crawler/spiders``; adding a site of a known family is a new ``Profile``, not a new class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class SiteRules:
    """How to extract an article of one template (read by ``crawler/extract/site.py``).

    Selectors are CSS, tried in order, first hit wins; ``"css@attr"`` reads an attribute instead of
    the text.  Per-family values live in ``crawler/profiles/families.py``.  A site with several
    templates lists them in ``variants``: the first whose ``markers`` match the page wins, then the
    first whose ``url_hint`` matches the URL; with none, these rules themselves apply.
    """

    family: str = "generic"  # bdk | epi | baonghean_old | baonghean_2025 | sharepoint | so_nghean | generic
    markers: tuple[str, ...] = ()  # any of these present in the page = this template (markup first)
    url_hint: str | None = None  # regex on the URL (second choice)
    body: tuple[str, ...] = ()  # article body containers
    drop: tuple[str, ...] = ()  # removed from the body before reading it (share, ads, related, comments)
    title: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()  # sapo outside the body; printed first in ``text``
    lead_is_first_paragraph: bool = False  # no sapo element: the first body paragraph is the lead
    date: tuple[str, ...] = ()  # visible date line or time[datetime]
    modified: tuple[str, ...] = ()
    author: tuple[str, ...] = ()  # author element (removed from the body when inside it)
    author_last_line: bool = True  # a last short name-like line is the author
    caption: tuple[str, ...] = ()  # caption elements inside the body
    tags: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    drop_lines: tuple[str, ...] = ()  # template lines of this family (exact, case-insensitive)
    variants: tuple[SiteRules, ...] = ()


@dataclass(frozen=True)
class Discovery:
    """How to find article URLs: start pages, listing pagination, feeds."""

    start_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    key: str  # = spider name = fixture folder
    name: str
    hosts: tuple[str, ...]  # every host serving this site, canonical first
    canonical_host: str
    article_url_patterns: tuple[re.Pattern[str], ...] = ()
    rules: SiteRules = field(default_factory=SiteRules)
    discovery: Discovery = field(default_factory=Discovery)

    def owns(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host in self.hosts

    def is_article_url(self, url: str) -> bool:
        return any(p.search(url) for p in self.article_url_patterns)

    def canonical_url(self, url: str) -> str:
        """The one URL an article is archived under: canonical host, https, no fragment."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host in self.hosts:
            host = self.canonical_host
        return urlunsplit(("https", host, parts.path or "/", parts.query, ""))

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
    """How to extract an article of this site (selectors are CSS, tried in order)."""

    family: str = "generic"  # bdk | epi | baonghean_old | baonghean_2025 | sharepoint | so_nghean | generic


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

"""Which articles a search, an export or a report covers: sites, a published-date range, unique only.

One :class:`ArticleFilter` turns the shared command options (``--site``, ``--since``, ``--until``,
``--unique``) into an SQL ``WHERE`` fragment with parameters.  Dates compare on
``articles.published_date`` (``YYYY-MM-DD``, indexed), so a range query uses the index; an
article without a published date is left out as soon as a date bound is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

UNIQUE_CONDITION = "duplicate_of IS NULL"  # SQL on ``articles``: one article per duplicate cluster (archive.dedup)


@dataclass(frozen=True)
class ArticleFilter:
    sites: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    unique: bool = False

    def where(self, alias: str = "") -> tuple[str, list[Any]]:
        """``(sql, params)``: conditions joined by AND (``"1"`` when there are none)."""
        prefix = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []
        if self.sites:
            clauses.append(f"{prefix}site IN ({', '.join('?' for _ in self.sites)})")
            params.extend(self.sites)
        if self.since is not None:
            clauses.append(f"{prefix}published_date >= ?")
            params.append(self.since.isoformat())
        if self.until is not None:
            clauses.append(f"{prefix}published_date <= ?")
            params.append(self.until.isoformat())
        if self.unique:
            clauses.append(f"{prefix}{UNIQUE_CONDITION}")
        return (" AND ".join(clauses) or "1"), params


ALL_ARTICLES = ArticleFilter()

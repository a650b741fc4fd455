"""A user's sites file (TOML): sites added without touching the package, one ``[[site]]`` table each.

::

    [[site]]
    key = "baolaocai"                      # spider name and archive label: a-z, 0-9, _
    name = "Báo Lào Cai"
    hosts = ["baolaocai.vn", "www.baolaocai.vn"]   # canonical first
    family = "epi"                          # see FAMILIES: bdk, epi, baonghean_2025, … generic
    start_urls = ["https://baolaocai.vn/thoi-su/"]
    feed_urls = ["https://baolaocai.vn/rss/home.rss"]          # optional: read every night
    sitemap_urls = ["https://baolaocai.vn/sitemap.xml"]        # optional: walked by a backfill
    # only where the family's defaults are wrong:
    article_url_pattern = '-post(?P<id>\\d+)\\.html$'
    [site.selectors]
    body = ["div.article__body"]

Everything not given comes from the family (``crawler/profiles/families.py``: rules, the first
``url_shapes`` as the article pattern, ``FAMILY_DISCOVERY`` for listings).  A bad entry raises
:class:`SitesFileError` naming the file, the line and the field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from crawler.profiles.base import Discovery, Profile, SiteRules
from crawler.profiles.families import FAMILIES, FAMILY_DISCOVERY

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
LIST_FIELDS = ("hosts", "start_urls", "feed_urls", "sitemap_urls", "listing_scope", "next_page", "drop_params")
TEXT_FIELDS = ("key", "name", "family", "canonical_host", "page_param", "url_date_format")
SITE_FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, "article_url_pattern", "selectors")
# What ``[site.selectors]`` may replace in the family's rules: the tuple-of-strings fields of SiteRules.
SELECTOR_FIELDS = tuple(
    f.name for f in dataclass_fields(SiteRules)
    if f.name not in ("family", "markers", "url_hint", "variants", "generator", "signatures", "url_shapes")
    and f.type == "tuple[str, ...]"
)
SITE_HEADER = re.compile(r"^\s*\[\[\s*site\s*\]\]")
TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


class SitesFileError(ValueError):
    """A sites file that cannot be read: the message names the file, line and field."""


def load_sites_file(path: Path, *, taken: set[str] | frozenset[str] = frozenset()) -> list[Profile]:
    """The profiles of the sites file at ``path`` (``taken``: keys already used, e.g. built-in sites)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SitesFileError(f"{path}: cannot read the sites file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SitesFileError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    return sites_from_text(text, path, taken=taken)


def sites_from_text(text: str, path: Path, *, taken: set[str] | frozenset[str] = frozenset()) -> list[Profile]:
    """The profiles of a sites file's ``text`` (``path`` names it in errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # "Invalid value (at line 8, column 7)"; 3.14 also has .lineno
        at = TOML_POSITION.search(str(exc))
        line = getattr(exc, "lineno", None) or (at.group(1) if at else "?")
        raise SitesFileError(f"{path}:{line}: not valid TOML: {TOML_POSITION.sub('', str(exc)).strip()}") from exc
    unknown = sorted(set(data) - {"site"})
    if unknown:
        raise SitesFileError(f"{path}:{_top_line(text, unknown[0])}: unknown table {unknown[0]!r}; "
                             "each site is a [[site]] table")
    tables = data.get("site", [])
    if not isinstance(tables, list):
        raise SitesFileError(f"{path}:{_top_line(text, 'site')}: 'site' must be [[site]] tables")
    spans = _site_spans(text)
    profiles: list[Profile] = []
    used = set(taken)
    for n, table in enumerate(tables):
        where = _Where(path, text, spans[n] if n < len(spans) else (1, len(text.splitlines())))
        profile = _profile(table, where)
        if profile.key in used:
            where.fail("key", f"{profile.key!r} is already a site (built-in or earlier in this file)")
        used.add(profile.key)
        profiles.append(profile)
    return profiles


class _Where:
    """Points a field of one ``[[site]]`` table at its line."""

    def __init__(self, path: Path, text: str, span: tuple[int, int]) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.span = span
        self.key: str | None = None

    def line_of(self, field: str) -> int:
        start, end = self.span
        pattern = re.compile(rf"^\s*[\"']?{re.escape(field)}[\"']?\s*=")
        for number in range(start, end + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return start

    def fail(self, field: str, problem: str) -> NoReturn:
        site = f"site {self.key!r}" if self.key else "site"
        raise SitesFileError(f"{self.path}:{self.line_of(field)}: {site}, field {field!r}: {problem}")


def _site_spans(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers of each ``[[site]]`` table, sub-tables included."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines, 1) if SITE_HEADER.match(line)]
    ends = [*(s - 1 for s in starts[1:]), len(lines)]
    return list(zip(starts, ends, strict=True))


def _top_line(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*\[*\s*{re.escape(name)}\b", line):
            return number
    return 1


def _profile(table: Any, where: _Where) -> Profile:
    if not isinstance(table, dict):
        where.fail("site", "expected a table")
    for field in table:
        if field not in SITE_FIELDS:
            where.fail(field, f"unknown field (known: {', '.join(SITE_FIELDS)})")
    key = _text(table, "key", where, required=True)
    if not KEY.match(key):
        where.fail("key", f"{key!r}: lower-case letters, digits and _ only, starting with a letter")
    where.key = key
    name = _text(table, "name", where, required=True)
    family = _text(table, "family", where, required=True)
    if family not in FAMILIES:
        where.fail("family", f"{family!r} is no family (known: {', '.join(FAMILIES)})")
    hosts = _hosts(table, where)
    canonical = _text(table, "canonical_host", where) or hosts[0]
    if canonical not in hosts:
        where.fail("canonical_host", f"{canonical!r} is not one of hosts")
    base = FAMILY_DISCOVERY.get(family, Discovery())
    discovery = replace(
        base,
        start_urls=_urls(table, "start_urls", hosts, where),
        feed_urls=_urls(table, "feed_urls", hosts, where),
        sitemap_urls=_urls(table, "sitemap_urls", hosts, where),
        **{f: tuple(_list(table, f, where)) for f in ("listing_scope", "next_page", "drop_params") if f in table},
        **{f: _text(table, f, where) for f in ("page_param", "url_date_format") if f in table},
    )
    if not (discovery.start_urls or discovery.feed_urls or discovery.sitemap_urls):
        where.fail("start_urls", "a site needs start_urls (listing pages), feed_urls or sitemap_urls")
    return Profile(
        key=key, name=name, hosts=hosts, canonical_host=canonical,
        article_url_patterns=_patterns(table, family, where),
        rules=_rules(table, family, where), discovery=discovery,
    )


def _text(table: dict, field: str, where: _Where, *, required: bool = False) -> str:
    value = table.get(field)
    if value is None:
        if required:
            where.fail(field, "missing")
        return ""
    if not isinstance(value, str) or not value.strip():
        where.fail(field, "expected a non-empty string")
    return value.strip()


def _list(table: dict, field: str, where: _Where) -> list[str]:
    value = table.get(field, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        where.fail(field, "expected a list of non-empty strings")
    return [v.strip() for v in value]


def _hosts(table: dict, where: _Where) -> tuple[str, ...]:
    hosts = _list(table, "hosts", where)
    if not hosts:
        where.fail("hosts", "missing: the site's host names, e.g. [\"baolaocai.vn\", \"www.baolaocai.vn\"]")
    for host in hosts:
        if not HOST.match(host):
            where.fail("hosts", f"{host!r} is not a lower-case host name (no scheme, no path)")
    return tuple(dict.fromkeys(hosts))


def _urls(table: dict, field: str, hosts: tuple[str, ...], where: _Where) -> tuple[str, ...]:
    urls = _list(table, field, where)
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            where.fail(field, f"{url!r} is not an http(s) URL")
        if parts.hostname.lower() not in hosts:
            where.fail(field, f"{url!r} is not on the site's hosts ({', '.join(hosts)})")
    return tuple(urls)


def _patterns(table: dict, family: str, where: _Where) -> tuple[re.Pattern[str], ...]:
    sources = _list(table, "article_url_pattern", where) or list(FAMILIES[family].url_shapes[:1])
    if not sources:
        where.fail("article_url_pattern", f"missing: family {family!r} has no default article URL shape")
    compiled = []
    for source in sources:
        try:
            compiled.append(re.compile(source))
        except re.error as exc:
            where.fail("article_url_pattern", f"{source!r} is not a regular expression: {exc}")
    return tuple(compiled)


def _rules(table: dict, family: str, where: _Where) -> SiteRules:
    rules = FAMILIES[family]
    selectors = table.get("selectors", {})
    if not isinstance(selectors, dict):
        where.fail("selectors", "expected a [site.selectors] table")
    changes = {}
    for field in selectors:
        if field not in SELECTOR_FIELDS:
            where.fail(field, f"unknown selector (known: {', '.join(SELECTOR_FIELDS)})")
        changes[field] = tuple(_list(selectors, field, where))
    return replace(rules, **changes) if changes else rules

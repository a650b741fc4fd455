"""The sites-file entry of a surveyed site: written as TOML, read back by the sites file's own reader.

The entry holds what the family cannot know (key, name, hosts, start URLs, feeds, sitemaps) and the
article pattern only when it is not the family's default.  Before it is printed or written it is
parsed by ``crawler/profiles/sites_file.py``, so what ``--write`` appends is always a valid entry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from crawler.profiles.base import Profile
from crawler.profiles.families import FAMILIES
from crawler.profiles.sites_file import SitesFileError, sites_from_text
from crawler.survey.survey import Survey

# Host suffixes that are no part of a site's key (baolaocai.vn → baolaocai; tttt.nghean.gov.vn → tttt_nghean).
KEY_DROP_SUFFIXES = (".com.vn", ".gov.vn", ".org.vn", ".edu.vn", ".net.vn", ".vn", ".com", ".net", ".org")


def suggest_key(host: str) -> str:
    """A site key from a host name: no ``www.``, no public suffix, dots and dashes as ``_``."""
    name = host.lower().removeprefix("www.")
    for suffix in KEY_DROP_SUFFIXES:
        if name.endswith(suffix) and name != suffix.lstrip("."):
            name = name[: -len(suffix)]
            break
    key = re.sub(r"[^a-z0-9]+", "_", name).strip("_")
    return key if key[:1].isalpha() else f"site_{key}"


def toml_string(value: str) -> str:
    """A TOML string: literal ('…') when it can be (regexes stay readable), else a basic one."""
    if "'" not in value and "\n" not in value:
        return f"'{value}'" if "\\" in value else json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)


def toml_list(values: list[str] | tuple[str, ...]) -> str:
    if len(values) <= 2:
        return "[" + ", ".join(toml_string(v) for v in values) + "]"
    return "[\n" + "".join(f"    {toml_string(v)},\n" for v in values) + "]"


def entry_toml(survey: Survey, key: str) -> str:
    """The ``[[site]]`` table of ``survey`` (commented with what was found and checked)."""
    family = survey.family
    start_urls = survey.sections or [survey.url]
    lines = [
        f"# {survey.url}: family {family} ({'; '.join(survey.detection.evidence) or 'no family signature'})",
        "[[site]]",
        f"key = {toml_string(key)}",
        f"name = {toml_string(survey.name)}",
        f"hosts = {toml_list(survey.hosts)}",
        f"family = {toml_string(family)}",
        f"start_urls = {toml_list(start_urls)}",
    ]
    if survey.feeds:
        lines.append(f"feed_urls = {toml_list(survey.feeds)}")
    if survey.sitemaps:
        lines.append(f"sitemap_urls = {toml_list(survey.sitemaps)}")
    default = FAMILIES[family].url_shapes[:1]
    if survey.article_pattern and (survey.article_pattern,) != tuple(default):
        lines.append(f"article_url_pattern = {toml_string(survey.article_pattern)}")
    for checked in survey.checked:
        lines.append(f"# checked {checked.url}: {'ok' if checked.ok else 'FAILED'}, {checked.note}")
    for note in survey.notes:
        lines.append(f"# note: {note}")
    return "\n".join(lines) + "\n"


def survey_profile(survey: Survey, key: str) -> Profile:
    """The profile the entry of ``survey`` would give (to extract the articles that check the pattern)."""
    (profile,) = sites_from_text(entry_toml(survey, key), Path("<survey>"))
    return profile


def append_entry(path: Path, entry: str, taken: set[str]) -> Profile:
    """Append ``entry`` to the sites file at ``path`` (made if missing) once the whole file still reads."""
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    after = before + ("\n" if before and not before.endswith("\n\n") else "") + entry
    profiles = sites_from_text(after, path, taken=taken)
    if not profiles:
        raise SitesFileError(f"{path}: the entry did not read back")
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_text(after, encoding="utf-8")
    part.replace(path)
    return profiles[-1]

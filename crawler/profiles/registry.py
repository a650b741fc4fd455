"""The one registry of sites: the built-in profiles plus the user's sites file.

Every list of sites is derived from here: the spiders (``crawler/spiders/loader.py``), ``archive
crawl --all``, the demo, the CLI's help, the tests that walk the sites.  Settings: ``SITES_FILE``
(default "": ``sites.toml`` beside ``ARCHIVE_DB``; a missing default file means no user sites, a
missing named one is an error).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.profiles.base import Profile
from crawler.profiles.sites_file import SitesFileError, load_sites_file

DEFAULT_SITES_NAME = "sites.toml"


def sites_file_path(settings: Any) -> Path:
    """The sites file named by ``SITES_FILE``, else ``sites.toml`` beside the archive (``ARCHIVE_DB``)."""
    named = str(settings.get("SITES_FILE") or "").strip()
    if named:
        return Path(named)
    return Path(str(settings["ARCHIVE_DB"])).parent / DEFAULT_SITES_NAME


def load_registry(sites_file: Path | None = None, *, required: bool = False) -> dict[str, Profile]:
    """Every profile by key: built-in first, then the sites file's (when it exists, or always if ``required``)."""
    from crawler.profiles import PROFILES

    profiles = dict(PROFILES)
    if sites_file is not None and (required or sites_file.exists()):
        if not sites_file.is_file():
            raise SitesFileError(f"{sites_file}: no such sites file")
        for profile in load_sites_file(sites_file, taken=set(profiles)):
            profiles[profile.key] = profile
    return profiles


def registry_for(settings: Any) -> dict[str, Profile]:
    """The registry a crawl with these (Scrapy) settings sees."""
    return load_registry(sites_file_path(settings), required=bool(str(settings.get("SITES_FILE") or "").strip()))


def is_site(profile: Profile) -> bool:
    """A crawlable site: it owns hosts and has somewhere to start (listings, feeds or sitemaps).

    ``sharepoint`` and ``generic`` own no hosts: they are made from spider arguments instead."""
    discovery = profile.discovery
    return bool(profile.hosts) and bool(discovery.start_urls or discovery.feed_urls or discovery.sitemap_urls)


def site_keys(profiles: dict[str, Profile]) -> list[str]:
    """The keys of the crawlable sites (``archive crawl --all``), sorted."""
    return sorted(key for key, profile in profiles.items() if is_site(profile))

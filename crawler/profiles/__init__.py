"""Every built-in site profile, by key; ``profile_for_url`` finds the profile of a URL's host.

The built-in profiles are the modules of this package that define ``PROFILE`` (found, not listed:
a new built-in site is one new module).  Sites a user adds live in a sites file, read beside these
by :mod:`crawler.profiles.registry`; every list of sites (spiders, ``--all``, the demo, tests) comes
from there.
"""

from __future__ import annotations

import importlib
import pkgutil
from urllib.parse import urlsplit

from crawler.profiles.base import Profile


def _built_in_profiles() -> dict[str, Profile]:
    found: dict[str, Profile] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        profile = getattr(importlib.import_module(f"{__name__}.{module.name}"), "PROFILE", None)
        if isinstance(profile, Profile):
            found[profile.key] = profile
    return found


# Site profiles own hosts; ``sharepoint`` (recognised by markup) and ``generic`` own none and are
# chosen by ``crawler.extract`` for pages of other hosts.
PROFILES: dict[str, Profile] = _built_in_profiles()
# A page of a host no profile owns, recognised by no ``by_markup`` profile: the generic path's rules.
FALLBACK_PROFILE: Profile = PROFILES["generic"]


def get_profile(key: str) -> Profile | None:
    return PROFILES.get(key)


def profile_for_url(url: str) -> Profile | None:
    host = (urlsplit(url).hostname or "").lower()
    for profile in PROFILES.values():
        if host in profile.hosts:
            return profile
    return None

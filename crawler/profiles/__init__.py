"""Every site profile, by key; ``profile_for_url`` finds the profile of a URL's host."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.profiles.baonghean import PROFILE as BAONGHEAN
from crawler.profiles.base import Profile
from crawler.profiles.bbk import PROFILE as BBK
from crawler.profiles.bdk import PROFILE as BDK
from crawler.profiles.generic import PROFILE as GENERIC
from crawler.profiles.sharepoint import PROFILE as SHAREPOINT
from crawler.profiles.so_backan import PROFILE as SO_BACKAN
from crawler.profiles.so_nghean import PROFILE as SO_NGHEAN

# Site profiles own hosts; ``sharepoint`` (``by_markup``) and ``generic`` own none and are chosen by
# ``crawler.extract`` for pages of other hosts.
PROFILES: dict[str, Profile] = {
    p.key: p for p in (BDK, BBK, BAONGHEAN, SO_BACKAN, SO_NGHEAN, SHAREPOINT, GENERIC)
}
# A page of a host no profile owns, recognised by no ``by_markup`` profile: the generic path's rules.
FALLBACK_PROFILE = GENERIC


def get_profile(key: str) -> Profile | None:
    return PROFILES.get(key)


def profile_for_url(url: str) -> Profile | None:
    host = (urlsplit(url).hostname or "").lower()
    for profile in PROFILES.values():
        if host in profile.hosts:
            return profile
    return None

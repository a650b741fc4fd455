"""Any SharePoint Sở portal: ``scrapy crawl sharepoint -a start_url=https://<host>/Pages/<cat>-<id>.aspx``.

The profile is made from the start URL: its host (and ``www.`` twin) is the site, article URLs are
SharePoint publishing pages (``/Pages/<cat>-<id>/…-<16 hex>.aspx``), discovery as on
ict.backan.gov.vn.  The crawl is labelled with ``-a site=LABEL`` or else the host.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from crawler.profiles.base import Profile, SiteRules, site_ports
from crawler.profiles.families import FAMILY_DISCOVERY, SHAREPOINT_RULES
from crawler.spiders.base import ArchiveSpider


def site_hosts(start_url: str) -> tuple[str, ...]:
    host = (urlsplit(start_url).hostname or "").lower()
    if not host:
        raise ValueError(f"start_url {start_url!r} has no host")
    bare = host.removeprefix("www.")
    return (host, bare) if host != bare else (host, f"www.{host}")


def sharepoint_profile(start_url: str) -> Profile:
    hosts = site_hosts(start_url)
    return Profile(
        key="sharepoint",
        name=hosts[0],
        hosts=hosts,
        canonical_host=hosts[0],
        article_url_patterns=tuple(re.compile(shape) for shape in SHAREPOINT_RULES.url_shapes),
        rules=SiteRules(family="sharepoint"),
        discovery=replace(FAMILY_DISCOVERY["sharepoint"], start_urls=(start_url,)),
        ports=site_ports(start_url),
    )


class SharepointSpider(ArchiveSpider):
    name = "sharepoint"

    def __init__(self, *args: Any, start_url: str | None = None, site: str | None = None, **kwargs: Any) -> None:
        if not start_url:
            raise ValueError("the sharepoint spider needs -a start_url=https://<portal>/Pages/<listing>.aspx")
        self.profile = sharepoint_profile(start_url)
        super().__init__(*args, site=site or self.profile.canonical_host, **kwargs)

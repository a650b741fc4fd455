"""Any news site: ``scrapy crawl generic -a start_url=URL -a article_pattern=REGEX``.

The start URL is a listing page; links on its host matching ``article_pattern`` (a regular
expression searched in the absolute URL) are articles.  Optional: ``-a next_page=XPATH`` (the
"next page" link; default rel=next and the usual arrows), ``-a page_param=NAME`` (ask
``?NAME=N`` when there is no link), ``-a site=LABEL`` (default: the host).
Extraction is the generic path (trafilatura plus the shared clean-up).
"""

from __future__ import annotations

import re
from typing import Any

from crawler.profiles.base import DEFAULT_NEXT_PAGE, Discovery, Profile, SiteRules, site_ports
from crawler.spiders.base import ArchiveSpider
from crawler.spiders.sharepoint import site_hosts


def generic_profile(
    start_url: str, article_pattern: str, next_page: str | None = None, page_param: str | None = None
) -> Profile:
    try:
        pattern = re.compile(article_pattern)
    except re.error as exc:
        raise ValueError(f"article_pattern {article_pattern!r} is not a regular expression: {exc}") from exc
    hosts = site_hosts(start_url)
    return Profile(
        key="generic",
        name=hosts[0],
        hosts=hosts,
        canonical_host=hosts[0],
        article_url_patterns=(pattern,),
        rules=SiteRules(family="generic", fallback=True),
        discovery=Discovery(
            start_urls=(start_url,),
            next_page=(next_page,) if next_page else DEFAULT_NEXT_PAGE,
            page_param=page_param or None,
        ),
        ports=site_ports(start_url),
    )


class GenericSpider(ArchiveSpider):
    name = "generic"

    def __init__(
        self,
        *args: Any,
        start_url: str | None = None,
        article_pattern: str | None = None,
        next_page: str | None = None,
        page_param: str | None = None,
        site: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not start_url or not article_pattern:
            raise ValueError("the generic spider needs -a start_url=URL -a article_pattern=REGEX")
        self.profile = generic_profile(start_url, article_pattern, next_page, page_param)
        super().__init__(*args, site=site or self.profile.canonical_host, **kwargs)

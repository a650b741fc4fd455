"""Sở TT&TT Nghệ An: tttt.nghean.gov.vn (not SharePoint)."""

import re

from crawler.profiles.base import Discovery, Profile, SiteRules

PROFILE = Profile(
    key="so_nghean",
    name="Sở Thông tin và Truyền thông Nghệ An",
    hosts=("tttt.nghean.gov.vn",),
    canonical_host="tttt.nghean.gov.vn",
    article_url_patterns=(re.compile(r"^https?://tttt\.nghean\.gov\.vn/[a-z0-9-]+/[a-z0-9-]+-(?P<id>\d+)(?:\?.*)?$"),),
    rules=SiteRules(family="so_nghean"),
    # Listing /<category>?pageindex=N, numbered pager [inferred from the article links'
    # ?pageindex=0]; the article's ?pageindex=0 is not part of its identity.
    discovery=Discovery(
        start_urls=("https://tttt.nghean.gov.vn/tin-tuc--su-kien",),
        listing_scope=(".news-list", ".list-news", "#content", "main"),
        drop_params=("pageindex",),
    ),
)

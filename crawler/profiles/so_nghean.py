"""Sở TT&TT Nghệ An: tttt.nghean.gov.vn (not SharePoint)."""

import re

from crawler.profiles.base import Discovery, Profile
from crawler.profiles.families import SO_NGHEAN_RULES

PROFILE = Profile(
    key="so_nghean",
    name="Sở Thông tin và Truyền thông Nghệ An",
    hosts=("tttt.nghean.gov.vn",),
    canonical_host="tttt.nghean.gov.vn",
    article_url_patterns=(re.compile(r"^https?://tttt\.nghean\.gov\.vn/[a-z0-9-]+/[a-z0-9-]+-(?P<id>\d+)(?:\?.*)?$"),),
    rules=SO_NGHEAN_RULES,
    discovery=Discovery(start_urls=("https://tttt.nghean.gov.vn/tin-tuc--su-kien",)),
)

"""Báo Bắc Kạn: baobackan.vn, baobackan.com.vn (ePi CMS)."""

import re

from crawler.profiles.base import Discovery, Profile
from crawler.profiles.families import EPI_RULES

PROFILE = Profile(
    key="bbk",
    name="Báo Bắc Kạn",
    hosts=("baobackan.vn", "www.baobackan.vn", "baobackan.com.vn", "www.baobackan.com.vn"),
    canonical_host="baobackan.vn",
    article_url_patterns=(
        re.compile(r"^https?://(?:www\.)?baobackan\.(?:vn|com\.vn)/(?P<slug>[a-z0-9-]+)-post(?P<id>\d+)\.html$"),
    ),
    rules=EPI_RULES,
    discovery=Discovery(start_urls=("https://baobackan.vn/",)),
)

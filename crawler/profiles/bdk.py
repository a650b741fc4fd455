"""Báo Đồng Khởi (Bến Tre): baodongkhoi.vn, amp.baodongkhoi.vn, dongkhoi.baovinhlong.vn (2025)."""

import re

from crawler.profiles.base import Discovery, Profile
from crawler.profiles.families import BDK_RULES

PROFILE = Profile(
    key="bdk",
    name="Báo Đồng Khởi",
    hosts=("baodongkhoi.vn", "www.baodongkhoi.vn", "amp.baodongkhoi.vn", "dongkhoi.baovinhlong.vn"),
    canonical_host="baodongkhoi.vn",
    article_url_patterns=(
        re.compile(
            r"^https?://(?:www\.|amp\.)?(?:baodongkhoi\.vn|dongkhoi\.baovinhlong\.vn)/"
            r"(?P<slug>[a-z0-9-]+?)(?:-(?P<date>\d{8}))?-a(?P<id>\d+)\.html$"
        ),
    ),
    rules=BDK_RULES,
    discovery=Discovery(start_urls=("https://baodongkhoi.vn/thoi-su",)),
)

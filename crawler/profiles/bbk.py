"""Báo Bắc Kạn: baobackan.vn, baobackan.com.vn (ePi CMS)."""

import re

from crawler.profiles.base import Discovery, Profile, SiteRules

PROFILE = Profile(
    key="bbk",
    name="Báo Bắc Kạn",
    hosts=("baobackan.vn", "www.baobackan.vn", "baobackan.com.vn", "www.baobackan.com.vn"),
    canonical_host="baobackan.vn",
    article_url_patterns=(
        re.compile(r"^https?://(?:www\.)?baobackan\.(?:vn|com\.vn)/(?P<slug>[a-z0-9-]+)-post(?P<id>\d+)\.html$"),
    ),
    rules=SiteRules(family="epi"),
    # ePi zone pages: article.story items with time[datetime]; "Xem thêm" loads more by script
    # (endpoint unknown), so pages are asked as ?page=N [inferred] until one is empty or repeated.
    discovery=Discovery(
        start_urls=tuple(
            f"https://baobackan.vn/{zone}/"
            for zone in ("thoi-su", "chinh-tri", "kinh-te", "xa-hoi", "van-hoa", "giao-duc")  # [inferred]
        ),
        feed_urls=("https://baobackan.vn/rss/home.rss",),  # [inferred]
        listing_scope=(".zone--timeline", ".category-page__content", "main"),
        page_param="page",
    ),
)

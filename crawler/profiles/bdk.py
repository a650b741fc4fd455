"""Báo Đồng Khởi (Bến Tre): baodongkhoi.vn, amp.baodongkhoi.vn, dongkhoi.baovinhlong.vn (2025)."""

import re

from crawler.profiles.base import Discovery, Profile, SiteRules

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
    rules=SiteRules(family="bdk"),
    # Listings as on Báo Cần Thơ (same CMS): main list in #colcate1 (sidebar box160 excluded),
    # pager div#page with "&gt;" = next ("&raquo;" is not the last page); dates from the URL.
    discovery=Discovery(
        start_urls=tuple(
            f"https://baodongkhoi.vn/{cat}"
            for cat in (
                "thoi-su", "chinh-tri", "kinh-te", "phap-luat", "xa-hoi", "van-hoa", "khoa-giao",
                "the-thao", "quoc-phong", "an-ninh", "ban-doc", "quoc-te",
            )
        ),
        feed_urls=("https://baodongkhoi.vn/rss/cate/thoi-su/",),  # [inferred] as /rss/cate/<cat>/ on Cần Thơ
        listing_scope=("#colcate1", "#content"),
        next_page=('//div[@id="page"]//a[normalize-space(.)=">"]/@href', '//a[@rel="next"]/@href'),
        url_date_format="%d%m%Y",
    ),
)

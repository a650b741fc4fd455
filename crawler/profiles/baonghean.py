"""Báo Nghệ An: three templates (old CMS ≤ 2022, ePi 2022–24, 2025 CMS); m.baonghean.vn mobile."""

import re

from crawler.profiles.base import Discovery, Profile, SiteRules

PROFILE = Profile(
    key="baonghean",
    name="Báo Nghệ An",
    hosts=("baonghean.vn", "www.baonghean.vn", "m.baonghean.vn"),
    canonical_host="baonghean.vn",
    article_url_patterns=(
        re.compile(
            r"^https?://(?:www\.|m\.)?baonghean\.vn/(?:(?:en|fr|ru|cn)/)?(?P<slug>[a-z0-9-]+?)-"
            r"(?:post(?P<epi>\d+)|(?P<new>10\d{6})|(?P<old>\d{6}))\.html$"
        ),
    ),
    rules=SiteRules(family="baonghean"),
    # 2025 CMS categories (TCN); items .b-grid__title a; pager [unknown]: rel=next / "›" links.
    discovery=Discovery(
        start_urls=tuple(
            f"https://baonghean.vn/{cat}"
            for cat in (
                "thoi-su", "kinh-te", "xa-hoi", "the-thao", "suc-khoe", "phap-luat", "quoc-te",
                "xay-dung-dang", "giao-duc", "giai-tri", "ket-noi-doanh-nghiep", "lao-dong",
            )
        ),
        feed_urls=("https://baonghean.vn/rss/home.rss",),  # [inferred]
        listing_scope=(".b-grid-list", ".b-list", ".b-maincontent", ".l-content", "#cate-content", "main"),
    ),
)

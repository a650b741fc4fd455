"""Sở TT&TT Bắc Kạn: ict.backan.gov.vn, a SharePoint 2010 publishing portal."""

import re

from crawler.profiles.base import Discovery, Profile, SiteRules

PROFILE = Profile(
    key="so_backan",
    name="Sở Thông tin và Truyền thông Bắc Kạn",
    hosts=("ict.backan.gov.vn",),
    canonical_host="ict.backan.gov.vn",
    article_url_patterns=(
        re.compile(r"/Pages/(?:[a-z0-9-]+-\d+/)+[a-z0-9-]+-(?P<id>[0-9a-f]{16})\.aspx$"),
    ),
    rules=SiteRules(family="sharepoint"),
    # SharePoint listings /Pages/<cat>-<catId>.aspx [inferred]; pager "Trang sau" / ">" links.
    discovery=Discovery(
        start_urls=(
            "https://ict.backan.gov.vn/Pages/tin-tuc-su-kien-541.aspx",  # [inferred]
            "https://ict.backan.gov.vn/Pages/cong-nghe-thong-tin-542.aspx",
            "https://ict.backan.gov.vn/Pages/hoat-dong-dang-doan-the-546.aspx",
        ),
        listing_scope=("#s4-bodyContainer .news-list", "#s4-bodyContainer", "#s4-workspace"),
    ),
)

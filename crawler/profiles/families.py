"""Extraction rules per CMS family, as data: one ``SiteRules`` per template.

Evidence for each selector is in ``../shared/SITES.md`` (confirmed / same CMS / inferred).  Selectors
that are only inferred are backed by the generic fallback in ``crawler/extract``: a container that
matches nothing, or yields a very short body, sends the page to trafilatura.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.profiles.base import Discovery, SiteRules

# Vendor CMS of Báo Cần Thơ / Báo Đồng Khởi (baodongkhoi.vn, amp., dongkhoi.baovinhlong.vn).
BDK_RULES = SiteRules(
    family="bdk",
    markers=("#newscontents", "div.content-fck", "form#frmComments"),
    body=("#newscontents div.content-fck", "div.content-fck", "#newscontents", "div.detail-content"),
    drop=(
        "#linkshare", "div.sharelike", "#comment", "form", "div.detail-related", "div.block_tag", "div.box160",
        "div[class^='AMN_']", "span.pubdate", "div.titlecate",
    ),
    title=("h1.margintopbot10", "h1.fw700", "div.detail-title h1", "h1.detail-title", "h1.title-detail",
           "article.detail h1", "h1.title"),
    lead=(".detail-desc", "p.detail-desc"),
    lead_is_first_paragraph=True,
    date=("span.pubdate", "div.detail-time", "span.detail-time", ".date-detail"),
    # Centred lines are captions; older FCK articles centre with align="center" or a centred div.
    caption=("p[style*='center']", "td[style*='center']", "p[align='center']", "td[align='center']",
             "div[style*='center']", "figcaption", ".image-caption", "td.caption"),
    tags=("div.block_tag a.tag_item", "div.detail-tags a", ".tags a"),
    category=("h2.catename-h1 a", "div.titlecate h1 > a", "div.breadcrumb a", "input#txtnewscate@value"),
    signatures=("#colcate1", "#colcate2", "i.sprite.icophoto", "h2.catename-h1"),
    url_shapes=(r"/(?P<slug>[a-z0-9-]+?)(?:-(?P<date>\d{8}))?-a(?P<id>\d+)\.html$",),
    url_date=r"-(?P<d>\d{2})(?P<m>\d{2})(?P<y>(?:19|20)\d{2})-a\d+\.html?$",  # /<slug>-<DDMMYYYY>-a<id>.html
)

# ePi CMS: Báo Bắc Kạn, Báo Nghệ An 2022–24, Báo Lào Cai (the sample).
EPI_RULES = SiteRules(
    family="epi",
    markers=("div.article__body", "h1.article__title", "div.article__sapo", "div.cms-body"),
    body=("div.article__body", "div.cms-body"),
    drop=(
        "div.sda_middle", "div.rennab", "[id^='sdaWeb_']", "div.social", "div.fb-like", "div.wrap-comment",
        "section.hot-news", "div.article__tags", "div.article__meta", "div.box-related", "div.related-news",
        "div.article__author", "div.article__audio", "div.audio", "div.player", "audio", "video",
    ),
    title=("h1.article__title", "h1.cms-title", "h1.title-detail"),
    lead=("div.article__sapo", "h2.article__sapo", ".cms-desc", "div.sapo"),
    date=("div.article__meta time@datetime", "div.article__meta .time", "meta.cms-date@content"),
    modified=("meta[property='article:modified_time']@content",),
    author=(
        "div.article__author div.author div.info > a", "div.article__author .name", "div.article__author",
        "span.author", "div.t1 > span.t2", "p.author", "div.author-name",
    ),
    caption=("figcaption", ".PhotoCMS_Caption", "td.caption", ".image-caption", "p.caption", "div.caption"),
    tags=("div.article__tags .box-content a", "div.article__tag a", "div.tags a"),
    category=("meta[property='article:section']@content", "div.breadcrumbs h2.main a", "div.breadcrumbs a"),
    signatures=(".story__heading", "a.cms-link", ".zone--timeline", "div.article__body.cms-body"),
    url_shapes=(r"/(?P<slug>[a-z0-9-]+)-post(?P<id>\d+)\.html$",),
)

# Báo Nghệ An, new CMS (2024/25 →; same CMS as hanoimoi.vn, baohaiphong.vn, baodanang.vn).
BNA_2025_RULES = SiteRules(
    family="baonghean_2025",
    markers=("div.b-maincontent", ".sc-longform-header", "article.entry"),
    url_hint=r"-10\d{6}\.html$",
    body=("div.b-maincontent .entry", "article.entry", "div.entry", "article"),
    drop=(
        ".sc-related-articles", ".sc-longform-header", ".sc-empty-layer", "div.c-box", ".c-news-related",
        ".c-detail-head", ".b-grid",
    ),
    title=(".sc-longform-header-title", ".c-detail-head__title", "h1.title", "h1"),
    lead=(".sc-longform-header-sapo", ".c-detail-head__sapo", ".b-maincontent .sapo", "div.sapo"),
    date=(".sc-longform-header-date", ".c-detail-head__time", ".c-detail-head__row", "time@datetime"),
    author=(".sc-longform-header-author", ".c-detail-head__author", ".author"),
    caption=("figcaption", ".caption", ".image-caption"),
    tags=(".c-tag a", ".c-tags a", ".tags a"),
    category=(".sc-longform-header-cate a", ".c-detail-head__cate a", ".c-breadcrumb a", ".breadcrumb a",
              "meta[property='article:section']@content"),
    signatures=(".b-grid__title", ".c-menu__link", ".c-detail-head"),
    url_shapes=(r"/(?P<slug>[a-z0-9-]+)-(?P<id>10\d{6})\.html$",),
)

# Báo Nghệ An, old CMS (≤ Apr 2022, ``-NNNNNN.html``).
BNA_OLD_RULES = SiteRules(
    family="baonghean_old",
    markers=("#tags_list", "table.rl", ".article h1.title"),
    url_hint=r"-\d{6}\.html$",
    body=(".article #content", "#content"),
    drop=("table.rl", "#tags_list", ".tags", "#nav", ".relate", ".related"),
    title=(".article h1.title", "#title", "h1.title", "h1"),
    lead_is_first_paragraph=True,
    date=("#date", ".article .date"),
    caption=(".image_desc", "figcaption", "table.image td.caption", "table.image tr + tr td"),
    tags=("#tags_list > a",),
    category=("#nav > a", ".breadcrumb a"),
    url_shapes=(r"/(?P<slug>[a-z0-9-]+)-(?P<id>\d{6})\.html$",),
)

BNA_EPI_RULES = replace(EPI_RULES, url_hint=r"-post\d+\.html$")

# Báo Nghệ An: the template is chosen by markup first, URL second.
BAONGHEAN_RULES = SiteRules(family="baonghean", variants=(BNA_2025_RULES, BNA_EPI_RULES, BNA_OLD_RULES))

# Any SharePoint (2010 publishing) portal: ict.backan.gov.vn, backan.gov.vn, cchc.backan.gov.vn, …
SHAREPOINT_RULES = SiteRules(
    family="sharepoint",
    markers=(
        "meta[name='GENERATOR'][content*='SharePoint']", "meta[name='generator'][content*='SharePoint']",
        "#s4-workspace", "#s4-bodyContainer", "div.ms-rtestate-field", "#s4-ribbonrow",
    ),
    body=("div.ms-rtestate-field", "div.ms-rte-layoutszone-inner"),
    drop=(
        "#s4-ribbonrow", ".s4-notdlg", ".s4-skipribbonshortcut", "a.ms-SkiptoNavigation", "a.ms-SkiptoMainContent",
        "#s4-leftpanel", ".ms-quicklaunch", ".s4-breadcrumb", "#s4-titlerow", ".ms-hidden",
        "#DeltaPlaceHolderLeftNavBar",
        ".s4-ca > .menu", "div.footer", "#footer", ".tin-khac", ".other-news",
    ),
    title=(".ms-rtestate-field h1", "h1.title", ".news-title", ".title-news", ".tieu-de", "#s4-bodyContainer h1"),
    date=(".date-news", ".news-date", ".ngay-dang", ".ngay-cap-nhat"),
    caption=("figcaption", ".ms-rteImage-caption", ".caption", "p.ms-rteElement-Caption", "p[style*='center']",
             "td[style*='center']", "div[style*='center']"),
    category=(".breadcrumb a", ".s4-breadcrumb a", ".ms-sitemapdirectional a"),
    generator=(r"sharepoint",),
    url_shapes=(r"/Pages/(?:[a-z0-9-]+-\d+/)+[a-z0-9-]+-(?P<id>[0-9a-f]{16})\.aspx$",),
    related_heading_ends_text=True,  # "Các tin khác" inside the rich-text zone
)

# tttt.nghean.gov.vn: markup unknown; these containers are guesses, the generic path backs them.
SO_NGHEAN_RULES = SiteRules(
    family="so_nghean",
    body=(".news-detail-content", ".news-detail .content", ".detail-content", ".content-detail", "#content-detail",
          ".post-content"),
    drop=(".news-detail-info", ".news-detail-tools", ".news-other", ".other-news", ".tin-khac", ".related", ".share",
          ".social"),
    title=(".news-detail-title", ".news-detail h1", ".news-detail h2", ".title-detail", "h1.title"),
    lead=(".news-detail-sapo", "[class*='sapo']"),
    author=(".news-detail-author", "[class*='author']"),
    date=(".news-detail-info .date", ".news-detail .date", ".date-detail", ".post-date"),
    caption=("figcaption", ".caption", ".image-caption", "p[style*='center']", "td[style*='center']"),
    category=(".breadcrumb a",),
    signatures=(".news-detail-content", ".news-detail-title", ".news-item-title", ".news-item-sapo"),
    url_shapes=(r"/[a-z0-9-]+/[a-z0-9-]+-(?P<id>\d+)(?:\?.*)?$",),
    related_heading_ends_text=True,
)

# Any other site: recognised CMS markup first, else the generic path (trafilatura for the body) with
# these common-naming guesses for the fields around it (first match in page order; og:title wins a tie).
GENERIC_RULES = SiteRules(
    family="generic",
    fallback=True,
    variants=(SHAREPOINT_RULES, EPI_RULES, BDK_RULES),
    title=("h1[itemprop='headline']", "h1[class*='title']", "[class*='title'] h1", "[class*='news_title']",
           "[class*='detail-title']", "[class*='entry-title']", "article h1", "h1"),
    lead=("[class*='sapo']", "[class*='news_lead']", "[class*='article-lead']", "[class*='detail-lead']",
          "[class*='summary']"),
    date=("time[itemprop='datePublished']@datetime", "article time@datetime", "[class*='news_date']",
          "[class*='detail-time']", "[class*='post-date']", "[class*='entry-date']", "[class*='date']"),
    author=("[itemprop='author']", "[class*='author']", "a[rel='author']"),
    tags=("[class*='tags'] a", ".tag-list a", "a[rel='tag']"),
    category=("[class*='breadcrumb'] a", "div.path a", ".cat-links a", "a[rel~='category']"),
)


# The families a site may name (a sites file's ``family``, ``archive site add``'s detection), in the
# order detection tries them; ``generic`` is what nothing else matched.
FAMILIES: dict[str, SiteRules] = {
    rules.family: rules
    for rules in (BDK_RULES, EPI_RULES, BNA_2025_RULES, BNA_OLD_RULES, SHAREPOINT_RULES, SO_NGHEAN_RULES, GENERIC_RULES)
}

# How a new site of a family lists its articles when its entry says nothing (start URLs come from the entry).
FAMILY_DISCOVERY: dict[str, Discovery] = {
    "bdk": Discovery(
        listing_scope=("#colcate1", "#content"),
        next_page=('//div[@id="page"]//a[normalize-space(.)=">"]/@href', '//a[@rel="next"]/@href'),
    ),
    "epi": Discovery(listing_scope=(".zone--timeline", ".category-page__content", "main"), page_param="page"),
    "baonghean_2025": Discovery(listing_scope=(".b-grid-list", ".b-list", ".b-maincontent", ".l-content", "main")),
    "sharepoint": Discovery(listing_scope=("#s4-bodyContainer .news-list", "#s4-bodyContainer", "#s4-workspace")),
    "so_nghean": Discovery(listing_scope=(".news-list", ".list-news", "#content", "main"), drop_params=("pageindex",)),
}

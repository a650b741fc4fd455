# ruff: noqa: E501  (HTML template: long markup lines are the point)
"""ePi CMS pages (Báo Bắc Kạn; Báo Nghệ An 2022–24), shaped like the Lào Cai sample: ``article__body
cms-body`` with ``<div>`` paragraphs, sapo, audio player, lazy images (``data-src`` + ``noscript``)
with alt ``<title> ảnh N``, ad slots (``div.rennab`` / ``sdaWeb_*``) inside the body, side boxes
carrying other articles' summaries, tags, ``time[datetime]``.

Options: ``noyear`` (no published timestamp anywhere: only ``modified``), ``audio_in_body``,
``author_block`` / ``author_t1`` (where the author sits), ``visible_alt`` (alt text
repeated in a hidden span, as Báo Nghệ An always does), ``table_images``, ``renamed`` (body
container renamed), ``p_paragraphs`` (``<p>`` instead of ``<div>``).
"""

from __future__ import annotations

import json
from datetime import datetime

from tests.fixturegen.common import Story, attr, dmy, epi_iso, esc, hexid, hm, messy, slug_title

BRANDS = {
    "bbk": {"name": "Báo Bắc Kạn điện tử", "host": "https://baobackan.vn", "cdn": "https://cdn.baobackan.vn",
            "prefix": "BBK - ", "hotline": "0209 3870 375", "mail": "baobackandientu@gmail.com",
            "address": "Tổ 1, phường Đức Xuân, thành phố Bắc Kạn, tỉnh Bắc Kạn", "license": "68/GP-BTTTT"},
    "baonghean": {"name": "Báo Nghệ An", "host": "https://baonghean.vn", "cdn": "https://image.baonghean.vn",
                  "prefix": "(Baonghean.vn) - ", "hotline": "0238 3598 828", "mail": "baonghean@gmail.com",
                  "address": "Số 5, đường Quang Trung, TP. Vinh, Nghệ An", "license": "11/GP-BTTTT"},
}
OTHERS = {
    "bbk": [
        ("Chợ Đồn nâng cao chất lượng sản phẩm OCOP", "cho-don-nang-cao-chat-luong-san-pham-ocop-post56850",
         "BBK - Huyện Chợ Đồn hiện có 23 sản phẩm OCOP, trong đó nhiều sản phẩm được người tiêu dùng ưa chuộng như miến dong, mật ong, chè Shan tuyết."),
        ("Ba Bể đón gần 100 nghìn lượt khách du lịch", "ba-be-don-gan-100-nghin-luot-khach-du-lich-post56832",
         "BBK - Năm 2022, Vườn quốc gia Ba Bể và các điểm du lịch cộng đồng trên địa bàn huyện đón gần 100 nghìn lượt khách."),
        ("Bắc Kạn tập trung gỡ vướng giải ngân vốn đầu tư công", "bac-kan-tap-trung-go-vuong-giai-ngan-von-dau-tu-cong-post56811",
         "BBK - UBND tỉnh yêu cầu các chủ đầu tư đẩy nhanh tiến độ, tập trung tháo gỡ khó khăn trong giải phóng mặt bằng."),
        ("Pác Nặm trao nhà Đại đoàn kết cho hộ nghèo", "pac-nam-trao-nha-dai-doan-ket-cho-ho-ngheo-post56790",
         "BBK - Ủy ban MTTQ huyện Pác Nặm vừa bàn giao 15 căn nhà Đại đoàn kết cho các hộ nghèo tại xã Bộc Bố và Nhạn Môn."),
        ("Thành phố Bắc Kạn ra mắt mô hình tuyến phố văn minh", "thanh-pho-bac-kan-ra-mat-mo-hinh-tuyen-pho-van-minh-post56774",
         "BBK - Tuyến phố văn minh trên đường Trường Chinh được trang trí cờ hoa, lắp đặt camera an ninh và thùng rác phân loại."),
    ],
    "baonghean": [
        ("Nghệ An thu ngân sách vượt dự toán năm 2020", "nghe-an-thu-ngan-sach-vuot-du-toan-nam-2020-post78190",
         "(Baonghean.vn) - Năm 2020, mặc dù chịu ảnh hưởng của dịch Covid-19, tổng thu ngân sách trên địa bàn tỉnh vẫn vượt dự toán được giao."),
        ("Đô Lương khánh thành cầu dân sinh tại xã Đặng Sơn", "do-luong-khanh-thanh-cau-dan-sinh-tai-xa-dang-son-post78185",
         "(Baonghean.vn) - Cầu có chiều dài 120 m, tổng mức đầu tư 15 tỷ đồng, giúp hơn 3.000 hộ dân đi lại thuận tiện."),
        ("Tuyển sinh lớp 10 năm học mới có nhiều điểm mới", "tuyen-sinh-lop-10-nam-hoc-moi-co-nhieu-diem-moi-post78177",
         "(Baonghean.vn) - Sở Giáo dục và Đào tạo vừa công bố phương án tuyển sinh vào lớp 10 THPT với 3 môn thi."),
        ("Quỳnh Lưu nhộn nhịp vụ cá cuối năm", "quynh-luu-nhon-nhip-vu-ca-cuoi-nam-post78168",
         "(Baonghean.vn) - Những ngày cuối năm, ngư dân các xã bãi ngang huyện Quỳnh Lưu trúng đậm cá trích, cá nục."),
        ("Vinh chỉnh trang hệ thống chiếu sáng đô thị", "vinh-chinh-trang-he-thong-chieu-sang-do-thi-post78154",
         "(Baonghean.vn) - Thành phố Vinh thay thế hơn 2.000 bóng đèn cao áp bằng đèn LED tiết kiệm năng lượng."),
    ],
}
MENU = {
    "bbk": [("thoi-su", "Thời sự"), ("chinh-tri", "Chính trị"), ("kinh-te", "Kinh tế"), ("xa-hoi", "Xã hội"),
            ("van-hoa", "Văn hóa"), ("the-thao", "Thể thao"), ("phap-luat", "Pháp luật"), ("ban-doc", "Bạn đọc")],
    "baonghean": [("thoi-su", "Thời sự"), ("chinh-tri", "Chính trị"), ("kinh-te", "Kinh tế"), ("xa-hoi", "Xã hội"),
                  ("phap-luat", "Pháp luật"), ("the-thao", "Thể thao"), ("giao-duc", "Giáo dục"), ("quoc-te", "Quốc tế")],
}
GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


def _brand(story: Story) -> str:
    return "baonghean" if story.site == "baonghean" else "bbk"


def _cat_slug(key: str, name: str | None) -> str:
    return next((slug for slug, n in MENU[key] if n == name), "xa-hoi")


def _img(b: dict, story: Story, n: int, alt: str, caption_html: str, *, table: bool) -> str:
    h = hexid(story, 128, f"img{n}")
    name = f"{slug_title(story.title)[:24]}-{n}.jpg"
    src = f"{b['cdn']}/images/{h}/{name}.webp"
    img = (f'<img src="{GIF}" data-src="{src}" data-srcset="{src} 1x" alt="{attr(alt)}" title="{attr(alt)}" class="lazyload cms-photo" '
           f'data-image-id="{abs(n * 7919) + 100000}" data-width="1280" data-height="853">'
           f'<noscript><img src="{src}" alt="{attr(alt)}" class="image-fallback"></noscript>')
    if story.site == "baonghean" or "visible_alt" in story.options:
        img += f'\n<span class="hidden-alt" style="display:none">{esc(alt)}</span>'
    if table:
        return (f'<table class="picture" align="center"><tbody><tr><td class="pic">{img}</td></tr>'
                f'<tr><td class="caption"><p>{caption_html}</p></td></tr></tbody></table>')
    return f'<figure class="image align-center" contenteditable="false">\n{img}\n<figcaption class="PhotoCMS_Caption"><p>{caption_html}</p></figcaption>\n</figure>'


AUDIO = """<div class="article__audio audio-player" data-id="{id}">
<audio preload="none" src="{cdn}/audio/{hex}.mp3"></audio>
<div class="controls"><button class="btn-play" aria-label="Nghe"></button>
<span class="time"><span class="current">0:00</span> / <span class="duration">0:00</span></span>
<div class="progress"><div class="bar"></div></div>
<span class="remain">0:00</span></div>
</div>"""


def _body(story: Story, b: dict, post_id: str) -> str:
    s, rng = story, story.rng("body")
    tag = "p" if "p_paragraphs" in s.options else "div"
    out = []
    if "audio_in_body" in s.options:
        out.append(AUDIO.format(id=post_id, cdn=b["cdn"], hex=hexid(s, 32, "audio")))
    n = 0
    for i, block in enumerate(s.blocks):
        if block.kind == "p":
            out.append(f"<{tag}> {messy(block.text, rng)}\n</{tag}>")
        else:
            n += 1
            alt = block.alt or (block.text if s.site == "baonghean" else f"{s.title} ảnh {n}")
            out.append(_img(b, s, n, alt, messy(block.text, rng, level=1), table="table_images" in s.options))
        if i in (2, 6):
            suffix = "" if i == 2 else "1"
            out.append(f'<div class="sda_middle">\n<div id="sdaWeb_SdaArticleMiddle{suffix}" class="rennab fyi" data-platform="1" data-position="Web_SdaArticleMiddle{suffix}">\n</div>\n</div>')
    if s.author and not {"author_block", "no_author"} & s.options:
        if "author_t1" in s.options:
            out.append(f'<div class="t1">\n<span class="t2">{esc(s.author)}</span>\n</div>')
        else:
            out.append(f'<p style="text-align: right;"><strong>{esc(s.author)}</strong></p>')
    out.append('<div id="sdaWeb_SdaArticleAfterBody" class="rennab " data-platform="1" data-position="Web_SdaArticleAfterBody" style="display:none">\n</div>')
    return "\n".join(out)


def _stories(key: str, rows, *, summaries: bool, dated: datetime | None) -> str:
    host = BRANDS[key]["host"]
    cdn = BRANDS[key]["cdn"]
    out = []
    for i, (t, u, d) in enumerate(rows):
        href = f"{host}/{u}.html" if not u.startswith("http") else u
        thumb = (f'<figure class="story__thumb">\n<a class="cms-link" href="{href}" title="{attr(t)}">\n'
                 f'<img class="lazyload" src="{GIF}" data-src="{cdn}/images/thumb{i}/{i}.jpg.webp" alt="{attr(t)}">\n'
                 f'<noscript><img src="{cdn}/images/thumb{i}/{i}.jpg.webp" alt="{attr(t)}" class="image-fallback"></noscript>\n</a>\n</figure>\n')
        meta = ""
        if dated:
            meta = f'<div class="story__meta">\n<time class="time" datetime="{dated:%Y-%m-%d}T0{i}:15:00+0700"> {dated:%d/%m/%Y} 0{i}:15 </time>\n</div>\n'
        summary = f'<div class="story__summary story__shorten"> {esc(d)} </div>\n' if summaries else ""
        out.append(f'<article class="story">\n{thumb if i < 2 or summaries else ""}<h2 class="story__heading" data-tracking="{i}">\n'
                   f'<a class="cms-link" href="{href}" title="{attr(t)}"> {esc(t)} </a>\n</h2>\n{meta}{summary}</article>')
    return "\n".join(out)


def _head(story: Story, b: dict, key: str, post_id: str, canonical: str) -> str:
    s = story
    noyear = "noyear" in s.options
    pub = epi_iso(s.published) if not noyear else None
    mod = epi_iso(s.meta.get("modified") or s.published) if (s.meta.get("modified") or not noyear) else None
    metas = [f'<meta property="article:tag" content="{attr(", ".join(s.tags))},"/>' if s.tags else "",
             f'<meta property="article:section" content="{attr(s.category or "")}" />']
    if pub:
        metas.append(f'<meta property="article:published_time" content="{pub}"/>')
    if mod and (key == "bbk" or not noyear):
        metas.append(f'<meta property="article:modified_time" content="{mod}"/>')
    ld = {"@context": "http://schema.org", "@type": "NewsArticle",
          "mainEntityOfPage": {"@type": "WebPage", "@id": canonical}, "headline": s.title, "description": s.lead or "",
          "image": {"@type": "ImageObject", "url": f"{b['cdn']}/images/{hexid(s, 64, 'og')}/og.jpg.webp", "width": 1200, "height": 675}}
    if pub:
        ld["datePublished"] = pub
    if mod:
        ld["dateModified"] = mod
    ld.update({"author": {"@type": "Person", "name": ""},
               "publisher": {"@type": "Organization", "name": b["name"], "logo": {"@type": "ImageObject", "url": f"{b['cdn']}/assets/web/styles/img/logo.png"}}})
    crumbs = {"@context": "http://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "item": {"@id": f"{b['host']}/{_cat_slug(key, s.category)}/", "name": s.category or ""}}]}
    layer = {"event": "Pageview", "articleId": post_id, "articleTitle": s.title, "articleCategory": s.category or "",
             "articleTags": ", ".join(s.tags)}
    if pub:
        layer["articlePublishDate"] = pub
    return f"""<!DOCTYPE html> <html lang="vi"> <head> <title>{esc(s.title)} | {b['name']}</title> <meta name="description" content="{attr(s.lead)}"/> <meta name="keywords" content="{attr(', '.join(s.tags))}"/> <meta http-equiv="Content-Type" content="text/html; charset=utf-8" /> <meta http-equiv="X-UA-Compatible" content="IE=edge"/> <meta http-equiv="refresh" content="1800" /> <meta content="width=device-width, initial-scale=1, maximum-scale=5, user-scalable=yes" name="viewport"/> <meta http-equiv="content-language" content="vi" /> <link rel="shortcut icon" href="{b['cdn']}/assets/web/styles/img/favicon.ico" type="image/x-icon" /> <link rel="dns-prefetch" href="//www.googletagmanager.com" />
<script> var cmsConfig = {{ domainDesktop: '{b['host']}', domainMobile: '{b['host'].replace('https://', 'https://m.')}', domainApi: '{b['host'].replace('https://', 'https://api.')}', domainStatic: '{b['cdn']}', siteId: 0, pageType: 1, objectId: {post_id}, adsZone: 12, allowAds: true, adsLazy: true, antiAdblock: true, }}; if (window.location.protocol !== 'https:') {{ window.location = 'https://' + window.location.hostname + window.location.pathname; }} </script>
<meta name="author" content="{b['name']}" /> <meta name="copyright" content="Copyright © by {b['name']}" /> <meta name="GENERATOR" content="{b['name']}" /> <meta name="robots" content="noarchive, max-image-preview:large, index, follow" /> <link rel="canonical" href="{attr(canonical)}" /> <meta property="og:site_name" content="{b['name']}"/> <meta property="og:type" content="article"/> <meta property="og:url" content="{attr(canonical)}"/> <meta property="og:image" content="{b['cdn']}/images/{hexid(s, 64, 'og')}/og.jpg.webp"/> <meta property="og:title" content="{attr(s.title)}"/> <meta property="og:description" content="{attr(s.lead)}"/> <meta name="twitter:card" value="summary"/> <meta name="twitter:title" content="{attr(s.title)}"/> {' '.join(m for m in metas if m)}
<script type="application/ld+json"> {{ "@context": "http://schema.org", "@type": "Organization", "name": "{b['name']}", "url": "{b['host']}", "logo": "{b['cdn']}/assets/web/styles/img/logo.png" }} </script>
<script type="application/ld+json"> {json.dumps(crumbs, ensure_ascii=False)} </script>
<script type="application/ld+json"> {json.dumps(ld, ensure_ascii=False, indent=1)} </script>
<link rel="stylesheet" href="{b['cdn']}/assets/web/styles/css/main.min-1.0.41.css"> <style> .article__body figure{{margin:0 auto 15px}} .rennab{{text-align:center}} </style>
<script async="" src="https://www.googletagmanager.com/gtag/js?id=G-BK2020XYZ"></script> <script> window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date()); gtag('config', 'G-BK2020XYZ'); </script> <script> window.dataLayer = window.dataLayer || []; dataLayer.push({json.dumps(layer, ensure_ascii=False)}); </script> </head>
"""


def _header(key: str, b: dict) -> str:
    subs = {"xa-hoi": ["Giáo dục", "Y tế", "Lao động - Việc làm"], "kinh-te": ["Nông nghiệp", "Doanh nghiệp"]}
    items = []
    for slug, name in MENU[key]:
        sub = "".join(f'<li><a href="{b["host"]}/{slug}/{slug_title(n)}/" title="{attr(n)}">{esc(n)}</a></li>' for n in subs.get(slug, []))
        sub_html = f'<ul class="sub-menu">{sub}</ul>' if sub else ""
        items.append(f'<li><a class="" href="{b["host"]}/{slug}/" title="{attr(name)}">{esc(name)}</a>{sub_html}</li>')
    return f"""<body class=""> <header class="site-header "> <div class="container"> <div class="top-header"> <div class="left"> <a href="javascript:void(0);" id="today"></a> <a href="tel:{b['hotline'].replace(' ', '')}" title="Hotline"> <i class="ic-phone"></i> Hotline: {b['hotline']} </a> <a href="mailto:{b['mail']}" title="Mail gửi tòa soạn"> <i class="ic-mail"></i> Mail gửi tòa soạn </a> </div> <div class="right"> <div class="social"> <a href="https://www.facebook.com/" class="fb" target="_parent" title="Facebook">fb</a> <a href="https://www.youtube.com/" class="yt" target="_parent" title="Youtube">yt</a> <a href="https://zalo.me/" class="zl" target="_parent" title="Zalo">zl</a> </div> </div> </div>
<div class="content-header"> <div class="weather" id="header-weather"></div> <a class="logo" href="{b['host']}" title="{b['name']}">{b['name']}</a> <div class="search"> <input type="text" class="input-search txtsearch" placeholder="Nhập từ khóa cần tìm"> <i class="ic-search btn_search"></i> </div> </div> </div>
<div class="navigation sticky"> <ul class="menu"> <li> <a href="/" class="ic-home" title="Trang chủ">Trang chủ</a> </li> {' '.join(items)} </ul> </div> </header>
"""


def _footer(b: dict) -> str:
    return f"""<footer class="site-footer container"> <div class="row"> <a href="/" class="logo" title="{b['name']}">{b['name']}</a> <div class="info"> <p> <span class="bold">Tổng Biên tập</span>: <span>Nguyễn Văn Thanh</span></p> <p> <span class="bold">Hotline</span>: <a href="tel:{b['hotline'].replace(' ', '')}">{b['hotline']}</a></p> <p> <span class="bold">Email</span>: <a href="mailto:{b['mail']}">{b['mail']}</a> </p> </div> <div class="info align-left"> <p> <span class="bold">Trụ sở</span>: {b['address']}. </p> <p>Giấy phép xuất bản số: <span class="bold">{b['license']}</span> </p> </div> </div> <div class="row"> <p class="text"> Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản. </p> </div> </footer>
<div class="back-to-top"></div> <script src="{b['cdn']}/assets/web/js/main.min-1.0.33.js"></script> <script src="{b['cdn']}/assets/web/js/detail.min-1.0.21.js"></script>
<div id="sdaWeb_SdaBalloon" class="rennab " data-platform="1" data-position="Web_SdaBalloon" style="display:none"> </div> <div id="fb-root"></div> </body> </html>
"""


def render_article(story: Story) -> str:
    s = story
    key = _brand(s)
    b = BRANDS[key]
    post_id = s.url.rsplit("-post", 1)[1].split(".")[0]
    canonical = s.url.replace("://m.", "://").replace("baobackan.com.vn", "baobackan.vn")
    noyear = "noyear" in s.options
    dt = s.pub_dt()
    time_row = "" if noyear else (
        f'<div class="row"> <time class="time" datetime="{epi_iso(s.published)}"><i class="ic-calendar"></i>'
        f'<span data-time="{int(dt.timestamp())}" data-format="long" data-friendly="true">{dmy(dt)} {hm(dt)}</span></time> '
        f'<meta class="cms-date" itemprop="datePublished" content="{epi_iso(s.published)}"> </div>')
    share = (f'<div class="row"> <div class="fb-like" data-href="{attr(canonical)}" data-layout="button_count" data-action="like" data-size="small" data-share="true"></div> '
             f'<div class="social social-share"> <a href="javascript:void(0);" class="tw" data-rel="twitter" data-href="{attr(canonical)}" title="Chia sẻ qua Twitter">Chia sẻ qua Twitter</a> '
             f'<a href="javascript:void(0);" class="print sendprint" title="In bài viết">In bài viết</a> '
             f'<a href="javascript:void(0);" class="mail sendmail" data-href="{attr(canonical)}" title="Chia sẻ qua Email">Chia sẻ qua Email</a> </div> '
             f'<a class="gg-news" href="https://news.google.com/publications/CAAqBwgKMN" target="_blank"> <span>Theo dõi {b["name"].replace(" điện tử", "")} trên</span> <img src="{b["cdn"]}/assets/web/styles/img/gg-news.png" alt="Google News"> </a> </div>')
    audio = "" if "audio_in_body" in s.options or key == "baonghean" else AUDIO.format(id=post_id, cdn=b["cdn"], hex=hexid(s, 32, "audio"))
    lead = s.lead or ""
    rng = s.rng("lead")
    if lead.startswith(b["prefix"]):
        lead_html = esc(b["prefix"].rstrip()) + "&nbsp;" + messy(lead[len(b["prefix"]):], rng)
    else:
        lead_html = messy(lead, rng)
    body_cls = 'class="detail-content-body"' if "renamed" in s.options else 'class="article__body zce-content-body cms-body"'
    author_block = (f'<div class="article__author"> <span class="name">{esc(s.author)}</span> </div>'
                    if s.author and "author_block" in s.options else "")
    tags = " ".join(f'<a href="{b["host"]}/tu-khoa/{slug_title(t)}-tag{1000 + i}.html" title="{attr(t)}">#{esc(t)}</a>' for i, t in enumerate(s.tags))
    tag_box = (f'<div class="article__tags"> <h3 class="box-heading"> <span class="title">Từ khóa:</span> </h3> <div class="box-content"> {tags} </div> </div>'
               if s.tags else "")
    mask = '<div class="mask">mask</div>' if key == "baonghean" else ""
    cat_slug = _cat_slug(key, s.category)
    latest = ""
    if key == "baonghean":
        latest = (f'<section class="box-latest fyi-position"> <h3 class="box-heading"> <span class="title">Tin mới</span> </h3> <div class="box-content">\n'
                  f'{_stories(key, OTHERS[key][:4], summaries=True, dated=dt)}\n</div> </section>')
    main = f"""<div class="site-body"> <div class="container detail"> <div class="rennab-wrap"> <div id="sdaWeb_SdaTop" class="rennab " data-platform="1" data-position="Web_SdaTop" style="display:none"> </div> </div>
<div class="breadcrumbs"> <h2 class="main"> <a href="{b['host']}/{cat_slug}/" title="{attr(s.category)}" class="active">{esc(s.category)}</a> </h2> </div>
<div class="col"> <div class="main-col content-col"> <div class="article">
{mask}
<h1 class="article__title cms-title "> {esc(s.title)} </h1>
<div class="article__meta"> {time_row} {share} </div>
{audio}
<div class="article__sapo cms-desc"> {lead_html} </div>
<div id="sdaWeb_SdaArticleAfterSapo" class="rennab " data-platform="1" data-position="Web_SdaArticleAfterSapo" style="display:none"> </div>
<div {body_cls} itemprop="articleBody">
<style>.cms-body .t1{{text-align:right;font-weight:bold}}</style>
{_body(s, b, post_id)}
</div>
{author_block}
{tag_box}
<div id="sdaWeb_SdaArticleAfterTag" class="rennab " data-platform="1" data-position="Web_SdaArticleAfterTag" style="display:none"> </div>
<div class="article__meta"> {share} </div>
<div class="wrap-comment" id="comment{post_id}" data-id="{post_id}" data-type="20"></div>
{latest}
</div> </div>
<div class="sub-col sidebar-right"> <div id="sidebar-top-1"> <div id="sdaWeb_SdaRight1" class="rennab " data-platform="1" data-position="Web_SdaRight1" style="display:none"> </div>
<section class="hot-news fyi-position"> <h3 class="box-heading"> <span class="title">Đọc nhiều</span> </h3> <div class="box-content" data-source="mostread-news">
{_stories(key, OTHERS[key], summaries=True, dated=None)}
</div> </section> </div> </div> </div>
<div class="col"> <div class="main-col content-col1"> <div class="timeline"> <h3 class="box-heading"> <a href="{b['host']}/{cat_slug}/" title="{attr(s.category)}" class="title"> Tin cùng chuyên mục </a> </h3>
<div class="box-content content-list" data-source="recommendation-12">
{_stories(key, OTHERS[key][1:4], summaries=True, dated=dt)}
</div> <button type="button" class="more-news control__loadmore" data-page="1" data-zone="12" data-type="zone" data-layout="recommend">Xem thêm</button> </div> </div> </div>
</div> </div>
"""
    return _head(s, b, key, post_id, canonical) + _header(key, b) + main + _footer(b)


def render_listing(story: Story) -> str:
    s = story
    key = _brand(s)
    b = BRANDS[key]
    rows = s.items or OTHERS[key]
    dt = datetime(2023, 3, 20)
    head = f"""<!DOCTYPE html> <html lang="vi"> <head> <title>{esc(s.category)} | {b['name']}</title> <meta name="description" content="Tin tức {attr((s.category or '').lower())} mới nhất"/> <meta http-equiv="Content-Type" content="text/html; charset=utf-8" /> <link rel="canonical" href="{attr(s.url)}" /> <meta property="og:type" content="website"/> <meta property="og:title" content="{attr(s.category)}"/> <script> var cmsConfig = {{ pageType: 2, objectId: 12, allowAds: true }}; </script> </head>
"""
    main = f"""<div class="site-body"> <div class="container"> <div class="breadcrumbs"> <h1 class="main"> <a href="{attr(s.url)}" title="{attr(s.category)}" class="active">{esc(s.category)}</a> </h1> </div>
<div class="col"> <div class="main-col content-col"> <div class="zone zone--featured"> <div class="box-content content-list" data-source="zone-12">
{_stories(key, rows, summaries=True, dated=dt)}
</div> <button type="button" class="more-news control__loadmore" data-page="2" data-zone="12" data-type="zone">Xem thêm</button> </div> </div>
<div class="sub-col sidebar-right"> <section class="hot-news fyi-position"> <h3 class="box-heading"> <span class="title">Đọc nhiều</span> </h3> <div class="box-content">
{_stories(key, OTHERS[key][:3], summaries=False, dated=None)}
</div> </section> </div> </div> </div> </div>
"""
    return head + _header(key, b) + main + _footer(b)


TEMPLATE_PREFIX = "epi"  # stories whose template starts with "epi" are rendered here (see __main__.py)


def render(story: Story) -> str:
    if story.template.endswith("_list"):
        return render_listing(story)
    return render_article(story)

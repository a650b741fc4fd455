# ruff: noqa: E501 - HTML templates and prose: lines as long as the markup they write
"""Write the demo mirror (``crawler/demo/mirror``) from the texts in ``articles.py``.

    python -m tools.demo.make_demo [FOLDER]

Every family gets its real template shape (SITES.md): BDK as the Cần Thơ CMS, Báo Bắc Kạn and
the Báo Nghệ An ePi era as ePi, Báo Nghệ An 2025, SharePoint for ict.backan.gov.vn, the
tttt.nghean.gov.vn portal; with menus, side boxes of other articles, share/comment blocks,
scripts, off-site and non-article links.  Each family's main listing is paginated (two items a
page), other listings show their category.  Layout: see ``crawler/replay/mirror.py``.
"""

from __future__ import annotations

import html
import json
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from crawler.demo import MIRROR_FOLDER
from tools.demo import articles as data

PAGE_SIZE = 2
e = html.escape


def when(article: dict) -> datetime:
    fmt = "%Y-%m-%d %H:%M" if " " in article["at"] else "%Y-%m-%d"
    return datetime.strptime(article["at"], fmt)


def with_press_release(article: dict) -> dict:
    if article.get("press_release"):
        return {**data.PRESS_RELEASE, **article}
    return article


def write(folder: Path, host: str, path: str, text: str) -> None:
    """Save ``https://host/path`` (``?query`` after ``@``) under the mirror layout."""
    path, _, query = path.partition("?")
    target = folder / host / path.lstrip("/")
    if path.endswith("/") or path in ("", "/"):
        target = target / "index.html"
    elif (folder / host / path.lstrip("/")).is_dir():
        target = target / "index.html"
    if query:
        target = target.with_name(f"{target.name}@{query}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def pages(items: list[dict]) -> list[list[dict]]:
    return [items[i : i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]


ANALYTICS = """<script async src="https://www.googletagmanager.com/gtag/js?id=G-DEMO"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}
gtag('js', new Date()); gtag('config', 'G-DEMO');</script>"""

# --- BDK (Cần Thơ CMS) -------------------------------------------------------------------------

BDK_CATS = {
    "thoi-su": "Thời sự", "chinh-tri": "Chính trị", "kinh-te": "Kinh tế", "phap-luat": "Pháp luật",
    "xa-hoi": "Xã hội", "van-hoa": "Văn hóa", "khoa-giao": "Khoa giáo", "the-thao": "Thể thao",
    "quoc-phong": "Quốc phòng", "an-ninh": "An ninh", "ban-doc": "Bạn đọc", "quoc-te": "Quốc tế",
}


def bdk_url(a: dict) -> str:
    return f"https://baodongkhoi.vn/{a['slug']}-{when(a):%d%m%Y}-a{a['id']}.html"


def bdk_shell(title: str, head: str, main: str, side: str) -> str:
    menu = "\n".join(
        f'<li class="col-xs-6"><a class="subcm" href="https://baodongkhoi.vn/{slug}">{name}</a></li>'
        for slug, name in BDK_CATS.items()
    )
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<title>{e(title)}</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="robots" content="index,follow" />
<base href="https://baodongkhoi.vn/static/templates/version1/homepage/" />
{head}
<link rel="stylesheet" href="css/bootstrap.min.css">
<link href="https://baodongkhoi.vn/static/templates/version1/homepage/css/style2023.css?id=1.0" rel="stylesheet" />
{ANALYTICS}
</head>
<body>
<div class="wapperheader">
  <nav class="navbar navbar-default bgx"><a class="navbar-brand" href="https://baodongkhoi.vn/">
    <img alt="baodongkhoi.vn" src="images/graphics-new/logo.png" /></a>
    <ul id="nav1" class="nav-mobi nav navbar-nav">{menu}</ul></nav>
  <div class="col-top-head"><a href="https://baodongkhoi.vn/rss/cate/thoi-su/"><span class="sprite rss"></span></a>
    <a href="https://www.facebook.com/baodongkhoi">Facebook</a>
    <a href="https://baodongkhoi.vn/video/xem-video/ben-tre-mua-nuoc-noi-nam-2024-1716.html">Video</a></div>
</div>
<div class="wappercontainer"><div class="container"><div class="row"><div id="content">
<div id="colcate1">
{main}
</div>
<div id="colcate2">
{side}
</div>
</div></div></div></div>
<div class="footer"><p>Báo Đồng Khởi - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Bến Tre.</p>
<p>Liên kết: <a href="https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-a196670.html">Báo Cần Thơ</a>
<a href="https://baochinhphu.vn/">Báo Chính phủ</a></p></div>
<script>$(function(){{ $('.zoomimg').fancybox(); }});</script>
</body>
</html>
"""


def bdk_sidebar(items: list[dict]) -> str:
    links = "\n".join(
        f'<li><a class="fleft" title="{e(a["title"])}" href="{bdk_url(a)}">{e(a["title"])}&nbsp;'
        '<span class="sprite icophoto"></span></a></li>'
        for a in items[:4]
    )
    amp = bdk_url(items[0]).replace("https://baodongkhoi.vn/", "https://amp.baodongkhoi.vn/")
    return f"""<div class="box160"><div class="topbox160"><a href="javascript:void(0);"><h2>Tiêu điểm</h2></a></div>
<div class="midbox160"><ul>{links}</ul></div></div>
<div class="box160"><div class="topbox160"><h2>Đọc nhiều</h2></div>
<ul><li><a href="{amp}?utm_source=zalo&amp;utm_medium=share">{e(items[0]["title"])}</a></li></ul></div>
<div class="adv"><a href="https://quangcao.example.vn/click?id=7"><img src="https://quangcao.example.vn/b.gif"></a></div>"""


def bdk_listing(cat: str, items: list[dict], page: int, last: int, newest: list[dict]) -> str:
    body = []
    if page == 1 and items:
        top = items[0]
        body.append(f"""<div id="topcate"><div class="titlecate"><h1><a href="https://baodongkhoi.vn/{cat}">{e(BDK_CATS[cat].upper())}</a></h1></div>
<a href="{bdk_url(top)}"><div class="overflow-4x3"><img width="100%" src="https://baodongkhoi.vn/image/news/{when(top):%Y/%Y%m%d}/thumbnail/810x478/1.webp" alt="{e(top['title'])}" onerror="this.src='https://baodongkhoi.vn/image/error/300x220.jpg'" /></div></a>
<div class="fleft"><h2 class="h2cate"><a href="{bdk_url(top)}">{e(top['title'])}&nbsp;<span class="sprite icophoto"></span></a></h2></div>
<p class="desc paddingbottom10 clearleft">BDK.VN - {e(top['lead'])}</p></div>""")
        items = items[1:]
    lis = "\n".join(
        f"""<li class="news-img-left news-img">
  <a class="b-title" href="{bdk_url(a)}"><h3 class="marginbottom5 fs18">{e(a['title'])}&nbsp;<span class="sprite icophoto"></span></h3></a>
  <a class="b-img" href="{bdk_url(a)}"><div class="ovf120"><img loading="lazy" class="fleft" width="160px" src="https://baodongkhoi.vn/image/news/{when(a):%Y/%Y%m%d}/thumbnail/510x286/2.webp" alt="{e(a['title'])}" onerror="this.src='https://baodongkhoi.vn/image/error/300x220.jpg'" /></div></a>
  <p class="b-content txt fleft desc marginbottom5">BDK.VN - {e(a['lead'])}</p>
</li>"""
        for a in items
    )

    def pager_link(n: int, label: str) -> str:
        href = f"https://baodongkhoi.vn/{cat}" + (f"?p={n}" if n > 1 else "")
        return f'<li><a href="{href}">{label}</a></li>' if 1 <= n <= last else '<li><a href="javascript:void(0)">' + label + "</a></li>"

    numbers = "".join(f"<li><b>{n}</b></li>" if n == page else pager_link(n, str(n)) for n in range(1, last + 1))
    pager = (
        pager_link(1, "&laquo;") + pager_link(page - 1, "&lt;") + numbers
        + (pager_link(page + 1, "&gt;") if page < last else "") + pager_link(last, "&raquo;")
    )
    body.append(f"""<div class="boxtinmoi"><div class="catename marginbottom10"><div class="borbotred">
<a class="cate1" href="javascript:void(0);">TIN MỚI NHẤT</a></div></div>
<ul class="list-news-img-style-1">
{lis}
</ul></div>
<div class="clear"></div>
<div class="boxpage"><div class="fright" id="page"><ul>{pager}</ul></div></div>""")
    head = f'<link rel="canonical" href="https://baodongkhoi.vn/{cat}/" />'
    title = f"Trang thông tin về {BDK_CATS[cat].upper()} - Báo Đồng Khởi"
    return bdk_shell(title, head, "\n".join(body), bdk_sidebar(newest))


def bdk_article(a: dict, newest: list[dict]) -> str:
    url = bdk_url(a)
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
        "datePublished": f"{when(a):%Y-%m-%d}", "mainEntityOfPage": url,
    }, ensure_ascii=False)
    head = f"""<link rel="canonical" href="{url}" />
<meta property="og:title" content="{e(a['title'])}" />
<meta property="og:description" content="BDK.VN - {e(a['lead'])}" />
<meta property="og:url" content="{url}" />
<meta property="og:image" content="https://baodongkhoi.vn/image/ckeditor/{when(a):%Y/%Y%m%d}/files/anh1.jpg" />
<meta name="Description" content="{e(a['lead'])}" />
<meta name="Keywords" content="{e(BDK_CATS[a['cat']])}, Bến Tre" />
<script type="application/ld+json">{ld}</script>"""
    paras = [f"<p>BDK.VN - {e(a['lead'])}</p>", f"<p>{e(a['paras'][0])}</p>",
             f'<p style="text-align: center;"><img class="zoomimg" src="https://baodongkhoi.vn/image/ckeditor/{when(a):%Y/%Y%m%d}/files/anh1.jpg" alt="" /></p>',
             f'<p style="text-align: center;"><em>{e(a["caption"])}</em></p>',
             f'<p style="text-align: center;"><em>{e(a["caption"])}</em></p>']
    paras += [f"<p>{e(p)}&nbsp;</p>" for p in a["paras"][1:]]
    paras.append(f'<p style="text-align: right;"><strong>Tin, ảnh: {e(a["author"])}</strong></p>')
    related = "".join(f'<li><a href="{bdk_url(o)}">{e(o["title"])}</a></li>' for o in newest if o is not a)[:2000]
    main = f"""<div class="detail">
<h2 class="catename-h1"><a href="https://baodongkhoi.vn/{a['cat']}">{e(BDK_CATS[a['cat']])}</a></h2>
<h1 class="margintopbot10 fw700">{e(a['title'])}</h1>
<div class="sharemxh"><span class="pubdate">{when(a):%d/%m/%Y - %H:%M}</span>
  <!-- <a href="https://baodongkhoi.vn/print/{a['slug']}-a{a['id']}.html">In</a> -->
  <div id="linkshare">Chia sẻ bài viết <a href="https://www.facebook.com/sharer/sharer.php?u={url}">Chia sẻ Facebook</a></div></div>
<div id="newscontents" class="content-fck">
{chr(10).join(paras)}
</div>
<div class="block_tag"><div class="txt_tag">Từ khóa</div>
<a class="tag_item" href="https://baodongkhoi.vn/tim-kiem/ben-tre.html">Bến Tre</a>
<a class="tag_item" href="https://baodongkhoi.vn/tim-kiem/{a['cat']}.html">{e(BDK_CATS[a['cat']])}</a></div>
<div id="comment"><h3>BÌNH LUẬN</h3><form id="frmComments"><input type="hidden" id="txtnewsid" value="{a['id']}" />
<input type="hidden" id="txtnewscate" value="{e(BDK_CATS[a['cat']])}" /><textarea name="content"></textarea></form></div>
<div class="detail-related"><h3>Đọc thêm</h3><ul>{related}</ul></div>
</div>"""
    return bdk_shell(f"{a['title']} - Báo Đồng Khởi", head, main, bdk_sidebar(newest))


def make_bdk(folder: Path) -> None:
    items = sorted(data.BDK, key=when, reverse=True)
    for a in items:
        write(folder, "baodongkhoi.vn", bdk_url(a).split("baodongkhoi.vn")[1], bdk_article(a, items))
        write(folder, "amp.baodongkhoi.vn", bdk_url(a).split("baodongkhoi.vn")[1], bdk_article(a, items))
    for cat in BDK_CATS:
        listed = items if cat == "thoi-su" else [a for a in items if a["cat"] == cat]
        chunks = pages(listed)
        for n, chunk in enumerate(chunks, 1):
            path = f"/{cat}" + (f"?p={n}" if n > 1 else "")
            write(folder, "baodongkhoi.vn", path, bdk_listing(cat, chunk, n, len(chunks), items))
    rss = "".join(
        f"<item><title>{e(a['title'])}</title><link>{bdk_url(a)}</link>"
        f"<pubDate>{when(a):%a, %d %b %Y %H:%M:%S} +0700</pubDate><description>{e(a['lead'])}</description></item>"
        for a in items if a["cat"] == "thoi-su"
    )
    write(folder, "baodongkhoi.vn", "/rss/cate/thoi-su/",
          f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo Đồng Khởi - Thời sự</title>'
          f"<link>https://baodongkhoi.vn/thoi-su</link>{rss}</channel></rss>")
    robots = "User-agent: *\nDisallow: /tim-kiem/\nDisallow: /print/\nDisallow: /static/\n"
    write(folder, "baodongkhoi.vn", "/robots.txt", robots)
    write(folder, "amp.baodongkhoi.vn", "/robots.txt", robots)


# --- ePi (Báo Bắc Kạn, Báo Nghệ An 2022-24) ----------------------------------------------------

EPI_ZONES = {"thoi-su": "Thời sự", "chinh-tri": "Chính trị", "kinh-te": "Kinh tế", "xa-hoi": "Xã hội",
             "van-hoa": "Văn hóa", "giao-duc": "Giáo dục"}


def bbk_url(a: dict) -> str:
    return f"https://baobackan.vn/{a['slug']}-post{a['id']}.html"


def epi_time(a: dict) -> str:
    return f"{when(a):%Y-%m-%dT%H:%M:00+0700}"


def epi_shell(site: str, host: str, title: str, head: str, main: str, hot: list[tuple[str, dict]]) -> str:
    menu = "".join(f'<li class="menu__item"><a class="menu__link" href="https://{host}/{z}/">{n}</a></li>'
                   for z, n in EPI_ZONES.items())
    hot_html = "".join(
        f'<article class="story"><h3 class="story__heading"><a class="cms-link" href="{u}">{e(o["title"])}</a></h3>'
        f'<div class="story__summary">{e(o.get("lead", ""))}</div></article>'
        for u, o in hot[:3]
    )
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<title>{e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta property="og:site_name" content="{e(site)}" />
{head}
<link rel="stylesheet" href="https://{host}/assets/web/styles/css/main.min.css" />
{ANALYTICS}
</head>
<body>
<header class="site-header"><a class="logo" href="https://{host}/"><img src="https://{host}/assets/logo.png" alt="{e(site)}"></a>
<nav class="menu"><ul>{menu}<li><a href="https://{host}/video/">Video</a></li><li><a href="https://{host}/tu-khoa/chuyen-doi-so-tag123.html">#Chuyển đổi số</a></li></ul></nav>
<div class="rennab" id="sdaWeb_SdaTop"><a href="https://ads.example.vn/c?z=1"><img src="https://ads.example.vn/b.jpg"></a></div>
</header>
<main class="site-content">
{main}
<section class="hot-news"><h2 class="box-heading">Đọc nhiều</h2>{hot_html}</section>
</main>
<footer class="site-footer"><p>© {e(site)}. Giấy phép số 123/GP-BTTTT.</p>
<a href="https://www.facebook.com/{host}">Facebook</a> <a href="https://zalo.me/{host}">Zalo</a></footer>
<script src="https://{host}/assets/web/js/main.min.js"></script>
</body>
</html>
"""


def epi_article(a: dict, url: str, host: str, site: str, sapo_prefix: str, hot: list[tuple[str, dict]],
                zone_name: str) -> str:
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
        "datePublished": epi_time(a), "dateModified": epi_time(a), "author": {"@type": "Person", "name": ""},
    }, ensure_ascii=False)
    head = f"""<link rel="canonical" href="{url}" />
<meta property="og:url" content="{url}" /><meta property="og:title" content="{e(a['title'])}" />
<meta property="og:description" content="{e(sapo_prefix + a['lead'])}" />
<meta property="article:published_time" content="{epi_time(a)}" />
<meta property="article:modified_time" content="{epi_time(a)}" />
<meta property="article:section" content="{e(zone_name)}" />
<script type="application/ld+json">{ld}</script>"""
    body = [f"<p>{e(a['paras'][0])}</p>",
            f'<figure class="image"><img class="lazyload" data-src="https://cdn.{host}/images/{a["id"]}/anh-1.jpg.webp" '
            f'alt="{e(a["title"])} ảnh 1"><noscript><img src="https://cdn.{host}/images/{a["id"]}/anh-1.jpg.webp" '
            f'alt="{e(a["title"])} ảnh 1"></noscript><figcaption>{e(a["caption"])}</figcaption></figure>',
            '<div class="sda_middle" id="sdaWeb_SdaArticleMiddle"><script>sda.show("middle")</script></div>']
    body += [f"<p>{e(p)}</p>" for p in a["paras"][1:]]
    main = f"""<div class="breadcrumbs"><h2 class="main"><a href="https://{host}/{a['cat']}/">{e(zone_name)}</a></h2></div>
<article class="article">
<h1 class="article__title cms-title">{e(a['title'])}</h1>
<div class="article__meta"><div class="time"><time datetime="{epi_time(a)}">{when(a):%d/%m/%Y %H:%M}</time></div></div>
<div class="audio-player" data-src="https://cdn.{host}/audio/{a['id']}.mp3"><span class="current">0:00</span> / <span class="duration">0:00</span></div>
<div class="article__sapo cms-desc">{e(sapo_prefix)}{e(a['lead'])}</div>
<div class="article__body cms-body" itemprop="articleBody">
{chr(10).join(body)}
</div>
<div class="article__author"><div class="author"><div class="info"><a href="https://{host}/tac-gia/">{e(a['author'])}</a></div></div></div>
<div class="article__tags"><h3>Từ khóa:</h3><div class="box-content"><a href="https://{host}/tu-khoa/{a['cat']}-tag12.html">{e(zone_name)}</a></div></div>
<div class="social social-share"><a href="#">Chia sẻ qua Twitter</a> <a href="#">Chia sẻ qua Email</a> <a href="#">In bài viết</a>
<div class="fb-like" data-href="{url}"></div></div>
<div class="wrap-comment" id="comment{a['id']}"></div>
</article>"""
    return epi_shell(site, host, f"{a['title']} | {site}", head, main, hot)


def epi_listing(site: str, host: str, zone: str, items: list[tuple[str, dict]], page: int,
                hot: list[tuple[str, dict]]) -> str:
    stories = "\n".join(
        f"""<article class="story">
  <figure class="story__thumb"><a class="cms-link" href="{u}"><img class="lazyload" data-src="https://cdn.{host}/images/{a['id']}/thumb.jpg.webp" alt="{e(a['title'])}"></a></figure>
  <h2 class="story__heading"><a class="cms-link" href="{u}">{e(a['title'])}</a></h2>
  <div class="story__meta"><time class="time" datetime="{epi_time(a)}">{when(a):%d/%m/%Y %H:%M}</time></div>
  <div class="story__summary">{e(a.get('lead', ''))}</div>
</article>"""
        for u, a in items
    )
    more = (f'<button class="more-news control__loadmore" data-page="{page + 1}" data-zone="{zone}" '
            f'data-type="zone">Xem thêm</button>' if items else "")
    main = f"""<div class="category-page"><h1 class="category-name"><a href="https://{host}/{zone}/">{e(EPI_ZONES[zone])}</a></h1>
<div class="category-page__content"><div class="zone--timeline">
{stories}
</div>{more}</div></div>"""
    head = f'<link rel="canonical" href="https://{host}/{zone}/" />'
    return epi_shell(site, host, f"{EPI_ZONES[zone]} | {site}", head, main, hot)


def make_bbk(folder: Path) -> None:
    items = sorted((with_press_release(a) for a in data.BBK), key=when, reverse=True)
    for a in items:
        a["lead"] = a["lead"] if a["lead"].startswith("BBK") else "BBK - " + a["lead"]
    hot = [(bbk_url(a), a) for a in items]
    for a in items:
        path = bbk_url(a).split("baobackan.vn")[1]
        lead = {**a, "lead": a["lead"].removeprefix("BBK - ")}
        page = epi_article(lead, bbk_url(a), "baobackan.vn", "Báo Bắc Kạn", "BBK -\xa0", hot, EPI_ZONES[a["cat"]])
        write(folder, "baobackan.vn", path, page)
        write(folder, "baobackan.com.vn", path, page)
    for zone in EPI_ZONES:
        listed = hot if zone == "thoi-su" else [(u, a) for u, a in hot if a["cat"] == zone]
        for n, chunk in enumerate(pages(listed), 1):
            path = f"/{zone}/" + (f"?page={n}" if n > 1 else "")
            write(folder, "baobackan.vn", path, epi_listing("Báo Bắc Kạn", "baobackan.vn", zone, chunk, n, hot))
        if zone == "thoi-su":  # "Xem thêm" past the end: an empty zone page
            n = len(pages(listed)) + 1
            write(folder, "baobackan.vn", f"/{zone}/?page={n}", epi_listing("Báo Bắc Kạn", "baobackan.vn", zone, [], n, hot))
    # The home feed links the alias host: canonical URLs must fold it into baobackan.vn.
    rss = "".join(
        f"<item><title>{e(a['title'])}</title><link>{u.replace('baobackan.vn', 'baobackan.com.vn')}</link>"
        f"<pubDate>{when(a):%a, %d %b %Y %H:%M:%S} +0700</pubDate></item>"
        for u, a in hot[:3]
    )
    write(folder, "baobackan.vn", "/rss/home.rss",
          f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo Bắc Kạn</title>{rss}</channel></rss>')
    for host in ("baobackan.vn", "baobackan.com.vn"):
        write(folder, host, "/robots.txt", "User-agent: *\nDisallow: /api/\nDisallow: /search/\n")


# --- Báo Nghệ An: 2025 CMS listings, 2025 and ePi-era articles ---------------------------------

BNA_CATS = ("thoi-su", "kinh-te", "xa-hoi", "the-thao", "suc-khoe", "phap-luat", "quoc-te", "xay-dung-dang",
            "giao-duc", "giai-tri", "ket-noi-doanh-nghiep", "lao-dong")


def bna_url(a: dict) -> str:
    if a["era"] == "epi":  # linked through the mobile host, as old boxes do
        return f"https://m.baonghean.vn/{a['slug']}-post{a['id']}.html"
    return f"https://baonghean.vn/{a['slug']}-{a['id']}.html"


def bna_shell(title: str, head: str, main: str) -> str:
    menu = "".join(f'<li><a href="https://baonghean.vn/{c}">{c.replace("-", " ").title()}</a></li>' for c in BNA_CATS)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(title)}</title>
<meta property="og:site_name" content="Báo Nghệ An" />
{head}
<link rel="stylesheet" href="https://baonghean.vn/themes/baonghean/css/style.css?v=2025">
{ANALYTICS}
</head>
<body>
<header class="l-header"><a class="logo" href="https://baonghean.vn/"><img src="https://bna.1cdn.vn/logo.svg" alt="Báo Nghệ An"></a>
<ul class="c-menu">{menu}<li><a href="https://baonghean.vn/video">Video</a></li><li><a href="https://baonghean.vn/emagazine">eMagazine</a></li>
<li><a href="https://baonghean.vn/en">English</a></li></ul></header>
<div class="l-content">
{main}
</div>
<footer class="l-footer"><p>Báo Nghệ An - Cơ quan của Đảng bộ tỉnh Nghệ An</p>
<a href="https://e.baonghean.vn/">E-magazine</a> <a href="https://www.youtube.com/@baonghean">YouTube</a></footer>
</body></html>
"""


def bna_article_2025(a: dict, others: list[dict]) -> str:
    url = bna_url(a)
    head = f"""<link rel="canonical" href="{url}"><meta property="og:title" content="{e(a['title'])}">
<meta name="description" content="{e(a['lead'])}">
<meta property="article:published_time" content="{when(a):%Y-%m-%dT%H:%M:00+07:00}">"""
    related = "".join(f'<li><a href="{bna_url(o)}">{e(o["title"])}</a></li>' for o in others[:3] if o is not a)
    body = [f"<p>{e(a['paras'][0])}</p>",
            f'<figure class="image"><img src="https://bna.1cdn.vn/{when(a):%Y/%m/%d}/anh-{a["id"]}.jpg" alt="{e(a["caption"])}">'
            f"<figcaption>{e(a['caption'])}</figcaption></figure>"]
    body += [f"<p>{e(p)}</p>" for p in a["paras"][1:]]
    main = f"""<div class="b-maincontent">
<div class="c-breadcrumb"><a href="https://baonghean.vn/{a['cat']}">{e(a['cat_name'])}</a></div>
<h1 class="sc-longform-header-title article__title">{e(a['title'])}</h1>
<div class="c-author-date"><span class="author">{e(a['author'])}</span> <span class="time">{when(a):%d/%m/%Y %H:%M}</span></div>
<div class="sc-longform-header-sapo">{e(a['lead'])}</div>
<article class="entry">
{chr(10).join(body)}
</article>
<div class="c-box sc-related-articles"><h3>Bài liên quan</h3><ul>{related}</ul></div>
</div>"""
    return bna_shell(f"{a['title']} | Báo Nghệ An", head, main)


def bna_listing(cat: str, items: list[dict], page: int, last: int) -> str:
    grid = "\n".join(
        f"""<article class="b-grid">
  <div class="b-grid__img"><a href="{bna_url(a)}"><img src="https://bna.1cdn.vn/thumb/{a['id']}.jpg" alt=""></a></div>
  <div class="b-grid__content"><h3 class="b-grid__title"><a href="{bna_url(a)}">{e(a['title'])}</a></h3>
  <div class="b-grid__time">{when(a):%d/%m/%Y %H:%M}</div><div class="b-grid__desc">{e(a['lead'])}</div></div>
</article>"""
        for a in items
    )
    # A sister paper of the same CMS, linked from inside the list: same URL shape, off-site.
    grid += """
<article class="b-grid b-grid--partner"><h3 class="b-grid__title"><a href="https://baohaiphong.vn/hai-phong-va-nghe-an-hop-tac-phat-trien-du-lich-10309999.html">Hải Phòng và Nghệ An hợp tác phát triển du lịch</a></h3>
<div class="b-grid__time">30/10/2025 08:00</div></article>"""
    nxt = f'<a class="c-pagination__next" rel="next" href="https://baonghean.vn/{cat}?page={page + 1}">›</a>' if page < last else ""
    prev = f'<a class="c-pagination__prev" href="https://baonghean.vn/{cat}?page={page - 1}">‹</a>' if page > 1 else ""
    main = f"""<h1 class="c-cate-title"><a href="https://baonghean.vn/{cat}">{cat.replace('-', ' ').title()}</a></h1>
<div class="b-grid-list">
{grid}
<div class="c-pagination">{prev}<span class="current">{page}</span>{nxt}</div>
</div>
<aside class="l-sidebar"><div class="c-box"><h3>Tin mới</h3><ul>
<li><a href="https://baonghean.vn/tin-moi-nhat">Tin mới nhất</a></li>
<li><a href="https://nhandan.vn/sap-nhap-tag29012.html">Sáp nhập</a></li></ul></div></aside>"""
    return bna_shell(f"{cat} | Báo Nghệ An", f'<link rel="canonical" href="https://baonghean.vn/{cat}">', main)


def make_baonghean(folder: Path) -> None:
    items = sorted(data.BAONGHEAN, key=when, reverse=True)
    hot = [(bna_url(a).replace("m.baonghean.vn", "baonghean.vn"), a) for a in items]
    for a in items:
        if a["era"] == "2025":
            write(folder, "baonghean.vn", bna_url(a).split("baonghean.vn")[1], bna_article_2025(a, items))
        else:
            page = epi_article(a, bna_url(a).replace("m.baonghean.vn", "baonghean.vn"), "baonghean.vn",
                               "Báo Nghệ An", "", hot, a["cat_name"])
            for host in ("baonghean.vn", "m.baonghean.vn"):
                write(folder, host, bna_url(a).split("baonghean.vn")[1], page)
    for cat in BNA_CATS:
        listed = items if cat == "thoi-su" else [a for a in items if a["cat"] == cat]
        chunks = pages(listed)
        for n, chunk in enumerate(chunks, 1):
            write(folder, "baonghean.vn", f"/{cat}" + (f"?page={n}" if n > 1 else ""), bna_listing(cat, chunk, n, len(chunks)))
    for host in ("baonghean.vn", "m.baonghean.vn"):
        write(folder, host, "/robots.txt", "User-agent: *\nDisallow: /tim-kiem\nDisallow: /api/\n")


# --- SharePoint (ict.backan.gov.vn) ------------------------------------------------------------

SP_HOST = "ict.backan.gov.vn"
SP_LISTINGS = {"tin-tuc-su-kien-541": "Tin tức - Sự kiện", "cong-nghe-thong-tin-542": "Công nghệ thông tin",
               "hoat-dong-dang-doan-the-546": "Hoạt động Đảng, đoàn thể"}


def sp_url(a: dict) -> str:
    return f"https://{SP_HOST}/Pages/{a['cat']}/{a['slug']}-{a['id']}.aspx"


def sp_shell(title: str, main: str) -> str:
    menu = "".join(f'<li><a href="/Pages/{k}.aspx">{e(v)}</a></li>' for k, v in SP_LISTINGS.items())
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" />
<title>{e(title)}</title>
<link rel="stylesheet" type="text/css" href="/_layouts/1066/styles/Themable/corev4.css?rev=demo" />
<script type="text/javascript">var _spPageContextInfo = {{webServerRelativeUrl: "\\u002f", webLanguage: 1066}};</script>
</head>
<body scroll="no" onload="javascript:_spBodyOnLoadWrapper();">
<form method="post" action="./x.aspx" id="aspnetForm">
<div class="s4-notdlg s4-skipribbonshortcut noindex"><a href="javascript:;" class="ms-SkiptoNavigation">Skip Ribbon Commands</a></div>
<div id="s4-ribbonrow" class="s4-pr s4-ribbonrowhidetitle"><div id="s4-ribboncont">Trang</div></div>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="s4-notdlg"><a name="mainContent" class="ms-SkiptoMainContent" href="javascript:;">Skip to main content</a></div>
<div class="header"><div class="banner"><a href="/"><img src="/PublishingImages/banner.jpg" alt="Sở Thông tin và Truyền thông tỉnh Bắc Kạn" /></a></div>
<ul class="topmenu"><li><a href="/">Trang chủ</a></li>{menu}<li><a href="/_layouts/viewlsts.aspx">Nội dung</a></li>
<li><a href="https://backan.gov.vn/">Cổng thông tin điện tử tỉnh</a></li></ul></div>
<div class="content">
{main}
</div>
<div class="footer">Sở Thông tin và Truyền thông tỉnh Bắc Kạn - Tổ 1a, phường Đức Xuân, thành phố Bắc Kạn</div>
</div></div>
</form></body></html>
"""


def sp_listing(key: str, items: list[dict], page: int, last: int) -> str:
    rows = "\n".join(
        f"""<div class="item"><a class="title" href="/Pages/{a['cat']}/{a['slug']}-{a['id']}.aspx">{e(a['title'])}</a>
<span class="date">({when(a):%d/%m/%Y})</span><p class="summary">{e(a['lead'])}</p></div>"""
        for a in items
    )
    nxt = f'<a class="next" href="/Pages/{key}.aspx?Page={page + 1}">Trang sau</a>' if page < last else ""
    prev = f'<a class="prev" href="/Pages/{key}.aspx?Page={page - 1}">Trang trước</a>' if page > 1 else ""
    main = f"""<h2 class="category-title">{e(SP_LISTINGS[key])}</h2>
<div class="news-list">
{rows}
<div class="paging">{prev} <span>Trang {page}/{last}</span> {nxt}</div>
</div>"""
    return sp_shell(SP_LISTINGS[key], main)


def sp_article(a: dict, others: list[dict]) -> str:
    body = "".join(f"<p>{e(p)}</p>" for p in [a["lead"], a["paras"][0]])
    body += f'<p style="text-align:center"><img src="/PublishingImages/{a["id"]}.jpg" alt="" /></p><p>{e(a["caption"])}</p>'
    body += "".join(f"<p>{e(p)}</p>" for p in a["paras"][1:])
    body += f'<p style="text-align:right"><strong>{e(a["author"])}</strong></p>'
    other = "".join(
        f'<li><a href="/Pages/{o["cat"]}/{o["slug"]}-{o["id"]}.aspx">{e(o["title"])}</a> ({when(o):%d/%m/%Y})</li>'
        for o in others if o is not a
    )[:3000]
    main = f"""<div class="news-detail">
<h1 class="title">{e(a['title'])}</h1>
<div class="date-news">(\xa0Cập nhật lúc: {when(a):%d/%m/%Y} \xa0)</div>
<div class="ms-rtestate-field">{body}</div>
<div class="other-news"><h3>Các tin khác</h3><ul>{other}</ul></div>
</div>"""
    return sp_shell(a["title"], main)


def make_so_backan(folder: Path) -> None:
    items = sorted((with_press_release(a) for a in data.SO_BACKAN), key=when, reverse=True)
    for a in items:
        write(folder, SP_HOST, sp_url(a).split(SP_HOST)[1], sp_article(a, items))
    for key in SP_LISTINGS:
        listed = items if key == "tin-tuc-su-kien-541" else [a for a in items if a["cat"] == key]
        chunks = pages(listed)
        for n, chunk in enumerate(chunks, 1):
            write(folder, SP_HOST, f"/Pages/{key}.aspx" + (f"?Page={n}" if n > 1 else ""), sp_listing(key, chunk, n, len(chunks)))
    write(folder, SP_HOST, "/robots.txt", "User-agent: *\nDisallow: /_layouts/\nDisallow: /_vti_bin/\nDisallow: /Lists/\n")


# --- tttt.nghean.gov.vn ------------------------------------------------------------------------

NA_HOST = "tttt.nghean.gov.vn"


def na_url(a: dict) -> str:
    return f"https://{NA_HOST}/{a['cat']}/{a['slug']}-{a['id']}?pageindex=0"


def na_shell(title: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{e(title)} - Sở Thông tin và Truyền thông Nghệ An</title>
<link href="/Content/site.css" rel="stylesheet"><script src="/Scripts/jquery-3.4.1.min.js"></script></head>
<body><div id="wrapper"><div class="header"><a href="/"><img src="/Content/images/banner.png" alt="Sở TT&TT Nghệ An"></a>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc--su-kien">Tin tức - Sự kiện</a></li>
<li><a href="/van-ban-phap-quy">Văn bản</a></li><li><a href="https://dichvucong.nghean.gov.vn/">Dịch vụ công</a></li></ul></div>
<div id="content">
{main}
</div>
<div class="footer">Sở Thông tin và Truyền thông Nghệ An - Số 75 Nguyễn Thị Minh Khai, TP Vinh</div></div></body></html>
"""


def make_so_nghean(folder: Path) -> None:
    items = sorted(data.SO_NGHEAN, key=when, reverse=True)
    crumbs = ('<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
              '<li><a href="/tin-tuc--su-kien">Tin tức - Sự kiện</a></li></ol>')
    for n, a in enumerate(items):
        others = "".join(f'<li><a href="{na_url(o)}">{e(o["title"])}</a> <span class="date">({when(o):%d/%m/%Y})</span></li>'
                         for o in items if o is not a)
        main = f"""{crumbs}
<div class="news-detail">
<h2 class="news-detail-title">{e(a['title'])}</h2>
<div class="news-detail-info"><span class="date"><i class="fa fa-calendar"></i> {when(a):%d/%m/%Y %H:%M}</span> <span class="view"><i class="fa fa-eye"></i> Lượt xem: {312 + 57 * n}</span></div>
<div class="news-detail-content">
<p style="text-align: justify;"><strong>{e(a['lead'])}</strong></p>{''.join(f'<p style="text-align: justify;">{e(p)}</p>' for p in a['paras'][:1])}
<p style="text-align: center;"><img alt="{e(a['caption'])}" src="https://naict.tttt.nghean.gov.vn/uploads/news/{when(a):%Y/%m}/{a['id']}.jpg" /></p>
<p style="text-align: center;"><em>{e(a['caption'])}</em></p>{''.join(f'<p style="text-align: justify;">{e(p)}</p>' for p in a['paras'][1:])}
</div>
<div class="news-detail-author">Tác giả: <b>{e(a['author'])}</b></div>
<div class="news-detail-tools"><a href="javascript:window.print();"><i class="fa fa-print"></i> In bài viết</a> <a href="javascript:history.back();">Quay lại</a></div>
<div class="news-other"><h3 class="news-other-title">Các tin khác</h3><ul>{others}</ul></div>
</div>"""
        write(folder, NA_HOST, na_url(a).split(NA_HOST)[1], na_shell(a["title"], main))
    chunks = pages(items)

    def page_url(number: int) -> str:  # page 1 is the bare category, then ?pageindex=2, 3 …
        return "/tin-tuc--su-kien" + (f"?pageindex={number}" if number > 1 else "")

    for n, chunk in enumerate(chunks, 1):
        rows = "".join(
            f'<div class="news-item row"><div class="col-md-3"><a href="{na_url(a).split(NA_HOST)[1]}">'
            f'<img src="https://naict.tttt.nghean.gov.vn/uploads/news/{when(a):%Y/%m}/thumb-{a["id"]}.jpg" alt="{e(a["title"])}" /></a></div>'
            f'<div class="col-md-9"><h3 class="news-item-title"><a href="{na_url(a).split(NA_HOST)[1]}">{e(a["title"])}</a></h3>'
            f'<span class="date">{when(a):%d/%m/%Y}</span><p class="news-item-sapo">{e(a["lead"])}</p></div></div>'
            for a in chunk
        )
        pager = "".join(
            f'<li class="active"><a href="#">{k}</a></li>' if k == n
            else f'<li><a href="{"?pageindex=" + str(k) if k > 1 else "/tin-tuc--su-kien"}">{k}</a></li>'
            for k in range(1, len(chunks) + 1)
        )
        main = f'{crumbs}\n<div class="news-list">{rows}</div>\n<ul class="pagination">{pager}</ul>'
        write(folder, NA_HOST, page_url(n), na_shell("Tin tức - Sự kiện", main))
    write(folder, NA_HOST, "/robots.txt", "User-agent: *\nDisallow: /admin/\n")


# One builder per demo site; a site is in the demo when its canonical host has a folder here
# (``crawler.demo.demo_sites``), so no list of site keys is kept.
BUILDERS: tuple[Callable[[Path], None], ...] = (make_bdk, make_bbk, make_baonghean, make_so_backan, make_so_nghean)


def make_demo(folder: Path = MIRROR_FOLDER) -> Path:
    """(Re)write the whole demo mirror into ``folder``."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    # Hosts whose listing paths are also folders of articles need index.html: make folders first.
    (folder / NA_HOST / "tin-tuc--su-kien").mkdir(parents=True)
    for make in BUILDERS:
        make(folder)
    return folder


if __name__ == "__main__":
    out = make_demo(Path(sys.argv[1]) if len(sys.argv) > 1 else MIRROR_FOLDER)
    print(f"demo mirror written to {out} ({sum(1 for p in out.rglob('*') if p.is_file())} files)")

# ruff: noqa: E501  (HTML template: long markup lines are the point)
"""Báo Nghệ An pages in its three eras: the old CMS (≤ 2022: ``#title``, ``#date``, ``#content``
with the sapo in ``p:first-child > strong``, images in ``table.image``, related links
``table.rl`` inside the body), the ePi era (``epi.py``), the 2025 CMS (category line, title,
``author dd/mm/yyyy hh:mm`` line, sapo without prefix, ``article.entry`` with a ``c-box``
"Bài liên quan"; option ``longform`` uses the ``sc-longform-header``), and a 2025 listing.
Option ``renamed`` renames the body container."""

from __future__ import annotations

import json

from tests.fixturegen import epi
from tests.fixturegen.common import Story, attr, dmy, esc, hexid, hm, messy, slug_title

HOST = "https://baonghean.vn"
OLD_MENU = [("thoi-su-chinh-tri", "Thời sự - Chính trị"), ("xa-hoi", "Xã hội"), ("kinh-te", "Kinh tế"),
            ("doi-song-phap-luat", "Đời sống - Pháp luật"), ("quoc-phong", "Quốc phòng"),
            ("giao-duc-khoa-hoc", "Giáo dục - Khoa học"), ("the-thao", "Thể thao"), ("mien-tay-nghe-an", "Miền Tây Nghệ An")]
NEW_MENU = [("thoi-su", "Thời sự"), ("kinh-te", "Kinh tế"), ("xa-hoi", "Xã hội"), ("the-thao", "Thể thao"),
            ("suc-khoe", "Sức khỏe"), ("phap-luat", "Pháp luật"), ("quoc-te", "Quốc tế"), ("xay-dung-dang", "Xây dựng Đảng")]
RELATED = [
    ("Nghệ An đẩy nhanh tiến độ các dự án giao thông trọng điểm", "nghe-an-day-nhanh-tien-do-cac-du-an-giao-thong-trong-diem",
     "Tỉnh yêu cầu các chủ đầu tư tập trung nhân lực, thiết bị để hoàn thành các dự án đúng kế hoạch."),
    ("Thanh Chương mở rộng diện tích chè công nghiệp", "thanh-chuong-mo-rong-dien-tich-che-cong-nghiep",
     "Huyện hiện có hơn 3.500 ha chè, mang lại thu nhập ổn định cho hàng nghìn hộ dân."),
    ("Cửa Lò chuẩn bị cho mùa du lịch biển", "cua-lo-chuan-bi-cho-mua-du-lich-bien",
     "Thị xã Cửa Lò chỉnh trang bãi biển, kiểm tra an toàn thực phẩm tại các nhà hàng, khách sạn."),
    ("Trao 500 suất quà cho công nhân khó khăn", "trao-500-suat-qua-cho-cong-nhan-kho-khan",
     "Liên đoàn Lao động tỉnh trao quà cho công nhân lao động tại các khu công nghiệp trên địa bàn."),
]
_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def _old(story: Story) -> str:
    s, rng = story, story.rng("old")
    dt = s.pub_dt()
    cat_slug = next((slug for slug, name in OLD_MENU if name == s.category), "xa-hoi")
    parts = []
    if s.lead:
        parts.append(f"<p><strong>{messy(s.lead, rng, level=1)}</strong></p>")
    n = 0
    for i, block in enumerate(s.blocks):
        if block.kind == "p":
            parts.append(f'<p style="text-align: justify;">{messy(block.text, rng)}</p>')
        else:
            n += 1
            src = f"https://image.baonghean.vn/imagesnewsvn/{dt:%Y/%m/%d}/{slug_title(s.title)[:18]}-{n}-{hexid(s, 6, str(n))}.jpg"
            parts.append(f'<table class="image" align="center" border="0" cellpadding="3" cellspacing="0" width="1"><tbody><tr><td><img src="{src}" alt="{attr(block.text)}" width="600" height="400" border="0" /></td></tr>'
                         f'<tr><td class="image_desc">{messy(block.text, rng, level=1)}</td></tr></tbody></table>')
        if i == 1:
            rows = "".join(f'<li><a href="{HOST}/{u}-2{90000 + k * 37}.html">{esc(t)}</a></li>' for k, (t, u, _) in enumerate(RELATED[:3]))
            parts.append(f'<table class="rl" align="right" width="250"><tbody><tr><td><ul>{rows}</ul></td></tr></tbody></table>')
    if s.author:
        parts.append(f'<p style="text-align: right;"><strong>{esc(s.author)}</strong></p>')
    content_id = 'id="article-text"' if "renamed" in s.options else 'id="content"'
    tags = ", ".join(f'<a href="{HOST}/tag/{slug_title(t)}.html">{esc(t)}</a>' for t in s.tags)
    menu = "".join(f'<li><a href="{HOST}/{slug}/">{esc(name)}</a></li>' for slug, name in OLD_MENU)
    side = "".join(f'<li><a href="{HOST}/{u}-2{91000 + k}.html">{esc(t)}</a><p>{esc(d)}</p></li>' for k, (t, u, d) in enumerate(RELATED))
    meta_date = f'<meta itemprop="datePublished" content="{s.published}" />' if "meta_date" in s.options else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(s.title)} | Báo Nghệ An điện tử</title>
<meta name="description" content="{attr(s.lead)}" />
<meta name="keywords" content="{attr(', '.join(s.tags))}" />
<meta property="og:title" content="{attr(s.title)}" />
<meta property="og:url" content="{attr(s.url)}" />
<meta property="og:type" content="article" />
{meta_date}
<link href="{HOST}/css/style.css?v=2019" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="{HOST}/js/jquery.min.js"></script>
<script type="text/javascript">
  var _gaq = _gaq || [];
  _gaq.push(['_setAccount', 'UA-1234567-1']);
  _gaq.push(['_trackPageview']);
</script>
</head>
<body>
<div id="wrapper">
<div id="header">
	<div class="logo"><a href="{HOST}/"><img src="{HOST}/images/logo.png" alt="Báo Nghệ An" /></a></div>
	<div class="top-links"><a href="{HOST}/en/">English</a> | <a href="{HOST}/fr/">Français</a> | <a href="{HOST}/rss/home.rss">RSS</a></div>
	<div class="search"><form action="{HOST}/tim-kiem/" method="get"><input type="text" name="q" value="Tìm kiếm..." /></form></div>
</div>
<div id="menu"><ul><li class="home"><a href="{HOST}/">Trang chủ</a></li>{menu}</ul></div>
<table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr>
<td valign="top" class="col-main">
	<div id="nav"><a href="{HOST}/">Trang chủ</a> &raquo; <a href="{HOST}/{cat_slug}/">{esc(s.category)}</a></div>
	<div class="article">
		<h1 class="title" id="title">{esc(s.title)}</h1>
		<div id="date">{_WEEKDAYS[dt.weekday()]}, {dmy(dt)}, {hm(dt)} (GMT+7)</div>
		<div {content_id}>
{chr(10).join(parts)}
		</div>
		<div id="tags_list"><span class="lbl">Từ khóa:</span> {tags}</div>
		<div class="share"><a href="https://www.facebook.com/sharer.php?u={attr(s.url)}" target="_blank">Chia sẻ</a> | <a href="javascript:window.print();">In bài viết</a> | <a href="mailto:?subject={attr(s.title)}">Gửi email</a></div>
		<div class="other-news"><h3>Tin liên quan</h3><ul>{side}</ul></div>
	</div>
</td>
<td valign="top" class="col-right" width="300">
	<div class="box"><div class="box-title">Đọc nhiều nhất</div><ul>{side}</ul></div>
	<div class="box adv"><a href="https://ads.baonghean.vn/click?id=12"><img src="{HOST}/adv/banner300.gif" alt="Quảng cáo" /></a></div>
</td>
</tr>
</table>
<div id="footer">
	<p>Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Nghệ An - Tiếng nói của Đảng bộ, chính quyền và nhân dân Nghệ An</p>
	<p>Tổng Biên tập: Nguyễn Văn Hải - Giấy phép số 11/GP-BTTTT</p>
	<p>Địa chỉ: Số 5, đường Quang Trung, TP. Vinh, Nghệ An. Điện thoại: 0238 3598 828</p>
</div>
</div>
<script type="text/javascript">(function() {{ var ga = document.createElement('script'); ga.async = true; ga.src = 'https://ssl.google-analytics.com/ga.js'; document.body.appendChild(ga); }})();</script>
</body>
</html>
"""


def _new_header() -> str:
    menu = "".join(f'<li class="c-menu__item"><a class="c-menu__link" href="{HOST}/{slug}">{esc(name)}</a></li>' for slug, name in NEW_MENU)
    return f"""<body class="detail-page">
<header class="l-header"><div class="l-container"><div class="c-header">
	<a class="c-header__logo" href="{HOST}/" title="Báo Nghệ An"><img src="{HOST}/assets/images/logo.svg" alt="Báo Nghệ An" width="240" height="48"></a>
	<div class="c-header__date" id="c-date"></div>
	<div class="c-header__lang"><a href="{HOST}/en">EN</a> <a href="{HOST}/fr">FR</a> <a href="{HOST}/ru">RU</a> <a href="{HOST}/cn">中文</a></div>
</div>
<nav class="c-menu"><ul class="c-menu__list"><li class="c-menu__item"><a class="c-menu__link" href="{HOST}/">Trang chủ</a></li>{menu}
<li class="c-menu__item"><a class="c-menu__link" href="{HOST}/video">Video</a></li><li class="c-menu__item"><a class="c-menu__link" href="{HOST}/emagazine">Emagazine</a></li></ul></nav>
</div></header>
"""


def _new_footer() -> str:
    return f"""<footer class="l-footer"><div class="l-container">
	<div class="c-footer__info"><p><strong>BÁO NGHỆ AN</strong> - Cơ quan của Đảng bộ tỉnh Nghệ An</p><p>Tổng Biên tập: Nguyễn Văn Hải</p>
	<p>Giấy phép số 11/GP-BTTTT cấp ngày 05/01/2024</p><p>Trụ sở: Số 5, đường Quang Trung, phường Trường Vinh, Nghệ An</p></div>
	<div class="c-footer__copy">© Bản quyền thuộc về Báo Nghệ An. Ghi rõ nguồn "Báo Nghệ An" khi phát hành lại thông tin từ website này.</div>
</div></footer>
<script src="{HOST}/assets/js/app.min.js?v=2025.10" defer></script>
<script>window.__NEXT_STATE__ = {{"page":"detail","ads":{{"zone":"detail"}}}};</script>
</body>
</html>
"""


def _new(story: Story) -> str:
    s, rng = story, story.rng("new")
    dt = s.pub_dt()
    art_id = s.url.rsplit("-", 1)[1].split(".")[0]
    cat_slug = next((slug for slug, name in NEW_MENU if name == s.category), "thoi-su")
    byline = (f'<div class="c-detail-head__row c-detail-head__info"><span class="c-detail-head__author"><a href="{HOST}/tac-gia/{slug_title(s.author or "")}">{esc(s.author)}</a></span> '
              f'<span class="c-detail-head__time">{dmy(dt)} {hm(dt)}</span></div>')
    parts = []
    n = 0
    for i, block in enumerate(s.blocks):
        if block.kind == "p":
            parts.append(f"<p>{messy(block.text, rng)}</p>")
        else:
            n += 1
            src = f"https://cdn.baonghean.vn/images/{hexid(s, 40, str(n))}/{dt:%Y/%m/%d}/{slug_title(s.title)[:20]}-{n}.jpg"
            parts.append(f'<figure class="image"><img loading="lazy" src="{src}" alt="{attr(block.text)}" width="1200" height="800">'
                         f'<figcaption>{messy(block.text, rng, level=1)}</figcaption></figure>')
        if i == 1:
            rows = "".join(f'<li class="c-box__item"><a href="{HOST}/{u}-10{300000 + k * 113}.html">{esc(t)}</a></li>' for k, (t, u, _) in enumerate(RELATED[:3]))
            parts.append(f'<div class="c-box c-box--related"><div class="c-box__title">Bài liên quan</div><ul class="c-box__list">{rows}</ul></div>')
    body = "\n".join(parts)
    entry_open = '<div class="detail-body">' if "renamed" in s.options else '<article class="entry entry-no-padding">'
    entry_close = "</div>" if "renamed" in s.options else "</article>"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title, "description": s.lead,
          "author": {"@type": "Person", "name": s.author}, "mainEntityOfPage": s.url}
    if "ld_date" in s.options:
        ld["datePublished"] = s.published
    if "longform" in s.options:
        head_html = (f'<div class="sc-longform-header"><div class="sc-longform-header-cate"><a href="{HOST}/{cat_slug}">{esc(s.category)}</a></div>'
                     f'<h1 class="sc-longform-header-title">{esc(s.title)}</h1>'
                     f'<div class="sc-longform-header-meta">{byline}</div>'
                     f'<div class="sc-longform-header-sapo">{messy(s.lead or "", rng, level=1)}</div></div>\n<div class="sc-empty-layer"></div>')
    else:
        head_html = (f'<div class="c-detail-head"><div class="c-detail-head__row"><div class="c-breadcrumb"><a class="c-breadcrumb__link" href="{HOST}/{cat_slug}">{esc(s.category)}</a></div></div>\n'
                     f'<h1 class="c-detail-head__title">{esc(s.title)}</h1>\n{byline}\n</div>\n'
                     f'<h2 class="sapo">{messy(s.lead or "", rng, level=1)}</h2>')
    tags = " ".join(f'<a class="c-tag" href="{HOST}/tu-khoa/{slug_title(t)}">{esc(t)}</a>' for t in s.tags)
    related = "".join(f'<div class="b-grid"><h3 class="b-grid__title"><a href="{HOST}/{u}-10{310000 + k}.html">{esc(t)}</a></h3><div class="b-grid__desc">{esc(d)}</div></div>'
                      for k, (t, u, d) in enumerate(RELATED))
    head = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{esc(s.title)} - Báo Nghệ An</title>
<meta name="description" content="{attr(s.lead)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{attr(s.url)}">
<meta property="og:title" content="{attr(s.title)}"><meta property="og:description" content="{attr(s.lead)}"><meta property="og:type" content="article"><meta property="og:url" content="{attr(s.url)}">
<meta property="og:image" content="https://cdn.baonghean.vn/images/{hexid(s, 40, 'og')}/og.jpg">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<link rel="stylesheet" href="{HOST}/assets/css/app.min.css?v=2025.10">
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"articleId":"{art_id}","category":"{attr(s.category)}"}});</script>
</head>
"""
    main = f"""<main class="l-main"><div class="l-container">
<div class="b-maincontent">
{head_html}
{entry_open}
{body}
{entry_close}
<div class="c-tags"><span class="c-tags__label">Từ khóa</span> {tags}</div>
<div class="c-share"><a class="c-share__fb" href="https://www.facebook.com/sharer.php?u={attr(s.url)}">Facebook</a> <a class="c-share__zalo" href="https://zalo.me/share?u={attr(s.url)}">Zalo</a> <a class="c-share__copy" href="javascript:void(0)">Sao chép liên kết</a></div>
<div class="sc-related-articles"><div class="sc-related-articles__title">Tin cùng chuyên mục</div>{related}</div>
</div>
<aside class="b-sidebar"><div class="c-box c-box--hot"><div class="c-box__title">Đọc nhiều</div>{related}</div></aside>
</div></main>
"""
    return head + _new_header() + main + _new_footer()


def _listing(story: Story) -> str:
    s = story
    items = s.items or [(t, f"{HOST}/{u}-10{320000 + k}.html", d) for k, (t, u, d) in enumerate(RELATED)]
    grid = "\n".join(
        f'<div class="b-grid"><div class="b-grid__img"><a href="{attr(u)}"><img loading="lazy" src="https://cdn.baonghean.vn/images/thumb/{k}.jpg" alt="{attr(t)}"></a></div>'
        f'<div class="b-grid__content"><h3 class="b-grid__title"><a href="{attr(u)}">{esc(t)}</a></h3><div class="b-grid__desc">{esc(d)}</div></div></div>'
        for k, (t, u, d) in enumerate(items)
    )
    head = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(s.category)} - Báo Nghệ An</title>
<link rel="canonical" href="{attr(s.url)}"><meta property="og:type" content="website"><meta property="og:title" content="{attr(s.category)}"></head>
"""
    main = f"""<main class="l-main"><div class="l-container"><div class="b-maincontent">
<h1 class="c-cate-title"><a href="{attr(s.url)}">{esc(s.category)}</a></h1>
<div class="b-list">
{grid}
</div>
<div class="c-pagination"><a href="{attr(s.url)}?page=2">Trang sau</a></div>
</div></div></main>
"""
    return head + _new_header() + main + _new_footer()


TEMPLATE_PREFIX = "bna"  # stories whose template starts with "bna" are rendered here (see __main__.py)


def render(story: Story) -> str:
    if story.template == "bna_epi":
        return epi.render_article(story)
    if story.template == "bna_old":
        return _old(story)
    if story.template == "bna_list":
        return _listing(story)
    return _new(story)

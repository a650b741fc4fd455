# ruff: noqa: E501  (HTML template: long markup lines are the point)
"""Other provincial papers no rule knows (the generic path): ``gen_a`` a modern CMS with JSON-LD
and ``article:published_time`` (baohatinh.vn), ``gen_b`` an older table layout with a
``Cập nhật: HH:MM, DD/MM/YYYY`` line (baolangson.vn), ``gen_c`` a WordPress theme
(baotuyenquang.com.vn), ``gen_list`` a category page and ``gen_404`` an error page."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from tests.fixturegen.common import Story, attr, dmy, esc, hexid, hm, messy, slug_title

SITES = {
    "baohatinh.vn": "Báo Hà Tĩnh",
    "baolangson.vn": "Báo Lạng Sơn",
    "baotuyenquang.com.vn": "Báo Tuyên Quang",
}
TEASERS = [
    ("Nông dân thu hoạch lúa xuân sớm để tránh mưa bão", "Nông dân nhiều địa phương khẩn trương thu hoạch lúa xuân chín để kịp triển khai vụ hè thu."),
    ("Khai mạc Hội thi tin học trẻ cấp tỉnh", "Hơn 300 thí sinh đến từ các trường học trên địa bàn tham gia hội thi năm nay."),
    ("Ra mắt câu lạc bộ phụ nữ khởi nghiệp", "Câu lạc bộ có 35 thành viên là chủ các cơ sở sản xuất, kinh doanh nhỏ."),
    ("Đẩy nhanh tiến độ giải phóng mặt bằng dự án cao tốc", "Các địa phương đã bàn giao hơn 90% mặt bằng cho đơn vị thi công."),
]


def _parts(story: Story, *, p_style: str = "") -> list[str]:
    s, rng = story, story.rng("gen")
    out = []
    n = 0
    host = urlsplit(s.url).hostname
    for block in s.blocks:
        if block.kind == "p":
            out.append(f"<p{p_style}>{messy(block.text, rng)}</p>")
        else:
            n += 1
            src = f"https://{host}/uploads/{s.pub_dt():%Y/%m}/{slug_title(block.text)[:20]}-{hexid(s, 6, str(n))}.jpg"
            out.append(f'<figure class="wp-block-image"><img loading="lazy" src="{src}" alt="{attr(block.text)}" width="800" height="533"><figcaption>{messy(block.text, rng, level=1)}</figcaption></figure>')
    return out


def _gen_a(story: Story) -> str:
    s = story
    dt = s.pub_dt()
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title, "datePublished": s.published,
          "author": {"@type": "Person", "name": s.author}, "publisher": {"@type": "Organization", "name": "Báo Hà Tĩnh"}}
    teasers = "".join(f'<li class="item"><a href="https://baohatinh.vn/{slug_title(t)}-post{260000 + i}.html">{esc(t)}</a><p>{esc(d)}</p></li>' for i, (t, d) in enumerate(TEASERS))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(s.title)} - Báo Hà Tĩnh</title>
<meta name="description" content="{attr(s.lead)}"><link rel="canonical" href="{attr(s.url)}">
<meta property="og:title" content="{attr(s.title)}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{s.published}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>var adsZones = ["top", "right1", "inread"]; (function(){{ /* ads loader */ }})();</script>
<link rel="stylesheet" href="https://baohatinh.vn/static/css/app.css?v=3.2"></head>
<body>
<header class="header"><a class="logo" href="https://baohatinh.vn/">Báo Hà Tĩnh</a>
<nav class="menu"><a href="https://baohatinh.vn/chinh-tri/">Chính trị</a> <a href="https://baohatinh.vn/kinh-te/">Kinh tế</a> <a href="https://baohatinh.vn/xa-hoi/">Xã hội</a> <a href="https://baohatinh.vn/van-hoa-giai-tri/">Văn hóa</a> <a href="https://baohatinh.vn/the-thao/">Thể thao</a></nav></header>
<main class="container">
<div class="detail-wrap">
	<div class="breadcrumb"><a href="https://baohatinh.vn/">Trang chủ</a> / <a href="https://baohatinh.vn/{slug_title(s.category or 'xa-hoi')}/">{esc(s.category)}</a></div>
	<h1 class="detail-title">{esc(s.title)}</h1>
	<div class="detail-meta"><span class="author">{esc(s.author)}</span> <span class="time">{hm(dt)} {dmy(dt)}</span></div>
	<h2 class="detail-sapo">{esc(s.lead)}</h2>
	<div class="ads-inread" id="ads-inread"></div>
	<div class="detail-content" id="detail-content">
{chr(10).join(_parts(s))}
	</div>
	<div class="detail-tags">Tags: {" ".join(f'<a href="https://baohatinh.vn/tag/{slug_title(t)}.html">{esc(t)}</a>' for t in s.tags)}</div>
	<div class="detail-share"><a href="https://facebook.com/sharer.php?u={attr(s.url)}">Chia sẻ</a></div>
	<section class="related"><h3>Tin liên quan</h3><ul>{teasers}</ul></section>
</div>
<aside class="sidebar"><div class="box"><h3>Tin đọc nhiều</h3><ul>{teasers}</ul></div></aside>
</main>
<footer class="footer"><p>Báo Hà Tĩnh - Cơ quan của Đảng bộ tỉnh Hà Tĩnh</p><p>Số 2, đường Phan Đình Phùng, TP Hà Tĩnh</p></footer>
</body></html>
"""


def _gen_b(story: Story) -> str:
    s = story
    dt = s.pub_dt()
    parts = _parts(s, p_style=' style="text-align:justify"')
    if s.author:
        parts.append(f'<p style="text-align:right"><b>{esc(s.author)}</b></p>')
    menu = "".join(f'<td><a href="https://baolangson.vn/{slug_title(m)}/">{esc(m)}</a></td>' for m in ("Thời sự", "Kinh tế", "Xã hội", "Văn hóa", "Pháp luật", "Biên giới"))
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(s.title)}</title><meta name="description" content="{attr(s.lead)}" />
<meta property="og:title" content="{attr(s.title)}" />
<script type="text/javascript" src="https://baolangson.vn/js/jquery-1.8.min.js"></script></head>
<body><table width="980" align="center" cellpadding="0" cellspacing="0" border="0">
<tr><td colspan="2"><img src="https://baolangson.vn/images/banner.jpg" alt="Báo Lạng Sơn điện tử" width="980" /></td></tr>
<tr><td colspan="2"><table class="menu" cellpadding="0" cellspacing="0"><tr><td><a href="https://baolangson.vn/">Trang chủ</a></td>{menu}</tr></table></td></tr>
<tr><td valign="top" width="680">
	<table width="100%" cellpadding="5" cellspacing="0"><tr><td>
		<div class="path"><a href="https://baolangson.vn/">Trang chủ</a> &gt; <a href="https://baolangson.vn/{slug_title(s.category or 'xa-hoi')}/">{esc(s.category)}</a></div>
		<div class="news_title">{esc(s.title)}</div>
		<div class="news_date">Cập nhật: {hm(dt)}, {dmy(dt)}</div>
		<div class="news_lead"><b>{esc(s.lead)}</b></div>
		<div class="news_content">
{chr(10).join(parts)}
		</div>
		<div class="news_tool"><a href="javascript:window.print()">In bài</a> | <a href="javascript:history.back()">Trở về</a></div>
		<div class="news_other"><b>Các tin đã đưa</b><ul>{"".join(f'<li><a href="https://baolangson.vn/{slug_title(t)}-5{i}1234.html">{esc(t)}</a></li>' for i, (t, _) in enumerate(TEASERS))}</ul></div>
	</td></tr></table>
</td><td valign="top" width="300"><div class="box_right"><div class="box_title">Xem nhiều nhất</div>{"".join(f'<p><a href="#">{esc(t)}</a></p>' for t, _ in TEASERS)}</div>
<div class="qc"><a href="https://baolangson.vn/qc/1"><img src="https://baolangson.vn/qc/banner1.gif" alt="" /></a></div></td></tr>
<tr><td colspan="2" class="footer">Báo Lạng Sơn điện tử - Giấy phép số 175/GP-BTTTT. Địa chỉ: Số 10, đường Hùng Vương, TP Lạng Sơn</td></tr>
</table></body></html>
"""


def _gen_c(story: Story) -> str:
    s = story
    dt = s.pub_dt()
    parts = _parts(s)
    if s.author:
        parts.append(f'<p class="has-text-align-right"><strong>{esc(s.author)}</strong></p>')
    return f"""<!DOCTYPE html>
<html lang="vi" prefix="og: https://ogp.me/ns#"><head><meta charset="UTF-8">
<title>{esc(s.title)} &#8211; Báo Tuyên Quang</title>
<meta name="description" content="{attr(s.lead)}"/><link rel="canonical" href="{attr(s.url)}" />
<meta property="og:title" content="{attr(s.title)}" /><meta property="article:published_time" content="{s.published}" />
<script type="application/ld+json" class="yoast-schema-graph">{{"@context":"https://schema.org","@graph":[{{"@type":"WebPage","@id":"{attr(s.url)}","name":"{attr(s.title)}"}}]}}</script>
<link rel='stylesheet' id='wp-block-library-css' href='https://baotuyenquang.com.vn/wp-includes/css/dist/block-library/style.min.css?ver=6.2' media='all' />
<script src='https://baotuyenquang.com.vn/wp-includes/js/jquery/jquery.min.js?ver=3.6.4' id='jquery-core-js'></script>
</head>
<body class="post-template-default single single-post">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Chuyển đến nội dung</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="https://baotuyenquang.com.vn/" rel="home">Báo Tuyên Quang</a></p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="https://baotuyenquang.com.vn/chinh-tri/">Chính trị</a></li><li><a href="https://baotuyenquang.com.vn/kinh-te/">Kinh tế</a></li><li><a href="https://baotuyenquang.com.vn/xa-hoi/">Xã hội</a></li></ul></nav></header>
<div id="content" class="site-content"><main id="primary" class="site-main">
<article id="post-{hexid(s, 5, 'p')}" class="post type-post status-publish format-standard hentry">
	<header class="entry-header"><h1 class="entry-title">{esc(s.title)}</h1>
	<div class="entry-meta"><span class="posted-on">Đăng ngày <time class="entry-date published" datetime="{s.published}">{dmy(dt)}</time></span></div></header>
	<div class="entry-content">
<p class="sapo"><strong>{esc(s.lead)}</strong></p>
{chr(10).join(parts)}
	</div>
	<footer class="entry-footer"><span class="cat-links">Chuyên mục <a href="https://baotuyenquang.com.vn/xa-hoi/" rel="category tag">{esc(s.category)}</a></span></footer>
</article>
<nav class="navigation post-navigation"><h2 class="screen-reader-text">Điều hướng bài viết</h2><div class="nav-links"><div class="nav-previous"><a href="#" rel="prev">{esc(TEASERS[0][0])}</a></div><div class="nav-next"><a href="#" rel="next">{esc(TEASERS[1][0])}</a></div></div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Để lại một bình luận</h3><form action="https://baotuyenquang.com.vn/wp-comments-post.php" method="post" id="commentform"><p class="comment-form-comment"><textarea id="comment" name="comment"></textarea></p><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Gửi bình luận" /></p></form></div></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Bài viết mới</h2><ul>{"".join(f'<li><a href="#">{esc(t)}</a></li>' for t, _ in TEASERS)}</ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">Báo Tuyên Quang - Cơ quan của Đảng bộ tỉnh Tuyên Quang</div></footer></div>
<script src='https://baotuyenquang.com.vn/wp-content/themes/btq/js/navigation.js?ver=1.0' id='btq-navigation-js'></script>
</body></html>
"""


def _list(story: Story) -> str:
    s = story
    items = "".join(f'<article class="story"><h3><a href="https://baohatinh.vn/{slug_title(t)}-post{260000 + i}.html">{esc(t)}</a></h3><p class="sapo">{esc(d)}</p></article>'
                    for i, (t, d) in enumerate(TEASERS))
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{esc(s.category)} - Báo Hà Tĩnh</title><link rel="canonical" href="{attr(s.url)}">
<meta property="og:type" content="website"></head>
<body><header class="header"><a class="logo" href="https://baohatinh.vn/">Báo Hà Tĩnh</a></header>
<main class="container"><h1 class="cate-title">{esc(s.category)}</h1><div class="list-news">{items}</div>
<div class="pagination"><a href="{attr(s.url)}?page=2">Trang sau</a></div></main>
<footer class="footer"><p>Báo Hà Tĩnh - Cơ quan của Đảng bộ tỉnh Hà Tĩnh</p></footer></body></html>
"""


def _404(story: Story) -> str:
    return """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Không tìm thấy trang - Báo Lạng Sơn</title><meta name="robots" content="noindex"></head>
<body><div class="error-page"><h1>404</h1><h2>Không tìm thấy trang</h2>
<p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa. Vui lòng quay lại <a href="https://baolangson.vn/">trang chủ</a>.</p>
<form action="https://baolangson.vn/tim-kiem" method="get"><input type="text" name="q" placeholder="Tìm kiếm" /></form></div></body></html>
"""


TEMPLATE_PREFIX = "gen"  # stories whose template starts with "gen" are rendered here (see __main__.py)


def render(story: Story) -> str:
    return {"gen_a": _gen_a, "gen_b": _gen_b, "gen_c": _gen_c, "gen_list": _list, "gen_404": _404}[story.template](story)

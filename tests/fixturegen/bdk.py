# ruff: noqa: E501  (HTML template: long markup lines are the point)
"""Báo Đồng Khởi pages: the old baodongkhoi.vn template (vendor CMS shared with Báo Cần Thơ),
the 2025 dongkhoi.baovinhlong.vn variant (lead in ``.detail-desc``), the AMP copy, a category
listing.  Option ``renamed`` renames the body containers (a template change)."""

from __future__ import annotations

import json

from tests.fixturegen.common import Story, attr, dmy, esc, hexid, hm, messy, slug_title

OTHERS = [
    ("Bến Tre đẩy mạnh tiêu thụ dừa và các sản phẩm từ dừa", "ben-tre-day-manh-tieu-thu-dua-va-cac-san-pham-tu-dua-a110122",
     "BDK.VN - Sáng 12-1, Sở Công Thương phối hợp các doanh nghiệp ngành dừa tổ chức hội nghị kết nối tiêu thụ."),
    ("Huyện Chợ Lách ra quân chỉnh trang đô thị đón Tết", "huyen-cho-lach-ra-quan-chinh-trang-do-thi-don-tet-a110118",
     "BDK.VN - Ngày 11-1, UBND huyện Chợ Lách phát động ra quân chỉnh trang đô thị, giữ gìn vệ sinh môi trường."),
    ("Trao học bổng cho học sinh nghèo vượt khó huyện Ba Tri", "trao-hoc-bong-cho-hoc-sinh-ngheo-vuot-kho-huyen-ba-tri-a110101",
     "BDK.VN - Hội Khuyến học tỉnh trao 120 suất học bổng cho học sinh có hoàn cảnh khó khăn."),
    ("Kiểm tra công tác phòng chống hạn mặn tại Thạnh Phú", "kiem-tra-cong-tac-phong-chong-han-man-tai-thanh-phu-a110095",
     "BDK.VN - Đoàn công tác của tỉnh kiểm tra các công trình ngăn mặn, trữ ngọt trên địa bàn huyện Thạnh Phú."),
    ("Giồng Trôm phát triển mô hình nuôi bò vỗ béo", "giong-trom-phat-trien-mo-hinh-nuoi-bo-vo-beo-a110087",
     "BDK.VN - Nhiều hộ dân ở Giồng Trôm có thu nhập ổn định nhờ mô hình nuôi bò vỗ béo liên kết."),
    ("Mỏ Cày Nam tổ chức ngày hội đại đoàn kết toàn dân tộc", "mo-cay-nam-to-chuc-ngay-hoi-dai-doan-ket-toan-dan-toc-a110064",
     "BDK.VN - Ngày hội diễn ra tại ấp Phước Hậu với nhiều hoạt động văn hóa, thể thao sôi nổi."),
]
CATS = [("thoi-su", "Thời sự"), ("chinh-tri", "Chính trị"), ("kinh-te", "Kinh tế"), ("xa-hoi", "Xã hội"),
        ("van-hoa", "Văn hóa"), ("khoa-giao", "Khoa giáo"), ("the-thao", "Thể thao"), ("phap-luat", "Pháp luật"),
        ("quoc-phong", "Quốc phòng"), ("ban-doc", "Bạn đọc"), ("quoc-te", "Quốc tế")]
CAT_SLUG = {name: slug for slug, name in CATS}


def _host(story: Story) -> str:
    return "https://" + story.url.split("/")[2] + "/"


def _head(story: Story, base: str) -> str:
    s = story
    desc = attr(s.lead or "")
    dt = s.pub_dt()
    ld = {"@context": "https://schema.org/", "@type": "NewsArticle", "name": s.title,
          "datePublished": dt.date().isoformat() if dt else "", "description": s.lead or ""}
    canonical = s.url.replace("://amp.", "://")
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<title>{esc(s.title)} - Báo Đồng Khởi Online</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="Keywords" content="{attr(', '.join(s.tags))}" />
<meta name="Description" content="{desc}" />
<meta name="robots" content="index,follow" />
<base href="{base}static/templates/version1/homepage/" />
<link rel="canonical" href="{attr(canonical)}" /><link href="{base}static/templates/version1/homepage/js/bxslider/jquery.bxslider.css" media="screen" rel="stylesheet" type="text/css" >
<script type="text/javascript" src="{base}static/templates/version1/homepage/js/jquery-1.10.1.min.js"></script>
<link rel="stylesheet" href="css/bootstrap.min.css">
<link href="css/style2019.css?id=1.0032" type="text/css" media="all" rel="stylesheet" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<script language="javascript" type="text/javascript">
var DOMAIN = "{base}";
</script>
<meta property="og:type" content="article" /><meta property="og:url" content="{attr(canonical)}" /><meta property="og:title" content="{attr(s.title)}" /><meta property="og:description" content="{desc}" /><meta property="og:image" content="{base}image/news/{dt.year if dt else 2023}/thumbnail/810x478/{hexid(s, 10)}.jpg" />
<!-- Global site tag (gtag.js) - Google Analytics -->
<script async src="https://www.googletagmanager.com/gtag/js?id=UA-47830917-1"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}}
  gtag('js', new Date());
  gtag('config', 'UA-47830917-1');
</script>
<script type="application/ld+json">
  {json.dumps(ld, ensure_ascii=False, indent=4)}
</script>
<style>
.content-fck p{{margin-bottom:10px}} .pubdate{{color:#888;font-size:12px}}
/* .wappermenu{{filter:grayscale(100%);}} quoc tang */
</style>
</head>
"""


def _menu(story: Story, base: str) -> str:
    items = "\n".join(
        f'\t\t\t\t\t\t<li class="col-xs-6"><a class="subcm" href="{base}{slug}/">{esc(name)}</a></li>' for slug, name in CATS
    )
    mega = "\n".join(
        f'<li><div class="overflow-16x9"><a href="{base}{u}.html"><img loading="lazy" title="{attr(t)}" '
        f'src="{base}image/news/2023/thumbnail/336x224/{i}.jpg" onerror="this.src=\'{base}image/error/300x220.jpg\'" '
        f'width="175px" alt="{attr(t)}" /></a></div>\n<a title="{attr(t)}" href="{base}{u}.html">{esc(t)}</a></li>'
        for i, (t, u, _) in enumerate(OTHERS[:4])
    )
    return f"""<body>
	<div class="wapperheader">
		<nav class="navbar navbar-default bgx visible-xs">
			<div class="navbar-header" style="background:#fff;">
				<i class="fa fa-search searchboxicow" aria-hidden="true"></i>
				<a class="navbar-brand" href="{base}">
					<!-- <img alt="baodongkhoi.vn" src="images/graphics/logo_tet.png" style="max-height:100%;"> tet -->
					<img alt="baodongkhoi.vn" title="baodongkhoi.vn" src="images/graphics/logo.png?id=1.01" style="max-height:100%;" />
				</a>
			</div>
			<div id="navbar" class="collapse navbar-collapse"><div class="row">
				<ul id="nav1" class="nav-mobi nav navbar-nav navbar-left">
{items}
				</ul>
			</div></div>
			<div id="search" class="displaynone"><input type="text" onkeydown="if(event.keyCode==13){{doSearch('txtsearch');return false;}}" value="" name="txtsearch" id="txtsearch" class="inputtext"></div>
		</nav>
		<div class="hidden-xs"><div class="container"><div class="_row"><div id="header">
			<div class="fleft w100per col-top-head"><div class="row">
				<div class="col-sm-4"><a href="{base}">Trang chủ</a> | <a href="{base}rss/">RSS</a></div>
				<div class="col-sm-8"><div class="canhphai"><span class="marginright5" id="datenow"></span>
					<form class="frm-nav-search"><input name="q" id="q" class="qsearch" type="text" value="" placeholder="Tìm kiếm"></form></div></div>
			</div></div>
			<div class="col-top-logo col-lg-4"><a href="{base}"><img class="i-logo" src="images/graphics/logo.png?id=1.01" /></a></div>
			<div class="col-top-banner col-lg-8 canhphai"><iframe id='hometop' name='hometop' src='https://ads.baodongkhoi.vn/www/delivery/afr.php?zoneid=3&amp;cb=INSERT_RANDOM_NUMBER_HERE' frameborder='0' scrolling='no' width='728' height='90'><a href='https://ads.baodongkhoi.vn/www/delivery/ck.php?n=a1&amp;cb=1' target='_blank'><img src='https://ads.baodongkhoi.vn/www/delivery/avw.php?zoneid=3&amp;n=a1' border='0' alt='' /></a></iframe></div>
		</div></div></div>
		<div class="wrapper-scroll-top"><div class="container"><div class="wappermenu"><nav class="nav-main"><ul class="clearfix">
			<li><a href="{base}" title="Trang chủ"><i class="fs14 fas fa-home" aria-hidden="true"></i></a></li>
			<li><a href="{base}thoi-su/" title="Thời sự">Thời sự</a><div class="mega-menu"><ul class="list-block">
{mega}
			</ul></div></li>
			<li><a href="{base}kinh-te/" title="Kinh tế">Kinh tế</a></li>
			<li><a href="{base}xa-hoi/" title="Xã hội">Xã hội</a></li>
			<li><a href="{base}video/" title="Video">Video</a></li>
		</ul></nav></div>
		<div class="subnavmenu"><div class="evtname"><div class="fleft dsk-head"><span>Dòng sự kiện</span></div>
			<div id="vTicker-event-news" class="event-news" style="height:0px;overflow:hidden;"><ul>
				<li><a href="{base}su-kien/chuyen-doi-so.12.html">Chuyển đổi số</a></li>
				<li><a href="{base}su-kien/xay-dung-nong-thon-moi.7.html">Xây dựng nông thôn mới</a></li>
			</ul></div></div></div>
		</div></div></div>
	</div>
"""


def _sidebar(base: str) -> str:
    def box(title: str, rows: list) -> str:
        lis = "\n".join(
            f'\t\t\t<li><a class="fleft" title="{attr(t)}" href="{base}{u}.html">{esc(t)}&nbsp;<span class="sprite icophoto"></span></a></li>'
            for t, u, _ in rows
        )
        return (f'<div class="box160">\n\t<div class="topbox160"><a href="javascript:void(0);"><h2>{title}</h2></a></div>\n'
                f'\t<div class="midbox160"><ul>\n{lis}\n\t\t</ul></div>\n</div>')
    return f'<div id="colcate2">\n{box("Tiêu điểm", OTHERS[:3])}\n<div class="clear"></div>\n{box("Đọc nhiều", OTHERS[2:])}\n</div>'


def _footer(base: str) -> str:
    return f"""<div class="footer"><div class="container"><div class="footer-bot"><div class="row">
	<div class="col-lg-3"><a href="{base}"><img src="images/graphics/logo-small.png" /></a></div>
	<div class="col-lg-9"><div class="col-xs-12 i-title">Bản quyền thuộc về Báo Đồng Khởi</div>
		<p>Tổng Biên tập: Nguyễn Văn Hoàng</p>
		<p>Giấy phép số 256/GP-BTTTT do Bộ Thông tin và Truyền thông cấp ngày 15-5-2017</p>
		<p>Số 5, đường Đồng Văn Cống, phường An Hội, TP. Bến Tre - Điện thoại: (0275) 3822 227<br>Email: <a href="mailto:toasoan@baodongkhoi.vn">toasoan@baodongkhoi.vn</a></p>
		<p>Ghi rõ nguồn "Báo Đồng Khởi" khi phát hành lại thông tin từ website này</p>
	</div>
</div></div></div></div>
</body>
<script type="text/javascript" src="js/bootstrap.min.js"></script>
<script type="text/javascript">$(document).ready(function(){{ $('#vTicker-event-news').vTicker(); }});</script>
</html>
"""


def _lead_html(lead: str, rng) -> str:
    if lead.startswith("BDK.VN - "):
        return "<strong>BDK.VN</strong> -&nbsp;" + messy(lead[len("BDK.VN - "):], rng)
    return messy(lead, rng)


def _body(story: Story, base: str, *, with_lead: bool) -> str:
    s, rng = story, story.rng("body")
    dt = s.pub_dt()
    folder = f"{dt:%Y}/{dt:%Y%m%d}" if dt else "2023/20230101"
    out = []
    if with_lead and s.lead:
        out.append(f'<p style="text-align: justify;">{_lead_html(s.lead, rng)}</p>')
    n = 0
    for i, block in enumerate(s.blocks):
        if block.kind == "p":
            out.append(f'<p style="text-align: justify;">{messy(block.text, rng)}</p>')
            if i == 2:
                out.append(f'<div class="AMN_res_{base.split("/")[2]}_mid"></div>')
            continue
        n += 1
        src = f"http://image.baodongkhoi.vn/fckeditor/upload/{folder}/images/{slug_title(s.title)[:20]}-{n}.jpg"
        if "table_images" in s.options and n % 2:
            out.append(
                f'<table align="center" border="0" cellpadding="1" cellspacing="1" style="width: 600px;"><tbody>'
                f'<tr><td><img class="zoomimg" alt="" title="{attr(s.title)}" src="{src}" style="width: 600px; height: 400px;" /></td></tr>'
                f'<tr><td style="text-align: center;"><em>{messy(block.text, rng, level=1)}</em></td></tr></tbody></table>'
            )
            continue
        out.append(f'<p style="text-align: center;"><img class="zoomimg" alt="" title="{attr(s.title)}" '
                   f'data-socail-link="{attr(s.url)}" src="{src}" style="width: 640px; height: 427px;" /></p>')
        cap = f'<p style="text-align: center;"><em>{messy(block.text, rng, level=1)}</em></p>'
        out.append(cap)
        if "doubled_captions" in s.options:
            out.append(f'<p style="text-align: center;"><em>{esc(block.text)}</em></p>')
    if s.byline:
        align = 'align="right"' if "align_attr" in s.options else 'style="text-align: right;"'
        out.append(f'<p {align}><strong>{esc(s.byline)}</strong></p>')
    return "\n\n".join(out)


def _after_body(story: Story, base: str, news_id: str) -> str:
    s = story
    cat = s.category or "Thời sự"
    tags = "".join(f'<a class="tag_item" title="{attr(t)}" href="{base}tim-kiem/{attr(t)}.html">{esc(t)}</a>' for t in s.tags)
    tag_box = (f'<div class="block_tag marginbottom10">\n\t\t\t<div class="txt_tag">Từ khóa</div>\n\t\t\t{tags}\t\t</div>'
               if s.tags else "")
    related = "\n".join(
        f'<li class="related-item col-xs-12 col-sm-4"><div class="news-img-top"><a class="b-img" title="{attr(t)}" href="{base}{u}.html">'
        f'<div class="overflow-5x3"><img onerror="this.src=\'images/300x220.jpg\'" src="{base}image/news/2023/thumbnail/470x300/{i}.jpg" alt="{attr(t)}" /></div></a>'
        f'<div class="b-content"><a title="{attr(t)}" href="{base}{u}.html"><h3 class="b-title">{esc(t)}&nbsp;<span class="sprite icophoto"></span></h3></a></div></div></li>'
        for i, (t, u, _) in enumerate(OTHERS[1:5])
    )
    return f"""
		<div id="linkshare" data="248">
				<div class="sharelike">
					<table border="0"><tr>
						<td><b class="fs13">Chia sẻ bài viết</b></td>
						<td class="detail-fb-like-share">
               <!-- <a style="float:left;" title="Chia sẻ bài viết lên twitter" href="https://twitter.com/intent/tweet?url={attr(s.url)}" target="twitter"><img src="images/twitter.png" width="16px" /></a> -->
                <div style="margin-left:5px;float:left;"><a class="ashare btn-facebook" target="_fb" href="https://www.facebook.com/sharer/sharer.php?u={attr(s.url)}&amp;display=popup"><i class="icon12-facebook-f-white"></i> Chia sẻ Facebook</a></div>
						</td></tr>
					</table>
				</div>
			<div class="clear"></div>
		</div>
		{tag_box}
		<div class="clear"></div>
		<div id="comment">
	<div class="titletd nobg"><a class="active fs13" href="javascript:void(0);"><b>BÌNH LUẬN</b></a></div>
	<div id="loacomment"></div>
	<div id="postcomment">
		<p align="center" id="error_txtinfocomment" style="color:red;padding-bottom:10px;"></p>
		<form method="POST" name="frmComments" id="frmComments" enctype="multipart/form-data">
			<input type="hidden" name="txtnewsid" id="txtnewsid" value="{news_id}" />
			<input type="hidden" name="txtnewscate" id="txtnewscate" value="{CAT_SLUG.get(cat, 'thoi-su')}" />
			<input type="hidden" name="txtnewssubcate" id="txtnewssubcate" value="" />
			<!--<div class="notecom"><strong>LƯU Ý</strong>: BĐK sẽ biên tập ý kiến của bạn đọc trước khi xuất bản.</div>-->
			<textarea class="margintopbot10" rows="5" id="txtinfocomment" name="txtinfocomment">Ý kiến của bạn</textarea>
			<div class="fright"><button class="btn_xanh_sm w100" onclick="docommentnew();return false;">Gửi ý kiến</button></div>
		</form>
	</div>
</div>
<script type="text/javascript">function docommentnew(){{ /* ajax post */ }}</script>
		<div class="col-xs-12 detail-related"><div class="row">
			<div class="col-xs-12 related-title"><div class="catename"><span class="cate-title"><a class="cate1" href="javascript:void(0);">Đọc thêm</a></span></div></div>
			<ul class="related-list">
{related}
			</ul>
		</div></div>
"""


def _article(story: Story) -> str:
    s = story
    host = s.url.split("/")[2]
    is_2025 = s.template == "bdk_2025"
    base = _host(s) if is_2025 else "https://dongkhoi.baovinhlong.vn/" if "base_new_host" in s.options else _host(s)
    base = base.replace("amp.", "")
    dt = s.pub_dt()
    news_id = s.url.rsplit("-a", 1)[1].split(".")[0]
    cat = s.category or "Thời sự"
    sub = s.meta.get("subcategory")
    sub_html = f'<span class="fw400"> &gt; <a style="color:#b0b0b0;" href="{base}{CAT_SLUG.get(cat, "thoi-su")}/{slug_title(sub)}/">{esc(sub)}</a></span>' if sub else ""
    titlecate = f'<div class="titlecate"><h1><a href="{base}{CAT_SLUG.get(cat, "thoi-su")}/">{esc(cat)}</a>{sub_html}</h1></div>'
    share = (f'<div id="clear" class="sharemxh detail-fb-like-share">\n\t\t\t<span class="pubdate">{dmy(dt)} - {hm(dt)}</span>\n'
             f'\t\t\t<div class="fright"><!-- <a href="http://www.facebook.com/sharer.php?u={attr(s.url)}" target="fb"><span class="sprite icofb"></span></a> -->\n'
             f'\t\t\t\t<a href="javascript:void(0);" onclick="printPopup(\'{base}print/{s.url.rsplit("/", 1)[1]}\');" title="Print" rel="nofollow"><span class="sprite icoprint"></span></a></div>\n\t\t</div>')
    h1 = f'<h1 class="margintopbot10 fw700">{esc(s.title)}&nbsp;<span class="sprite icophoto"></span></h1>'
    top = f"{share}\n\n\t\t{h1}" if "date_first" in s.options else f"{h1}\n\n\t\t{share}"
    desc = ""
    if is_2025 and s.lead:
        desc = f'<div class="detail-desc"><p>{_lead_html(s.lead, s.rng("lead"))}</p></div>'
    outer_id, inner_cls = ("news-body", "article-content-v2") if "renamed" in s.options else ("newscontents", "content-fck slider-jsgallery")
    body = _body(s, base, with_lead=not is_2025)
    main = f"""
<div class="wappercontainer">
<div class="container">
<div class="row">
<div id="content">
	<div id="colcate1">
		{titlecate}
		{top}
		<div id="clear"></div>
		{desc}
		<div id="{outer_id}">
<!-- <link href="{base}static/templates/version1/homepage/js/fancybox2/source/jquery.fancybox5.css" media="screen" rel="stylesheet" type="text/css" > -->
<div class="{inner_cls}">
{body}
</div>
</div>
{_after_body(s, base, news_id)}
	</div>
	{_sidebar(base)}
</div>
</div>
</div>
</div>
"""
    del host
    return _head(s, base) + _menu(s, base) + main + _footer(base)


def _amp(story: Story) -> str:
    s, rng = story, story.rng("amp")
    dt = s.pub_dt()
    canonical = s.url.replace("://amp.", "://")
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
          "datePublished": dt.date().isoformat(), "mainEntityOfPage": canonical,
          "publisher": {"@type": "Organization", "name": "Báo Đồng Khởi"}}
    parts = []
    if s.lead:
        parts.append(f'<p style="text-align: justify;">{_lead_html(s.lead, rng)}</p>')
    n = 0
    for block in s.blocks:
        if block.kind == "p":
            parts.append(f'<p style="text-align: justify;">{messy(block.text, rng)}</p>')
        else:
            n += 1
            parts.append(f'<p style="text-align: center;"><amp-img src="https://baodongkhoi.vn/image/ckeditor/{dt:%Y}/{dt:%Y%m%d}/files/{slug_title(s.title)[:16]}-{n}.jpg" '
                         f'width="640" height="427" layout="responsive" alt=""></amp-img></p>\n'
                         f'<p style="text-align: center;"><em>{messy(block.text, rng, level=1)}</em></p>')
    if s.byline:
        parts.append(f'<p style="text-align: right;"><strong>{esc(s.byline)}</strong></p>')
    body = "\n".join(parts)
    cat = s.category or "Thời sự"
    return f"""<!doctype html>
<html amp lang="vi">
<head>
<meta charset="utf-8">
<title>{esc(s.title)}</title>
<link rel="canonical" href="{attr(canonical)}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta name="description" content="{attr(s.lead)}">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-social-share" src="https://cdn.ampproject.org/v0/amp-social-share-0.1.js"></script>
<script async custom-element="amp-sidebar" src="https://cdn.ampproject.org/v0/amp-sidebar-0.1.js"></script>
<script async custom-element="amp-analytics" src="https://cdn.ampproject.org/v0/amp-analytics-0.1.js"></script>
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style></noscript>
<style amp-custom>.pubdate{{color:#777;font-size:13px}} .content-fck p{{margin:0 0 10px}} .menu a{{display:block}}</style>
</head>
<body>
<amp-analytics type="gtag" data-credentials="include"><script type="application/json">{{"vars":{{"gtag_id":"UA-47830917-1","config":{{"UA-47830917-1":{{"groups":"default"}}}}}}}}</script></amp-analytics>
<amp-sidebar id="sidebar" layout="nodisplay" side="left">
	<ul class="menu">
		{"".join(f'<li><a href="https://amp.baodongkhoi.vn/{slug}/">{esc(name)}</a></li>' for slug, name in CATS)}
	</ul>
</amp-sidebar>
<header class="amp-header"><button on="tap:sidebar.toggle" class="btn-menu">☰</button><a href="https://amp.baodongkhoi.vn/"><amp-img src="https://baodongkhoi.vn/static/templates/version1/homepage/images/graphics/logo.png" width="180" height="40" alt="Báo Đồng Khởi"></amp-img></a></header>
<main>
<div class="breadcrumb"><a href="https://amp.baodongkhoi.vn/{CAT_SLUG.get(cat, 'thoi-su')}/">{esc(cat)}</a></div>
<article class="detail">
	<h1 class="title">{esc(s.title)}</h1>
	<div class="info"><span class="pubdate">{dmy(dt)} - {hm(dt)}</span></div>
	<div class="content-fck">
{body}
	</div>
	<div class="share"><span>Chia sẻ bài viết</span>
		<amp-social-share type="facebook" data-param-app_id="254325784911610" width="32" height="32"></amp-social-share>
		<amp-social-share type="email" width="32" height="32"></amp-social-share>
	</div>
</article>
<section class="related"><h3>Đọc thêm</h3><ul>
	{"".join(f'<li><a href="https://amp.baodongkhoi.vn/{u}.html">{esc(t)}</a></li>' for t, u, _ in OTHERS[:4])}
</ul></section>
</main>
<footer class="amp-footer"><p>Bản quyền thuộc về Báo Đồng Khởi</p><p>Số 5, đường Đồng Văn Cống, phường An Hội, TP. Bến Tre</p><a href="{attr(canonical)}">Xem phiên bản đầy đủ</a></footer>
</body>
</html>
"""


def _listing(story: Story) -> str:
    s = story
    base = "https://baodongkhoi.vn/"
    items = s.items or [(t, base + u + ".html", d) for t, u, d in OTHERS]
    top, rest = items[0], items[1:]
    lis = "\n".join(
        f'\t\t<li class="news-img-left news-img">\n\t\t\t<a class="b-title" href="{attr(u)}"><h3 class="marginbottom5 fs18">{esc(t)}&nbsp;<span class="sprite icophoto"></span></h3></a>\n'
        f'\t\t\t<a class="b-img" href="{attr(u)}"><div class="ovf120"><img loading="lazy" onerror="this.src=\'{base}image/error/300x220.jpg\'" class="fleft marginright10" width="160px" src="{base}image/news/2023/thumbnail/510x286/{i}.jpg" alt="{attr(t)}" /></div></a>\n'
        f'\t\t\t<p class="b-content txt fleft desc marginbottom5">\n\t\t\t\t{esc(d)}\t\t\t</p>\n\t\t</li>'
        for i, (t, u, d) in enumerate(rest)
    )
    page = int(s.url.rsplit("p=", 1)[1]) if "p=" in s.url else 1
    path = s.url.split("?")[0]
    pager = "".join(f'<li><a href="{path}?p={n}">{n}</a></li>' if n != page else f"<li><b>{n}</b></li>" for n in range(page, page + 5))
    cat = s.category or "Xã hội"
    main = f"""
<div class="wappercontainer"><div class="container"><div class="row"><div id="content">
	<div id="colcate1">
		<div id="topcate">
			<div class="titlecate"><h1><a href="{base}{CAT_SLUG.get(cat, 'xa-hoi')}/">{esc(cat)}</a></h1><a href="{base}rss/cate/{CAT_SLUG.get(cat, 'xa-hoi')}/"><span class="sprite icorss"></span></a></div>
			<a href="{attr(top[1])}"><div class="overflow-4x3"><img width="100%" src="{base}image/news/2023/thumbnail/810x478/top.jpg" alt="{attr(top[0])}" /></div></a>
			<div class="fleft"><h2 class="h2cate"><a href="{attr(top[1])}">{esc(top[0])}</a></h2></div>
			<p class="desc paddingbottom10 clearleft">{esc(top[2])}</p>
			<div class="boxtinmoi"><ul class="list-news-img-style-1">
{lis}
			</ul></div>
			<div class="boxpage"><div class="fright" id="page"><ul>
				<li><a href="{path}?p={max(1, page - 1)}">&laquo;</a></li><li><a href="{path}?p={max(1, page - 1)}">&lt;</a></li>
				{pager}
				<li><a href="{path}?p={page + 1}">&gt;</a></li><li><a href="{path}?p={page + 4}">&raquo;</a></li>
			</ul></div></div>
		</div>
	</div>
	{_sidebar(base)}
</div></div></div></div>
"""
    head = f"""<!DOCTYPE html>
<html lang="vi">
<head>
<title>{esc(cat)} - Báo Đồng Khởi Online</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="Description" content="Tin tức {esc(cat.lower())} tỉnh Bến Tre" />
<base href="{base}static/templates/version1/homepage/" />
<link rel="canonical" href="{attr(s.url)}" />
<meta property="og:type" content="website" /><meta property="og:title" content="{esc(cat)}" />
<script type="text/javascript" src="js/jquery-1.10.1.min.js"></script>
</head>
"""
    return head + _menu(s, base) + main + _footer(base)


TEMPLATE_PREFIX = "bdk"  # stories whose template starts with "bdk" are rendered here (see __main__.py)


def render(story: Story) -> str:
    if story.template == "bdk_list":
        return _listing(story)
    if story.template == "bdk_amp":
        return _amp(story)
    return _article(story)

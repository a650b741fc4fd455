# ruff: noqa: E501  (HTML template: long markup lines are the point)
"""tttt.nghean.gov.vn (Sở TT&TT Nghệ An; markup unknown, so this is a plausible Vietnamese
government CMS): a header with its own ``h1``, the reader's "today" date in the top bar, menus,
``div.news-detail`` (title, date and views line, optional sapo, ``news-detail-content``),
author either as a last bold line or a ``Tác giả:`` block, "Tin khác", a poll form, a footer.

Options: ``sapo``, ``author_tacgia``, ``renamed``.
"""

from __future__ import annotations

from tests.fixturegen.common import Story, attr, dmy, esc, hexid, hm, messy, slug_title

HOST = "https://tttt.nghean.gov.vn"
MENU = [("gioi-thieu", "Giới thiệu"), ("tin-tuc--su-kien", "Tin tức - Sự kiện"), ("chuyen-doi-so", "Chuyển đổi số"),
        ("thong-tin-bao-chi", "Thông tin - Báo chí"), ("buu-chinh-vien-thong", "Bưu chính - Viễn thông"),
        ("van-ban", "Văn bản"), ("thu-tuc-hanh-chinh", "Thủ tục hành chính"), ("lien-he", "Liên hệ")]
OTHERS = [
    ("Hội nghị giao ban công tác báo chí quý III năm 2023", "582911", "14/09/2023"),
    ("Triển khai Chiến dịch cao điểm hướng dẫn người dân sử dụng dịch vụ công trực tuyến", "582640", "08/09/2023"),
    ("Kiểm tra hoạt động bưu chính tại huyện Yên Thành", "582377", "30/08/2023"),
    ("Tập huấn kỹ năng số cho cán bộ Tổ công nghệ số cộng đồng", "581905", "22/08/2023"),
    ("Công bố thủ tục hành chính mới trong lĩnh vực xuất bản", "581650", "15/08/2023"),
]


def _page(story: Story, title: str, main: str) -> str:
    s = story
    menu = "".join(f'<li class="nav-item"><a class="nav-link" href="{HOST}/{slug}">{esc(name)}</a></li>' for slug, name in MENU)
    today = "Thứ Hai, 06/11/2023"
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>{esc(title)} - Sở Thông tin và Truyền thông Nghệ An</title>
<meta name="description" content="{attr(s.lead or title)}" />
<meta property="og:title" content="{attr(title)}" />
<meta property="og:url" content="{attr(s.url)}" />
<link href="{HOST}/Content/css/bootstrap.min.css" rel="stylesheet" />
<link href="{HOST}/Content/css/site.css?v=2.3.1" rel="stylesheet" />
<script src="{HOST}/Scripts/jquery-3.4.1.min.js"></script>
<!-- Global site tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=G-NA2019TTTT"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date()); gtag('config', 'G-NA2019TTTT');</script>
</head>
<body>
<div class="top-bar"><div class="container"><span class="today"><i class="fa fa-clock-o"></i> {today}</span>
<span class="top-right"><a href="{HOST}/so-do-site">Sơ đồ site</a> | <a href="{HOST}/lien-he">Liên hệ</a> | <a href="{HOST}/dang-nhap">Đăng nhập</a></span></div></div>
<div class="header"><div class="container">
	<a class="logo" href="{HOST}/"><img src="{HOST}/Content/images/logo.png" alt="Sở Thông tin và Truyền thông tỉnh Nghệ An" /></a>
	<div class="header-title"><h1>SỞ THÔNG TIN VÀ TRUYỀN THÔNG</h1><h2>TỈNH NGHỆ AN</h2></div>
	<form class="header-search" action="{HOST}/tim-kiem" method="get"><input type="text" name="keyword" placeholder="Tìm kiếm..." /><button type="submit"><i class="fa fa-search"></i></button></form>
</div></div>
<nav class="main-menu"><div class="container"><ul class="nav"><li class="nav-item"><a class="nav-link" href="{HOST}/"><i class="fa fa-home"></i></a></li>{menu}</ul></div></nav>
<div class="marquee-bar"><div class="container"><marquee>Chào mừng kỷ niệm 78 năm Ngày Cách mạng tháng Tám thành công và Quốc khánh 2/9</marquee></div></div>
<div class="container main"><div class="row">
{main}
<div class="col-md-3 sidebar">
	<div class="box"><div class="box-title">VĂN BẢN MỚI</div><ul class="list-doc"><li><a href="{HOST}/van-ban/qd-2150-ubnd">Quyết định số 2150/QĐ-UBND về Kế hoạch chuyển đổi số năm 2023</a></li><li><a href="{HOST}/van-ban/cv-1876-sttt">Công văn số 1876/STTTT-BCVT về bảo đảm thông tin liên lạc mùa mưa bão</a></li></ul></div>
	<div class="box"><div class="box-title">THĂM DÒ Ý KIẾN</div><form class="poll" action="{HOST}/poll/vote" method="post"><p>Bạn đánh giá thế nào về giao diện trang thông tin?</p>
		<label><input type="radio" name="poll" value="1" /> Đẹp</label><label><input type="radio" name="poll" value="2" /> Bình thường</label><label><input type="radio" name="poll" value="3" /> Cần cải thiện</label>
		<button type="submit">Biểu quyết</button> <a href="{HOST}/poll/result">Xem kết quả</a></form></div>
	<div class="box"><div class="box-title">LIÊN KẾT WEBSITE</div><a href="https://nghean.gov.vn"><img src="{HOST}/Content/images/banner-cong-ttdt.jpg" alt="Cổng thông tin điện tử tỉnh Nghệ An" /></a>
		<a href="https://dichvucong.nghean.gov.vn"><img src="{HOST}/Content/images/banner-dvc.jpg" alt="Dịch vụ công trực tuyến" /></a></div>
	<div class="box"><div class="box-title">THỐNG KÊ TRUY CẬP</div><p>Đang online: 31</p><p>Tổng truy cập: 2.315.872</p></div>
</div>
</div></div>
<footer class="footer"><div class="container">
	<p><strong>TRANG THÔNG TIN ĐIỆN TỬ SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH NGHỆ AN</strong></p>
	<p>Cơ quan chủ quản: Sở Thông tin và Truyền thông tỉnh Nghệ An. Địa chỉ: Số 16, đường Trường Thi, TP. Vinh, Nghệ An</p>
	<p>Điện thoại: 0238.3592.123 - Email: stttt@nghean.gov.vn. Người chịu trách nhiệm: Giám đốc Sở</p>
	<p>Ghi rõ nguồn "Sở Thông tin và Truyền thông Nghệ An" khi phát hành lại thông tin từ trang này.</p>
</div></footer>
<script src="{HOST}/Scripts/bootstrap.bundle.min.js"></script>
<script>$(function(){{ $('.news-detail-content img').addClass('img-fluid'); }});</script>
</body>
</html>
"""


def _article(story: Story) -> str:
    s, rng = story, story.rng("ngh")
    dt = s.pub_dt()
    cat_slug = s.url.split("/")[3]
    cat_name = next((n for slug, n in MENU if slug == cat_slug), "Tin tức - Sự kiện")
    parts = []
    n = 0
    for block in s.blocks:
        if block.kind == "p":
            parts.append(f'<p style="text-align: justify;">{messy(block.text, rng)}</p>')
        else:
            n += 1
            src = f"https://naict.tttt.nghean.gov.vn/uploads/news/{dt:%Y/%m}/{hexid(s, 10, str(n))}-{slug_title(block.text)[:16]}.jpg"
            parts.append(f'<p style="text-align: center;"><img alt="{attr(block.text)}" src="{src}" style="width: 650px; height: 433px;" /></p>\n'
                         f'<p style="text-align: center;"><em>{messy(block.text, rng, level=1)}</em></p>')
    author_block = ""
    if s.author:
        if "author_tacgia" in s.options:
            author_block = f'<div class="news-detail-author">Tác giả: <b>{esc(s.author)}</b></div>'
        else:
            parts.append(f'<p style="text-align: right;"><strong>{esc(s.author)}</strong></p>')
    sapo = f'<div class="news-detail-sapo"><strong>{messy(s.lead, rng, level=1)}</strong></div>' if s.lead else ""
    content_cls = "article-content" if "renamed" in s.options else "news-detail-content"
    others = "".join(f'<li><a href="{HOST}/{cat_slug}/{slug_title(t)[:50]}-{i}?pageindex=0">{esc(t)}</a> <span class="date">({d})</span></li>' for t, i, d in OTHERS)
    views = f"{300 + int(hexid(s, 3, 'views'), 16) % 2000:,}".replace(",", ".")
    main = f"""<div class="col-md-9">
	<ol class="breadcrumb"><li><a href="{HOST}/">Trang chủ</a></li><li><a href="{HOST}/{cat_slug}">{esc(cat_name)}</a></li></ol>
	<div class="news-detail">
		<h2 class="news-detail-title">{esc(s.title)}</h2>
		<div class="news-detail-info"><span class="date"><i class="fa fa-calendar"></i> {dmy(dt)} {hm(dt)}</span> <span class="view"><i class="fa fa-eye"></i> Lượt xem: {views}</span>
			<span class="font-size">Cỡ chữ: <a href="javascript:;" onclick="zoom(1)">A+</a> <a href="javascript:;" onclick="zoom(-1)">A-</a></span></div>
		{sapo}
		<div class="{content_cls}">
{chr(10).join(parts)}
		</div>
		{author_block}
		<div class="news-detail-tools"><a href="javascript:window.print();"><i class="fa fa-print"></i> In bài viết</a> <a href="mailto:?subject={attr(s.title)}"><i class="fa fa-envelope"></i> Gửi email</a> <a href="javascript:history.back();"><i class="fa fa-reply"></i> Quay lại</a></div>
		<div class="news-other"><h3 class="news-other-title">Các tin khác</h3><ul>{others}</ul></div>
	</div>
</div>"""
    return _page(s, s.title, main)


def _listing(story: Story) -> str:
    s = story
    rows = "".join(
        f'<div class="news-item row"><div class="col-md-3"><a href="{HOST}/tin-tuc--su-kien/{slug_title(t)[:50]}-{i}?pageindex=0"><img src="https://naict.tttt.nghean.gov.vn/uploads/news/2023/09/thumb-{i}.jpg" alt="{attr(t)}" /></a></div>'
        f'<div class="col-md-9"><h3 class="news-item-title"><a href="{HOST}/tin-tuc--su-kien/{slug_title(t)[:50]}-{i}?pageindex=0">{esc(t)}</a></h3><span class="date">{d}</span>'
        f'<p class="news-item-sapo">Sở Thông tin và Truyền thông thông tin về {esc(t.lower())}.</p></div></div>'
        for t, i, d in OTHERS
    )
    main = f"""<div class="col-md-9">
	<ol class="breadcrumb"><li><a href="{HOST}/">Trang chủ</a></li><li><a href="{HOST}/tin-tuc--su-kien">Tin tức - Sự kiện</a></li></ol>
	<div class="news-list">{rows}</div>
	<ul class="pagination"><li><a href="{HOST}/tin-tuc--su-kien?pageindex=1">1</a></li><li class="active"><a href="#">2</a></li><li><a href="{HOST}/tin-tuc--su-kien?pageindex=3">3</a></li><li><a href="{HOST}/tin-tuc--su-kien?pageindex=3">»</a></li></ul>
</div>"""
    return _page(s, "Tin tức - Sự kiện", main)


TEMPLATE_PREFIX = "ngh"  # stories whose template starts with "ngh" are rendered here (see __main__.py)


def render(story: Story) -> str:
    if story.template == "ngh_list":
        return _listing(story)
    return _article(story)

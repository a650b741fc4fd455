# ruff: noqa: E501  (HTML template: long markup lines are the point)
"""SharePoint 2010 publishing portals (Sở TT&TT Bắc Kạn ``ict.backan.gov.vn``, the provincial portal
``backan.gov.vn``, ``cchc.backan.gov.vn``, another province's Sở portal): ASP.NET form, hidden view
state, ``s4-ribbonrow``, the skip links, the portal greeting bar, nested layout tables, the news
block with ``( Cập nhật lúc: … )`` and the ``ms-rtestate-field`` rich text, the author as the last
short line, "Các tin khác".

Templates: ``sp_ict`` (date only, NBSP inside the brackets), ``sp_portal`` (date and time),
``sp_cchc`` (bold sapo first), ``sp_other`` (another province, ``Ngày đăng:`` line),
``sp_list``.  Options: ``renamed`` (rich-text field renamed), ``author_bold``, ``image_table``, ``br_paragraphs`` (paragraphs
and image captions separated by ``<br />`` inside ``<div>``s).
"""

from __future__ import annotations

from itertools import groupby

from tests.fixturegen.common import Story, attr, dmy, esc, hexid, messy, slug_title

GREETING = "Cổng thông tin điện tử Bắc Kạn kính chào quý khách!"
PORTALS = {
    "ict.backan.gov.vn": {"owner": "Sở Thông tin và Truyền thông tỉnh Bắc Kạn", "short": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                          "address": "Tổ 10, phường Đức Xuân, thành phố Bắc Kạn, tỉnh Bắc Kạn", "phone": "0209.3873.688",
                          "menu": ["Giới thiệu", "Tin tức - Sự kiện", "Hoạt động của Sở", "Công nghệ thông tin", "Bưu chính - Viễn thông", "Văn bản", "Thủ tục hành chính"]},
    "backan.gov.vn": {"owner": "Văn phòng UBND tỉnh Bắc Kạn", "short": "CỔNG THÔNG TIN ĐIỆN TỬ TỈNH BẮC KẠN",
                      "address": "Số 7, đường Trường Chinh, phường Đức Xuân, thành phố Bắc Kạn", "phone": "0209.3870.163",
                      "menu": ["Giới thiệu", "Tin tức - Sự kiện", "Chỉ đạo điều hành", "Văn bản pháp luật", "Dịch vụ công", "Hỏi đáp"]},
    "cchc.backan.gov.vn": {"owner": "Sở Nội vụ tỉnh Bắc Kạn", "short": "CẢI CÁCH HÀNH CHÍNH TỈNH BẮC KẠN",
                           "address": "Tổ 1, phường Nguyễn Thị Minh Khai, thành phố Bắc Kạn", "phone": "0209.3870.571",
                           "menu": ["Giới thiệu", "Nội dung CCHC", "Hiện đại hóa hành chính", "Văn bản CCHC", "Hỏi đáp"]},
    "sotttt.example-province.gov.vn": {"owner": "Sở Thông tin và Truyền thông tỉnh Hà Giang", "short": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH HÀ GIANG",
                                       "address": "Số 200, đường Nguyễn Trãi, thành phố Hà Giang", "phone": "0219.3866.123",
                                       "menu": ["Giới thiệu", "Tin tức", "Chuyển đổi số", "Văn bản", "Thủ tục hành chính", "Liên hệ"]},
}
OTHER_NEWS = [
    ("Hội nghị giao ban báo chí tháng 6 năm 2022", "05/07/2022"),
    ("Kiểm tra công tác bảo đảm an toàn thông tin tại các sở, ngành", "28/06/2022"),
    ("Triển khai Tháng tiêu dùng số năm 2022", "21/06/2022"),
    ("Tập huấn kỹ năng bảo đảm an toàn thông tin cho cán bộ cấp xã", "14/06/2022"),
    ("Hướng dẫn sử dụng nền tảng họp trực tuyến của tỉnh", "07/06/2022"),
]


def _host(story: Story) -> str:
    return story.url.split("/")[2]


def _form_head(story: Story, title: str) -> str:
    s = story
    action = "/" + s.url.split("/", 3)[3]
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head id="ctl00_Head1"><meta name="GENERATOR" content="Microsoft SharePoint" /><meta name="progid" content="SharePoint.WebPartPage.Document" /><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta http-equiv="X-UA-Compatible" content="IE=8" /><title>
	{esc(title)}
</title><link rel="stylesheet" type="text/css" href="/_layouts/1066/styles/Themable/corev4.css?rev=p63%2BkDFQ%2BCP3ciM%2F8XRiEw%3D%3D"/>
<link rel="stylesheet" type="text/css" href="/Style%20Library/portal/css/style.css"/>
<script type="text/javascript">
// <![CDATA[
document.write('<script type="text/javascript" src="/_layouts/1066/init.js?rev=ck%2BHdHQ8ABQHif7kr%2Bj7iQ%3D%3D"></' + 'script>');
document.write('<script type="text/javascript" src="/ScriptResource.axd?d=7Kv0S3nLqFh&amp;t=ffffffffec2d9970"></' + 'script>');
// ]]>
</script>
<meta name="Microsoft.SharePoint.Publishing.Fields.PageLayout" content="/_catalogs/masterpage/NewsDetail.aspx" />
<link type="text/xml" rel="alternate" href="/_vti_bin/spsdisco.aspx" />
<style type="text/css">
	.s4-skipribbonshortcut {{ display:none; }}
	.ms-rtestate-field p {{ margin: 0 0 6px 0; }}
</style>
</head>
<body scroll="no" onload="if (typeof(_spBodyOnLoadWrapper) != 'undefined') _spBodyOnLoadWrapper();" class="v4master">
  <form name="aspnetForm" method="post" action="{attr(action)}" onsubmit="javascript:return WebForm_OnSubmit();" id="aspnetForm">
<div>
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="MSOTlPn_SelectedWpId" id="MSOTlPn_SelectedWpId" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x{hexid(s, 128, 'digest').upper()},12 Jan 2024 03:15:11 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIPD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0LlNoYXJlUG9pbnQuV2ViQ29udHJvbHMuU1BDb250cm9sTW9kZQ{hexid(s, 40, 'vs')}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) {{ theForm = document.aspnetForm; }}
function __doPostBack(eventTarget, eventArgument) {{ if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{ theForm.__EVENTTARGET.value = eventTarget; theForm.submit(); }} }}
var _fV4UI = true;
var _spPageContextInfo = {{webServerRelativeUrl: "\\u002f", webLanguage: 1066, currentLanguage: 1066, webUIVersion:4, pageListId:"{{{hexid(s, 8, 'l')}-3f1a-4c2b-9d3e-{hexid(s, 12, 'l2')}}}", pageItemId:{int(hexid(s, 3, 'item'), 16)}, userId:0, alertsEnabled:false, siteServerRelativeUrl: "\\u002f", allowSilverlightPrompt:'True'}};
//]]>
</script>
<div id="s4-ribbonrow" class="s4-pr s4-ribbonrowhidetitle" style="display:none">
	<div id="s4-ribboncont">
		<div class="ms-cui-ribbonTopBars"><div class="ms-cui-topBar1"></div><div class="ms-cui-topBar2"><div class="ms-cui-jewel-container" style="display:none"></div></div></div>
	</div>
	<div class="s4-notdlg s4-skipribbonshortcut noindex"><a href="javascript:;" onclick="javascript:this.href='#startNavigation';" class="ms-SkiptoNavigation" accesskey="/" title="Skip Ribbon Commands">Skip Ribbon Commands</a></div>
	<div id="notificationArea" class="s4-noti"></div>
	<div id="WebPartAdderUpdatePanelContainer"><div id="ctl00_WebPartAdderUpdatePanel"><span id="ctl00_WebPartAdder"></span></div></div>
</div>
<div id="s4-workspace">
<div id="s4-bodyContainer">
<div class="s4-notdlg noindex"><a href="javascript:;" onclick="javascript:this.href='#mainContent';" class="ms-SkiptoMainContent" accesskey="/" title="Skip to main content">Skip to main content</a></div>
"""


def _top(story: Story) -> str:
    host = _host(story)
    p = PORTALS[host]
    greeting = ""
    if host.endswith("backan.gov.vn"):
        greeting = (f'<table class="tbl-greeting" width="100%" cellpadding="0" cellspacing="0"><tr>'
                    f'<td class="greeting"><marquee scrollamount="2" onmouseover="this.stop();" onmouseout="this.start();">{GREETING}</marquee></td>'
                    f'<td class="top-links" align="right"><a href="/Pages/default.aspx">Trang chủ</a> <a href="/Pages/gop-y.aspx">Góp ý</a> <a href="/Pages/so-do-trang.aspx">Sơ đồ trang</a> <a href="/Pages/lien-he.aspx">Liên hệ</a></td>'
                    f"</tr></table>")
    menu = "".join(f'<td class="menu-item"><a href="/Pages/{slug_title(m)}-{500 + i}.aspx">{esc(m)}</a></td>' for i, m in enumerate(p["menu"]))
    return f"""<a name="startNavigation"></a>
{greeting}
<table class="tbl-banner" width="1000" align="center" cellpadding="0" cellspacing="0"><tr><td>
	<div class="banner"><a href="/Pages/default.aspx"><img src="/PublishingImages/banner.jpg" alt="{attr(p['short'])}" width="1000" height="150" border="0" /></a></div>
</td></tr>
<tr><td><table class="tbl-menu" cellpadding="0" cellspacing="0"><tr><td class="menu-item"><a href="/Pages/default.aspx">Trang chủ</a></td>{menu}</tr></table></td></tr>
<tr><td class="search-bar"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" class="txt-search" value="Nhập từ khóa..." onfocus="if(this.value=='Nhập từ khóa...')this.value='';" /><input type="submit" name="ctl00$btnSearch" value="Tìm kiếm" id="ctl00_btnSearch" /></td></tr>
</table>
"""


def _left(story: Story) -> str:
    p = PORTALS[_host(story)]
    links = "".join(f'<tr><td class="left-item"><a href="/Pages/{slug_title(m)}-{500 + i}.aspx">&raquo; {esc(m)}</a></td></tr>' for i, m in enumerate(p["menu"][1:]))
    return f"""<td class="col-left" valign="top" width="210">
	<table class="box-left" width="100%" cellpadding="0" cellspacing="0"><tr><td class="box-title">DANH MỤC</td></tr>{links}</table>
	<table class="box-left" width="100%" cellpadding="0" cellspacing="0"><tr><td class="box-title">VĂN BẢN MỚI</td></tr>
		<tr><td><a href="/VanBan/Pages/qd-1234.aspx">Quyết định ban hành Kế hoạch chuyển đổi số năm 2024</a></td></tr>
		<tr><td><a href="/VanBan/Pages/cv-567.aspx">Công văn về việc bảo đảm an toàn thông tin mạng</a></td></tr></table>
	<table class="box-left" width="100%" cellpadding="0" cellspacing="0"><tr><td class="box-title">THỐNG KÊ TRUY CẬP</td></tr>
		<tr><td>Đang truy cập: <span id="ctl00_lblOnline">27</span><br />Tổng lượt truy cập: <span id="ctl00_lblTotal">1.482.915</span></td></tr></table>
</td>"""


def _right() -> str:
    return """<td class="col-right" valign="top" width="200">
	<div class="banner-right"><a href="https://dichvucong.gov.vn/" target="_blank"><img src="/PublishingImages/dvc.png" alt="Cổng dịch vụ công quốc gia" width="195" border="0" /></a></div>
	<div class="banner-right"><a href="/Pages/thu-dien-tu.aspx"><img src="/PublishingImages/mail.png" alt="Thư điện tử công vụ" width="195" border="0" /></a></div>
	<div class="banner-right"><select onchange="window.open(this.value)"><option>-- Liên kết website --</option><option value="https://chinhphu.vn">Cổng TTĐT Chính phủ</option><option value="https://mic.gov.vn">Bộ Thông tin và Truyền thông</option></select></div>
</td>"""


def _footer(story: Story) -> str:
    p = PORTALS[_host(story)]
    return f"""<table class="tbl-footer" width="1000" align="center" cellpadding="0" cellspacing="0"><tr><td>
	<p><strong>Cơ quan chủ quản: {esc(p['owner'])}</strong></p>
	<p>Địa chỉ: {esc(p['address'])} - Điện thoại: {p['phone']}</p>
	<p>Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin điện tử này</p>
</td></tr></table>
</div>
</div>
<script type="text/javascript">
//<![CDATA[
var _spFormDigestRefreshInterval = 1440000;
WebForm_InitCallback();
var _spWebPartComponents = new Object();
//]]>
</script>
</form>
</body>
</html>
"""


def _date_line(story: Story) -> str:
    s = story
    dt = s.pub_dt()
    if s.template == "sp_other" and "date_ngay_dang" in s.options:
        return f'<div class="date-news">Ngày đăng: {dmy(dt)} {dt:%H:%M}</div>'
    if "T" in s.published:
        return f'<div class="date-news">(Cập nhật lúc: {dmy(dt)} {dt:%H:%M:%S} )</div>'
    return f'<div class="date-news">(&nbsp;Cập nhật lúc: {dmy(dt)} &nbsp;)</div>'


def _rich_text(story: Story) -> str:
    s, rng = story, story.rng("rte")
    out = []
    if s.lead:
        out.append(f'<p style="text-align: justify;"><strong><span style="font-size:13pt;">{messy(s.lead, rng, level=1)}</span></strong></p>')
    n = 0
    if "br_paragraphs" in s.options:  # one <div> per run of paragraphs, split by <br /><br />
        for kind, run in groupby(s.blocks, key=lambda b: b.kind):
            if kind == "p":
                out.append("<div>" + "<br />\n<br />\n".join(messy(b.text, rng) for b in run) + "</div>")
            else:
                for block in run:
                    out.append(f'<div style="text-align: center;"><img alt="" src="/PublishingImages/{s.pub_dt():%Y/%m}/anh-{hexid(s, 6, block.text)}.jpg" /><br />\n{messy(block.text, rng, level=1)}</div>')
    for block in s.blocks if "br_paragraphs" not in s.options else ():
        if block.kind == "p":
            font = rng.choice(["font-family:'Times New Roman',serif;font-size:14pt;", "font-size:13pt;", ""])
            inner = f'<span style="{font}">{messy(block.text, rng)}</span>' if font else messy(block.text, rng)
            out.append(f'<p style="text-align: justify;">{inner}</p>' if rng.random() < 0.8 else f"<div>{inner}</div>")
        else:
            n += 1
            src = f"/PublishingImages/{s.pub_dt():%Y/%m}/{slug_title(block.text)[:14]}-{n}.jpg"
            if "image_table" in s.options:
                out.append(f'<table align="center" border="0" cellpadding="0" cellspacing="0" style="width:500px"><tbody><tr><td><img alt="" src="{src}" style="width:500px;height:333px;border:0px solid" /></td></tr>'
                           f'<tr><td style="text-align:center">{messy(block.text, rng, level=1)}</td></tr></tbody></table>')
            else:
                out.append(f'<p style="text-align: center;"><img alt="" src="{src}" style="width:550px;height:366px;border:0px solid" /></p>')
                out.append(f'<p style="text-align: center;"><em>{messy(block.text, rng, level=1)}</em></p>')
    if s.author:
        if "author_bold" in s.options:
            out.append(f'<p style="text-align: right;"><strong>{esc(s.author)}</strong></p>')
        else:
            out.append(f'<p style="text-align: justify;">{esc(s.author)}</p>')
    return "\n".join(out)


def _article(story: Story) -> str:
    s = story
    host = _host(s)
    cls = "news-body-field" if "renamed" in s.options else "ms-rtestate-field"
    others = "".join(f'<li><a href="/Pages/{slug_title(s.category or "tin-tuc")}-541/{slug_title(t)[:30]}-{hexid(s, 16, t)}.aspx">{esc(t)}</a> <span class="date">({d})</span></li>'
                     for t, d in OTHER_NEWS)
    crumbs = f'<div class="breadcrumb"><a href="/Pages/default.aspx">Trang chủ</a> &gt; <a href="/Pages/{slug_title(s.category or "tin-tuc")}-541.aspx">{esc(s.category)}</a></div>'
    page_title = f"{s.title}" if host != "backan.gov.vn" else f"{s.title} - Cổng thông tin điện tử tỉnh Bắc Kạn"
    main = f"""<table class="tbl-main" width="1000" align="center" cellpadding="0" cellspacing="0"><tr>
{_left(s)}
<td class="col-center" valign="top">
<a name="mainContent"></a>
<div class="ms-WPBody">
<table class="news-detail" width="100%" cellpadding="0" cellspacing="0"><tr><td>
	{crumbs}
	<table width="100%" cellpadding="0" cellspacing="0"><tr><td class="title-news"><h2 class="ms-standardheader">{esc(s.title)}</h2></td></tr>
	<tr><td>{_date_line(s)}</td></tr>
	<tr><td>
		<div id="ctl00_PlaceHolderMain_ctl01__ControlWrapper_RichHtmlField" class="{cls}" style="display:inline">
{_rich_text(s)}
		</div>
	</td></tr></table>
	<div class="print-email"><a href="javascript:window.print();">In trang</a> | <a href="javascript:history.back();">Quay lại</a></div>
	<div class="other-news"><div class="other-title">Các tin khác</div><ul>{others}</ul></div>
</td></tr></table>
</div>
</td>
{_right()}
</tr></table>
"""
    return _form_head(s, page_title) + _top(s) + main + _footer(s)


def _listing(story: Story) -> str:
    s = story
    rows = s.items or [(t, f"/Pages/{slug_title(s.category or 'tin-tuc')}-542/{slug_title(t)[:30]}-{hexid(s, 16, t)}.aspx",
                        f"Ngày {d}, Sở Thông tin và Truyền thông triển khai nội dung {t.lower()}.") for t, d in OTHER_NEWS]
    items = "".join(
        f'<tr><td class="news-item"><img src="/PublishingImages/thumb/{k}.jpg" width="120" align="left" alt="" /><a class="news-title" href="{attr(u)}">{esc(t)}</a>'
        f'<p class="news-summary">{esc(d)}</p></td></tr>'
        for k, (t, u, d) in enumerate(rows)
    )
    main = f"""<table class="tbl-main" width="1000" align="center" cellpadding="0" cellspacing="0"><tr>
{_left(s)}
<td class="col-center" valign="top"><a name="mainContent"></a>
<div class="ms-WPBody"><div class="cate-title">{esc(s.category)}</div>
<table class="news-list" width="100%" cellpadding="0" cellspacing="0">{items}</table>
<div class="paging"><a href="?Page=1">1</a> <a href="?Page=2">2</a> <a href="?Page=3">3</a> <a href="?Page=2">Trang sau</a></div>
</div></td>
{_right()}
</tr></table>
"""
    return _form_head(s, s.category or "Tin tức") + _top(s) + main + _footer(s)


TEMPLATE_PREFIX = "sp"  # stories whose template starts with "sp" are rendered here (see __main__.py)


def render(story: Story) -> str:
    if story.template == "sp_list":
        return _listing(story)
    return _article(story)

"""Issue 15's extraction defects, each with the page that showed it: a SharePoint portal's date line outside the
selectors (1), the site's own name taken for the author (4)."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article

P1 = ("Sáng 12/7, Sở Thông tin và Truyền thông tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2022 và triển khai "
      "nhiệm vụ 6 tháng cuối năm.")
P2 = ("Hội nghị đánh giá kết quả chuyển đổi số, phát triển hạ tầng số và cung cấp dịch vụ công trực tuyến mức độ 3, "
      "4 trên địa bàn tỉnh.")


def _portal(date_line: str) -> str:
    """A SharePoint portal page as they come: the whole page inside ``<form id="aspnetForm">``, a search box in
    it, the date line in an element whose class the family's selectors do not list."""
    return f"""<html><head><meta name="GENERATOR" content="Microsoft SharePoint 14.0.0.7015">
<title>Sơ kết công tác 6 tháng đầu năm 2022</title></head><body>
<form method="post" action="x.aspx" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="Cập nhật lúc: 01/01/2001">
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="o-search"><input type="text" value="Tìm kiếm"><select><option>Ngày đăng: 02/02/2002</option></select></div>
<h1 class="title">Sơ kết công tác 6 tháng đầu năm 2022</h1>
<div class="thoi-gian-dang">{date_line}</div>
<div class="ms-rtestate-field"><p>{P1}</p><p>{P2}</p></div>
</div></div></form></body></html>"""


def test_sharepoint_date_line_outside_the_selectors_is_read_inside_the_page_form():
    article = extract_article(_portal("(\xa0Cập nhật lúc: 12/07/2022 09:10:00\xa0)"),
                              "https://cchc.backan.gov.vn/Pages/so-ket-6-thang-abc.aspx")
    assert article.extraction == "site"
    assert article.published == "2022-07-12T09:10:00+07:00"


def test_form_controls_are_no_text_a_reader_sees():
    # No date line at all: the hidden field's and the option's "dates" are no publish date.
    article = extract_article(_portal(""), "https://cchc.backan.gov.vn/Pages/so-ket-6-thang-abc.aspx")
    assert article.published is None


def _generic(head: str, body_extra: str = "", title: str = "Sơ kết công tác 6 tháng | Báo Lạng Sơn") -> str:
    return f"""<html><head><title>{title}</title>{head}</head><body><article><h1>Sơ kết công tác 6 tháng</h1>
{body_extra}<p>{P1}</p><p>{P2}</p><p>{P1} {P2}</p></article></body></html>"""


@pytest.mark.parametrize(("head", "body_extra"), [
    # schema.org author = og:site_name, in capitals
    ('<meta property="og:site_name" content="Báo Lạng Sơn"><script type="application/ld+json">'
     '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "BÁO LẠNG SƠN"}}</script>', ""),
    # schema.org author = the publisher organisation
    ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization", '
     '"name": "Lạng Sơn Online"}, "publisher": {"@type": "Organization", "name": "Lạng Sơn Online"}}</script>', ""),
    # an author element holding the title's last part, without its accents
    ("", '<p class="author">Bao Lang Son</p>'),
])
def test_the_sites_own_name_is_no_author_on_the_generic_path(head: str, body_extra: str):
    article = extract_article(_generic(head, body_extra), "https://baolangson.vn/so-ket-6-thang-123.html")
    assert article.extraction == "generic"
    assert article.author is None


def test_a_person_is_still_the_author_beside_the_sites_name():
    head = ('<meta property="og:site_name" content="Báo Lạng Sơn"><script type="application/ld+json">'
            '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Hoàng Anh"}}</script>')
    article = extract_article(_generic(head), "https://baolangson.vn/so-ket-6-thang-123.html")
    assert article.author == "Hoàng Anh"


def test_the_profiles_name_is_no_author_on_the_site_path():
    html = f"""<html><head><title>Sơ kết công tác 6 tháng</title><script type="application/ld+json">
{{"@type": "NewsArticle", "author": "Báo Đồng Khởi"}}</script></head><body>
<h1 class="title">Sơ kết công tác 6 tháng</h1><span class="pubdate">12/07/2022 - 09:10</span>
<div id="newscontents"><div class="content-fck"><p>{P1}</p><p>{P2}</p></div></div></body></html>"""
    article = extract_article(html, "https://baodongkhoi.vn/so-ket-6-thang-12072022-a110139.html")
    assert article.extraction == "site"
    assert article.author is None

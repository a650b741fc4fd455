"""The generic path's own rules (a site no profile knows): what it keeps of trafilatura's text and what it drops.

Each page is written here as a small news page of an unknown site: an article of several paragraphs and, around
it, the thing one rule is about (a body container whose class says "summary", teaser cards with a sub-heading,
a hidden block of schema.org metadata, the body repeated as one line).  Each test asserts the article's own
text is kept whole and the extra text is gone.
"""

from __future__ import annotations

import time

import lxml.html

from crawler.extract import extract_article
from crawler.extract.clean import Block
from crawler.extract.generic import without_copies
from crawler.extract.listing import card_texts

URL = "https://baotinhmoi.example.vn/xa-hoi/nong-dan-thu-hoach-lua-dong-xuan-som-hon-moi-nam-10450.html"
PARAGRAPHS = [
    "Sáng 12/3, nông dân xã Tân Phú bắt đầu thu hoạch lúa đông xuân, sớm hơn mọi năm khoảng một tuần nhờ thời "
    "tiết thuận lợi và giống lúa ngắn ngày được đưa vào sản xuất trên toàn bộ diện tích.",
    "Theo ông Nguyễn Văn Hải, Chủ tịch UBND xã, năng suất bình quân đạt khoảng 7,2 tấn mỗi héc-ta, cao hơn vụ "
    "trước gần nửa tấn; giá lúa tươi tại ruộng dao động từ 7.800 đến 8.100 đồng mỗi ki-lô-gam.",
    "Hợp tác xã nông nghiệp Tân Phú đã ký hợp đồng bao tiêu với hai doanh nghiệp chế biến gạo xuất khẩu, bảo "
    "đảm đầu ra cho hơn 300 hộ dân trên diện tích gần 450 héc-ta của các cánh đồng lớn.",
    "Ngành nông nghiệp huyện khuyến cáo bà con thu hoạch dứt điểm từng cánh đồng, xử lý rơm rạ đúng cách và "
    "chuẩn bị đất sớm cho vụ hè thu, tránh để đất trống kéo dài gây khó khăn cho lịch thời vụ chung.",
]
TITLE = "Nông dân thu hoạch lúa đông xuân sớm hơn mọi năm"


def page(body: str, *, around: str = "") -> str:
    """A news page of an unknown site: header menu, the article with ``body``, then ``around``, then a footer."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{TITLE} - Báo Tỉnh Mới</title>
<meta property="og:title" content="{TITLE}"></head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/xa-hoi/">Xã hội</a> <a href="/kinh-te/">Kinh tế</a></nav></header>
<main><article><h1 class="article-title">{TITLE}</h1>
{body}
</article>
{around}
</main><footer><p>Cơ quan của Đảng bộ tỉnh. Giấy phép số 123/GP-BTTTT.</p></footer></body></html>"""


def paragraphs_html() -> str:
    return "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def text_of(html: str) -> str:
    article = extract_article(html, URL)
    assert article.extraction == "generic"
    return article.text


def assert_whole_article(text: str) -> None:
    lines = text.split("\n")
    for paragraph in PARAGRAPHS:
        assert lines.count(paragraph) == 1, f"not exactly once: {paragraph[:50]}…"


def test_a_summary_classed_body_container_is_no_lead():
    """A CMS's body field named "text-with-summary" matches the generic lead selector ``[class*=summary]``: it is
    the body itself, not a sapo, so the article must not come out twice (once joined into one line)."""
    body = f'<div class="field field-name-body field-type-text-with-summary"><div>{paragraphs_html()}</div></div>'
    text = text_of(page(body))
    assert_whole_article(text)
    assert " ".join(PARAGRAPHS[:2]) not in text


def cards(count: int) -> str:
    """A "Tin mới" box of teaser cards: headline link (a slug without an id) and a sub-heading summary."""
    items = []
    for n in range(count):
        items.append(
            f'<li><a class="thumb" href="/xa-hoi/tin-moi-so-{n}/"><img src="/anh/{n}.jpg" alt=""></a>'
            f'<div class="card-headlines"><h3><a href="/xa-hoi/hoi-nghi-tong-ket-cong-tac-nganh-{"mot" * (n + 1)}/">'
            f"Hội nghị tổng kết công tác năm của ngành số {n + 1}</a></h3>"
            f'<h4 class="card-subline">Tóm tắt thứ {n + 1}: các chỉ tiêu chính đều đạt và vượt kế hoạch đề ra</h4>'
            "</div></li>"
        )
    return f'<div class="latest-news"><div class="box-title"><span>Tin mới</span></div><ul>{"".join(items)}</ul></div>'


def test_card_summaries_in_sub_headings_are_teasers():
    doc = lxml.html.document_fromstring(page(paragraphs_html(), around=cards(4)))
    found = card_texts(doc)
    assert len([k for k in found if "tóm tắt thứ" in k]) == 4
    assert not any("nông dân xã tân phú" in k for k in found)  # the article's own paragraphs are no cards


def test_teaser_cards_closing_the_article_are_left_out():
    """A "Tin mới" box inside the article container, after the body: trafilatura reads its headlines and
    summaries as text; the summaries are teaser cards and the headlines then close the text as a run of links."""
    text = text_of(page(f'<div class="content">{paragraphs_html()}</div>{cards(5)}'))
    assert_whole_article(text)
    assert "Tóm tắt thứ" not in text
    assert "Hội nghị tổng kết" not in text


def test_hidden_schema_metadata_is_not_text():
    hidden = (
        '<div style="display: none;"><div itemprop="datePublished">2026-03-12T08:57:40+07:00</div>'
        '<div itemprop="image">https://baotinhmoi.example.vn/anh/lua-dong-xuan.jpg</div>'
        f'<div itemprop="articleBody">{" ".join(PARAGRAPHS)}</div><div itemprop="publisher">BaoTinhMoi</div></div>'
    )
    text = text_of(page(paragraphs_html() + hidden))
    assert_whole_article(text)
    assert "2026-03-12T08:57:40" not in text
    assert "https://" not in text
    assert "BaoTinhMoi" not in text


def test_copies_of_the_body_and_machine_values_are_dropped_but_a_repeated_line_stays():
    blocks = [Block(p) for p in PARAGRAPHS]
    quote = Block(PARAGRAPHS[1])  # a pull quote repeats a paragraph: the page says it twice
    machine = [Block("2026-03-12T08:57:40+07:00"), Block("https://baotinhmoi.example.vn/anh/lua.jpg")]
    copy = Block(" ".join(PARAGRAPHS))
    kept = [b.text for b in without_copies([*blocks, quote, *machine, copy])]
    assert kept == [*PARAGRAPHS, PARAGRAPHS[1]]
    short = Block("Ảnh: Minh Hải")  # a short line inside a longer one is no reason to drop it
    assert [b.text for b in without_copies([short, Block("Ảnh: Minh Hải. Nông dân thu hoạch lúa")])] == [
        "Ảnh: Minh Hải", "Ảnh: Minh Hải. Nông dân thu hoạch lúa"]


def test_teaser_card_search_is_linear_in_page_size():
    """Each container's links and text are counted once, not again for every block below it: 3,000 paragraphs in
    one container take a fraction of a second (counting per block took seconds: quadratic)."""
    paragraphs = "".join(f"<p>Đoạn thứ {n} của một bài rất dài, đủ chữ để là một khối văn bản riêng.</p>"
                         for n in range(3000))
    links = "".join(f'<li><a href="/tin-{n}.html">Tiêu đề bài viết số {n} khá dài</a></li>' for n in range(50))
    doc = lxml.html.document_fromstring(f'<html><body><div class="content">{paragraphs}</div><ul>{links}</ul>'
                                        "</body></html>")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        found = card_texts(doc)
        best = min(best, time.perf_counter() - start)
    assert found == set()  # no paragraph is a card: the container holds no single headline
    assert best < 1.0, f"card_texts took {best:.2f} s on 3,000 paragraphs"

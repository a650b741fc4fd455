"""Building variants of the real samples: a family's own body markup (paragraphs, images, credits),
a replaced body, a renamed body container, and the stock texts the variant tests write into them.

Used by tests/test_extract_variants.py (the rules catch boilerplate) and tests/test_extract_precision.py
(they keep real text that looks like it).
"""

from __future__ import annotations

from crawler.extract import extract_article
from crawler.extract.article import Article
from tests.helpers.samples import Sample

# The body's content in the raw page: from the first paragraph to the end of the closing credit / byline.
BODY_CONTENT = {
    "bdk": ('<p style="text-align: justify;"><strong>(CTO)</strong>',
            '<p style="text-align: right;"><strong>Tin, ảnh: P.Y</strong></p>'),
    "epi": ('<style>.t2 { font-weight: bold; }', '<div class="t1"> <span class="t2">Anh Dũng</span>\n</div>'),
}


def para(family: str, text: str) -> str:
    return f'<p style="text-align: justify;">{text}</p>\n' if family == "bdk" else f"<div> {text}\n</div>\n"


def image(family: str, src: str, caption: str | None, *, title: str = "", n: int = 1) -> str:
    """An image and its caption as each family prints them: BDK doubles the caption (seed 001), ePi prints
    the alt text "<title> ảnh N" (seed 003) before a ``figcaption``."""
    if family == "bdk":
        cap = f'<p style="text-align: center;"><em>{caption}</em></p>\n' if caption else ""
        return (f'<p style="text-align: center;"><img class="zoomimg" alt="" src="{src}" style="width: 700px;" />'
                f"</p>\n{cap * 2}")
    cap = f'<figcaption class="PhotoCMS_Caption"><p>{caption}</p></figcaption>' if caption else ""
    return (f'<figure class="image align-center"><img src="{src}" alt="{title} ảnh {n}" class="cms-photo">'
            f"<span>{title} ảnh {n}</span>{cap}</figure>\n")


def credit(family: str, line: str) -> str:
    if family == "bdk":
        return f'<p style="text-align: right;"><strong>{line}</strong></p>\n'
    return f'<div class="t1"> <span class="t2">{line}</span>\n</div>\n'


def with_body(sample: Sample, content: str) -> str:
    start, end = BODY_CONTENT[sample.family]
    i = sample.html.index(start)
    j = sample.html.index(end) + len(end)
    return sample.html[:i] + content + sample.html[j:]


def extract(sample: Sample, html: str, **kwargs) -> Article:
    assert html != sample.html, "the variant did not change the page"
    return extract_article(html, kwargs.pop("url", sample.url), site=kwargs.pop("site", sample.site), **kwargs)


def lines(article: Article) -> list[str]:
    return article.text.split("\n")


def lead_lines(sample: Sample, lead: str) -> tuple[str, list[str]]:
    """BDK's lead is the body's first paragraph (``(CTO) - …``); ePi's is the sapo outside the body."""
    if sample.family == "bdk":
        return para("bdk", lead), [lead]
    return "", [sample.article.lead]


P = [
    "Trong năm, toàn tỉnh đã tổ chức 1.204 lớp tập huấn cho cán bộ cơ sở, tăng 12% so với cùng kỳ; "
    "nhiều địa phương chủ động lồng ghép nội dung chuyển đổi số vào sinh hoạt chi bộ và họp tổ dân cư.",
    "Theo đánh giá của Sở, hạ tầng viễn thông đã phủ sóng 4G tới 100% thôn, bản; tỷ lệ hộ gia đình có "
    "cáp quang đạt 86,5%, cao hơn mức bình quân của cả nước gần 5 điểm phần trăm.",
    "Bên cạnh kết quả đạt được, hội nghị cũng chỉ ra những hạn chế như nguồn nhân lực công nghệ thông tin "
    "còn mỏng, một số nền tảng số triển khai chậm, dữ liệu giữa các ngành chưa được kết nối đồng bộ.",
    "Năm tới, ngành đặt mục tiêu 80% hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình, 100% "
    "xã có điểm hỗ trợ người dân sử dụng dịch vụ công và thanh toán không dùng tiền mặt.",
]
LEAD = ("(CTO) - Sáng 9-1, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm 2025, "
        "triển khai nhiệm vụ năm 2026 với sự tham dự của lãnh đạo các sở, ngành và địa phương.")


SRC = "https://cdn.example.vn/images/2026/01/09/anh-{n}.jpg"


RENAMED = {"bdk": (('id="newscontents"', 'id="noidung"'), ("content-fck", "noidung-bai")),
           "epi": (("article__body", "noidung-bai"), ("cms-body", "noidung"))}


def renamed(html: str, family: str) -> str:
    """The body container under a class the rules do not know (a redesign): the generic path reads it."""
    for old, new in RENAMED[family]:
        html = html.replace(old, new)
    return html


OWN_HOST = {"bdk": "https://baodongkhoi.vn/ubnd-tinh-cong-bo-thu-tuc-hanh-chinh-moi-09012026-a137001.html",
            "epi": "https://baobackan.vn/cong-bo-thu-tuc-hanh-chinh-moi-post71234.html"}

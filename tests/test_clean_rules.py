"""Each named line rule of the clean-up cascade (``crawler.extract.clean.LINE_RULES``), one test a rule:
what it drops or takes, and the look-alike it keeps."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import lxml.html

from archive.text import normalize_line
from crawler.extract import boilerplate, clean
from crawler.extract.clean import LINE_RULES, Block, clean_blocks

TITLE = "Ngành thông tin và truyền thông triển khai nhiệm vụ công tác năm 2023"
P1 = "Ngày 13-1-2023, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm 2022."
P2 = "Hội nghị đánh giá kết quả chuyển đổi số và đề ra nhiệm vụ trọng tâm cho năm tới."
LONG = ("Năm 2023, ngành tiếp tục đẩy mạnh chuyển đổi số, phát triển hạ tầng số và nâng cao chất lượng dịch vụ "
        "công trực tuyến cho người dân và doanh nghiệp trên địa bàn tỉnh.")


def _lines(*blocks: Block | str, **options) -> list[str]:
    return _clean(*blocks, **options).lines


def _clean(*blocks: Block | str, **options):
    found = [b if isinstance(b, Block) else Block(b) for b in blocks]
    options.setdefault("author_last_line", False)
    return clean_blocks(found, title=options.pop("title", TITLE), **options)


def test_the_cascade_lists_named_documented_rules_in_order():
    names = [rule.__name__ for rule in LINE_RULES]
    assert names[:3] == ["skip_related_list_links", "keep_images", "drop_empty_lines"]
    assert names.index("drop_boilerplate_lines") < names.index("drop_title_line") < names.index("take_date_line")
    for rule in LINE_RULES:
        assert getattr(clean, rule.__name__) is rule
        assert inspect.getdoc(rule), rule.__name__


def test_skip_related_list_links():
    lines = _lines(P1, "Xem thêm:", Block("Một bài khác về chuyển đổi số", link=True),
                   Block("", "image", src="https://x.vn/a.jpg", link=True), P2)
    assert lines == [P1, P2]
    # A link line with no label before it is the article's own (a document it links to).
    assert _lines(P1, Block("Quyết định số 12/QĐ-UBND", link=True), P2) == [P1, "Quyết định số 12/QĐ-UBND", P2]


def test_keep_images_keeps_the_image_and_pairs_its_caption():
    result = _clean(P1, Block("", "image", src="https://x.vn/a.jpg"), Block("Quang cảnh hội nghị.", "caption"), P2)
    assert result.images == [{"src": "https://x.vn/a.jpg", "caption": "Quang cảnh hội nghị."}]
    assert result.lines == [P1, "Quang cảnh hội nghị.", P2]


def test_drop_empty_lines():
    assert _lines(P1, " \xa0 ", "", P2) == [P1, P2]


def test_note_related_label_ends_at_the_next_text_line():
    lines = _lines(P1, "Tin liên quan:", Block("Bài khác", link=True), P2, Block("Quyết định 12", link=True))
    assert lines == [P1, P2, "Quyết định 12"]  # the paragraph ended the list: a later link is text again


def test_drop_series_label():
    assert _lines(P1, "Loạt bài: Chuyển đổi số ở cơ sở", Block("Bài 1: Từ thôn bản", link=True), P2) == [P1, P2]
    # No link after it: the label is the article's text.
    assert _lines(P1, "Loạt bài: Chuyển đổi số ở cơ sở", P2) == [P1, "Loạt bài: Chuyển đổi số ở cơ sở", P2]


def test_stop_at_related_heading():
    assert _lines(P1, P2, "Tin bài khác", "Một bài khác hẳn", stop_at_related=True) == [P1, P2]
    # On the site path (no ``stop_at_related``) the heading is no boilerplate line: the text goes on.
    assert _lines(P1, P2, "Tin bài khác", "Một bài khác hẳn") == [P1, P2, "Tin bài khác", "Một bài khác hẳn"]
    # Mid-body, a short list of links followed by more article text: the list goes, the article goes on.
    lines = _lines(P1, "Xem thêm", Block("Bài khác", link=True), LONG, stop_at_related=True)
    assert lines == [P1, LONG]


def test_drop_boilerplate_lines():
    lines = _lines(P1, "Chia sẻ bài viết", "0:00 / 0:00", "BÌNH LUẬN", "Skip Ribbon Commands", P2,
                   "Bản quyền thuộc Báo X", drop_lines=("Bản quyền thuộc Báo X",))
    assert lines == [P1, P2]
    # A contact label whose number follows, and an entry time after the text began, are text.
    assert _lines(P1, "Điện thoại:", "0209 3870 123") == [P1, "Điện thoại:", "0209 3870 123"]
    assert _lines(P1, "08:30", P2) == [P1, "08:30", P2]
    # A list holding one item that is no boilerplate is a list of text: "Zalo" is one of its items.
    listed = _lines(P1, Block("Zalo", in_list=7), Block("Cổng dịch vụ công", in_list=7))
    assert listed == [P1, "Zalo", "Cổng dịch vụ công"]


def test_drop_title_line():
    assert _lines(TITLE, P1, f"{TITLE} - Báo Đồng Khởi", P2) == [P1, P2]
    opening = f"{TITLE} được Sở Thông tin và Truyền thông ban hành ngày 13-1."
    assert _lines(opening, P1) == [opening, P1]


def test_drop_numbered_alt_text():
    assert _lines(P1, f"{TITLE} ảnh 1", P2) == [P1, P2]
    assert _lines(P1, "Toàn cảnh hội nghị ảnh 1", P2) == [P1, "Toàn cảnh hội nghị ảnh 1", P2]


def test_drop_category_line():
    assert _lines("Thời sự", P1, P2, category="Thời sự") == [P1, P2]
    assert _lines(P1, P2, "Thời sự", category="Thời sự") == [P1, P2, "Thời sự"]  # further down: text


def test_take_date_line():
    result = _clean("( Cập nhật lúc: 12/07/2022 )", P1, "13/01/2023 - 17:18", P2)
    assert result.lines == [P1, P2]
    assert result.date == "2022-07-12"  # the first one


def test_take_credit_line():
    result = _clean(P1, P2, "Tin, ảnh: Thanh Đồng")
    assert (result.lines, result.author) == ([P1, P2], "Thanh Đồng")
    # In a caption it stays; "Ảnh: tư liệu" is no person.
    result = _clean(P1, Block("Lãnh đạo Sở phát biểu. Ảnh: Lê Thanh", "caption"), P2, "Ảnh: tư liệu")
    assert result.author is None
    assert result.lines == [P1, "Lãnh đạo Sở phát biểu. Ảnh: Lê Thanh", P2, "Ảnh: tư liệu"]
    # A role given to several names labels a list's items.
    result = _clean(P1, "Tác giả: Nguyễn Văn An", "Tác giả: Hoàng Thị Mai", P2)
    assert result.author is None and "Tác giả: Hoàng Thị Mai" in result.lines


def test_take_name_date_byline():
    result = _clean("Thành Cường 29/10/2025 09:51", P1, P2)
    assert (result.author, result.date, result.lines) == ("Thành Cường", "2025-10-29T09:51:00+07:00", [P1, P2])
    letter = _clean(P1, "Bắc Kạn, 15/01/2026", P2)
    assert letter.author is None and "Bắc Kạn, 15/01/2026" in letter.lines


def test_take_author_line_after_the_cascade():
    result = _clean(P1, P2, "Bế Thị Thanh Hoài", author_last_line=True)
    assert (result.lines, result.author) == ([P1, P2], "Bế Thị Thanh Hoài")
    assert _clean("Bế Thị Thanh Hoài", author_last_line=True).author is None  # a brief's one line
    known = _clean(P1, P2, "Anh Thúy", author="Anh Thúy")
    assert known.lines == [P1, P2]


def test_the_boilerplate_battery_as_one_regex_decides_as_its_patterns_do():
    tests = Path(__file__).resolve().parent
    lines = {line for path in (tests / "golden").rglob("*.json")
             for line in (json.loads(path.read_text(encoding="utf-8")).get("text") or "").split("\n")}
    for page in (tests / "pages").rglob("*.html"):  # every text line of the saved pages, boilerplate included
        text = lxml.html.document_fromstring(page.read_bytes()).text_content()
        lines |= {normalize_line(line) for line in text.split("\n") if line.strip()}
    lines |= {"0:00 / 0:00", "0:00", "Chia sẻ qua Zalo", "Từ khóa: chuyển đổi số", "Trang 1 2 3 Trang sau »",
              "Lượt xem: 692 Cỡ chữ: A+ A-", "In bài viết | Chia sẻ", "Bình luận (3)", "QUẢNG CÁO"}
    assert len(lines) > 800
    assert all(p.pattern.startswith("^") for p in boilerplate.BOILERPLATE_PATTERNS)  # so ``match`` is ``search``
    for line in lines:
        expected = any(p.search(line) for p in boilerplate.BOILERPLATE_PATTERNS)
        assert (boilerplate.BOILERPLATE_RE.match(line) is not None) is expected, line

"""The shared clean-up: boilerplate, title/date/credit lines, alt text, doubled captions, bylines."""

from __future__ import annotations

from crawler.extract.clean import Block, clean_blocks, looks_like_name

TITLE = "Ngành thông tin và truyền thông triển khai nhiệm vụ công tác năm 2023"


def _clean(*blocks: Block | str, **options):
    found = [b if isinstance(b, Block) else Block(b) for b in blocks]
    return clean_blocks(found, title=options.pop("title", TITLE), **options)


def test_epi_page_text_order_becomes_clean_lines():
    """Seed 003's naive text: title, audio player, sapo, alt text, caption, body, author, "Xem thêm"."""
    result = _clean(
        TITLE, "0:00 / 0:00", "0:00",
        "BBK -\xa0Chiều 26/12, Sở Thông tin và Truyền thông (TT&TT) tổ chức Hội nghị tổng kết.",
        f"{TITLE} ảnh 1",
        Block("Đồng chí Phạm Duy Hưng- Phó Chủ tịch UBND tỉnh phát biểu chỉ đạo tại hội nghị", "caption"),
        Block("Đồng chí Phạm Duy Hưng- Phó Chủ tịch UBND tỉnh phát biểu chỉ đạo tại hội nghị", "caption"),
        "Năm 2022, Sở TT&TT đã cung cấp thông tin, định hướng tuyên truyền cho các cơ quan báo chí.",
        "Anh Thúy", "Xem thêm",
    )
    assert result.lines == [
        "BBK - Chiều 26/12, Sở Thông tin và Truyền thông (TT&TT) tổ chức Hội nghị tổng kết.",
        "Đồng chí Phạm Duy Hưng- Phó Chủ tịch UBND tỉnh phát biểu chỉ đạo tại hội nghị",
        "Năm 2022, Sở TT&TT đã cung cấp thông tin, định hướng tuyên truyền cho các cơ quan báo chí.",
    ]
    assert result.author == "Anh Thúy"
    assert result.captions == ["Đồng chí Phạm Duy Hưng- Phó Chủ tịch UBND tỉnh phát biểu chỉ đạo tại hội nghị"]


def test_alt_line_before_its_caption_goes_even_in_another_case_or_shorter():
    """Seed 004: the alt is printed before each caption, identical but for case, or a shorter variant."""
    caption = "Giám đốc Sở TT&TT và lãnh đạo Bưu điện tỉnh trao Bằng khen của Bộ TT&TT cho các tập thể. Ảnh: Lê Thanh"
    result = _clean(
        "mask",
        "Giám đốc Sở Thông tin và truyền thông Lê Bá Hùng đánh giá kết quả. Ảnh: Lê Thanh",
        Block("Giám đốc Sở Thông tin và Truyền thông Lê Bá Hùng đánh giá kết quả. Ảnh: Lê Thanh", "caption"),
        "Công tác chỉ đạo phát triển hạ tầng thông tin và truyền thông tiếp tục được quan tâm.",
        "Trao Bằng khen của Bộ TT&TT cho các tập thể. Ảnh: Lê Thanh",
        Block(caption, "caption"),
        "Tin mới",
        title="Sở Thông tin và truyền thông triển khai nhiệm vụ năm 2021",
    )
    assert result.lines == [
        "Giám đốc Sở Thông tin và Truyền thông Lê Bá Hùng đánh giá kết quả. Ảnh: Lê Thanh",
        "Công tác chỉ đạo phát triển hạ tầng thông tin và truyền thông tiếp tục được quan tâm.",
        caption,
    ]
    assert result.author is None  # "Ảnh: Lê Thanh" inside a caption is no author


def test_alt_pair_without_caption_markup_on_the_generic_path():
    result = _clean(
        "Trao Giấy khen cho các tập thể. Ảnh: Lê Thanh",
        "Lãnh đạo Sở TT&TT trao Giấy khen cho các tập thể. Ảnh: Lê Thanh",
        "Dịp này, Chủ tịch nước tặng Huân chương Lao động hạng Ba đồng chí Võ Trọng Phú.",
    )
    assert result.lines[0] == "Lãnh đạo Sở TT&TT trao Giấy khen cho các tập thể. Ảnh: Lê Thanh"
    assert len(result.lines) == 2


def test_bdk_credit_date_and_share_lines():
    result = _clean(
        "Tổng kết hoạt động ngành thông tin và truyền thông năm 2022", "13/01/2023 - 17:18",
        "BDK.VN - Ngày 13-1-2023, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết.",
        Block("Đại biểu tham dự hội nghị tổng kết ngành thông tin và truyền thông.", "caption"),
        Block("Đại biểu tham dự hội nghị tổng kết ngành thông tin và truyền thông.", "caption"),
        "Tin, ảnh: Thanh Đồng", "Chia sẻ bài viết", "Chia sẻ Facebook", "BÌNH LUẬN",
        title="Tổng kết hoạt động ngành thông tin và truyền thông năm 2022",
    )
    assert result.lines == [
        "BDK.VN - Ngày 13-1-2023, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết.",
        "Đại biểu tham dự hội nghị tổng kết ngành thông tin và truyền thông.",
    ]
    assert result.author == "Thanh Đồng"
    assert result.date == "2023-01-13T17:18:00+07:00"


def test_sharepoint_ribbon_greeting_date_and_last_line_author():
    result = _clean(
        "Skip Ribbon Commands", "Skip to main content",
        "Cổng thông tin điện tử Bắc Kạn kính chào quý khách! Trang chủ Góp ý Sơ đồ trang Liên hệ",
        "Sở Thông tin và Truyền thông tổ chức Hội nghị sơ kết", "(\xa0Cập nhật lúc: 12/07/2022 \xa0)",
        "Ngày 07/7/2022 Sở Thông tin và Truyền thông đã tổ chức Hội nghị sơ kết công tác.",
        "Ông Hà Văn Tiến- Giám đốc Sở phát biểu chỉ đạo hội nghị.",
        "Bế Thị Thanh Hoài",
        title="Sở Thông tin và Truyền thông tổ chức Hội nghị sơ kết",
    )
    assert result.lines == [
        "Ngày 07/7/2022 Sở Thông tin và Truyền thông đã tổ chức Hội nghị sơ kết công tác.",
        "Ông Hà Văn Tiến- Giám đốc Sở phát biểu chỉ đạo hội nghị.",
    ]
    assert result.author == "Bế Thị Thanh Hoài"
    assert result.date == "2022-07-12"


def test_learned_and_family_lines_and_stop_at_related():
    result = _clean(
        "Đoạn văn thứ nhất của bài viết về chuyển đổi số.",
        "Báo Bắc Kạn giữ bản quyền nội dung.",
        "Đoạn văn thứ hai của bài viết về chuyển đổi số.",
        "Tin liên quan",
        "Một bài khác hoàn toàn không thuộc bài viết này",
        boilerplate=["Báo Bắc Kạn giữ bản quyền nội dung."], stop_at_related=True, author_last_line=False,
    )
    assert result.lines == ["Đoạn văn thứ nhất của bài viết về chuyển đổi số.",
                            "Đoạn văn thứ hai của bài viết về chuyển đổi số."]


def test_name_and_date_byline_of_2025_template():
    result = _clean("Thời sự", "Thành Cường 29/10/2025 09:51", "Sáng 29/10, Hội đồng nhân dân tỉnh ra mắt hệ thống.",
                    "Hệ thống giúp đại biểu tra cứu tài liệu.", category="Thời sự")
    assert result.lines == ["Sáng 29/10, Hội đồng nhân dân tỉnh ra mắt hệ thống.",
                            "Hệ thống giúp đại biểu tra cứu tài liệu."]
    assert result.author == "Thành Cường"
    assert result.date == "2025-10-29T09:51:00+07:00"


def test_looks_like_name():
    for name in ("Anh Thúy", "Bế Thị Thanh Hoài", "P.Y", "Hà Nguyên - Anh Thúy", "Thành Cường (TTXVN)"):
        assert looks_like_name(name), name
    for line in ("Xem thêm tại đây.", "Năm 2022", "đại biểu tham dự", "Hội nghị tổng kết công tác năm 2022 của ngành",
                 "Tin, ảnh: Thanh Đồng", "Theo TTXVN", "Nguồn Báo Nhân Dân"):
        assert not looks_like_name(line), line

# ruff: noqa: E501 - article texts keep one paragraph per line, as the archive stores them
"""Vietnamese texts for the dedup tests: one article and its copies, a same-subject article, a bulletin.

Written for these tests in the style of the provincial papers (a prefix, caption lines, figures).
"""

from __future__ import annotations

import unicodedata

ARTICLE = """BBK - Sáng 12/3, Ủy ban nhân dân tỉnh Bắc Kạn tổ chức hội nghị đánh giá kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021 - 2025 và triển khai nhiệm vụ năm 2024. Đồng chí Nguyễn Đăng Bình, Phó Chủ tịch UBND tỉnh chủ trì hội nghị.
Theo báo cáo, đến hết năm 2023, toàn tỉnh có 28 xã đạt chuẩn nông thôn mới, 4 xã đạt chuẩn nông thôn mới nâng cao và 1 xã đạt chuẩn nông thôn mới kiểu mẫu. Bình quân mỗi xã đạt 13,2 tiêu chí, tăng 0,8 tiêu chí so với năm 2022. Thu nhập bình quân đầu người khu vực nông thôn đạt 34,5 triệu đồng/năm.
Quang cảnh hội nghị đánh giá kết quả xây dựng nông thôn mới.
Trong năm qua, các địa phương đã huy động hơn 1.250 tỷ đồng để thực hiện chương trình, trong đó vốn ngân sách Trung ương chiếm khoảng 45%. Nhiều công trình giao thông, thủy lợi, trường học, nhà văn hóa thôn được đầu tư xây dựng mới hoặc nâng cấp, góp phần thay đổi diện mạo nông thôn. Phong trào hiến đất làm đường được nhân dân hưởng ứng tích cực, với trên 85.000 m2 đất được hiến.
Bên cạnh kết quả đạt được, việc thực hiện chương trình vẫn còn một số khó khăn như nguồn lực đầu tư còn hạn chế, một số tiêu chí khó đạt như thu nhập, hộ nghèo, môi trường; công tác duy trì và nâng cao chất lượng các tiêu chí sau khi đạt chuẩn ở một số nơi chưa được quan tâm đúng mức.
Phó Chủ tịch UBND tỉnh Nguyễn Đăng Bình phát biểu kết luận hội nghị.
Phát biểu kết luận, đồng chí Phó Chủ tịch UBND tỉnh đề nghị các sở, ngành và các huyện, thành phố tiếp tục quán triệt sâu sắc mục tiêu của chương trình; tập trung rà soát, đánh giá thực chất các tiêu chí; ưu tiên nguồn lực cho các xã có khả năng đạt chuẩn trong năm 2024; đẩy mạnh phát triển sản phẩm OCOP gắn với du lịch nông thôn, nâng cao thu nhập cho người dân."""

ADDED_PARAGRAPH = (
    "Dịp này, Ủy ban nhân dân tỉnh tặng Bằng khen cho 12 tập thể và 15 cá nhân có thành tích xuất sắc "
    "trong phong trào thi đua chung sức xây dựng nông thôn mới."
)


def _lines() -> list[str]:
    return ARTICLE.split("\n")


def with_prefix(prefix: str) -> str:
    return prefix + ARTICLE[len("BBK - "):]


def caption_changed() -> str:
    lines = _lines()
    lines[2] = "Các đại biểu tham dự hội nghị tại hội trường Ủy ban nhân dân tỉnh."
    return "\n".join(lines)


def paragraph_added() -> str:
    lines = _lines()
    return "\n".join([*lines[:-1], ADDED_PARAGRAPH, lines[-1]])


def paragraph_cut() -> str:
    lines = _lines()
    del lines[4]
    return "\n".join(lines)


def reflowed() -> str:
    """The same words with other line breaks, runs of spaces and no-break spaces."""
    return ARTICLE.replace(". ", ".\n  ").replace(" ", "\u00a0", 7).replace("\n", "\n\n")


def nfd() -> str:
    return unicodedata.normalize("NFD", ARTICLE)


# The same programme a year earlier: same office, same officials, stock phrases, other facts.
SAME_SUBJECT = """BBK - Chiều 20/2, Ủy ban nhân dân tỉnh Bắc Kạn tổ chức hội nghị tổng kết Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2022, triển khai kế hoạch năm 2023. Đồng chí Nguyễn Đăng Bình, Phó Chủ tịch UBND tỉnh chủ trì hội nghị.
Năm 2022, tỉnh được giao tổng nguồn vốn gần 980 tỷ đồng để thực hiện chương trình. Đến nay, toàn tỉnh có 24 xã đạt chuẩn nông thôn mới; bình quân mỗi xã đạt 12,4 tiêu chí. Các huyện Bạch Thông, Chợ Mới, Ba Bể có nhiều xã về đích sớm so với kế hoạch.
Đại biểu dự hội nghị tổng kết chương trình nông thôn mới năm 2022.
Công tác tuyên truyền được đổi mới, giúp người dân hiểu rõ vai trò chủ thể trong xây dựng nông thôn mới. Phong trào hiến đất làm đường được nhân dân hưởng ứng tích cực. Nhiều mô hình sản xuất hàng hóa như trồng cam, quýt, chè, nuôi lợn đen địa phương mang lại thu nhập khá cho các hộ tham gia.
Tuy vậy, tiến độ giải ngân vốn sự nghiệp còn chậm; một số xã đã đạt chuẩn nhưng chưa duy trì tốt các tiêu chí về môi trường và an toàn thực phẩm; việc huy động nguồn lực xã hội hóa gặp khó khăn do điều kiện kinh tế của người dân còn hạn chế.
Kết luận hội nghị, Phó Chủ tịch UBND tỉnh yêu cầu các địa phương khẩn trương hoàn thiện hồ sơ đề nghị công nhận xã đạt chuẩn, đẩy nhanh giải ngân vốn năm 2023 và chú trọng nâng cao chất lượng các tiêu chí đã đạt."""


def bulletin(month: int, figures: list[str]) -> str:
    """A monthly bulletin: the same template sentences every month, only the figures change."""
    f = iter(figures)
    return f"""Tháng {month}/2024, tình hình kinh tế - xã hội trên địa bàn tỉnh tiếp tục ổn định và có chuyển biến tích cực.
Tổng sản phẩm trên địa bàn tỉnh ước tăng {next(f)}% so với cùng kỳ năm trước, trong đó khu vực nông, lâm nghiệp và thủy sản tăng {next(f)}%, khu vực công nghiệp và xây dựng tăng {next(f)}%, khu vực dịch vụ tăng {next(f)}%.
Giá trị sản xuất công nghiệp trong tháng ước đạt {next(f)} tỷ đồng, tăng so với tháng trước do các doanh nghiệp chế biến nông sản, sản xuất vật liệu xây dựng đã ổn định sản xuất và có thêm đơn hàng mới.
Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt {next(f)} tỷ đồng; hoạt động thương mại, dịch vụ trên địa bàn diễn ra sôi động, hàng hóa phong phú, giá cả các mặt hàng thiết yếu cơ bản ổn định, không có biến động lớn.
Thu ngân sách nhà nước trên địa bàn ước đạt {next(f)} tỷ đồng, bằng {next(f)}% dự toán năm. Công tác quản lý thu được tăng cường, các khoản nợ đọng được rà soát và đôn đốc thu kịp thời vào ngân sách.
Trong tháng, các cơ quan chức năng đã tổ chức kiểm tra, phát hiện và xử lý {next(f)} vụ vi phạm trong lĩnh vực thương mại, phạt tiền và nộp ngân sách số tiền {next(f)} triệu đồng.
Công tác an sinh xã hội được quan tâm thực hiện đầy đủ, kịp thời; các chế độ, chính sách đối với người có công, hộ nghèo, hộ cận nghèo và đối tượng bảo trợ xã hội được chi trả đúng quy định."""


BULLETIN_MARCH = bulletin(3, ["5,21", "3,1", "8,45", "4,7", "412", "1.986", "318", "27,4", "36", "215"])
BULLETIN_APRIL = bulletin(4, ["5,64", "2,9", "9,02", "5,1", "437", "2.104", "351", "34,8", "41", "264"])

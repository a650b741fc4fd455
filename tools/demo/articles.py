# ruff: noqa: E501 - HTML templates and prose: lines as long as the markup they write
"""Article texts of the demo mirror (written for the demo; names and events are illustrative).

Per site: a list of articles, newest first.  Keys: ``id``, ``slug``, ``title``, ``at``
(``YYYY-MM-DD HH:MM``, Vietnam time), ``cat`` (category slug), ``lead``, ``paras`` (body
paragraphs), ``caption``, ``author``.  ``PRESS_RELEASE`` is published by the Sở and republished
by Báo Bắc Kạn (same text, two sites).
"""

PRESS_RELEASE = {
    "title": "Bắc Kạn phát động Ngày Chuyển đổi số tỉnh năm 2023",
    "lead": "Sáng 10/10, Sở Thông tin và Truyền thông tỉnh Bắc Kạn tổ chức lễ phát động Ngày Chuyển đổi số "
    "tỉnh năm 2023 với chủ đề “Khai thác dữ liệu số để tạo ra giá trị”.",
    "paras": [
        "Dự buổi lễ có lãnh đạo UBND tỉnh, đại diện các sở, ban, ngành, UBND các huyện, thành phố và các doanh "
        "nghiệp viễn thông trên địa bàn tỉnh.",
        "Theo báo cáo của Sở Thông tin và Truyền thông, đến nay 100% cơ quan nhà nước cấp tỉnh, cấp huyện đã kết "
        "nối mạng truyền số liệu chuyên dùng; tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt trên 70%.",
        "Phát biểu tại buổi lễ, lãnh đạo UBND tỉnh đề nghị các cấp, các ngành tiếp tục đẩy mạnh tuyên truyền, nâng "
        "cao nhận thức của người dân về chuyển đổi số, phát huy vai trò của các tổ công nghệ số cộng đồng.",
        "Nhân dịp này, Ban tổ chức đã trao giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong triển "
        "khai chuyển đổi số năm 2023.",
    ],
    "caption": "Các đại biểu thực hiện nghi thức phát động Ngày Chuyển đổi số tỉnh năm 2023.",
}

BDK = [
    {
        "id": 117201, "slug": "ben-tre-day-manh-chuyen-doi-so-trong-co-quan-nha-nuoc", "at": "2023-07-20 16:45",
        "cat": "thoi-su",
        "title": "Bến Tre đẩy mạnh chuyển đổi số trong cơ quan nhà nước",
        "lead": "Ngày 20-7-2023, UBND tỉnh tổ chức hội nghị sơ kết 6 tháng đầu năm thực hiện Chương trình chuyển đổi "
        "số tỉnh Bến Tre, triển khai nhiệm vụ 6 tháng cuối năm.",
        "paras": [
            "Theo báo cáo, 6 tháng đầu năm, tỉnh đã đưa vào sử dụng Trung tâm giám sát, điều hành đô thị thông "
            "minh; 100% văn bản giữa các cơ quan nhà nước được gửi, nhận dưới dạng điện tử có ký số.",
            "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh đã tiếp nhận hơn 120 nghìn hồ sơ, trong đó "
            "hồ sơ trực tuyến toàn trình chiếm gần 45%.",
            "Phó Chủ tịch UBND tỉnh đề nghị các sở, ngành rà soát, chuẩn hóa dữ liệu chuyên ngành, bảo đảm kết nối "
            "với cơ sở dữ liệu quốc gia về dân cư trước tháng 9-2023.",
        ],
        "caption": "Quang cảnh hội nghị sơ kết.", "author": "Thanh Đồng",
    },
    {
        "id": 117188, "slug": "nong-dan-cho-lach-lien-ket-trong-buoi-da-xanh-theo-huong-huu-co", "at": "2023-07-19 09:10",
        "cat": "kinh-te",
        "title": "Nông dân Chợ Lách liên kết trồng bưởi da xanh theo hướng hữu cơ",
        "lead": "Nhiều hộ nông dân ở huyện Chợ Lách đã chuyển sang trồng bưởi da xanh theo hướng hữu cơ, giúp nâng "
        "cao giá bán và ổn định đầu ra.",
        "paras": [
            "Tổ hợp tác bưởi da xanh xã Long Thới hiện có 32 thành viên với diện tích hơn 25 ha, được cấp mã số "
            "vùng trồng phục vụ xuất khẩu.",
            "Anh Nguyễn Văn Tâm, thành viên tổ hợp tác cho biết, từ khi áp dụng quy trình hữu cơ, chi phí phân bón "
            "giảm khoảng 20% trong khi giá bán cao hơn thị trường từ 3.000 - 5.000 đồng/kg.",
            "Ngành nông nghiệp huyện khuyến khích nhân rộng mô hình, gắn với truy xuất nguồn gốc bằng mã QR.",
        ],
        "caption": "Thu hoạch bưởi da xanh tại xã Long Thới.", "author": "Phan Hân",
    },
    {
        "id": 117150, "slug": "khai-mac-giai-bong-da-thieu-nien-tinh-nam-2023", "at": "2023-07-17 08:00",
        "cat": "the-thao",
        "title": "Khai mạc Giải bóng đá thiếu niên tỉnh năm 2023",
        "lead": "Sáng 17-7-2023, tại Sân vận động tỉnh, Sở Văn hóa, Thể thao và Du lịch khai mạc Giải bóng đá thiếu "
        "niên tỉnh năm 2023.",
        "paras": [
            "Giải quy tụ 9 đội bóng đến từ các huyện, thành phố với hơn 180 cầu thủ tham gia thi đấu.",
            "Các đội thi đấu vòng tròn một lượt tính điểm chia thành 2 bảng, chọn 4 đội vào vòng bán kết.",
            "Giải nhằm phát hiện, tuyển chọn năng khiếu bóng đá bổ sung cho các đội tuyển trẻ của tỉnh.",
        ],
        "caption": "Trận đấu khai mạc giữa đội Ba Tri và đội Giồng Trôm.", "author": "Hữu Hiệp",
    },
    {
        "id": 117102, "slug": "tang-cuong-phong-chong-xam-nhap-man-mua-kho", "at": "2023-07-14 15:20",
        "cat": "xa-hoi",
        "title": "Tăng cường phòng, chống xâm nhập mặn mùa khô",
        "lead": "UBND tỉnh vừa ban hành kế hoạch phòng, chống hạn hán, xâm nhập mặn mùa khô 2023 - 2024, chủ động "
        "bảo đảm nước sinh hoạt cho người dân.",
        "paras": [
            "Theo dự báo, mùa khô năm nay xâm nhập mặn có thể đến sớm và sâu hơn trung bình nhiều năm.",
            "Các địa phương được yêu cầu nạo vét kênh mương, gia cố đê bao, vận hành hợp lý hệ thống cống "
            "để trữ nước ngọt.",
            "Công ty Cổ phần Cấp thoát nước tỉnh chuẩn bị các phương án cấp nước bằng xe bồn cho vùng khó khăn.",
        ],
        "caption": "Cống Cái Quao được vận hành ngăn mặn, trữ ngọt.", "author": "Thanh Đồng",
    },
    {
        "id": 117060, "slug": "hoi-nghi-ban-chap-hanh-dang-bo-tinh-lan-thu-12", "at": "2023-07-12 07:30",
        "cat": "chinh-tri",
        "title": "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12",
        "lead": "Ngày 12-7-2023, Ban Chấp hành Đảng bộ tỉnh khóa XI tổ chức hội nghị lần thứ 12 đánh giá tình hình "
        "thực hiện nhiệm vụ 6 tháng đầu năm.",
        "paras": [
            "Hội nghị thống nhất đánh giá, tình hình kinh tế - xã hội của tỉnh tiếp tục phục hồi; tăng trưởng "
            "GRDP ước đạt 6,2%.",
            "Thu ngân sách nhà nước trên địa bàn đạt 52% dự toán; công tác an sinh xã hội được quan tâm thực hiện.",
            "Hội nghị đề ra 7 nhóm nhiệm vụ, giải pháp trọng tâm cho 6 tháng cuối năm.",
        ],
        "caption": "Các đại biểu biểu quyết thông qua nghị quyết hội nghị.", "author": "Hữu Hiệp",
    },
    {
        "id": 117011, "slug": "le-hoi-dua-ben-tre-lan-thu-v", "at": "2023-07-10 10:05",
        "cat": "van-hoa",
        "title": "Chuẩn bị Lễ hội Dừa Bến Tre lần thứ V",
        "lead": "Ban tổ chức Lễ hội Dừa Bến Tre lần thứ V năm 2023 vừa họp triển khai công tác chuẩn bị, dự kiến "
        "tổ chức từ ngày 25 đến 28-8-2023.",
        "paras": [
            "Lễ hội có nhiều hoạt động như hội chợ sản phẩm dừa, thi ẩm thực từ dừa, trình diễn thời trang từ "
            "nguyên liệu dừa.",
            "Các sản phẩm OCOP của tỉnh sẽ được giới thiệu đến du khách trong và ngoài nước.",
            "Ban tổ chức yêu cầu các tiểu ban hoàn thành kế hoạch chi tiết trước ngày 31-7.",
        ],
        "caption": "Sản phẩm thủ công mỹ nghệ từ dừa.", "author": "Phan Hân",
    },
]

BBK = [
    {
        "id": 60187, "slug": "bac-kan-phat-dong-ngay-chuyen-doi-so-tinh-nam-2023", "at": "2023-10-10 16:20",
        "cat": "xa-hoi", "press_release": True, "author": "Thu Hương",
    },
    {
        "id": 60150, "slug": "na-ri-trien-khai-vu-dong-nam-2023", "at": "2023-10-08 10:15",
        "cat": "kinh-te",
        "title": "Na Rì triển khai vụ Đông năm 2023",
        "lead": "BBK - Huyện Na Rì đặt mục tiêu gieo trồng hơn 900 ha cây vụ Đông năm 2023, tập trung vào ngô, "
        "khoai lang và rau các loại.",
        "paras": [
            "Để bảo đảm kế hoạch, huyện hỗ trợ giống ngô lai cho các hộ tham gia, hướng dẫn bà con làm đất, "
            "gieo trồng đúng khung thời vụ.",
            "Nhiều xã như Kim Lư, Lương Thượng đã chủ động chuyển đổi đất ruộng một vụ sang trồng cây vụ Đông.",
            "Phòng Nông nghiệp huyện cử cán bộ bám cơ sở, kịp thời hướng dẫn phòng trừ sâu bệnh.",
        ],
        "caption": "Nông dân xã Kim Lư làm đất trồng ngô Đông.", "author": "Anh Thúy",
    },
    {
        "id": 60121, "slug": "ba-be-don-hon-20-nghin-luot-khach-trong-thang-9", "at": "2023-10-05 08:40",
        "cat": "van-hoa",
        "title": "Ba Bể đón hơn 20 nghìn lượt khách trong tháng 9",
        "lead": "BBK - Trong tháng 9, Khu du lịch hồ Ba Bể đón hơn 20 nghìn lượt khách, tăng gần 30% so với cùng "
        "kỳ năm trước.",
        "paras": [
            "Dịp nghỉ lễ Quốc khánh 2/9, các homestay tại thôn Pác Ngòi, Bó Lù gần như kín phòng.",
            "Huyện Ba Bể đã tổ chức nhiều hoạt động văn hóa, thể thao phục vụ du khách như đua thuyền, hát then, "
            "đàn tính.",
            "Ngành du lịch khuyến cáo các cơ sở lưu trú niêm yết giá, bảo đảm vệ sinh an toàn thực phẩm.",
        ],
        "caption": "Du khách trải nghiệm đi thuyền trên hồ Ba Be.", "author": "Nông Thu",
    },
    {
        "id": 60099, "slug": "cho-moi-nang-cao-chat-luong-dao-tao-nghe", "at": "2023-10-03 14:00",
        "cat": "xa-hoi",
        "title": "Chợ Mới nâng cao chất lượng đào tạo nghề cho lao động nông thôn",
        "lead": "BBK - Năm 2023, huyện Chợ Mới mở 12 lớp đào tạo nghề cho hơn 350 lao động nông thôn.",
        "paras": [
            "Các lớp tập trung vào nghề chăn nuôi, trồng trọt, sửa chữa máy nông nghiệp phù hợp với nhu cầu "
            "thực tế của địa phương.",
            "Sau đào tạo, trên 80% học viên có việc làm hoặc tự tạo việc làm, tăng thu nhập.",
            "Huyện sẽ tiếp tục khảo sát nhu cầu học nghề để mở lớp sát thực tế hơn.",
        ],
        "caption": "Học viên thực hành tại lớp sửa chữa máy nông nghiệp.", "author": "Đức Cường",
    },
    {
        "id": 60087, "slug": "tang-cuong-cong-tac-phong-chong-chay-rung", "at": "2023-10-02 09:30",
        "cat": "thoi-su",
        "title": "Tăng cường công tác phòng, chống cháy rừng mùa hanh khô",
        "lead": "BBK - Chi cục Kiểm lâm tỉnh đề nghị các hạt kiểm lâm tăng cường tuần tra, canh gác lửa rừng "
        "trong mùa hanh khô.",
        "paras": [
            "Toàn tỉnh có hơn 370 nghìn ha rừng, trong đó nhiều diện tích rừng trồng thông, keo dễ cháy.",
            "Các địa phương được yêu cầu kiện toàn ban chỉ huy phòng cháy, chữa cháy rừng cấp xã.",
            "Người dân không đốt nương rẫy trong những ngày có cảnh báo cháy rừng cấp IV, cấp V.",
        ],
        "caption": "Lực lượng kiểm lâm tuần tra bảo vệ rừng.", "author": "Anh Thúy",
    },
    {
        "id": 59980, "slug": "hoi-nghi-tong-ket-cong-tac-dan-van-nam-2023", "at": "2023-09-28 15:45",
        "cat": "chinh-tri",
        "title": "Hội nghị tổng kết công tác dân vận năm 2023",
        "lead": "BBK - Chiều 28/9, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết công tác dân vận năm 2023.",
        "paras": [
            "Năm qua, phong trào thi đua “Dân vận khéo” được triển khai sâu rộng với hơn 600 mô hình được công nhận.",
            "Hội nghị đã thảo luận, làm rõ kết quả đạt được và những hạn chế cần khắc phục.",
            "Nhiều tập thể, cá nhân được khen thưởng vì thành tích xuất sắc trong công tác dân vận.",
        ],
        "caption": "Quang cảnh hội nghị.", "author": "Nông Thu",
    },
]

BAONGHEAN = [
    {
        "id": 10309548, "era": "2025",
        "slug": "ra-mat-he-thong-phan-mem-chuyen-doi-so-phuc-vu-hoat-dong-cua-hdnd-tinh", "at": "2025-10-29 09:51",
        "cat": "thoi-su", "cat_name": "Thời sự",
        "title": "Ra mắt hệ thống phần mềm chuyển đổi số phục vụ hoạt động của HĐND tỉnh",
        "lead": "Sáng 29/10, Thường trực HĐND tỉnh Nghệ An tổ chức ra mắt hệ thống phần mềm chuyển đổi số phục vụ "
        "hoạt động của HĐND tỉnh và Đoàn ĐBQH tỉnh.",
        "paras": [
            "Hệ thống gồm các phân hệ quản lý kỳ họp, tiếp nhận kiến nghị cử tri, theo dõi giám sát và thư viện "
            "tài liệu điện tử.",
            "Đại biểu có thể tra cứu tài liệu, đăng ký phát biểu và biểu quyết trên thiết bị di động.",
            "Thường trực HĐND tỉnh đề nghị đơn vị phát triển tiếp tục hoàn thiện, bảo đảm an toàn thông tin.",
        ],
        "caption": "Các đại biểu bấm nút ra mắt hệ thống. Ảnh: Thành Cường", "author": "Thành Cường",
    },
    {
        "id": 10309410, "era": "2025",
        "slug": "nghe-an-thu-hut-hon-1-ty-usd-von-fdi-trong-10-thang", "at": "2025-10-27 14:30",
        "cat": "kinh-te", "cat_name": "Kinh tế",
        "title": "Nghệ An thu hút hơn 1 tỷ USD vốn FDI trong 10 tháng",
        "lead": "Trong 10 tháng năm 2025, Nghệ An thu hút hơn 1 tỷ USD vốn đầu tư trực tiếp nước ngoài, tiếp tục "
        "nằm trong nhóm địa phương dẫn đầu cả nước.",
        "paras": [
            "Các dự án tập trung vào lĩnh vực sản xuất linh kiện điện tử tại Khu công nghiệp VSIP và WHA.",
            "Tỉnh đã cấp mới 18 dự án và điều chỉnh tăng vốn cho 9 dự án.",
            "Sở Tài chính đề xuất tiếp tục cải thiện môi trường đầu tư, chuẩn bị quỹ đất sạch cho nhà đầu tư.",
        ],
        "caption": "Sản xuất linh kiện điện tử tại Khu công nghiệp WHA. Ảnh: Thu Huyền", "author": "Thu Huyền",
    },
    {
        "id": 10309302, "era": "2025",
        "slug": "tuyen-nghe-an-tap-huan-chuan-bi-giai-u17-quoc-gia", "at": "2025-10-25 17:05",
        "cat": "the-thao", "cat_name": "Thể thao",
        "title": "U17 Sông Lam Nghệ An tập huấn chuẩn bị giải U17 quốc gia",
        "lead": "Đội U17 Sông Lam Nghệ An bước vào đợt tập huấn cuối cùng trước vòng chung kết giải U17 quốc gia.",
        "paras": [
            "Ban huấn luyện tập trung nâng cao thể lực và các bài tập chiến thuật phòng ngự phản công.",
            "Đội có 26 cầu thủ, phần lớn được đào tạo tại Học viện bóng đá Sông Lam Nghệ An.",
            "Mục tiêu của đội là lọt vào trận chung kết.",
        ],
        "caption": "Các cầu thủ U17 trong buổi tập. Ảnh: Trung Kiên", "author": "Trung Kiên",
    },
    {
        "id": 10309155, "era": "2025",
        "slug": "nang-cao-chat-luong-kham-chua-benh-tuyen-co-so", "at": "2025-10-22 08:15",
        "cat": "xa-hoi", "cat_name": "Xã hội",
        "title": "Nâng cao chất lượng khám, chữa bệnh tuyến cơ sở",
        "lead": "Ngành Y tế Nghệ An đang triển khai nhiều giải pháp nâng cao chất lượng khám, chữa bệnh tại trạm y tế xã.",
        "paras": [
            "Hơn 400 trạm y tế đã kết nối phần mềm quản lý khám, chữa bệnh và thanh toán bảo hiểm y tế điện tử.",
            "Các bệnh viện tuyến tỉnh cử bác sĩ về hỗ trợ chuyên môn theo Đề án 1816.",
            "Người dân được quản lý sức khỏe bằng hồ sơ điện tử, theo dõi bệnh mạn tính tại nhà.",
        ],
        "caption": "Khám bệnh cho người dân tại trạm y tế xã. Ảnh: Thành Chung", "author": "Thành Chung",
    },
    {
        "id": 270909, "era": "epi",
        "slug": "nghe-an-thong-tin-noi-bat-ngay-86", "at": "2023-06-08 18:00",
        "cat": "thoi-su", "cat_name": "Thời sự",
        "title": "Nghệ An: Thông tin nổi bật ngày 8/6",
        "lead": "(Baonghean.vn) - Sáng 8/6, UBND tỉnh họp bàn giải pháp tháo gỡ khó khăn cho các dự án đầu tư "
        "công chậm giải ngân.",
        "paras": [
            "Theo báo cáo, đến cuối tháng 5, tỉnh mới giải ngân được 28% kế hoạch vốn đầu tư công năm 2023.",
            "Chủ tịch UBND tỉnh yêu cầu các chủ đầu tư lập kế hoạch giải ngân chi tiết theo từng tháng.",
            "Cũng trong ngày, Nghệ An tổ chức lễ ra quân Tháng hành động vì môi trường.",
        ],
        "caption": "Quang cảnh cuộc họp. Ảnh: Phạm Bằng", "author": "Thái Hồng",
    },
    {
        "id": 268741, "era": "epi",
        "slug": "thanh-pho-vinh-chinh-trang-do-thi-van-minh", "at": "2023-05-30 10:20",
        "cat": "xa-hoi", "cat_name": "Xã hội",
        "title": "Thành phố Vinh chỉnh trang đô thị văn minh",
        "lead": "(Baonghean.vn) - Chiều 30/5, thành phố Vinh phát động đợt cao điểm chỉnh trang đô thị, lập lại "
        "trật tự vỉa hè.",
        "paras": [
            "Các phường được yêu cầu xử lý dứt điểm tình trạng lấn chiếm vỉa hè, lòng đường để kinh doanh.",
            "Thành phố trồng mới hơn 2.000 cây xanh trên các tuyến phố chính.",
            "Người dân đồng tình hưởng ứng, tự giác tháo dỡ mái che, biển quảng cáo sai quy định.",
        ],
        "caption": "Lực lượng chức năng ra quân lập lại trật tự vỉa hè. Ảnh: Quang An", "author": "Quang An",
    },
]

SO_BACKAN = [
    {
        "id": "26f64f88ccb412cc", "slug": "bac-kan-phat-dong-ngay-chuyen-", "at": "2023-10-10",
        "cat": "cong-nghe-thong-tin-542", "press_release": True, "author": "Bế Thị Thanh Hoài",
    },
    {
        "id": "3c2369fe78807317", "slug": "so-thong-tin-va-truyen-thong-to-chuc-", "at": "2023-10-06",
        "cat": "hoat-dong-dang-doan-the-546",
        "title": "Sở Thông tin và Truyền thông tổ chức hội nghị học tập chuyên đề năm 2023",
        "lead": "Ngày 06/10/2023, Đảng bộ Sở Thông tin và Truyền thông tổ chức hội nghị học tập chuyên đề năm 2023 "
        "cho toàn thể đảng viên.",
        "paras": [
            "Hội nghị quán triệt chuyên đề về xây dựng đội ngũ cán bộ, đảng viên có phẩm chất đạo đức, trách "
            "nhiệm nêu gương.",
            "Mỗi đảng viên đăng ký nội dung làm theo gắn với nhiệm vụ chuyên môn của đơn vị.",
            "Đảng bộ sẽ sơ kết việc thực hiện vào cuối năm 2023.",
        ],
        "caption": "Các đảng viên tham dự hội nghị.", "author": "Hoàng Văn Minh",
    },
    {
        "id": "aa40fbd140aae02f", "slug": "trung-tam-cong-nghe-thong-tin-", "at": "2023-10-03",
        "cat": "cong-nghe-thong-tin-542",
        "title": "Trung tâm Công nghệ thông tin và Truyền thông triển khai nền tảng họp trực tuyến",
        "lead": "Trung tâm Công nghệ thông tin và Truyền thông tỉnh vừa hoàn thành triển khai nền tảng họp trực "
        "tuyến đến 108 xã, phường, thị trấn.",
        "paras": [
            "Hệ thống bảo đảm kết nối thông suốt từ tỉnh đến cấp xã, tiết kiệm thời gian và chi phí đi lại.",
            "Trung tâm đã tập huấn cho hơn 200 cán bộ kỹ thuật tại các điểm cầu.",
            "Trong quý IV, hệ thống sẽ được nâng cấp để phục vụ các hội nghị có số lượng điểm cầu lớn.",
        ],
        "caption": "Cán bộ kỹ thuật kiểm tra điểm cầu trực tuyến.", "author": "Bế Thị Thanh Hoài",
    },
    {
        "id": "7b4d2b9f4fd0638d", "slug": "huong-dan-cai-dat-ung-dung-vne", "at": "2023-09-26",
        "cat": "cong-nghe-thong-tin-542",
        "title": "Hướng dẫn cài đặt ứng dụng VNeID và kích hoạt tài khoản định danh điện tử",
        "lead": "Sở Thông tin và Truyền thông hướng dẫn người dân cài đặt ứng dụng VNeID và kích hoạt tài khoản "
        "định danh điện tử mức độ 2.",
        "paras": [
            "Người dân tải ứng dụng VNeID trên kho ứng dụng của điện thoại, đăng nhập bằng số định danh cá nhân.",
            "Tài khoản mức độ 2 được dùng để thực hiện các dịch vụ công trực tuyến trên Cổng dịch vụ công quốc gia.",
            "Các tổ công nghệ số cộng đồng sẽ hỗ trợ người dân tại thôn, bản.",
        ],
        "caption": "Tổ công nghệ số cộng đồng hỗ trợ người dân cài đặt ứng dụng.", "author": "Nguyễn Thị Lan",
    },
    {
        "id": "5e1a9c0d3b7f2468", "slug": "tap-huan-ky-nang-so-cho-to-cong", "at": "2023-09-20",
        "cat": "cong-nghe-thong-tin-542",
        "title": "Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng",
        "lead": "Từ ngày 18 đến 20/9/2023, Sở Thông tin và Truyền thông tổ chức 3 lớp tập huấn kỹ năng số cho "
        "thành viên tổ công nghệ số cộng đồng.",
        "paras": [
            "Học viên được hướng dẫn sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và bảo "
            "đảm an toàn thông tin cá nhân.",
            "Hơn 300 thành viên tổ công nghệ số cộng đồng của các huyện đã tham gia.",
            "Sau tập huấn, các thành viên có trách nhiệm hướng dẫn lại cho người dân tại địa phương.",
        ],
        "caption": "Một lớp tập huấn tại huyện Ngân Sơn.", "author": "Hoàng Văn Minh",
    },
    {
        "id": "9d8c7b6a5f4e3d2c", "slug": "bao-dam-an-toan-thong-tin-mang", "at": "2023-09-12",
        "cat": "cong-nghe-thong-tin-542",
        "title": "Bảo đảm an toàn thông tin mạng trong cơ quan nhà nước",
        "lead": "Sở Thông tin và Truyền thông đề nghị các cơ quan, đơn vị tăng cường bảo đảm an toàn thông tin "
        "mạng cho hệ thống thông tin.",
        "paras": [
            "Các cơ quan cần rà soát, cập nhật bản vá lỗ hổng bảo mật, không sử dụng phần mềm không rõ nguồn gốc.",
            "Cán bộ, công chức không mở tệp đính kèm, đường dẫn lạ trong thư điện tử.",
            "Khi phát hiện sự cố, đơn vị báo ngay cho đội ứng cứu sự cố an toàn thông tin mạng của tỉnh.",
        ],
        "caption": "Giám sát an toàn thông tin tại Trung tâm điều hành.", "author": "Nguyễn Thị Lan",
    },
]

SO_NGHEAN = [
    {
        "id": 583737,
        "slug": "hoi-nghi-truc-tuyen-so-ket-01-nam-thuc-hien-de-an-06-tinh-nghe-an-den-n", "at": "2023-09-21 08:30",
        "cat": "tin-tuc--su-kien",
        "title": "Hội nghị trực tuyến sơ kết 01 năm thực hiện Đề án 06 trên địa bàn tỉnh Nghệ An",
        "lead": "Sáng 21/9/2023, UBND tỉnh tổ chức hội nghị trực tuyến sơ kết 01 năm thực hiện Đề án 06 của Chính "
        "phủ trên địa bàn tỉnh.",
        "paras": [
            "Sau một năm triển khai, tỉnh đã hoàn thành 25/25 dịch vụ công thiết yếu trên Cổng dịch vụ công quốc gia.",
            "Hơn 1,2 triệu tài khoản định danh điện tử đã được kích hoạt trên địa bàn tỉnh.",
            "Sở Thông tin và Truyền thông được giao chủ trì bảo đảm hạ tầng kết nối, an toàn thông tin.",
        ],
        "caption": "Quang cảnh hội nghị tại điểm cầu tỉnh.", "author": "Trung tâm CNTT&TT",
    },
    {
        "id": 583650, "slug": "phat-trien-ha-tang-so-tren-dia-ban-tinh-nam-2023", "at": "2023-09-18 15:00",
        "cat": "tin-tuc--su-kien",
        "title": "Phát triển hạ tầng số trên địa bàn tỉnh năm 2023",
        "lead": "Sở Thông tin và Truyền thông vừa làm việc với các doanh nghiệp viễn thông về phát triển hạ tầng số năm 2023.",
        "paras": [
            "Đến nay, 100% xã, phường, thị trấn đã có cáp quang đến trung tâm xã; vùng lõm sóng di động giảm mạnh.",
            "Các doanh nghiệp cam kết lắp đặt thêm 150 trạm BTS trong năm 2023.",
            "Sở đề nghị các địa phương tạo điều kiện về mặt bằng cho việc xây dựng trạm.",
        ],
        "caption": "Lắp đặt trạm thu phát sóng tại huyện Kỳ Sơn.", "author": "Phòng BCVT",
    },
    {
        "id": 583512, "slug": "tap-huan-nghiep-vu-thong-tin-co-so-nam-2023", "at": "2023-09-12 09:00",
        "cat": "tin-tuc--su-kien",
        "title": "Tập huấn nghiệp vụ thông tin cơ sở năm 2023",
        "lead": "Ngày 12/9/2023, Sở Thông tin và Truyền thông tổ chức lớp tập huấn nghiệp vụ thông tin cơ sở cho cán bộ cấp xã.",
        "paras": [
            "Học viên được bồi dưỡng kỹ năng viết tin, bài cho đài truyền thanh cơ sở và trang thông tin điện tử.",
            "Lớp học còn giới thiệu hệ thống đài truyền thanh ứng dụng công nghệ thông tin - viễn thông.",
            "Hơn 120 cán bộ văn hóa - xã hội các xã đã tham gia.",
        ],
        "caption": "Các học viên tham gia lớp tập huấn.", "author": "Phòng TTCS",
    },
    {
        "id": 583401, "slug": "ra-soat-cac-trang-thong-tin-dien-tu-tong-hop", "at": "2023-09-07 14:20",
        "cat": "tin-tuc--su-kien",
        "title": "Rà soát các trang thông tin điện tử tổng hợp trên địa bàn",
        "lead": "Sở Thông tin và Truyền thông đang rà soát hoạt động của các trang thông tin điện tử tổng hợp được cấp phép.",
        "paras": [
            "Qua rà soát, một số trang có dấu hiệu hoạt động như báo điện tử, trích dẫn thông tin không đúng quy định.",
            "Sở đã nhắc nhở, yêu cầu chấn chỉnh và sẽ xử lý nghiêm các trường hợp tái phạm.",
            "Kết quả rà soát sẽ được báo cáo UBND tỉnh trong tháng 10.",
        ],
        "caption": "Cán bộ thanh tra kiểm tra nội dung trang thông tin.", "author": "Thanh tra Sở",
    },
    {
        "id": 583299, "slug": "trien-khai-nen-tang-so-khuyen-nong", "at": "2023-09-01 10:10",
        "cat": "tin-tuc--su-kien",
        "title": "Triển khai nền tảng số khuyến nông cho nông dân",
        "lead": "Nền tảng số khuyến nông được đưa vào sử dụng thí điểm tại 3 huyện Yên Thành, Diễn Châu và Nghi Lộc.",
        "paras": [
            "Nông dân có thể hỏi đáp kỹ thuật canh tác, tra cứu giá nông sản và lịch thời vụ trên điện thoại.",
            "Sau giai đoạn thí điểm, nền tảng sẽ được mở rộng ra toàn tỉnh.",
            "Các tổ công nghệ số cộng đồng hỗ trợ nông dân cài đặt và sử dụng.",
        ],
        "caption": "Nông dân Yên Thành sử dụng nền tảng số khuyến nông.", "author": "Phòng CĐS",
    },
    {
        "id": 583188, "slug": "ket-qua-chi-so-chuyen-doi-so-nam-2022", "at": "2023-08-28 16:40",
        "cat": "tin-tuc--su-kien",
        "title": "Công bố kết quả chỉ số chuyển đổi số năm 2022 của các sở, ngành, địa phương",
        "lead": "UBND tỉnh vừa công bố kết quả đánh giá chỉ số chuyển đổi số năm 2022 của các sở, ban, ngành và "
        "UBND cấp huyện.",
        "paras": [
            "Khối sở, ngành, Sở Tư pháp dẫn đầu; khối huyện, thành phố Vinh đứng đầu bảng xếp hạng.",
            "Bộ chỉ số gồm các nhóm nhận thức số, thể chế số, hạ tầng số, nhân lực số và an toàn thông tin.",
            "Kết quả là căn cứ để các đơn vị xác định nhiệm vụ trọng tâm năm 2023.",
        ],
        "caption": "Bảng xếp hạng chỉ số chuyển đổi số năm 2022.", "author": "Phòng CĐS",
    },
]

<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" />
<title>Trung tâm Công nghệ thông tin và Truyền thông triển khai nền tảng họp trực tuyến</title>
<link rel="stylesheet" type="text/css" href="/_layouts/1066/styles/Themable/corev4.css?rev=demo" />
<script type="text/javascript">var _spPageContextInfo = {webServerRelativeUrl: "\u002f", webLanguage: 1066};</script>
</head>
<body scroll="no" onload="javascript:_spBodyOnLoadWrapper();">
<form method="post" action="./x.aspx" id="aspnetForm">
<div class="s4-notdlg s4-skipribbonshortcut noindex"><a href="javascript:;" class="ms-SkiptoNavigation">Skip Ribbon Commands</a></div>
<div id="s4-ribbonrow" class="s4-pr s4-ribbonrowhidetitle"><div id="s4-ribboncont">Trang</div></div>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div class="s4-notdlg"><a name="mainContent" class="ms-SkiptoMainContent" href="javascript:;">Skip to main content</a></div>
<div class="header"><div class="banner"><a href="/"><img src="/PublishingImages/banner.jpg" alt="Sở Thông tin và Truyền thông tỉnh Bắc Kạn" /></a></div>
<ul class="topmenu"><li><a href="/">Trang chủ</a></li><li><a href="/Pages/tin-tuc-su-kien-541.aspx">Tin tức - Sự kiện</a></li><li><a href="/Pages/cong-nghe-thong-tin-542.aspx">Công nghệ thông tin</a></li><li><a href="/Pages/hoat-dong-dang-doan-the-546.aspx">Hoạt động Đảng, đoàn thể</a></li><li><a href="/_layouts/viewlsts.aspx">Nội dung</a></li>
<li><a href="https://backan.gov.vn/">Cổng thông tin điện tử tỉnh</a></li></ul></div>
<div class="content">
<div class="news-detail">
<h1 class="title">Trung tâm Công nghệ thông tin và Truyền thông triển khai nền tảng họp trực tuyến</h1>
<div class="date-news">( Cập nhật lúc: 03/10/2023  )</div>
<div class="ms-rtestate-field"><p>Trung tâm Công nghệ thông tin và Truyền thông tỉnh vừa hoàn thành triển khai nền tảng họp trực tuyến đến 108 xã, phường, thị trấn.</p><p>Hệ thống bảo đảm kết nối thông suốt từ tỉnh đến cấp xã, tiết kiệm thời gian và chi phí đi lại.</p><p style="text-align:center"><img src="/PublishingImages/aa40fbd140aae02f.jpg" alt="" /></p><p>Cán bộ kỹ thuật kiểm tra điểm cầu trực tuyến.</p><p>Trung tâm đã tập huấn cho hơn 200 cán bộ kỹ thuật tại các điểm cầu.</p><p>Trong quý IV, hệ thống sẽ được nâng cấp để phục vụ các hội nghị có số lượng điểm cầu lớn.</p><p style="text-align:right"><strong>Bế Thị Thanh Hoài</strong></p></div>
<div class="other-news"><h3>Các tin khác</h3><ul><li><a href="/Pages/cong-nghe-thong-tin-542/bac-kan-phat-dong-ngay-chuyen--26f64f88ccb412cc.aspx">Bắc Kạn phát động Ngày Chuyển đổi số tỉnh năm 2023</a> (10/10/2023)</li><li><a href="/Pages/hoat-dong-dang-doan-the-546/so-thong-tin-va-truyen-thong-to-chuc--3c2369fe78807317.aspx">Sở Thông tin và Truyền thông tổ chức hội nghị học tập chuyên đề năm 2023</a> (06/10/2023)</li><li><a href="/Pages/cong-nghe-thong-tin-542/huong-dan-cai-dat-ung-dung-vne-7b4d2b9f4fd0638d.aspx">Hướng dẫn cài đặt ứng dụng VNeID và kích hoạt tài khoản định danh điện tử</a> (26/09/2023)</li><li><a href="/Pages/cong-nghe-thong-tin-542/tap-huan-ky-nang-so-cho-to-cong-5e1a9c0d3b7f2468.aspx">Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng</a> (20/09/2023)</li><li><a href="/Pages/cong-nghe-thong-tin-542/bao-dam-an-toan-thong-tin-mang-9d8c7b6a5f4e3d2c.aspx">Bảo đảm an toàn thông tin mạng trong cơ quan nhà nước</a> (12/09/2023)</li></ul></div>
</div>
</div>
<div class="footer">Sở Thông tin và Truyền thông tỉnh Bắc Kạn - Tổ 1a, phường Đức Xuân, thành phố Bắc Kạn</div>
</div></div>
</form></body></html>

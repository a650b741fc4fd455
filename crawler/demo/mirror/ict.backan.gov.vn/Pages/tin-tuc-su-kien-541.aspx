<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" />
<title>Tin tức - Sự kiện</title>
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
<h2 class="category-title">Tin tức - Sự kiện</h2>
<div class="news-list">
<div class="item"><a class="title" href="/Pages/cong-nghe-thong-tin-542/bac-kan-phat-dong-ngay-chuyen--26f64f88ccb412cc.aspx">Bắc Kạn phát động Ngày Chuyển đổi số tỉnh năm 2023</a>
<span class="date">(10/10/2023)</span><p class="summary">Sáng 10/10, Sở Thông tin và Truyền thông tỉnh Bắc Kạn tổ chức lễ phát động Ngày Chuyển đổi số tỉnh năm 2023 với chủ đề “Khai thác dữ liệu số để tạo ra giá trị”.</p></div>
<div class="item"><a class="title" href="/Pages/hoat-dong-dang-doan-the-546/so-thong-tin-va-truyen-thong-to-chuc--3c2369fe78807317.aspx">Sở Thông tin và Truyền thông tổ chức hội nghị học tập chuyên đề năm 2023</a>
<span class="date">(06/10/2023)</span><p class="summary">Ngày 06/10/2023, Đảng bộ Sở Thông tin và Truyền thông tổ chức hội nghị học tập chuyên đề năm 2023 cho toàn thể đảng viên.</p></div>
<div class="paging"> <span>Trang 1/3</span> <a class="next" href="/Pages/tin-tuc-su-kien-541.aspx?Page=2">Trang sau</a></div>
</div>
</div>
<div class="footer">Sở Thông tin và Truyền thông tỉnh Bắc Kạn - Tổ 1a, phường Đức Xuân, thành phố Bắc Kạn</div>
</div></div>
</form></body></html>

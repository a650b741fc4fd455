"""Every date format of SITES.md §1.1 to ISO 8601 at +07:00, or a bare date when no time is shown."""

from __future__ import annotations

import pytest

from crawler.extract.page_dates import (
    date_from_url,
    is_date_line,
    parse_iso,
    parse_labelled_date,
    parse_vn_datetime,
    resolve_yearless,
    split_name_date,
    yearless_date,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("13/01/2023 - 17:18", "2023-01-13T17:18:00+07:00"),  # BDK span.pubdate
    ("17/06/2025 13:43", "2025-06-17T13:43:00+07:00"),  # ePi visible time
    ("(\xa0Cập nhật lúc: 12/07/2022 \xa0)", "2022-07-12"),  # ict.backan.gov.vn, NBSP, date only
    ("(Cập nhật lúc: 27/02/2019 10:47:08 )", "2019-02-27T10:47:08+07:00"),  # backan.gov.vn portal
    ("Thứ Sáu, 13/01/2023 17:18 (GMT+7)", "2023-01-13T17:18:00+07:00"),
    ("Thành Cường 29/10/2025 09:51", "2025-10-29T09:51:00+07:00"),
    ("ngày 5 tháng 6 năm 2023", "2023-06-05"),
    ("31/02/2023", None),  # no such day
    ("không có ngày", None),
])
def test_parse_vn_datetime(text, expected):
    assert parse_vn_datetime(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-12-26T17:30:00+0700", "2023-12-26T17:30:00+07:00"),  # ePi article:published_time
    ("2023-12-26T10:30:00Z", "2023-12-26T17:30:00+07:00"),  # UTC moved to Vietnam time
    ("2023-12-26T17:30:00", "2023-12-26T17:30:00+07:00"),  # naive = Vietnamese local time
    ("2026-01-08", "2026-01-08"),  # BDK JSON-LD: date only stays a date
    ("garbage", None),
])
def test_parse_iso(text, expected):
    assert parse_iso(text) == expected


def test_labelled_date_inside_a_text():
    assert parse_labelled_date("Trang chủ Sở TT&TT (Cập nhật lúc: 27/02/2019 10:47:08 ) Ngày 26/2") == \
        "2019-02-27T10:47:08+07:00"
    assert parse_labelled_date("Ngày 07/7/2022 Sở Thông tin") is None


@pytest.mark.parametrize(("line", "expected"), [
    ("13/01/2023 - 17:18", True),
    ("( Cập nhật lúc: 12/07/2022 )", True),
    ("Thứ Sáu, 13/01/2023 17:18 (GMT+7)", True),
    ("Ngày 07/7/2022 Sở Thông tin và Truyền thông đã tổ chức Hội nghị", False),
    ("108/108 xã và 1.197/1.292 thôn", False),
    ("0:00", True),  # a bare time is no article text either
])
def test_is_date_line(line, expected):
    assert is_date_line(line) is expected


def test_name_and_date_line():
    assert split_name_date("Thành Cường 29/10/2025 09:51") == ("Thành Cường", "2025-10-29T09:51:00+07:00")
    assert split_name_date("Ngày 29/10/2025") is None
    assert split_name_date("Cập nhật 29/10/2025 09:51") is None
    assert split_name_date("Năm 2022, Sở đã triển khai 29/10/2025 09:51 nhiều việc") is None


def test_date_from_bdk_url():
    assert date_from_url("https://baodongkhoi.vn/tong-ket-nam-2022-13012023-a110139.html") == "2023-01-13"
    assert date_from_url("https://baodongkhoi.vn/chuyen-doi-so-thay-doi-dien-mao-xa-hoi-a109716.html") is None
    assert date_from_url("https://baodongkhoi.vn/x-32132023-a1.html") is None  # no 32nd day


@pytest.mark.parametrize(("lead", "expected"), [
    ("BBK -\xa0Chiều 26/12, Sở Thông tin và Truyền thông (TT&TT) tổ chức", (26, 12)),
    ("(Baonghean.vn) - Chiều 29/12, Sở Thông tin và truyền thông", (29, 12)),
    ("Sáng 5/6, tại Hà Nội", (5, 6)),
    ("BDK.VN - Ngày 13-1-2023, Sở Thông tin", None),  # has a year: not year-less
    ("Năm 2022, Sở TT&TT đã cung cấp 26/12", None),
])
def test_yearless_sapo_date(lead, expected):
    assert yearless_date(lead) == expected


def test_yearless_date_takes_the_year_that_is_not_after_the_metadata():
    assert resolve_yearless((26, 12), "2022-12-26T17:30:00+07:00") == "2022-12-26"
    assert resolve_yearless((26, 12), "2023-01-05T08:00:00+07:00") == "2022-12-26"  # modified in January
    assert resolve_yearless((29, 12), "2020-12-30") == "2020-12-29"
    assert resolve_yearless((29, 2), "2023-03-01") is None  # no 29 February in 2023 or 2022
    assert resolve_yearless((26, 12), None) is None

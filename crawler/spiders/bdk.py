"""Báo Đồng Khởi (baodongkhoi.vn, dongkhoi.baovinhlong.vn): all knowledge is in ``crawler.profiles.bdk``."""

from crawler.profiles import BDK
from crawler.spiders.base import ArchiveSpider


class BdkSpider(ArchiveSpider):
    name = "bdk"
    profile = BDK

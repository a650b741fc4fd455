"""Sở TT&TT Nghệ An (tttt.nghean.gov.vn): all knowledge is in ``crawler.profiles.so_nghean``."""

from crawler.profiles import SO_NGHEAN
from crawler.spiders.base import ArchiveSpider


class SoNgheanSpider(ArchiveSpider):
    name = "so_nghean"
    profile = SO_NGHEAN

"""Sở TT&TT Bắc Kạn (ict.backan.gov.vn), SharePoint: all knowledge is in ``crawler.profiles.so_backan``."""

from crawler.profiles import SO_BACKAN
from crawler.spiders.base import ArchiveSpider


class SoBackanSpider(ArchiveSpider):
    name = "so_backan"
    profile = SO_BACKAN

"""Báo Bắc Kạn (baobackan.vn), ePi CMS: all knowledge is in ``crawler.profiles.bbk``."""

from crawler.profiles import BBK
from crawler.spiders.base import ArchiveSpider


class BbkSpider(ArchiveSpider):
    name = "bbk"
    profile = BBK

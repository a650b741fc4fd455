"""Báo Nghệ An (baonghean.vn), all three eras: all knowledge is in ``crawler.profiles.baonghean``."""

from crawler.profiles import BAONGHEAN
from crawler.spiders.base import ArchiveSpider


class BaongheanSpider(ArchiveSpider):
    name = "baonghean"
    profile = BAONGHEAN

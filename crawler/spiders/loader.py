"""The spider loader: one spider per site of the registry, plus the argument-made spiders.

``SPIDER_LOADER_CLASS`` points here.  Site spiders are not modules: each is an
:class:`~crawler.spiders.base.ArchiveSpider` subclass made from its profile (built-in or from the
sites file, see ``crawler/profiles/registry.py``).  Modules under ``SPIDER_MODULES`` still load
(``sharepoint`` and ``generic``, made from ``-a start_url=…``); a module spider wins over a made one
of the same name.
"""

from __future__ import annotations

from typing import Any

from scrapy.spiderloader import SpiderLoader

from crawler.profiles.base import Profile
from crawler.profiles.registry import is_site, registry_for
from crawler.spiders.base import ArchiveSpider


def spider_class(profile: Profile) -> type[ArchiveSpider]:
    """The spider of one site: ``name`` = the profile's key, everything else from the profile."""
    class_name = "".join(part.title() for part in profile.key.split("_")) + "Spider"
    return type(class_name, (ArchiveSpider,), {
        "name": profile.key, "profile": profile, "__module__": __name__,
        "__doc__": f"{profile.name}: every rule is in its profile ({profile.key}).",
    })


class ProfileSpiderLoader(SpiderLoader):
    """Scrapy's loader, plus a spider for every site of the registry (built-in profiles + sites file)."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        for key, profile in registry_for(settings).items():
            if is_site(profile) and key not in self._spiders:
                self._spiders[key] = spider_class(profile)
        self.frontier = bool(settings.get("FRONTIER_URL"))

    def load(self, spider_name: str) -> type:
        """The spider; with ``FRONTIER_URL`` set (a Scrapyd job of a scale-out crawl), as a frontier worker's
        (``crawler/cluster/spider.py``)."""
        if not self.frontier:
            return super().load(spider_name)
        # only with a frontier: needs the cluster extra
        from crawler.cluster.backfill import SPIDER, FrontierBackfillSpider
        from crawler.cluster.spider import frontier_spider

        if spider_name == SPIDER and spider_name not in self._spiders:  # a web-archive backfill's workers
            return FrontierBackfillSpider
        return frontier_spider(super().load(spider_name))

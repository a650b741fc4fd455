"""The project's settings as a plain dict, for components built outside a real crawl."""

from __future__ import annotations

from typing import Any

# Component lists: a test builds the one component it tests, not the project's every extension
# (``NetworkErrorsInOneLine`` would add its log filter for the rest of the session).
COMPONENT_LISTS = ("DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES", "EXTENSIONS", "ADDONS")


def project_settings_dict(**overrides: Any) -> dict[str, Any]:
    """Every value of ``crawler/settings.py`` (its component lists left out), then ``overrides``: what a
    component built with ``get_crawler(settings_dict=…)`` or a plain mapping reads, as in a real crawl."""
    from crawler import settings

    values = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    return {name: value for name, value in values.items() if name not in COMPONENT_LISTS} | overrides

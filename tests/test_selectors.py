"""The selector pre-check (``crawler.extract.selectors``): what a selector needs, and that skipping a tree walk
never changes what a selector finds."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import lxml.html
from lxml.cssselect import CSSSelector

from crawler.extract.selectors import Needs, select_all, selector_needs
from crawler.extract.site import SHARED_DROP
from crawler.profiles.base import SiteRules
from crawler.profiles.families import BAONGHEAN_RULES, GENERIC_RULES, SO_NGHEAN_RULES

PAGES = Path(__file__).resolve().parent / "pages"


def test_what_a_selector_needs():
    assert selector_needs("#newscontents div.content-fck") == Needs(classes=frozenset({"content-fck"}),
                                                                    ids=frozenset({"newscontents"}))
    assert selector_needs("[class*='author']") == Needs(class_parts=frozenset({"author"}))
    assert selector_needs("[id^='ads-']") == Needs(id_parts=frozenset({"ads-"}))
    assert selector_needs("div.a:not(.b)") == Needs(classes=frozenset({"a"}))  # .b is what it must not have
    assert not selector_needs("h1")
    assert not selector_needs("a, .b")  # a group: either may match
    assert not selector_needs("meta[name='GENERATOR'][content*='SharePoint']")


def test_a_page_without_the_class_gets_nothing_and_one_with_it_gets_the_same_elements():
    doc = lxml.html.document_fromstring("<html><body><div class='x content-fck'><p>a</p></div></body></html>")
    assert select_all(doc, "div.article__body") == []
    assert select_all(doc, "div.content-fck") == CSSSelector("div.content-fck")(doc)
    other = lxml.html.document_fromstring("<html><body><div class='article__body'><p>b</p></div></body></html>")
    assert len(select_all(other, "div.article__body")) == 1  # a new tree: its own tokens
    assert select_all(doc, "div.article__body") == []


def _every_selector() -> set[str]:
    found: set[str] = set(SHARED_DROP)
    stack: list[SiteRules] = [GENERIC_RULES, BAONGHEAN_RULES, SO_NGHEAN_RULES]
    while stack:
        rules = stack.pop()
        stack.extend(rules.variants)
        for f in fields(SiteRules):
            value = getattr(rules, f.name)
            # not CSS: template lines, family detection's regexes (generator meta, URL shapes)
            if f.name not in ("variants", "drop_lines", "generator", "url_shapes") and isinstance(value, tuple):
                found.update(value)
    return found


def test_the_pre_check_finds_what_the_bare_selector_finds_on_saved_pages_of_every_site():
    selectors = sorted(_every_selector())
    assert len(selectors) > 100
    pages = [page for site in sorted(PAGES.iterdir()) if site.is_dir() for page in sorted(site.glob("*.html"))[:3]]
    assert len(pages) >= 20
    for page in pages:
        doc = lxml.html.document_fromstring(page.read_bytes())
        for selector in selectors:
            css = selector.partition("@")[0]
            assert select_all(doc, selector) == CSSSelector(css)(doc), (page.name, selector)

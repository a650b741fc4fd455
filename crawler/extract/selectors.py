"""The site rules' CSS selectors: compiled once, and not run on a page that lacks what they name.

A selector such as ``div.article__body`` or ``#newscontents div.content-fck`` can only match on a page
that has the class ``article__body`` (the id ``newscontents`` and the class ``content-fck``); one such as
``[class*='author']`` only on a page with "author" somewhere in a class.  The page's classes and ids are
read once per tree (two XPath queries, in C); a selector naming one the page lacks returns no elements
without walking the tree.  Issue 18: a page ran 22 full-tree selector evaluations, two thirds of them
misses (the rules list a family's alternatives, and the generic profile tries every known family).

The check is only ever a necessary condition: when it passes, the selector runs as before, so results are
the same.  The page's tokens are read on the first query of a tree and kept for that tree (the last one
queried); removing elements afterwards (``drop_elements``) keeps them a superset, which is all the check
needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cssselect import SelectorError, parse
from lxml import etree
from lxml.cssselect import CSSSelector

_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
_ID_VALUES = etree.XPath("//@id", smart_strings=False)


@dataclass(frozen=True)
class Needs:
    """What a page must have for a selector to match: class tokens, ids, substrings of a class or an id."""

    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    class_parts: frozenset[str] = frozenset()
    id_parts: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.classes or self.ids or self.class_parts or self.id_parts)


@dataclass(frozen=True)
class Compiled:
    """A ``"css@attr"`` selector: its XPath, the attribute it reads (or ``None`` for text), its needs."""

    xpath: CSSSelector
    attr: str | None
    needs: Needs


@lru_cache(maxsize=1024)
def compile_selector(selector: str) -> Compiled:
    """``"css@attr"`` → :class:`Compiled`; memoised, deterministic."""
    css, _, attr = selector.partition("@")
    return Compiled(CSSSelector(css), attr or None, selector_needs(css))


def selector_needs(css: str) -> Needs:
    """The classes and ids every element matching ``css`` (one selector, no group) carries or has above it."""
    try:
        parsed = parse(css)
    except SelectorError:
        return Needs()
    if len(parsed) != 1:  # "a, b": either may match
        return Needs()
    found: dict[str, set[str]] = {"classes": set(), "ids": set(), "class_parts": set(), "id_parts": set()}
    _collect_needs(parsed[0].parsed_tree, found)
    return Needs(**{kind: frozenset(values) for kind, values in found.items()})


def _collect_needs(node: object, found: dict[str, set[str]]) -> None:
    """Walk cssselect's tree: ``.x`` and ``#x`` are needed; ``[class*=x]`` needs the text x in a class; a
    combinator needs both sides; ``:not(…)``, ``:has(…)`` and pseudo-classes need only what they qualify."""
    kind = type(node).__name__
    if kind == "Class":
        found["classes"].add(node.class_name)
    elif kind == "Hash":
        found["ids"].add(node.id)
    elif kind == "Attrib" and node.attrib in ("class", "id") and node.operator != "exists":
        value = getattr(node.value, "value", node.value)
        if isinstance(value, str) and value:
            found["class_parts" if node.attrib == "class" else "id_parts"].add(value)
    if kind == "CombinedSelector":
        _collect_needs(node.subselector, found)
    inner = getattr(node, "selector", None)
    if inner is not None:
        _collect_needs(inner, found)


@dataclass(frozen=True)
class PageTokens:
    """Every class token and id of one tree, and their texts joined (for substring needs)."""

    classes: frozenset[str]
    ids: frozenset[str]
    class_text: str
    id_text: str

    def may_match(self, needs: Needs) -> bool:
        return (needs.classes <= self.classes and needs.ids <= self.ids
                and all(part in self.class_text for part in needs.class_parts)
                and all(part in self.id_text for part in needs.id_parts))


_last: tuple[etree._Element, PageTokens] | None = None  # the tree queried last and its tokens


def page_tokens(root: etree._Element) -> PageTokens:
    """The tokens of ``root``'s tree (read once per tree: kept for the tree queried last)."""
    global _last
    top = root.getroottree().getroot()
    last = _last
    if last is not None and last[0] is top:
        return last[1]
    class_values = _CLASS_VALUES(top)
    class_text = " ".join(class_values)
    ids = _ID_VALUES(top)
    tokens = PageTokens(frozenset(class_text.split()), frozenset(ids), class_text, " ".join(ids))
    _last = (top, tokens)
    return tokens


def select_all(root: etree._Element, selector: str) -> list[etree._Element]:
    """The elements under ``root`` matching ``selector`` (the ``@attr`` part ignored), in document order."""
    compiled = compile_selector(selector)
    if compiled.needs and not page_tokens(root).may_match(compiled.needs):
        return []
    return compiled.xpath(root)


@lru_cache(maxsize=256)
def _group(selectors: tuple[str, ...]) -> CSSSelector:
    return CSSSelector(", ".join(selectors))


def select_any(root: etree._Element, selectors: tuple[str, ...]) -> list[etree._Element]:
    """The elements under ``root`` matching any of ``selectors``, in document order, in one pass over the tree
    (the selectors the page can match, as one group)."""
    tokens = page_tokens(root)
    possible = tuple(s for s in selectors if tokens.may_match(compile_selector(s).needs))
    return _group(possible)(root) if possible else []

"""Which CMS family a page is of, from the families' own signatures (data in ``families.py``).

Each family's :class:`~crawler.profiles.base.SiteRules` carries its signatures: ``generator``
(regexes on ``<meta name=generator>``), ``markers`` and ``signatures`` (CSS of its article, listing
and home markup) and ``url_shapes`` (its article URLs).  A family scores
``GENERATOR_POINTS`` for its generator, a point per signature present, and ``URL_POINTS`` when at
least ``MIN_SHAPED_LINKS`` of the page's links (or the page itself) have its article URL shape.
URL shapes alone never decide (many CMSs end URLs in ``-post123.html``): a family needs its
generator or some of its markup, and at least ``MIN_SCORE`` points (one stray class name is not a
CMS).  Nothing found: ``generic``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.profiles.base import SiteRules
from crawler.profiles.families import FAMILIES

GENERIC = "generic"
GENERATOR_POINTS = 3
URL_POINTS = 1
MIN_SHAPED_LINKS = 2
MIN_SCORE = 2
MAX_LINKS = 2000  # links looked at on one page


@dataclass(frozen=True)
class Detection:
    family: str  # a key of FAMILIES; "generic" when no family's signatures are there
    score: int
    evidence: tuple[str, ...]  # what was seen: "generator …", "markup …", "N links like …"


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector:
    return CSSSelector(selector)


def page_generator(doc: etree._Element) -> str:
    """The ``<meta name=generator>`` content ("" if none), whatever the case of ``name``."""
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "generator":
            return (meta.get("content") or "").strip()
    return ""


def page_links(doc: etree._Element, url: str = "") -> list[str]:
    """The absolute URLs of the page's links (at most ``MAX_LINKS``), the page's own URL first."""
    links = [url] if url else []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
            links.append(urljoin(url, href) if url else href)
            if len(links) >= MAX_LINKS:
                break
    return links


def score_family(rules: SiteRules, doc: etree._Element, generator: str, links: list[str]) -> tuple[int, list[str]]:
    """(score, evidence) of one family on a page; 0 when neither its generator nor its markup is there."""
    evidence: list[str] = []
    score = 0
    if generator and any(re.search(p, generator, re.IGNORECASE) for p in rules.generator):
        score += GENERATOR_POINTS
        evidence.append(f"generator {generator!r}")
    for selector in dict.fromkeys((*rules.markers, *rules.signatures)):
        if _css(selector)(doc):
            score += 1
            evidence.append(f"markup {selector}")
    if score == 0:
        return 0, []
    shaped = sum(1 for link in links if any(re.search(shape, link) for shape in rules.url_shapes))
    if shaped >= MIN_SHAPED_LINKS or (shaped and links and links[0] and any(
            re.search(shape, links[0]) for shape in rules.url_shapes)):
        score += URL_POINTS
        evidence.append(f"{shaped} links like {rules.url_shapes[0]}")
    return score, evidence


def detect_family(doc: etree._Element, url: str = "") -> Detection:
    """The family whose signatures this page shows most; ties go to the family listed first."""
    generator = page_generator(doc)
    links = page_links(doc, url)
    best = Detection(GENERIC, MIN_SCORE - 1, (f"generator {generator!r}",) if generator else ())
    for family, rules in FAMILIES.items():
        if family == GENERIC:
            continue
        score, evidence = score_family(rules, doc, generator, links)
        if score > best.score:
            best = Detection(family, score, tuple(evidence))
    return best if best.family != GENERIC else Detection(GENERIC, 0, best.evidence)

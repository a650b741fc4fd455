"""Family detection (crawler/profiles/detect.py): every saved page of a family is recognised as it.

The expected family of a page is the one the extractor itself chooses for it from its site's
profile (``choose_rules``), so the two can never disagree silently.  Pages of other CMSs
(tests/other_cms: WordPress, Joomla) and of the generic fixtures are "generic".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.extract.page import decode_html, parse_html
from crawler.extract.site import choose_rules
from crawler.profiles import PROFILES
from crawler.profiles.detect import GENERIC, detect_family
from crawler.profiles.families import FAMILIES

TESTS = Path(__file__).resolve().parent
PAGES = sorted((TESTS / "pages").glob("*/*.html"))
OTHER_CMS = sorted((TESTS / "other_cms").glob("*.html"))
URL_IN_PAGE = (re.compile(r'rel="canonical" href="([^"]+)"'), re.compile(r'og:url" content="([^"]+)"'))


def page_url(text: str) -> str:
    for pattern in URL_IN_PAGE:
        found = pattern.search(text)
        if found:
            return found.group(1)
    return ""


def expected_and_detected(path: Path, site: str) -> tuple[str, str]:
    text = decode_html(path.read_bytes())
    url = page_url(text)
    doc = parse_html(text)
    return choose_rules(PROFILES[site].rules, doc, url).family, detect_family(doc, url).family


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.parent.name}/{p.name}" for p in PAGES])
def test_every_fixture_page_is_detected_as_its_family(page: Path) -> None:
    expected, detected = expected_and_detected(page, page.parent.name)
    assert detected == expected


def test_the_fixtures_cover_every_family() -> None:
    seen = {expected_and_detected(p, p.parent.name)[0] for p in PAGES}
    assert seen == set(FAMILIES)


def test_every_shared_sample_is_detected_as_its_sites_family(shared_dir: Path) -> None:
    """Third-party samples (``<site>_proxy_…html``: another paper on the same CMS as ``<site>``)."""
    samples = sorted((shared_dir / "html_samples").glob("*.html"))
    assert samples, "no samples in ../shared/html_samples"
    wrong = {}
    for sample in samples:
        site = sample.name.split("_", 1)[0]
        expected, detected = expected_and_detected(sample, site)
        if detected != expected or detected == GENERIC:
            wrong[sample.name] = (expected, detected)
    assert wrong == {}


@pytest.mark.parametrize("page", OTHER_CMS, ids=[p.name for p in OTHER_CMS])
def test_other_cms_pages_are_generic(page: Path) -> None:
    """WordPress and Joomla pages, one with ePi-like ``-post123.html`` links: no family claims them."""
    detection = detect_family(parse_html(page.read_text(encoding="utf-8")), "https://tinlap.example.vn/")
    assert detection.family == GENERIC, detection
    assert any("generator" in e for e in detection.evidence)


def test_generator_meta_alone_names_sharepoint() -> None:
    doc = parse_html('<html><head><meta name="GENERATOR" content="Microsoft SharePoint"></head>'
                     '<body><p>x</p><a href="/Pages/tin-1/a-0123456789abcdef.aspx">a</a></body></html>')
    assert detect_family(doc, "https://so.example.gov.vn/").family == "sharepoint"

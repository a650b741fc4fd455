"""The real third-party article samples (../shared/html_samples, read in place, never copied).

``load_samples()`` gives the two article pages (a BDK-family page, an ePi page) with their unmutated
extraction; a test that needs them is skipped, with the reason, when ../shared is absent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from crawler.extract import extract_article
from crawler.extract.article import Article
from tests.conftest import SHARED

SAMPLES = SHARED / "html_samples"

CANTHO = "bdk_proxy_baocantho_article_a196670.html"
CANTHO_PATH = ("/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-nhat-la-cac-linh-vuc-co-ng-"
               "a196670.html")
CANTHO_URL = "https://baocantho.com.vn" + CANTHO_PATH
LAOCAI = "bbk_proxy_baolaocai_epi_article_post404649.html"
LAOCAI_PATH = "/song-dep-tu-nhung-dieu-gian-di-post404649.html"
LAOCAI_URL = "https://baolaocai.vn" + LAOCAI_PATH
LISTING = "bdk_proxy_baocantho_category_thoi-su.html"
LISTING_URL = "https://baocantho.com.vn/thoi-su/"

# Where each sample's article body starts and ends in the raw HTML (mutations of "the body" stay inside).
BODY_SPAN = {
    "bdk": ('<div class="content-fck', '<div id="linkshare"'),
    "epi": ('itemprop="articleBody">', '<div class="article__tags"'),
}


def read_sample(name: str) -> str:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is absent (samples are read from ../shared, never copied)")
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Sample:
    html: str
    url: str
    site: str
    family: str  # key of BODY_SPAN
    article: Article  # the original page's extraction


def load_samples() -> dict[str, Sample]:
    """The two real article samples with their unmutated extraction (skips the test when ../shared is absent)."""
    if not SAMPLES.is_dir():
        pytest.skip(f"{SAMPLES} is absent (samples are read from ../shared, never copied)")
    found = {}
    for key, name, url, site, family in (("bdk", CANTHO, CANTHO_URL, "bdk", "bdk"),
                                         ("epi", LAOCAI, LAOCAI_URL, "bbk", "epi")):
        html = read_sample(name)
        found[key] = Sample(html, url, site, family, extract_article(html, url, site=site))
    return found

"""Extraction against pages: every fixture page vs its golden file, the seeds vs gold.json, the real
third-party samples in ../shared/html_samples (skipped when absent), and the generic fallback.

The samples' expected paragraphs are read here with plain lxml from each sample's body container,
independently of the extractor's code path, so a paragraph the extractor loses fails the test.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import lxml.html
import pytest

from crawler.extract import NotAnArticle, extract_article
from tests.conftest import REPO, SHARED

if not SHARED.is_dir() and (REPO.parent.parent / "shared").is_dir():  # a git worktree one level deeper
    SHARED = REPO.parent.parent / "shared"

PAGES = REPO / "tests" / "pages"
GOLDEN = REPO / "tests" / "golden"
SAMPLES = SHARED / "html_samples"
SEEDS = SHARED / "seeds"

# Strings no clean text may contain (STYLE.md: one shared list, checked on every page).
BOILERPLATE = (
    "Chia sẻ bài viết", "Chia sẻ Facebook", "BÌNH LUẬN", "Skip Ribbon Commands", "Skip to main content",
    "0:00 / 0:00", "Xem thêm", "Tin mới", "Đọc thêm", "Đọc nhiều", "Từ khóa", "In bài viết", "Chia sẻ qua",
    "Cập nhật lúc", "kính chào quý khách", "Ý kiến của bạn", "Gửi ý kiến", "Bài liên quan", "Tin liên quan",
    "Các tin khác", "Theo dõi Báo", "Skip to", "javascript:", "function(", "{", "}",
)
BOILERPLATE_LINE = re.compile(r"^(?:mask|\d{1,2}:\d{2}(?: / \d{1,2}:\d{2})?|.+ ảnh \d+)$", re.IGNORECASE)
COMPARED = ("title", "published", "author", "text", "lead", "captions", "category", "tags", "extraction", "site")


def _norm(value):
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).replace("\xa0", " ")
        return "\n".join(" ".join(line.split()) for line in value.split("\n") if line.strip())
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def assert_clean(text: str) -> None:
    for needle in BOILERPLATE:
        assert needle not in text, f"boilerplate {needle!r} leaked"
    for line in text.split("\n"):
        assert not BOILERPLATE_LINE.match(line), f"boilerplate line {line!r} leaked"
        assert line == line.strip() and "  " not in line and "\xa0" not in line
    assert text == unicodedata.normalize("NFC", text)


def _fixture_pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for page in sorted(PAGES.rglob("*.html")):
        golden = (GOLDEN / page.relative_to(PAGES)).with_suffix(".json")
        if golden.exists():
            pairs.append((page, golden))
    return pairs


PAIRS = _fixture_pairs()


@pytest.mark.parametrize(("page", "golden"), PAIRS, ids=[f"{p.parent.name}/{p.stem}" for p, _ in PAIRS])
def test_fixture_page_matches_golden(page: Path, golden: Path):
    expected = json.loads(golden.read_text(encoding="utf-8"))
    html = page.read_bytes()
    if expected.get("not_article"):
        with pytest.raises(NotAnArticle) as caught:
            extract_article(html, expected["url"])
        assert caught.value.reason and "\n" not in caught.value.reason
        return
    article = extract_article(html, expected["url"])
    got = {**article.to_dict(), "extraction": article.extraction}
    for key in COMPARED:
        if key in expected:
            assert _norm(got[key]) == _norm(expected[key]), f"{key} differs"
    assert_clean(article.text)


def _seed_pages() -> list[tuple[dict, Path]]:
    """Seed ``NNN_…`` ↔ the fixture page named ``seed_NNN`` (written by the fixtures helper)."""
    if not (SEEDS / "gold.json").exists():
        return []
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    pairs = []
    for entry in gold:
        number = entry["file"][:3]
        pages = sorted(PAGES.rglob(f"seed_{number}.html"))
        pairs.append((entry, pages[0] if pages else None))
    return pairs


SEED_PAIRS = _seed_pages()


@pytest.mark.parametrize(("entry", "page"), SEED_PAIRS, ids=[e["file"][:3] for e, _ in SEED_PAIRS])
def test_seed_page_matches_gold(entry: dict, page: Path | None):
    if page is None:
        pytest.skip(f"no fixture page seed_{entry['file'][:3]}.html yet")
    url = json.loads((GOLDEN / page.relative_to(PAGES)).with_suffix(".json").read_text(encoding="utf-8"))["url"]
    article = extract_article(page.read_bytes(), url)
    for key in ("title", "published", "author", "text"):
        assert _norm(getattr(article, key)) == _norm(entry[key]), f"{key} differs from gold.json"
    assert_clean(article.text)


# --- the real samples (../shared/html_samples), never copied into the repo ---

def _sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is absent (samples are read from ../shared, never copied)")
    return path.read_bytes()


def _paragraphs(html: bytes, xpath: str) -> list[str]:
    """Expected body paragraphs, read with plain lxml (not the extractor)."""
    doc = lxml.html.document_fromstring(html)
    found = []
    for el in doc.xpath(xpath):
        text = " ".join(unicodedata.normalize("NFC", el.text_content()).replace("\xa0", " ").split())
        if text:
            found.append(text)
    return found


CANTHO = "bdk_proxy_baocantho_article_a196670.html"
CANTHO_URL = ("https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-trong-diem-"
              "nhat-la-cac-linh-vuc-co-ng-a196670.html")
LAOCAI = "bbk_proxy_baolaocai_epi_article_post404649.html"
LAOCAI_URL = "https://baolaocai.vn/song-dep-tu-nhung-dieu-gian-di-post404649.html"


@pytest.mark.parametrize("site", ["bdk", None])
def test_sample_bdk_cms_article(site):
    html = _sample(CANTHO)
    article = extract_article(html, CANTHO_URL, site=site)
    assert article.extraction == "site"
    assert article.title == ("Tập trung triển khai các đợt thanh tra, kiểm tra có trọng tâm, trọng điểm nhất là các "
                             "lĩnh vực có nguy cơ")
    assert article.published == "2026-01-08T18:21:00+07:00"
    assert article.author == "P.Y"
    assert article.lead.startswith("(CTO) - Ngày 8-1")
    lines = article.text.split("\n")
    expected = _paragraphs(html, "//div[contains(@class,'content-fck')]/p[not(contains(@style,'right'))]")
    assert len(expected) >= 8
    for paragraph in expected:
        assert paragraph in lines, f"missing paragraph {paragraph[:60]!r}"
    assert lines == expected  # nothing else: no title, date, credit, share or comment line
    assert article.captions == ["Chủ tịch UBND TP Cần Thơ Trương Cảnh Tuyên, cùng lãnh đạo Thanh tra thành phố "
                                "tham dự hội nghị."]
    assert article.images[0]["src"].endswith("/web-8-1-2026-16.webp")
    assert "Phó Thủ tướng Thường trực" in article.tags
    assert_clean(article.text)


@pytest.mark.parametrize("site", ["bbk", None])
def test_sample_epi_article(site):
    html = _sample(LAOCAI)
    article = extract_article(html, LAOCAI_URL, site=site)
    assert article.extraction == "site"
    assert article.title == "Sống đẹp từ những điều giản dị"
    assert article.published == "2025-06-17T13:43:02+07:00"
    assert article.author == "Anh Dũng"
    sapo = _paragraphs(html, "//div[contains(@class,'article__sapo')]")
    body = _paragraphs(html, "//div[contains(@class,'article__body')]/div[not(@class)]")
    assert len(body) >= 10
    assert article.lead == sapo[0]
    assert article.text.split("\n") == sapo + body
    assert article.category == "Review Lào Cai"
    assert_clean(article.text)


def test_sample_listing_is_not_an_article():
    html = _sample("bdk_proxy_baocantho_category_thoi-su.html")
    for site in ("bdk", None):
        with pytest.raises(NotAnArticle, match="listing"):
            extract_article(html, "https://baocantho.com.vn/thoi-su/", site=site)


def test_missing_site_container_falls_back_to_generic():
    """The Cần Thơ article with its containers renamed: site rules find nothing, trafilatura does."""
    html = _sample(CANTHO).decode("utf-8")
    html = html.replace('id="newscontents"', 'id="noidung"').replace("content-fck", "noidung-bai")
    article = extract_article(html, CANTHO_URL, site="bdk")
    assert article.extraction == "generic"
    assert article.title.startswith("Tập trung triển khai các đợt thanh tra")
    assert article.published == "2026-01-08T18:21:00+07:00"
    assert article.author == "P.Y"
    assert "Trong năm, toàn ngành Thanh tra đã triển khai 66.032 cuộc thanh tra" in article.text
    assert_clean(article.text)


def test_learned_boilerplate_lines_are_dropped():
    html = _sample(LAOCAI)
    line = ("Với chị, giữ lửa cho gia đình cũng chính là giữ nền nếp, gìn đạo lý. Hai người con gái chăm ngoan, học "
            "giỏi là kết quả của một sự giáo dục nghiêm khắc, nhưng đầy tình yêu thương.")
    assert line in extract_article(html, LAOCAI_URL).text.split("\n")
    assert line not in extract_article(html, LAOCAI_URL, boilerplate=[line]).text.split("\n")


def test_error_pages_by_title_only_when_short_and_not_declared_articles():
    from crawler.extract.listing import error_reason

    assert error_reason("404 - Không tìm thấy trang", "Trang bạn tìm không tồn tại.", False)
    assert error_reason("Lỗi: trang không tồn tại", "", False)
    assert error_reason("Khắc phục lỗi phần mềm quản lý văn bản", "Ngắn.", False) is None  # "lỗi" mid-title
    assert error_reason("404 - Không tìm thấy trang", "x" * 500, False) is None  # a real text
    assert error_reason("Page not found", "", True) is None  # og:type article / JSON-LD NewsArticle


def test_related_box_inside_the_body_is_dropped():
    """An ePi body with an in-body "Tin liên quan" box and a share bar: their links are no text."""
    html = _sample(LAOCAI).decode("utf-8")
    box = ('<div class="box-related"><h3>Tin liên quan</h3><ul><li><a href="/a-post1.html">Một bài báo khác hoàn '
           'toàn về chuyện khác</a></li></ul></div><div class="social-share"><a href="#">Zalo</a></div>')
    html = html.replace('<div class="sda_middle">', box + '<div class="sda_middle">', 1)
    article = extract_article(html, LAOCAI_URL)
    assert "Một bài báo khác" not in article.text and "Zalo" not in article.text
    assert article.extraction == "site"

"""The fixture pages and their golden files are well-formed and honest.

Every ``tests/pages/<site>/<kind>_<id>.html`` has a ``tests/golden/<site>/<kind>_<id>.json`` and
the other way round; each golden file has the right keys and formats (ISO 8601 at +07:00 or a
bare date, NFC, no no-break space, no boilerplate), and every line it expects is text a reader
can see on its page, so a golden file cannot ask for something the page does not show.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

import pytest

from crawler.profiles import PROFILES, get_profile
from tests.conftest import REPO

PAGES = REPO / "tests" / "pages"
GOLDEN = REPO / "tests" / "golden"
SITES = tuple(PROFILES)  # every profile has its fixture folder (the registry is the list of sites)
ARTICLE_KEYS = {"url", "site", "title", "published", "author", "lead", "text", "captions", "category", "tags",
                "extraction"}
REQUIRED = {"url", "site", "title", "published", "author", "text", "extraction"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?$")
FILE_NAME = re.compile(r"^[a-z0-9]+_[A-Za-z0-9-]+$")

# Strings no clean text may contain (STYLE.md: one shared list, checked on every page).
BOILERPLATE = (
    "Chia sẻ bài viết", "Chia sẻ Facebook", "BÌNH LUẬN", "Skip Ribbon Commands", "Skip to main content",
    "0:00 / 0:00", "Xem thêm", "Tin mới", "Đọc thêm", "Đọc nhiều", "Từ khóa", "In bài viết", "Chia sẻ qua",
    "Cập nhật lúc", "kính chào quý khách", "Ý kiến của bạn", "Bài liên quan", "Tin liên quan", "Các tin khác",
)
BOILERPLATE_LINES = re.compile(r"^(mask|0:00|\d{1,2}:\d{2}( / \d{1,2}:\d{2})?|Thời sự)$")

# Main containers of each family's site rules: a page marked ``"extraction": "generic"`` is a
# template change, so none of them may be left on it.
# Keyed by the family of the folder's profile (``rules.family``).
FAMILY_CONTAINERS = {
    "bdk": ("id:newscontents", "class:content-fck", "class:detail-desc"),
    "epi": ("class:article__body", "class:cms-body"),
    "baonghean": ("class:entry", "class:article__body", "class:cms-body", "id:content"),
    "sharepoint": ("class:ms-rtestate-field",),
    "so_nghean": ("class:news-detail-content",),
}


def _pairs() -> list[tuple[Path, Path]]:
    pages = sorted(PAGES.rglob("*.html"))
    return [(p, GOLDEN / p.relative_to(PAGES).with_suffix(".json")) for p in pages]


def _visible_text(page: Path) -> str:
    """The page's text with tags removed, entities decoded, every run of spaces one space."""
    source = page.read_text(encoding="utf-8")
    source = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", source)
    source = re.sub(r"(?s)<!--.*?-->", " ", source)
    source = re.sub(r"<[^>]+>", "", source)
    text = unicodedata.normalize("NFC", html.unescape(source))
    return re.sub(r"\s+", " ", text)


def _load(golden: Path) -> dict:
    return json.loads(golden.read_text(encoding="utf-8"))


PAIRS = _pairs()
IDS = [str(p.relative_to(PAGES).with_suffix("")) for p, _ in PAIRS]


def test_every_page_has_a_golden_file_and_back():
    pages = {p.relative_to(PAGES).with_suffix("") for p in PAGES.rglob("*.html")}
    goldens = {g.relative_to(GOLDEN).with_suffix("") for g in GOLDEN.rglob("*.json")}
    assert pages, "no fixture pages"
    assert pages == goldens


def test_folders_are_site_keys_and_names_are_kind_id():
    for page, _ in PAIRS:
        assert page.parent.name in SITES, page
        assert FILE_NAME.match(page.stem), page


def test_each_family_has_five_articles_a_listing_and_a_template_change():
    by_site: dict[str, list[dict]] = {}
    for page, golden in PAIRS:
        by_site.setdefault(page.parent.name, []).append(_load(golden))
    for site in SITES:
        goldens = by_site.get(site, [])
        articles = [g for g in goldens if not g.get("not_article")]
        assert len(articles) >= 5 or site == "sharepoint" and len(articles) >= 4, site
        assert any(g.get("not_article") for g in goldens), f"{site}: no listing/error page"
        if site != "generic":
            assert any(g.get("extraction") == "generic" for g in articles), f"{site}: no renamed-container page"


@pytest.mark.parametrize(("page", "golden"), PAIRS, ids=IDS)
def test_golden_is_well_formed(page: Path, golden: Path):
    data = _load(golden)
    assert data["url"].startswith("https://")
    site = page.parent.name
    profile = get_profile(site)
    if data.get("not_article"):
        assert set(data) == {"url", "not_article"} and data["not_article"] is True
        if profile and profile.hosts:  # sharepoint/generic own no hosts (chosen by markup)
            assert profile.owns(data["url"]) and not profile.is_article_url(data["url"])
        return
    assert REQUIRED <= set(data) <= ARTICLE_KEYS, set(data) ^ ARTICLE_KEYS
    assert data["site"] == site
    if profile and profile.hosts:  # the URL is one the site's spider would take for an article
        assert profile.owns(data["url"]) and profile.is_article_url(data["url"]), data["url"]
    assert ISO.match(data["published"]), data["published"]
    assert data["extraction"] in ("site", "generic")
    assert data["author"] is None or (isinstance(data["author"], str) and 0 < len(data["author"]) < 60)
    for key in ("captions", "tags"):
        assert isinstance(data.get(key, []), list)


@pytest.mark.parametrize(("page", "golden"), PAIRS, ids=IDS)
def test_golden_text_is_clean(page: Path, golden: Path):
    data = _load(golden)
    if data.get("not_article"):
        return
    values = [data["title"], data["text"], data.get("lead") or "", data["author"] or "", *data.get("captions", [])]
    for value in values:
        assert value == unicodedata.normalize("NFC", value)
        assert "\xa0" not in value and "  " not in value and "\t" not in value
    lines = data["text"].split("\n")
    assert all(line == line.strip() and line for line in lines)
    assert len(" ".join(lines).split()) >= 80, "an article page carries a real article"
    if data.get("lead"):
        assert lines[0] == data["lead"]
    for caption in data.get("captions", []):
        assert lines.count(caption) == 1, f"caption not exactly once: {caption[:40]}"
    assert data["title"] not in lines
    assert data["author"] not in lines
    for line in lines:
        assert not BOILERPLATE_LINES.match(line), line
        assert not any(b in line for b in BOILERPLATE), line


@pytest.mark.parametrize(("page", "golden"), PAIRS, ids=IDS)
def test_golden_values_are_on_the_page(page: Path, golden: Path):
    data = _load(golden)
    visible = _visible_text(page)
    raw = unicodedata.normalize("NFC", html.unescape(page.read_text(encoding="utf-8")))
    if data.get("not_article"):
        return
    for line in data["text"].split("\n"):
        assert line in visible, f"expected line not shown on the page: {line[:60]}"
    assert data["title"] in raw
    if data["author"]:
        assert data["author"] in visible
    day = data["published"][:10]
    y, m, d = day.split("-")
    shown = (day in raw or f"{d}/{m}/{y}" in raw or f"{y}-{m}-{d}" in raw
             or re.search(rf"\b{int(d)}/{int(m)}\b", data.get("lead") or data["text"][:300]))
    assert shown, f"published date {day} appears nowhere on the page"
    for tag in data.get("tags", []):
        assert tag in raw


@pytest.mark.parametrize(("page", "golden"), [pg for pg in PAIRS if _load(pg[1]).get("extraction") == "generic"
                                              and PROFILES[pg[0].parent.name].rules.family in FAMILY_CONTAINERS],
                         ids=lambda v: v.stem if isinstance(v, Path) else str(v))
def test_template_change_pages_lack_the_family_containers(page: Path, golden: Path):
    source = page.read_text(encoding="utf-8")
    for marker in FAMILY_CONTAINERS[PROFILES[page.parent.name].rules.family]:
        kind, name = marker.split(":")
        found = re.search(rf'\b{kind}="(?:[^"]*\s)?{re.escape(name)}(?:\s[^"]*)?"', source)
        assert not found, f"{page.name} still has {marker}"


def test_seed_pages_carry_the_seed_articles():
    # ../shared beside the repository (a git work tree sits one level deeper: look upwards)
    shared = next((p / "shared" for p in REPO.parents if (p / "shared" / "seeds" / "gold.json").is_file()), None)
    if shared is None:
        pytest.skip("../shared/seeds/gold.json is absent (read from ../shared, never copied)")
    gold = {g["file"][:3]: g for g in json.loads((shared / "seeds" / "gold.json").read_text(encoding="utf-8"))}
    seeds = sorted(GOLDEN.rglob("seed_*.json"))
    assert {s.stem[5:] for s in seeds} == set(gold)
    for path in seeds:
        data, expected = _load(path), gold[path.stem[5:]]
        for key in ("title", "published", "author", "text"):
            assert data[key] == expected[key], (path.name, key)

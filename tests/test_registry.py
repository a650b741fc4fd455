"""One registry of sites (crawler/profiles/registry.py): built-in profiles + the user's sites file.

* no list of site keys is written anywhere else (code, tools, tests);
* the spider loader, ``--all`` and ``crawl --list`` see a site added in a sites file;
* a bad sites file entry is one error naming the file, the line and the field.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.spiderloader import get_spider_loader

from crawler.cli import main
from crawler.profiles import PROFILES
from crawler.profiles.families import EPI_RULES
from crawler.profiles.registry import load_registry, site_keys, sites_file_path
from crawler.profiles.sites_file import SitesFileError, load_sites_file
from crawler.runner.crawl_process import project_settings, site_spiders
from tests.conftest import REPO

SITE_KEYS = frozenset(site_keys(PROFILES))
# Family names that are also site keys (bdk, baonghean, so_nghean): a literal of families only is no list of sites.
FAMILY_NAMES = frozenset(r.family for p in PROFILES.values() for r in (p.rules, *p.rules.variants))
SCANNED = ("crawler", "archive", "tools", "tests", "bench")
REGISTRY_HOME = REPO / "crawler" / "profiles"  # the one place that may name sites
MAX_KEYS_IN_A_LITERAL = 2  # two keys are an example ("bdk" vs "bbk"); three are a list of sites

LAOCAI = """\
# a user's sites file
[[site]]
key = "laocai"
name = "Báo Lào Cai"
hosts = ["baolaocai.vn", "www.baolaocai.vn"]
family = "epi"
start_urls = ["https://baolaocai.vn/thoi-su/"]
"""


def literal_strings(node: ast.AST) -> list[str]:
    """The string constants directly inside a list/tuple/set literal, or a dict's keys and values."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = [*(k for k in node.keys if k is not None), *node.values]
    else:
        return []
    return [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]


def site_lists_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        keys = {s for s in literal_strings(node) if s in SITE_KEYS}
        if len(keys) > MAX_KEYS_IN_A_LITERAL and not keys <= FAMILY_NAMES:
            where = path.relative_to(REPO) if REPO in path.parents else path
            found.append(f"{where}:{node.lineno}: {sorted(keys)}")
    return found


def test_no_list_of_sites_outside_the_registry() -> None:
    assert len(SITE_KEYS) > MAX_KEYS_IN_A_LITERAL, "the check below needs more sites than it tolerates"
    files = [p for top in SCANNED for p in (REPO / top).rglob("*.py")
             if ".venv" not in p.parts and REGISTRY_HOME not in p.parents]
    assert files
    found = [hit for path in files for hit in site_lists_in(path)]
    assert found == [], "lists of sites belong to the registry (crawler/profiles):\n" + "\n".join(found)


def test_the_scan_catches_a_list_of_sites(tmp_path: Path) -> None:
    keys = sorted(SITE_KEYS - FAMILY_NAMES) + sorted(SITE_KEYS & FAMILY_NAMES)
    planted = tmp_path / "planted.py"
    planted.write_text(f"SITES = {tuple(keys[: MAX_KEYS_IN_A_LITERAL + 1])!r}\nFAMILIES = {{'epi': 1}}\n",
                       encoding="utf-8")
    assert len(site_lists_in(planted)) == 1


def test_sites_of_a_sites_file_join_the_spiders_and_all(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    (tmp_path / "sites.toml").write_text(LAOCAI, encoding="utf-8")
    settings = project_settings({"ARCHIVE_DB": str(db)})
    assert sites_file_path(settings) == tmp_path / "sites.toml"
    loader = get_spider_loader(settings)
    assert "laocai" in loader.list() and SITE_KEYS <= set(loader.list())
    spider = loader.load("laocai")
    assert spider.profile.rules is EPI_RULES and spider.profile.is_article_url("https://baolaocai.vn/a-b-post12.html")
    assert "laocai" in site_spiders(settings)
    listed = CliRunner().invoke(main, ["crawl", "--list", "--db", str(db)])
    assert listed.exit_code == 0 and "laocai" in listed.output.split()
    # without the file, the site is gone and nothing else changes
    (tmp_path / "sites.toml").unlink()
    assert "laocai" not in get_spider_loader(settings).list()


def test_an_entry_takes_the_familys_defaults_and_its_own_overrides(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(LAOCAI + """\
feed_urls = ["https://baolaocai.vn/rss/home.rss"]
sitemap_urls = ["https://baolaocai.vn/sitemap.xml"]
article_url_pattern = '-p(?P<id>\\d+)\\.htm$'
page_param = "trang"
[site.selectors]
body = ["div.noi-dung"]
""", encoding="utf-8")
    (profile,) = load_sites_file(path)
    assert profile.canonical_host == "baolaocai.vn"
    assert profile.is_article_url("https://baolaocai.vn/x-p12.htm") and not profile.is_article_url(
        "https://baolaocai.vn/x-post12.html")
    assert profile.rules.body == ("div.noi-dung",) and profile.rules.title == EPI_RULES.title
    assert profile.discovery.page_param == "trang"
    assert profile.discovery.listing_scope == (".zone--timeline", ".category-page__content", "main")
    assert profile.discovery.sitemap_urls == ("https://baolaocai.vn/sitemap.xml",)


BAD_ENTRIES = [
    # (text after LAOCAI's header lines, expected line, words the message must hold)
    ('family = "joomla"\n', "family", ["'family'", "joomla", "epi"]),
    ('colour = "red"\n', "colour", ["unknown field", "'colour'"]),
    ("article_url_pattern = '(unclosed'\n", "article_url_pattern", ["not a regular expression"]),
    ('start_urls = ["https://elsewhere.vn/x"]\n', "start_urls", ["not on the site's hosts"]),
    ('hosts = ["https://baolaocai.vn/"]\n', "hosts", ["not a lower-case host name"]),
    ('key = "Lao Cai"\n', "key", ["lower-case letters"]),
    ('key = "bbk"\n', "key", ["already a site"]),
]


@pytest.mark.parametrize(("line", "field", "words"), BAD_ENTRIES, ids=[b[1] for b in BAD_ENTRIES])
def test_a_bad_entry_names_file_line_and_field(tmp_path: Path, line: str, field: str, words: list[str]) -> None:
    name = line.split("=")[0].strip()
    base = [text for text in LAOCAI.splitlines(keepends=True) if not text.startswith(f"{name} =")]
    text = "".join(base) + line
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SitesFileError) as raised:
        load_sites_file(path, taken=set(PROFILES))
    message = str(raised.value)
    expected_line = text.splitlines().index(line.rstrip("\n")) + 1
    assert message.startswith(f"{path}:{expected_line}: "), message
    assert f"field {field!r}" in message
    for word in words:
        assert word in message


def test_a_missing_field_points_at_its_table(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(LAOCAI + LAOCAI.replace('key = "laocai"\n', 'key = "laocai2"\n').replace(
        'family = "epi"\n', ""), encoding="utf-8")
    with pytest.raises(SitesFileError, match=re.escape(f"{path}:9: site 'laocai2', field 'family': missing")):
        load_sites_file(path)


def test_a_toml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(LAOCAI + 'name = "no closing quote\n', encoding="utf-8")
    with pytest.raises(SitesFileError, match=re.escape(f"{path}:8: not valid TOML")):
        load_sites_file(path)


def test_a_named_sites_file_must_exist(tmp_path: Path) -> None:
    assert load_registry(tmp_path / "none.toml") == PROFILES  # the default file is optional
    with pytest.raises(SitesFileError, match="no such sites file"):
        load_registry(tmp_path / "none.toml", required=True)


def test_the_cli_turns_a_bad_sites_file_into_one_line(tmp_path: Path) -> None:
    (tmp_path / "sites.toml").write_text(LAOCAI.replace('"epi"', '"joomla"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["crawl", "--all", "--db", str(tmp_path / "archive.sqlite")])
    assert result.exit_code == 2
    assert "sites.toml:6: site 'laocai', field 'family'" in result.output
    assert "Traceback" not in result.output


def test_the_crawl_help_lists_the_registrys_sites() -> None:
    result = CliRunner().invoke(main, ["crawl", "--help"], terminal_width=400)
    assert result.exit_code == 0
    assert f"Sites: {', '.join(site_keys(PROFILES))};" in " ".join(result.output.split())


def test_extract_reads_a_page_with_the_rules_of_a_sites_file_site(tmp_path: Path, db, db_path: Path) -> None:
    import json

    (tmp_path / "sites.toml").write_text(LAOCAI, encoding="utf-8")
    source = REPO / "tests" / "pages" / "bbk" / "article_post61240.html"
    page = tmp_path / "page.html"
    page.write_text(source.read_text(encoding="utf-8").replace("baobackan.vn", "baolaocai.vn"), encoding="utf-8")
    url = "https://baolaocai.vn/tap-huan-ky-nang-so-cho-to-cong-nghe-so-cong-dong-post61240.html"
    result = CliRunner().invoke(main, ["extract", str(page), "--url", url, "--site", "laocai", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    golden = json.loads((REPO / "tests" / "golden" / "bbk" / "article_post61240.json").read_text(encoding="utf-8"))
    assert (article["site"], article["title"], article["text"]) == ("laocai", golden["title"], golden["text"])
    unknown = CliRunner().invoke(main, ["extract", str(page), "--url", url, "--site", "nope", "--db", str(db_path)])
    assert unknown.exit_code == 2 and "unknown site 'nope'" in unknown.output

"""End to end: a site the package does not know joins with one entry, crawls, backfills from its sitemaps.

A loopback mirror (crawler/replay/mirror.py) serves an ePi paper built from the bbk fixture pages
(tests/helpers/registry_site.py); the real ``archive`` command runs in subprocesses into real SQLite files.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from crawler.replay.mirror import FolderSource, serve_mirror
from crawler.survey.fetch import FetchError, PoliteFetcher
from tests.helpers.crawl import archive_cli
from tests.helpers.registry_site import ENTRY, build_epi_site

pytestmark = pytest.mark.e2e
OTHER_CMS = Path(__file__).resolve().parent / "other_cms"



@pytest.fixture(scope="module")
def epi_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mirror")
    built = build_epi_site(folder)
    server, base = serve_mirror(FolderSource(folder))
    yield server, base, built
    server.stop()


def stored(db: Path) -> dict[str, tuple[str, str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return {url: (site, title, text, extraction) for url, site, title, text, extraction in conn.execute(
            "SELECT url, site, title, text, extraction FROM articles")}
    finally:
        conn.close()


def run_ok(*args) -> str:
    result = archive_cli(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_sites_file_entry_crawls_a_new_site_and_a_backfill_reads_its_sitemaps(epi_site, tmp_path):
    server, base, built = epi_site
    db = tmp_path / "archive.sqlite"
    (tmp_path / "sites.toml").write_text(ENTRY.format(host=built.host), encoding="utf-8")

    server.clear_log()
    run_ok("crawl", "laocai", "--mirror", base, "--db", db)
    nightly = server.urls_fetched()
    articles = stored(db)
    assert set(articles) == {a.url for a in built.listed}  # listings only: the sitemap is not read nightly
    for article in built.listed:  # the family's rules read it exactly as on the paper it came from
        assert articles[article.url] == ("laocai", article.title, article.text, "site")
    assert not any("sitemap" in url for url in nightly)

    server.clear_log()
    run_ok("crawl", "laocai", "--backfill", "--mirror", base, "--db", db)
    backfill = server.urls_fetched()
    assert built.sitemap_only.url in stored(db)
    assert f"https://{built.host}/sitemaps/older.xml" in backfill
    assert not any(url.endswith(("/thoi-su/", "/kinh-te/")) for url in backfill)  # no listing page
    assert not [u for u in backfill if u in {a.url for a in built.listed}]  # what it has is not fetched again


def test_a_backfill_since_a_date_skips_older_sub_sitemaps(epi_site, tmp_path):
    """The entry names no sitemap: the backfill finds it in robots.txt."""
    server, base, built = epi_site
    db = tmp_path / "archive.sqlite"
    entry = ENTRY.format(host=built.host)
    (tmp_path / "sites.toml").write_text(entry[: entry.index("sitemap_urls")], encoding="utf-8")
    since = "2024-01-01"
    server.clear_log()
    run_ok("crawl", "laocai", "--backfill", "--since", since, "--mirror", base, "--db", db)
    fetched = server.urls_fetched()
    assert f"https://{built.host}/sitemap.xml" in fetched and f"https://{built.host}/sitemaps/recent.xml" in fetched
    assert f"https://{built.host}/sitemaps/older.xml" not in fetched
    assert set(stored(db)) == {a.url for a in built.listed if a.published[:10] >= since}


def test_a_backfill_of_a_site_without_sitemaps_walks_its_listings(tmp_path):
    built = build_epi_site(tmp_path / "mirror", host="baoyenbai.vn", site_name="Báo Yên Bái")
    root = tmp_path / "mirror" / built.host
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    (root / "sitemap.xml").unlink()
    (tmp_path / "sites.toml").write_text(
        ENTRY.format(host=built.host).replace('"laocai"', '"yenbai"').split("sitemap_urls")[0], encoding="utf-8")
    server, base = serve_mirror(FolderSource(tmp_path / "mirror"))
    try:
        run_ok("crawl", "yenbai", "--backfill", "--mirror", base, "--db", tmp_path / "archive.sqlite")
        fetched = server.urls_fetched()
    finally:
        server.stop()
    assert set(stored(tmp_path / "archive.sqlite")) == {a.url for a in built.listed}
    assert f"https://{built.host}/thoi-su/" in fetched and not any("sitemaps/" in url for url in fetched)


def test_site_add_writes_an_entry_with_which_a_crawl_stores_the_sites_articles(epi_site, tmp_path):
    server, base, built = epi_site
    db = tmp_path / "archive.sqlite"
    printed = run_ok("site", "add", f"https://{built.host}/", "--mirror", base, "--write", "--db", db)
    entry = (tmp_path / "sites.toml").read_text(encoding="utf-8")
    assert printed == entry
    assert 'key = "baolaocai"' in entry and 'family = "epi"' in entry and 'name = "Báo Lào Cai"' in entry
    assert f'start_urls = ["https://{built.host}/thoi-su/", "https://{built.host}/kinh-te/"]' in entry
    # the news sitemap (robots.txt) is read every night, like the RSS feed; the full one by a backfill
    assert f'feed_urls = ["https://{built.host}/rss/home.rss", "https://{built.host}/sitemaps/news.xml"]' in entry
    assert f'sitemap_urls = ["https://{built.host}/sitemap.xml"]' in entry
    assert "article_url_pattern" not in entry  # the family's default fits
    assert len(re.findall(r"^# checked .*: ok, site: ", entry, re.M)) == 2

    run_ok("crawl", "baolaocai", "--mirror", base, "--db", db)
    assert {url: row[0] for url, row in stored(db).items()} == {a.url: "baolaocai" for a in built.listed}

    checked = run_ok("site", "check", "baolaocai", "--mirror", base, "--db", db)
    assert "site baolaocai works" in checked
    assert re.search(r"^ok +listing .*thoi-su/ +2 article links", checked, re.M)


def test_site_add_on_another_cms_gives_the_generic_family_with_what_it_found(tmp_path):
    """A WordPress site: no family claims it; the pattern comes from its links, checked on its article."""
    host = "tinlap.example.vn"
    (tmp_path / "mirror" / host).mkdir(parents=True)
    (tmp_path / "mirror" / host / "hoi-thi-nau-an-ngon-post1024.html").write_bytes(
        (OTHER_CMS / "wordpress_article.html").read_bytes())
    server, base = serve_mirror(FolderSource(tmp_path / "mirror"))
    try:
        printed = run_ok("site", "add", f"https://{host}/", "--saved", OTHER_CMS / "wordpress_home.html",
                         "--mirror", base, "--key", "tinlap", "--db", tmp_path / "archive.sqlite")
    finally:
        server.stop()
    assert 'family = "generic"' in printed and "generator 'WordPress 6.5.3'" in printed
    assert "article_url_pattern = '-post(?P<id>\\d+)\\.html$'" in printed
    assert f"# checked https://{host}/hoi-thi-nau-an-ngon-post1024.html: ok, generic: Hội thi nấu ăn ngon" in printed
    assert "chuyen-muc/thoi-su/" in printed and "/page/2/" not in printed
    assert not (tmp_path / "sites.toml").exists()  # printed only: no --write


def test_site_check_says_what_does_not_work(epi_site, tmp_path):
    server, base, built = epi_site
    db = tmp_path / "archive.sqlite"
    (tmp_path / "sites.toml").write_text(
        ENTRY.format(host=built.host).replace("/thoi-su/", "/the-thao/"), encoding="utf-8")
    result = archive_cli("site", "check", "laocai", "--mirror", base, "--db", db)
    assert result.returncode == 1
    assert re.search(r"^FAIL listing .*the-thao/ +HTTP 404", result.stdout, re.M)
    assert re.search(r"^ok +sitemap ", result.stdout, re.M)  # the article is checked from the sitemap instead
    assert "does not work" in result.stderr and "Traceback" not in result.stderr


def test_site_command_user_errors(tmp_path):
    db = tmp_path / "archive.sqlite"
    bad_url = archive_cli("site", "add", "baolaocai.vn", "--db", db)
    assert bad_url.returncode == 2 and "http(s) URL" in bad_url.stderr
    taken = archive_cli("site", "add", "https://baobackan.vn/", "--db", db)
    assert taken.returncode == 2 and "already the site 'bbk'" in taken.stderr
    unknown = archive_cli("site", "check", "nope", "--db", db)
    assert unknown.returncode == 2 and "unknown site 'nope'" in unknown.stderr
    for result in (bad_url, taken, unknown):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1




def test_the_survey_fetcher_is_bounded_and_obeys_robots(tmp_path):
    root = tmp_path / "mirror" / "example.vn"
    (root / "admin").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")
    (root / "big.html").write_text("<p>" + "x" * 5000 + "</p>", encoding="utf-8")
    (root / "admin" / "index.html").write_text("secret", encoding="utf-8")
    server, base = serve_mirror(FolderSource(tmp_path / "mirror"))
    try:
        fetcher = PoliteFetcher(user_agent="vn-news-archive-test", timeout=5, max_bytes=1000, delay=0, mirror=base)
        big = fetcher.get("https://example.vn/big.html")
        assert big.ok and big.truncated and len(big.body) == 1000
        with pytest.raises(FetchError, match="robots.txt"):
            fetcher.get("https://example.vn/admin/")
        assert fetcher.get("https://example.vn/missing.html").status == 404
        fetched = server.urls_fetched()
    finally:
        server.stop()
    assert "https://example.vn/admin/" not in fetched
    assert fetched.count("https://example.vn/robots.txt") == 1  # read once per site

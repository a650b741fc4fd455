"""``archive search``: accent handling, ranking, snippets, filters and one-line query errors."""

from __future__ import annotations

import json
import unicodedata
from datetime import date

import pytest
from click.testing import CliRunner

from archive.db import open_archive
from archive.filters import ArticleFilter
from archive.search import BadQueryError, build_match, search_articles
from archive.store import save_article
from crawler.cli import main
from tests.helpers.archive_samples import ARTICLES, NOW, fill_archive


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "archive.sqlite"
    db = open_archive(path)
    ids = fill_archive(db)
    yield db, ids, path
    db.conn.close()


def urls(hits) -> list[str]:
    return [hit.url for hit in hits]


def url_of(fragment: str) -> str:
    return next(a["url"] for a in ARTICLES if fragment in a["url"])


def test_unaccented_query_finds_accented_text(sample):
    db, _, _ = sample
    found = urls(search_articles(db, "chuyen doi so"))
    for fragment in ("a1001", "post2001", "10003", "10004"):
        assert url_of(fragment) in found
    assert url_of("le-hoi-lang-sen") not in found


def test_d_with_stroke_is_folded_both_ways(sample):
    db, _, _ = sample
    assert urls(search_articles(db, "Dong Khoi"))[0] == url_of("a1002")
    assert urls(search_articles(db, "Đồng Khởi"))[0] == url_of("a1002")
    assert urls(search_articles(db, "đồng khởi")) == urls(search_articles(db, "Dong Khoi"))


def test_nfd_query_finds_the_same_as_nfc(sample):
    db, _, _ = sample
    nfd = unicodedata.normalize("NFD", "chuyển đổi số")
    assert urls(search_articles(db, nfd)) == urls(search_articles(db, "chuyển đổi số"))


def test_exact_accents_tells_doi_variants_apart(sample):
    db, _, _ = sample
    loose = set(urls(search_articles(db, "đời")))
    exact = urls(search_articles(db, "đời", exact_accents=True))
    assert exact == [url_of("doi-song-dong-bao")]  # the only text with "Đời" itself
    assert len(loose) > 3  # đổi, đối, đời all fold to "doi"
    assert urls(search_articles(db, "đối", exact_accents=True)) == [url_of("a1003")]
    assert urls(search_articles(db, "doi", exact_accents=True)) == []  # no plain "doi" anywhere
    # Case does not matter, accents do.
    assert urls(search_articles(db, "ĐỐI", exact_accents=True)) == [url_of("a1003")]


def test_exact_accents_phrases_and_prefixes(sample):
    db, _, _ = sample
    assert url_of("a1003") in urls(search_articles(db, '"đổi mới"', exact_accents=True))
    assert urls(search_articles(db, '"đối mới"', exact_accents=True)) == []
    assert urls(search_articles(db, "Pác*", exact_accents=True)) == [url_of("doi-song-dong-bao")]
    with pytest.raises(BadQueryError, match="exact-accents"):
        search_articles(db, "đổi OR đối", exact_accents=True)


def test_title_is_weighted_above_text(db):
    body = "Hội nghị tổng kết công tác năm của ngành {} diễn ra sáng nay tại hội trường tỉnh."
    save_article(db, {"url": "https://x.vn/a", "site": "bdk", "title": "Tổng kết năm",
                      "text": body.format("thủy sản") + " Ngành lúa gạo cũng báo cáo."}, now=NOW)
    save_article(db, {"url": "https://x.vn/b", "site": "bdk", "title": "Giá lúa tăng mạnh",
                      "text": body.format("nông nghiệp")}, now=NOW)
    assert urls(search_articles(db, "lua")) == ["https://x.vn/b", "https://x.vn/a"]


def test_words_standing_together_rank_above_scattered_words(db):
    scattered = ("Sở Tài chính đổi mới cách làm; chuyển kinh phí sớm. Số liệu của sở cho thấy số hộ nghèo giảm, "
                 "sở đề nghị chuyển tiếp, đổi cách tính số liệu.")
    together = "Tỉnh đẩy mạnh chuyển đổi số trong cơ quan nhà nước, người dân dùng dịch vụ công trực tuyến nhiều hơn."
    save_article(db, {"url": "https://x.vn/scattered", "site": "bdk", "title": "Tin tài chính", "text": scattered},
                 now=NOW)
    save_article(db, {"url": "https://x.vn/together", "site": "bdk", "title": "Tin tỉnh nhà", "text": together},
                 now=NOW)
    assert urls(search_articles(db, "chuyen doi so")) == ["https://x.vn/together", "https://x.vn/scattered"]


def test_snippet_keeps_accents_and_marks_matches(sample):
    db, _, _ = sample
    hit = search_articles(db, "Dong Khoi", mark=("[", "]"))[0]
    assert "[Đồng] [Khởi]" in hit.snippet
    assert hit.site == "bdk" and hit.published_at.startswith("2024-01-17")


def test_filters_site_dates_unique(sample):
    db, _, _ = sample
    assert {h.site for h in search_articles(db, "chuyen doi", where=ArticleFilter(sites=("bbk",)))} == {"bbk"}
    march = search_articles(db, "chuyen doi", where=ArticleFilter(since=date(2024, 3, 1), until=date(2024, 3, 31)))
    assert sorted(urls(march)) == sorted([url_of("a1001"), url_of("10004")])
    unique = urls(search_articles(db, "chuyen doi so", where=ArticleFilter(unique=True)))
    assert url_of("a1001") in unique and url_of("10004") not in unique
    assert len(search_articles(db, "chuyen doi", limit=2)) == 2


@pytest.mark.parametrize("query", ['"chuyển đổi', "AND", "NEAR(", "*", "đổi AND", "(đổi OR", "OR đổi", "---", "  "])
def test_malformed_query_is_explained(sample, query):
    db, _, _ = sample
    with pytest.raises(BadQueryError):
        search_articles(db, query)


@pytest.mark.parametrize(
    "query", ["and", "or not", "covid-19", "sở, ngành", "near", "title", "2024", "Hà Nội (2024)", "(Bến Tre"]
)
def test_plain_words_are_safe(sample, query):
    db, _, _ = sample
    search_articles(db, query)  # no error whatever the words
    assert not build_match(query).startswith(("AND", "OR", "NOT"))


def test_explicit_syntax_is_used(sample):
    db, _, _ = sample
    phrase = urls(search_articles(db, '"chuyen doi cay trong"'))
    assert phrase == [url_of("a1003")]
    either = set(urls(search_articles(db, "Pac OR Khoi")))
    assert either == {url_of("doi-song-dong-bao"), url_of("a1002")}
    assert url_of("a1002") not in urls(search_articles(db, "tinh NOT Khoi"))
    assert urls(search_articles(db, "title:Lang")) == [url_of("le-hoi-lang-sen")]
    assert set(urls(search_articles(db, "huyen AND (Pac OR Khoi)"))) == {url_of("doi-song-dong-bao"), url_of("a1002")}
    with pytest.raises(BadQueryError, match="write AND"):
        search_articles(db, "tinh (Pac OR Khoi)")  # FTS5 wants an explicit AND next to a group


def test_cli_search_prints_hits_and_json(sample):
    _, _, path = sample
    runner = CliRunner()
    result = runner.invoke(main, ["search", "Dong Khoi", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "Kỷ niệm 64 năm Ngày Đồng Khởi" in result.output
    assert url_of("a1002") in result.output and "2024-01-17" in result.output and "«Đồng» «Khởi»" in result.output
    result = runner.invoke(main, ["search", "chuyen doi so", "--json", "--site", "bdk", "--db", str(path)])
    hits = json.loads(result.output)
    assert [h["url"] for h in hits] == [url_of("a1001")]
    assert {"url", "site", "title", "published_at", "snippet", "score"} <= set(hits[0])


@pytest.mark.parametrize("query", ['"chuyển đổi', "AND", "NEAR(", "*"])
def test_cli_malformed_query_exit_2_one_line(sample, query):
    _, _, path = sample
    result = CliRunner().invoke(main, ["search", query, "--db", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:")
    assert "sqlite" not in lines[0].lower() and "Traceback" not in result.output


def test_cli_bad_date_is_one_line(sample):
    _, _, path = sample
    result = CliRunner().invoke(main, ["search", "doi", "--since", "2024-13-01", "--db", str(path)])
    assert result.exit_code == 2 and "--since" in result.output


@pytest.mark.parametrize(
    ("match", "words"),
    [
        ('"a b"', '"a" "b"'),
        ('"xa hoi" nong "covid-19 ha"', '"xa" "hoi" "nong" "covid-19" "ha"'),
        ('"a"', '"a"'),
        ('"a b" OR c', '"a b" OR c'),  # operators, prefixes, columns, NEAR: the query itself
        ('"a b"*', '"a b"*'),
        ("title:lua", "title:lua"),
        ('NEAR("a" "b")', 'NEAR("a" "b")'),
    ],
)
def test_words_of_a_phrase_query(match, words):
    from archive.search import words_of

    assert words_of(match) == words

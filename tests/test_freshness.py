"""Freshness in process: the revisit schedule, the budget, the article key, --revisit, drift verdicts,
and 90 simulated nights against a loopback site whose articles are corrected at ages 1, 5, 20 and 60 days.

The clock is passed in (``now=``) everywhere; the site (tests/helpers/freshness_site.py) runs on the same
simulated clock.  Real SQLite files, a real HTTP server on 127.0.0.1, the real extractor and store.
"""

from __future__ import annotations

import statistics
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from archive.db import open_archive
from archive.drift import DriftThresholds, Health, judge
from archive.freshness import (
    RevisitPolicy,
    age_interval,
    count_archived,
    due_revisits,
    record_check,
    revisit_bound,
    revisits_for,
    schedule_article,
    schedule_site,
)
from archive.store import save_article
from archive.vn_time import VN_TZ
from crawler.cli import main
from crawler.components.revisits import parse_revisit
from crawler.extract import extract_article
from crawler.profiles import PROFILES
from crawler.replay.mirror import serve_mirror
from crawler.spiders.base import ListedArticle
from crawler.spiders.loader import spider_class
from crawler.spiders.sharepoint import SharepointSpider
from tests.helpers.freshness_site import HOST, START, FreshSite

T0 = datetime(2024, 5, 1, 2, 0, tzinfo=VN_TZ)
POLICY = RevisitPolicy(min_days=1, max_days=64, budget_share=0.05, budget_min=10)


@pytest.fixture
def db(tmp_path):
    return open_archive(tmp_path / "a.sqlite")


def store(db, n: int, *, published: str | None, now: datetime, text: str = "Nội dung bài viết.") -> str:
    url = f"https://{HOST}/tin-so-{n}-a{100_000 + n}.html"
    save_article(db, {"url": url, "site": "bdk", "text": text, "published_at": published}, now=now)
    schedule_article(db, url, "bdk", published_at=published, now=now, policy=POLICY)
    return url


def next_check(db, url: str) -> datetime:
    (due,) = db.execute("SELECT next_due_at FROM revisit_schedule WHERE url = ?", [url]).fetchone()
    return datetime.fromisoformat(due)


# --- the schedule -------------------------------------------------------------------------------


def test_unchanged_article_is_checked_at_ages_1_2_4_8_then_every_ceiling(db):
    url = store(db, 1, published=T0.isoformat(), now=T0)
    ages = []
    for _ in range(9):
        now = next_check(db, url)
        ages.append((now - T0).days)
        record_check(db, url, "not_modified", now=now, policy=POLICY)
    assert ages == [1, 2, 4, 8, 16, 32, 64, 128, 192]


def test_a_corrected_article_is_checked_often_again(db):
    url = store(db, 1, published=T0.isoformat(), now=T0)
    for _ in range(5):  # ages 1, 2, 4, 8, 16
        record_check(db, url, "unchanged", now=next_check(db, url), policy=POLICY)
    at = next_check(db, url)
    assert (at - T0).days == 32
    record_check(db, url, "updated", now=at, policy=POLICY)
    assert [(next_check(db, url) - at).days] == [1]  # back to the minimum after a correction
    record_check(db, url, "unchanged", now=at + timedelta(days=1), policy=POLICY)
    assert (next_check(db, url) - at).days == 3  # then doubling again: 1 + 2
    assert db.execute("SELECT checks, changes FROM revisit_schedule").fetchone() == (7, 1)


def test_an_old_article_first_seen_now_waits_the_ceiling(db):
    url = store(db, 1, published="2020-01-01", now=T0)
    assert next_check(db, url) == T0 + timedelta(days=64)
    assert age_interval(0.5, POLICY) == 1 and age_interval(9, POLICY) == 8 and age_interval(900, POLICY) == 64
    assert revisit_bound(5, POLICY) == 5 and revisit_bound(0.2, POLICY) == 1 and revisit_bound(200, POLICY) == 64


def test_undated_article_is_keyed_on_first_seen_not_refetched_before_its_first_check(tmp_path):
    """Defect 3 (issue 15), through the spider: an undated article first seen at T0 is not revisited
    by runs on the same day, and is by the first run a day later."""
    path = tmp_path / "a.sqlite"
    db = open_archive(path)
    url = store(db, 1, published=None, now=T0)
    db.conn.close()
    spider = get_crawler(spider_class(PROFILES["bdk"]), {"ARCHIVE_DB": str(path)})._create_spider()
    assert spider.urls_to_revisit(T0 + timedelta(hours=12)) == []
    assert spider.urls_to_revisit(T0 + timedelta(hours=25)) == [(url, url)]


def test_budget_takes_the_most_overdue_first_and_schedules_an_old_archive_gradually(db):
    for n in range(30):  # an archive from before the schedule: no rows yet
        save_article(db, {"url": f"https://{HOST}/a-{n}.html", "site": "bdk", "text": f"bài {n}",
                          "published_at": (T0 - timedelta(days=n)).isoformat()}, now=T0)
    assert schedule_site(db, "bdk", now=T0, policy=POLICY) == 30
    assert schedule_site(db, "bdk", now=T0, policy=POLICY) == 0
    assert POLICY.budget(count_archived(db, "bdk")) == 10 and POLICY.budget(1000) == 50
    tomorrow = due_revisits(db, "bdk", now=T0 + timedelta(days=1, hours=1))
    assert [d.url for d in tomorrow] == [f"https://{HOST}/a-{n}.html" for n in (0, 1)]  # ages 0-1: due a day on
    later = due_revisits(db, "bdk", now=T0 + timedelta(days=70), limit=10)
    assert len(later) == 10 and later == sorted(later, key=lambda d: d.next_due_at)


def test_revisit_option_modes(db):
    urls = [store(db, n, published=(T0 - timedelta(days=n * 10)).date().isoformat(), now=T0) for n in range(4)]
    assert {d.url for d in revisits_for(db, "bdk", "all")} == set(urls)
    assert [d.url for d in revisits_for(db, "bdk", "changed-since", "2024-04-15")] == urls  # all first seen at T0
    assert len(revisits_for(db, "bdk", "count", 2)) == 2
    assert parse_revisit("all").mode == "all" and parse_revisit("7").value == 7
    assert parse_revisit("changed-since=2024-05-01").value == "2024-05-01"
    assert parse_revisit("changed-since 2024-05-01").mode == "changed-since"
    for bad in ("some", "0", "changed-since", "changed-since=yesterday", "-3"):
        with pytest.raises(ValueError, match="--revisit"):
            parse_revisit(bad)


def test_revisit_bad_value_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["crawl", "bdk", "--revisit", "sometimes", "--db", str(tmp_path / "a.sqlite")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith("Error: --revisit 'sometimes': expected all")
    assert "Traceback" not in result.output


def test_sharepoint_lookup_key_is_the_stored_key(tmp_path):
    """Defect 2 (issue 15), offline: the key a listing looks up and the key the page is stored under are
    the same, though the page declares an http:// canonical."""
    spider = get_crawler(SharepointSpider, {"ARCHIVE_DB": str(tmp_path / "a.sqlite")})._create_spider(
        start_url="http://portal.example.gov.vn/Pages/tin-tuc-215.aspx")
    url = "http://portal.example.gov.vn/Pages/tin-tuc-215/thong-bao-aa40fbd140aae02f.aspx"
    html = f'<html><head><link rel="canonical" href="{url}"></head><body><p>x</p></body></html>'
    response = HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))
    (item,) = [i for i in spider.parse_article(response) if not isinstance(i, Request)]
    assert item.canonical_url == spider.profile.canonical_url(url) == url.replace("http://", "https://")


def test_an_article_stored_under_its_http_canonical_before_the_fix_counts_as_known(tmp_path):
    """An archive written before spider and store shared one key holds ``http://…`` rows: a listed link
    is known under the URL as linked too, so those articles are not fetched again either."""
    path = tmp_path / "a.sqlite"
    db = open_archive(path)
    old = "http://portal.example.gov.vn/Pages/tin-tuc-215/thong-bao-aa40fbd140aae02f.aspx"
    save_article(db, {"url": old, "fetched_url": old, "site": "portal.example.gov.vn", "text": "x"}, now=T0)
    db.conn.close()
    spider = get_crawler(SharepointSpider, {"ARCHIVE_DB": str(path)})._create_spider(
        start_url="http://portal.example.gov.vn/Pages/tin-tuc-215.aspx")
    listed = ListedArticle(old, spider.profile.canonical_url(old), None)
    new = ListedArticle(old.replace("aa40", "bb40"), spider.profile.canonical_url(old.replace("aa40", "bb40")), None)
    assert spider.known_canonicals([listed, new]) == {listed.canonical}


# --- drift verdicts -----------------------------------------------------------------------------


def health(**kw) -> Health:
    base = dict(found=40, listing_pages=2, pages=40, site_rules=40, dated=40, authored=36, median_chars=2400,
                failures=0)
    return Health(**{**base, **kw})


def test_drift_names_what_dropped_against_the_sites_history():
    usual = [health(), health(pages=38, site_rules=38, dated=38, authored=30)]
    thresholds = DriftThresholds()
    assert judge("bdk", health(pages=35, site_rules=35, dated=33, authored=30), usual, thresholds) is None
    note = judge("bdk", health(site_rules=0, dated=5, authored=0, median_chars=900), usual, thresholds)
    assert note == ("bdk: 0 of 40 pages matched the site rules, 40 went generic (usual 100%); dates 12% "
                    "(usual 100%); authors 0% (usual 84%); median text 900 characters (usual 2400)")
    assert judge("bdk", health(found=1, pages=0, site_rules=0, dated=0, authored=0, median_chars=None), usual,
                 thresholds) == "bdk: 1 article links on the listings' first pages (usual 40)"
    assert judge("bdk", health(pages=20, failures=20), usual, thresholds).startswith("bdk: 20 of 40 article pages")
    assert judge("bdk", health(site_rules=0), [], thresholds) is None  # no history yet: no verdict
    assert judge("x", health(site_rules=0, has_site_rules=False), usual, thresholds) is None  # generic spider
    assert judge("bdk", health(pages=3, site_rules=0, dated=0), usual, thresholds) is None  # too few pages to tell


# --- 90 simulated nights ------------------------------------------------------------------------

CHANGE_AGES = [1.0, 5.0, 20.0, 60.0]


class Night:
    """One nightly run, in process: discovery of new articles, then the due revisits within the budget,
    conditional on the last ETag; fetched over HTTP from the loopback site, extracted and stored for real."""

    def __init__(self, db, base: str, site: FreshSite, policy: RevisitPolicy) -> None:
        self.db, self.base, self.site, self.policy = db, base, site, policy
        self.etags: dict[str, str] = {}

    def fetch(self, url: str, etag: str | None = None) -> tuple[int, bytes, str | None]:
        request = urllib.request.Request(self.base + "/" + url.split("://", 1)[1])
        if etag:
            request.add_header("If-None-Match", etag)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read(), response.headers.get("ETag")
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return 304, b"", etag
            raise

    def store(self, url: str, body: bytes, now: datetime) -> str:
        article = extract_article(body, url, site="bdk")
        return save_article(self.db, {**article.to_record(), "site": "bdk"}, now=now).status

    def run(self, now: datetime) -> int:
        """Returns the revisit requests made."""
        self.site.now = now
        known = {u for (u,) in self.db.execute("SELECT url FROM articles")}
        for n in self.site.live():
            url = self.site.url(n)
            if url not in known:
                status, body, self.etags[url] = self.fetch(url)
                self.store(url, body, now)
                published = self.db.execute("SELECT published_at FROM articles WHERE url = ?", [url]).fetchone()[0]
                schedule_article(self.db, url, "bdk", published_at=published, now=now, policy=self.policy)
        due = due_revisits(self.db, "bdk", now=now, limit=self.policy.budget(count_archived(self.db, "bdk")))
        for item in due:
            status, body, self.etags[item.url] = self.fetch(item.fetch_url, self.etags.get(item.url))
            outcome = "not_modified" if status == 304 else self.store(item.url, body, now)
            record_check(self.db, item.url, outcome, now=now, policy=self.policy)
        return len(due)


def simulate(policy: RevisitPolicy, tmp_path: Path, articles: int = 40) -> dict:
    """90 nightly runs over a site whose every article is corrected at ages 1, 5, 20 and 60 days."""
    site = FreshSite(articles=articles, spacing=timedelta(hours=18), changes={n: CHANGE_AGES for n in range(articles)})
    server, base = serve_mirror(site)
    db = open_archive(tmp_path / f"nights-{policy.budget_min}.sqlite")
    night = Night(db, base, site, policy)
    first_night = datetime.combine(START.date() + timedelta(days=1), datetime.min.time(), VN_TZ).replace(hour=2)
    caught: dict[tuple[int, int], datetime] = {}  # (article, version) -> night it was archived
    revisits, budgets, shares = [], [], []
    try:
        for k in range(90):
            now = first_night + timedelta(days=k)
            revisits.append(night.run(now))
            archived = count_archived(db, "bdk")
            budgets.append(policy.budget(archived))
            shares.append(revisits[-1] / archived)
            for url, text in db.execute("SELECT url, text FROM articles"):
                n = int(url.rsplit("-a", 1)[1].split(".")[0]) - 100_000
                version = max([0] + [v for v in range(1, 5) if f"Đính chính lần {v}:" in text])
                for v in range(1, version + 1):
                    caught.setdefault((n, v), now)
    finally:
        server.stop()
    end = first_night + timedelta(days=89)
    delays, late, missed = [], [], []
    for n in range(articles):
        for v, age in enumerate(CHANGE_AGES, start=1):
            changed = site.published(n) + timedelta(days=age)
            bound = timedelta(days=revisit_bound(age, policy) + 1)  # + 1: runs are nightly
            if (n, v) in caught:
                delay = caught[(n, v)] - changed
                delays.append(delay.total_seconds() / 86400)
                if delay > bound:
                    late.append((n, v, delay))
            elif changed + bound <= end:
                missed.append((n, v))
    return dict(revisits=revisits, budgets=budgets, shares=shares, delays=delays, late=late, missed=missed)


def report(title: str, figures: dict) -> str:
    delays, revisits = figures["delays"], figures["revisits"]
    return (f"{title}: {len(delays)} corrections caught, {len(figures['late'])} later than the bound, "
            f"{len(figures['missed'])} missed; delay median {statistics.median(delays):.1f} d, max "
            f"{max(delays):.1f} d; revisits/night median {statistics.median(revisits)}, max {max(revisits)}; "
            f"share of a full recrawl median {statistics.median(figures['shares']):.1%}")


@pytest.mark.e2e
def test_ninety_nights_archive_every_correction_within_the_schedule_bound(tmp_path, capsys):
    """A budget that fits the site's churn: every correction is archived within the schedule's bound."""
    policy = RevisitPolicy(min_days=1, max_days=64, budget_share=0.05, budget_min=20)
    figures = simulate(policy, tmp_path)
    with capsys.disabled():
        print("\n" + report(f"90 nights, 40 articles corrected at ages {CHANGE_AGES}, budget 20", figures))
    assert all(made <= budget for made, budget in zip(figures["revisits"], figures["budgets"], strict=True))
    assert not figures["late"] and not figures["missed"]
    assert len(figures["delays"]) >= 40 * 3  # all at 1, 5 and 20 days, and those at 60 inside the 90 nights


@pytest.mark.e2e
def test_ninety_nights_with_a_tight_budget_defer_but_never_exceed_it(tmp_path, capsys):
    """A budget below the churn: never more revisits than the budget; corrections come later, not never."""
    policy = RevisitPolicy(min_days=1, max_days=64, budget_share=0.05, budget_min=5)
    figures = simulate(policy, tmp_path)
    with capsys.disabled():
        print("\n" + report("same site, budget 5", figures))
    assert max(figures["revisits"]) == 5 and all(made <= 5 for made in figures["revisits"])
    assert figures["late"]  # the budget did defer some checks past the schedule's bound
    assert len(figures["delays"]) >= 40 * 3 - len(figures["missed"])

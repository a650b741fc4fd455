"""The archive store on real SQLite files: upserts, versions, FTS, snapshots, concurrency, migrations."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import unicodedata
from datetime import date, datetime, timedelta

import pytest

from archive.db import MIGRATIONS, SCHEMA_VERSION, open_archive, schema_version, transaction
from archive.errors import ArchiveLockedError, NotAnArchiveError, SchemaTooNewError
from archive.snapshot import write_snapshot
from archive.store import finish_crawl, get_article, insert_articles, record_failure, save_article, start_crawl
from archive.text import content_hash
from archive.vn_time import VN_TZ
from tests.conftest import REPO

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=VN_TZ)


def article(url="https://baodongkhoi.vn/chuyen-doi-so-01032024-a120001.html", text=None, **extra):
    return {
        "url": url,
        "site": "bdk",
        "title": "Chuyển đổi số ở Bến Tre",
        "published": "2024-03-01T07:30:00+07:00",
        "text": text or "BDK.VN - Tỉnh đẩy mạnh chuyển đổi số.\nNgười dân dùng dịch vụ công trực tuyến.",
        "tags": ["chuyển đổi số"],
        **extra,
    }


def fts(db, query):
    return [r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [query])]


def test_new_then_same_article_changes_only_last_seen(db):
    first = save_article(db, article(), now=T0)
    again = save_article(
        db,
        article(text="BDK.VN -  Tỉnh đẩy mạnh\u00a0chuyển đổi số.\n\nNgười dân dùng dịch vụ công trực tuyến."),
        now=T0 + timedelta(days=1),
    )
    assert (first.status, again.status) == ("new", "unchanged")
    assert again.article_id == first.article_id and again.version_id is None
    row = db.execute("SELECT first_seen_at, last_seen_at, published_date FROM articles").fetchone()
    assert row == ("2024-03-01T08:00:00+07:00", "2024-03-02T08:00:00+07:00", "2024-03-01")
    assert db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 1


def test_changed_text_adds_a_version_and_keeps_history(db):
    save_article(db, article(), now=T0)
    changed = save_article(
        db, article(text="BDK.VN - Tỉnh đẩy mạnh chuyển đổi số (đã sửa)."), now=T0 + timedelta(hours=5)
    )
    assert changed.status == "updated"
    stored = get_article(db, "https://baodongkhoi.vn/chuyen-doi-so-01032024-a120001.html")
    assert stored["text"] == "BDK.VN - Tỉnh đẩy mạnh chuyển đổi số (đã sửa)."
    assert [v["text"].endswith("(đã sửa).") for v in stored["versions"]] == [False, True]
    assert stored["first_seen_at"] == "2024-03-01T08:00:00+07:00"
    assert stored["content_hash"] == content_hash(stored["text"])


def test_text_is_stored_nfc_and_searchable_with_and_without_accents(db):
    nfd = unicodedata.normalize("NFD", "Bến Tre đẩy mạnh chuyển đổi số trong cơ quan nhà nước.")
    save_article(db, article(url="https://baodongkhoi.vn/a-a1.html", text=nfd), now=T0)
    save_article(
        db, article(url="https://baodongkhoi.vn/b-a2.html", title="Tin khác", text="Mùa lúa mới ở Chợ Lách."), now=T0
    )
    stored = db.execute("SELECT id, text FROM articles WHERE url LIKE '%a1.html'").fetchone()
    assert stored[1] == unicodedata.normalize("NFC", nfd)
    for query in ("chuyển đổi số", "chuyen doi so", '"chuyen doi so"', "Ben Tre", "dẩy"):
        assert fts(db, query.replace("đ", "d").replace("Đ", "D")) == [stored[0]], query
    assert fts(db, "lua moi") != [stored[0]]


def test_fts_follows_updates_and_deletes(db):
    result = save_article(db, article(text="Nội dung cũ về nông nghiệp."), now=T0)
    save_article(db, article(text="Nội dung mới về du lịch."), now=T0 + timedelta(days=1))
    assert fts(db, "nong nghiep") == []
    assert fts(db, "du lich") == [result.article_id]
    with transaction(db):
        db.execute("DELETE FROM article_versions")
        db.execute("DELETE FROM articles")
    assert fts(db, "du lich") == []


def test_failed_write_leaves_previous_state(db):
    save_article(db, article(), now=T0)
    with pytest.raises(RuntimeError):
        with transaction(db):
            save_article(db, article(text="Bản sửa chưa xong."), now=T0 + timedelta(days=1))
            raise RuntimeError("crash in the middle")
    stored = get_article(db, "https://baodongkhoi.vn/chuyen-doi-so-01032024-a120001.html")
    assert len(stored["versions"]) == 1 and "chưa xong" not in stored["text"]


def test_reader_never_blocked_and_never_sees_half_an_article(db_path):
    writer = open_archive(db_path)
    save_article(writer, article(), now=T0)
    reader = open_archive(db_path)
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE articles SET text = 'nửa chừng', title = 'nửa'")
    writer.execute(
        "INSERT INTO article_versions (article_id, fetched_at, content_hash, text) VALUES (1, 'x', 'h', 't')"
    )
    # The reader answers at once (WAL) and sees the committed state only.
    row = reader.execute("SELECT title, (SELECT count(*) FROM article_versions) FROM articles").fetchone()
    assert row == ("Chuyển đổi số ở Bến Tre", 1)
    writer.conn.execute("ROLLBACK")


def test_second_writer_waits_then_reports_a_locked_archive(db_path):
    first = open_archive(db_path)
    second = open_archive(db_path, timeout=0.2)
    first.conn.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ArchiveLockedError):
            save_article(second, article(), now=T0)
    finally:
        first.conn.execute("ROLLBACK")
    assert save_article(second, article(), now=T0).status == "new"


def test_snapshot_while_another_connection_writes(db_path, tmp_path):
    db = open_archive(db_path)
    for i in range(50):
        save_article(db, article(url=f"https://baodongkhoi.vn/tin-{i}-a{i}.html", text=f"Bài số {i}."), now=T0)
    stop = threading.Event()

    def keep_writing():
        writer = open_archive(db_path)
        i = 1000
        while not stop.is_set():
            save_article(writer, article(url=f"https://baodongkhoi.vn/moi-{i}-a{i}.html", text=f"Bài mới {i}."), now=T0)
            i += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        out = write_snapshot(db.conn, tmp_path / "snap.sqlite")
    finally:
        stop.set()
        thread.join()
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    articles, versions = copy.execute(
        "SELECT count(*), (SELECT count(*) FROM article_versions) FROM articles"
    ).fetchone()
    assert articles >= 50 and articles == versions  # one committed state: every article with its version
    assert copy.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'bai'").fetchone()[0] == articles


def test_snapshot_until_rolls_back_to_that_day(db, tmp_path):
    url = "https://baodongkhoi.vn/chuyen-doi-so-01032024-a120001.html"
    save_article(db, article(), now=T0)
    save_article(db, article(text="Bản đã sửa ngày 5/3."), now=T0 + timedelta(days=4))
    save_article(
        db, article(url="https://baodongkhoi.vn/sau-a9.html", text="Bài đăng sau."), now=T0 + timedelta(days=6)
    )
    out = write_snapshot(db.conn, tmp_path / "old.sqlite", until=date(2024, 3, 2))
    old = open_archive(out)
    rows = list(old.query("SELECT url, text FROM articles"))
    assert rows == [{"url": url, "text": article()["text"]}]
    assert old.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 1
    assert old.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'sua'").fetchone()[0] == 0
    with pytest.raises(Exception, match="exists"):
        write_snapshot(db.conn, out)


def test_snapshot_until_leaves_no_link_to_a_removed_original(db, tmp_path):
    text = "Sáng 12/3, tỉnh tổ chức hội nghị về chuyển đổi số với sự tham dự của các sở, ngành và địa phương. " * 6
    copy = save_article(db, article(url="https://baobackan.vn/ban-sao-post2.html", text="BBK - " + text,
                                    published="2024-03-12T10:00:00+07:00"), now=T0)
    original = save_article(db, article(url="https://ict.backan.gov.vn/Pages/a-1-0123456789abcdef.aspx", text=text,
                                        published="2024-03-12T08:00:00+07:00"), now=T0 + timedelta(days=6))
    assert db.execute("SELECT duplicate_of FROM articles WHERE id = ?", [copy.article_id]).fetchone()[0] == (
        original.article_id)
    old = open_archive(write_snapshot(db.conn, tmp_path / "old.sqlite", until=date(2024, 3, 2)))
    assert list(old.query("SELECT id, cluster_id, duplicate_of FROM articles")) == [
        {"id": copy.article_id, "cluster_id": copy.article_id, "duplicate_of": None}]


def test_migrates_an_archive_from_an_older_version(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    old = open_archive(db_path, migrate=False)
    with transaction(old):
        MIGRATIONS[0](old)
        old.execute("PRAGMA user_version = 1")
        old.execute(
            "INSERT INTO articles (url, site, text, content_hash, first_seen_at, last_seen_at) "
            "VALUES ('https://baobackan.vn/cu-post1.html', 'bbk', 'Bài cũ ở Bắc Kạn.', 'h', 't', 't')"
        )
    old.conn.close()
    db = open_archive(db_path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT text, duplicate_of FROM articles").fetchone() == ("Bài cũ ở Bắc Kạn.", None)
    assert fts(db, "bac kan") == [1]


def test_refuses_a_newer_schema_and_non_sqlite_files(db_path, tmp_path):
    open_archive(db_path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNewError):
        open_archive(db_path)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("không phải SQLite")
    with pytest.raises(NotAnArchiveError):
        open_archive(text_file)
    with pytest.raises(NotAnArchiveError):
        open_archive(tmp_path / "missing.sqlite", create=False)


_TWO_CONNECTIONS_WRITER = """
import sys, time
from archive.db import open_archive
from archive.store import save_article
first = open_archive(sys.argv[1])   # as a crawl holds the guard's connection ...
second = open_archive(sys.argv[1])  # ... and the pipelines' one
for i in range(12):
    save_article(second, {"url": f"https://baodongkhoi.vn/bai-{i}-a{i}.html", "site": "bdk",
                          "title": f"Bài {i}", "text": f"Nội dung bài số {i} của tỉnh Bến Tre."})
    print(i, flush=True)
time.sleep(60)
"""


@pytest.mark.e2e
def test_opening_twice_keeps_commits_safe_from_other_processes(db_path):
    """A process with two connections open, killed with -9, keeps every commit while another process
    (a report, Datasette, the next cron run) opens and closes its own connections meanwhile."""
    open_archive(db_path).conn.close()
    writer = subprocess.Popen([sys.executable, "-c", _TWO_CONNECTIONS_WRITER, str(db_path)],
                              stdout=subprocess.PIPE, text=True, cwd=str(REPO))
    try:
        for _ in range(12):
            assert writer.stdout.readline(), "the writer died"
            other = sqlite3.connect(db_path)  # read-write, closed at once: the last one out checkpoints
            other.execute("SELECT count(*) FROM articles").fetchone()
            other.close()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.communicate()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 12


def test_crawls_and_failures(db):
    crawl = start_crawl(db, "bdk", now=T0)
    assert (
        record_failure(
            db,
            "https://baodongkhoi.vn/x-a1.html",
            reason="HTTP 503",
            http_status=503,
            site="bdk",
            crawl_id=crawl,
            park_after=2,
            now=T0,
        )
        == 1
    )
    assert (
        record_failure(
            db,
            "https://baodongkhoi.vn/x-a1.html",
            reason="HTTP 503",
            http_status=503,
            site="bdk",
            crawl_id=crawl,
            park_after=2,
            now=T0,
        )
        == 2
    )
    finish_crawl(db, crawl, counts={"new": 3, "failed": 1}, now=T0 + timedelta(minutes=2))
    assert db.execute("SELECT parked, attempts FROM failures").fetchone() == (1, 2)
    assert db.execute("SELECT status, new, failed, finished_at FROM crawls").fetchone() == (
        "finished",
        3,
        1,
        "2024-03-01T08:02:00+07:00",
    )


def test_insert_articles_stores_a_batch_with_versions_in_one_transaction(db):
    batch = [{"url": f"https://baodongkhoi.vn/tin-{i}.html", "site": "bdk", "title": f"Tin {i}",
              "text": f"Nội dung\u00a0bài {i}."} for i in range(3)]
    assert insert_articles(db, batch, now=datetime(2024, 1, 2, 8, 0, tzinfo=VN_TZ)) == 3
    article = get_article(db, "https://baodongkhoi.vn/tin-2.html")
    assert article["text"] == "Nội dung bài 2." and article["first_seen_at"] == "2024-01-02T08:00:00+07:00"
    assert [v["source"] for v in article["versions"]] == ["import"]
    with pytest.raises(sqlite3.IntegrityError):  # a URL already archived: nothing of the batch is stored
        insert_articles(db, [{"url": "https://baodongkhoi.vn/moi.html", "text": "Mới."}, batch[0]])
    assert get_article(db, "https://baodongkhoi.vn/moi.html") is None

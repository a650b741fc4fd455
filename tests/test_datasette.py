"""Datasette on loopback: `archive serve` for real, its JSON API, full-text search and canned queries."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from importlib import resources

import pytest

from archive.db import open_archive
from tests.conftest import REPO
from tests.helpers.archive_samples import ARTICLES, fill_archive

pytestmark = pytest.mark.e2e  # every test here starts a crawl, a server or a subprocess

pytest.importorskip("datasette", reason="Datasette is the optional extra `serve` (in the test extra)")

METADATA = json.loads(resources.files("archive").joinpath("datasette_metadata.json").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


def start(args: list[str], port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited early: {proc.stdout.read()}")
        try:
            get_json(f"http://127.0.0.1:{port}/-/versions.json")
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not come up within 60 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "archive.sqlite"
    db = open_archive(path)
    fill_archive(db)
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def served(archive_path):
    """`archive serve` started as a user would, on a free loopback port."""
    port = free_port()
    code = "import sys; sys.argv[0] = 'archive'; from crawler.cli import run; run()"
    proc = start([sys.executable, "-c", code, "serve", "--port", str(port), "--db", str(archive_path)], port)
    yield f"http://127.0.0.1:{port}"
    stop(proc)


def search(base: str, query: str) -> list[str]:
    url = f"{base}/archive/articles.json?_shape=array&_search={urllib.parse.quote_plus(query)}"
    return [row["url"] for row in get_json(url)]


def url_of(fragment: str) -> str:
    return next(a["url"] for a in ARTICLES if fragment in a["url"])


def test_search_box_is_accent_insensitive(served):
    plain = search(served, "chuyen doi so")
    assert url_of("a1001") in plain and url_of("post2001") in plain
    assert url_of("le-hoi-lang-sen") not in plain
    # The plugin loaded by `archive serve` folds đ like the index does.
    assert sorted(search(served, "chuyển đổi số")) == sorted(plain)
    assert search(served, "Đồng Khởi") == search(served, "Dong Khoi") == [url_of("a1002")]


def test_canned_queries_answer(served):
    per_month = get_json(f"{served}/archive/articles_per_site_month.json?_shape=array")
    assert {"site": "bdk", "month": "2024-03", "articles": 1, "duplicates": 0} in per_month
    assert {"site": "baonghean", "month": "2024-03", "articles": 1, "duplicates": 1} in per_month
    latest = get_json(f"{served}/archive/latest_articles.json?_shape=array")
    assert latest[0]["url"] == url_of("post2001")  # published 2024-05-20, the newest
    clusters = get_json(f"{served}/archive/duplicate_clusters.json?_shape=array")
    assert len(clusters) == 1 and clusters[0]["members"] == 2 and clusters[0]["sites"] == 2
    assert clusters[0]["title"] == ARTICLES[0]["title"]
    hits = get_json(f"{served}/archive/search.json?_shape=array&q={urllib.parse.quote_plus('đồng khởi')}")
    assert [h["url"] for h in hits] == [url_of("a1002")] and "[Đồng] [Khởi]" in hits[0]["snippet"]


def test_metadata_is_served(served):
    meta = get_json(f"{served}/-/metadata.json")
    columns = meta["databases"]["archive"]["tables"]["articles"]["columns"]
    assert "canonical URL" in columns["url"].lower() or "Canonical URL" in columns["url"]
    with urllib.request.urlopen(f"{served}/archive/articles", timeout=10) as response:
        page = response.read().decode("utf-8")
    assert "One row per article" in page and 'name="_search"' in page


def test_metadata_describes_real_columns(archive_path):
    db = open_archive(archive_path)
    try:
        tables = METADATA["databases"]["archive"]["tables"]
        for table, info in tables.items():
            assert db[table].exists(), table
            missing = set(info.get("columns", {})) - set(db[table].columns_dict)
            assert not missing, f"{table}: {missing}"
        assert set(tables["articles"]["columns"]) == set(db["articles"].columns_dict)
        for query in METADATA["databases"]["archive"]["queries"].values():
            sql = query["sql"].replace("escape_fts(", "(")  # Datasette's function; the rest is plain SQL
            db.execute(f"EXPLAIN {sql}", {"q": "doi"})  # compiles against the real schema
    finally:
        db.conn.close()


def test_plain_datasette_with_the_metadata_file(archive_path):
    """The documented `datasette data/archive.sqlite -m archive/datasette_metadata.json` searches too."""
    port = free_port()
    meta = resources.files("archive").joinpath("datasette_metadata.json")
    code = "import sys; sys.argv[0] = 'datasette'; from datasette.cli import cli; cli()"
    proc = start([sys.executable, "-c", code, "serve", str(archive_path), "-m", str(meta), "-h", "127.0.0.1",
                  "-p", str(port)], port)
    try:
        base = f"http://127.0.0.1:{port}"
        assert url_of("a1001") in search(base, "chuyen doi so")
        # Without the plugin `archive serve` loads, the table search box does not fold đ: use `archive serve`.
        assert search(base, "chuyển đổi số") == []
        hits = get_json(f"{base}/archive/search.json?_shape=array&q={urllib.parse.quote_plus('đồng khởi')}")
        assert [h["url"] for h in hits] == [url_of("a1002")]  # the canned search folds đ in SQL
    finally:
        stop(proc)


def test_serve_without_datasette_is_one_line(archive_path):
    code = "import sys; sys.modules['datasette'] = None; sys.argv[0] = 'archive'; from crawler.cli import run; run()"
    proc = subprocess.run([sys.executable, "-c", code, "serve", "--db", str(archive_path)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "Error: archive serve needs Datasette: pip install 'vn-news-archive[serve]'"
    ]


def test_serve_names_the_metadata_after_the_file():
    from crawler.cli.downstream_cmds import datasette_metadata

    meta = datasette_metadata("archive-2024-12-31")
    assert list(meta["databases"]) == ["archive-2024-12-31"]
    assert meta["databases"]["archive-2024-12-31"]["tables"]["articles"]["fts_table"] == "articles_fts"


def test_serve_missing_archive_is_one_line(tmp_path):
    from click.testing import CliRunner

    from crawler.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "nope.sqlite")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: no archive at {tmp_path / 'nope.sqlite'} (run `archive init` to create one)"
    ]

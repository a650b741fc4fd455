"""Scrapyd deployment, end to end: deploy the project as users do, run a job, check the archive.

A real Scrapyd server runs in a temporary folder on a free 127.0.0.1 port; ``scrapyd-deploy`` builds the
egg from a temporary copy of the project (it writes ``setup.py``, ``build/`` and ``*.egg-info`` beside
``scrapy.cfg``, and the copy keeps those out of the repository) and uploads it; a ``bdk`` job is scheduled
against the demo mirror served by this test.  The job imports the project from the uploaded egg (a zip
file), not from this tree: ``PYTHONPATH`` is removed from the server's environment, so whatever the egg
lacks (an entry point, a data file) fails the job here before it fails for a user.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import zipfile
from contextlib import closing
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytest.importorskip("scrapyd", reason="the test extra installs scrapyd")
pytest.importorskip("scrapyd_client", reason="the test extra installs scrapyd-client")

from crawler.demo import MIRROR_FOLDER  # noqa: E402
from crawler.profiles import PROFILES, get_profile  # noqa: E402
from crawler.profiles.registry import site_keys  # noqa: E402
from crawler.replay.mirror import FolderSource, serve_mirror  # noqa: E402

pytestmark = pytest.mark.e2e  # every test here starts a crawl, a server or a subprocess

REPO = Path(__file__).resolve().parent.parent
# What a deployable egg is built from (README.md: pyproject.toml names it as the readme).
PROJECT_FILES = ("scrapy.cfg", "pyproject.toml", "README.md", "crawler", "archive")
CFG_URL_LINE = "url = http://localhost:6800/"
JOB_TIMEOUT = 90.0
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str, data: list[tuple[str, str]] | None = None, timeout: float = 10.0) -> dict:
    body = urlencode(data).encode() if data is not None else None
    with NO_PROXY.open(url, data=body, timeout=timeout) as response:
        return json.loads(response.read())


def child_env(home: Path) -> dict[str, str]:
    """The environment of Scrapyd and scrapyd-deploy: no PYTHONPATH (jobs must import the egg's code),
    no ~/.scrapyd.conf of the user running the tests, nothing that could send loopback requests to a proxy."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and "proxy" not in k.lower()}
    env.update(HOME=str(home), NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    return env


def write_conf(folder: Path, port: int) -> None:
    (folder / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {folder / 'eggs'}\n"
        f"logs_dir = {folder / 'logs'}\n"
        f"dbs_dir = {folder / 'dbs'}\n"
        f"items_dir = {folder / 'items'}\n"
        "max_proc = 1\n"
        "poll_interval = 0.2\n",
        encoding="utf-8",
    )


def wait_for_scrapyd(process: subprocess.Popen, url: str, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"scrapyd exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if get_json(url + "daemonstatus.json", timeout=2)["status"] == "ok":
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"scrapyd did not answer within {timeout} s:\n{log.read_text(errors='replace')}")


def copy_project(target: Path, scrapyd_url: str) -> None:
    """The files an egg is built from, with the deploy target pointed at the test's server."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    cfg = (target / "scrapy.cfg").read_text(encoding="utf-8")
    assert CFG_URL_LINE in cfg, "scrapy.cfg's [deploy] target changed: update this test and README.md"
    (target / "scrapy.cfg").write_text(cfg.replace(CFG_URL_LINE, f"url = {scrapyd_url}"), encoding="utf-8")


def expected_bdk_urls() -> set[str]:
    """The canonical URLs of the BDK articles the demo mirror holds."""
    profile = get_profile("bdk")
    assert profile is not None
    site = MIRROR_FOLDER / profile.canonical_host
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    urls = {f"https://{profile.canonical_host}/{name}" for name in files}
    return {profile.canonical_url(u) for u in urls if profile.is_article_url(u)}


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    """A Scrapyd server with the project deployed as users deploy it; yields its URL, folder and the deploy."""
    tmp = tmp_path_factory.mktemp("scrapyd")
    server_dir, project_dir, home = tmp / "server", tmp / "project", tmp / "home"
    for folder in (server_dir, project_dir, home):
        folder.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    write_conf(server_dir, port)
    env = child_env(home)
    server_log = server_dir / "scrapyd.out"
    with server_log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapyd"], cwd=server_dir, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for_scrapyd(process, url, server_log)
        copy_project(project_dir, url)
        # What users type: `scrapyd-deploy` in the project folder (default target, project from scrapy.cfg).
        deploy = subprocess.run(
            [sys.executable, "-m", "scrapyd_client.deploy", "-v", "r1"],
            cwd=project_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        yield {"url": url, "server_dir": server_dir, "deploy": deploy}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_job(scrapyd: dict, spider: str, settings: dict[str, str]) -> Path:
    """Schedule ``spider`` with ``settings``, wait until Scrapyd lists it finished; its log file."""
    url = scrapyd["url"]
    scheduled = get_json(url + "schedule.json", [("project", "crawler"), ("spider", spider),
                                                 *(("setting", f"{k}={v}") for k, v in settings.items())])
    assert scheduled["status"] == "ok", scheduled
    job_id = scheduled["jobid"]
    deadline = time.monotonic() + JOB_TIMEOUT
    while True:
        jobs = get_json(url + "listjobs.json?project=crawler")
        if any(job["id"] == job_id for job in jobs["finished"]):
            return scrapyd["server_dir"] / "logs" / "crawler" / spider / f"{job_id}.log"
        if time.monotonic() > deadline:
            pytest.fail(f"job {job_id} not finished after {JOB_TIMEOUT} s: {jobs}")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def scrapyd_job(scrapyd, tmp_path_factory):
    """Schedule ``bdk`` against the demo mirror, wait for the job; yields what the checks need."""
    db_path = tmp_path_factory.mktemp("job") / "data" / "archive.sqlite"
    mirror, mirror_url = serve_mirror(FolderSource(MIRROR_FOLDER))
    try:
        job_log = run_job(scrapyd, "bdk", {"ARCHIVE_DB": str(db_path), "MIRROR_URL": mirror_url})
        yield {
            "url": scrapyd["url"],
            "deploy": scrapyd["deploy"],
            "eggs_dir": scrapyd["server_dir"] / "eggs",
            "db_path": db_path,
            "job_log": job_log,
            "mirror_requests": list(mirror.requests),
        }
    finally:
        mirror.shutdown()
        mirror.server_close()


def test_deploy_uploads_an_egg_with_the_project_and_its_settings(scrapyd_job):
    """scrapyd-deploy answered ok and Scrapyd lists the project's spiders from the egg it stored."""
    assert '"status": "ok"' in scrapyd_job["deploy"].stdout, scrapyd_job["deploy"].stdout
    spiders = get_json(scrapyd_job["url"] + "listspiders.json?project=crawler")
    assert spiders["status"] == "ok", spiders
    assert set(site_keys(PROFILES)) <= set(spiders["spiders"])
    eggs = list((scrapyd_job["eggs_dir"] / "crawler").glob("*.egg"))
    assert len(eggs) == 1, eggs
    with zipfile.ZipFile(eggs[0]) as zipped:
        entry_points = zipped.read("EGG-INFO/entry_points.txt").decode()
    assert "[scrapy]" in entry_points and "settings = crawler.settings" in entry_points


def test_job_stores_every_bdk_article_of_the_mirror(scrapyd_job):
    expected = expected_bdk_urls()
    assert expected, "the demo mirror holds no BDK article"
    with closing(sqlite3.connect(scrapyd_job["db_path"])) as conn:
        stored = {url for (url,) in conn.execute("SELECT url FROM articles WHERE site = 'bdk'")}
        sites = {site for (site,) in conn.execute("SELECT DISTINCT site FROM articles")}
    assert stored == expected
    assert sites == {"bdk"}
    assert scrapyd_job["mirror_requests"], "the job never reached the mirror"


def test_job_records_a_finished_crawl(scrapyd_job):
    with closing(sqlite3.connect(scrapyd_job["db_path"])) as conn:
        rows = conn.execute("SELECT site, status, new, failed, finished_at FROM crawls").fetchall()
    assert len(rows) == 1, rows
    site, status, new, failed, finished_at = rows[0]
    assert (site, status, failed) == ("bdk", "finished", 0)
    assert new == len(expected_bdk_urls())
    assert finished_at


def test_job_log_has_no_error(scrapyd_job):
    log = scrapyd_job["job_log"].read_text(encoding="utf-8", errors="replace")
    assert "Spider closed (finished)" in log, log[-3000:]
    assert "Traceback" not in log, log
    assert " ERROR: " not in log, log


def test_a_job_with_frontier_url_is_a_worker_of_a_scale_out_crawl(scrapyd, tmp_path):
    """docs/scale-out.md: "Scrapyd nodes work the same way": a job scheduled with ``FRONTIER_URL`` takes
    requests from the shared queue and pushes its articles to the ingester; its WARC files are indexed."""
    from tests.helpers.frontier import CLI, cli_env, wait_for_open_run
    from tests.helpers.redis_server import redis_server
    from tests.helpers.schedule_mirror import GeneratedSite, count_articles

    site = GeneratedSite(pages=6, per_page=20, delay=0.05)  # 120 BDK articles, slow enough to share
    server, base = serve_mirror(site)
    db = tmp_path / "data" / "archive.sqlite"
    db.parent.mkdir()
    try:
        with redis_server(tmp_path / "redis") as url:
            env = {**cli_env(), "FRONTIER_CONCURRENCY": "1"}  # the seeder crawls slowly: the job takes most
            subprocess.run([*CLI, "init", "--db", str(db)], env=env, check=True, capture_output=True)
            seeder = subprocess.Popen([*CLI, "crawl", "bdk", "--frontier", url, "--mirror", base, "--db", str(db)],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            wait_for_open_run(url, seeder)  # an ingester started now waits for the run to close
            ingester = subprocess.Popen([*CLI, "ingest", "--frontier", url, "--db", str(db), "--until-idle", "3",
                                         "-q"], env=env, stdout=(tmp_path / "ingest.log").open("w"),
                                        stderr=subprocess.STDOUT)
            # the node's data folder is the archive's (as if mounted there), so its WARC files get indexed
            job_log = run_job(scrapyd, "bdk", {"FRONTIER_URL": url, "ARCHIVE_DB": str(db), "MIRROR_URL": base,
                                               "FRONTIER_WORKER": "scrapyd-1"})
            out, err = seeder.communicate(timeout=120)
            assert seeder.returncode == 0, (out + err)[-3000:]
            assert ingester.wait(60) == 0, (tmp_path / "ingest.log").read_text()[-3000:]
    finally:
        server.stop()
    log = job_log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and " ERROR: " not in log, log[-3000:]
    pushed = re.search(r"'frontier/items_pushed': (\d+)", log)
    assert pushed and int(pushed.group(1)) > 0, log[-3000:]  # the job did a share of the work
    assert count_articles(db) == 120
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM article_versions").fetchone() == (120,)  # each stored once
        files = [f for (f,) in conn.execute("SELECT DISTINCT warc_file FROM captures")]
    assert any("workers/scrapyd-1/" in f for f in files), files

"""What makes a crawler a frontier worker (crawler/cluster/worker_settings.py), checked on the project's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("scrapy_redis", reason="the test extra installs scrapy-redis")

from crawler.cluster.worker_settings import make_worker  # noqa: E402
from crawler.runner.crawl_process import project_settings  # noqa: E402


def worker(tmp_path: Path, **overrides):
    settings = project_settings({"ARCHIVE_DB": str(tmp_path / "a.sqlite"), "FRONTIER_URL": "redis://127.0.0.1:1/0",
                                 **overrides})
    make_worker(settings, seeder=False, priority="cmdline")
    return settings


def test_the_shared_per_domain_limits_default_to_what_one_process_uses(tmp_path):
    """Scrapy's own delay is 0 on a worker (Redis gives each request its moment); the shared delay must not
    follow it to 0, or a frontier crawl would send requests to a site as fast as its concurrency allows."""
    settings = worker(tmp_path, DOWNLOAD_DELAY=1.5, CONCURRENT_REQUESTS_PER_DOMAIN=3)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0
    assert settings.getfloat("FRONTIER_DOMAIN_DELAY") == 1.5
    assert settings.getint("FRONTIER_DOMAIN_CONCURRENCY") == 3


def test_a_loopback_mirror_lifts_the_shared_limits_as_it_lifts_one_process_delays(tmp_path):
    settings = worker(tmp_path, MIRROR_URL="http://127.0.0.1:8765")  # settings.py: DOWNLOAD_DELAY 1.0
    assert settings.getfloat("FRONTIER_DOMAIN_DELAY") == 0
    assert settings.getint("FRONTIER_DOMAIN_CONCURRENCY") == 16


def test_explicit_shared_limits_win(tmp_path):
    settings = worker(tmp_path, DOWNLOAD_DELAY=1.5, FRONTIER_DOMAIN_DELAY="0.2", FRONTIER_DOMAIN_CONCURRENCY="8")
    assert settings.getfloat("FRONTIER_DOMAIN_DELAY") == 0.2
    assert settings.getint("FRONTIER_DOMAIN_CONCURRENCY") == 8


def test_a_worker_is_made_once_and_has_a_name_of_its_own(tmp_path):
    settings = worker(tmp_path)
    assert settings["SCHEDULER"].endswith("FrontierScheduler")
    assert "ArchivePipeline" not in str(settings["ITEM_PIPELINES"])
    name = settings["FRONTIER_WORKER"]
    assert name and name != "worker"  # host-pid: two Scrapyd nodes never share a taken-hash
    make_worker(settings, seeder=True, priority="cmdline")  # a second call (the spider class's) changes nothing
    assert settings.getbool("FRONTIER_SEEDER") is False

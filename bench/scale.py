"""Scale-out: pages/s with 1, 2, 4 … frontier workers on many slow sites, each held to a per-domain rate.

A loopback mirror serves ``--sites`` generated BDK-style papers (``--articles`` each) on their own hosts,
every answer ``--latency`` seconds late.  For each worker count N the bench starts a fresh redis-server
and archive, an ingester, the seeder (``archive crawl … --frontier``, itself a worker) and N-1
``archive worker`` processes, each allowed ``--concurrency`` requests in flight, all of them together
``--rate`` requests a second per domain.  It prints, per N: articles stored, seconds, pages/s, the
speed-up against one worker, the CPU seconds of all processes (so the binding limit shows: CPU, the
workers' concurrency, or the per-domain rate), and the highest per-domain rate the mirror saw.

    python bench/scale.py                      # 50 sites x 40 articles, 200 ms answers, 1 and 10 req/s/domain, 1/2/4
    python bench/scale.py --sites 10 --articles 20 --workers 1,2   # a quick look

"limit" is sites x rate: the pages a second no number of workers can pass.  With 1 request a second per
domain one worker already reaches it (the plateau); with 10 the limit is far, and what binds is the
workers' CPU and concurrency (the speed-up per added worker).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.replay.mirror import serve_mirror  # noqa: E402
from tests.helpers.many_sites import ManySites, most_in_a_window, site_hosts, write_sites_file  # noqa: E402
from tests.helpers.redis_server import redis_server  # noqa: E402

CLI = [sys.executable, "-c", "from crawler.cli import run; run()"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(workers: int, rate: float, args: argparse.Namespace, root: Path) -> dict:
    folder = root / f"r{rate:g}-n{workers}"
    folder.mkdir()
    sites_file = folder / "sites.toml"
    keys = write_sites_file(sites_file, site_hosts(args.sites))
    env = {**os.environ, "PYTHONPATH": str(REPO), "SITES_FILE": str(sites_file), "CRAWLER_LOG_LEVEL": "ERROR",
           "FRONTIER_DOMAIN_DELAY": str(1 / rate), "FRONTIER_DOMAIN_CONCURRENCY": str(args.domain_concurrency),
           "FRONTIER_CONCURRENCY": str(args.concurrency), "WARC_ENABLED": "0"}
    source = ManySites(site_hosts(args.sites), per_site=args.articles, latency=args.latency)
    server, base = serve_mirror(source)
    db = folder / "archive.sqlite"
    try:
        with redis_server(folder / "redis") as url:
            subprocess.run([*CLI, "init", "--db", str(db)], env=env, check=True, capture_output=True)
            cpu_before = children_cpu()
            log = (folder / "log.txt").open("w")
            ingester = subprocess.Popen([*CLI, "ingest", "--frontier", url, "--db", str(db), "--until-idle", "3",
                                         "-q"], env=env, stdout=log, stderr=subprocess.STDOUT)
            started = time.monotonic()
            seeder = subprocess.Popen([*CLI, "crawl", *keys, "--frontier", url, "--mirror", base, "--db", str(db),
                                       "-q"], env=env, stdout=log, stderr=subprocess.STDOUT)
            others = [subprocess.Popen([*CLI, "worker", "--frontier", url, "--name", f"w{n}", "--mirror", base,
                                        "--wait", "30", "--db", str(folder / f"w{n}" / "archive.sqlite")],
                                       env=env, stdout=log, stderr=subprocess.STDOUT) for n in range(2, workers + 1)]
            seeder.wait()
            seconds = time.monotonic() - started
            for process in [*others, ingester]:
                process.wait()
            cpu = children_cpu() - cpu_before
    finally:
        server.stop()
    import sqlite3

    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    every = sorted(t for times in source.arrivals.values() for t in times)
    fetching = every[-1] - every[0] if len(every) > 1 else seconds  # first to last request the mirror saw
    peak = max((most_in_a_window(times, 10.0) / 10.0 for times in source.arrivals.values()), default=0.0)
    return {"workers": workers, "stored": stored, "seconds": seconds, "fetching": fetching,
            "pages_s": len(every) / fetching, "cpu": cpu, "peak_domain_rate": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--articles", type=int, default=40, help="articles per site")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds before each answer")
    parser.add_argument("--rate", default="1,10", help="requests a second per domain, all workers (one or more)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight per site and worker")
    parser.add_argument("--domain-concurrency", type=int, default=1,
                        help="requests in flight per domain, all workers together")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure, e.g. 1,2,4,8")
    args = parser.parse_args()
    try:
        counts = [int(n) for n in args.workers.split(",") if n.strip()]
        rates = [float(r) for r in args.rate.split(",") if r.strip()]
    except ValueError:
        parser.error("--workers and --rate take comma-separated numbers, e.g. --workers 1,2,4 "
                     "--rate 1,10")
    if not counts or not rates or min(counts) < 1 or min(rates) <= 0 or args.sites < 1 or args.articles < 1:
        parser.error("--workers, --rate, --sites and --articles must be positive")
    print(f"{args.sites} sites x {args.articles} articles, {args.latency * 1000:.0f} ms answers, "
          f"{args.concurrency} in flight per site and worker, {args.domain_concurrency} per domain in all, "
          f"{os.cpu_count()} cores", flush=True)
    print("pages/s: requests the mirror answered between the first and the last; run s: the seeder's whole run "
          "(start-up and the idle check that closes the run included)")
    print(f"{'limit':>9} {'workers':>7} {'stored':>7} {'run s':>6} {'fetch s':>7} {'pages/s':>8} {'speed-up':>8} "
          f"{'CPU s':>7} "
          f"{'CPU/page ms':>11} {'max domain req/s (10 s)':>24}")
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        for rate in rates:
            base = None
            for n in counts:
                row = one_run(n, rate, args, Path(tmp))
                base = base or row["pages_s"]
                per_page = 1000 * row["cpu"] / max(row["stored"], 1)
                print(f"{f'{rate * args.sites:g}/s':>9} {n:>7} {row['stored']:>7} {row['seconds']:>6.1f} "
                      f"{row['fetching']:>7.1f} {row['pages_s']:>8.1f} {row['pages_s'] / base:>8.2f} "
                      f"{row['cpu']:>7.1f} {per_page:>11.1f} {row['peak_domain_rate']:>24.2f}", flush=True)

if __name__ == "__main__":
    main()

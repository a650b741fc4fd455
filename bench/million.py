"""A million articles on one machine: archive size, search, dedup, stats, report, export and snapshot at scale.

    python bench/million.py --size 10000|100000|1000000 [--folder bench-data] [--queries 200] [--online 300]
                            [--json FILE] [--skip snapshot,report]

1. Builds ``<folder>/million-<size>.sqlite`` once (reused by later runs: the build is the slow part)
   from a generated corpus (``bench/vn_corpus.py``'s Vietnamese text): 40 sites, 20 years of
   dates (2006-2025, first seen a few hours after publication), planted near-duplicate copies on
   other sites (about 15%), and templated notices (weekly schedules, weather, water-level notices:
   the same text republished, about 1% of the archive, so their clusters grow with the archive).
   Articles go in through the store's own record preparation, in batches, then the batch
   ``archive dedup`` links them (its time and peak memory are the batch dedup figures).
2. Prints, against baselines measured in the same run:
   * the file's size per article, and each table and index (``dbstat``); the WARC bytes a page
     costs, from a sample of pages written with warcio as the crawl writes them;
   * ``search_articles`` p50/p95/max over ``--queries`` queries (1-4 syllables, with and without
     accents, phrases, site and date filters), in process (the command adds its start-up);
   * online dedup: ``save_article`` rate (new articles, copies, templated notices) on this archive
     against the same saves on the 10,000-article archive (built too when missing), rolled back
     afterwards so the files stay as built;
   * ``archive stats``, ``report``, ``export --format parquet``, ``snapshot --until <year>`` and an
     incremental ``archive dedup``: wall time and peak RSS of each command's process, beside
     ``archive --help`` (the start-up every command pays) as the baseline.

With ``--json`` the figures are also written to FILE (tests/test_million_bench.py compares the 50k
figures with the ones pinned in bench/million_pins.json).  No test needs the big archives.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from vn_corpus import EDITS, PHRASES, PLACES, Generator, _edit  # noqa: E402

from archive.db import open_archive, transaction  # noqa: E402
from archive.filters import ArticleFilter  # noqa: E402
from archive.search import search_articles  # noqa: E402
from archive.store import VERSIONED_FIELDS, prepare_record, save_article  # noqa: E402
from archive.vn_time import VN_TZ  # noqa: E402

SITES = [f"tinh{n:02d}" for n in range(40)]
START = datetime(2006, 1, 1, 6, 0, tzinfo=VN_TZ)
YEARS = 20
COPY_SHARE = 0.15
TEMPLATE_SHARE = 0.01
BATCH = 2000
BASELINE_SIZE = 10_000
NOTICES = [
    "Lịch làm việc tuần của Thường trực Ủy ban nhân dân tỉnh: sáng thứ Hai họp giao ban, chiều thứ Hai "
    "làm việc với các sở, ngành; thứ Ba tiếp công dân định kỳ tại Trụ sở tiếp công dân tỉnh; thứ Tư dự "
    "hội nghị trực tuyến với Chính phủ; thứ Năm kiểm tra tiến độ các công trình trọng điểm; thứ Sáu họp "
    "Thường trực Ủy ban nhân dân tỉnh.",
    "Dự báo thời tiết: khu vực tỉnh có mây, ngày nắng, chiều tối có mưa rào và dông rải rác, trong cơn dông "
    "có khả năng xảy ra lốc, sét và gió giật mạnh. Gió đông nam cấp 2 đến cấp 3. Người dân chủ động theo dõi "
    "các bản tin tiếp theo để phòng tránh.",
    "Thông báo lịch cắt điện: để bảo dưỡng, sửa chữa lưới điện, Điện lực tỉnh tạm ngừng cung cấp điện tại "
    "một số khu vực thuộc các huyện trong tỉnh. Điện lực tỉnh thành thật xin lỗi khách hàng vì sự bất tiện "
    "này và mong nhận được sự thông cảm của quý khách hàng.",
    "Thông báo mực nước các sông chính trên địa bàn tỉnh: mực nước đang ở mức thấp hơn báo động một, các "
    "địa phương theo dõi chặt chẽ diễn biến, chủ động phương án bảo vệ sản xuất và an toàn cho người dân "
    "vùng ven sông.",
]


# --- the corpus --------------------------------------------------------------------------------


def corpus(size: int, seed: int = 18, first: int = 0) -> Iterator[dict]:
    """``size`` articles in archive order (published dates rise through 20 years), as a crawl stores them."""
    gen = Generator(seed)
    rnd = gen.rnd
    span = YEARS * 365 * 24 * 60
    n = 0
    pending: list[dict] = []
    while n < size:
        if pending:
            article = pending.pop()
        else:
            at = START + timedelta(minutes=int(span * (first + n) / max(size + first, 1)) + rnd.randrange(600))
            site = rnd.choice(SITES)
            if rnd.random() < TEMPLATE_SHARE:
                notice = rnd.randrange(len(NOTICES))
                text = f"{NOTICES[notice]}\n{rnd.choice(PLACES)}: {PHRASES[notice * 7 % len(PHRASES)]}."
                article = _article(site, f"Thông báo số {notice}", [text], at)
            else:
                words = int(min(800, max(150, rnd.lognormvariate(5.95, 0.4))))
                paras = gen.body(words)
                article = _article(site, gen.sentence(6, 12)[:-1], paras, at)
                if rnd.random() < COPY_SHARE / (1 - COPY_SHARE):
                    copy = _edit(gen, paras, rnd.choice(EDITS))
                    other = rnd.choice([s for s in SITES if s != site])
                    pending.append(_article(other, article["title"], copy, at + timedelta(hours=rnd.randint(1, 48))))
        article["url"] = f"https://{article['site']}.example.vn/bai-{first + n}.html"
        n += 1
        yield article


def _article(site: str, title: str, paras: list[str], at: datetime) -> dict:
    return {"site": site, "title": title, "text": "\n".join(paras), "published": at.isoformat(),
            "category": "Thời sự", "tags": ["thời sự"], "seen_at": (at + timedelta(hours=3)).isoformat()}


def build(path: Path, size: int) -> dict:
    """Write ``size`` generated articles, then run the batch ``archive dedup``; returns the build figures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    for stale in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        stale.unlink(missing_ok=True)
    db = open_archive(part)
    started = time.perf_counter()
    batch: list[dict] = []
    done = 0
    for article in corpus(size):
        batch.append(article)
        if len(batch) == BATCH:
            _insert(db, batch)
            done += len(batch)
            batch = []
            print(f"\r  built {done:,}/{size:,}", end="", file=sys.stderr, flush=True)
    _insert(db, batch)
    print(file=sys.stderr)
    insert_s = time.perf_counter() - started
    db.conn.close()
    dedup = run_command(["dedup", "--db", str(part)])
    part.rename(path)
    return {"insert_s": insert_s, "batch_dedup_s": dedup["seconds"], "batch_dedup_cpu_s": dedup["cpu_s"],
            "batch_dedup_peak_mb": dedup["peak_mb"]}


def _insert(db, articles: list[dict]) -> None:
    if not articles:
        return
    with transaction(db):
        for article in articles:
            record = prepare_record(article)
            seen = article["seen_at"]
            cols = [*record, "first_seen_at", "last_seen_at"]
            cur = db.conn.execute(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [*record.values(), seen, seen],
            )
            version = {k: record[k] for k in VERSIONED_FIELDS}
            version.update(article_id=cur.lastrowid, fetched_at=seen, source="crawl")
            db.conn.execute(
                f"INSERT INTO article_versions ({', '.join(version)}) VALUES ({', '.join('?' for _ in version)})",
                list(version.values()),
            )
        db.conn.execute("UPDATE articles SET cluster_id = id WHERE cluster_id IS NULL")


def ensure_archive(folder: Path, size: int) -> tuple[Path, dict]:
    path = folder / f"million-{size}.sqlite"
    figures_path = path.with_suffix(".build.json")
    if not path.exists() or not figures_path.exists():
        print(f"building {path} ({size:,} articles; reused by later runs)", file=sys.stderr)
        figures_path.write_text(json.dumps(build(path, size)), encoding="utf-8")
    return path, json.loads(figures_path.read_text(encoding="utf-8"))


# --- commands in their own process --------------------------------------------------------------


def run_command(args: list[str]) -> dict:
    """Run ``archive ARGS`` (this venv's entry point): wall and CPU seconds, and the process's peak RSS in MB
    (CPU is the steadier figure on a shared machine)."""
    exe = shutil.which("archive", path=str(Path(sys.executable).parent)) or "archive"
    started = time.perf_counter()
    proc = subprocess.Popen([exe, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"archive {' '.join(args)} failed: {err.strip()[-300:]}")
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


# --- figures ------------------------------------------------------------------------------------


def sizes(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    return {"articles": count, "file_bytes": path.stat().st_size, "objects": dict(rows)}


def warc_bytes_per_page(pages: int = 300) -> float:
    """Gzipped WARC bytes (request + response records) per generated article page, as the crawl writes them."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from tools.demo import articles as data
    from tools.demo import make_demo as demo

    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    for n, article in enumerate(corpus(pages, seed=99)):
        paras = article["text"].split("\n")
        base = data.BDK[n % len(data.BDK)]
        page = {**base, "id": 200000 - n, "slug": f"{base['slug']}-{n}", "at": "2024-05-01 08:00",
                "title": article["title"], "lead": paras[0], "paras": paras[1:] or paras}
        html = demo.bdk_article(page, [page])
        url = f"https://baodongkhoi.vn/bai-{n}.html"
        body = html.encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))
        req = StatusAndHeaders(f"GET /bai-{n}.html HTTP/1.1", [("Host", "baodongkhoi.vn")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b""), http_headers=req))
    return len(out.getvalue()) / pages


def search_queries(path: Path, count: int, seed: int = 5) -> list[tuple[str, ArticleFilter, str]]:
    """``count`` queries: (query, filter, kind) drawn from the archive's own words."""
    rnd = random.Random(seed)
    conn = sqlite3.connect(path)
    texts = [t for (t,) in conn.execute("SELECT text FROM articles WHERE id % 997 = 1 LIMIT 200")]
    conn.close()
    words = [w.strip(".,:;()") for t in texts for w in t.split()]
    words = [w for w in words if w and w.isalpha()]
    out = []
    for i in range(count):
        n = 1 + i % 4
        at = rnd.randrange(len(words) - n)
        query = " ".join(words[at : at + n]).lower()
        kind = ["accents", "folded", "phrase", "site", "dates"][i % 5]
        where = ArticleFilter()
        if kind == "folded":
            query = fold(query)
        elif kind == "phrase" and n > 1:
            query = f'"{query}"'
        elif kind == "site":
            where = ArticleFilter(sites=(rnd.choice(SITES),))
        elif kind == "dates":
            year = rnd.randrange(2006, 2026)
            where = ArticleFilter(since=datetime(year, 1, 1).date(), until=datetime(year, 12, 31).date())
        out.append((query, where, kind))
    return out


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def search_latency(path: Path, queries: list) -> dict:
    """p50/p95 wall and CPU over all queries, and by kind (accents, folded, phrase, site, dates)."""
    db = open_archive(path, create=False)
    runs: list[tuple[str, float, float]] = []
    for query, where, kind in queries:
        started, cpu0 = time.perf_counter(), time.process_time()
        search_articles(db, query, where=where, limit=20)
        runs.append((kind, time.perf_counter() - started, time.process_time() - cpu0))
    db.conn.close()
    times = sorted(wall for _, wall, _ in runs)
    cpu = sorted(c for _, _, c in runs)
    by_kind = {}
    for kind in dict.fromkeys(k for k, _, _ in runs):
        walls = sorted(wall for k, wall, _ in runs if k == kind)
        cpus = sorted(c for k, _, c in runs if k == kind)
        by_kind[kind] = {"p50_ms": 1000 * walls[len(walls) // 2], "p95_ms": 1000 * walls[int(len(walls) * 0.95)],
                         "cpu_p50_ms": 1000 * cpus[len(cpus) // 2], "cpu_p95_ms": 1000 * cpus[int(len(cpus) * 0.95)]}
    return {"p50_ms": 1000 * times[len(times) // 2], "p95_ms": 1000 * times[int(len(times) * 0.95)],
            "max_ms": 1000 * times[-1], "cpu_p50_ms": 1000 * cpu[len(cpu) // 2],
            "cpu_p95_ms": 1000 * cpu[int(len(cpu) * 0.95)], "by_kind": by_kind}


def online_rate(path: Path, count: int) -> dict:
    """``save_article`` per second for ``count`` new articles (a tenth templated, a sixth copies of
    archived ones), each its own save as in a crawl; rolled back so the archive stays as built."""
    db = open_archive(path, create=False)
    size = db.execute("SELECT max(id) FROM articles").fetchone()[0]
    rnd = random.Random(3)
    articles = list(corpus(count, seed=77, first=size))
    for n, article in enumerate(articles):
        if n % 10 == 0:
            article["text"] = NOTICES[n % len(NOTICES)] + "\nTỉnh: " + PHRASES[0] + "."
        elif n % 6 == 0:
            (text,) = db.execute("SELECT text FROM articles WHERE id = ?", [rnd.randrange(1, size)]).fetchone()
            article["text"] = text
    now = datetime(2026, 1, 1, tzinfo=VN_TZ)
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        cpu0, started = time.process_time(), time.perf_counter()
        for article in articles:
            db.conn.execute("SAVEPOINT one")
            save_article(db, article, now=now)
            db.conn.execute("RELEASE one")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu0
    finally:
        db.conn.execute("ROLLBACK")
        db.conn.close()
    return {"per_s": count / seconds, "cpu_ms_per_save": 1000 * cpu / count}


def command_figures(path: Path, folder: Path, skip: set[str], size: int) -> dict:
    """Each command's figures, printed as soon as it is done (at 1M a snapshot takes minutes)."""
    out: dict[str, dict] = {"startup": run_command(["--help"])}
    start = out["startup"]
    print(f"archive --help (start-up baseline): {start['seconds']:.2f} s wall, {start['cpu_s']:.2f} s CPU, "
          f"peak {start['peak_mb']:.0f} MB", flush=True)
    db = ["--db", str(path)]
    plan = {
        "stats": ["stats", *db],
        "report": ["report", *db, str(folder / "report.html")],
        "export_parquet": ["export", *db, "--format", "parquet", "--force", str(folder / "export.parquet")],
        "dedup_incremental": ["dedup", *db],
        "snapshot_year": ["snapshot", *db, "--until", "2015-12-31", "--force", str(folder / "snapshot.sqlite")],
    }
    for name, args in plan.items():
        if name.split("_")[0] not in skip:
            fig = out[name] = run_command(args)
            rate = f", {size / fig['seconds']:,.0f} rows/s wall" if name == "export_parquet" else ""
            print(f"  {name:18s} {fig['seconds']:7.2f} s wall, {fig['cpu_s']:7.2f} s CPU "
                  f"({fig['cpu_s'] / start['cpu_s']:.1f}x start-up), "
                  f"peak {fig['peak_mb']:.0f} MB ({fig['peak_mb'] / start['peak_mb']:.1f}x){rate}", flush=True)
    for name in ("report.html", "export.parquet", "snapshot.sqlite"):
        (folder / name).unlink(missing_ok=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles in the archive (10000, 100000, 1000000)")
    parser.add_argument("--folder", type=Path, default=REPO / "bench-data", help="where the archives are kept")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--online", type=int, default=300, help="articles saved one by one for the online rate")
    parser.add_argument("--baseline-size", type=int, default=BASELINE_SIZE,
                        help="archive the online rate is compared with (0: none)")
    parser.add_argument("--skip", default="", help="comma-separated: stats,report,export,snapshot,dedup,online")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.size < 1000 or args.queries < 20 or args.online < 10:
        parser.error("--size >= 1000, --queries >= 20, --online >= 10")
    skip = set(filter(None, args.skip.split(",")))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    path, built = ensure_archive(args.folder, args.size)
    figures: dict = {"size": args.size, "build": built}
    print(f"archive {path}: built in {built['insert_s']:.0f} s + batch dedup {built['batch_dedup_s']:.1f} s wall, "
          f"{built.get('batch_dedup_cpu_s', float('nan')):.1f} s CPU, peak {built['batch_dedup_peak_mb']:.0f} MB")

    found = sizes(path)
    figures["sizes"] = found
    per_article = found["file_bytes"] / found["articles"]
    warc = warc_bytes_per_page()
    figures["bytes_per_article"] = {"sqlite": per_article, "warc": warc}
    print(f"size per article: SQLite {per_article / 1024:.1f} KiB, WARC {warc / 1024:.1f} KiB (gzipped page)")
    for name, nbytes in list(found["objects"].items())[:14]:
        print(f"  {name:40s} {nbytes / 1e6:9.1f} MB  {nbytes / found['articles']:8.0f} B/article")

    queries = search_queries(path, args.queries)
    figures["search"] = search_latency(path, queries)
    s = figures["search"]
    print(f"search over {len(queries)} queries: p50 {s['p50_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, "
          f"max {s['max_ms']:.1f} ms (target p95 < 100 ms); CPU p50 {s['cpu_p50_ms']:.1f} ms, "
          f"p95 {s['cpu_p95_ms']:.1f} ms", flush=True)
    for kind, k in s["by_kind"].items():
        print(f"  {kind:8s} wall p50 {k['p50_ms']:6.1f} ms, p95 {k['p95_ms']:6.1f} ms; "
              f"CPU p50 {k['cpu_p50_ms']:6.1f} ms, p95 {k['cpu_p95_ms']:6.1f} ms", flush=True)

    if "online" not in skip:
        figures["online"] = online_rate(path, args.online)
        online = figures["online"]
        line = f"online dedup: {online['per_s']:.0f} saves/s, {online['cpu_ms_per_save']:.2f} ms CPU a save"
        if args.baseline_size and args.size != args.baseline_size:
            base_path, _ = ensure_archive(args.folder, args.baseline_size)
            base = online_rate(base_path, args.online)
            online["baseline_per_s"], online["baseline_cpu_ms_per_save"] = base["per_s"], base["cpu_ms_per_save"]
            cpu_ratio = online["cpu_ms_per_save"] / base["cpu_ms_per_save"]
            line += (f" vs {base['per_s']:.0f}/s, {base['cpu_ms_per_save']:.2f} ms at {args.baseline_size:,}: rate "
                     f"{online['per_s'] / base['per_s']:.2f}x, CPU {cpu_ratio:.2f}x")
        print(line + " (target within 20%)", flush=True)

    figures["commands"] = command_figures(path, args.folder, skip, args.size)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

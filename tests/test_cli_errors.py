"""A user's mistakes on the ``archive`` command line: one line on stderr, exit code 2, no traceback,
and nothing of the archive (or of anything else on the machine) damaged.

Found by an audit of every subcommand; each test names the mistake it repeats.
"""

from __future__ import annotations

import os
import runpy
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.db import open_archive
from archive.snapshot import write_snapshot
from crawler import settings as crawler_settings
from crawler.cli import main
from crawler.replay.mirror import FolderSource, serve_mirror
from tests.conftest import REPO
from tests.helpers.archive_samples import fill_archive


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory) -> Path:
    """An archive with the sample articles; tests must not change it."""
    path = tmp_path_factory.mktemp("filled") / "archive.sqlite"
    db = open_archive(path)
    fill_archive(db)
    db.conn.close()
    return path


def cli(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def run_cli(*args: object, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The console entry point in a subprocess: the real stderr and exit code."""
    full_env = {key: value for key, value in os.environ.items() if key != "ARCHIVE_DB"}
    full_env.update(PYTHONPATH=str(REPO), **(env or {}))
    kwargs.setdefault("timeout", 60)
    return subprocess.run([sys.executable, "-c", "from crawler.cli import run; run()", *map(str, args)],
                          capture_output=True, text=True, env=full_env, **kwargs)


def assert_user_error(result: Result, *needles: str, usage: bool = False) -> None:
    """Exit 2, a message naming the problem on one line of stderr, no traceback.

    ``usage``: a bad option value, which click reports in its usage format (the usage line, a hint
    to --help, then the one ``Error:`` line).
    """
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    if usage:
        assert lines[0].startswith("Usage: "), result.stderr
        lines = lines[-1:]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def article_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


# --- files the user names for output ---------------------------------------------------------------


@pytest.mark.parametrize("command", [["export", "--force"], ["report"], ["snapshot", "--force"]])
def test_output_onto_a_pipe_or_device_is_refused_not_replaced(tmp_path, filled_db, command):
    """`archive export /dev/null --force` (run as root) replaced /dev/null with a regular file: every
    output goes through a temporary file renamed over OUT.  A FIFO stands in for the device here."""
    fifo = tmp_path / "out.html"
    os.mkfifo(fifo)
    result = cli(command[0], fifo, *command[1:], "--db", filled_db)
    assert_user_error(result, str(fifo), "not a regular file")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_dash_is_no_file_called_dash(tmp_path, filled_db, monkeypatch):
    """`archive export - | gzip`, as `import -` reads stdin: it wrote a file called '-' and nothing to stdout."""
    monkeypatch.chdir(tmp_path)
    assert_user_error(cli("export", "-", "--db", filled_db), "standard output")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["export"], ["report"], ["snapshot"]])
def test_output_that_cannot_be_written_is_one_line(tmp_path, filled_db, command):
    """An output folder that cannot be made (here: a file stands where it should be; in the field
    also a read-only folder) gave a PermissionError/NotADirectoryError traceback, or for snapshot
    the misleading 'database problem: unable to open database file'."""
    (tmp_path / "notes.txt").write_text("ghi chú")
    out = tmp_path / "notes.txt" / "out.html"
    result = cli(command[0], out, "--db", filled_db)
    assert_user_error(result, "cannot write", str(out))
    assert (tmp_path / "notes.txt").read_text() == "ghi chú"
    assert article_count(filled_db) == 8


# --- looking up one article -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["99999999999999999999999", "²", "999", "https://baodongkhoi.vn/khong-co-a9.html"])
def test_show_an_article_that_is_not_there(filled_db, key):
    """An id past SQLite's integers gave an OverflowError traceback, '²' (a digit to str.isdigit) a
    ValueError one; an unknown id or URL exited 1 like a crash instead of 2 like every user mistake."""
    assert_user_error(cli("show", key, "--db", filled_db), "no article", key)


def test_raw_of_a_url_never_captured(filled_db):
    assert_user_error(cli("raw", "https://baodongkhoi.vn/khong-co-a9.html", "--db", filled_db), "no capture of")


def test_duplicates_limit_too_big_for_sqlite(filled_db):
    """--limit 99999999999999999999 reached SQLite and came back as 'database problem: datatype mismatch'."""
    assert_user_error(cli("duplicates", "--limit", "99999999999999999999", "--db", filled_db), "--limit", usage=True)


# --- crawl: mistakes caught before anything is fetched ------------------------------------------------


@pytest.mark.parametrize("mirror", ["notaurl", "ftp://127.0.0.1:21", "127.0.0.1:8765", "http://127.0.0.1:99999"])
def test_crawl_mirror_that_is_no_http_url(tmp_path, mirror):
    """A --mirror without http:// made every request fail: hundreds of lines of Scrapy tracebacks,
    then exit 1 ("no page could be fetched") as if the sites were down."""
    db_path = tmp_path / "archive.sqlite"
    assert_user_error(cli("crawl", "bdk", "--mirror", mirror, "--db", db_path), "--mirror", mirror)
    assert not db_path.exists()


@pytest.mark.e2e
def test_crawl_mirror_from_the_environment_that_is_no_http_url(tmp_path):
    """MIRROR_URL=notaurl (the setting's environment variable) flooded stderr the same way."""
    result = run_cli("crawl", "bdk", "--db", "archive.sqlite", env={"MIRROR_URL": "notaurl"}, cwd=tmp_path)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        "Error: MIRROR_URL 'notaurl': expected an http URL, e.g. http://127.0.0.1:8765"]


@pytest.fixture
def empty_mirror(tmp_path):
    """A live mirror with nothing in it (every page a 404): a crawl that gets that far never goes online."""
    (tmp_path / "mirror").mkdir()
    server, base = serve_mirror(FolderSource(tmp_path / "mirror"))
    yield base
    server.stop()


@pytest.mark.e2e
@pytest.mark.parametrize("arg", ["since=tomorrow", "since=2024-13-40", "max_pages=abc", "revisit_days=x",
                                 "max_pages=-3", "stop_when_known=maybe"])
def test_crawl_spider_argument_of_the_wrong_kind(tmp_path, empty_mirror, arg):
    """-a since=tomorrow raised BadDateError, -a max_pages=abc ValueError, inside Scrapy: 80-100 lines
    of traceback, exit 1.  (--since was checked; its spelling as a spider argument was not.)"""
    result = cli("crawl", "bdk", "-a", arg, "--mirror", empty_mirror, "--db", tmp_path / "archive.sqlite")
    assert_user_error(result, f"-a {arg.split('=')[0]}")


@pytest.mark.e2e
def test_crawl_all_and_site_names(tmp_path, empty_mirror):
    """`archive crawl --all bdk` crawled every site and ignored 'bdk' without a word."""
    result = cli("crawl", "--all", "bdk", "--mirror", empty_mirror, "--db", tmp_path / "archive.sqlite")
    assert_user_error(result, "--all crawls every site: give either --all or site names")
    assert not (tmp_path / "archive.sqlite").exists()


def test_crawl_where_the_lock_cannot_be_made(tmp_path):
    """A read-only archive folder (here: a file where the folder should be) gave a PermissionError
    (FileExistsError) traceback from the lock file."""
    (tmp_path / "notes.txt").write_text("ghi chú")
    result = cli("crawl", "bdk", "--db", tmp_path / "notes.txt" / "archive.sqlite")
    assert_user_error(result, "cannot start the crawl", "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "ghi chú"


def run_as_other_user(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The console entry point as a user whom file modes bind (``nobody`` when the tests run as root)."""
    command = [sys.executable, "-c", "from crawler.cli import run; run()", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: file modes cannot be tested")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("ARCHIVE_DB", None)
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


@pytest.fixture
def open_folder():
    """A folder every user may enter and write (pytest's own temporary folders are root's alone)."""
    with tempfile.TemporaryDirectory(prefix="cli-errors-") as name:
        folder = Path(name)
        folder.chmod(0o777)
        yield folder


@pytest.mark.e2e
def test_crawl_of_a_read_only_archive(open_folder):
    """A read-only archive file (a backup copy, a file copied from another user) was crawled anyway:
    every write failed, Scrapy logged a thousand lines of tracebacks, and the run ended with exit 1 and
    'crawl incomplete: 1 site(s) never started'."""
    db_path = open_folder / "archive.sqlite"
    db = open_archive(db_path)
    fill_archive(db)
    db.conn.close()
    db_path.chmod(0o444)
    server, base = serve_mirror(FolderSource(open_folder))  # nothing to fetch; never the real sites
    try:
        result = run_as_other_user("crawl", "bdk", "--mirror", base, "--db", db_path.name, cwd=open_folder)
    finally:
        server.stop()
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [f"Error: {db_path.name} is read-only: a crawl writes to it"]
    assert article_count(db_path) == 8


# ---------------------------------------------------------------------------------------


def test_schedule_install_into_a_file_that_is_no_crontab(tmp_path):
    """--crontab-file pointing at a binary file (the archive, say) raised UnicodeDecodeError with a traceback."""
    not_a_crontab = tmp_path / "archive.sqlite"
    open_archive(not_a_crontab).conn.close()
    with_binary = not_a_crontab.read_bytes() + b"\xff\xfe"
    not_a_crontab.write_bytes(with_binary)
    result = cli("schedule", "--every", "daily", "--install", "--crontab-file", not_a_crontab,
                 "--db", tmp_path / "data" / "archive.sqlite")
    assert_user_error(result, str(not_a_crontab), "not UTF-8")
    assert not_a_crontab.read_bytes() == with_binary


@pytest.mark.parametrize("name", ["../evil", "a/b", "", "-x"])
def test_schedule_systemd_name_that_is_no_unit_name(tmp_path, name):
    """--name ../evil wrote evil.service and evil.timer outside --unit-dir; --name '' wrote '.service'."""
    units = tmp_path / "units"
    result = cli("schedule", "--every", "daily", "--systemd", "--install", "--unit-dir", units, "--name", name,
                 "--db", tmp_path / "archive.sqlite")
    assert_user_error(result, "--name")
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_schedule_for_a_folder(tmp_path):
    """--db pointing at a folder installed a nightly crawl that could only ever fail."""
    crontab = tmp_path / "crontab"
    result = cli("schedule", "--every", "daily", "--install", "--crontab-file", crontab, "--db", tmp_path)
    assert_user_error(result, str(tmp_path), "folder")
    assert not crontab.exists()


# --- the console entry point ------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize("stop, code, said", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_ctrl_c_or_kill_is_one_line_and_exit_130_or_143(tmp_path, stop, code, said):
    """run() meant Ctrl-C to print 'interrupted' and exit 130, but click caught KeyboardInterrupt first:
    'Aborted!' and exit 1, which README gives to 'some line skipped' (import) or 'some site failed'.
    SIGTERM (`kill`, a systemd stop) killed Python on the spot: no clean-up ran (an export's part file
    stayed); it now unwinds the command like Ctrl-C."""
    db_path = tmp_path / "archive.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("ARCHIVE_DB", None)
    proc = subprocess.Popen([sys.executable, "-c", "from crawler.cli import run; run()", "import", "-", "--db",
                             str(db_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while not db_path.exists() and time.monotonic() < deadline:  # then it waits for stdin
            time.sleep(0.05)
        time.sleep(0.2)
        proc.send_signal(stop)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    assert err.strip().splitlines() == [said]
    assert article_count(db_path) == 0


@pytest.mark.e2e
@pytest.mark.parametrize("args", [["import", "-", "--db", "archive.sqlite"],
                                  ["extract", "-", "--url", "https://baodongkhoi.vn/x-a1.html"]])
def test_reading_a_closed_stdin(tmp_path, args):
    """'-' with standard input closed (`<&-`, some service managers) raised AttributeError on None.buffer."""
    result = run_cli(*args, cwd=tmp_path, preexec_fn=lambda: os.close(0))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == ["Error: - reads standard input, which is closed"]


# --- opening the archive ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["init"], ["import", "-"]])
def test_creating_an_archive_where_no_folder_can_be(tmp_path, command):
    """`archive init --db notes.txt/archive.sqlite` raised FileExistsError from mkdir, as a traceback."""
    (tmp_path / "notes.txt").write_text("ghi chú")
    db_path = tmp_path / "notes.txt" / "archive.sqlite"
    assert_user_error(cli(*command, "--db", db_path), "cannot create", str(db_path))
    assert (tmp_path / "notes.txt").read_text() == "ghi chú"


@pytest.mark.e2e
def test_creating_an_archive_in_a_read_only_folder(open_folder):
    """It said 'is not a usable SQLite database (unable to open database file)' of a file not yet there."""
    folder = open_folder / "ro"
    folder.mkdir(mode=0o555)
    result = run_as_other_user("init", "--db", "ro/archive.sqlite", cwd=open_folder)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == ["Error: cannot create ro/archive.sqlite: its folder is read-only"]


@pytest.mark.e2e
def test_reading_an_archive_in_a_read_only_folder(open_folder):
    """A backup on a read-only folder: 'is not a usable SQLite database (attempt to write a readonly
    database)' blamed the archive, which is fine; SQLite needs to write its -wal and -shm beside it."""
    folder = open_folder / "ro"
    folder.mkdir()
    db = open_archive(folder / "archive.sqlite")
    fill_archive(db)
    db.conn.close()
    folder.chmod(0o555)
    result = run_as_other_user("stats", "--db", "ro/archive.sqlite", cwd=open_folder)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ro/archive.sqlite cannot be opened: its folder is read-only") and "-wal" in line
    assert article_count(folder / "archive.sqlite") == 8


@pytest.mark.parametrize("value", ["abc", "nan", "1e400", "-1"])
def test_busy_timeout_that_is_no_number_of_seconds(filled_db, value, monkeypatch):
    """ARCHIVE_BUSY_TIMEOUT=abc raised ValueError (nan ValueError, 1e400 OverflowError) as a traceback."""
    monkeypatch.setenv("ARCHIVE_BUSY_TIMEOUT", value)
    assert_user_error(cli("stats", "--db", filled_db), "ARCHIVE_BUSY_TIMEOUT", value)


@pytest.mark.e2e
def test_serve_on_a_port_in_use(filled_db):
    """Datasette started, logged six lines of uvicorn start-up and shutdown with the error among them,
    and exited 3."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", port, "--db", filled_db)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: cannot listen on 127.0.0.1:{port}: "), line


@pytest.mark.parametrize("command", [["stats"], ["search", "chuyen doi so"], ["show", "1"], ["failures"], ["dedup"]])
def test_reading_an_empty_file(tmp_path, command):
    """A read command on an empty file (`touch`ed, or a wrong --db) made it an archive of 0 articles
    and reported that, instead of saying it is no archive."""
    empty = tmp_path / "notes.sqlite"
    empty.touch()
    assert_user_error(cli(*command, "--db", empty), str(empty), "empty file", "archive init")
    assert empty.stat().st_size == 0
    assert cli("init", "--db", empty).exit_code == 0  # what the message says to do


@pytest.mark.parametrize("command", [["warc-index", "--db", "archive.sqlite"], ["warc-check", "nothing"]])
def test_warc_commands_without_warc_files(tmp_path, filled_db, monkeypatch, command):
    """A missing warc folder came as a usage error (usage line, help hint, error): with no PATHS given,
    warc-index was used right; the archive's crawls just wrote no WARC files there."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(filled_db, tmp_path / "archive.sqlite")
    assert_user_error(cli(*command), "no WARC file or folder at")


@pytest.mark.e2e
def test_mirror_of_warc_files_without_a_response(tmp_path):
    """`archive mirror --warc notes.txt` warned that the file was 'truncated at byte 0', then served
    0 URLs until Ctrl-C: every crawl of it would have found nothing."""
    (tmp_path / "notes.txt").write_text("ghi chú")
    try:
        result = run_cli("mirror", "--warc", tmp_path / "notes.txt", "--port", "0", timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("archive mirror served an empty replay")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: no response recorded in ")


def test_unpark_while_another_process_writes(filled_db, monkeypatch):
    """`archive failures --unpark URL` during a crawl's write raised ArchiveLockedError as a traceback
    (the command did not turn archive errors into one line, as the others do)."""
    monkeypatch.setenv("ARCHIVE_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(filled_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("failures", "--unpark", "https://baodongkhoi.vn/hong-a9.html", "--db", filled_db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_user_error(result, "locked")


@pytest.mark.e2e
def test_crawl_while_another_process_holds_the_write_lock(tmp_path, filled_db, empty_mirror, monkeypatch):
    """A crawl started while `archive dedup` (one long write transaction) or a notebook held the archive
    waited 15 s whatever ARCHIVE_BUSY_TIMEOUT said, then exited 2, a usage error for cron and a failed
    unit for systemd; it is the temporary failure of README's exit code 75: nothing done, try later."""
    db_path = tmp_path / "archive.sqlite"
    shutil.copy(filled_db, db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        monkeypatch.setenv("ARCHIVE_BUSY_TIMEOUT", "0.3")
        result = cli("crawl", "bdk", "--mirror", empty_mirror, "--db", db_path)
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 75, (result.stderr[-2000:], result.exception)
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "locked" in line
    assert took < 10
    assert article_count(db_path) == 8


def test_snapshot_cut_short_leaves_no_part_file(tmp_path, filled_db):
    """Ctrl-C during `archive snapshot` left OUT.part, a half-written database, beside OUT.  A source
    connection closed before the copy stands in for the interruption (deterministic, no signal timing)."""
    source = sqlite3.connect(filled_db)
    source.close()
    out = tmp_path / "archive-2024-06-30.sqlite"
    with pytest.raises(sqlite3.ProgrammingError):
        write_snapshot(source, out)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["import", "{archive}"], ["warc-index", "{archive}"],
                                     ["extract", "{archive}", "--url", "https://baodongkhoi.vn/x-a1.html"],
                                     ["import", "{archive}-wal"]])
def test_the_archive_given_as_the_file_to_read(tmp_path, filled_db, command):
    """`archive import data/archive.sqlite` (a slip for init, or a wrong tab completion) read the
    archive as JSON Lines ('line N: not UTF-8' …), warc-index as a WARC file, extract --db as a page.
    Worse than useless: reading the file with open() while this process holds a connection to it drops
    the connection's POSIX locks, which README names as the way commits of a running crawl got lost."""
    db_path = tmp_path / "archive.sqlite"
    shutil.copy(filled_db, db_path)
    keep = open_archive(db_path)  # another process's connection keeps the -wal file there
    try:
        args = [arg.format(archive=db_path) for arg in command]
        assert_user_error(cli(*args, "--db", db_path), "is the archive itself")
    finally:
        keep.conn.close()
    assert article_count(db_path) == 8


@pytest.mark.e2e
@pytest.mark.parametrize("own", ["archive.sqlite", "archive.sqlite-wal", "archive.sqlite.lock"])
def test_crawl_log_file_onto_the_archive(tmp_path, filled_db, empty_mirror, own):
    """`archive crawl --log-file data/archive.sqlite` (a slip of tab completion): once the archive was
    bigger than CRAWL_LOG_MAX_BYTES (5 MiB: any real one) the log rotation renamed it archive.sqlite.1,
    wrote the log in its place (every command then said 'not an SQLite database') and would delete it
    after CRAWL_LOG_BACKUPS runs; the -wal stayed behind under the old name."""
    db_path = tmp_path / "archive.sqlite"
    shutil.copy(filled_db, db_path)
    result = cli("crawl", "bdk", "--mirror", empty_mirror, "--db", db_path, "--log-file", tmp_path / own)
    assert_user_error(result, f"--log-file {tmp_path / own} is one of the archive's own files")
    assert article_count(db_path) == 8
    assert not (tmp_path / f"{own}.1").exists()


def test_schedule_log_file_onto_the_archive(tmp_path):
    """The same slip in `archive schedule --log-file` would have been installed for every night."""
    crontab = tmp_path / "crontab"
    db_path = tmp_path / "data" / "archive.sqlite"
    result = cli("schedule", "--every", "daily", "--install", "--crontab-file", crontab, "--db", db_path,
                 "--log-file", db_path)
    assert_user_error(result, "--log-file", "archive's own files")
    assert not crontab.exists()


@pytest.mark.parametrize("command", [["stats"], ["init"], ["export", "{tmp}/out.jsonl"]])
def test_archive_that_is_a_device_or_a_pipe(tmp_path, command):
    """`--db /dev/null` (as root) left /dev/null-journal behind and said 'database problem: cannot
    rollback - no transaction is active'; a FIFO gave 'disk I/O error'.  A FIFO stands in for the device."""
    fifo = tmp_path / "archive.sqlite"
    os.mkfifo(fifo)
    args = [arg.format(tmp=tmp_path) for arg in command]
    assert_user_error(cli(*args, "--db", fifo), str(fifo), "not an archive file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.sqlite"]


@pytest.mark.e2e
def test_crawl_into_a_device_or_a_pipe(tmp_path, empty_mirror):
    fifo = tmp_path / "archive.sqlite"
    os.mkfifo(fifo)
    assert_user_error(cli("crawl", "bdk", "--mirror", empty_mirror, "--db", fifo), f"{fifo} is a device or a pipe")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.sqlite", "mirror"]


@pytest.mark.e2e
@pytest.mark.parametrize("command", [["search", "chuyen doi so"], ["show", "1"]])
def test_output_in_an_encoding_without_vietnamese(filled_db, command):
    """With stdout in Latin-1 or ASCII (PYTHONIOENCODING, a non-UTF-8 locale), printing a Vietnamese
    title raised UnicodeEncodeError as a traceback."""
    result = run_cli(*command, "--db", filled_db, env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: the output's encoding (latin-1) cannot ")


@pytest.mark.e2e
@pytest.mark.parametrize("name, value", [
    ("CRAWL_PARK_AFTER", "x"), ("CRAWL_RETRY_BACKOFF", "abc"), ("CRAWL_LOG_MAX_BYTES", "1e400"),
    ("CRAWL_PARK_AFTER", "-1"), ("CRAWL_RETRY_MAX_BACKOFF", "nan"), ("CRAWL_LOG_BACKUPS", "2.5"),
])
def test_a_bad_number_in_the_environment_is_one_line(filled_db, name, value):
    """crawler/settings.py reads these before any command starts: a ValueError traceback there broke every
    command, `archive stats` included."""
    done = run_cli("stats", "--db", filled_db, env={name: value})
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [f"Error: {name}={value!r} is not a "
                                                f"{'' if 'BACKOFF' in name else 'whole '}number >= 0"]
    assert run_cli("stats", "--db", filled_db, env={name: "7"}).returncode == 0


def test_a_file_that_is_no_warc_is_called_so(filled_db, tmp_path):
    """warc-check and warc-index reported a text file as 'truncated at byte 0' (warc-index: exit 0)."""
    notes = tmp_path / "notes.warc.gz"
    notes.write_text("ghi chú, không phải WARC\n")
    for args in (["warc-check", notes], ["warc-index", notes, "--db", filled_db]):
        result = cli(*args)
        command = args[0]
        assert result.exit_code == 1, (command, result.output)
        assert f"{notes}: not a WARC file" in result.output and "truncated" not in result.output.split("\n")[0]
        assert "1 not WARC" in result.output


def test_a_bad_number_in_the_environment_does_not_stop_the_settings_import(monkeypatch):
    """Scrapyd and `scrapy crawl` import crawler/settings.py too: it reads a bad number as the default and
    never exits; `archive` names the problem through check_environment (above)."""
    monkeypatch.setenv("CRAWL_PARK_AFTER", "x")
    monkeypatch.setenv("CRAWL_LOG_BACKUPS", "3")
    values = runpy.run_path(str(Path(crawler_settings.__file__)))
    assert values["CRAWL_PARK_AFTER"] == 5 and values["CRAWL_LOG_BACKUPS"] == 3
    assert values["check_environment"]() == ["CRAWL_PARK_AFTER='x' is not a whole number >= 0"]
    assert crawler_settings.check_environment({"CRAWL_RETRY_BACKOFF": "1.5", "CRAWL_PARK_AFTER": " 2 "}) == []

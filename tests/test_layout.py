"""House rules a reviewer would otherwise have to catch."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO


def test_archive_never_imports_scrapy_or_crawler():
    offenders = []
    for path in (REPO / "archive").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("scrapy", "crawler", "twisted")]
    assert offenders == []


def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    result = subprocess.run([ruff, "check", str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_command_is_in_the_readme_and_has_an_example():
    from crawler.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = "\n".join(readme.splitlines()[:6])
    assert "archive demo" in head and "pytest" in head  # the newcomer's two commands come first
    missing = [name for name in main.commands if f"archive {name}" not in readme]
    assert missing == []
    without_example = [name for name, cmd in main.commands.items() if "Example" not in (cmd.help or "")]
    assert without_example == []


SQL_STATEMENT = re.compile(  # as SQL is written here: keywords in capitals
    r"^\s*(SELECT\b.*\bFROM|INSERT( OR \w+)? INTO|UPDATE \w+ SET|DELETE FROM|REPLACE INTO|"
    r"(CREATE|DROP|ALTER) (TABLE|INDEX|TRIGGER|VIEW)|PRAGMA \w|WITH \w+ AS)",
    re.DOTALL,
)
SQL_CALLS = {"execute", "executemany", "executescript", "query"}


def sql_outside_archive(folder: Path) -> list[str]:
    """String constants that start like SQL, and calls of a connection's SQL methods, in ``folder``'s modules."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(folder.parent)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_STATEMENT.match(node.value):
                found.append(f"{where} {node.value[:50]!r}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
                found.append(f"{where} .{node.func.attr}(…)")
    return found


def test_no_sql_outside_the_archive_package():
    """The schema lives in archive/: crawler/ calls its named functions, it never writes SQL itself."""
    assert sql_outside_archive(REPO / "crawler") == []


def test_the_sql_check_finds_sql():
    found = sql_outside_archive(REPO / "archive")  # where the SQL does live
    assert any("stats.py" in f and "SELECT site, count(*)" in f for f in found)
    assert any(f.startswith("archive/store.py") and f.endswith(".execute(…)") for f in found)

"""House rules a reviewer would otherwise have to catch."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
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


@pytest.mark.e2e
def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it comes with the test extra)")
    result = subprocess.run([ruff, "check", str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_readme_starts_with_the_two_commands_and_every_command_has_an_example():
    """Every command in the README's table and in docs/commands.md: tests/test_docs.py."""
    from crawler.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = "\n".join(readme.splitlines()[:6])
    assert "archive demo" in head and "pytest" in head  # the newcomer's two commands come first
    assert len(readme.splitlines()) <= 300  # a first ten minutes; the reference is in docs/
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
            # a statement is always given: a Redis pipeline's bare .execute() is no SQL
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS
                  and (node.args or node.keywords)):
                found.append(f"{where} .{node.func.attr}(…)")
    return found


def test_no_sql_outside_the_archive_package():
    """The schema lives in archive/: crawler/ calls its named functions, it never writes SQL itself."""
    assert sql_outside_archive(REPO / "crawler") == []


def test_the_sql_check_finds_sql():
    found = sql_outside_archive(REPO / "archive")  # where the SQL does live
    assert any("stats.py" in f and "SELECT site, count(*)" in f for f in found)
    assert any(f.startswith("archive/store.py") and f.endswith(".execute(…)") for f in found)


SETTINGS_FILE = REPO / "crawler" / "settings.py"
SETTINGS_GETTERS = {"get", "getint", "getfloat", "getbool", "getlist", "getdict", "getwithbase", "getpriority"}


def assigned_settings() -> list[str]:
    """The names ``crawler/settings.py`` assigns at module level, once per assignment."""
    names = []
    for node in ast.parse(SETTINGS_FILE.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        targets = [node.target] if isinstance(node, ast.AnnAssign) else targets
        names += [t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()]
    return names


def repeated_defaults(paths: list[Path], settings: set[str]) -> list[str]:
    """``….get("X", default)`` or ``….get("X") or <literal>`` of a setting ``X`` that settings.py defines."""
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call, fallback = node, None
            is_or = isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or)
            if is_or and isinstance(node.values[-1], ast.Constant):
                call, fallback = node.values[0], node.values[-1].value
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in SETTINGS_GETTERS and call.args and isinstance(call.args[0], ast.Constant)
                    and call.args[0].value in settings):
                continue
            if len(call.args) > 1 or call.keywords or fallback:
                found.append(f"{path.name}:{node.lineno} {call.args[0].value}")
    return list(dict.fromkeys(found))  # `get("X", d) or d` is one finding


def test_every_setting_is_assigned_once():
    names = assigned_settings()
    assert "DOWNLOADER_MIDDLEWARES" in names and "WARC_MAX_BYTES" in names
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


def test_no_component_repeats_a_default_of_settings_py():
    """Components read ``settings.getint("X")``: the default lives in crawler/settings.py only."""
    code = [p for folder in ("crawler", "archive") for p in (REPO / folder).rglob("*.py") if p != SETTINGS_FILE]
    assert repeated_defaults(code, set(assigned_settings())) == []


def test_the_default_check_finds_a_repeated_default(tmp_path):
    module = tmp_path / "component.py"
    module.write_text('def f(s):\n    return s.getint("WARC_MAX_BYTES", 0), s.get("ARCHIVE_DB") or "x.db", '
                      's.get("X", 1)\n')
    assert repeated_defaults([module], set(assigned_settings())) == ["component.py:2 WARC_MAX_BYTES",
                                                                     "component.py:2 ARCHIVE_DB"]


def test_no_test_module_imports_another():
    """Shared helpers live in tests/helpers/; a test module never imports another test module."""
    offenders = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.split(".")[-1].startswith("test_") for name in names if name.startswith("tests")):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


@pytest.mark.e2e
def test_ci_fails_without_the_shared_samples(tmp_path):
    """With CI set and ../shared absent the run stops with a usage error instead of skipping its tests."""
    tests = tmp_path / "repo" / "tests"
    tests.mkdir(parents=True)
    shutil.copy(REPO / "tests" / "conftest.py", tests / "conftest.py")
    (tests / "__init__.py").write_text("")
    (tests / "test_one.py").write_text("def test_one():\n    pass\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    ci = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)],
                        capture_output=True, text=True, cwd=tests.parent, env={**env, "CI": "true"}, timeout=120)
    assert ci.returncode == 4, ci.stdout + ci.stderr
    assert "CI is set but" in ci.stdout + ci.stderr and "shared is absent" in ci.stdout + ci.stderr
    env.pop("CI", None)
    local = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)],
                           capture_output=True, text=True, cwd=tests.parent, env=env, timeout=120)
    assert local.returncode == 0, local.stdout + local.stderr


def test_no_family_repeats_a_line_of_the_shared_boilerplate_list():
    """A line every site prints belongs in one list (crawler/extract/boilerplate.py); a family's ``drop_lines``
    holds only its own template lines."""
    from dataclasses import fields

    from archive.text import normalize_line
    from crawler.extract.boilerplate import BOILERPLATE_LINES
    from crawler.profiles import PROFILES, families
    from crawler.profiles.base import SiteRules

    rules = [value for value in vars(families).values() if isinstance(value, SiteRules)]
    rules += [value for profile in PROFILES.values() for field in fields(profile)
              if isinstance(value := getattr(profile, field.name), SiteRules)]
    assert len(rules) > 5
    repeated = {line for rule in rules for line in rule.drop_lines
                if normalize_line(line).casefold().rstrip(" :") in BOILERPLATE_LINES}
    assert repeated == set()

"""House rules a reviewer would otherwise have to catch."""

from __future__ import annotations

import ast
import shutil
import subprocess

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


def test_the_readme_starts_with_the_two_commands_and_every_command_has_an_example():
    """Every command in the README's table and in docs/commands.md: tests/test_docs.py."""
    from crawler.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = "\n".join(readme.splitlines()[:6])
    assert "archive demo" in head and "pytest" in head  # the newcomer's two commands come first
    assert len(readme.splitlines()) <= 300  # a first ten minutes; the reference is in docs/
    without_example = [name for name, cmd in main.commands.items() if "Example" not in (cmd.help or "")]
    assert without_example == []

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


def test_every_command_is_in_the_readme_and_has_an_example():
    from crawler.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    head = "\n".join(readme.splitlines()[:6])
    assert "archive demo" in head and "pytest" in head  # the newcomer's two commands come first
    docs = "".join(path.read_text(encoding="utf-8") for path in sorted((REPO / "docs").glob("*.md")))
    missing = [name for name in main.commands if f"archive {name}" not in readme + docs]  # or its docs/ page
    assert missing == []
    without_example = [name for name, cmd in main.commands.items() if "Example" not in (cmd.help or "")]
    assert without_example == []

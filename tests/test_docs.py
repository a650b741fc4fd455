"""The documentation cannot drift from the code: the command reference is the commands' own --help,
every command is in it and in the README's table, and every source path a page names exists."""

from __future__ import annotations

import importlib.util
import re

from tests.conftest import REPO

DOCS = REPO / "docs"
# A path in the repository as pages write it: `crawler/extract/site.py`, archive/db.py, bench/crawl.py …
SOURCE_PATH = re.compile(r"(?<![\w./-])((?:crawler|archive|tools|bench|tests|docs)/[\w./-]*\w)")


def _generator():
    spec = importlib.util.spec_from_file_location("gen_cli_reference", DOCS / "gen_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _commands() -> list[str]:
    from crawler.cli import main

    return _generator().command_names(main)


def test_commands_page_is_the_commands_help():
    page = (DOCS / "commands.md").read_text(encoding="utf-8")
    assert page == _generator().render(), "docs/commands.md is stale: run python docs/gen_cli_reference.py"


def test_every_command_has_its_section_in_the_commands_page():
    page = (DOCS / "commands.md").read_text(encoding="utf-8")
    missing = [name for name in _commands() if f"\n## archive {name}\n" not in page]
    assert missing == []


def test_the_readme_commands_table_names_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("\n## Commands", 1)[1].split("\n## ", 1)[0]
    missing = [name for name in _commands() if not re.search(rf"`archive {re.escape(name)}\b", table)]
    assert missing == []


def test_every_source_path_named_in_the_docs_exists():
    pages = [REPO / "README.md", REPO / "CHANGELOG.md", *DOCS.rglob("*.md")]
    missing = []
    for page in pages:
        for path in SOURCE_PATH.findall(page.read_text(encoding="utf-8")):
            if "<" in path or "*" in path:
                continue
            if not (REPO / path).exists():
                missing.append(f"{page.relative_to(REPO)}: {path}")
    assert missing == []

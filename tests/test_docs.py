"""The documentation cannot drift from the code: the command reference is the commands' own --help,
every command is in it and in the README's table, and every source path a page names exists."""

from __future__ import annotations

import ast
import importlib.util
import re

from tests.conftest import REPO

DOCS = REPO / "docs"
# A file of the repository as pages name it: `crawler/extract/site.py`, archive/db.py, bench/crawl.py …
# (folders are not checked: `archive/new` is also a stats key).
SOURCE_PATH = re.compile(
    r"(?<![\w./-])((?:crawler|archive|tools|bench|tests|docs)/[\w./-]*\.(?:py|json|html|md|toml|png))\b"
)


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


def test_every_setting_is_on_the_settings_page():
    tree = ast.parse((REPO / "crawler" / "settings.py").read_text(encoding="utf-8"))
    names = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id.isupper()
    }
    page = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert sorted(name for name in names if f"`{name}`" not in page) == []


def test_every_table_and_column_is_on_the_schema_page(tmp_path):
    from archive.db import open_archive

    db = open_archive(tmp_path / "archive.sqlite")
    page = (DOCS / "schema.md").read_text(encoding="utf-8")
    virtual = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")}
    missing = []
    for table in db.table_names():
        missing += [table] if f"`{table}`" not in page else []
        if table.rsplit("_", 1)[0] in virtual:
            continue  # FTS5's own shadow tables: named, their columns are SQLite's business
        missing += [f"{table}.{c.name}" for c in db[table].columns if f"`{c.name}`" not in page]
    assert missing == []


def _resolves(dotted: str) -> bool:
    """``crawler.extract.extract_article``: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return False


def test_every_python_name_in_the_docs_resolves():
    dotted = re.compile(r"(?<![\w./-])((?:crawler|archive)\.[a-z_]+(?:\.[A-Za-z_]+)*)")
    pages = [REPO / "README.md", REPO / "CHANGELOG.md", *DOCS.rglob("*.md")]
    names = {name for page in pages for name in dotted.findall(page.read_text(encoding="utf-8"))}
    names = {name for name in names if not name.startswith("archive.sqlite")}
    assert names, "the pattern found no Python name: the test would check nothing"
    assert sorted(name for name in names if not _resolves(name)) == []

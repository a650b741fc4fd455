"""The archive: a dated SQLite store of clean articles (store, dedup, search, export).

This package never imports Scrapy or ``crawler``: it can be used on its own to read,
query and maintain an archive that a crawl wrote.
"""

import sys


def _import_sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils with numpy hidden from it.

    sqlite-utils imports numpy, when installed, only to infer the column types of numpy values inserted
    through its ``Table`` API; the archive never does that (its SQL is explicit, its values plain Python),
    and numpy costs a command that does not compute MinHash signatures a tenth of a second or more
    (``archive stats``, ``search``, ``show``, ``--help``).  ``archive.dedup`` and ``archive.minhash`` import
    numpy as usual when a command needs them; tests/test_cli_light.py checks the light commands.
    """
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError meanwhile
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]


_import_sqlite_utils_without_numpy()

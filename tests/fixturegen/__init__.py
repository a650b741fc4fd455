"""Authoring tool for the fixture pages under ``tests/pages`` and their ``tests/golden`` files.

Each story (``stories/<site>/<name>.txt``: a header of ``key: value`` lines, ``---``, then the
article as a reader reads it) is rendered through its family's template (``bdk.py``, ``epi.py``,
``baonghean.py``, ``sharepoint.py``, ``so_nghean.py``, ``generic.py``) into a messy page, and the
golden JSON is written from the same story, so the expected values never depend on any
extractor.  Seed stories take their text from ``../shared/seeds/gold.json``.

Rebuild (review the diff before committing)::

    python -m tests.fixturegen            # writes tests/pages/** and tests/golden/**

Nothing here runs during the test suite; ``tests/test_fixtures.py`` checks the written files.
"""

"""Datasette plugins shipped with the archive (loaded by ``archive serve`` with ``--plugins-dir``)."""

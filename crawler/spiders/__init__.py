"""Spiders: ``base.py`` (``ArchiveSpider``, driven by a profile), one per site of the registry made by
``loader.py`` (no module per site), and ``sharepoint.py`` / ``generic.py`` made from their arguments."""

"""Surveying a site before it joins the registry: ``archive site add URL`` and ``archive site check KEY``.

``fetch.py`` (a polite urllib client: user agent, timeout, size limit, delay, robots.txt, mirror),
``survey.py`` (family, sections, article URL pattern, feeds, sitemaps of a home page),
``entry.py`` (the sites-file entry), ``check.py`` (one listing and one article of a known site).
"""

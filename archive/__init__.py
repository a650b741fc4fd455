"""The archive: a dated SQLite store of clean articles (store, dedup, search, export).

This package never imports Scrapy or ``crawler``: it can be used on its own to read,
query and maintain an archive that a crawl wrote.
"""

"""Scrapy components wired by ``crawler/settings.py``: middlewares, pipelines, extensions."""

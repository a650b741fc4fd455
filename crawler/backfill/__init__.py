"""``archive backfill``: a site's history from web archives (Wayback CDX API, Common Crawl, any CDX server).

``cdx.py`` reads index answers and plans which captures to fetch; ``sources.py`` says where an index and
its captures are; ``spider.py`` fetches them through Scrapy and extracts them with the site's rules;
``pipeline.py`` stores the articles (``archive/backfill.py``) and writes the WARC records; ``run.py``
runs it under the archive lock and sums it up.  See docs/backfill.md.
"""

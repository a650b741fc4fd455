"""Scale-out: many crawl workers sharing one frontier in Redis, one process writing the archive.

Off unless ``FRONTIER_URL`` (``--frontier redis://HOST:PORT/DB``) is set; without it nothing here is
imported and no Redis is needed.  The pieces:

* :mod:`crawler.cluster.frontier` — the scrapy-redis scheduler and duplicate filter, keyed by run, with
  a queue that remembers what each worker took until it is done (a killed worker's requests go back);
* :mod:`crawler.cluster.politeness` — per-domain rate and concurrency held in Redis for all workers;
* :mod:`crawler.cluster.item_queue` — a reliable queue: an item leaves Redis only after the archive
  committed it;
* :mod:`crawler.cluster.worker` — what a worker's crawler uses instead of the archive file: the run's
  known URLs read from Redis, items and failures pushed to Redis;
* :mod:`crawler.cluster.ingest` — the one writer: items from Redis into the archive, with online dedup.

See ``docs/scale-out.md``.
"""

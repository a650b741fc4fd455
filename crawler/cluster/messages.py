"""What workers send the ingester through Redis: one JSON object per message, with a ``type``.

* ``run_open`` ``{run, spider, site}`` — a crawl run starts (the ingester opens its ``crawls`` row);
* ``article`` ``{run, site, record, requested_url}`` — an extracted article (``record`` as
  ``archive.store.save_article`` takes it, ``fetched_url`` included);
* ``failure`` ``{run, site, url, reason, http_status, kind}`` — one more failed attempt at a URL;
* ``cleared`` ``{run, urls}`` — URLs whose failures are done with (a listing read again);
* ``checked`` ``{run, key, outcome}`` — a revisit ended without a page: ``not_modified`` (a 304) or
  ``failed`` (``crawler/cluster/revisits.py``);
* ``capture`` ``{run, site, source, url, timestamp, canonical, digest, record, captured_at}`` — an article
  read from a web archive's capture; ``capture_outcome`` ``{…, outcome, detail}`` — a capture that gave
  none (``crawler/cluster/backfill.py``);
* ``warc`` ``{run, file}`` — a WARC file a worker closed, relative to the archive's folder;
* ``run_close`` ``{run, site, status, message, requests, site_rules}`` — the run is over: the ingester
  finishes the row, records its revisit figures and judges its health from the run's stats
  (``<prefix>:run:<run>:stats``, summed from the workers' heartbeats).
"""

from __future__ import annotations

import json
from typing import Any


def encode(message_type: str, **fields: Any) -> bytes:
    return json.dumps({"type": message_type, **fields}, ensure_ascii=False, separators=(",", ":")).encode()


def decode(payload: bytes) -> dict[str, Any]:
    message = json.loads(payload)
    if not isinstance(message, dict) or "type" not in message:
        raise ValueError("not a frontier message")
    return message

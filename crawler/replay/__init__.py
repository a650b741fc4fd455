"""Pages again without the network: the offline mirror, WARC replay, re-extraction from WARC."""

"""One spider per site family; see ``crawler/profiles`` for each site's knowledge."""

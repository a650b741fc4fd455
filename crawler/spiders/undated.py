"""``--since`` on listings whose items carry no date: the articles' own dates decide.

When a listing page shows no date at all, the spider cannot tell whether it is older than
``since`` until it has the page's articles.  :class:`ListingGates` holds that listing's next page
until every article of the current page is fetched (or failed), then releases it unless the
newest of their dates (:func:`page_date`, read cheaply from the HTML) is older than ``since``.
Only undated pages under ``since`` are held; everything else paginates as soon as it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler.spiders.listing_dates import parse_iso_date, parse_vn_date

GATE_META = "listing_gate"
_JSON_LD_DATE = re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})')


def page_date(response: Response) -> date | None:
    """The publication date of an article page, cheaply: meta tags, JSON-LD, ``time``, the date line."""
    if not isinstance(response, TextResponse):
        return None
    found = parse_iso_date(response.xpath(
        '//meta[@property="article:published_time" or @itemprop="datePublished" or @name="pubdate"]/@content'
    ).get())
    if found:
        return found
    match = _JSON_LD_DATE.search(response.text)
    if match:
        return parse_iso_date(match[1])
    found = parse_iso_date(response.xpath("//time/@datetime").get())
    if found:
        return found
    dated = response.xpath('//*[contains(@class, "date") or contains(@class, "time")]//text()[normalize-space()]')
    found = parse_vn_date(" ".join(dated.getall()[:12]))
    if found:
        return found
    after_title = " ".join(response.xpath("//h1[1]/following::text()[normalize-space()][position() <= 12]").getall())
    return parse_vn_date(after_title)


@dataclass
class Gate:
    next_request: Request
    waiting: set[str] = field(default_factory=set)  # request URLs of the page's articles not done yet
    newest: date | None = None


class ListingGates:
    def __init__(self) -> None:
        self.open: dict[str, Gate] = {}  # listing root -> its held next page

    def hold(self, root: str, next_request: Request, articles: list[Request]) -> list[Request]:
        """Hold ``next_request`` until ``articles`` are done; returns them, marked."""
        self.open[root] = Gate(next_request, {r.url for r in articles})
        for request in articles:
            request.meta[GATE_META] = (root, request.url)
        return articles

    def done(self, meta: dict, published: date | None) -> Gate | None:
        """One article of a held page is done; the gate when it was the last one, else None."""
        root, url = meta.get(GATE_META, (None, None))
        gate = self.open.get(root)
        if gate is None:
            return None
        gate.waiting.discard(url)
        if published and (gate.newest is None or published > gate.newest):
            gate.newest = published
        if gate.waiting:
            return None
        del self.open[root]
        return gate

"""Is this page an article?  Listing pages and error pages, told apart from articles.

Asked only when the site rules found no body (listings have none) and the page declares no article
metadata (``og:type`` article, JSON-LD ``NewsArticle``, ``article:published_time``): the generic text
of a listing is mostly headlines of links and the one-line summaries beside them.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html

from archive.text import normalize_line
from crawler.extract.clean import fold
from crawler.profiles.base import Profile

# Generic text of which at least this share (and this many pieces) is link headlines or the summaries
# beside them is a listing.
TEASER_SHARE = 0.5
LISTING_MIN_LINES = 3
# A run of this many consecutive non-teaser lines with this much text is an article's own body.
OWN_RUN_MIN_LINES = 2
OWN_RUN_MIN_CHARS = 300
# Words of link text that make a headline-like teaser link.
TEASER_MIN_WORDS = 5
# A teaser card: a summary within this many levels of its headline link, with little else around.
CARD_DEPTH = 3
CARD_SLACK_CHARS = 60
# An error page says so in its title and has less text than this.
ERROR_PAGE_MAX_CHARS = 400
# An error code is the title's start ("404 - Không tìm thấy trang", "Lỗi 404", "Error 500") or stands before an
# error word ("Báo X | 404 Not Found"); "Trao 500 suất quà …", "Lỗi hệ thống … đã được khắc phục", "Không tìm
# thấy dấu hiệu mã độc …" are headlines of real short briefs (portals declare no article metadata).
_CODE = r"(?:40[0-9]|410|50[0-4])"
_ERROR_TITLE = re.compile(
    rf"^\W*(?:(?:lỗi|error|http)\s*)?{_CODE}\b\s*(?:$|[-:–|.!(]|not found|error|lỗi|forbidden)|"
    rf"\b{_CODE}\s*[-:–|]?\s*(?:not found|error|forbidden|không tìm thấy)|"
    r"^(?:lỗi|error)\s*(?:$|[-:–|.!])|^\W*(?:không tìm thấy|không tồn tại|đã bị (?:xóa|xoá|gỡ))\W*$|"
    r"not found",
    re.IGNORECASE,
)


# What a CMS prints for a missing article when it answers 200 ("Bài viết không tồn tại hoặc đã bị xóa",
# "Không tìm thấy trang bạn yêu cầu", a "404" heading); a news sentence ("trang thông tin giả mạo … không
# tồn tại") does not put the verb right after the page noun.
_MISSING_PAGE = re.compile(
    r"(?:bài viết|bài báo|tin bài|trang|nội dung|đường dẫn|liên kết)(?:\s+(?:này|bạn|quý vị)(?:\s+\w+){0,3})?\s+"
    r"(?:không tồn tại|không còn tồn tại|không được tìm thấy|đã bị (?:xóa|xoá|gỡ))|"
    r"không tìm thấy (?:trang|bài viết|nội dung|đường dẫn)|page not found",
    re.IGNORECASE,
)
# A heading (or the page title) that is only the error code: "404", "Lỗi 404", "404 - Not Found".
_ERROR_HEADING = re.compile(r"^(?:lỗi|error)?\s*40[34]\b(?:\W+(?:not found|error|lỗi)\W*)?$", re.IGNORECASE)
MAX_MESSAGE_CHARS = 200


def missing_page_message(doc: lxml.html.HtmlElement) -> str | None:
    """The page's own "this article does not exist" message (a heading or a short leaf block), if any."""
    for el in doc.iter("title", "h1", "h2", "h3", "p", "div", "span", "strong", "b"):
        if el.tag in ("div", "span") and any(isinstance(c.tag, str) and c.tag in ("p", "div", "h1", "h2", "table")
                                             for c in el):
            continue
        text = normalize_line(el.text_content())
        if not text or len(text) > MAX_MESSAGE_CHARS or _is_link_text(el, text):
            continue  # a headline in a side box ("Hơn 1.000 bài viết đã bị gỡ …") links to another article
        heading = el.tag in ("title", "h1", "h2", "h3")
        if (_missing_title(text) if heading else _missing_sentence(text)) or (heading and _ERROR_HEADING.match(text)):
            return text
    return None


def _is_link_text(el: lxml.html.HtmlElement, text: str) -> bool:
    """``el`` is inside a link, or its whole text is one link's."""
    if any(a.tag == "a" for a in el.iterancestors()):
        return True
    return any(normalize_line(a.text_content()) == text for a in el.iter("a"))


def _quoted(text: str, position: int) -> bool:
    """``position`` is inside quotation marks: an article quoting what a fake site shows ("… nhận thông báo
    “Trang này không tồn tại” rồi …"), not the page's own message."""
    before = text[:position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1 or before.count("«") > before.count("»")


def error_reason(title: str | None, text: str, is_article: bool) -> str | None:
    """"error page: <title>" for a short page whose title is an error message."""
    if not title or len(text) >= ERROR_PAGE_MAX_CHARS or is_article:
        return None
    if _ERROR_TITLE.search(title) or _missing_title(title):
        return f"error page: {title}"
    return None


def _missing_title(title: str) -> bool:
    """A title or heading that is a missing-page message (one part of "Báo X - Trang không tồn tại")."""
    for part in re.split(r"\s+[|–-]\s+", title):
        missing = _MISSING_PAGE.search(part)
        if missing and _TITLE_OPENING.fullmatch(part[:missing.start()]):
            return True
    return False


def _missing_sentence(text: str) -> bool:
    match = _MISSING_PAGE.search(text)
    return bool(match) and not _quoted(text, match.start())


# What may stand before a missing-page message that is a page's title ("Xin lỗi, trang bạn tìm không tồn tại");
# "Hơn 300 tin bài đã bị gỡ bỏ …" is a headline.
_TITLE_OPENING = re.compile(r"\W*(?:(?:xin lỗi|rất tiếc|lỗi|error)\W+)?", re.IGNORECASE)


def is_listing(
    text: str, doc: lxml.html.HtmlElement, profile: Profile, url: str, cards: set[str] | None = None
) -> bool:
    """Generic text that is mostly link headlines and the summaries next to them is a listing (``cards``: the
    page's :func:`card_texts` when the caller has them already)."""
    key = fold(text)
    if not key:
        return False
    pieces = {fold(t) for t in _teaser_texts(doc, profile, url)} | (card_texts(doc) if cards is None else cards)
    found = [k for k in pieces if k and k in key]
    if len(found) < LISTING_MIN_LINES or sum(len(k) + 1 for k in found) < TEASER_SHARE * len(key):
        return False
    return not _own_run(text.split("\n"), {k for k in pieces if k})


def _own_run(lines: list[str], teasers: set[str]) -> bool:
    """Consecutive lines that are no teaser, long enough to be an article's own paragraphs (a short article
    whose generic text also holds every sidebar card is no listing; a listing's lines alternate)."""
    run_lines = run_chars = 0
    for line in lines:
        key = fold(line)
        if not key or key in teasers:
            run_lines = run_chars = 0
            continue
        run_lines += 1
        run_chars += len(line)
        if run_lines >= OWN_RUN_MIN_LINES and run_chars >= OWN_RUN_MIN_CHARS:
            return True
    return False


def _teaser_texts(doc: lxml.html.HtmlElement, profile: Profile, url: str) -> list[str]:
    """Texts of headline-like links (several words, or an article URL of this site), once each."""
    seen: dict[str, str] = {}
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        target = urljoin(url, href)
        text = normalize_line(a.text_content())
        if len(text.split()) >= TEASER_MIN_WORDS or (text and profile.is_article_url(target)):
            seen.setdefault(target, text)
    return list(seen.values())


def card_texts(doc: lxml.html.HtmlElement) -> set[str]:
    """Texts of teaser cards' summaries: a small block whose nearby container holds one headline link (a
    card's category link, "Review Lào Cai" in ePi's ``story__meta``, is no second headline).

    Each container's headline links and text length are counted once (:class:`_Containers`), not again
    for every block below it: a page of a few thousand blocks costs one pass, not one per block.
    """
    found: set[str] = set()
    containers = _Containers()
    holders = {block.getparent() for block in doc.iter(*_CARD_BLOCKS)}  # elements with a block child
    for el in doc.iter(*_SUMMARY_TAGS):
        if el in holders:
            continue
        raw = el.text_content()
        if len(raw) < 20:  # normalising only shortens
            continue
        text = normalize_line(raw)
        if len(text) < 20 or el.find(".//a") is not None:
            continue
        ancestor, child = el.getparent(), el  # child: the ancestor's child holding el (a summary of 2 <p>)
        for _ in range(CARD_DEPTH):
            if ancestor is None:
                break
            links = containers.headline_links(ancestor)
            if len(links) == 1 or (links and len({href for href, _ in links}) == 1):
                whole = containers.text_length(ancestor)
                summary = containers.text_length(child)
                if whole <= summary + links[0][1] + CARD_SLACK_CHARS:
                    found.add(fold(text))
                break
            if len(links) > 1:
                break
            ancestor, child = ancestor.getparent(), ancestor
    return found


_CARD_BLOCKS = ("p", "div", "li", "td", "table")
# What holds a card's summary: a paragraph, a box, or a sub-heading under the headline ("subline" ``<h4>``).
_SUMMARY_TAGS = ("p", "div", "span", "li", "td", "h2", "h3", "h4", "h5", "h6")


class _Containers:
    """Per element, computed on first use and kept: its headline links and the length of its text."""

    def __init__(self) -> None:
        self._links: dict[lxml.html.HtmlElement, list[tuple[str | None, int]]] = {}
        self._lengths: dict[lxml.html.HtmlElement, int] = {}
        self._link_of: dict[lxml.html.HtmlElement, tuple[str | None, int] | None] = {}

    def headline_links(self, el: lxml.html.HtmlElement) -> list[tuple[str | None, int]]:
        """(href, text length) of each link of three words or more that is not a section link, in order."""
        links = self._links.get(el)
        if links is None:
            links = [link for a in el.iter("a") if (link := self._headline(a)) is not None]
            self._links[el] = links
        return links

    def _headline(self, a: lxml.html.HtmlElement) -> tuple[str | None, int] | None:
        if a not in self._link_of:
            text = normalize_line(a.text_content())
            headline = len(text.split()) >= 3 and not _is_section_link(a)
            self._link_of[a] = (a.get("href"), len(text)) if headline else None
        return self._link_of[a]

    def text_length(self, el: lxml.html.HtmlElement) -> int:
        length = self._lengths.get(el)
        if length is None:
            length = self._lengths[el] = len(normalize_line(el.text_content()))
        return length


# A section's name in its URL (``thoi-su``, ``van-hoa-the-thao-du-lich``) has at most this many words.
SECTION_MAX_SLUG_WORDS = 5
_ARTICLE_HREF = re.compile(r"\d|\.(?:html?|aspx|php)(?:$|[?#])", re.IGNORECASE)


def _is_section_link(a: lxml.html.HtmlElement) -> bool:
    """A link to a section (``/review-lao-cai/``, ``/thoi-su``): no digit, no page suffix, a short last slug.
    Article URLs of every family carry an id (``-post649591.html``, ``-a196670.html``, ``-10309548.html``,
    ``-<hex>.aspx``); elsewhere an article's slug is its headline, longer than a section's name."""
    href = (a.get("href") or "").strip()
    path = re.sub(r"^[a-z]+://[^/]+", "", href, flags=re.IGNORECASE)
    if not path or href.startswith(("#", "javascript:")) or _ARTICLE_HREF.search(path):
        return False
    # A headline's slug with no id (``/soccer/news/tottenham-fires-manager-mauricio-pochettino/``) is an article.
    slug = path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return len(slug.split("-")) <= SECTION_MAX_SLUG_WORDS

"""The result of extraction: an :class:`Article`, or the outcome :class:`NotAnArticle`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# The keys of ``archive extract`` output, in order.
ARTICLE_KEYS = (
    "url", "canonical_url", "site", "title", "published", "modified", "author", "lead", "text",
    "captions", "images", "category", "tags", "language",
)


class NotAnArticle(Exception):  # noqa: N818 - an outcome, not an error (see STYLE.md naming)
    """The page is a listing, an error page, or has no article body; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ExtractError(ValueError):
    """Bad input for the extractor (undecodable bytes, unknown site key): the CLI exits 2."""


@dataclass
class Article:
    url: str
    canonical_url: str
    site: str
    title: str | None
    text: str
    published: str | None = None  # ISO 8601 at +07:00, or a bare YYYY-MM-DD when no time is shown
    modified: str | None = None
    author: str | None = None
    lead: str | None = None
    captions: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)  # [{"src": …, "caption": … | None}]
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str = "vi"
    extraction: Literal["site", "generic"] = "site"  # which path produced the body
    # False: the site rules matched no body container at all (a template change, when it is most
    # pages of a run; a short body the fallback read better is not).  Neither reported nor stored.
    rules_found_body: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``archive extract`` keys (``extraction`` is reported separately); lists and dicts
        copied, as ``dataclasses.asdict`` does (a tenth of its time: it walks every field generically)."""
        return {key: _copied(getattr(self, key)) for key in ARTICLE_KEYS}

    def to_record(self) -> dict[str, Any]:
        """What ``archive.store.save_article`` takes: the extract keys plus ``extraction``."""
        return {**self.to_dict(), "extraction": self.extraction}


def _copied(value: Any) -> Any:
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    return value

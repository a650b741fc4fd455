"""Full-text search over the archive (``archive search``): ranked hits with a highlighted snippet.

Query language (documented in docs/data-out.md):

* **Plain words** (the default): every whitespace-separated chunk is quoted, so any word is safe
  (``covid-19``, ``and``, ``Sở``) and all chunks must appear; a chunk with several words
  (``covid-19``) must appear as a phrase.  Pages where the words stand together as typed come
  first, each group ranked by bm25 (:func:`phrase_of`).
* **Explicit FTS5 syntax** is passed through when the query uses any of it: ``"a phrase"``,
  ``AND`` / ``OR`` / ``NOT`` (upper case, with ``(…)`` groups), ``NEAR(…)``, a ``prefix*``,
  ``^first`` or a column filter ``title:``; parentheses alone are punctuation (``Hà Nội (2024)``).
  Mistakes there (an unbalanced quote, a bare ``AND``, ``NEAR(`` …) raise :class:`BadQueryError`
  with a one-line explanation, never an SQLite error.

Accents: the index folds diacritics (``unicode61 remove_diacritics 2``) and the triggers fold
``đ`` to ``d``; the query is folded the same way (:func:`archive.text.fold_for_search`), so
``chuyen doi so`` finds ``chuyển đổi số`` and ``Dong Khoi`` finds ``Đồng Khởi``.

``exact_accents=True`` keeps only hits whose title, lead or text contains every query term with
exactly the accents typed (case-insensitive, NFC): ``đổi`` then matches neither ``đối`` nor
``doi``.  It filters the accent-insensitive candidates in Python instead of keeping a second FTS
index: no schema change and no doubled index for a rarely used option; the price is that it
works with words, phrases, prefixes and ``AND`` only (not ``OR``/``NOT``/``NEAR``).

Ranking: FTS5 ``bm25`` of the query's words, with the title weighted above the lead, and the lead
above the text; an explicit ``"phrase"`` keeps only the articles where it stands as typed, scored by
its words (FTS5 would weigh the phrase itself by finding it in every article of the archive).  The
matches among the newest :data:`RANK_LIMIT` articles holding every word are ranked first; when they do
not fill the page, the next newest matches fill it, best first: bounded time on a million articles
(docs/million.md).
"""

from __future__ import annotations

import html
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

import sqlite_utils

from archive.errors import ArchiveError
from archive.filters import ALL_ARTICLES, ArticleFilter
from archive.text import fold_for_search

# bm25 weights for (title, lead, text): a word in the title counts ten times one in the body.
FTS_WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 16  # words of context in a snippet
# The window ranked first: the newest this many articles holding every word of the query (older matches only
# fill a page it leaves short). A common syllable is in most of a million articles, and bm25 over all of them
# took seconds (docs/million.md).
RANK_LIMIT = 5_000
# Articles (the newest) in which a word's share is counted: bm25 gives no weight to a word in more than half.
COMMON_SAMPLE = 1_000
DEFAULT_MARK = ("<mark>", "</mark>")
# Placeholders SQLite puts around matched words when the snippet is to be HTML (:func:`html_snippet`):
# control characters, which clean text never holds (archive/text.py).
HTML_MARK = ("\x02", "\x03")


def html_snippet(snippet: str) -> str:
    """A snippet made with :data:`HTML_MARK` as safe HTML: the article's text escaped (a ``<script>``
    in it stays text), the matched words in ``<mark>`` tags."""
    escaped = html.escape(snippet, quote=True)
    return escaped.replace(HTML_MARK[0], DEFAULT_MARK[0]).replace(HTML_MARK[1], DEFAULT_MARK[1])

_OPERATOR = re.compile(r"(?<![\w\"])(AND|OR|NOT)(?![\w\"])|NEAR\s*\(")
_SYNTAX = re.compile(r"[\"*^]|(?<!\w)(title|lead|text)\s*:")  # parentheses count only next to operators
_UNSUPPORTED_EXACT = re.compile(r"(?<![\w\"])(OR|NOT)(?![\w\"])|NEAR\s*\(")


class BadQueryError(ArchiveError):
    """The search query cannot be understood (explained in one line)."""


@dataclass(frozen=True)
class SearchHit:
    id: int
    url: str
    site: str
    title: str | None
    published_at: str | None
    snippet: str
    score: float  # bm25: lower is better
    cluster_id: int | None
    duplicate_of: int | None


def is_explicit_syntax(query: str) -> bool:
    """True when the query uses FTS5 syntax of its own (quotes, operators, ``*`` …)."""
    return bool(_OPERATOR.search(query) or _SYNTAX.search(query))


def build_match(query: str) -> str:
    """The FTS5 ``MATCH`` expression for a user query, folded like the index (see module doc)."""
    folded = fold_for_search(query).strip()
    if not folded:
        raise BadQueryError("empty search query")
    if not is_explicit_syntax(folded):
        chunks = [chunk for chunk in folded.split() if re.search(r"\w", chunk)]
        if not chunks:
            raise BadQueryError(f"nothing to search for in {query!r}: give at least one word")
        return " ".join(f'"{chunk}"' for chunk in chunks)
    _check_explicit(folded)
    return folded


def phrase_of(query: str) -> str | None:
    """For a plain query of several words, the FTS5 phrase of them all (ranked first); else None."""
    folded = fold_for_search(query).strip()
    if is_explicit_syntax(folded):
        return None
    words = [chunk for chunk in folded.split() if re.search(r"\w", chunk)]
    return '"' + " ".join(words) + '"' if len(words) > 1 else None


def _check_explicit(query: str) -> None:
    """Catch the usual mistakes before SQLite does, with a plain explanation."""
    if query.count('"') % 2:
        raise BadQueryError('unbalanced double quote in the query: close the "phrase"')
    outside = re.sub(r'"[^"]*"', '""', query)  # operators inside a phrase are words
    if outside.count("(") != outside.count(")"):
        raise BadQueryError("unbalanced parentheses in the query (NEAR(…) and (…) need a closing ')')")
    if re.search(r"(^|[\s(])\*", outside):
        raise BadQueryError("'*' must follow a word, as in doi* (it marks a prefix)")
    bare = outside.strip()
    first, last = bare.split()[0], bare.split()[-1]
    if first in ("AND", "OR", "NOT") or last in ("AND", "OR", "NOT"):
        raise BadQueryError("AND, OR and NOT need a term on each side (quote them to search for the word)")


def _explain(exc: sqlite3.OperationalError, query: str) -> BadQueryError:
    detail = str(exc).removeprefix("fts5: ")
    if "(" in query:
        hint = "next to a (group) write AND, as in: ben tre AND (lua OR dua)"
    else:
        hint = "put words in double quotes to search them as typed"
    return BadQueryError(f"cannot understand the search query {query!r} ({detail}); {hint}")


# --- exact accents --------------------------------------------------------------------------------


def exact_terms(query: str) -> list[re.Pattern[str]]:
    """One pattern per term (word, phrase or prefix) that must appear exactly (case-insensitive)."""
    query = unicodedata.normalize("NFC", query)
    if _UNSUPPORTED_EXACT.search(re.sub(r'"[^"]*"', '""', query)):
        raise BadQueryError("--exact-accents works with words, \"phrases\", prefix* and AND; not OR, NOT or NEAR")
    patterns = []
    for term, is_prefix in _terms(query):
        tokens = re.findall(r"\w+", term.casefold())
        if tokens:
            body = r"\W+".join(re.escape(token) for token in tokens)
            patterns.append(re.compile(r"(?<!\w)" + body + ("" if is_prefix else r"(?!\w)")))
    return patterns


def _terms(query: str) -> Iterator[tuple[str, bool]]:
    """``(text, is_prefix)`` for each phrase or bare chunk of the query, operators left out."""
    for quoted, star, bare in re.findall(r'"([^"]*)"(\*?)|(\S+)', query):
        if bare:
            bare = re.sub(r"^(title|lead|text)\s*:", "", bare).strip("()^")
            if bare in ("AND", ""):
                continue
            yield bare.rstrip("*"), bare.endswith("*")
        else:
            yield quoted, bool(star)


def _has_exact(patterns: list[re.Pattern[str]], *texts: str | None) -> bool:
    haystack = unicodedata.normalize("NFC", "\n".join(t for t in texts if t)).casefold()
    return all(pattern.search(haystack) for pattern in patterns)


# --- the search -----------------------------------------------------------------------------------


def search_articles(
    db: sqlite_utils.Database,
    query: str,
    *,
    where: ArticleFilter = ALL_ARTICLES,
    limit: int = 20,
    exact_accents: bool = False,
    mark: tuple[str, str] = DEFAULT_MARK,
) -> list[SearchHit]:
    """The best ``limit`` hits for ``query``, best first.

    :param where: sites, published-date range, unique only (see :class:`ArticleFilter`).
    :param exact_accents: keep only hits containing the terms with exactly these accents.
    :param mark: strings put around matched words in the snippet.
    :raises BadQueryError: the query is malformed (one-line explanation).
    """
    match = build_match(query)
    patterns = exact_terms(query) if exact_accents else []
    try:
        ranked = _ranked_ids(db, match, where, None if patterns else limit, phrase_of(query))
        if patterns:
            ranked = _exact_only(db, ranked, patterns, limit)
        return _hits(db, words_of(match), list(ranked), mark)
    except sqlite3.OperationalError as exc:
        if _is_query_error(exc):
            raise _explain(exc, query) from exc
        raise


def words_of(match: str) -> str:
    """The FTS5 expression of every word of ``match`` (each quoted), when ``match`` is only
    ``"phrases"`` and words that must all appear; else ``match`` itself.

    Every match of ``match`` holds all these words, and finding articles that hold words reads no
    positions: it is how the newest window of candidates is found and how matches are ranked
    (:func:`_ranked_ids`).
    """
    outside = re.sub(r'"[^"]*"', " ", match)
    if _OPERATOR.search(outside) or re.search(r"[*^:()]", outside):
        return match
    chunks = [chunk for chunk in match.replace('"', " ").split() if re.search(r"\w", chunk)]
    return " ".join(f'"{chunk}"' for chunk in chunks) or match


def _ranked_ids(
    db: sqlite_utils.Database, match: str, where: ArticleFilter, limit: int | None, phrase: str | None = None
) -> Iterator[tuple[int, float]]:
    """``(id, bm25)`` best first (``phrase`` matches before the rest).  Only small columns are ranked:
    snippets come later, for the winners.

    The matches among the newest :data:`RANK_LIMIT` articles holding every word of the query
    (:func:`words_of`, a window found in the FTS index alone) are ranked first.  When they do not
    fill ``limit``, the next newest older matches fill the page, best first; with no ``limit`` (exact
    accents), all older matches follow, best first.  A common word, or a phrase of common
    syllables, then costs a bounded ranking.
    """
    low, high = _filter_span(db, where)
    if low > high:
        return
    words = words_of(match)
    scored = _weighted_words(db, words)
    cutoff = db.conn.execute(
        f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN {low} AND {high} "
        f"ORDER BY rowid DESC LIMIT 1 OFFSET {RANK_LIMIT - 1}",
        [words],
    ).fetchone()
    if not cutoff or cutoff[0] <= low:
        yield from _rank(db, scored, match, where, low, high, limit, phrase)
        return
    found = 0
    for row in _rank(db, scored, match, where, cutoff[0], high, limit, phrase):
        yield row
        found += 1
    if limit is None:
        yield from _rank(db, scored, match, where, low, cutoff[0] - 1, None, phrase)
    elif found < limit:
        older = _newest_matches(db, match, where, low, cutoff[0] - 1, limit - found)
        if older:
            yield from _rank(db, scored, match, where, older[-1], older[0], None, phrase, ids=older)


def _weighted_words(db: sqlite_utils.Database, words: str) -> str:
    """The words of ``words`` (several quoted words; else ``words`` itself) bm25 is to weigh: those
    in at most half of the newest :data:`COMMON_SAMPLE` articles, or the least common one when every
    word is in more.

    FTS5's bm25 weighs a word in more than half of the articles 1e-6 (its idf is clamped), yet reads
    its whole index to count them: a tenth of a second for four common syllables at 1M articles.
    """
    terms = re.findall(r'"[^"]*"', words)
    if len(terms) < 2 or " ".join(terms) != words:
        return words
    top = db.conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
    sample = db.conn.execute("SELECT count(*) FROM articles WHERE id > ?", [top - COMMON_SAMPLE]).fetchone()[0]
    shares = [
        db.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ?",
                        [term, top - COMMON_SAMPLE]).fetchone()[0]
        for term in terms
    ]
    kept = [term for term, share in zip(terms, shares, strict=True) if 2 * share <= sample]
    return " ".join(kept) if kept else terms[shares.index(min(shares))]


def _newest_matches(
    db: sqlite_utils.Database, match: str, where: ArticleFilter, low: int, high: int, count: int
) -> list[int]:
    """The ids of the newest ``count`` matches between ``low`` and ``high``, newest first."""
    condition, params = where.where("a")
    join = _join(condition)
    rows = db.conn.execute(
        f"SELECT articles_fts.rowid FROM articles_fts {join}WHERE articles_fts MATCH ? "
        f"AND articles_fts.rowid BETWEEN {low} AND {high} AND {condition} "
        f"ORDER BY articles_fts.rowid DESC LIMIT {count}",
        [match, *params],
    )
    return [article_id for (article_id,) in rows]


def _rank(
    db: sqlite_utils.Database, scored: str, match: str, where: ArticleFilter, low: int, high: int,
    limit: int | None, phrase: str | None, ids: list[int] | None = None,
) -> Iterator[tuple[int, float]]:
    """The matches of ``match`` between ``low`` and ``high`` (or only these ``ids``, known matches),
    best first, scored by the bm25 of ``scored``, words of the query (:func:`_weighted_words`): FTS5
    weighs a phrase by finding it in every article of the archive, a word by counting its articles."""
    condition, params = where.where("a")
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    span = f"rowid BETWEEN {low} AND {high}"
    only = ""
    args: list = [scored]  # in the order of the ?s
    if ids is not None:  # a few matches, maybe far apart: the span is read once, for bm25's word counts
        only = f"AND +articles_fts.rowid IN ({', '.join(str(i) for i in ids)}) "
    else:
        # The "+" makes SQLite read the span once; without it, it looked each id up in the FTS index
        # (3.4 s against 4 ms for a window at 100,000 articles).
        if match != scored:
            only = (f"AND +articles_fts.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                    f"AND {span}{_toward_nearer_end(db, low, high)}) ")
            args.append(match)
        if condition != "1":  # the filter's indexes answer it: reading 5,000 articles' rows cost 50 ms at 1M
            only += f"AND +articles_fts.rowid IN (SELECT a.id FROM articles a WHERE {condition} AND a.{span}) "
            args += params
    first = ""
    if phrase is not None:
        first = (f"articles_fts.rowid NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                 f"AND {span}{_toward_nearer_end(db, low, high)}), ")
        args.append(phrase)
    sql = (
        f"SELECT articles_fts.rowid, bm25(articles_fts, {weights}) AS score FROM articles_fts "
        f"WHERE articles_fts MATCH ? AND articles_fts.{span} {only}"
        f"ORDER BY {first}score, articles_fts.rowid"
    )
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    yield from db.conn.execute(sql, args)


def _toward_nearer_end(db: sqlite_utils.Database, low: int, high: int) -> str:
    """The order in which FTS5 should look for a phrase between ``low`` and ``high``: toward the nearer
    end of the archive.  Having passed the last article of the span, FTS5 goes on looking for the
    phrase's next match before it checks the bound: from a window in 2010 to the newest articles,
    60 ms for a 3-word phrase at 1M, against 20 ms down to the oldest ones."""
    top = db.conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
    return " ORDER BY rowid DESC" if low < top - high else ""


def _join(condition: str) -> str:
    """The join to ``articles`` a filter needs: CROSS keeps the FTS index driving (the planner would
    otherwise walk a site's index and look each of its articles up in the FTS index)."""
    return "" if condition == "1" else "CROSS JOIN articles a ON a.id = articles_fts.rowid "


def _filter_span(db: sqlite_utils.Database, where: ArticleFilter) -> tuple[int, int]:
    """The smallest and largest id the filter's sites and dates allow (their indexes answer it)."""
    if not (where.sites or where.since or where.until):
        return 0, 2**63 - 1
    if not (where.since or where.until):  # two index lookups a site, not a walk over all its articles
        spans = [db.conn.execute("SELECT (SELECT min(id) FROM articles WHERE site = ?), "
                                 "(SELECT max(id) FROM articles WHERE site = ?)", [site, site]).fetchone()
                 for site in where.sites]
        spans = [span for span in spans if span[0] is not None]
        return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (1, 0)
    span, params = replace(where, unique=False).where("a")
    found = db.conn.execute(f"SELECT min(a.id), max(a.id) FROM articles a WHERE {span}", params).fetchone()
    return (1, 0) if found[0] is None else found


def _exact_only(
    db: sqlite_utils.Database, ranked: Iterator[tuple[int, float]], patterns: list[re.Pattern[str]], limit: int
) -> Iterator[tuple[int, float]]:
    """The first ``limit`` ranked ids whose stored text has the terms with exactly these accents."""
    kept = 0
    for article_id, score in ranked:
        texts = db.execute("SELECT title, lead, text FROM articles WHERE id = ?", [article_id]).fetchone()
        if _has_exact(patterns, *texts):
            yield article_id, score
            kept += 1
            if kept >= limit:
                return


def _hits(
    db: sqlite_utils.Database, match: str, ranked: list[tuple[int, float]], mark: tuple[str, str]
) -> list[SearchHit]:
    """The ranked ids' articles with a snippet.  ``match`` is the query's words (:func:`words_of`): each
    hit is looked up in the FTS index, and a phrase looked up by id is searched past the id up to its
    next match (:func:`_toward_nearer_end`): 20 ms an article for a rare 4-word phrase at 1M."""
    if not ranked:
        return []
    ids = [article_id for article_id, _ in ranked]
    rows = db.conn.execute(
        f"""
        SELECT a.id, a.url, a.site, a.title, a.published_at, a.cluster_id, a.duplicate_of,
               snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_TOKENS})
        FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
        WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({", ".join("?" for _ in ids)})
        """,
        [mark[0], mark[1], match, *ids],
    )
    by_id = {row[0]: row for row in rows}
    return [
        SearchHit(
            id=row[0], url=row[1], site=row[2], title=row[3], published_at=row[4],
            cluster_id=row[5], duplicate_of=row[6], snippet=row[7], score=score,
        )
        for article_id, score in ranked
        if (row := by_id.get(article_id))
    ]


def _is_query_error(exc: sqlite3.OperationalError) -> bool:
    msg = str(exc)
    return msg.startswith(("fts5:", "unterminated string", "unknown special query", "no such column"))

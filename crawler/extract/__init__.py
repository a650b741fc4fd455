"""From article HTML to a clean :class:`~crawler.extract.article.Article` (or ``NotAnArticle``).

Entry point: ``extract_article(html, url, site=None, boilerplate=())``.
"""

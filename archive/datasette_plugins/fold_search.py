"""Datasette plugin: fold ``đ`` to ``d`` in full-text searches, as the archive's FTS index does.

The index is built with ``unicode61 remove_diacritics 2`` (``ổ`` → ``o``) and triggers that fold
``đ`` → ``d``, a letter the tokenizer keeps.  Datasette's ``?_search=`` goes through its SQL
function ``escape_fts``; this plugin replaces that function (registered last, so it wins) with
one that folds ``đ`` first, so ``?_search=chuyển đổi số`` finds what ``chuyen doi so`` finds.
"""

from datasette import hookimpl
from datasette.utils import escape_fts


def fold_escape_fts(query: str) -> str:
    return escape_fts((query or "").replace("đ", "d").replace("Đ", "D"))


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, fold_escape_fts)

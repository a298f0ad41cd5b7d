"""Rules both databases' searches share, so that they count alike."""

from __future__ import annotations

from store.search.fts import facet_expression, has_post_filters, name_expression, text_expression
from store.search.query import CompanyQuery
from store.search.text import search_terms

# Counting stops here on both databases: past it the page says "plus de 10 000", and counting
# costs nothing more. Counting 100,000 entries cost ~14 ms of a broad request ("à Paris") on
# 1 M companies on SQLite, and on PostgreSQL reading up to 100,000 rows made broad text searches
# miss 50 ms (bench/search.py).
COUNT_LIMIT = 10_000
# Sorts on columns the full-text indexes do not hold: the matches are read back from `company`.
COLUMN_SORTS = ("newest", "oldest", "name", "intent")
# Sorts SQLite answers by joining `company` (or `company_intent`) to its index.
JOINED_SORTS = ("name", "intent")


def counts_every_match(query: CompanyQuery, terms: list[str]) -> bool:
    """Whether the total is exact however large, else it stops at `COUNT_LIMIT`, as SQLite
    counts: exactly only when its full-text index has nothing to match (no text, name or
    filter it holds) and the search reads `company` rows instead (a filter checked on rows,
    such as signals, or a sort by name or intent)."""
    name = name_expression(search_terms(query.name)) if query.name else None
    indexed = text_expression(terms) or name or facet_expression(query)
    return not indexed and (has_post_filters(query) or query.sort in JOINED_SORTS)

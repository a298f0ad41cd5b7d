"""Rules both databases' searches share, so that they count alike."""

from __future__ import annotations

from store.search.fts import has_post_filters
from store.search.query import CompanyQuery

# Counting stops here: past it the page says "more than", and counting costs nothing more.
COUNT_LIMIT = 100_000
# Sorts on columns the full-text indexes do not hold: the matches are read back from `company`.
COLUMN_SORTS = ("newest", "oldest", "name", "intent")


def counts_every_match(query: CompanyQuery) -> bool:
    """Whether the total is exact however large, else it stops at `COUNT_LIMIT`: exact with a
    column sort or a filter SQLite checks on the rows (city, postcode, legal form, creation
    date, signals), as SQLite's search counts."""
    return query.sort in COLUMN_SORTS or has_post_filters(query)

"""Company search over the local store: the query model and its SQL for SQLite and PostgreSQL."""

from store.search.query import SORTS, CompanyQuery, InvalidIdentifier, InvalidQuery, Sort

__all__ = ["SORTS", "CompanyQuery", "InvalidIdentifier", "InvalidQuery", "Sort"]

"""Company search over the local store: the query model and its SQL for SQLite and PostgreSQL."""

from store.search.query import CompanyQuery, InvalidQuery

__all__ = ["CompanyQuery", "InvalidQuery"]

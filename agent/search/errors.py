"""Typed failures of company search that are not the outside API's (those are
`agent.http.OutsideApiError` and its kinds, raised by the API adapter as they are)."""

from __future__ import annotations

from store.search.query import InvalidQuery


class QueryTooVague(InvalidQuery):
    """The public API needs at least 3 characters of text or a filter it understands."""

"""Typed failures of a company source, each with a message that says what to do."""

from __future__ import annotations

from store.search.query import InvalidQuery


class SourceError(RuntimeError):
    """A company source could not answer."""


class SourceUnavailable(SourceError):
    """The source cannot be reached: offline, DNS, refused connection, timeout or 5xx."""


class SourceRateLimited(SourceError):
    """The source keeps answering 429 Too Many Requests."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SourceRejected(SourceError):
    """The source refused the request (4xx); the message is the source's own reason."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class QueryTooVague(InvalidQuery):
    """The public API needs at least 3 characters of text or a filter it understands."""

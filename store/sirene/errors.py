"""The one error a user can get from the SIRENE importer: a file it cannot use."""

from __future__ import annotations


class SireneFileError(ValueError):
    """A file that is missing, unreadable or not a SIRENE stock file; the message says what to do."""

"""Turning a user's free text into full-text queries (FTS5 MATCH, PostgreSQL tsquery)."""

from __future__ import annotations

import re

from store.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = "a à au aux avec ce ces d de des du en et l la le les leur ou par pour sa se ses sur un une"
STOP_WORDS = frozenset(_STOP.split()) | {
    "the",
    "of",
    "and",
    "for",
    "in",
    "at",
    "on",
    "with",
    "to",
    "an",
}


def search_terms(text: str) -> list[str]:
    """Lower-cased, accent-free words worth matching (stop words and 1-letter words dropped)."""
    words = [fold(word).lower() for word in _WORD.findall(text)]
    kept = [word for word in words if len(word) > 1 and word not in STOP_WORDS]
    return kept or [word for word in words if word]


def fts5_query(terms: list[str], *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression: every term (or any), the last one as a prefix."""
    quoted = [f'"{term}"' for term in terms]
    if quoted:
        quoted[-1] += "*"
    return (" OR " if any_term else " ").join(quoted)


def tsquery(terms: list[str], *, any_term: bool = False) -> str:
    """A PostgreSQL `to_tsquery('simple', …)` expression matching the same way."""
    parts = [re.sub(r"[^\w]", "", term) for term in terms]
    parts = [part for part in parts if part]
    if parts:
        parts[-1] += ":*"
    return (" | " if any_term else " & ").join(parts)


def name_tsquery(terms: list[str]) -> str:
    """A `to_tsquery('simple', …)` expression: every term in a name or acronym (weight A)."""
    parts = [re.sub(r"[^\w]", "", term) for term in terms]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    return " & ".join(
        part + (":*A" if index == len(parts) - 1 else ":A") for index, part in enumerate(parts)
    )

"""Text folding shared by search and import: accents off, for matching the way SIRENE writes."""

from __future__ import annotations

import unicodedata


def fold(value: str) -> str:
    """`Saint-Étienne` → `Saint-Etienne`: strip combining accents, keep everything else."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char))

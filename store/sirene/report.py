"""What an import did: rows read, written, left alone and skipped (with the first bad rows)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_BAD_ROWS = 100


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row the importer could not use: file name, line (1 = header) and reason."""

    file: str
    line: int
    reason: str


@dataclass
class ImportReport:
    """Counts for one `filon import sirene` run, over all its files."""

    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad_rows: list[BadRow] = field(default_factory=list)
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    max_bad_rows: int = MAX_BAD_ROWS

    @property
    def rows_per_second(self) -> float:
        """Rows read per second of wall time."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The `--json` document."""
        return {
            "read": self.read,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": dict(sorted(self.skipped.items())),
            "bad_rows": [
                {"file": b.file, "line": b.line, "reason": b.reason} for b in self.bad_rows
            ],
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second),
        }

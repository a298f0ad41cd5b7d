"""Where exports go: `$FILON_HOME/exports/`, private (folder 0700, files 0600), under names a
person recognises — what was exported and the day: `liste-esn-lyon-2026-11-18.csv`.

A name already taken gets a number (`…-2.csv`); the file is created exclusively, so two exports
of the same list at the same moment never write into one file.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from agent.i18n import Language, t
from store.private import new_private_file, private_file, private_folder
from store.text import fold

FOLDER = "exports"
MAX_SLUG = 60
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """`text` as a file-name part: lower case, no accents, words joined by dashes."""
    words = _NOT_WORD.sub("-", fold(text).lower()).strip("-")
    return words[:MAX_SLUG].rstrip("-")


def new_export_file(
    home: Path, *, kind: str, subject: str | None, today: date, language: Language
) -> Path:
    """A new empty private file in the exports folder, named for `kind` (list, search, leads)
    and `subject` (a list's name, a search's words) and the day."""
    folder = private_folder(home / FOLDER)
    parts = [t(f"leads.export.file.{kind}", language), slug(subject or ""), today.isoformat()]
    stem = "-".join(part for part in parts if part)
    for number in range(1, 1000):
        path = folder / (f"{stem}.csv" if number == 1 else f"{stem}-{number}.csv")
        try:
            return new_private_file(path)
        except FileExistsError:
            continue
    raise FileExistsError(f"too many exports named {stem} in {folder}")


def chosen_file(path: Path) -> Path:
    """A file the person named (`-o FILE`): created private, or an existing one of theirs
    tightened to 0600 before it is overwritten."""
    return private_file(path.expanduser())

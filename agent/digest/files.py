"""Where digests go: `$FILON_HOME/digests/digest-2026-11-18.html`, private (folder 0700, file
0600: a digest names people and their leads), a new file each run — a second digest the same
day gets a number (`…-2.html`) rather than overwriting the first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store.private import new_private_file, private_file, private_folder

FOLDER = "digests"


def new_digest_file(home: Path, *, day: date) -> Path:
    """A new empty private file for the day's digest in `home`'s digests folder."""
    folder = private_folder(home / FOLDER)
    stem = f"digest-{day.isoformat()}"
    for number in range(1, 1000):
        path = folder / (f"{stem}.html" if number == 1 else f"{stem}-{number}.html")
        try:
            return new_private_file(path)
        except FileExistsError:
            continue
    raise FileExistsError(f"too many digests named {stem} in {folder}")


def write_digest(html: str, *, home: Path, day: date, path: Path | None = None) -> Path:
    """Write the digest privately — to `path` (created 0600, or an existing one of the
    person's tightened first) or to a new file in `home` — and say where."""
    target = private_file(path.expanduser()) if path else new_digest_file(home, day=day)
    target.write_text(html, encoding="utf-8")
    return target

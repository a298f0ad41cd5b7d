"""Files and folders holding Filon's data, readable by their owner only.

The store, the conversation memory and any export hold personal data (names, emails, notes
about people: RGPD), so nothing Filon writes may be readable by other users of the machine,
whatever the umask. Files are created 0600 before anyone writes to them (SQLite then gives
its -wal and -shm files the database file's mode), folders 0700; an existing file of ours
that is wider open (written by an older Filon) is tightened.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_folder(path: Path) -> Path:
    """Create the folder `path` (and its parents) if missing; one created here is 0700."""
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        path.chmod(PRIVATE_FOLDER)  # mkdir's mode went through the umask
    return path


def private_file(path: Path) -> Path:
    """Make `path` a file only its owner can read and write, creating it empty if missing.

    Call it before writing a file of personal data (an export, a database): the data never
    sits in a file others can read, not even for a moment.
    """
    try:
        new_private_file(path)
    except FileExistsError:
        _tighten(path)
    return path


def new_private_file(path: Path) -> Path:
    """Create `path` as a new empty file only its owner can read and write.

    Raises `FileExistsError` when the file exists: two processes choosing the same new name
    (two exports in the same second) never write into one file.
    """
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)  # the umask may have removed bits, never added
    os.close(descriptor)
    return path


def private_sqlite_file(path: Path) -> Path:
    """`private_file` for a SQLite database and the companion files SQLite keeps beside it."""
    private_file(path)
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            _tighten(companion)
    return path


def _tighten(path: Path) -> None:
    # Only a regular file we own: a shared team file is its owner's decision, and a folder
    # or device in the way is reported by whoever opens it.
    status = path.stat()
    if not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid():
        return
    if stat.S_IMODE(status.st_mode) & ~PRIVATE_FILE:
        # On a read-only file system this fails; whoever opens the file says what is wrong.
        with suppress(OSError):
            path.chmod(stat.S_IMODE(status.st_mode) & PRIVATE_FILE)

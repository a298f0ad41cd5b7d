"""Filon's data is nobody else's: FILON_HOME is 0700, every database file (and SQLite's
-wal/-shm beside it) 0600, whatever the umask, and files left wide open by an older Filon
are tightened."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import make_engine, open_store
from store.private import private_file, private_folder

FILON = Path(sys.executable).with_name("filon")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask, under which files are created readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_command_keeps_home_store_and_memory_private(open_umask: None, tmp_path: Path) -> None:
    home = tmp_path / "home"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FILON_", "OPENAI_"))}
    environment.update(FILON_HOME=str(home), FILON_COMPANY_SOURCE="local")
    done = subprocess.run(
        [str(FILON), "ask", "bonjour"], env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert mode(home) == 0o700
    databases = [home / "filon.db", home / "memory.db"]
    companions = [p for p in home.iterdir() if p.name.endswith(("-wal", "-shm", "-journal"))]
    for path in databases + companions:
        assert mode(path) == 0o600, path


def test_wal_and_shm_files_are_created_private(open_umask: None, tmp_path: Path) -> None:
    database = tmp_path / "data" / "filon.db"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:  # an open writer keeps -wal and -shm on disk
        connection.execute(text("CREATE TABLE note (body TEXT)"))
        connection.execute(text("INSERT INTO note VALUES ('Mme Dupont, DSI, rappeler lundi')"))
        companions = [database.with_name("filon.db-wal"), database.with_name("filon.db-shm")]
        assert all(path.exists() for path in companions)
        assert [mode(path) for path in [database, *companions]] == [0o600] * 3
    engine.dispose()
    assert mode(database.parent) == 0o700


def test_a_store_left_readable_by_an_older_filon_is_tightened(
    open_umask: None, tmp_path: Path
) -> None:
    database = tmp_path / "filon.db"
    sqlite3.connect(database).close()
    database.chmod(0o644)
    open_store(f"sqlite:///{database}").dispose()
    assert mode(database) == 0o600


def test_private_file_for_exports(tmp_path: Path) -> None:
    previous = os.umask(0)  # even with nothing masked
    try:
        export = private_file(tmp_path / "leads.csv")
        assert mode(export) == 0o600 and export.read_bytes() == b""
        export.write_bytes(b"SIREN;Nom\r\n")
        export.chmod(0o664)
        assert mode(private_file(export)) == 0o600
        assert export.read_bytes() == b"SIREN;Nom\r\n"  # tightened, not truncated
        assert mode(private_folder(tmp_path / "exports" / "2026")) == 0o700
    finally:
        os.umask(previous)

"""Every error of the real `filon` command is one line on stderr, `filon: …`, saying what to
do, in French by default and in English when asked, with a non-zero exit and no traceback.

Each row runs the installed `filon` in a subprocess, with FILON_HOME in tmp_path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import _POSTGRES, _POSTGRES_REQUIRED
from sqlalchemy import text

from store.db import make_engine, open_store

FILON = Path(sys.executable).with_name("filon")

Setup = Callable[[Path], AbstractContextManager[dict[str, str]]]


@dataclass(frozen=True)
class Row:
    """A command line, what to prepare first, and words the one line must hold."""

    args: tuple[str, ...]
    says: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    setup: Setup | None = None
    postgres: bool = False  # needs the test PostgreSQL server


def run_filon(
    home: Path, args: tuple[str, ...], env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """The real command, as a person runs it, with nothing reaching beyond this machine."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FILON_", "OPENAI_"))}
    environment.update(
        LANG="C.UTF-8",
        FILON_HOME=str(home),
        FILON_COMPANY_SOURCE="local",
        FILON_RECHERCHE_BASE_URL="http://127.0.0.1:9",
    )
    environment.update(env)
    return subprocess.run(
        [str(FILON), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], says: tuple[str, ...]) -> str:
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("filon: "), lines[0]
    shown = lines[0].replace("\u202f", " ")  # French quotes hold narrow no-break spaces
    for words in says:
        assert words in shown, lines[0]
    return shown


# Preparations: each yields the environment the row needs.


@contextmanager
def _nothing() -> Iterator[dict[str, str]]:
    yield {}


@contextmanager
def corrupt_store(home: Path) -> Iterator[dict[str, str]]:
    home.mkdir()
    (home / "filon.db").write_bytes(os.urandom(8192))
    yield {}


@contextmanager
def store_is_a_folder(home: Path) -> Iterator[dict[str, str]]:
    (home / "filon.db").mkdir(parents=True)
    yield {}


HOLD_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA journal_mode=DELETE")  # so that readers are kept out too
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


@contextmanager
def _exclusive_lock(database: Path) -> Iterator[None]:
    """Another process holding an exclusive lock on `database` until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


@contextmanager
def locked_store(home: Path) -> Iterator[dict[str, str]]:
    open_store(f"sqlite:///{home / 'filon.db'}").dispose()
    with _exclusive_lock(home / "filon.db"):
        yield {}


@contextmanager
def locked_memory(home: Path) -> Iterator[dict[str, str]]:
    open_store(f"sqlite:///{home / 'filon.db'}").dispose()
    with _exclusive_lock(home / "memory.db"):
        yield {}


@contextmanager
def home_under_a_file(home: Path) -> Iterator[dict[str, str]]:
    home.parent.mkdir(parents=True, exist_ok=True)
    (home.parent / "a-file").write_text("not a folder\n")
    yield {"FILON_HOME": str(home.parent / "a-file" / "filon")}


@contextmanager
def newer_store(home: Path) -> Iterator[dict[str, str]]:
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    yield {}


def _postgres() -> str:
    """The test server's URL, or a skip (a failure when CI names a server that is not there)."""
    if _POSTGRES is None:
        if _POSTGRES_REQUIRED:
            pytest.fail("FILON_TEST_POSTGRES_URL is set but the server does not answer")
        pytest.skip("no PostgreSQL reachable (set FILON_TEST_POSTGRES_URL)")
    return _POSTGRES


@contextmanager
def postgres_unknown_database(_home: Path) -> Iterator[dict[str, str]]:
    """A server that answers, asked for a database it does not have."""
    url = make_engine(_postgres()).url.set(database=f"none_{uuid.uuid4().hex[:8]}")
    yield {"FILON_DATABASE_URL": url.render_as_string(hide_password=False)}


@contextmanager
def postgres_role_without_rights(_home: Path) -> Iterator[dict[str, str]]:
    """A migrated throw-away schema, and a role that may log in but was granted nothing."""
    _postgres()
    schema, role = f"t_{uuid.uuid4().hex[:12]}", f"r_{uuid.uuid4().hex[:12]}"
    admin = make_engine(_postgres())
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
    search_path = f"options=-csearch_path%3D{schema},public"
    open_store(f"{_postgres()}?{search_path}").dispose()
    url = admin.url.set(username=role).render_as_string(hide_password=False)
    try:
        yield {"FILON_DATABASE_URL": f"{url}?{search_path}"}
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


SEARCH = ("search", "ESN à Lyon")
EN = {"FILON_LANGUAGE": "en"}

ROWS: dict[str, Row] = {
    # FILON_DATABASE_URL
    "url_garbage": Row(
        SEARCH, ("FILON_DATABASE_URL", "sqlite:///"), {"FILON_DATABASE_URL": "garbage"}
    ),
    "url_mysql": Row(
        SEARCH, ("« mysql »", "SQLite et PostgreSQL"), {"FILON_DATABASE_URL": "mysql://u@h/db"}
    ),
    "url_mysql_en": Row(
        SEARCH, ("SQLite and PostgreSQL",), {"FILON_DATABASE_URL": "mysql://u@h/db", **EN}
    ),
    "postgres_unreachable": Row(
        SEARCH,
        ("joindre le serveur PostgreSQL 127.0.0.1:1/test", "FILON_DATABASE_URL"),
        {"FILON_DATABASE_URL": "postgresql://filon@127.0.0.1:1/test"},
    ),
    "postgres_unreachable_en": Row(
        ("ask", "bonjour"),
        ("cannot reach the PostgreSQL server", "check that it is running"),
        {"FILON_DATABASE_URL": "postgres://filon@127.0.0.1:1/test", **EN},
    ),
    # the SQLite file
    "store_corrupt": Row(
        SEARCH, ("n'est pas une base Filon lisible", "mettez-le de côté"), setup=corrupt_store
    ),
    "store_is_a_folder": Row(
        SEARCH, ("filon.db est un dossier", "déplacez-le"), setup=store_is_a_folder
    ),
    "store_locked_ask": Row(
        ("ask", "bonjour"), ("filon.db est verrouillée", "réessayez"), setup=locked_store
    ),
    "store_locked_demo_clear": Row(
        ("demo", "--clear"), ("filon.db est verrouillée", "réessayez"), setup=locked_store
    ),
    "store_locked_en": Row(
        ("demo", "--clear"), ("filon.db is locked", "try again"), EN, setup=locked_store
    ),
    "memory_locked": Row(
        ("ask", "bonjour"),
        ("mémoire des conversations", "memory.db est verrouillée", "réessayez"),
        setup=locked_memory,
    ),
    "store_newer": Row(
        SEARCH, ("version plus récente de Filon", "mettez Filon à jour"), setup=newer_store
    ),
    "store_newer_en": Row(
        SEARCH, ("written by a newer Filon", "upgrade Filon"), EN, setup=newer_store
    ),
    "postgres_unknown_database": Row(
        SEARCH,
        ("refuse la connexion", "nom de la base", "FILON_DATABASE_URL"),
        setup=postgres_unknown_database,
        postgres=True,
    ),
    "postgres_role_without_rights": Row(
        SEARCH,
        ("n'a pas les droits", "GRANT", "FILON_DATABASE_URL"),
        setup=postgres_role_without_rights,
        postgres=True,
    ),
    # FILON_HOME
    "home_under_a_file": Row(SEARCH, ("FILON_HOME", "autre dossier"), setup=home_under_a_file),
    # the command line
    "unknown_option": Row(
        ("search", "ESN", "--nope"), ("option inconnue --nope", "filon search --help")
    ),
    "unknown_option_en": Row(("search", "ESN", "--nope"), ("unknown option --nope", "--help"), EN),
    "missing_argument": Row(("search",), ("il manque l'argument TEXT", "filon search --help")),
    "bad_option_value": Row(
        ("search", "ESN", "--limit", "abc"),
        ("--limit", "« abc »", "nombre entier", "filon search --help"),
    ),
    "bad_option_value_en": Row(
        ("search", "ESN", "--limit", "abc"), ("--limit", "whole number", "--help"), EN
    ),
    "unknown_command": Row(
        ("serch", "ESN"), ("commande inconnue « serch »", "search", "filon --help")
    ),
    "extra_argument": Row(("search", "ESN", "Lyon"), ("Lyon", "guillemets", "--help")),
    # settings
    "setting_company_source": Row(
        SEARCH,
        ("FILON_COMPANY_SOURCE", "« nope »", "local, api, auto"),
        {"FILON_COMPANY_SOURCE": "nope"},
    ),
    "setting_llm_timeout": Row(
        ("ask", "bonjour"),
        ("FILON_LLM_TIMEOUT", "un nombre est attendu"),
        {"FILON_LLM_TIMEOUT": "abc"},
    ),
    "setting_llm_timeout_english_locale": Row(
        ("ask", "bonjour"),
        ("FILON_LLM_TIMEOUT", "a number is expected"),
        {"FILON_LLM_TIMEOUT": "abc", "LANG": "en_GB.UTF-8"},
    ),
    "setting_language": Row(SEARCH, ("FILON_LANGUAGE", "fr, en"), {"FILON_LANGUAGE": "de"}),
}


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(row, id=name, marks=[pytest.mark.postgres] if row.postgres else [])
        for name, row in ROWS.items()
    ],
)
def test_every_error_is_one_line_saying_what_to_do(row: Row, tmp_path: Path) -> None:
    home = tmp_path / "home"
    with row.setup(home) if row.setup else _nothing() as env:
        done = run_filon(home, row.args, {**row.env, **env})
    assert_one_line_error(done, row.says)


@contextmanager
def _unwritable_home(home: Path) -> Iterator[None]:
    """FILON_HOME as a folder its user cannot write to. Root writes through permissions, so
    as root the folder is made immutable instead (chattr +i), which stops root too."""
    home.mkdir(mode=0o500)
    immutable = os.geteuid() == 0
    if immutable:
        made = subprocess.run(["chattr", "+i", str(home)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"running as root and chattr +i failed: {made.stderr!r}")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(home)], check=True)
        home.chmod(0o700)


def test_an_unwritable_home_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with _unwritable_home(home):
        done = run_filon(home, SEARCH, {})
    assert_one_line_error(done, ("impossible d'écrire dans le dossier FILON_HOME", "droit"))


def test_help_still_works(tmp_path: Path) -> None:
    for args in (("--help",), ("search", "--help"), ("import", "sirene", "--help")):
        done = run_filon(tmp_path / "home", args, {})
        assert done.returncode == 0, done.stderr
        assert "Usage" in done.stdout and done.stderr == ""
    bare = run_filon(tmp_path / "home", (), {})
    assert "Usage" in bare.stdout + bare.stderr and "Traceback" not in bare.stderr


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgres://", "postgresql://"])
def test_pasted_postgres_urls_are_accepted(scheme: str, tmp_path: Path) -> None:
    """What hosting services hand out works as is (read as postgresql+psycopg://)."""
    server = _postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    pasted = scheme + server.split("://", 1)[1]
    env = {"FILON_DATABASE_URL": f"{pasted}?options=-csearch_path%3D{schema},public"}
    try:
        seeded = run_filon(tmp_path / "home", ("demo", "--companies", "40", "--json"), env)
        assert seeded.returncode == 0, seeded.stderr
        asked = run_filon(tmp_path / "home", ("ask", "bonjour", "--json"), env)
        assert asked.returncode == 0, asked.stderr
        with admin.connect() as connection:
            companies = connection.execute(text(f"SELECT count(*) FROM {schema}.company"))
            assert companies.scalar_one() == 40
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

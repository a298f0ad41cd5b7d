"""`filon ui --host`: without users the UI asks for no login, so it listens on this machine only
and any other address is refused before anything starts, with one line saying to add a user
first; with users (or a proxy's header) it asks who is there, and may listen beyond."""

from __future__ import annotations

import os
import signal
import subprocess
from contextlib import suppress
from pathlib import Path

import httpx
import pytest
from ui_server import FILON, free_port, running_ui
from ui_team import add_team

from store.db import open_store
from store.demo import count_companies
from ui.origins import is_loopback, own_origins

pytestmark = pytest.mark.ui


def _filon_ui(
    host: str, home: Path, language: str, **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FILON_", "OPENAI_"))}
    env.update(FILON_HOME=str(home), FILON_LANGUAGE=language, **extra)
    command = [str(FILON), "ui", "--host", host, "--port", str(free_port())]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"filon ui --host {host} started instead of refusing")
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "filon.example"])
def test_a_host_other_than_this_machine_is_refused_in_one_line(host: str, tmp_path: Path) -> None:
    done = _filon_ui(host, tmp_path / "home", "fr")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"filon: --host {host} refusé")
    assert "pas encore d'utilisateurs" in lines[0] and "filon users add" in lines[0]
    engine = open_store(f"sqlite:///{tmp_path / 'home' / 'filon.db'}")
    try:
        assert count_companies(engine) == 0, "nothing is seeded before refusing"
    finally:
        engine.dispose()


def test_the_refusal_speaks_english_too(tmp_path: Path) -> None:
    done = _filon_ui("0.0.0.0", tmp_path / "home", "en")
    assert done.returncode != 0
    assert "no users yet" in done.stderr and "Add a user first (filon users add)" in done.stderr


def test_with_users_the_ui_listens_beyond_this_machine_and_asks_for_a_login(
    tmp_path: Path,
) -> None:
    add_team(tmp_path / "home")
    with running_ui(tmp_path, host="0.0.0.0") as server:
        config = httpx.get(f"{server.url}/auth/config", timeout=10).json()
        page = httpx.get(f"{server.url}/project/settings?language=fr-FR", timeout=10)
    assert config["requireLogin"] and config["passwordAuth"] and not config["headerAuth"]
    assert page.status_code == 401, "nothing is served before logging in"
    assert "Connexion par identifiant et mot de passe" in server.output()


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LocalHost"]
)
def test_loopback_addresses_are_this_machine(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "10.0.0.1", "localhost.evil.example"])
def test_other_addresses_are_not(host: str) -> None:
    assert not is_loopback(host)


def test_the_ui_own_origins_name_every_way_to_reach_it() -> None:
    assert own_origins("127.0.0.1", 8000) == ("http://127.0.0.1:8000", "http://localhost:8000")
    assert own_origins("localhost", 8000) == ("http://127.0.0.1:8000", "http://localhost:8000")
    assert "http://127.0.0.2:8123" in own_origins("127.0.0.2", 8123)
    assert own_origins("::1", 80) == ("http://127.0.0.1", "http://localhost", "http://[::1]")

"""The web UI's login: who gets in (a password, a proxy's header, an OAuth identity — an active
user's login, exactly), what the log keeps (never a password), the secret signing the cookies
(private in FILON_HOME, reused, or the team's), and the header mode through HTTP and the socket
of a running `filon ui`. The password form in a real browser is in test_ui_browser.py."""

from __future__ import annotations

import asyncio
import json
import logging
import stat
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from ui_server import UiServer, running_ui
from ui_team import DISABLED, PASSWORDS, add_team

from agent.cli.ui import child_environment
from agent.settings import Settings
from store.db import open_store
from ui.login_secret import SECRET_FILE, login_secret
from ui.logins import header_user, login_mode, oauth_user, password_user

pytestmark = pytest.mark.ui

ALICE, BRUNO = "alice.martin", "bruno.petit"
HEADER = "X-Forwarded-User"


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    home = tmp_path_factory.mktemp("ui-login") / "home"
    add_team(home)
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    yield engine
    engine.dispose()


def test_a_password_lets_its_user_in_and_nothing_else_does(
    team: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="filon.ui")
    user = password_user(team, "Alice.Martin", PASSWORDS[ALICE], "en")
    assert user is not None and (user.login, user.role) == (ALICE, "rep")
    assert password_user(team, ALICE, PASSWORDS[BRUNO], "en") is None
    assert password_user(team, "nobody", PASSWORDS[ALICE], "en") is None
    assert password_user(team, DISABLED[0], DISABLED[1], "en") is None
    assert password_user(team, ALICE, PASSWORDS[ALICE] + "x" * 300, "en") is None
    logged = [record.getMessage() for record in caplog.records]
    assert logged[0] == "alice.martin logged in (password)."
    assert logged[1:4] == [
        "Login refused for “alice.martin” (password).",
        "Login refused for “nobody” (password).",
        "Login refused for “chloe.bernard” (password).",
    ]
    assert not [
        line for line in logged if any(p in line for p in [*PASSWORDS.values(), *DISABLED[1:]])
    ]


def test_a_tried_login_is_logged_on_one_line(
    team: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    password_user(team, "mallory\nalice.martin logged in", "whatever-it-is", "fr")
    line = caplog.records[-1].getMessage()
    assert "mallory?alice.martin logged in" in line and "\n" not in line


def test_the_proxys_header_names_an_active_user(team: Engine) -> None:
    def user(headers: dict[str, str]) -> str | None:
        found = header_user(team, httpx.Headers(headers), HEADER.lower(), "en")
        return found.login if found else None

    assert user({HEADER: "alice.martin"}) == ALICE
    assert user({HEADER.upper(): " Bruno.Petit "}) == BRUNO
    assert user({}) is None
    assert user({HEADER: DISABLED[0]}) is None
    assert user({HEADER: "mallory"}) is None
    assert user({HEADER: "alice martin"}) is None


def test_an_oauth_identity_must_be_a_login_exactly(team: Engine) -> None:
    assert oauth_user(team, "github", ALICE, {"login": ALICE}, "en") is not None
    # The users table has no email column: an address's local part is never taken as a login.
    assert oauth_user(team, "google", "alice.martin@evil.example", {}, "en") is None
    assert oauth_user(team, "google", DISABLED[0], {}, "en") is None
    unverified = {"email": ALICE, "email_verified": False}
    assert oauth_user(team, "generic", ALICE, unverified, "en") is None


def test_the_login_mode_follows_the_store_and_the_header() -> None:
    assert login_mode(Settings(), has_users=False) == "off"
    assert login_mode(Settings(), has_users=True) == "password"
    with_header = Settings(FILON_UI_AUTH_HEADER="X-Forwarded-User")
    assert with_header.ui_auth_header == "x-forwarded-user"
    assert login_mode(with_header, has_users=False) == "header"
    with pytest.raises(ValidationError, match="not a header name"):
        Settings(FILON_UI_AUTH_HEADER="X Forwarded User")


def test_the_secret_is_made_private_once_and_reused(tmp_path: Path) -> None:
    settings = Settings(FILON_HOME=tmp_path / "home")
    first = login_secret(settings)
    path = tmp_path / "home" / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32 and path.read_text(encoding="ascii") == first
    assert login_secret(settings) == first, "a restart keeps everyone logged in"
    path.chmod(0o644)
    assert login_secret(settings) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "a file left readable is tightened"
    assert [p.name for p in path.parent.iterdir()] == [SECRET_FILE], "no draft left behind"


def test_a_teams_secret_wins_and_must_be_long(tmp_path: Path) -> None:
    team_secret = "t" * 40
    settings = Settings(FILON_HOME=tmp_path / "home", FILON_UI_AUTH_SECRET=team_secret)
    assert login_secret(settings) == team_secret
    assert not (tmp_path / "home" / SECRET_FILE).exists()
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(FILON_UI_AUTH_SECRET="short")


def test_the_secret_reaches_the_chainlit_process_only_with_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "inherited-" * 5)
    monkeypatch.setenv("FILON_UI_AUTH_SECRET", "team-" * 10)
    settings = Settings(FILON_HOME=tmp_path)
    without = child_environment(settings, tmp_path, [])
    assert without["FILON_UI_LOGIN"] == "off"
    assert "CHAINLIT_AUTH_SECRET" not in without and "FILON_UI_AUTH_SECRET" not in without
    secret = login_secret(settings)
    with_login = child_environment(settings, tmp_path, [], login="password", secret=secret)
    assert with_login["FILON_UI_LOGIN"] == "password"
    assert with_login["CHAINLIT_AUTH_SECRET"] == secret == "team-" * 10
    assert "FILON_UI_AUTH_SECRET" not in with_login


# The header mode, through a running `filon ui` behind which a proxy would sit.


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    folder = tmp_path_factory.mktemp("ui-header")
    add_team(folder / "home")
    with running_ui(folder, env={"FILON_UI_AUTH_HEADER": HEADER}) as running:
        yield running


async def _header_login(server: UiServer, login: str | None) -> httpx.Response:
    headers = {HEADER: login} if login is not None else {}
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        return await http.post("/auth/header", headers=headers)


async def test_a_request_with_the_header_is_its_user_and_without_it_is_refused(
    proxied: UiServer,
) -> None:
    async with httpx.AsyncClient(base_url=proxied.url, timeout=10) as http:
        config = (await http.get("/auth/config")).json()
    assert config["requireLogin"] and config["headerAuth"] and not config["passwordAuth"]
    for nobody in (None, "mallory", DISABLED[0]):
        refused = await _header_login(proxied, nobody)
        assert refused.status_code == 401, nobody
        assert "access_token" not in refused.cookies
    logged_in = await _header_login(proxied, ALICE)
    assert logged_in.status_code == 200
    assert "access_token" in logged_in.cookies
    logged = [line for line in proxied.output().splitlines() if " filon.ui " in line]
    assert logged[-1].endswith("alice.martin s'est connecté (x-forwarded-user).")
    refused = [line for line in logged if "Connexion refusée pour" in line]
    for tried in ("-", "mallory", DISABLED[0]):
        assert any(f"\u202f{tried}\u202f» (x-forwarded-user)" in line for line in refused), tried


async def test_the_socket_needs_the_login_and_runs_as_its_user(proxied: UiServer) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        await _socket(proxied, cookie=None, proxy_names=ALICE)
    token = (await _header_login(proxied, ALICE)).cookies["access_token"]
    client, events = await _socket(proxied, cookie=f"access_token={token}", proxy_names=ALICE)
    try:
        shown = await _turn(client, events, "liste des listes")
    finally:
        await client.disconnect()
    assert "ESN Lyon" in shown, "Alice's own list"
    assert "Cabinets comptables Gironde" not in shown, "Bruno's list is not shared with her"


async def test_a_login_lasts_only_while_the_proxy_names_its_user(proxied: UiServer) -> None:
    token = (await _header_login(proxied, ALICE)).cookies["access_token"]
    cookie = {"Cookie": f"access_token={token}; other=kept"}
    async with httpx.AsyncClient(base_url=proxied.url, timeout=30) as http:
        same = await http.get("/user", headers=cookie | {HEADER: "Alice.Martin"})
        assert same.status_code == 200 and same.json()["identifier"] == ALICE
        assert "access_token" not in same.headers.get("set-cookie", "")
        for named in ({HEADER: BRUNO}, {}):  # someone else logged in to the proxy; or nobody
            dropped = await http.get("/user", headers=cookie | named)
            assert dropped.status_code == 401, named
            assert "access_token=; Max-Age=0" in dropped.headers["set-cookie"]
    for named in (BRUNO, None):
        with pytest.raises(socketio.exceptions.ConnectionError):
            await _socket(proxied, cookie=f"access_token={token}", proxy_names=named)
    # The page then logs in again through the header: whoever the proxy names now.
    assert (await _header_login(proxied, BRUNO)).status_code == 200
    logged = [line for line in proxied.output().splitlines() if " filon.ui " in line]
    assert any("le proxy nomme désormais «\u202fbruno.petit" in line for line in logged)


async def _socket(
    server: UiServer, cookie: str | None, proxy_names: str | None
) -> tuple[socketio.AsyncClient, list[tuple[str, Any]]]:
    """A browser tab's socket behind the proxy (which names `proxy_names` in its header), with
    the login cookie or without; ready once the chat started."""
    events: list[tuple[str, Any]] = []
    client = socketio.AsyncClient(reconnection=False)

    async def record(event: str, data: Any = None) -> None:
        events.append((event, data))

    client.on("*", record)
    headers = {"Accept-Language": "fr-FR"} | ({"Cookie": cookie} if cookie else {})
    headers |= {HEADER: proxy_names} if proxy_names else {}
    auth = {
        "clientType": "webapp",
        "sessionId": str(uuid.uuid4()),
        "threadId": "",
        "userEnv": "{}",
        "chatProfile": "",
    }
    await client.connect(
        server.url,
        socketio_path="/ws/socket.io",
        transports=["websocket"],
        headers=headers,
        auth=auth,
        wait_timeout=10,
    )
    await client.emit("connection_successful")
    await _until(events, lambda e: e[0] == "update_message" and e[1].get("name") == "on_chat_start")
    return client, events


async def _turn(client: socketio.AsyncClient, events: list[tuple[str, Any]], text: str) -> str:
    """Send `text`; everything the turn sent back, as JSON text."""
    start = len(events)
    message = {
        "id": str(uuid.uuid4()),
        "threadId": "",
        "name": "User",
        "type": "user_message",
        "output": text,
        "createdAt": datetime.now(UTC).isoformat(),
    }
    await client.emit("client_message", {"message": message, "fileReferences": []})
    for _ in range(400):
        names = [name for name, _ in events[start:]]
        if "task_start" in names and "task_end" in names[names.index("task_start") :]:
            return json.dumps(events[start:], ensure_ascii=False)
        await asyncio.sleep(0.05)
    raise AssertionError(f"the turn did not end within 20 s: {names}")


async def _until(events: list[tuple[str, Any]], found: Any) -> None:
    for _ in range(400):
        if any(found(event) for event in events):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not seen within 20 s: {[name for name, _ in events]}")

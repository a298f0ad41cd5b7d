"""Only the UI's own pages may drive it: a socket (websocket or polling) or an HTTP request
sent from another site's page — its browser says so in the Origin header — is refused, and so
is a request naming another host (a DNS-rebinding page), while the UI's own addresses and the
origins listed in FILON_UI_ALLOWED_ORIGINS work."""

from __future__ import annotations

import asyncio
import tomllib
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import socketio
from ui_server import UiServer, running_ui

pytestmark = pytest.mark.ui

EVIL = "https://evil.example"
PROXY = "https://filon.intranet.example"
TRANSPORTS = ["websocket", "polling"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    folder = tmp_path_factory.mktemp("ui-origins")
    with running_ui(folder, host="localhost", env={"FILON_UI_ALLOWED_ORIGINS": PROXY}) as running:
        yield running


async def _chat_settings(server: UiServer, transport: str, origin: str | None) -> Any:
    """Connect as the web app does from `origin` and return the chat settings it is sent."""
    received: asyncio.Queue[Any] = asyncio.Queue()
    client = socketio.AsyncClient(reconnection=False)
    client.on("chat_settings", received.put)
    headers = {"Origin": origin} if origin else {}
    await client.connect(
        server.url,
        socketio_path="/ws/socket.io",
        transports=[transport],
        headers=headers,
        auth={
            "clientType": "webapp",
            "sessionId": str(uuid.uuid4()),
            "threadId": "",
            "userEnv": "{}",
            "chatProfile": "",
        },
        wait_timeout=10,
    )
    try:
        await client.emit("connection_successful")
        return await asyncio.wait_for(received.get(), 20)
    finally:
        await client.disconnect()


# python-engineio's polling client closes its session before reading a refusal's body, which
# sometimes fails with RuntimeError instead of ConnectionError: either means "not connected".
REFUSED = (socketio.exceptions.ConnectionError, RuntimeError)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_socket_from_another_site_is_refused(server: UiServer, transport: str) -> None:
    with pytest.raises(REFUSED):
        await _chat_settings(server, transport, EVIL)
    with pytest.raises(REFUSED):
        await _chat_settings(server, transport, "null")  # a sandboxed frame or a file:// page


async def test_the_polling_handshake_answers_only_the_ui_own_pages(server: UiServer) -> None:
    handshake = "/ws/socket.io/?EIO=4&transport=polling"
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as client:
        own = await client.get(handshake, headers={"Origin": f"http://localhost:{server.port}"})
        assert own.status_code == 200 and own.text.startswith("0{")  # engine.io's open packet
        foreign = await client.get(handshake, headers={"Origin": EVIL})
        assert foreign.status_code == 403 and '"sid"' not in foreign.text


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("own", ["http://127.0.0.1:{port}", "http://localhost:{port}", PROXY])
async def test_the_ui_own_pages_and_listed_origins_connect(
    server: UiServer, transport: str, own: str
) -> None:
    settings = await _chat_settings(server, transport, own.format(port=server.port))
    assert settings and settings[0]["id"] == "company_source"


async def test_http_requests_from_another_site_are_refused(server: UiServer) -> None:
    own = f"http://localhost:{server.port}"
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as client:
        settings = "/project/settings?language=fr-FR"
        assert (await client.get(settings, headers={"Origin": own})).status_code == 200
        foreign = await client.get(settings, headers={"Origin": EVIL})
        assert foreign.status_code == 403
        assert "evil.example" not in foreign.text and "company_source" not in foreign.text
        action = {"sessionId": "x", "action": {"name": "export_csv", "payload": {}}}
        posted = await client.post("/project/action", json=action, headers={"Origin": EVIL})
        assert posted.status_code == 403
        preflight = await client.options(
            "/project/action",
            headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 403
        assert "access-control-allow-origin" not in preflight.headers


async def test_a_page_reaching_the_ui_under_another_host_name_is_refused(server: UiServer) -> None:
    # A DNS-rebinding page: same origin as far as its browser knows, but its own host name.
    async with httpx.AsyncClient(base_url=server.url, timeout=20) as client:
        assert (await client.get("/")).status_code == 200
        response = await client.get("/", headers={"Host": f"evil.example:{server.port}"})
        assert response.status_code == 403


def test_chainlit_is_configured_with_the_same_origins(server: UiServer) -> None:
    config = tomllib.loads((server.home / "ui" / ".chainlit" / "config.toml").read_text())
    origins = config["project"]["allow_origins"]
    assert "*" not in origins
    assert {f"http://127.0.0.1:{server.port}", f"http://localhost:{server.port}", PROXY} <= set(
        origins
    )

"""Who asks, for Chainlit's data layer (`ui.requester`): the login of the request's signed
cookie (else its bearer token) and the browser's language; nobody without a valid token."""

from __future__ import annotations

import httpx
import pytest
from chainlit.auth import create_jwt
from chainlit.user import User
from starlette.types import Receive, Scope, Send

from ui.requester import RequesterMiddleware, acting_as, requester

SECRET = "s" * 40


async def _who(scope: Scope, receive: Receive, send: Send) -> None:
    found = requester()
    body = f"{found.login}|{found.language}" if found else "nobody"
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body.encode()})


async def _ask(headers: dict[str, str]) -> str:
    transport = httpx.ASGITransport(app=RequesterMiddleware(_who))
    async with httpx.AsyncClient(transport=transport, base_url="http://ui") as http:
        return (await http.get("/project/threads", headers=headers)).text


async def test_the_cookie_or_the_bearer_token_names_who_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", SECRET)
    token = create_jwt(User(identifier="alice.martin"))
    assert await _ask({"Cookie": f"access_token={token}"}) == "alice.martin|fr"
    english = {"Authorization": f"Bearer {token}", "Accept-Language": "en-GB,en;q=0.9"}
    assert await _ask(english) == "alice.martin|en"
    assert await _ask({}) == "nobody"
    assert await _ask({"Cookie": "access_token=not-a-token"}) == "nobody"
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "another-secret-" * 3)
    assert await _ask({"Cookie": f"access_token={token}"}) == "nobody", "signed by another"
    assert requester() is None, "nothing left behind the request"


def test_acting_as_serves_a_block_as_someone() -> None:
    with acting_as("maya.roux", "en"):
        found = requester()
        assert found is not None and (found.login, found.language) == ("maya.roux", "en")
    assert requester() is None

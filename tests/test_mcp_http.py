"""`filon mcp --http`, a real server on a loopback port, on a FILON_HOME seeded by `filon demo`
with a team: the SDK's client with each user's token (the tools, each tool's result, the
scoping matrix), then the protocol by hand for what a client library hides — no token, a bad,
expired or revoked one, a disabled user (refused at their very next request), a session opened
with another's token, and foreign Host and Origin headers. Without users: no token, loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from mcp import types
from mcp_processes import DemoHome, HttpServer, http_server, http_session, seed_home

from agent.users import create_token, disable_user, enable_user, revoke_token
from store.models._time import utcnow

PROTOCOL = "2025-06-18"
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": PROTOCOL,
        "capabilities": {},
        "clientInfo": {"name": "tests", "version": "1"},
    },
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> DemoHome:
    return seed_home(tmp_path_factory.mktemp("mcp-http"))


@pytest.fixture(scope="module")
def server(home: DemoHome) -> Iterator[HttpServer]:
    with http_server(home) as started:
        yield started


def text_of(result: types.CallToolResult) -> str:
    assert isinstance(result.content[0], types.TextContent)
    return result.content[0].text


async def test_each_tool_answers_the_tokens_user(home: DemoHome, server: HttpServer) -> None:
    async with http_session(server.url, home.tokens["alice.martin"]) as session:
        names = [tool.name for tool in (await session.list_tools()).tools]
        found = await session.call_tool("search_companies", {"text": "ESN", "limit": 2})
        siren = found.structuredContent["companies"][0]["siren"]  # type: ignore[index]
        calls: dict[str, dict[str, Any]] = {
            "get_company": {"siren": siren},
            "lead_lists": {"mine": True},
            "list_leads": {"list_name": "ESN Lyon", "stage": "sql"},
            "find_decision_makers": {"sirens": [siren], "roles": ["DSI", "ceo"]},
            "find_signals": {"list_name": "ESN Lyon"},
            "pipeline_summary": {"period": "quarter"},
            "create_lead_list": {"name": "Over HTTP", "sirens": [siren], "description": "x"},
            "add_to_list": {"list_name": "Over HTTP", "sirens": [siren]},
        }
        results = {name: await session.call_tool(name, args) for name, args in calls.items()}
    assert sorted(names) == sorted(["search_companies", *calls])
    assert not found.isError
    for name, result in results.items():
        assert not result.isError, (name, text_of(result))
        assert result.structuredContent is not None and text_of(result)
    assert results["create_lead_list"].structuredContent["list"]["owner"] == "alice.martin"  # type: ignore[index]
    assert results["pipeline_summary"].structuredContent["owner"] == "alice.martin"  # type: ignore[index]
    roles = results["find_decision_makers"].structuredContent["roles"]  # type: ignore[index]
    assert roles == ["it", "ceo"]


DEMO_LISTS = {
    "ESN Lyon", "Cabinets comptables Gironde", "SaaS Île-de-France", "BTP Bretagne",
    "Relance webinar",
}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "lists", "reads_alices", "reads_brunos_pipeline"),
    [
        ("alice.martin", {"ESN Lyon"}, True, False),
        ("bruno.petit", {"Cabinets comptables Gironde"}, False, True),
        ("maya.roux", DEMO_LISTS, True, True),
    ],
)
async def test_scoping_by_token(
    home: DemoHome,
    server: HttpServer,
    who: str,
    lists: set[str],
    reads_alices: bool,
    reads_brunos_pipeline: bool,
) -> None:
    async with http_session(server.url, home.tokens[who]) as session:
        overview = await session.call_tool("lead_lists", {})
        leads = await session.call_tool("list_leads", {"list_name": "ESN Lyon"})
        pipeline = await session.call_tool("pipeline_summary", {"owner": "bruno.petit"})
    seen = {item["list"]["name"] for item in overview.structuredContent["lists"]}  # type: ignore[index]
    assert seen - {"Over HTTP"} == lists  # alice's list from the test above, when it ran
    assert leads.isError is not reads_alices
    if not reads_alices:
        assert "belongs to alice.martin and is not shared with this user" in text_of(leads)
    assert pipeline.isError is not reads_brunos_pipeline
    if not reads_brunos_pipeline:
        assert text_of(pipeline).startswith("A rep sees their own pipeline only")


# The protocol by hand.


def post(
    server: HttpServer,
    body: dict[str, Any],
    *,
    token: str | None = None,
    session: str | None = None,
    **headers: str,
) -> httpx.Response:
    sent = {
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
        "mcp-protocol-version": PROTOCOL,
        **{name.replace("_", "-"): value for name, value in headers.items()},
    }
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    if session is not None:
        sent["mcp-session-id"] = session
    return httpx.post(server.url, json=body, headers=sent, timeout=60)


def opened(server: HttpServer, token: str) -> str:
    """A session opened (initialize, initialized) with `token`: its id."""
    answer = post(server, INITIALIZE, token=token)
    assert answer.status_code == 200, answer.text
    session = answer.headers["mcp-session-id"]
    notified = post(
        server,
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        token=token,
        session=session,
    )
    assert notified.status_code == 202
    return session


def call(server: HttpServer, token: str, session: str, tool: str) -> httpx.Response:
    body = {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": tool, "arguments": {}},
    }
    return post(server, body, token=token, session=session)


def result_of(answer: httpx.Response) -> dict[str, Any]:
    """The JSON-RPC result in a server-sent event stream."""
    data = [line[5:] for line in answer.text.splitlines() if line.startswith("data:")]
    message: dict[str, Any] = json.loads(data[-1])
    return message["result"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer filon_" + "A" * 43,
        "Bearer not-even-a-token",
        "Basic YWxpY2U6c2VjcmV0",
        "{alice}",
    ],
)
def test_no_working_token_is_a_401(
    home: DemoHome, server: HttpServer, authorization: str | None
) -> None:
    headers = {}
    if authorization is not None:  # "{alice}": her token, without the Bearer scheme
        headers["Authorization"] = authorization.format(alice=home.tokens["alice.martin"])
    answer = post(server, INITIALIZE, **headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    assert "mcp-session-id" not in answer.headers


def test_expired_and_revoked_tokens_are_a_401(home: DemoHome, server: HttpServer) -> None:
    with home.engine() as engine:
        old = create_token(
            engine,
            login="alice.martin",
            by="alice.martin",
            name="old",
            days=1,
            now=utcnow() - timedelta(days=2),
        ).secret
        gone = create_token(engine, login="alice.martin", by="alice.martin", name="gone").secret
        assert post(server, INITIALIZE, token=gone).status_code == 200
        revoke_token(engine, login="alice.martin", name="gone", by="alice.martin")
    assert post(server, INITIALIZE, token=old).status_code == 401
    assert post(server, INITIALIZE, token=gone).status_code == 401


def test_a_disabled_user_is_refused_at_the_next_request(home: DemoHome, server: HttpServer) -> None:
    with home.engine() as engine:
        token = create_token(engine, login="chloe.bernard", by="root", name="desk").secret
    session = opened(server, token)
    answered = call(server, token, session, "lead_lists")
    assert answered.status_code == 200
    assert result_of(answered)["isError"] is False

    with home.engine() as engine:
        disable_user(engine, login="chloe.bernard", by="root")
    assert call(server, token, session, "lead_lists").status_code == 401
    assert post(server, INITIALIZE, token=token).status_code == 401

    with home.engine() as engine:
        enable_user(engine, login="chloe.bernard", by="root")
    assert call(server, token, session, "lead_lists").status_code == 200


def test_a_session_answers_only_the_token_that_opened_it(
    home: DemoHome, server: HttpServer
) -> None:
    session = opened(server, home.tokens["alice.martin"])
    stolen = call(server, home.tokens["bruno.petit"], session, "lead_lists")
    assert stolen.status_code == 404
    mine = call(server, home.tokens["alice.martin"], session, "lead_lists")
    assert mine.status_code == 200


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "evil.example"}, 421),
        ({"Host": "evil.example:80"}, 421),
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "http://localhost:1"}, 200),
    ],
)
def test_foreign_host_and_origin_are_refused(
    home: DemoHome, server: HttpServer, headers: dict[str, str], status: int
) -> None:
    answer = post(server, INITIALIZE, token=home.tokens["alice.martin"], **headers)
    assert answer.status_code == status, answer.text


def test_without_users_no_token_and_this_machine_only(tmp_path: Any) -> None:
    alone = seed_home(tmp_path, team=False)
    with http_server(alone, "--user", "alice.martin") as started:
        answer = post(started, INITIALIZE)
        assert answer.status_code == 200
        session = answer.headers["mcp-session-id"]
        body = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        assert post(started, body, session=session).status_code == 202
        body = {"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                "params": {"name": "lead_lists", "arguments": {}}}  # fmt: skip
        result = result_of(post(started, body, session=session))
        assert post(started, INITIALIZE, Host="evil.example").status_code == 421
    assert result["isError"] is False
    assert len(result["structuredContent"]["lists"]) == 5  # single-user: every list

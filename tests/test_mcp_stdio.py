"""`filon mcp` over stdio, as a desktop app or an IDE agent starts it: the SDK's client on the
real process, on a FILON_HOME seeded by `filon demo` with a team — the tools and their schemas,
each tool's result, a rep, another rep and a manager, a user disabled while connected, and
unknown or disabled users refused at start in one line."""

from __future__ import annotations

import subprocess

import pytest
from mcp import types
from mcp_processes import FILON, DemoHome, seed_home, stdio_session
from sqlmodel import Session, select

from agent.i18n import quote
from agent.users import disable_user
from store.models import LeadList

TOOLS = [
    "search_companies", "get_company", "lead_lists", "list_leads", "create_lead_list",
    "add_to_list", "find_decision_makers", "find_signals", "pipeline_summary",
]  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> DemoHome:
    return seed_home(tmp_path_factory.mktemp("mcp-stdio"))


def text_of(result: types.CallToolResult) -> str:
    assert isinstance(result.content[0], types.TextContent)
    return result.content[0].text


async def test_a_rep_lists_the_tools_and_calls_each(home: DemoHome) -> None:
    async with stdio_session(home, "--user", "alice.martin") as session:
        listed = (await session.list_tools()).tools
        assert [tool.name for tool in listed] == TOOLS
        assert all(tool.outputSchema and tool.inputSchema["type"] == "object" for tool in listed)

        found = await session.call_tool("search_companies", {"text": "ESN", "limit": 3})
        assert not found.isError and found.structuredContent is not None
        companies = found.structuredContent["companies"]
        assert 0 < len(companies) <= 3 and "companies match" in text_of(found)
        siren = companies[0]["siren"]
        results = {
            "get_company": await session.call_tool("get_company", {"siren": siren}),
            "find_decision_makers": await session.call_tool(
                "find_decision_makers", {"sirens": [siren], "roles": ["decision_makers"]}
            ),
            "find_signals": await session.call_tool("find_signals", {"sirens": [siren]}),
            "lead_lists": await session.call_tool("lead_lists", {}),
            "list_leads": await session.call_tool("list_leads", {"list_name": "ESN Lyon"}),
            "pipeline_summary": await session.call_tool("pipeline_summary", {}),
            "create_lead_list": await session.call_tool(
                "create_lead_list", {"name": "From my IDE", "sirens": [siren]}
            ),
            "add_to_list": await session.call_tool(
                "add_to_list", {"list_name": "From my IDE", "sirens": [siren]}
            ),
        }
    kinds = {name: (r.structuredContent or {}).get("kind") for name, r in results.items()}
    assert kinds == {
        "get_company": "company",
        "find_decision_makers": "contacts",
        "find_signals": "signals",
        "lead_lists": "lead_lists",
        "list_leads": "leads",
        "pipeline_summary": "pipeline",
        "create_lead_list": "lead_list",
        "add_to_list": "lead_list",
    }
    assert all(not r.isError and text_of(r) for r in results.values())
    assert {i["list"]["name"] for i in results["lead_lists"].structuredContent["lists"]} == {  # type: ignore[index]
        "ESN Lyon"
    }
    assert results["add_to_list"].structuredContent["already_there"] == [siren]  # type: ignore[index]
    with home.engine() as engine, Session(engine) as db:
        made = db.exec(select(LeadList).where(LeadList.name == "From my IDE")).one()
    assert made.owner == "alice.martin"


@pytest.mark.parametrize(
    ("who", "reads"),
    [("alice.martin", True), ("bruno.petit", False), ("maya.roux", True)],
)
async def test_who_reads_alices_list(home: DemoHome, who: str, reads: bool) -> None:
    async with stdio_session(home, "--user", who) as session:
        result = await session.call_tool("list_leads", {"list_name": "ESN Lyon"})
    if reads:
        assert not result.isError and result.structuredContent is not None
        assert result.structuredContent["list"]["name"] == "ESN Lyon"
        assert result.structuredContent["total"] == len(result.structuredContent["leads"]) > 0
    else:
        assert result.isError and result.structuredContent is None
        assert text_of(result) == (
            "The list “ESN Lyon” belongs to alice.martin and is not shared with this user: only "
            "its owner, the teammates it is shared with and managers see it. Nothing was read or "
            "changed."
        )


async def test_a_user_disabled_while_connected_is_refused_at_the_next_call(
    home: DemoHome,
) -> None:
    async with stdio_session(home, "--user", "chloe.bernard") as session:
        assert not (await session.call_tool("lead_lists", {})).isError
        with home.engine() as engine:
            disable_user(engine, login="chloe.bernard", by="root")
        refused = await session.call_tool("lead_lists", {})
    assert refused.isError
    assert text_of(refused) == (
        "the user “chloe.bernard” is disabled: ask an admin to enable them again (filon users enable)."
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--user", "ghost"), "filon: “ghost” is not a Filon user"),
        (("--user", "alice.martin", "--role", "manager"), "filon: “alice.martin” is a rep"),
        (("--user", "Not A Login"), "filon: "),
    ],
)
def test_who_cannot_act_is_refused_at_start(
    home: DemoHome, args: tuple[str, ...], says: str
) -> None:
    finished = subprocess.run(
        [str(FILON), "mcp", *args],
        env=home.environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 1
    assert finished.stdout == ""  # stdout is the protocol's
    assert finished.stderr.count("\n") == 1 and finished.stderr.startswith(says), finished.stderr


def test_a_disabled_user_is_refused_at_start(home: DemoHome) -> None:
    with home.engine() as engine:
        disable_user(engine, login="david.roux", by="root")
    finished = subprocess.run(
        [str(FILON), "mcp", "--user", "david.roux"],
        env=home.environment(FILON_LANGUAGE="fr"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (finished.returncode, finished.stdout) == (1, "")
    said = f"filon: l'utilisateur {quote('david.roux', 'fr')} est désactivé : demandez à"
    assert finished.stderr.startswith(said), finished.stderr

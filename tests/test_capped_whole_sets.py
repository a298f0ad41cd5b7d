"""A whole search whose count stopped ("plus de 10 000") is never acted on as if counted, on
both databases: adding all of it to a list is refused with one line asking to narrow the
search (as above 10,000 counted matches), and its export is marked truncated. Counting is
capped low here (30) so that a demo store reaches the cap."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tool_runner import Call, ok, refused, tool_runner

import store.search.postgres as postgres_search
import store.search.sqlite as sqlite_search
from agent.i18n import t
from agent.settings import Settings
from store.demo.seed import seed_demo
from store.models import LeadList

TODAY = date(2026, 11, 18)
CAP = 30


@pytest.fixture
def capped(monkeypatch: pytest.MonkeyPatch) -> None:
    for backend in (postgres_search, sqlite_search):
        monkeypatch.setattr(backend, "COUNT_LIMIT", CAP)


@pytest.fixture
def run(engine: Engine, settings: Settings, capped: None) -> Call:
    seed_demo(engine, companies=400, seed=7, reference=TODAY)
    return tool_runner(engine, settings, TODAY)


async def _capped_search(run: Call) -> dict[str, object]:
    search = ok(await run("search_companies", {"sections": ["J"]}))
    assert (search["total"], search["total_bound"]) == (CAP, "at_least")
    return search


async def test_adding_all_of_a_search_that_stopped_counting_is_refused(
    run: Call, engine: Engine
) -> None:
    search = await _capped_search(run)
    for tool, args in (
        ("create_lead_list", {"name": "Toutes les J"}),
        ("add_to_list", {"list_name": "ESN Lyon"}),
    ):
        text = refused(
            await run(tool, {**args, "query": search["query"], "confirm": True}),
            f"more than {CAP} companies match (the search stops counting there)",
            "narrow the search",
            "leads.error.too_many_uncounted",
        )
        assert "Added" not in text
    with Session(engine) as session:
        assert session.exec(select(LeadList).where(LeadList.name == "Toutes les J")).first() is None


async def test_the_export_of_a_search_that_stopped_counting_is_marked_truncated(
    run: Call,
) -> None:
    search = await _capped_search(run)
    artifact = ok(await run("export_csv", {"query": search["query"]}))
    assert artifact["rows"] == CAP
    assert artifact["truncated"] is True and artifact["limit"]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("capped-whole-sets"))


async def test_the_chat_refuses_to_list_all_of_an_uncounted_search(
    home: Path, capped: None
) -> None:
    async with conversation(home, thread_id="capped") as thread:
        found = await thread.say("ESN en Île-de-France")
        assert found.artifacts[0]["total_bound"] == "at_least"
        answer = await thread.say("ajoute-les toutes à une liste 'IDF complète'")
        assert thread.calls == []
        assert answer.answer == t("offline.lists.too_many_uncounted", "fr", count=CAP)

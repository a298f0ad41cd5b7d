"""Chainlit's data layer on Filon's store (`ui.data_layer`), on SQLite and PostgreSQL: Chainlit's
steps and elements as the UI writes them come back as Chainlit replays them (nested in order,
sanitized again, an unfinished answer said to be interrupted, tables and charts back); users are
Filon's and never created; each call answers for whoever asks — the owner and the team's managers
read a thread, another rep sees only whose it is, and only the owner renames, deletes or rates it;
the sidebar lists a rep's own threads and a manager's team's, named with their owner."""

from __future__ import annotations

import asyncio
import base64
import contextvars
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from chainlit.context import init_http_context
from chainlit.element import CustomElement, Image
from chainlit.types import Feedback, Pagination, ThreadFilter
from chainlit.user import PersistedUser, User
from fastapi import HTTPException
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from agent.settings import Settings
from agent.users import add_user, disable_user
from store.models import User as UserRow
from ui.data_layer import FilonDataLayer
from ui.requester import acting_as

ALICE, BRUNO, MAYA, ROOT = "alice.martin", "bruno.petit", "maya.roux", "root"
THREAD = "5f0c0a52-thread-alice"
FIRST_REQUEST = (
    "Trouve des ESN de 50 à 200 salariés à Lyon\nqui recrutent des développeurs Java en 2026"
)
EVIL = (
    "![p](https://evil.example/p.png?leak=1) <script>alert(1)</script> [site](https://evil.example)"
)

Result = TypeVar("Result")


@pytest.fixture
def layer(engine: Engine, tmp_path: Path) -> Iterator[FilonDataLayer]:
    names = {ALICE: "Alice Martin", BRUNO: "Bruno Petit", MAYA: "Maya Roux", ROOT: None}
    roles = {ALICE: "rep", BRUNO: "rep", MAYA: "manager", ROOT: "admin"}
    for login, role in roles.items():
        add_user(engine, login=login, by=ROOT, role=role, display_name=names[login])  # type: ignore[arg-type]
    url = engine.url.render_as_string(hide_password=False)
    settings = Settings(FILON_HOME=tmp_path / "home", FILON_DATABASE_URL=url)

    async def store() -> Engine:
        return engine

    yield FilonDataLayer(settings, store)


async def in_session(login: str, call: Callable[[], Awaitable[Result]]) -> Result:
    """`call()` as Chainlit makes it from a logged-in session (a context of its own)."""

    async def run() -> Result:
        init_http_context(user=PersistedUser(id=login, identifier=login, createdAt="2026-01-01"))
        return await call()

    return await asyncio.create_task(run(), context=contextvars.Context())


def step(step_id: str, kind: str, output: str, created: str, parent: str | None = None) -> Any:
    return {
        "id": step_id,
        "threadId": THREAD,
        "parentId": parent,
        "type": kind,
        "name": ALICE if kind == "user_message" else "Filon",
        "output": output,
        "createdAt": created,
        "metadata": {},
        "showInput": False,
    }


async def alice_turn(layer: FilonDataLayer) -> None:
    """Alice's first turn as Chainlit saves it: the name (her request), her message (the
    browser's clock, ahead of the server's), the run, the answer (empty, then finished), a
    chart and a table."""

    async def write() -> None:
        await layer.update_thread(THREAD, name=FIRST_REQUEST, user_id=ALICE)
        await layer.create_step(
            step("q1", "user_message", FIRST_REQUEST, "2026-03-02T09:00:05.000Z")
        )
        await layer.create_step(step("run1", "run", "", "2026-03-02T09:00:01+00:00", parent="q1"))
        answer = step("a1", "assistant_message", "", "2026-03-02T09:00:02+00:00", parent="run1")
        await layer.create_step(answer)
        await layer.update_step(answer | {"output": f"3 ESN trouvées. {EVIL}"})
        chart = Image(name="pipeline.svg", content=b"<svg xmlns='http://www.w3.org/2000/svg'/>")
        chart.mime, chart.for_id, chart.thread_id = "image/svg+xml", "a1", THREAD
        table = CustomElement(name="DataTable", props={"rows": [{"cells": {"name": EVIL}}]})
        table.for_id, table.thread_id = "a1", THREAD
        for element in (chart, table):
            await layer.create_element(element)

    await in_session(ALICE, write)


async def test_a_turn_replays_as_shown_in_an_order_chainlit_can_nest(layer: FilonDataLayer) -> None:
    await alice_turn(layer)
    with acting_as(ALICE):
        thread = await layer.get_thread(THREAD)
    assert thread is not None
    assert thread["userIdentifier"] == ALICE
    assert thread["name"] == "Trouve des ESN de 50 à 200 salariés à Lyon qui recrutent…"
    assert [s["id"] for s in thread["steps"]] == ["q1", "run1", "a1"], "a step after its parent"
    question, _, answer = thread["steps"]
    assert question["output"] == FIRST_REQUEST, "a rep's message as typed"
    assert answer["output"].startswith("3 ESN trouvées.")
    assert answer["output"] == "3 ESN trouvées. p \\<script>alert(1)\\</script> site", (
        "no image, markup shown as text, a link to another host as its text"
    )
    shown = answer["output"]  # what the UI saves is sanitized already: it replays unchanged

    async def save_shown() -> None:
        await layer.update_step(
            step("a1", "assistant_message", shown, "2026-03-02T09:00:02Z", "run1")
        )

    await in_session(ALICE, save_shown)
    with acting_as(ALICE):
        again = await layer.get_thread(THREAD)
    assert again is not None and again["steps"][2]["output"] == shown
    elements = {e["name"]: e for e in thread["elements"] or []}
    assert elements["pipeline.svg"]["url"] == "data:image/svg+xml;base64," + base64.b64encode(
        b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    ).decode("ascii")
    assert elements["DataTable"]["props"] == {"rows": [{"cells": {"name": EVIL}}]}
    assert elements["DataTable"]["forId"] == "a1"


async def test_an_answer_never_finished_replays_as_interrupted(layer: FilonDataLayer) -> None:
    async def killed_mid_turn() -> None:
        await layer.update_thread(THREAD, name="quels leads dorment ?")
        await layer.create_step(
            step("q1", "user_message", "quels leads dorment ?", "2026-03-02T09:00:00Z")
        )
        await layer.create_step(step("a1", "assistant_message", "", "2026-03-02T09:00:01Z", "q1"))

    await in_session(ALICE, killed_mid_turn)
    # a new data layer: the UI process was restarted
    restarted = FilonDataLayer(layer.settings, layer._engine)
    with acting_as(ALICE, "en"):
        thread = await restarted.get_thread(THREAD)
    assert thread is not None
    assert [s["output"] for s in thread["steps"]] == [
        "quels leads dorment ?",
        "_Answer interrupted: Filon stopped before finishing it. Ask again if needed._",
    ]


async def test_users_are_filons_and_never_created(layer: FilonDataLayer, engine: Engine) -> None:
    alice = await layer.get_user(ALICE)
    assert alice is not None and (alice.id, alice.identifier) == (ALICE, ALICE)
    assert alice.display_name == "Alice Martin" and alice.metadata == {"role": "rep"}
    assert await layer.get_user("mallory") is None
    assert await layer.create_user(User(identifier="mallory")) is None
    created = await layer.create_user(User(identifier=BRUNO, metadata={"role": "admin"}))
    assert created is not None and created.metadata == {"role": "rep"}, "the table's role"
    disable_user(engine, login=BRUNO, by=ROOT)
    assert await layer.get_user(BRUNO) is None
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(UserRow)).one() == 4


@pytest.mark.parametrize(
    ("viewer", "opens_for"),
    [(ALICE, ALICE), (MAYA, MAYA), (ROOT, ROOT), (BRUNO, ALICE), (None, ALICE)],
    ids=["owner", "manager", "admin", "other-rep", "nobody"],
)
async def test_a_thread_opens_for_its_readers_only(
    layer: FilonDataLayer, viewer: str | None, opens_for: str
) -> None:
    await alice_turn(layer)

    async def read() -> Any:
        return await layer.get_thread(THREAD), await layer.get_thread_author(THREAD)

    if viewer is None:
        thread, author = await read()
    else:
        with acting_as(viewer):
            thread, author = await read()
    assert author == ALICE, "Chainlit checks renames, deletes and shares against the owner"
    assert thread is not None and thread["userIdentifier"] == opens_for
    if opens_for != viewer:  # Chainlit refuses to open it: nothing of it is handed out
        assert thread["steps"] == [] and thread["elements"] == [] and thread["name"] is None
    elif viewer == ALICE:
        assert [s["id"] for s in thread["steps"]] == ["q1", "run1", "a1"]
    else:  # a manager reads it to the end, where Filon says it stays Alice's
        assert [s["id"] for s in thread["steps"]][:3] == ["q1", "run1", "a1"]
        assert thread["steps"][3]["output"].startswith("Conversation de Alice Martin, en lecture")
    with acting_as(ALICE):
        assert await layer.get_thread("no-such-thread") is None
        assert await layer.get_thread_author("no-such-thread") == ""


SIDEBAR = {
    ALICE: ["Trouve des ESN de 50 à 200 salariés à Lyon qui recrutent…"],
    BRUNO: ["Cabinets comptables en Gironde"],
    MAYA: [
        "Bruno Petit · Cabinets comptables en Gironde",
        "Alice Martin · Trouve des ESN de 50 à 200 salariés à Lyon qui recrutent…",
    ],
    ROOT: [
        "Bruno Petit · Cabinets comptables en Gironde",
        "Alice Martin · Trouve des ESN de 50 à 200 salariés à Lyon qui recrutent…",
    ],
}


@pytest.mark.parametrize("viewer", list(SIDEBAR))
async def test_the_sidebar_lists_a_reps_own_and_a_managers_team(
    layer: FilonDataLayer, viewer: str
) -> None:
    await alice_turn(layer)

    async def bruno_turn() -> None:
        await layer.update_thread("bruno-thread", name="Cabinets comptables en Gironde")
        question = step(
            "b1", "user_message", "Cabinets comptables en Gironde", "2026-03-02T08:00:00Z"
        )
        await layer.create_step(question | {"threadId": "bruno-thread"})

    await in_session(BRUNO, bruno_turn)
    with acting_as(viewer):
        page = await layer.list_threads(Pagination(first=20), ThreadFilter(userId=viewer))
    assert [thread["name"] for thread in page.data] == SIDEBAR[viewer]
    assert not page.pageInfo.hasNextPage
    with acting_as(viewer):
        found = await layer.list_threads(
            Pagination(first=20), ThreadFilter(userId=viewer, search="gironde")
        )
    assert len(found.data) == (0 if viewer == ALICE else 1)


async def test_only_the_owner_renames_rates_and_deletes(layer: FilonDataLayer) -> None:
    await alice_turn(layer)
    for intruder in (BRUNO, MAYA):
        with acting_as(intruder):
            await layer.update_thread(THREAD, name="Renommée par un autre")
            await layer.upsert_feedback(Feedback(forId="a1", value=0, comment="nul"))
            with pytest.raises(HTTPException) as refused:
                await layer.delete_thread(THREAD)
        assert refused.value.status_code == 403
        assert "Conversation non supprimée : la conversation" in str(refused.value.detail)
    with acting_as(ALICE):
        thread = await layer.get_thread(THREAD)
        assert thread is not None and thread["name"] != "Renommée par un autre"
        assert "feedback" not in thread["steps"][2]
        await layer.update_thread(THREAD, name="ESN Lyon")
        assert await layer.upsert_feedback(Feedback(forId="a1", value=1, comment="top")) == "a1"
        thread = await layer.get_thread(THREAD)
        assert thread is not None and thread["name"] == "ESN Lyon"
        assert thread["steps"][2]["feedback"]["value"] == 1  # type: ignore[typeddict-item]
        assert await layer.delete_feedback("a1")
        await layer.delete_thread(THREAD)
        assert await layer.get_thread(THREAD) is None


async def test_a_managers_writes_into_a_reps_thread_are_not_saved(layer: FilonDataLayer) -> None:
    """A manager who opened a rep's thread: what their session would write there is refused
    by the saving service (the chat service refuses their turns)."""
    await alice_turn(layer)

    async def manager_types() -> None:
        await layer.create_step(step("m1", "user_message", "et à Nantes ?", "2026-03-02T10:00:00Z"))
        await layer.update_thread(THREAD, metadata={"chat_settings": {"company_source": "api"}})

    await in_session(MAYA, manager_types)
    with acting_as(ALICE):
        thread = await layer.get_thread(THREAD)
    assert thread is not None and [s["id"] for s in thread["steps"]] == ["q1", "run1", "a1"]
    assert thread["metadata"] == {}


async def test_chat_settings_come_back_with_the_thread(layer: FilonDataLayer) -> None:
    await alice_turn(layer)

    async def leave() -> None:  # Chainlit's disconnect keeps the session's settings
        metadata = {"chat_settings": {"company_source": "api", "other": 3}, "env": {"K": "v"}}
        await layer.update_thread(THREAD, metadata=metadata)

    await in_session(ALICE, leave)
    with acting_as(ALICE):
        thread = await layer.get_thread(THREAD)
    assert thread is not None
    assert thread["metadata"] == {"chat_settings": {"company_source": "api"}}

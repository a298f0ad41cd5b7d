"""Saved conversations in the store, on SQLite and PostgreSQL: what the web UI showed is saved
and read back in order, listed page by page for who may read it (a rep their own, a manager or
an admin the team's), renamed and deleted by its owner only — a delete takes the steps, the
elements, the thread's row and its history in the conversation memory — and written by its
owner only; two tabs writing steps of one thread at once keep them all."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.base import empty_checkpoint
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from agent.chat.forget import forget_thread
from agent.chat.saved import SavedElement, SavedStep, list_saved, read_saved, thread_owner
from agent.chat.saving import (
    MAX_ELEMENT_BYTES,
    keep_settings,
    name_saved,
    rate_step,
    remove_step,
    save_element,
    save_step,
    thread_name,
)
from agent.chat.threads import admit_turn
from agent.memory import open_checkpointer
from agent.settings import Settings
from agent.users import NotThreadOwner, NotThreadReader, UserDisabled, add_user, disable_user
from store.models import ChatElement, ChatStep, ChatThread

ALICE, BRUNO, MAYA, ROOT = "alice.martin", "bruno.petit", "maya.roux", "root"
ROLES = {ROOT: "admin", MAYA: "manager", ALICE: "rep", BRUNO: "rep"}
THREAD = "alice-thread"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def team(engine: Engine) -> Engine:
    for login, role in ROLES.items():
        add_user(engine, login=login, by=ROOT, role=role)  # type: ignore[arg-type]
    _conversation(engine, THREAD, ALICE, "Trouve des ESN de 50 à 200 salariés à Lyon")
    return engine


def _conversation(engine: Engine, thread_id: str, owner: str, request: str) -> None:
    """A thread as the web UI saves a first turn: its name, the request, the answer."""
    name_saved(engine, thread_id=thread_id, user=owner, name=request)
    question = SavedStep(id=f"{thread_id}-q", type="user_message", output=request, created_at=T0)
    answer = SavedStep(
        id=f"{thread_id}-a",
        type="assistant_message",
        name="Filon",
        output="3 ESN trouvées à Lyon.",
        created_at=T0 + timedelta(seconds=2),
    )
    for step in (question, answer):
        save_step(engine, thread_id=thread_id, user=owner, step=step)


def _settings(engine: Engine, tmp_path: Path) -> Settings:
    url = engine.url.render_as_string(hide_password=False)
    return Settings(FILON_HOME=tmp_path / "home", FILON_DATABASE_URL=url)


def test_a_saved_turn_reads_back_as_shown(team: Engine) -> None:
    chart = SavedElement(
        id="chart-1", type="image", name="pipeline.svg", for_id=f"{THREAD}-a", mime="image/svg+xml"
    )
    table = SavedElement(
        id="table-1", type="custom", name="DataTable", for_id=f"{THREAD}-a", props={"rows": []}
    )
    for element in (chart, table):
        save_element(team, thread_id=THREAD, user=ALICE, element=element)
    saved = read_saved(team, thread_id=THREAD, user=ALICE)
    assert saved is not None
    assert (saved.owner, saved.name) == (ALICE, "Trouve des ESN de 50 à 200 salariés à Lyon")
    assert [(s.type, s.output) for s in saved.steps] == [
        ("user_message", "Trouve des ESN de 50 à 200 salariés à Lyon"),
        ("assistant_message", "3 ESN trouvées à Lyon."),
    ]
    assert {e.id: e.props for e in saved.elements} == {"chart-1": None, "table-1": {"rows": []}}


def test_a_step_written_again_keeps_its_place_and_its_thread(team: Engine) -> None:
    empty = SavedStep(id="late", type="assistant_message", output="", created_at=T0)
    save_step(team, thread_id=THREAD, user=ALICE, step=empty)
    finished = SavedStep(id="late", type="assistant_message", output="Fini.", created_at=T0)
    save_step(team, thread_id=THREAD, user=ALICE, step=finished)
    saved = read_saved(team, thread_id=THREAD, user=ALICE)
    assert saved is not None and [s.output for s in saved.steps if s.id == "late"] == ["Fini."]
    _conversation(team, "bruno-thread", BRUNO, "Cabinets comptables en Gironde")
    with pytest.raises(ValueError, match="another thread"):
        save_step(team, thread_id="bruno-thread", user=BRUNO, step=finished)


def test_the_name_is_the_first_request_on_one_line_and_shortened() -> None:
    assert thread_name("  ESN\n\tà Lyon ") == "ESN à Lyon"
    long = "Trouve des ESN de 50 à 200 salariés à Lyon qui recrutent des développeurs Java"
    short = thread_name(long)
    assert len(short) <= 60 and short.endswith("…") and long.startswith(short[:-1])
    assert not short[:-1].endswith(" "), "cut between words"


READS = {ALICE: True, BRUNO: False, MAYA: True, ROOT: True}


@pytest.mark.parametrize("actor", list(READS))
def test_who_lists_and_reads_a_reps_thread(team: Engine, actor: str) -> None:
    _conversation(team, "bruno-thread", BRUNO, "Cabinets comptables en Gironde")
    listed = [item.thread_id for item in list_saved(team, user=actor).threads]
    assert (THREAD in listed) is READS[actor]
    if READS[actor]:
        saved = read_saved(team, thread_id=THREAD, user=actor)
        assert saved is not None and saved.owner == ALICE
    else:
        assert listed == ["bruno-thread"], "a rep lists their own threads only"
        with pytest.raises(NotThreadReader):
            read_saved(team, thread_id=THREAD, user=actor)


@pytest.mark.parametrize("actor", [BRUNO, MAYA, ROOT])
def test_only_the_owner_renames_writes_rates_or_deletes(
    team: Engine, actor: str, tmp_path: Path
) -> None:
    step = SavedStep(id="intruder", type="user_message", output="et à Nantes ?")
    attempts: list[Callable[[], Any]] = [
        lambda: name_saved(team, thread_id=THREAD, user=actor, name="Renommée"),
        lambda: save_step(team, thread_id=THREAD, user=actor, step=step),
        lambda: rate_step(team, step_id=f"{THREAD}-a", user=actor, value=0),
        lambda: remove_step(team, step_id=f"{THREAD}-a", user=actor),
        lambda: keep_settings(
            team, thread_id=THREAD, user=actor, settings={"company_source": "api"}
        ),
        lambda: asyncio.run(
            forget_thread(_settings(team, tmp_path), team, thread_id=THREAD, user=actor)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotThreadOwner):
            attempt()
    saved = read_saved(team, thread_id=THREAD, user=ALICE)
    assert saved is not None and saved.name == "Trouve des ESN de 50 à 200 salariés à Lyon"
    assert [s.id for s in saved.steps] == [f"{THREAD}-q", f"{THREAD}-a"]
    assert saved.steps[1].feedback is None and saved.chat_settings == {}


def test_the_owner_renames_rates_and_keeps_settings(team: Engine) -> None:
    assert name_saved(team, thread_id=THREAD, user=ALICE, name="ESN Lyon\n(relances)") == (
        "ESN Lyon (relances)"
    )
    assert name_saved(team, thread_id=THREAD, user=ALICE, name="   ") is None
    assert rate_step(team, step_id=f"{THREAD}-a", user=ALICE, value=1, comment="utile\nmerci")
    keep_settings(team, thread_id=THREAD, user=ALICE, settings={"company_source": "api"})
    saved = read_saved(team, thread_id=THREAD, user=ALICE)
    assert saved is not None and saved.name == "ESN Lyon (relances)"
    assert (saved.steps[1].feedback, saved.steps[1].feedback_comment) == (1, "utile merci")
    assert saved.chat_settings == {"company_source": "api"}
    assert rate_step(team, step_id=f"{THREAD}-a", user=ALICE, value=None)
    assert not rate_step(team, step_id="no-such-step", user=ALICE, value=1)


def test_a_disabled_user_neither_reads_nor_writes(team: Engine) -> None:
    disable_user(team, login=ALICE, by=ROOT)
    with pytest.raises(UserDisabled):
        read_saved(team, thread_id=THREAD, user=ALICE)
    with pytest.raises(UserDisabled):
        save_step(team, thread_id=THREAD, user=ALICE, step=SavedStep(id="x", type="run"))


def test_a_first_write_claims_the_thread_like_a_first_turn(team: Engine) -> None:
    name_saved(team, thread_id="new-thread", user=BRUNO, name="BTP Bretagne")
    assert thread_owner(team, thread_id="new-thread") == BRUNO
    with pytest.raises(NotThreadOwner):
        admit_turn(team, thread_id="new-thread", user=ALICE)
    admit_turn(team, thread_id="new-thread", user=BRUNO)


def test_pages_search_and_feedback_filter(team: Engine) -> None:
    for index in range(5):
        _conversation(team, f"t{index}", ALICE, f"Recherche numéro {index} à Lyon")
        admit_turn(team, thread_id=f"t{index}", user=ALICE)  # the latest turn orders them
    admit_turn(team, thread_id="cli-only", user=ALICE)  # a CLI thread: nothing to show again
    # named by a UI killed before it saved the request: nothing to show either
    name_saved(team, thread_id="killed", user=ALICE, name="Recherche interrompue")
    seen: list[str] = []
    page = list_saved(team, user=ALICE, first=2)
    while True:
        seen += [item.thread_id for item in page.threads]
        if page.next is None:
            break
        page = list_saved(team, user=ALICE, first=2, cursor=page.next)
    assert seen[:5] == ["t4", "t3", "t2", "t1", "t0"] and set(seen) == {*seen[:5], THREAD}
    assert "cli-only" not in seen and "killed" not in seen
    found = list_saved(team, user=ALICE, search="NUMERO 3").threads
    assert [item.thread_id for item in found] == ["t3"], "any case, any accents"
    assert list_saved(team, user=ALICE, search="100%_").threads == []
    rate_step(team, step_id="t1-a", user=ALICE, value=0)
    assert [i.thread_id for i in list_saved(team, user=ALICE, feedback=0).threads] == ["t1"]
    assert list_saved(team, user=ALICE, cursor="not a cursor").threads[0].thread_id == "t4"


async def test_delete_takes_the_steps_the_row_and_the_memory(team: Engine, tmp_path: Path) -> None:
    settings = _settings(team, tmp_path)
    chart = SavedElement(id="c", type="image", for_id=f"{THREAD}-a", content=b"<svg/>")
    save_element(team, thread_id=THREAD, user=ALICE, element=chart)
    config = {"configurable": {"thread_id": THREAD, "checkpoint_ns": ""}}
    async with open_checkpointer(settings) as memory:
        await memory.aput(config, empty_checkpoint(), {}, {})  # type: ignore[arg-type]
        assert await memory.aget_tuple(config) is not None  # type: ignore[arg-type]
    assert await forget_thread(settings, team, thread_id=THREAD, user=ALICE)
    async with open_checkpointer(settings) as memory:
        assert await memory.aget_tuple(config) is None  # type: ignore[arg-type]
    with Session(team) as session:
        for table in (ChatThread, ChatStep, ChatElement):
            assert session.exec(select(func.count()).select_from(table)).one() == 0
    assert read_saved(team, thread_id=THREAD, user=ALICE) is None
    assert not await forget_thread(settings, team, thread_id=THREAD, user=ALICE)


def test_an_element_too_large_is_kept_without_its_bytes(team: Engine) -> None:
    big = SavedElement(
        id="f", type="file", for_id=f"{THREAD}-a", content=b"x" * (MAX_ELEMENT_BYTES + 1)
    )
    assert not save_element(team, thread_id=THREAD, user=ALICE, element=big)
    saved = read_saved(team, thread_id=THREAD, user=ALICE)
    assert saved is not None and [(e.id, e.content) for e in saved.elements] == [("f", None)]


def test_two_tabs_writing_one_thread_at_once_keep_every_step(team: Engine) -> None:
    """Two tabs of Alice's on the same thread, each writing its steps and updating them, all at
    once (threads, as Chainlit's tasks reach the store): every step is kept, once, finished."""

    def tab(tab_id: int) -> None:
        for index in range(15):
            step_id = f"tab{tab_id}-{index}"
            for output in ("", f"réponse {tab_id}.{index}"):
                step = SavedStep(id=step_id, type="assistant_message", output=output)
                save_step(team, thread_id=THREAD, user=ALICE, step=step)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(tab, 1), pool.submit(tab, 2)]:
            done.result()
    saved = read_saved(team, thread_id=THREAD, user=ALICE)
    assert saved is not None
    written = {s.id: s.output for s in saved.steps if s.id.startswith("tab")}
    assert len(written) == 30 and all(output.startswith("réponse") for output in written.values())
    assert thread_owner(team, thread_id=THREAD) == ALICE


def test_two_first_writes_of_a_new_thread_make_one_owner(team: Engine) -> None:
    def first_write(user: str) -> str:
        try:
            save_step(team, thread_id="race", user=user, step=SavedStep(id=user, type="run"))
        except NotThreadOwner:
            return "refused"
        return "written"

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(first_write, [ALICE, BRUNO]))
    assert results == ["refused", "written"]
    owner = thread_owner(team, thread_id="race")
    saved = read_saved(team, thread_id="race", user=MAYA)
    assert saved is not None and [s.id for s in saved.steps] == [owner]

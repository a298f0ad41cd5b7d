"""Saved conversations through a running `filon ui` (a proxy's header names who is there on
every request), driven through Chainlit's socket and HTTP API as the web app does: a tab closed
mid-turn leaves its turn whole; a UI killed mid-turn leaves no half thread, and the thread goes
on after the restart; two tabs of one thread writing at once keep every step; a manager opens a
rep's thread (and is refused a turn in it, in one line) where another rep is refused the socket;
renaming and deleting through Chainlit's API are the owner's only."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio
from ui_server import UiServer, running_ui
from ui_team import add_team

from agent.chat.saved import SavedThread, list_saved, read_saved
from agent.users import add_user
from store.db import open_store

pytestmark = pytest.mark.ui

ALICE, BRUNO, MAYA = "alice.martin", "bruno.petit", "maya.roux"
HEADER = "X-Forwarded-User"
SEARCH = "ESN de 50 à 200 salariés à Lyon"
Event = tuple[str, Any]


def _team(folder: Path) -> None:
    add_team(folder / "home")
    engine = open_store(f"sqlite:///{folder / 'home' / 'filon.db'}")
    try:
        add_user(engine, login=MAYA, by=ALICE, role="manager", display_name="Maya Roux")
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    folder = tmp_path_factory.mktemp("ui-saved")
    _team(folder)
    with running_ui(folder, env={"FILON_UI_AUTH_HEADER": HEADER}) as running:
        yield running


async def _cookie(server: UiServer, login: str) -> str:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        response = await http.post("/auth/header", headers={HEADER: login})
    assert response.status_code == 200, response.text
    return f"access_token={response.cookies['access_token']}"


class Tab:
    """A browser tab of `login`'s on Chainlit's socket, new or reopening `thread_id`."""

    def __init__(self, server: UiServer, login: str, thread_id: str = "") -> None:
        self.server, self.login, self.thread_id = server, login, thread_id
        self.events: list[Event] = []
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("*", self._record)

    async def _record(self, event: str, data: Any = None) -> None:
        self.events.append((event, data))

    async def open(self) -> Tab:
        cookie = await _cookie(self.server, self.login)
        await self.sio.connect(
            self.server.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Accept-Language": "fr-FR", "Cookie": cookie, HEADER: self.login},
            auth={
                "clientType": "webapp",
                "sessionId": str(uuid.uuid4()),
                "threadId": self.thread_id,
                "userEnv": "{}",
                "chatProfile": "",
            },
            wait_timeout=10,
        )
        await self.sio.emit("connection_successful")
        await self.wait_for(lambda e: e[0] == "chat_settings")
        if self.thread_id:  # the replay comes once the chat resumed
            await self.wait_for(lambda e: e[0] == "resume_thread")
        else:
            await self.wait_for(lambda e: (e[1] or {}).get("name") == "on_chat_start")
        return self

    async def close(self) -> None:
        await self.sio.disconnect()

    async def send(self, text: str) -> int:
        start = len(self.events)
        message = {
            "id": str(uuid.uuid4()),
            "threadId": self.thread_id,
            "name": self.login,
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        await self.sio.emit("client_message", {"message": message, "fileReferences": []})
        return start

    async def turn(self, text: str) -> str:
        """Send `text`; everything its turn sent back, as JSON text."""
        start = await self.send(text)
        began = await self._index(lambda e: e[0] == "task_start", start)
        ended = await self._index(lambda e: e[0] == "task_end", began + 1)
        return json.dumps(self.events[start : ended + 1], ensure_ascii=False)

    async def _index(self, found: Callable[[Event], bool], start: int, limit: float = 40) -> int:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            for index in range(start, len(self.events)):
                if found(self.events[index]):
                    return index
            await asyncio.sleep(0.05)
        raise AssertionError(f"not seen within {limit} s: {[name for name, _ in self.events]}")

    async def wait_for(
        self, found: Callable[[Event], bool], *, start: int = 0, limit: float = 20
    ) -> Any:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            for event in self.events[start:]:
                if found(event):
                    return event[1]
            await asyncio.sleep(0.05)
        raise AssertionError(f"not seen within {limit} s: {[name for name, _ in self.events]}")


def _store_thread(server: UiServer, login: str = ALICE, wanted: int = 1) -> SavedThread:
    """`login`'s latest saved thread, once its `wanted`-th answer is saved finished, with its
    table (Chainlit saves the answer, then its table, in the background)."""
    engine = open_store(f"sqlite:///{server.home / 'filon.db'}")
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            threads = list_saved(engine, user=login).threads
            saved = threads and read_saved(engine, thread_id=threads[0].thread_id, user=login)
            if saved and len(_answers(saved)) >= wanted and len(saved.elements) >= wanted:
                return saved
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise AssertionError("the conversation was not saved within 30 s")


def _answers(saved: SavedThread) -> list[str]:
    """The finished answers of Filon's that hold a result (not the offline note)."""
    return [
        s.output for s in saved.steps if s.type == "assistant_message" and "correspond" in s.output
    ]


async def test_a_tab_closed_mid_turn_leaves_its_turn_whole(server: UiServer) -> None:
    tab = await Tab(server, ALICE).open()
    start = await tab.send(SEARCH)
    await tab.wait_for(lambda e: e[0] == "new_message", start=start + 1)
    await tab.close()  # mid-turn
    saved = _store_thread(server)
    assert saved.name == SEARCH
    assert len(_answers(saved)) == 1 and saved.elements, "the answer and its table, finished"
    reopened = await Tab(server, ALICE, saved.thread_id).open()
    try:
        shown = await reopened.turn("et à Nantes ?")
    finally:
        await reopened.close()
    assert "NANTES" in shown.upper() and "Lyon 3e" not in shown, "the search went on, in Nantes"


async def test_a_manager_opens_a_reps_thread_another_rep_cannot(server: UiServer) -> None:
    tab = await Tab(server, ALICE).open()
    await tab.turn("Cabinets comptables en Gironde")
    await tab.close()
    saved = _store_thread(server)
    manager = await Tab(server, MAYA, saved.thread_id).open()
    try:
        replay = await manager.wait_for(lambda e: e[0] == "resume_thread")
        outputs = [step["output"] for step in replay["steps"]]
        assert "Cabinets comptables en Gironde" in outputs
        assert outputs[-1].startswith("Conversation de Alice Martin, en lecture")
        refused = await manager.turn("et en Dordogne ?")
    finally:
        await manager.close()
    assert "est celle de alice.martin : seul·e cette personne peut la poursuivre" in refused
    assert "Dordogne" not in json.dumps([s.output for s in _store_thread(server).steps])
    with pytest.raises(socketio.exceptions.ConnectionError):
        await Tab(server, BRUNO, saved.thread_id).open()


async def test_two_tabs_of_one_thread_at_once_keep_every_step(server: UiServer) -> None:
    first = await Tab(server, ALICE).open()
    await first.turn(SEARCH)
    await first.close()
    thread_id = _store_thread(server).thread_id
    tabs = [await Tab(server, ALICE, thread_id).open() for _ in range(2)]
    try:
        await asyncio.gather(tabs[0].turn("et à Nantes ?"), tabs[1].turn("et à Bordeaux ?"))
    finally:
        for tab in tabs:
            await tab.close()
    saved = _store_thread(server, wanted=3)
    questions = [s.output for s in saved.steps if s.type == "user_message"]
    assert sorted(questions[1:]) == ["et à Bordeaux ?", "et à Nantes ?"]
    answers = [s for s in saved.steps if s.type == "assistant_message"]
    assert all(s.output.strip() for s in answers), "no answer left half-written"
    assert len(_answers(saved)) == 3, "each turn ran, one after the other"


async def test_renaming_and_deleting_are_the_owners_only(server: UiServer) -> None:
    tab = await Tab(server, ALICE).open()
    await tab.turn("BTP en Bretagne")
    await tab.close()
    thread_id = _store_thread(server).thread_id
    for login in (BRUNO, MAYA):
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            headers = {"Cookie": await _cookie(server, login), HEADER: login}
            rename = {"threadId": thread_id, "name": "Renommée"}
            assert (await http.put("/project/thread", json=rename, headers=headers)).is_error
            gone = await http.request(
                "DELETE", "/project/thread", json={"threadId": thread_id}, headers=headers
            )
            assert gone.status_code == 401, login
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        headers = {"Cookie": await _cookie(server, ALICE), HEADER: ALICE}
        rename = {"threadId": thread_id, "name": "BTP Bretagne (relances)"}
        assert (await http.put("/project/thread", json=rename, headers=headers)).status_code == 200
        listed = await http.post(
            "/project/threads",
            json={"pagination": {"first": 20}, "filter": {}},
            headers=headers,
        )
        names = {thread["id"]: thread["name"] for thread in listed.json()["data"]}
        assert names[thread_id] == "BTP Bretagne (relances)"
        gone = await http.request(
            "DELETE", "/project/thread", json={"threadId": thread_id}, headers=headers
        )
        assert gone.status_code == 200
        listed = await http.post(
            "/project/threads",
            json={"pagination": {"first": 20}, "filter": {}},
            headers=headers,
        )
        assert thread_id not in {thread["id"] for thread in listed.json()["data"]}


def _until_listed(home: Path) -> None:
    """Until Alice's conversation is listed (her request saved)."""
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    try:
        deadline = time.monotonic() + 20
        while not list_saved(engine, user=ALICE).threads:
            if time.monotonic() > deadline:
                raise AssertionError("the request was not saved within 20 s")
            time.sleep(0.01)
    finally:
        engine.dispose()


def test_a_ui_killed_mid_turn_leaves_no_half_thread(tmp_path: Path) -> None:
    """The UI killed (SIGKILL) while it answers: after a restart, the thread shows what was
    saved — the request, and the answer whole or said to be interrupted, never half of it —
    and it goes on."""
    _team(tmp_path)

    async def ask_then_die(server: UiServer) -> None:
        tab = await Tab(server, ALICE).open()
        await tab.send(SEARCH)
        # killed as soon as the request is saved: the answer is on its way, or just done
        await asyncio.to_thread(_until_listed, server.home)
        server.kill()

    async def reopen(server: UiServer, thread_id: str) -> tuple[Any, str]:
        tab = await Tab(server, ALICE, thread_id).open()
        try:
            replay = await tab.wait_for(lambda e: e[0] == "resume_thread")
            return replay, await tab.turn("et à Nantes ?")
        finally:
            await tab.close()

    env = {"FILON_UI_AUTH_HEADER": HEADER}
    with running_ui(tmp_path, env=env) as server:
        asyncio.run(ask_then_die(server))
    engine = open_store(f"sqlite:///{tmp_path / 'home' / 'filon.db'}")
    try:
        threads = list_saved(engine, user=ALICE).threads
    finally:
        engine.dispose()
    assert [thread.name for thread in threads] == [SEARCH]
    with running_ui(tmp_path, env=env) as server:
        replay, shown = asyncio.run(reopen(server, threads[0].thread_id))
    answers = [s["output"] for s in replay["steps"] if s["type"] == "assistant_message"]
    requests = [s["output"] for s in replay["steps"] if s["type"] == "user_message"]
    assert requests == [SEARCH]
    assert all(
        "correspond" in output or "Réponse interrompue" in output or "Mode hors ligne" in output
        for output in answers
    ), answers
    assert "NANTES" in shown.upper(), "the thread goes on after the restart"

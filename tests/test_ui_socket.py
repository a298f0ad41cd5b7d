"""The web UI driven through Chainlit's socket protocol, no browser: a python-socketio client
connects on /ws/socket.io as the web app does, sends messages and reads what comes back
(streamed tokens, tool steps, messages, elements, action buttons)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import socketio
from ui_server import FILON, UiServer, running_ui

from store.db import open_store
from store.demo import seed_demo

pytestmark = pytest.mark.ui

Event = tuple[str, Any]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    folder = tmp_path_factory.mktemp("ui-socket")
    engine = open_store(f"sqlite:///{folder / 'home' / 'filon.db'}")
    seed_demo(engine, companies=6000)
    engine.dispose()
    with running_ui(folder) as running:
        yield running


class ChatClient:
    """A browser tab as Chainlit's socket sees it."""

    def __init__(self, server: UiServer, language: str = "fr-FR,fr;q=0.9") -> None:
        self.server = server
        self.language = language
        self.session_id = str(uuid.uuid4())
        self.events: list[Event] = []
        self.sio = socketio.AsyncClient()
        self.sio.on("*", self._record)

    async def _record(self, event: str, data: Any = None) -> None:
        self.events.append((event, data))

    async def __aenter__(self) -> ChatClient:
        await self.sio.connect(
            self.server.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Accept-Language": self.language},
            auth={
                "clientType": "webapp",
                "sessionId": self.session_id,
                "threadId": "",
                "userEnv": "{}",
                "chatProfile": "",
            },
        )
        await self.sio.emit("connection_successful")
        await self.wait_for(lambda e: e[0] == "chat_settings")
        # The chat start (welcome, offline toast) is a task of its own: let it end, or its
        # task_end could be taken for the end of the first turn.
        await self.wait_until(_finished_task)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.sio.disconnect()

    async def send(self, text: str) -> None:
        """Send a message as the web app does."""
        message = {
            "id": str(uuid.uuid4()),
            "threadId": "",
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        await self.sio.emit("client_message", {"message": message, "fileReferences": []})

    async def wait_for(self, predicate: Callable[[Event], bool], limit: float = 20.0) -> Any:
        """The data of the first event matching `predicate`, waiting for it if needed."""
        deadline = asyncio.get_running_loop().time() + limit
        while True:
            for event in self.events:
                if predicate(event):
                    return event[1]
            if asyncio.get_running_loop().time() > deadline:
                names = [name for name, _ in self.events]
                raise AssertionError(f"no matching event within {limit} s; got {names}")
            await asyncio.sleep(0.05)

    async def turn(self, text: str) -> list[Event]:
        """Send `text` and return the events up to the end of its task."""
        start = len(self.events)
        await self.send(text)
        await self.wait_until(lambda events: _finished_task(events[start:]))
        return self.events[start:]

    async def wait_until(self, done: Callable[[list[Event]], bool], limit: float = 20.0) -> None:
        """Wait until `done(events so far)` holds."""
        deadline = asyncio.get_running_loop().time() + limit
        while not done(self.events):
            if asyncio.get_running_loop().time() > deadline:
                names = [name for name, _ in self.events]
                raise AssertionError(f"not done within {limit} s; got {names}")
            await asyncio.sleep(0.05)

    async def click(self, action: dict[str, Any]) -> list[Event]:
        """Press an action button (the web app posts it to /project/action)."""
        start = len(self.events)
        async with httpx.AsyncClient(base_url=self.server.url, timeout=30) as client:
            response = await client.post(
                "/project/action", json={"sessionId": self.session_id, "action": action}
            )
        assert response.status_code == 200, response.text
        await asyncio.sleep(0.3)
        return self.events[start:]


def _finished_task(events: list[Event]) -> bool:
    names = [name for name, _ in events]
    return "task_start" in names and "task_end" in names[names.index("task_start") :]


def messages(events: list[Event]) -> list[dict[str, Any]]:
    """The messages the app sent (new or updated), in order."""
    return [data for name, data in events if name in ("new_message", "update_message")]


def texts(events: list[Event]) -> str:
    """All message outputs, joined."""
    return "\n".join(str(m.get("output") or "") for m in messages(events))


def actions(events: list[Event]) -> dict[str, dict[str, Any]]:
    """The action buttons sent, by label."""
    return {data["label"]: data for name, data in events if name == "action"}


async def test_search_streams_the_answer_shows_the_tool_and_a_table(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        toast = await chat.wait_for(lambda e: e[0] == "toast")
        assert "Mode hors ligne" in toast["message"]
        assert "OPENAI_API_KEY" in toast["message"]
        events = await chat.turn("Trouve des ESN à Lyon")
    tokens = [data["token"] for name, data in events if name == "stream_token"]
    assert len(tokens) > 3, "the answer is streamed token by token"
    steps = [m for m in messages(events) if m.get("type") == "tool"]
    assert steps and steps[-1]["name"] == "search_companies"
    finished = steps[-1]
    assert "terminé en" in finished["output"] and " ms" in finished["output"]
    assert '"cities"' in finished["input"]
    assert finished["isError"] is False
    output = texts(events)
    assert "| Entreprise | Ville | Secteur | Effectif | Catégorie | SIREN |" in output
    assert "](https://annuaire-entreprises.data.gouv.fr/entreprise/" in output
    assert "Mode hors ligne" in output  # the note stays in the conversation too
    buttons = actions(events)
    assert {"Créer une liste", "Exporter en CSV"} <= set(buttons)


async def test_csv_export_and_create_list_buttons(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        events = await chat.turn("Trouve des ESN à Lyon")
        buttons = actions(events)

        clicked = await chat.click(buttons["Exporter en CSV"])
        element = await chat.wait_for(lambda e: e[0] == "element" and e[1]["type"] == "file")
        assert element["name"] == "entreprises.csv" and element["mime"] == "text/csv"
        assert "séparateur « ; »" in texts(clicked)
        async with httpx.AsyncClient(base_url=server.url) as client:
            response = await client.get(
                f"/project/file/{element['chainlitKey']}", params={"session_id": chat.session_id}
            )
        data = response.content
        assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
        header, *rows = data.decode("utf-8-sig").splitlines()
        assert header.startswith("SIREN;Nom;Ville;")
        assert rows and all(row.split(";")[0].isdigit() for row in rows)

        start = len(chat.events)
        await chat.click(buttons["Créer une liste"])
        await chat.wait_for(lambda e: e[0] == "new_message" and "ajouté" in str(e[1].get("output")))
        after = chat.events[start:]
        steps = [m["name"] for m in messages(after) if m.get("type") == "tool"]
        assert "create_lead_list" in steps
        echoed = [m for m in messages(after) if m.get("type") == "user_message"]
        assert echoed and echoed[0]["output"].startswith("Crée une liste « Recherche du ")


async def test_empty_long_and_script_messages_get_clean_answers(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        assert "Message vide" in texts(await chat.turn("   "))
        long = await chat.turn("x" * 20_000)
        assert "Message trop long (20\u202f000 caractères) : 4\u202f000 au plus" in texts(long)
        assert not [m for m in messages(long) if m.get("type") == "tool"]
        scripted = await chat.turn("<script>alert('x')</script> Trouve des ESN à Lyon")
        assert not [m for m in messages(scripted) if m.get("name") == "Error"]
        answers = [m for m in messages(scripted) if m.get("name") == "Filon" and m.get("output")]
        assert answers, "the request is answered like any other"
        # still working afterwards
        assert "Pipeline" in texts(await chat.turn("Résumé du pipeline de la semaine"))


async def test_a_request_while_one_runs_is_told_to_wait(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        await chat.send("Résumé du pipeline de la semaine")
        await chat.send("Trouve des ESN à Lyon")
        await chat.wait_for(
            lambda e: e[0] == "new_message" and "je termine la demande" in str(e[1].get("output"))
        )
        # the first request still finishes with its chart
        await chat.wait_for(lambda e: e[0] == "element" and e[1]["type"] == "image")


async def test_pipeline_summary_comes_with_a_chart(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        events = await chat.turn("Résumé du pipeline de la semaine")
        chart = next(data for name, data in events if name == "element" and data["type"] == "image")
        assert chart["mime"] == "image/svg+xml"
        async with httpx.AsyncClient(base_url=server.url) as client:
            response = await client.get(
                f"/project/file/{chart['chainlitKey']}", params={"session_id": chat.session_id}
            )
        assert response.content.startswith(b"<svg") and b"Pipeline par" in response.content
        assert "conversion nouveau → MQL" in texts(events)


async def test_english_browser_gets_english_strings(server: UiServer) -> None:
    async with ChatClient(server, language="en-US,en;q=0.9") as chat:
        toast = await chat.wait_for(lambda e: e[0] == "toast")
        assert toast["message"].startswith("Offline mode")
        events = await chat.turn("Find IT services firms in Lyon")
        assert {"Create a list", "Export as CSV"} <= set(actions(events))


def test_nothing_written_in_the_working_folder(server: UiServer) -> None:
    assert list(server.cwd.iterdir()) == []
    assert (server.home / "ui" / ".chainlit" / "config.toml").is_file()
    assert (server.home / "ui" / ".chainlit" / "translations" / "fr-FR.json").is_file()


def test_a_busy_port_is_a_one_line_error(server: UiServer) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FILON_", "OPENAI_"))}
    env["FILON_HOME"] = str(server.home)
    done = subprocess.run(
        [str(FILON), "ui", "--port", str(server.port)],
        env=env,
        cwd=server.cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"filon: cannot listen on 127.0.0.1:{server.port}")
    assert len(done.stderr.strip().splitlines()) == 1


async def test_a_locked_database_is_a_clear_message_and_the_ui_keeps_working(
    server: UiServer,
) -> None:
    import sqlite3

    async with ChatClient(server) as chat:
        await chat.turn("Trouve des ESN à Lyon")  # the conversation exists and is remembered
        await chat.wait_for(lambda e: e[0] == "action")  # buttons come last: the turn is over
        blocker = sqlite3.connect(server.home / "memory.db", timeout=1)
        blocker.execute("BEGIN EXCLUSIVE")  # another program holds the conversation memory
        try:
            locked = await chat.turn("Résumé du pipeline de la semaine")
        finally:
            blocker.rollback()
            blocker.close()
        assert "verrouill" in texts(locked).lower()
        assert not [m for m in messages(locked) if m.get("name") == "Error"]
        assert "Pipeline" in texts(await chat.turn("Résumé du pipeline de la semaine"))

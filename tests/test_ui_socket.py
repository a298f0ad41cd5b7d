"""The web UI driven through Chainlit's socket protocol, no browser: a python-socketio client
connects on /ws/socket.io as the web app does, sends messages and reads what comes back
(streamed tokens, tool steps, messages, elements, action buttons)."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import socketio
from hostile_company import EVIL_HOST, SEARCH_WORD, SIREN, WEBSITE, add_hostile_company
from ui_server import FILON, UiServer, running_ui

from agent.chat.turn_lock import lock_file
from agent.settings import Settings
from store.db import open_store
from store.demo import seed_demo
from store.locks import file_lock

pytestmark = pytest.mark.ui

Event = tuple[str, Any]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    folder = tmp_path_factory.mktemp("ui-socket")
    engine = open_store(f"sqlite:///{folder / 'home' / 'filon.db'}")
    seed_demo(engine, companies=6000)
    engine.dispose()
    add_hostile_company(folder / "home")
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
        # The chat start (which opens the store and the conversation memory) runs as its own
        # task and ends with its own task_end: a turn sent before it ends would take that
        # task_end for its own.
        await self.wait_for(
            lambda e: e[0] == "update_message" and (e[1] or {}).get("name") == "on_chat_start"
        )
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

    async def turn(self, text: str, limit: float = 20.0) -> list[Event]:
        """Send `text` and return the events up to the end of its task."""
        start = len(self.events)
        await self.send(text)
        await self.wait_until(lambda events: _finished_task(events[start:]), limit)
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


def tables(events: list[Event]) -> list[dict[str, Any]]:
    """The props of the result tables sent (the DataTable custom element)."""
    return [
        data["props"]
        for name, data in events
        if name == "element" and data["type"] == "custom" and data["name"] == "DataTable"
    ]


def answer(events: list[Event]) -> dict[str, Any]:
    """The turn's answer message, as last updated."""
    answers = [
        m
        for m in messages(events)
        if m.get("type") == "assistant_message" and m.get("name") == "Filon"
    ]
    return answers[-1]


def steps(events: list[Event]) -> list[dict[str, Any]]:
    """The tool steps, as last updated, in order."""
    found: dict[str, dict[str, Any]] = {}
    for message in messages(events):
        if message.get("type") == "tool":
            found[message["id"]] = message
    return list(found.values())


def row_action(table: dict[str, Any], row: int, name: str) -> dict[str, Any]:
    """A row button's action, as the table element posts it (`callAction`)."""
    button = next(a for a in table["rows"][row]["actions"] if a["name"] == name)
    return {"name": button["name"], "payload": button["payload"], "label": button["label"]}


async def test_search_streams_the_answer_shows_the_tool_and_a_table(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        events = await chat.turn("Trouve des ESN à Lyon")
        later = await chat.turn("Trouve des ESN à Lyon")
    tokens = [data["token"] for name, data in events if name == "stream_token"]
    assert len(tokens) > 3, "the answer is streamed token by token"
    shown = answer(events)
    # The table, with its count and pages, under an answer that says the count and what next.
    (table,) = tables(events)
    assert re.fullmatch(r"Entreprises 1–10 sur \d+", table["caption"])
    # (and their buying intent: one of the ESN in Lyon has signals)
    assert [c["label"] for c in table["columns"]] == [
        "Entreprise", "Ville", "Secteur", "Effectif", "Catégorie", "SIREN", "Intention",
    ]  # fmt: skip
    assert len(table["rows"]) == 10
    for row in table["rows"]:
        assert row["link"].startswith("https://annuaire-entreprises.data.gouv.fr/entreprise/")
        assert [a["label"] for a in row["actions"]] == ["Fiche", "Ajouter à une liste"]
    assert "entreprises correspondent à votre recherche." in shown["output"]
    assert "Demandez" in shown["output"]
    for row in table["rows"]:  # no bullet repeats a row of the table
        assert row["cells"]["siren"] not in shown["output"]
        assert row["cells"]["name"] not in shown["output"]
    assert "voici les" not in shown["output"]
    # The tool, named for a rep, in its step under the answer, in the rep's language.
    (step,) = steps(events)
    assert step["name"] == "Recherche d'entreprises"
    assert step["parentId"] == shown["id"]
    assert step["metadata"]["icon"] == "search"
    assert step["output"].startswith("Compris : ") and "Lyon" in step["output"]
    assert "terminé en" in step["output"] and " ms" in step["output"]
    assert "```" not in step["output"] and not step["input"]
    assert step["isError"] is False
    buttons = actions(events)
    assert {"Page suivante", "Créer une liste", "Exporter en CSV"} <= set(buttons)
    assert "Page précédente" not in buttons
    # Offline mode is said once, in words for a rep, and never as a toast.
    notes = [m["output"] for m in messages(events + later) if "Mode hors ligne" in m["output"]]
    assert len(notes) == 1
    assert "OPENAI_API_KEY" not in notes[0] and "administrateur" in notes[0]
    assert not [name for name, _ in chat.events if name == "toast"]


def _shown_states(events: list[Event]) -> list[str]:
    """Every text the browser showed for each streamed message, token after token."""
    shown: dict[str, str] = {}
    states = []
    for name, data in events:
        if name == "stream_start":
            shown[data["id"]] = str(data.get("output") or "")
        elif name == "stream_token":
            before = "" if data["isSequence"] else shown.get(data["id"], "")
            shown[data["id"]] = before + data["token"]
        else:
            continue
        states.append(shown[data["id"]])
    return states


async def test_a_hostile_company_name_shows_no_image_no_html_and_no_outside_link(
    server: UiServer,
) -> None:
    async with ChatClient(server) as chat:
        found = await chat.turn(f"Trouve {SEARCH_WORD}")
        card = await chat.turn("la fiche de la première")
    for events in (found, card):
        shown = [m["output"] for m in messages(events) if m.get("type") != "tool"]
        shown += _shown_states(events)
        for text in shown:
            assert "![" not in text and not re.search(r"(?<!\\)<", text), text
            assert f"https://{EVIL_HOST}" not in text, "no link or autolink to the outside host"
        for step in steps(events):  # what the rep typed, in the step, sanitized too
            assert "![" not in step["output"] and f"https://{EVIL_HOST}" not in step["output"]
    (table,) = tables(found)
    (row,) = [row for row in table["rows"] if row["cells"]["siren"] == SIREN]
    assert row["cells"]["name"].startswith(SEARCH_WORD), "plain text, shown as typed"
    assert "\n" not in row["cells"]["name"] and len(row["cells"]["name"]) <= 80
    assert row["link"] == f"https://annuaire-entreprises.data.gouv.fr/entreprise/{SIREN}"
    record = texts(card)
    assert SEARCH_WORD in record, "the record names the company (its answer is the record)"
    assert WEBSITE in record, "the company's own website stays a link"
    assert "annuaire-entreprises.data.gouv.fr/entreprise/552100554" in record


async def test_csv_export_and_create_list_buttons(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        events = await chat.turn("Trouve des ESN à Lyon")
        buttons = actions(events)

        clicked = await chat.click(buttons["Exporter en CSV"])
        element = await chat.wait_for(lambda e: e[0] == "element" and e[1]["type"] == "file")
        assert element["name"].startswith("recherche-") and element["name"].endswith(".csv")
        assert element["mime"] == "text/csv"
        assert "séparateur « ; »" in texts(clicked)
        async with httpx.AsyncClient(base_url=server.url) as client:
            response = await client.get(
                f"/project/file/{element['chainlitKey']}", params={"session_id": chat.session_id}
            )
        data = response.content
        assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
        header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
        assert header[:2] == ["SIREN", "Entreprise"]
        assert rows and all(row[0].isdigit() for row in rows)

        start = len(chat.events)
        await chat.click(buttons["Créer une liste"])
        await chat.wait_for(
            lambda e: e[0] == "update_message" and "ajouté" in str(e[1].get("output"))
        )
        after = chat.events[start:]
        assert "Création d'une liste" in [step["name"] for step in steps(after)]
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
        images = [data for name, data in events if name == "element" and data["type"] == "image"]
        assert {image["name"] for image in images} == {"pipeline.svg", "stages-by-rep.svg"}
        chart = next(image for image in images if image["name"] == "pipeline.svg")
        assert chart["mime"] == "image/svg+xml"
        async with httpx.AsyncClient(base_url=server.url) as client:
            response = await client.get(
                f"/project/file/{chart['chainlitKey']}", params={"session_id": chat.session_id}
            )
        svg = response.content.decode("utf-8")
        assert svg.startswith("<svg") and "Pipeline par" in svg
        assert "Cette période" in svg and "Période précédente" in svg, "the chart has a legend"
        assert "Nouveau → MQL" in texts(events)
        shown = tables(events)  # the owners' table, and each person's activity when anyone acted
        (owners,) = [t for t in shown if t["rows"] and "owner" in t["rows"][0]["cells"]]
        activity = [t for t in shown if t is not owners]
        names = [row["cells"]["owner"] for row in owners["rows"]]
        assert "Alice Martin" in names and "alice.martin" not in names
        for table in activity:
            assert all("." not in row["cells"]["c0"] for row in table["rows"]), "display names"
        assert "alice.martin" not in answer(events)["output"], "the owners' lines are the table"


async def test_english_browser_gets_english_strings(server: UiServer) -> None:
    async with ChatClient(server, language="en-US,en;q=0.9") as chat:
        events = await chat.turn("Find IT services firms in Lyon")
    assert any(m["output"].startswith("Offline mode") for m in messages(events))
    assert {"Next page", "Create a list", "Export as CSV"} <= set(actions(events))
    assert [step["name"] for step in steps(events)] == ["Company search"]
    (table,) = tables(events)
    assert table["caption"].startswith("Companies 1–10 of ")
    assert [a["label"] for a in table["rows"][0]["actions"]] == ["Record", "Add to a list"]


def test_nothing_written_in_the_working_folder(server: UiServer) -> None:
    assert list(server.cwd.iterdir()) == []
    assert (server.home / "ui" / ".chainlit" / "config.toml").is_file()
    assert (server.home / "ui" / ".chainlit" / "translations" / "fr-FR.json").is_file()


def test_a_busy_port_is_a_one_line_error(server: UiServer) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FILON_", "OPENAI_"))}
    env.update(FILON_HOME=str(server.home), FILON_LANGUAGE="en")
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
            # the memory waits for the other writer as long as the store does before saying so
            began = asyncio.get_running_loop().time()
            locked = await chat.turn("Résumé du pipeline de la semaine", limit=45)
            waited = asyncio.get_running_loop().time() - began
            assert waited < 30  # one busy wait, not one per checkpoint
        finally:
            blocker.rollback()
            blocker.close()
        assert "verrouill" in texts(locked).lower()
        assert not [m for m in messages(locked) if m.get("name") == "Error"]
        assert "Pipeline" in texts(await chat.turn("Résumé du pipeline de la semaine"))


async def test_paging_buttons_ask_for_the_next_and_previous_pages(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        first = await chat.turn("Trouve des ESN à Lyon")
        total = int(tables(first)[0]["caption"].rsplit(" ", 1)[1])
        start = len(chat.events)
        await chat.click(actions(first)["Page suivante"])
        await chat.wait_until(lambda events: bool(tables(events[start:])))
        second = chat.events[start:]
        echoed = [m for m in messages(second) if m.get("type") == "user_message"]
        assert echoed[0]["output"] == "Montre la page 2"
        assert tables(second)[0]["caption"] == f"Entreprises 11–{min(20, total)} sur {total}"
        assert "Page précédente" in actions(second)
        assert ("Page suivante" in actions(second)) == (total > 20)
        # the first page's paging buttons went: pressed there, they would page this search
        removed = {data["id"] for name, data in second if name == "remove_action"}
        assert actions(first)["Page suivante"]["id"] in removed
        assert actions(first)["Créer une liste"]["id"] not in removed

        start = len(chat.events)
        await chat.click(actions(second)["Page précédente"])
        await chat.wait_until(lambda events: bool(tables(events[start:])))
        assert tables(chat.events[start:])[0]["caption"] == f"Entreprises 1–10 sur {total}"


async def test_row_buttons_show_a_record_and_add_a_company_to_a_list(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        found = await chat.turn("Trouve des ESN à Lyon")
        table = tables(found)[0]
        siren = table["rows"][2]["cells"]["siren"]

        start = len(chat.events)
        await chat.click(row_action(table, 2, "show_company"))
        await chat.wait_until(lambda events: any(s["end"] for s in steps(events[start:])))
        await chat.wait_for(lambda e: e[0] == "update_message" and siren in str(e[1].get("output")))
        record = chat.events[start:]
        echoed = [m for m in messages(record) if m.get("type") == "user_message"]
        assert echoed[0]["output"] == f"Montre la fiche de l'entreprise {siren}"
        assert [step["name"] for step in steps(record)] == ["Fiche entreprise"]
        assert "Ajouter à une liste" in actions(record)

        start = len(chat.events)
        await chat.click(row_action(table, 2, "add_company"))
        await chat.wait_for(lambda e: "Quel nom donner à la liste" in str(e[1]))
        asked = chat.events[start:]
        assert next(m for m in messages(asked) if m.get("type") == "user_message")["output"] == (
            f"Ajoute l'entreprise {siren} à une liste"
        )
        named = await chat.turn("Prospects rangée 3")
        assert "Liste «\u202fProspects rangée 3\u202f» créée : 1 lead ajouté" in texts(named)
        (leads,) = tables(named)
        assert [row["cells"]["siren"] for row in leads["rows"]] == [siren]
        assert leads["rows"][0]["cells"]["owner"] == "Rep"


async def test_a_conversation_busy_elsewhere_is_told_not_failed(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        await chat.turn("Résumé du pipeline de la semaine")
        started = await chat.wait_for(lambda e: e[0] == "first_interaction")
        settings = Settings(FILON_HOME=server.home)
        with file_lock(lock_file(settings, started["thread_id"])):  # another process's turn
            busy = await chat.turn("Trouve des ESN à Lyon")
        assert "une autre demande est en cours sur cette conversation" in texts(busy)
        assert not [m for m in messages(busy) if m.get("name") == "Error"]
        assert not tables(busy)
        assert "Pipeline" in texts(await chat.turn("Résumé du pipeline de la semaine"))


async def test_readmes_logo_avatar_favicon_and_page_are_filons_own(server: UiServer) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        readmes = {
            language: (await client.get("/project/settings", params={"language": language})).json()[
                "markdown"
            ]
            for language in ("fr-FR", "en-US", "de-DE")
        }
        page = (await client.get("/")).text
        files = {path: await client.get(path) for path in ("/logo", "/favicon", "/avatars/Filon")}
        styles = await client.get("/public/filon.css")
        font = await client.get("/public/fonts/inter-latin-wght-normal.woff2")
        element = await client.get("/public/elements/DataTable.jsx")
    assert readmes["fr-FR"].startswith("# Filon, votre copilote de prospection")
    assert "Mode hors ligne" in readmes["fr-FR"] and "« Trouve des ESN" in readmes["fr-FR"]
    assert readmes["en-US"].startswith("# Filon, your prospecting copilot")
    assert readmes["de-DE"] == readmes["fr-FR"], "other languages read the French readme"
    assert not any("Chainlit" in readme for readme in readmes.values())
    for response in files.values():
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert "<title>Filon</title>" in response.text
    assert styles.status_code == font.status_code == element.status_code == 200
    assert not re.findall(r"""(?:href|src)=["'](?:https?:)?//""", page), "nothing from outside"
    assert 'href="/public/filon.css"' in page and 'href="/public/fonts/inter.css"' in page


async def test_enrich_button_under_a_lists_people_runs_the_waterfall(server: UiServer) -> None:
    async with ChatClient(server) as chat:
        events = await chat.turn("les décideurs de la liste ESN Lyon")
        buttons = actions(events)
        assert "Enrichir" in buttons

        start = len(chat.events)
        await chat.click(buttons["Enrichir"])
        await chat.wait_until(lambda events: _finished_task(events[start:]), limit=60)
        after = chat.events[start:]
        echoed = [m for m in messages(after) if m.get("type") == "user_message"]
        assert echoed and echoed[0]["output"] == "Enrichis les contacts de la liste « ESN Lyon »"
        assert "Enrichissement des e-mails" in [step["name"] for step in steps(after)]
        (table,) = tables(after)
        assert table["columns"][-1]["label"] == "Résultat"
        assert "Personnes :" in texts(after) and "Appels : pattern" in texts(after)


async def test_a_qualification_shows_bant_as_four_rows_and_what_is_missing(
    server: UiServer,
) -> None:
    async with ChatClient(server) as chat:
        found = await chat.turn("Trouve des ESN à Lyon")
        # other tests of the module may have put it in another list of the rep's: say which
        siren = tables(found)[0]["rows"][5]["cells"]["siren"]
        await chat.turn("crée une liste 'Qualif UI' avec la sixième")
        card = await chat.turn(
            f"qualifie {siren} dans la liste Qualif UI : budget 40 k€ validé par le DAF"
        )
        bant = await chat.wait_for(
            lambda e: (
                e[0] == "element"
                and e[1].get("name") == "DataTable"
                and str(e[1]["props"]["caption"]).startswith("BANT de")
            )
        )
        bant = bant["props"]
        rows = [row["cells"] for row in bant["rows"]]
        assert [row["criterion"] for row in rows] == ["Budget", "Décideur", "Besoin", "Échéance"]
        assert rows[0]["status"] == "✓ confirmé" and "40\u202f000 €" in rows[0]["value"]
        assert rows[0]["source"].startswith("conversation")
        assert [row["status"] for row in rows[1:]] == ["· non renseigné"] * 3
        assert "Encore à confirmer : décideur, besoin, échéance." in texts(card)
        steps = [m for m in messages(card) if m.get("name") == "Qualification BANT"]
        assert steps, "the tool's step is named for a rep"

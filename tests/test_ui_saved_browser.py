"""Saved conversations in a real browser, across a restart of the UI: Alice logs in, asks a
search, the UI server is stopped and started again, she logs in again, finds the conversation in
the sidebar, opens it and sees her request, Filon's answer and its table again, and a follow-up
("et à Nantes ?") refines the earlier search: the LangGraph thread goes on. Then Maya, a
manager, finds it in her sidebar under Alice's name, reads it, and is told in one line that she
cannot continue it; Bruno, another rep, neither lists it nor opens it."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from ui_server import UiServer, running_ui
from ui_team import PASSWORDS, add_team

from agent.chat.saved import list_saved, read_saved
from agent.users import add_user
from store.db import open_store

pytestmark = pytest.mark.ui

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1")
ALICE, BRUNO, MAYA = "alice.martin", "bruno.petit", "maya.roux"
MAYA_PASSWORD = "galettes-de-pont-aven"
REQUEST = "Trouve des ESN de 50 à 200 salariés à Lyon"

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        "no /usr/bin/chromium (install Debian's chromium; CI does it)", allow_module_level=True
    )

from playwright.sync_api import Browser, Locator, Page, Route, expect, sync_playwright  # noqa: E402

expect.set_options(timeout=30_000)


def _local_only(route: Route) -> None:
    if route.request.url.startswith(LOCAL):
        route.continue_()
    else:
        route.abort()


def _team(home: Path) -> None:
    """Alice and Bruno (reps), Maya (their manager)."""
    add_team(home)
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    try:
        add_user(
            engine,
            login=MAYA,
            by=ALICE,
            role="manager",
            display_name="Maya Roux",
            password=MAYA_PASSWORD,
        )
    finally:
        engine.dispose()


def _logged_in(browser: Browser, server: UiServer, login: str, password: str) -> Page:
    """A new browser (no cookie) where `login` logged in."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.route("**/*", _local_only)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(server.url, wait_until="domcontentloaded")
    expect(page.get_by_text("Connectez-vous à Filon")).to_be_visible()
    page.locator("#email").fill(login)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#chat-input")).to_be_editable()
    return page


def _ask(page: Page, message: str) -> None:
    box = page.locator("#chat-input")
    expect(box).to_be_editable()
    box.fill(message)
    submit = page.locator("#chat-submit")
    expect(submit).to_be_enabled()
    submit.click()


def _open_sidebar(page: Page) -> None:
    """Open the sidebar of past conversations (closed by default: its button in the header)."""
    for trigger in page.locator("#sidebar-trigger-button").all():
        box = trigger.bounding_box()
        if box is not None and box["x"] >= 0:
            trigger.click()
            return
    raise AssertionError("no button opens the sidebar")


def _in_sidebar(page: Page, name: str) -> Locator:
    """The sidebar's link to the conversation named `name`."""
    return page.get_by_role("link", name=name, exact=True)


def _cities(page: Page) -> set[str]:
    """The cities of the last results table's companies, in capitals, without arrondissement."""
    table = page.locator(".filon-table").filter(has_text="SIREN").last
    expect(table).to_be_visible()
    headers = [text.strip() for text in table.locator("th").all_inner_texts()]
    column = headers.index("Ville")
    rows = table.locator("tbody tr")
    assert rows.count() >= 1
    cells = [rows.nth(i).locator("td").nth(column).inner_text() for i in range(rows.count())]
    return {cell.upper().split()[0] for cell in cells}


def _wait_until_saved(home: Path) -> None:
    """Until Alice's conversation is in the store: her answer, finished, with its table."""
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            threads = list_saved(engine, user=ALICE).threads
            saved = threads and read_saved(engine, thread_id=threads[0].thread_id, user=ALICE)
            if (
                saved
                and saved.elements
                and any(s.type == "assistant_message" and s.output for s in saved.steps)
            ):
                return
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise AssertionError("the conversation was not saved within 20 s")


def test_a_conversation_reopens_after_a_restart_and_goes_on(tmp_path: Path) -> None:
    _team(tmp_path / "home")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            with running_ui(tmp_path) as server:
                page = _logged_in(browser, server, ALICE, PASSWORDS[ALICE])
                _ask(page, REQUEST)
                assert _cities(page) == {"LYON"}
                _wait_until_saved(tmp_path / "home")  # Chainlit saves in the background
                page.context.close()

            with running_ui(tmp_path) as server:  # the UI server again, in a new process
                page = _logged_in(browser, server, ALICE, PASSWORDS[ALICE])
                _open_sidebar(page)
                _in_sidebar(page, REQUEST).click()
                expect(page.locator(".step").get_by_text(REQUEST, exact=True)).to_be_visible()
                expect(page.get_by_text(re.compile(r"ESN|entreprises")).first).to_be_visible()
                assert _cities(page) == {"LYON"}, "the table shown again"
                page.screenshot(path=str(tmp_path / "reopened.png"), full_page=True)

                _ask(page, "et à Nantes ?")
                expect(page.locator(".filon-table").filter(has_text="NANTES").last).to_be_visible()
                assert _cities(page) == {"NANTES"}, "the same search, in Nantes"
                follow_up = page.locator("main").inner_text().rsplit("et à Nantes ?", 1)[1]
                assert "« 50 à 200 salariés »" in follow_up, "the headcount kept from the search"
                thread_url = page.url
                page.context.close()

                manager = _logged_in(browser, server, MAYA, MAYA_PASSWORD)
                _open_sidebar(manager)
                _in_sidebar(manager, f"Alice Martin · {REQUEST}").click()
                expect(
                    manager.get_by_text("Conversation de Alice Martin, en lecture")
                ).to_be_visible()
                expect(manager.locator(".step").get_by_text(REQUEST, exact=True)).to_be_visible()
                _ask(manager, "et à Bordeaux ?")
                expect(
                    manager.get_by_text("seul·e cette personne peut la poursuivre")
                ).to_be_visible()
                manager.context.close()

                other = _logged_in(browser, server, BRUNO, PASSWORDS[BRUNO])
                _open_sidebar(other)
                expect(other.get_by_text("Aucun fil de discussion trouvé")).to_be_visible()
                other.goto(thread_url, wait_until="domcontentloaded")  # Alice's, typed in
                expect(other.get_by_text("Couldn't resume chat")).to_be_visible()
                expect(other).to_have_url(server.url + "/")
                assert "entreprises correspondent" not in other.locator("body").inner_text()
                other.context.close()
        finally:
            browser.close()

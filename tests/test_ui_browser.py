"""The web UI in a real browser: `filon ui` on an empty store (it seeds the demo data), Chromium
driven by Playwright types the Quickstart request, waits for the table of companies, exports
it as CSV, creates a lead list with the button, and saves a screenshot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_server import UiServer, running_ui

pytestmark = pytest.mark.ui

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1")

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        "no /usr/bin/chromium (install Debian's chromium; CI does it)", allow_module_level=True
    )

from playwright.sync_api import Page, Route, expect, sync_playwright  # noqa: E402

expect.set_options(timeout=30_000)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[UiServer]:
    with running_ui(tmp_path) as running:
        yield running


def _local_only(route: Route) -> None:
    # Fonts and CDN stylesheets the page asks for: never leave the machine in tests.
    if route.request.url.startswith(LOCAL):
        route.continue_()
    else:
        route.abort()


def test_search_table_csv_export_and_list_in_chromium(server: UiServer, tmp_path: Path) -> None:
    assert "Données de démo créées" in server.output()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(
                locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True
            )
            context.route("**/*", _local_only)
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(server.url, wait_until="domcontentloaded")
            _ask(page, "Trouve des ESN de 50 à 200 salariés à Lyon")

            table = page.locator("table").filter(has_text="SIREN").first
            expect(table).to_be_visible()
            expect(table.locator("th").first).to_have_text("Entreprise")
            assert table.locator("tbody tr").count() >= 3
            first_link = table.locator("a").first
            assert "annuaire-entreprises.data.gouv.fr/entreprise/" in (
                first_link.get_attribute("href") or ""
            )
            page.screenshot(path=str(tmp_path / "search.png"))

            page.get_by_role("button", name="Exporter en CSV").first.click()
            csv_link = page.get_by_text("entreprises.csv").first
            expect(csv_link).to_be_visible()
            with page.expect_download() as download_info:
                csv_link.click()
            data = Path(download_info.value.path()).read_bytes()
            assert data.startswith(b"\xef\xbb\xbfSIREN;Nom;Ville;")

            page.get_by_role("button", name="Créer une liste").first.click()
            expect(page.get_by_text("Liste « Recherche du").first).to_be_visible()
            page.screenshot(path=str(tmp_path / "session.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "session.png").stat().st_size > 10_000


def _ask(page: Page, message: str) -> None:
    box = page.locator("#chat-input")
    expect(box).to_be_editable()
    box.fill(message)
    submit = page.locator("#chat-submit")
    expect(submit).to_be_enabled()  # once the socket is connected
    submit.click()

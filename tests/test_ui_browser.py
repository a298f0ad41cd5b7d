"""The web UI in a real browser: `filon ui` on an empty store (it seeds the demo data), Chromium
driven by Playwright types the Quickstart request, waits for the table of companies, exports
it as CSV, creates a lead list with the button, and saves a screenshot. A company whose name
holds a Markdown image and HTML is searched too: the page loads nothing from outside. A store
with users asks who is there: a rep logs in, sees their own lists and logs out; a wrong
password and a disabled user are refused alike; a store without users asks nobody."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_company import EVIL_HOST, SEARCH_WORD, WEBSITE, add_hostile_company
from ui_server import UiServer, running_ui
from ui_team import DISABLED, PASSWORDS, add_team

pytestmark = pytest.mark.ui

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1")

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        "no /usr/bin/chromium (install Debian's chromium; CI does it)", allow_module_level=True
    )

from playwright.sync_api import Page, Request, Route, expect, sync_playwright  # noqa: E402

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
            csv_link = page.locator("a", has_text=re.compile(r"recherche-.*\.csv")).first
            expect(csv_link).to_be_visible()
            with page.expect_download() as download_info:
                csv_link.click()
            data = Path(download_info.value.path()).read_bytes()
            assert data.startswith("\ufeffSIREN;Entreprise;Sigle;Commune;".encode())

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


def test_a_hostile_company_name_loads_nothing_from_outside(tmp_path: Path) -> None:
    add_hostile_company(tmp_path / "home")  # before the start: the demo data come on top
    requested: list[str] = []
    with running_ui(tmp_path) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
            context.route("**/*", _local_only)
            page = context.new_page()
            page.on("request", lambda request: requested.append(_url(request)))
            page.set_default_timeout(30_000)
            page.goto(server.url, wait_until="domcontentloaded")

            _ask(page, f"Trouve {SEARCH_WORD}")
            expect(page.get_by_role("button", name="Exporter en CSV").first).to_be_visible()
            _ask(page, "la fiche de la première")
            expect(page.get_by_text("Aucun contact connu").first).to_be_visible()
            expect(page.get_by_text(SEARCH_WORD).first).to_be_visible()
            page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)

            sources = page.eval_on_selector_all("img", "images => images.map(i => i.src)")
            hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
            shown = page.locator("body").inner_text()
        finally:
            browser.close()
    assert not [src for src in sources if not src.startswith(LOCAL)], sources
    assert not [url for url in requested if EVIL_HOST in url], requested
    assert not [href for href in hrefs if EVIL_HOST in href], hrefs
    assert any(href.rstrip("/") == WEBSITE for href in hrefs), "the company's own site is linked"
    assert '<img src="https:' in shown, "the HTML shows as the text it is"


def _url(request: Request) -> str:
    return request.url


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    with running_ui(tmp_path_factory.mktemp("ui-browser")) as running:
        yield running


def test_filons_page_loads_nothing_from_outside_and_its_buttons_ask_filon(
    shared_server: UiServer, tmp_path: Path
) -> None:
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
            context.on("request", lambda request: requested.append(_url(request)))
            context.route("**/*", _local_only)  # recorded above, never sent outside
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(shared_server.url, wait_until="domcontentloaded")

            # No user in the store: nobody is asked to log in.
            expect(page.locator("#chat-input")).to_be_editable()
            assert "/login" not in page.url
            expect(page.locator("#user-nav-button")).to_have_count(0)

            # Filon's logo, favicon and font; its readme in French.
            logo = page.locator("img.logo").first
            expect(logo).to_be_visible()
            assert page.evaluate("document.querySelector('img.logo').naturalWidth") > 0
            assert page.locator('link[rel="icon"]').get_attribute("href") == "/favicon"
            page.get_by_text("Lisez-moi").click()
            expect(page.get_by_text("Filon, votre copilote de prospection")).to_be_visible()
            expect(page.get_by_text("Mode hors ligne").first).to_be_visible()
            assert "Chainlit" not in page.locator("body").inner_text()
            page.keyboard.press("Escape")
            assert page.evaluate("document.fonts.check('16px Inter')")

            # A search: the count, what next, one table; the step named for a rep.
            _ask(page, "Trouve des ESN à Lyon")
            table = page.locator(".filon-table").first
            expect(table.locator(".filon-table-caption")).to_have_text(
                re.compile(r"Entreprises 1–10 sur \d+")
            )
            first_row = table.locator("tbody tr").first
            siren = first_row.locator("td").nth(5).inner_text()
            name = first_row.locator("td").first.inner_text()
            expect(page.get_by_text("Recherche d'entreprises").first).to_be_visible()
            shown = page.locator("body").inner_text()
            assert shown.count(siren) == 1, "each company once: in the table, not in bullets"
            assert "search_companies" not in shown and "Utilisé" not in shown
            page.screenshot(path=str(tmp_path / "search.png"))

            # A row's button asks for its record through the chat.
            page.get_by_role("button", name=f"Fiche de {name}").click()
            expect(page.get_by_text(f"Montre la fiche de l'entreprise {siren}")).to_be_visible()
            expect(page.get_by_text("Fiche entreprise").first).to_be_visible()

            # Paging under the table.
            page.get_by_role("button", name="Page suivante").first.click()
            expect(page.get_by_text("Montre la page 2")).to_be_visible()
            expect(page.get_by_text(re.compile(r"Entreprises 11–\d+ sur \d+"))).to_be_visible()
            page.screenshot(path=str(tmp_path / "pages.png"), full_page=True)
        finally:
            browser.close()
    port = shared_server.port
    own = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/")
    assert any("/public/fonts/" in url for url in requested), requested
    assert any("/logo?theme=" in url for url in requested), [u for u in requested if "logo" in u]
    assert requested and not [url for url in requested if not url.startswith(own)], requested


def test_a_phone_reads_tables_as_cards_and_a_legible_chart(shared_server: UiServer) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(
                locale="fr-FR",
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                device_scale_factor=2,
            )
            context.route("**/*", _local_only)
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(shared_server.url, wait_until="domcontentloaded")

            _ask(page, "Trouve des ESN à Lyon")
            table = page.locator(".filon-table table").first
            expect(table).to_be_visible()
            expect(table.locator("thead")).to_be_hidden()  # one card per row instead
            card = table.locator("tbody tr").first
            expect(card.get_by_text("Ville\u00a0:")).to_be_visible()
            record = card.get_by_role("button", name=re.compile("^Fiche de "))
            expect(record).to_be_visible()
            box = record.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 390, "buttons on the screen"
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no page overflow"

            _ask(page, "Résumé du pipeline de la semaine")
            chart = page.locator('img[alt="pipeline.svg"]').first
            expect(chart).to_be_visible()
            width = page.evaluate(
                "() => document.querySelectorAll('img[alt=\"pipeline.svg\"]')[0]"
                ".getBoundingClientRect().width"
            )
            svg = page.evaluate(
                "src => fetch(src).then(response => response.text())", chart.get_attribute("src")
            )
            view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])  # type: ignore[index]
            smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)"', svg))
            assert smallest * width / view_width >= 11, (smallest, width, view_width)
            assert "Cette période" in svg and "Période précédente" in svg
            expect(page.get_by_text("Alice Martin").first).to_be_visible()

            # Between a phone and a wide screen, a table too wide scrolls, and says so.
            page.set_viewport_size({"width": 700, "height": 900})
            expect(page.get_by_text("Faites défiler le tableau").first).to_be_visible()
        finally:
            browser.close()


@pytest.fixture(scope="module")
def team_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    folder = tmp_path_factory.mktemp("ui-browser-login")
    add_team(folder / "home")  # Alice and Bruno own demo lists; Chloé is disabled
    with running_ui(folder) as running:
        yield running


def _log_in(page: Page, url: str, login: str, password: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    expect(page.get_by_text("Connectez-vous à Filon")).to_be_visible()
    page.locator("#email").fill(login)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_a_rep_logs_in_sees_their_own_lists_and_logs_out(
    team_server: UiServer, tmp_path: Path
) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
            context.route("**/*", _local_only)
            page = context.new_page()
            page.set_default_timeout(30_000)
            _log_in(page, team_server.url, "alice.martin", PASSWORDS["alice.martin"])

            _ask(page, "liste des listes")
            table = page.locator(".filon-table").first
            expect(table).to_contain_text("ESN Lyon")
            shown = page.locator("body").inner_text()
            assert "Cabinets comptables Gironde" not in shown, "Bruno's list is not shared"
            assert "BTP Bretagne" not in shown and "SaaS Île-de-France" not in shown
            page.screenshot(path=str(tmp_path / "logged-in.png"), full_page=True)

            # Chainlit's user menu: who is logged in, and the way out.
            page.locator("#user-nav-button").click()
            expect(page.get_by_role("menu").get_by_text("Alice Martin", exact=True)).to_be_visible()
            page.get_by_text("Se déconnecter").click()
            expect(page.locator("#email")).to_be_visible()
            page.goto(team_server.url, wait_until="domcontentloaded")
            expect(page.get_by_text("Connectez-vous à Filon")).to_be_visible()
        finally:
            browser.close()
    assert "alice.martin s'est connecté (password)" in team_server.output()


@pytest.mark.parametrize(
    ("login", "password"),
    [("alice.martin", PASSWORDS["bruno.petit"]), DISABLED],
    ids=["wrong-password", "disabled-user"],
)
def test_a_wrong_password_or_a_disabled_user_is_refused_alike(
    team_server: UiServer, login: str, password: str
) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
            context.route("**/*", _local_only)
            page = context.new_page()
            page.set_default_timeout(30_000)
            _log_in(page, team_server.url, login, password)
            refusal = "Identifiant ou mot de passe incorrect, ou compte désactivé."
            expect(page.get_by_text(refusal)).to_be_visible()
            expect(page.locator("#chat-input")).to_have_count(0)
            assert not [c for c in context.cookies() if c["name"].startswith("access_token")]
        finally:
            browser.close()
    refused = [line for line in team_server.output().splitlines() if "Connexion refusée" in line]
    assert any(f"\u202f{login}\u202f» (password)" in line for line in refused)
    assert password not in team_server.output()

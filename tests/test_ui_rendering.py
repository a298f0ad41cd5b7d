"""The web UI's rendering helpers: result tables (plain cells, checked links, row buttons,
pages), what each artifact shows, CSV exports, the chart (legend, legible on a phone), display
names, tool names, texts."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from agent.artifacts import (
    CompaniesArtifact,
    CompanyArtifact,
    ConversionItem,
    ExportArtifact,
    LeadItem,
    LeadListsArtifact,
    LeadsArtifact,
    ListChangeArtifact,
    ListInfo,
    ListSummary,
    OwnerItem,
    PeriodInfo,
    PipelineArtifact,
    StageChangeArtifact,
    TrendItem,
)
from agent.exports.csv_format import rows_to_csv
from agent.i18n import catalogue_keys
from agent.settings import Settings
from agent.tools import TOOLS
from store.db import StoreUnavailable
from store.models import CompanyPublic
from ui.buttons import ADD_COMPANY, CREATE_LIST, EXPORT_CSV, PAGE, SHOW_COMPANY, SHOW_LIST
from ui.chart import MIN_FONT, WIDTH, pipeline_chart_data, pipeline_svg
from ui.conversation import Conversation
from ui.data_table import cell, safe_link
from ui.failures import failure_text, is_store_failure
from ui.local_page import local_only
from ui.people import display_name
from ui.render import FileSpec, artifact_csv, artifact_sirens, render_artifact
from ui.runtime import reset_runtime
from ui.tables import companies_table
from ui.texts import text as ui_text
from ui.texts import ui_language
from ui.tool_labels import tool_label

NASTY = "<script>alert(1)</script> | **Gras** [lien](javascript:x) `code` _x_"


def company(
    siren: str = "583692991", name: str = "Bénard Infogérance", **extra: Any
) -> CompanyPublic:
    record = {
        "siren": siren,
        "name": name,
        "city": "LYON 9EME",
        "postcode": "69009",
        "naf_code": "62.02A",
        "naf_label": "Conseil en systèmes et logiciels informatiques",
        "headcount_label": "200 à 249 salariés",
        "category": "PME",
        "url": f"https://annuaire-entreprises.data.gouv.fr/entreprise/{siren}",
    }
    return CompanyPublic.model_validate(record | extra)


def companies_artifact(
    *companies: CompanyPublic, offset: int = 0, total: int = 48
) -> CompaniesArtifact:
    query = {"offset": offset, "limit": 2} if offset else {"limit": 2}
    return CompaniesArtifact(total=total, query=query, companies=list(companies), source="local")


def test_cells_are_one_line_of_plain_text() -> None:
    assert cell(NASTY) == NASTY, "plain text: the table element never parses it"
    assert cell("a\nb\tc") == "a b c"
    assert cell("x" * 200).endswith("…") and len(cell("x" * 200)) == 80
    assert cell(None) == ""


def test_rows_link_to_the_public_record_only() -> None:
    record = "https://annuaire-entreprises.data.gouv.fr/entreprise/123456789"
    assert safe_link(record) == record
    for url in ("javascript:alert(1)", "https://evil.example/x", "https://x.fr/a) [b](c", None):
        assert safe_link(url) is None
    table = companies_table([company(url="https://evil.example/p")], "fr", "caption")
    assert table.props("fr")["rows"][0]["link"] is None


def test_companies_table_has_one_row_per_company_six_columns_and_row_buttons() -> None:
    table = companies_table([company(), company("374879245", NASTY)], "fr", "Entreprises")
    props = table.props("fr")
    assert [c["label"] for c in props["columns"]] == [
        "Entreprise", "Ville", "Secteur", "Effectif", "Catégorie", "SIREN",
    ]  # fmt: skip
    assert props["linkColumn"] == "name"
    first, nasty = props["rows"]
    assert first["cells"] == {
        "name": "Bénard Infogérance",
        "city": "LYON 9EME",
        "sector": "Conseil en systèmes et logiciels informatiques",
        "headcount": "200 à 249 salariés",
        "category": "PME",
        "siren": "583692991",
    }
    assert first["actions"] == [
        {"name": SHOW_COMPANY, "label": "Fiche", "payload": {"siren": "583692991"},
         "tooltip": "Fiche de Bénard Infogérance"},
        {"name": ADD_COMPANY, "label": "Ajouter à une liste", "payload": {"siren": "583692991"},
         "tooltip": "Ajouter Bénard Infogérance à une liste"},
    ]  # fmt: skip
    assert nasty["cells"]["name"] == NASTY
    assert {"583692991", "374879245", "Bénard Infogérance"} <= table.keys
    english = companies_table([company()], "en", "Companies").props("en")
    assert [c["label"] for c in english["columns"]][:3] == ["Company", "City", "Sector"]
    assert [a["label"] for a in english["rows"][0]["actions"]] == ["Record", "Add to a list"]


def test_render_companies_gives_a_captioned_table_pages_and_buttons() -> None:
    rendered = render_artifact(
        companies_artifact(company(), company("374879245")), "fr", result_id="r1"
    )
    assert rendered is not None and rendered.markdown == ""
    assert rendered.tables[0].caption == "Entreprises 1–2 sur 48"
    assert [(a.name, a.label, a.payload) for a in rendered.actions] == [
        (PAGE, "Page suivante", {"result": "r1", "page": 2}),
        (CREATE_LIST, "Créer une liste", {"result": "r1"}),
        (EXPORT_CSV, "Exporter en CSV", {"result": "r1"}),
    ]
    middle = render_artifact(
        companies_artifact(company(), company("374879245"), offset=10), "fr", result_id="r2"
    )
    assert middle is not None and middle.tables[0].caption == "Entreprises 11–12 sur 48"
    pages = [
        (a.label, a.payload.get("page"), a.latest_only) for a in middle.actions if a.name == PAGE
    ]
    assert pages == [("Page précédente", 5, True), ("Page suivante", 7, True)]
    last = render_artifact(companies_artifact(company(), offset=46, total=47), "en", result_id="r3")
    assert last is not None and last.tables[0].caption == "Companies 47–47 of 47"
    assert [a.label for a in last.actions if a.name == PAGE] == ["Previous page"]
    more = companies_artifact(company()).model_copy(update={"total_bound": "at_least"})
    rendered_more = render_artifact(more, "fr", result_id="r4")
    assert rendered_more is not None
    assert rendered_more.tables[0].caption == "Entreprises 1–1 sur plus de 48"
    assert render_artifact(companies_artifact(), "fr", result_id="r5") is None


def test_export_asks_for_every_match_once_an_export_tool_exists() -> None:
    artifact = companies_artifact(company())
    shown_only = render_artifact(artifact, "fr", result_id="r1")
    every = render_artifact(artifact, "fr", result_id="r1", exports_all=True)
    assert shown_only is not None and every is not None
    (direct,) = [a for a in shown_only.actions if a.name == EXPORT_CSV]
    (asked,) = [a for a in every.actions if a.name == EXPORT_CSV]
    assert direct.payload == {"result": "r1"} and not direct.latest_only
    assert asked.payload == {"result": "r1", "all": True} and asked.latest_only
    assert asked.tooltip.startswith("Exporte toutes les entreprises trouvées")


def test_a_company_record_is_the_answer_with_buttons() -> None:
    rendered = render_artifact(CompanyArtifact(company=company()), "fr", result_id="c1")
    assert rendered is not None and not rendered.tables and not rendered.markdown
    assert [(a.name, a.label) for a in rendered.actions] == [
        (ADD_COMPANY, "Ajouter à une liste"),
        (EXPORT_CSV, "Exporter en CSV"),
    ]
    assert not rendered.latest_result, "a record leaves the search's page buttons alone"
    lead = LeadItem(id=1, list_name="ESN Lyon", siren="583692991", name="Bénard", stage="sql",
                    owner="alice.martin", score=80, created_at=datetime(2026, 11, 2, tzinfo=UTC))  # fmt: skip
    listed = render_artifact(CompanyArtifact(company=company(), leads=[lead]), "fr", result_id="c2")
    assert listed is not None
    (table,) = listed.tables
    assert table.caption == "Dans 1 liste" and table.keys == {"ESN Lyon"}
    (row,) = table.props("fr")["rows"]
    assert row["cells"] == {"list": "ESN Lyon", "stage": "SQL", "owner": "Alice Martin",
                            "score": "80"}  # fmt: skip
    assert row["actions"][0]["payload"] == {"list": "ESN Lyon"}
    lost = lead.model_copy(update={"stage": "lost", "stage_reason": "**trop cher**"})
    shown = render_artifact(CompanyArtifact(company=company(), leads=[lost]), "fr", result_id="c3")
    assert shown is not None
    (row,) = shown.tables[0].props("fr")["rows"]
    assert row["cells"]["stage"] == "Perdu (**trop cher**)"  # a cell is text, never Markdown


def test_csv_export_is_excel_ready_and_formula_safe() -> None:
    data = rows_to_csv([company(name='=HYPERLINK("x")'), company("374879245", "Dupont; Fils")])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["SIREN", "Nom", "Ville"]
    assert rows[1][1] == '\'=HYPERLINK("x")'
    assert rows[2][1] == "Dupont; Fils"
    assert b"\r\n" in data


def test_artifact_csv_and_sirens_for_companies_and_leads() -> None:
    artifact = companies_artifact(company(), company("374879245"), company())
    assert artifact_sirens(artifact) == ["583692991", "374879245"]
    name, data = artifact_csv(artifact)
    assert name == "entreprises.csv" and data.decode("utf-8-sig").count("\r\n") == 4
    created = datetime(2026, 11, 2, tzinfo=UTC)
    leads = LeadsArtifact(
        total=1,
        leads=[
            LeadItem(id=1, list_name="L", siren="583692991", name="B", stage="sql",
                     created_at=created)
        ],
    )  # fmt: skip
    name, data = artifact_csv(leads)
    assert name == "leads.csv" and "Étape" in data.decode("utf-8-sig")
    rendered = render_artifact(leads, "fr", result_id="x")
    assert rendered is not None
    (row,) = rendered.tables[0].props("fr")["rows"]
    assert row["cells"]["stage"] == "SQL"
    assert rendered.tables[0].caption == "1 lead sur 1"
    assert "intent" not in row["cells"]  # the score order: no intent column

    by_intent = leads.model_copy(update={"sort": "intent"})
    by_intent.leads[0].intent = 28
    rendered = render_artifact(by_intent, "fr", result_id="y")
    assert rendered is not None
    (row,) = rendered.tables[0].props("fr")["rows"]
    assert row["cells"]["intent"] == "28"


PIPELINE = PipelineArtifact(
    period=PeriodInfo(label="week", start=date(2026, 11, 16), end=date(2026, 11, 22)),
    previous=PeriodInfo(label="week", start=date(2026, 11, 9), end=date(2026, 11, 15)),
    total=394,
    stages={"won": 32, "new": 137, "mql": 90, "sql": 62, "lost": 29, "disqualified": 44},
    conversion={
        "new_to_mql": ConversionItem(reached=394, converted=233),
        "mql_to_sql": ConversionItem(reached=233, converted=123),
        "sql_to_won": ConversionItem(reached=0, converted=0),
    },
    new_leads=TrendItem(current=14, previous=24),
    new_sqls=TrendItem(current=4, previous=4),
    won=TrendItem(current=3, previous=6),
)


def test_chart_data_in_pipeline_order_with_trend() -> None:
    data = pipeline_chart_data(PIPELINE, "fr")
    assert [(s, c) for s, _, c in data.stages] == [
        ("new", 137), ("mql", 90), ("sql", 62), ("won", 32), ("lost", 29), ("disqualified", 44),
    ]  # fmt: skip
    assert data.stages[0][1] == "Nouveau"
    assert data.trend == [("Nouveaux leads", 14, 24), ("Nouveaux SQL", 4, 4), ("Gagnés", 3, 6)]


def test_pipeline_render_has_a_chart_with_a_legend_and_owners_by_name() -> None:
    owners = [
        OwnerItem(
            owner="alice.martin", stages={"new": 3, "sql": 2}, new_leads=2, new_sqls=1, won=0
        ),
        OwnerItem(owner=None, stages={"new": 1}, new_leads=1, new_sqls=0, won=0),
    ]
    rendered = render_artifact(PIPELINE.model_copy(update={"owners": owners}), "fr", result_id="p")
    assert rendered is not None
    chart = rendered.charts[0]
    assert chart.name == "pipeline.svg"
    assert rendered.markdown == "", "the answer says the numbers"
    assert "Cette période" in chart.svg and "16/11/2026" in chart.svg
    assert "Période précédente" in chart.svg and "09/11/2026" in chart.svg
    (table,) = rendered.tables
    rows = [row["cells"] for row in table.props("fr")["rows"]]
    assert rows[0] == {"owner": "Alice Martin", "leads": "5", "new_leads": "2", "new_sqls": "1",
                       "won": "0"}  # fmt: skip
    assert rows[1]["owner"] == "(sans responsable)"
    assert "alice.martin" in table.keys, "the answer's line about alice.martin repeats the table"
    owned = PIPELINE.model_copy(update={"owner": "<b>"})
    svg = pipeline_svg(pipeline_chart_data(owned, "en"), "en")
    assert svg.startswith("<svg") and "Pipeline by stage" in svg and "<script" not in svg
    assert "This period" in svg and "Previous period" in svg


def test_chart_labels_stay_legible_at_a_phone_width() -> None:
    svg = pipeline_svg(pipeline_chart_data(PIPELINE, "fr"), "fr")
    assert re.search(rf'viewBox="0 0 {WIDTH} \d+"', svg)
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    assert sizes and min(sizes) == MIN_FONT
    # A phone (390 px) shows the chart at least 300 px wide (tests/test_ui_browser.py checks it
    # in Chromium): the smallest label is then 11 px or more.
    assert MIN_FONT * 300 / WIDTH >= 11
    for label in re.findall(r">([^<]+)</text>", svg):  # nothing written past the right edge
        assert len(label) * MIN_FONT * 0.6 < WIDTH, label


def test_lead_lists_show_as_a_table_and_changes_as_one_line() -> None:
    created = datetime(2026, 11, 2, tzinfo=UTC)
    info = ListInfo(id=3, name="ESN Lyon", owner="alice.martin", created_at=created)
    lists = LeadListsArtifact(
        lists=[
            ListSummary(list=info, leads=12, stages={"new": 7, "sql": 5}, last_activity_at=created)
        ]
    )
    rendered = render_artifact(lists, "fr", result_id="l")
    assert rendered is not None
    (table,) = rendered.tables
    assert table.caption == "1 liste de leads"
    (row,) = table.props("fr")["rows"]
    assert row["cells"] == {
        "name": "ESN Lyon", "owner": "Alice Martin", "leads": "12", "new": "7", "mql": "0",
        "sql": "5", "won": "0", "activity": "02/11/2026",
    }  # fmt: skip
    assert row["actions"][0]["name"] == SHOW_LIST and row["actions"][0]["payload"] == {
        "list": "ESN Lyon"
    }
    renamed = ListChangeArtifact(action="renamed", list=info, previous_name="ESN *Lyon*")
    deleted = ListChangeArtifact(action="deleted", list=info, leads=12)
    assigned = ListChangeArtifact(action="assigned", list=info, leads=1)
    assert [
        rendered.markdown
        for rendered in (
            render_artifact(a, "fr", result_id="x") for a in (renamed, deleted, assigned)
        )
        if rendered is not None
    ] == [
        "Liste «\u202fESN \\*Lyon\\*\u202f» renommée en «\u202fESN Lyon\u202f».",
        "Liste «\u202fESN Lyon\u202f» supprimée, avec ses 12 leads.",
        "Liste «\u202fESN Lyon\u202f» confiée à Alice Martin (1 lead).",
    ]
    lead = LeadItem(id=1, list_name="ESN Lyon", siren="583692991", name="Bénard", stage="won",
                    created_at=created)  # fmt: skip
    stage = StageChangeArtifact(lead=lead, from_stage="sql", to_stage="won",
                                changed_by="bruno.petit", changed_at=created)  # fmt: skip
    moved = render_artifact(stage, "en", result_id="s")
    assert moved is not None and moved.markdown == "Bénard: SQL → Won (by Bruno Petit)."


def test_an_export_file_is_offered_with_its_row_count() -> None:
    export = ExportArtifact(what="companies", path="/home/x/.filon/exports/e.csv",
                            file_name="entreprises.csv", rows=480, truncated=True, limit=10_000)  # fmt: skip
    rendered = render_artifact(export, "fr", result_id="e")
    assert rendered is not None and rendered.file is not None
    assert (rendered.file.path, rendered.file.name) == (export.path, "entreprises.csv")
    assert rendered.markdown.startswith("Export CSV (480 lignes, séparateur « ; », UTF-8)")
    assert rendered.markdown.endswith("Export limité aux 10\u202f000 premières lignes.")


def test_only_a_file_in_the_filon_folder_is_offered(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True)
    written = home / "exports" / "e.csv"
    written.write_text("SIREN\r\n")
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    assert FileSpec(str(written), "e.csv").inside(home) == written.resolve()
    assert FileSpec(str(outside), "e.csv").inside(home) is None
    assert (
        FileSpec(str(home / "exports" / ".." / ".." / "secret.txt"), "e.csv").inside(home) is None
    )
    assert FileSpec(str(home / "exports" / "missing.csv"), "e.csv").inside(home) is None


def test_owners_are_shown_by_name() -> None:
    assert display_name("alice.martin") == "Alice Martin"
    assert display_name("jean_pierre-dupont") == "Jean Pierre-Dupont"
    assert display_name("rep") == "Rep"
    assert display_name(None) == display_name("  ") == ""


def test_every_tool_has_a_name_for_a_rep_in_both_languages() -> None:
    new_tools = ["lead_lists", "rename_lead_list", "delete_lead_list", "assign_lead_list",
                 "set_lead_stage", "export_csv"]  # fmt: skip
    for name in [tool.name for tool in TOOLS] + new_tools:
        for language in ("fr", "en"):
            label = tool_label(name, language)  # type: ignore[arg-type]
            assert "_" not in label and not label.startswith(("Outil", "Tool")), (name, label)
    assert tool_label("search_companies", "fr") == "Recherche d'entreprises"
    assert tool_label("get_company", "fr") == "Fiche entreprise"
    assert tool_label("mystery", "en") == "Tool mystery"


def test_ui_messages_live_in_one_of_the_two_files_only() -> None:
    keys = catalogue_keys()
    ui = {key.removeprefix("ui.") for key in keys if key.startswith("ui.")}
    polish = {key.removeprefix("ui_polish.") for key in keys if key.startswith("ui_polish.")}
    assert not ui & polish
    assert ui_text("offline", "fr").startswith("Mode hors ligne : Filon répond sans modèle")
    assert "OPENAI" not in ui_text("offline", "fr") + ui_text("offline", "en")


def test_the_page_keeps_no_link_to_another_site() -> None:
    page = """<head>
    <link rel="icon" href="/favicon" />
    <link rel="preconnect" href="https://fonts.googleapis.com" />
    <link rel="preconnect" href="https://fonts.gstatic.com" crossorigin />
    <link
      rel="stylesheet"
      href="https://cdn.jsdelivr.net/npm/katex@0.16.22/dist/katex.min.css"
    />
    <link rel="stylesheet" href='//cdn.example/x.css'>
    <link rel="stylesheet" type="text/css" href="/public/filon.css" >
    </head>"""
    kept = local_only(page)
    assert "https:" not in kept and "//cdn" not in kept
    assert 'href="/favicon"' in kept and 'href="/public/filon.css"' in kept


def test_browser_languages() -> None:
    assert ui_language("en-GB") == "en"
    assert ui_language("fr-FR") == ui_language("de-DE") == ui_language(None) == "fr"


def test_store_failures_get_a_clear_sentence(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    with pytest.raises(OperationalError) as locked, engine.connect() as connection:
        connection.execute(text("SELECT * FROM t"))
    holder.close()
    engine.dispose()
    assert is_store_failure(locked.value)
    assert failure_text(locked.value, "fr").startswith("La base de données est occupée")
    missing = StoreUnavailable("cannot open the store: unable to open database file")
    assert "indisponible (cannot open the store" in failure_text(missing, "fr")
    assert failure_text(missing, "en").startswith("The database is unavailable")
    assert not is_store_failure(ValueError("a bug"))


async def test_an_empty_store_is_told_once_per_conversation(settings: Settings) -> None:
    conversation = Conversation(settings, "fr", "t1", "rep")
    try:
        assert await conversation.store_is_empty() is True
        assert await conversation.store_is_empty() is False, "once"
        api = Conversation(settings, "fr", "t2", "rep")
        api.source = "api"
        assert await api.store_is_empty() is False, "searches do not read the store"
    finally:
        await reset_runtime()
    assert "filon demo" in ui_text("empty_store", "fr") and "administrateur" in ui_text(
        "empty_store", "fr"
    )


def test_decision_makers_show_one_row_per_person_with_the_emails_provenance() -> None:
    from agent.artifacts import CompanyContacts, ContactItem, ContactsArtifact
    from ui.answer_rows import without_repeated_rows

    person = ContactItem(
        id=1, name="Sandrine <b>Rémy</b>", title="DSI", email="s.remy@acme.fr",
        email_status="verified", email_source="demo", email_found_on=date(2026, 3, 2),
        phone="+33600000000", linkedin_url="https://evil.example/x",
    )  # fmt: skip
    no_email = ContactItem(id=2, name="Paul Roy", title="Président")
    artifact = ContactsArtifact(
        roles=["decision_makers"],
        companies=[CompanyContacts(siren="583692991", name="Bénard", contacts=[no_email, person])],
        asked=1,
    )
    rendered = render_artifact(artifact, "fr", result_id="p")
    assert rendered is not None
    (table,) = rendered.tables
    assert table.caption == "2 personnes, 1 entreprises"
    first, second = table.props("fr")["rows"]
    assert first["cells"]["email"] == "" and first["cells"]["status"] == ""
    assert second["cells"] == {
        "company": "Bénard", "person": "Sandrine <b>Rémy</b>", "title": "DSI",
        "email": "s.remy@acme.fr", "status": "vérifié",
        "source": "données de démonstration, 02/03/2026", "phone": "+33600000000",
    }  # fmt: skip
    assert second["link"] == "https://annuaire-entreprises.data.gouv.fr/entreprise/583692991"
    answer = "Chez Bénard, 2 personnes (décideurs) :\n- Paul Roy — Président\n- Autre ligne"
    assert "Paul Roy" not in without_repeated_rows(answer, rendered.row_keys)
    empty = ContactsArtifact(companies=[CompanyContacts(siren="583692991", name="B")])
    assert render_artifact(empty, "en", result_id="e") is None

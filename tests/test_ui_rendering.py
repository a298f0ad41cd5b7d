"""The web UI's rendering helpers: escaped Markdown tables, CSV exports, chart data, texts."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from agent.artifacts import (
    CompaniesArtifact,
    ConversionItem,
    LeadItem,
    LeadsArtifact,
    PeriodInfo,
    PipelineArtifact,
    TrendItem,
)
from agent.exports.csv_format import rows_to_csv
from store.db import StoreUnavailable
from store.models import CompanyPublic
from ui.chart import pipeline_chart_data, pipeline_svg
from ui.failures import failure_text, is_store_failure
from ui.render import (
    CREATE_LIST,
    EXPORT_CSV,
    SHOW_COMPANY,
    artifact_csv,
    artifact_sirens,
    render_artifact,
)
from ui.tables import companies_table, escape_cell, link
from ui.texts import ui_language

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


def companies_artifact(*companies: CompanyPublic) -> CompaniesArtifact:
    return CompaniesArtifact(total=48, query={}, companies=list(companies), source="local")


def test_escaped_cells_hold_no_markup_and_no_column_break() -> None:
    cell = escape_cell(NASTY)
    assert "|" not in cell.replace("\\|", "")
    for raw in ("<script>", "**", "[lien]", "`code`", "_x_"):
        assert raw not in cell
    assert escape_cell("a\nb\tc") == "a b c"
    assert escape_cell("x" * 200).endswith("…") and len(escape_cell("x" * 200)) == 80
    assert escape_cell(None) == ""


def test_company_names_link_to_their_public_record_only() -> None:
    assert link("ACME", "https://annuaire-entreprises.data.gouv.fr/entreprise/123456789") == (
        "[ACME](https://annuaire-entreprises.data.gouv.fr/entreprise/123456789)"
    )
    assert link("ACME", "javascript:alert(1)") == "ACME"
    assert link("ACME", "https://x.fr/a) [b](c") == "ACME"


def test_companies_table_has_one_row_per_company_and_six_columns() -> None:
    table = companies_table([company(), company("374879245", NASTY)], "fr")
    lines = table.splitlines()
    assert lines[0] == "| Entreprise | Ville | Secteur | Effectif | Catégorie | SIREN |"
    assert len(lines) == 4
    for line in lines:
        assert line.replace("\\|", "").count("|") == 7
    assert "<script>" not in table and "\\<script\\>" in table
    assert companies_table([company()], "en").startswith("| Company | City | Sector |")


def test_render_companies_gives_table_and_buttons() -> None:
    rendered = render_artifact(
        companies_artifact(company(), company("374879245")), "fr", result_id="r1"
    )
    assert rendered is not None
    assert "2 entreprises affichées sur 48." in rendered.markdown
    assert [(a.name, a.label, a.payload) for a in rendered.actions] == [
        (CREATE_LIST, "Créer une liste", {"result": "r1"}),
        (EXPORT_CSV, "Exporter en CSV", {"result": "r1"}),
    ]
    single = render_artifact(companies_artifact(company()), "en", result_id="r2")
    assert single is not None
    assert (SHOW_COMPANY, "Show the record", {"siren": "583692991"}) in [
        (a.name, a.label, a.payload) for a in single.actions
    ]
    assert render_artifact(companies_artifact(), "fr", result_id="r3") is None


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
    assert rendered is not None and "| SQL |" in rendered.markdown


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


def test_pipeline_render_has_numbers_and_an_svg_chart() -> None:
    rendered = render_artifact(PIPELINE, "fr", result_id="p")
    assert rendered is not None and rendered.svg is not None
    assert "394 leads" in rendered.markdown and "59,1\u202f%" in rendered.markdown
    assert "—" in rendered.markdown  # no rate when nothing to convert
    owned = PIPELINE.model_copy(update={"owner": "<b>"})
    svg = pipeline_svg(pipeline_chart_data(owned, "en"), "en")
    assert svg.startswith("<svg") and "Pipeline by stage" in svg and "<script" not in svg


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

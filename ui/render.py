"""What the UI shows for a tool's artifact: Markdown, an optional chart, action buttons and
what those buttons work on. Pure functions over the JSON artifacts of `agent.tools.artifacts`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.i18n import Language
from ui.chart import pipeline_chart_data, pipeline_svg
from ui.export import COMPANY_COLUMNS, LEAD_COLUMNS, rows_to_csv
from ui.tables import companies_table, escape_cell, leads_table, link, markdown_table
from ui.texts import text

CREATE_LIST = "create_list"
EXPORT_CSV = "export_csv"
SHOW_COMPANY = "show_company"


@dataclass(frozen=True)
class ActionSpec:
    """A button: the callback's name, its label and what it is called with."""

    name: str
    label: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Rendered:
    """One artifact as the UI shows it."""

    markdown: str
    actions: list[ActionSpec] = field(default_factory=list)
    svg: str | None = None


def render_artifact(
    artifact: Mapping[str, Any], language: Language, *, result_id: str
) -> Rendered | None:
    """The rendering of an artifact, or None when there is nothing to show beyond the answer."""
    match artifact.get("kind"):
        case "companies":
            return _companies(artifact, language, result_id)
        case "company":
            return _company(artifact, language, result_id)
        case "lead_list" | "leads":
            return _leads(artifact, language, result_id)
        case "pipeline":
            return _pipeline(artifact, language)
    return None


def _companies(artifact: Mapping[str, Any], language: Language, result_id: str) -> Rendered | None:
    companies: Sequence[Mapping[str, Any]] = artifact.get("companies") or []
    if not companies:
        return None
    lines = [
        companies_table(companies, language),
        text(
            "companies_total",
            language,
            shown=len(companies),
            total=artifact.get("total", len(companies)),
        ),
    ]
    actions = [
        ActionSpec(CREATE_LIST, text("action_create_list", language), {"result": result_id}),
        ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id}),
    ]
    if len(companies) == 1:
        siren = str(companies[0].get("siren") or "")
        actions.append(
            ActionSpec(SHOW_COMPANY, text("action_show_company", language), {"siren": siren})
        )
    return Rendered("\n\n".join(lines), actions)


def _company(artifact: Mapping[str, Any], language: Language, result_id: str) -> Rendered | None:
    company: Mapping[str, Any] = artifact.get("company") or {}
    if not company:
        return None
    fields = [
        (text("col_name", language), link(company.get("name"), company.get("url"))),
        ("SIREN", escape_cell(company.get("siren"))),
        (text("col_city", language), escape_cell(company.get("city"))),
        (text("col_sector", language), escape_cell(company.get("naf_label"))),
        (text("col_headcount", language), escape_cell(company.get("headcount_label"))),
        (text("col_category", language), escape_cell(company.get("category"))),
    ]
    table = markdown_table([text("col_field", language), text("col_value", language)], fields)
    actions = [
        ActionSpec(CREATE_LIST, text("action_create_list", language), {"result": result_id}),
        ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id}),
    ]
    return Rendered(table, actions)


def _leads(artifact: Mapping[str, Any], language: Language, result_id: str) -> Rendered | None:
    leads: Sequence[Mapping[str, Any]] = artifact.get("leads") or []
    if not leads:
        return None
    lines = [leads_table(leads, language)]
    if artifact.get("kind") == "leads":
        lines.append(
            text("leads_total", language, shown=len(leads), total=artifact.get("total", len(leads)))
        )
    actions = [ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id})]
    return Rendered("\n\n".join(lines), actions)


def _pipeline(artifact: Mapping[str, Any], language: Language) -> Rendered:
    conversion: Mapping[str, float | None] = artifact.get("conversion") or {}
    numbers = text(
        "pipeline_numbers",
        language,
        total=artifact.get("total", 0),
        **{
            key: _percent(conversion.get(key), language)
            for key in ("new_to_mql", "mql_to_sql", "sql_to_won")
        },
    )
    svg = pipeline_svg(pipeline_chart_data(artifact, language), language)
    return Rendered(escape_cell(numbers, limit=400), svg=svg)


def _percent(rate: float | None, language: Language) -> str:
    if rate is None:
        return "—"
    shown = f"{rate * 100:.1f}".rstrip("0").rstrip(".")
    return f"{shown.replace('.', ',')} %" if language == "fr" else f"{shown}%"


def artifact_sirens(artifact: Mapping[str, Any]) -> list[str]:
    """The SIRENs of the companies an artifact shows (for "Créer une liste")."""
    match artifact.get("kind"):
        case "companies":
            records = artifact.get("companies") or []
        case "company":
            records = [artifact.get("company") or {}]
        case "lead_list" | "leads":
            records = artifact.get("leads") or []
        case _:
            records = []
    sirens = [str(record.get("siren") or "") for record in records]
    return [siren for siren in dict.fromkeys(sirens) if siren.isdigit()]


def artifact_csv(artifact: Mapping[str, Any]) -> tuple[str, bytes]:
    """(file name, CSV bytes) of the rows an artifact shows."""
    match artifact.get("kind"):
        case "companies":
            return "entreprises.csv", rows_to_csv(artifact.get("companies") or [], COMPANY_COLUMNS)
        case "company":
            return "entreprise.csv", rows_to_csv([artifact.get("company") or {}], COMPANY_COLUMNS)
        case "lead_list" | "leads":
            return "leads.csv", rows_to_csv(artifact.get("leads") or [], LEAD_COLUMNS)
    return "export.csv", rows_to_csv([], COMPANY_COLUMNS)

"""What the UI shows for a tool's artifact: Markdown, an optional chart, action buttons and
what those buttons work on. Pure functions over the typed artifacts of `agent.artifacts`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.artifacts import (
    Artifact,
    CompaniesArtifact,
    CompanyArtifact,
    LeadListArtifact,
    LeadsArtifact,
    PipelineArtifact,
)
from agent.exports.csv_format import COMPANY_COLUMNS, LEAD_COLUMNS, rows_to_csv
from agent.i18n import Language, format_percent
from ui.chart import pipeline_chart_data, pipeline_svg
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


def render_artifact(artifact: Artifact, language: Language, *, result_id: str) -> Rendered | None:
    """The rendering of an artifact, or None when there is nothing to show beyond the answer."""
    match artifact:
        case CompaniesArtifact():
            return _companies(artifact, language, result_id)
        case CompanyArtifact():
            return _company(artifact, language, result_id)
        case LeadListArtifact() | LeadsArtifact():
            return _leads(artifact, language, result_id)
        case PipelineArtifact():
            return _pipeline(artifact, language)
    return None


def _companies(artifact: CompaniesArtifact, language: Language, result_id: str) -> Rendered | None:
    companies = artifact.companies
    if not companies:
        return None
    lines = [
        companies_table(companies, language),
        text("companies_total", language, shown=len(companies), total=artifact.total),
    ]
    actions = [
        ActionSpec(CREATE_LIST, text("action_create_list", language), {"result": result_id}),
        ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id}),
    ]
    if len(companies) == 1:
        actions.append(
            ActionSpec(
                SHOW_COMPANY, text("action_show_company", language), {"siren": companies[0].siren}
            )
        )
    return Rendered("\n\n".join(lines), actions)


def _company(artifact: CompanyArtifact, language: Language, result_id: str) -> Rendered | None:
    company = artifact.company
    fields = [
        (text("col_name", language), link(company.name, company.url)),
        ("SIREN", escape_cell(company.siren)),
        (text("col_city", language), escape_cell(company.city_label or company.city)),
        (text("col_sector", language), escape_cell(company.naf_label)),
        (text("col_headcount", language), escape_cell(company.headcount_label)),
        (text("col_category", language), escape_cell(company.category)),
    ]
    table = markdown_table([text("col_field", language), text("col_value", language)], fields)
    actions = [
        ActionSpec(CREATE_LIST, text("action_create_list", language), {"result": result_id}),
        ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id}),
    ]
    return Rendered(table, actions)


def _leads(
    artifact: LeadListArtifact | LeadsArtifact, language: Language, result_id: str
) -> Rendered | None:
    leads = artifact.leads
    if not leads:
        return None
    lines = [leads_table(leads, language)]
    if isinstance(artifact, LeadsArtifact):
        lines.append(text("leads_total", language, shown=len(leads), total=artifact.total))
    actions = [ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id})]
    return Rendered("\n\n".join(lines), actions)


def _pipeline(artifact: PipelineArtifact, language: Language) -> Rendered:
    numbers = text(
        "pipeline_numbers",
        language,
        total=artifact.total,
        **{
            key: _percent(artifact.conversion[key].rate, language)
            for key in ("new_to_mql", "mql_to_sql", "sql_to_won")
        },
    )
    svg = pipeline_svg(pipeline_chart_data(artifact, language), language)
    return Rendered(escape_cell(numbers, limit=400), svg=svg)


def _percent(rate: float | None, language: Language) -> str:
    return "—" if rate is None else format_percent(rate * 100, language)


def artifact_sirens(artifact: Artifact) -> list[str]:
    """The SIRENs of the companies an artifact shows (for "Créer une liste")."""
    match artifact:
        case CompaniesArtifact():
            sirens = [company.siren for company in artifact.companies]
        case CompanyArtifact():
            sirens = [artifact.company.siren]
        case LeadListArtifact() | LeadsArtifact():
            sirens = [lead.siren for lead in artifact.leads]
        case _:
            sirens = []
    return [siren for siren in dict.fromkeys(sirens) if siren.isdigit()]


def artifact_csv(artifact: Artifact) -> tuple[str, bytes]:
    """(file name, CSV bytes) of the rows an artifact shows."""
    match artifact:
        case CompaniesArtifact():
            return "entreprises.csv", rows_to_csv(artifact.companies, COMPANY_COLUMNS)
        case CompanyArtifact():
            return "entreprise.csv", rows_to_csv([artifact.company], COMPANY_COLUMNS)
        case LeadListArtifact() | LeadsArtifact():
            return "leads.csv", rows_to_csv(artifact.leads, LEAD_COLUMNS)
    return "export.csv", rows_to_csv([], COMPANY_COLUMNS)

"""What the UI shows for a tool's artifact, next to the answer: tables, a chart, a file to
download, a line of confirmation, and the buttons that act on it. Pure functions over the
typed artifacts of `agent.artifacts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agent.artifacts import (
    AIColumnsArtifact,
    Artifact,
    CompaniesArtifact,
    CompanyArtifact,
    ContactsArtifact,
    CrmPushArtifact,
    CrmStatusArtifact,
    EnrichmentArtifact,
    ExportArtifact,
    LeadListArtifact,
    LeadListsArtifact,
    LeadsArtifact,
    ListChangeArtifact,
    PipelineArtifact,
    QualificationArtifact,
    ScoresArtifact,
    SignalsArtifact,
    StageChangeArtifact,
    StaleLeadsArtifact,
    SuppressionListArtifact,
    TrendsArtifact,
)
from agent.digest.views import trends_chart
from agent.enrichment.describe import summary_lines
from agent.exports.csv_format import COMPANY_COLUMNS, LEAD_COLUMNS, rows_to_csv
from agent.i18n import Language, Markdown, md, t
from agent.i18n.labels import enum_label
from agent.leads.wording import change_notes
from ui.buttons import ADD_COMPANY, CREATE_LIST, ENRICH, EXPORT_CSV, PAGE, ActionSpec
from ui.chart import pipeline_chart_data, pipeline_svg
from ui.columns_table import columns_table
from ui.crm import push_table, status_tables
from ui.dashboard import pipeline_extras, stale_tables, trends_tables
from ui.data_table import Table
from ui.people import display_name
from ui.qualification import missing_line, qualification_tables
from ui.score_table import scores_table
from ui.tables import (
    companies_table,
    contacts_table,
    leads_table,
    lists_table,
    memberships_table,
    owners_table,
    signals_table,
    stage_label,
    suppression_table,
)
from ui.texts import text, ui_key


@dataclass(frozen=True)
class FileSpec:
    """A file written by a tool, offered for download."""

    path: str
    name: str

    def inside(self, home: Path) -> Path | None:
        """The file, when it exists in `home` (the user's Filon folder, where tools write):
        a path read back from conversation memory is trusted no further."""
        path = Path(self.path).resolve()
        return path if path.is_file() and path.is_relative_to(home.resolve()) else None


@dataclass(frozen=True)
class Chart:
    """A chart shown as an image: its file name and its SVG document."""

    name: str
    svg: str


@dataclass(frozen=True)
class Rendered:
    """One artifact as the UI shows it under the answer."""

    markdown: str = ""  # a line of its own (data escaped), after the answer's text
    actions: list[ActionSpec] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    file: FileSpec | None = None
    # A list of results (companies, leads) that follow-ups such as "page 2" or "exporte tous ces
    # résultats" now refer to: buttons sending those leave older results.
    latest_result: bool = False

    @property
    def row_keys(self) -> frozenset[str]:
        """What names the rows of its tables (the answer need not list them again)."""
        return frozenset().union(*(table.keys for table in self.tables))


def render_artifact(
    artifact: Artifact, language: Language, *, result_id: str, exports_all: bool = False
) -> Rendered | None:
    """The rendering of an artifact, or None when the answer says all there is to say.

    `exports_all`: an export tool exists, so "Exporter en CSV" asks for every match (and acts
    on the latest result only); else it writes the shown rows itself.
    """
    export = _export_button(language, result_id, exports_all)
    match artifact:
        case CompaniesArtifact():
            return _companies(artifact, language, result_id, export)
        case CompanyArtifact():
            return _company(artifact, language, result_id)
        case LeadListArtifact() | LeadsArtifact():
            return _leads(artifact, language, export)
        case EnrichmentArtifact():
            return _enrichment(artifact, language)
        case SuppressionListArtifact() if artifact.entries:
            caption = text("suppression_caption", language, count=artifact.total)
            return Rendered(tables=[suppression_table(artifact.entries, language, caption)])
        case LeadListsArtifact():
            return _lists(artifact, language)
        case PipelineArtifact():
            return _pipeline(artifact, language)
        case TrendsArtifact():
            return Rendered(
                charts=[Chart("trends.svg", trends_chart(artifact, language))],
                tables=trends_tables(artifact, language),
            )
        case StaleLeadsArtifact():
            return Rendered(tables=stale_tables(artifact, language))
        case ListChangeArtifact():
            return Rendered(markdown=_list_change(artifact, language))
        case StageChangeArtifact():
            return Rendered(markdown=_stage_change(artifact, language))
        case ExportArtifact():
            return _export(artifact, language)
        case ContactsArtifact():
            return _contacts(artifact, language, export)
        case SignalsArtifact():
            return _signals(artifact, language)
        case AIColumnsArtifact() if (
            artifact.action != "added" and artifact.rows and artifact.columns
        ):
            return Rendered(tables=[columns_table(artifact, language)])
        case QualificationArtifact():
            return Rendered(
                markdown=missing_line(artifact, language),
                tables=qualification_tables(artifact, language),
            )
        case ScoresArtifact() if artifact.leads:
            return Rendered(tables=[scores_table(artifact, language)])
        case CrmPushArtifact() if artifact.leads:
            return Rendered(tables=[push_table(artifact, language)])
        case CrmStatusArtifact():
            return Rendered(tables=status_tables(artifact, language))
    return None


def _signals(artifact: SignalsArtifact, language: Language) -> Rendered | None:
    """Every signal shown, one row each (date, company, kind, what happened, source)."""
    companies = [company for company in artifact.companies if company.signals]
    if not companies:
        return None
    count = sum(len(company.signals) for company in companies)
    caption = t("signals_ui.caption", language, count=count, companies=len(companies))
    return Rendered(tables=[signals_table(companies, language, caption)])


def _contacts(
    artifact: ContactsArtifact, language: Language, export: ActionSpec
) -> Rendered | None:
    """The people found, one row each, under the answer; "Enrichir" looks up their emails,
    "Exporter en CSV" writes them to a file."""
    if not artifact.people:
        return None
    caption = text(
        "contacts_caption", language, count=artifact.people, companies=len(artifact.companies)
    )
    return Rendered(
        tables=[contacts_table(artifact.companies, language, caption)],
        actions=[_enrich_people_button(artifact, language), export],
        latest_result=True,
    )


def _enrichment(artifact: EnrichmentArtifact, language: Language) -> Rendered:
    """A run's summary, then the people as stored after it, with what it did for each."""
    summary = " ".join(summary_lines(artifact.summary, language))
    people = sum(len(company.contacts) for company in artifact.companies)
    if not people and artifact.others:  # nobody in the role asked: the people known instead
        known = sum(len(company.contacts) for company in artifact.others)
        caption = text("enrichment_others_caption", language, count=known)
        return Rendered(
            markdown=summary, tables=[contacts_table(artifact.others, language, caption)]
        )
    if not people:
        return Rendered(markdown=summary)
    outcomes = {run.contact_id: run.outcome for run in artifact.runs}
    caption = text("enrichment_caption", language, count=people)
    table = contacts_table(artifact.companies, language, caption, outcomes=outcomes)
    return Rendered(markdown=summary, tables=[table])


def _enrich_people_button(artifact: ContactsArtifact, language: Language) -> ActionSpec:
    if artifact.list_name:
        return _enrich_list_button(artifact.list_name, language)
    sirens = [company.siren for company in artifact.companies if not company.suppressed]
    roles = " / ".join(enum_label("role", key, language) for key in artifact.roles)
    return ActionSpec(ENRICH, t("enrich.button", language), {"sirens": sirens, "roles": roles})


def _enrich_list_button(name: str, language: Language) -> ActionSpec:
    return ActionSpec(ENRICH, t("enrich.button", language), {"list": name})


def _companies(
    artifact: CompaniesArtifact, language: Language, result_id: str, export: ActionSpec
) -> Rendered | None:
    companies = artifact.companies
    if not companies:
        return None
    offset = int(artifact.query.get("offset") or 0)
    limit = int(artifact.query.get("limit") or len(companies)) or 1
    shown_to = offset + len(companies)
    caption = text(
        f"companies_caption_{artifact.total_bound}",
        language,
        first=offset + 1,
        last=shown_to,
        total=artifact.total,
    )
    page = offset // limit + 1
    actions = []
    if offset > 0:
        actions.append(_page_button("action_previous_page", page - 1, language, result_id))
    if shown_to < artifact.total:
        actions.append(_page_button("action_next_page", page + 1, language, result_id))
    actions += [
        ActionSpec(CREATE_LIST, text("action_create_list", language), {"result": result_id}),
        export,
    ]
    tables = [
        companies_table(
            companies, language, caption, artifact.suppressed, artifact.intent, artifact.highlights
        )
    ]
    return Rendered(actions=actions, tables=tables, latest_result=True)


def _page_button(label: str, page: int, language: Language, result_id: str) -> ActionSpec:
    return ActionSpec(
        PAGE, text(label, language), {"result": result_id, "page": page}, latest_only=True
    )


def _company(artifact: CompanyArtifact, language: Language, result_id: str) -> Rendered:
    """The answer is the record; the lists the company is in come as a table (owners by name)."""
    siren = artifact.company.siren
    actions = [
        ActionSpec(ADD_COMPANY, text("action_add_to_list", language), {"siren": siren}),
        ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id}),
    ]
    caption = text("memberships_caption", language, count=len(artifact.leads))
    tables = [memberships_table(artifact.leads, language, caption)] if artifact.leads else []
    return Rendered(actions=actions if siren.isdigit() else actions[1:], tables=tables)


def _leads(
    artifact: LeadListArtifact | LeadsArtifact, language: Language, export: ActionSpec
) -> Rendered | None:
    leads = artifact.leads
    if not leads:
        return None
    if isinstance(artifact, LeadsArtifact):
        caption = text("leads_caption", language, shown=len(leads), total=artifact.total)
    else:
        caption = text("list_caption", language, name=artifact.list.name, total=len(leads))
    by_intent = isinstance(artifact, LeadsArtifact) and artifact.sort == "intent"
    tables = [leads_table(leads, language, caption, intent=by_intent)]
    actions = [export]
    if isinstance(artifact, LeadListArtifact):
        actions.append(_enrich_list_button(artifact.list.name, language))
    return Rendered(actions=actions, tables=tables, latest_result=True)


def _lists(artifact: LeadListsArtifact, language: Language) -> Rendered | None:
    if not artifact.lists:
        return None
    caption = text("lists_caption", language, count=len(artifact.lists))
    return Rendered(tables=[lists_table(artifact.lists, language, caption)])


def _pipeline(artifact: PipelineArtifact, language: Language) -> Rendered:
    svg = pipeline_svg(pipeline_chart_data(artifact, language), language)
    owners = [owner for owner in artifact.owners if owner.owner or sum(owner.stages.values())]
    tables = [owners_table(owners, language, text("owners_caption", language))] if owners else []
    by_rep, activity = pipeline_extras(artifact, language)
    charts = [Chart("pipeline.svg", svg), *(Chart("stages-by-rep.svg", s) for s in by_rep)]
    return Rendered(charts=charts, tables=tables + activity)


def _list_change(artifact: ListChangeArtifact, language: Language) -> Markdown:
    key = ui_key(f"list_{artifact.action}")
    head = md(
        key,
        language,
        name=artifact.list.name,
        previous=artifact.previous_name or "",
        owner=display_name(artifact.list.owner) or text("no_owner", language),
        leads=artifact.leads,
    )
    if artifact.action != "assigned":
        return head
    return Markdown(" ".join([head, *change_notes(artifact, language)]))


def _stage_change(artifact: StageChangeArtifact, language: Language) -> Markdown:
    return md(
        ui_key("stage_changed"),
        language,
        company=artifact.lead.name,
        before=stage_label(artifact.from_stage, language),
        after=stage_label(artifact.to_stage, language),
        who=display_name(artifact.changed_by),
    )


def _export(artifact: ExportArtifact, language: Language) -> Rendered:
    line = text("csv_ready", language, rows=artifact.rows)
    if artifact.truncated and artifact.limit:
        line += " " + text("csv_truncated", language, limit=artifact.limit)
    return Rendered(markdown=line, file=FileSpec(artifact.path, artifact.file_name))


def _export_button(language: Language, result_id: str, exports_all: bool) -> ActionSpec:
    if not exports_all:
        return ActionSpec(EXPORT_CSV, text("action_export_csv", language), {"result": result_id})
    return ActionSpec(
        EXPORT_CSV,
        text("action_export_csv", language),
        {"result": result_id, "all": True},
        tooltip=text("action_export_all", language),
        latest_only=True,
    )


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
    """(file name, CSV bytes) of the rows an artifact shows (while no export tool exists)."""
    match artifact:
        case CompaniesArtifact():
            return "entreprises.csv", rows_to_csv(artifact.companies, COMPANY_COLUMNS)
        case CompanyArtifact():
            return "entreprise.csv", rows_to_csv([artifact.company], COMPANY_COLUMNS)
        case LeadListArtifact() | LeadsArtifact():
            return "leads.csv", rows_to_csv(artifact.leads, LEAD_COLUMNS)
    return "export.csv", rows_to_csv([], COMPANY_COLUMNS)

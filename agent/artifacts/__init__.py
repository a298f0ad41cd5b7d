"""The typed results tools hand to UIs next to their text for the model.

Every artifact has a `kind`. A tool returns its artifact dumped to JSON (conversation memory
stores plain data); every reader — the UI, the offline model, tests — reads it back through
`read_artifact`, never as a loose dict.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from agent.artifacts.columns import (
    AIColumnsArtifact,
    CellItem,
    ColumnItem,
    ColumnRow,
    ColumnsRunSummary,
)
from agent.artifacts.companies import CompaniesArtifact, TotalBound
from agent.artifacts.company import (
    CompanyArtifact,
    ContactItem,
    EngagementSummary,
    IntentItem,
    IntentReason,
    SignalItem,
)
from agent.artifacts.contacts import CompanyContacts, ContactsArtifact
from agent.artifacts.crm import (
    CrmLeadResult,
    CrmPushArtifact,
    CrmStateCounts,
    CrmStatus,
    CrmStatusArtifact,
)
from agent.artifacts.dashboard import (
    METRICS,
    DashboardArtifact,
    Metric,
    OwnerSeries,
    StaleLeadItem,
    StaleLeadsArtifact,
    StaleOwnerItem,
    TrendsArtifact,
    WeekItem,
    WeekToDateItem,
)
from agent.artifacts.enrichment import EnrichmentArtifact, EnrichmentSummary, PersonRun, TrailStep
from agent.artifacts.exports import ExportArtifact
from agent.artifacts.leads import LeadItem, LeadListArtifact, LeadsArtifact, ListInfo
from agent.artifacts.lists import (
    LeadListsArtifact,
    LeadTransfer,
    ListChangeArtifact,
    ListSummary,
    StageChangeArtifact,
)
from agent.artifacts.optout import OptOutArtifact, SuppressionItem, SuppressionListArtifact
from agent.artifacts.pipeline import (
    ActivityItem,
    ConversionItem,
    OwnerItem,
    PeriodInfo,
    PipelineArtifact,
    TrendItem,
)
from agent.artifacts.qualification import BantItem, QualificationArtifact, StageHistoryItem
from agent.artifacts.scores import ScoredLeadItem, ScorePart, ScoreReason, ScoresArtifact
from agent.artifacts.signals import CompanySignals, SignalsArtifact
from agent.artifacts.slack import SlackPostArtifact

Artifact = Annotated[
    CompaniesArtifact
    | CompanyArtifact
    | LeadListArtifact
    | LeadsArtifact
    | PipelineArtifact
    | LeadListsArtifact
    | ListChangeArtifact
    | StageChangeArtifact
    | ExportArtifact
    | ContactsArtifact
    | OptOutArtifact
    | EnrichmentArtifact
    | SuppressionListArtifact
    | SignalsArtifact
    | QualificationArtifact
    | AIColumnsArtifact
    | ScoresArtifact
    | CrmPushArtifact
    | CrmStatusArtifact
    | TrendsArtifact
    | StaleLeadsArtifact
    | SlackPostArtifact,
    Field(discriminator="kind"),
]
ArtifactAdapter: TypeAdapter[Artifact] = TypeAdapter(Artifact)


def read_artifact(value: Any) -> Artifact | None:
    """A tool's artifact as its type: a dict (or a model) read back, None when it is not one."""
    if value is None:
        return None
    if not isinstance(value, dict):
        dump = getattr(value, "model_dump", None)
        if not callable(dump):
            return None
        value = dump(mode="json")
    try:
        return ArtifactAdapter.validate_python(value)
    except ValidationError:
        return None


__all__ = [
    "METRICS",
    "AIColumnsArtifact",
    "ActivityItem",
    "Artifact",
    "ArtifactAdapter",
    "BantItem",
    "CellItem",
    "ColumnItem",
    "ColumnRow",
    "ColumnsRunSummary",
    "CompaniesArtifact",
    "CompanyArtifact",
    "CompanyContacts",
    "CompanySignals",
    "ContactItem",
    "ContactsArtifact",
    "ConversionItem",
    "CrmLeadResult",
    "CrmPushArtifact",
    "CrmStateCounts",
    "CrmStatus",
    "CrmStatusArtifact",
    "DashboardArtifact",
    "EngagementSummary",
    "EnrichmentArtifact",
    "EnrichmentSummary",
    "ExportArtifact",
    "IntentItem",
    "IntentReason",
    "LeadItem",
    "LeadListArtifact",
    "LeadListsArtifact",
    "LeadTransfer",
    "LeadsArtifact",
    "ListChangeArtifact",
    "ListInfo",
    "ListSummary",
    "Metric",
    "OptOutArtifact",
    "OwnerItem",
    "OwnerSeries",
    "PeriodInfo",
    "PersonRun",
    "PipelineArtifact",
    "QualificationArtifact",
    "ScorePart",
    "ScoreReason",
    "ScoredLeadItem",
    "ScoresArtifact",
    "SignalItem",
    "SignalsArtifact",
    "SlackPostArtifact",
    "StageChangeArtifact",
    "StageHistoryItem",
    "StaleLeadItem",
    "StaleLeadsArtifact",
    "StaleOwnerItem",
    "SuppressionItem",
    "SuppressionListArtifact",
    "TotalBound",
    "TrailStep",
    "TrendItem",
    "TrendsArtifact",
    "WeekItem",
    "WeekToDateItem",
    "read_artifact",
]

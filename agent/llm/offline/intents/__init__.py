"""The intents the offline model understands, tried in order; the first that matches wins.

Adding an intent: write a module here with a class having `name`, `tools`, `match(text,
conversation)` and `answer(results, language)` (see `base.Intent`), then add one line to
`INTENTS`. Order matters: specific requests (help, pipeline, lists) come before the broad
company search, which accepts almost any filter.
"""

from __future__ import annotations

from agent.llm.offline.intents.abroad import AbroadIntent
from agent.llm.offline.intents.base import Intent, Plan, TextReply, ToolCallPlan
from agent.llm.offline.intents.by_intent import ByIntentIntent
from agent.llm.offline.intents.columns import ColumnsIntent
from agent.llm.offline.intents.company import CompanyIntent
from agent.llm.offline.intents.company_status import CompanyStatusIntent
from agent.llm.offline.intents.crm import CrmIntent
from agent.llm.offline.intents.dashboard import DashboardIntent
from agent.llm.offline.intents.decision_makers import DecisionMakersIntent
from agent.llm.offline.intents.enrich import EnrichIntent
from agent.llm.offline.intents.export import ExportIntent
from agent.llm.offline.intents.help import HelpIntent
from agent.llm.offline.intents.lead_lists import LeadListIntent
from agent.llm.offline.intents.leads import LeadsIntent
from agent.llm.offline.intents.lists import ListsIntent
from agent.llm.offline.intents.off_limits import OffLimitsIntent
from agent.llm.offline.intents.optout import OptOutIntent
from agent.llm.offline.intents.pending import PendingIntent
from agent.llm.offline.intents.people_filter import PeopleFilterIntent
from agent.llm.offline.intents.pipeline import PipelineIntent
from agent.llm.offline.intents.qualify import QualifyIntent
from agent.llm.offline.intents.refine import RefineIntent
from agent.llm.offline.intents.refused import RefusedMoveIntent
from agent.llm.offline.intents.scope import ScopeIntent
from agent.llm.offline.intents.scores import ScoresIntent
from agent.llm.offline.intents.search import SearchIntent
from agent.llm.offline.intents.signals import SignalsIntent
from agent.llm.offline.intents.slack import SlackIntent
from agent.llm.offline.intents.stages import StageIntent
from agent.llm.offline.intents.undo import UndoIntent
from agent.llm.offline.intents.unsupported import UnsupportedIntent

INTENTS: tuple[Intent, ...] = (
    RefusedMoveIntent(),
    PendingIntent(),
    UndoIntent(),
    HelpIntent(),
    SlackIntent(),
    OffLimitsIntent(),
    UnsupportedIntent(),
    ColumnsIntent(),
    QualifyIntent(),
    OptOutIntent(),
    PeopleFilterIntent(),
    EnrichIntent(),
    DecisionMakersIntent(),
    ByIntentIntent(),
    SignalsIntent(),
    ScoresIntent(),
    CrmIntent(),
    ScopeIntent(),
    DashboardIntent(),
    PipelineIntent(),
    ListsIntent(),
    ExportIntent(),
    StageIntent(),
    AbroadIntent(),
    LeadListIntent(),
    LeadsIntent(),
    CompanyStatusIntent(),
    CompanyIntent(),
    RefineIntent(),
    SearchIntent(),
)


def intent_for_tool(tool: str) -> Intent | None:
    """The intent whose answer template reads this tool's results."""
    return next((intent for intent in INTENTS if tool in intent.tools), None)


__all__ = ["INTENTS", "Intent", "Plan", "TextReply", "ToolCallPlan", "intent_for_tool"]

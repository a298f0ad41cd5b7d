"""SQLModel tables. Importing this package registers every table on `SQLModel.metadata`."""

from store.models.ai_column import AICell, AIColumn, AIColumnRun
from store.models.api_token import ApiToken
from store.models.assignment import LeadListAssignment, LeadOwnerChange
from store.models.bant import BantAnswer
from store.models.chat_step import ChatElement, ChatStep
from store.models.chat_thread import ChatThread
from store.models.company import Company
from store.models.company_public import ANNUAIRE_URL, CompanyPublic
from store.models.contact import Contact, EmailStatus
from store.models.crm_sync import CrmSync, CrmSyncState
from store.models.engagement import Engagement, EngagementKind
from store.models.lead import Lead, LeadList, LeadStage, LeadStageChange
from store.models.provider_call import ProviderCall
from store.models.sharing import LeadListShare
from store.models.signal import (
    LEGAL_KINDS,
    NEGATIVE_KINDS,
    CompanyIntent,
    Signal,
    SignalKind,
)
from store.models.slack_event import SlackEvent
from store.models.suppression import Suppression, SuppressionKind
from store.models.user import User, UserRole

__all__ = [
    "ANNUAIRE_URL",
    "LEGAL_KINDS",
    "NEGATIVE_KINDS",
    "AICell",
    "AIColumn",
    "AIColumnRun",
    "ApiToken",
    "BantAnswer",
    "ChatElement",
    "ChatStep",
    "ChatThread",
    "Company",
    "CompanyIntent",
    "CompanyPublic",
    "Contact",
    "CrmSync",
    "CrmSyncState",
    "EmailStatus",
    "Engagement",
    "EngagementKind",
    "Lead",
    "LeadList",
    "LeadListAssignment",
    "LeadListShare",
    "LeadOwnerChange",
    "LeadStage",
    "LeadStageChange",
    "ProviderCall",
    "Signal",
    "SignalKind",
    "SlackEvent",
    "Suppression",
    "SuppressionKind",
    "User",
    "UserRole",
]

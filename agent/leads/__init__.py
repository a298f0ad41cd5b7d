"""Lead lists and leads: create a list, add companies to it (by SIREN or a whole search), find
it, browse its leads, show, rename, delete or reassign lists, and move a lead's stage."""

from agent.leads.browse import LeadPage, list_leads
from agent.leads.errors import (
    AmbiguousLead,
    AmbiguousList,
    AmbiguousOwner,
    BadOwner,
    BantIncomplete,
    DeleteNotConfirmed,
    InvalidSiren,
    LeadChanged,
    LeadNotFound,
    LeadRequestError,
    ListGone,
    ListNameTaken,
    ManyNotConfirmed,
    NotLeadOwner,
    NotListOwner,
    ReasonRequired,
    SameStage,
    TooManyMatches,
    UnknownList,
    UnknownOwner,
)
from agent.leads.lists import ListChange, add_companies, create_list, find_list
from agent.leads.manage import ListUpdate, assign_list, delete_list, list_overview, rename_list
from agent.leads.matches import Matches, all_matches, read_query
from agent.leads.owners import known_owners, resolve_owner
from agent.leads.stages import StageChange, set_stage

__all__ = [
    "AmbiguousLead",
    "AmbiguousList",
    "AmbiguousOwner",
    "BadOwner",
    "BantIncomplete",
    "DeleteNotConfirmed",
    "InvalidSiren",
    "LeadChanged",
    "LeadNotFound",
    "LeadPage",
    "LeadRequestError",
    "ListChange",
    "ListGone",
    "ListNameTaken",
    "ListUpdate",
    "ManyNotConfirmed",
    "Matches",
    "NotLeadOwner",
    "NotListOwner",
    "ReasonRequired",
    "SameStage",
    "StageChange",
    "TooManyMatches",
    "UnknownList",
    "UnknownOwner",
    "add_companies",
    "all_matches",
    "assign_list",
    "create_list",
    "delete_list",
    "find_list",
    "known_owners",
    "list_leads",
    "list_overview",
    "read_query",
    "rename_list",
    "resolve_owner",
    "set_stage",
]

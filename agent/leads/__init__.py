"""Lead lists and leads: create a list, add companies to it, find it, browse its leads."""

from agent.leads.browse import LeadPage, list_leads
from agent.leads.errors import InvalidSiren, UnknownList
from agent.leads.lists import ListChange, add_companies, create_list, find_list

__all__ = [
    "InvalidSiren",
    "LeadPage",
    "ListChange",
    "UnknownList",
    "add_companies",
    "create_list",
    "find_list",
    "list_leads",
]

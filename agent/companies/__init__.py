"""One company in full: its record, contacts, signals, leads and engagement."""

from agent.companies.profile import CompanyNotFound, CompanyProfile, Homonyms, load_profile

__all__ = ["CompanyNotFound", "CompanyProfile", "Homonyms", "load_profile"]

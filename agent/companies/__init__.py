"""One company in full: its record, contacts, signals, leads and engagement."""

from agent.companies.profile import CompanyNotFound, CompanyProfile, load_profile

__all__ = ["CompanyNotFound", "CompanyProfile", "load_profile"]

"""Exports: CSV files of whole sets (a search's companies, a list's leads, people) and the CSV
format every export shares (UTF-8 with BOM, `;`, formula guard)."""

from agent.exports.service import (
    MAX_COMPANIES,
    MAX_LEADS,
    export_companies,
    export_leads,
    export_people,
)

__all__ = ["MAX_COMPANIES", "MAX_LEADS", "export_companies", "export_leads", "export_people"]

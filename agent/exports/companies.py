"""The columns of a company export: identity, activity, size, place, links; labels resolved."""

from __future__ import annotations

from agent.exports import labels
from agent.i18n import Language, t
from store.models import CompanyPublic

COLUMNS = (
    "siren", "name", "acronym", "city", "postcode", "department", "region", "naf_code",
    "naf_label", "headcount", "category", "legal_form", "created_on", "active", "website", "url",
)  # fmt: skip


def header(language: Language) -> list[str]:
    """The column titles."""
    return [t(f"leads.export.column.{column}", language) for column in COLUMNS]


def cells(company: CompanyPublic, language: Language) -> list[str | None]:
    """One company's row, in `COLUMNS` order."""
    return [
        company.siren,
        company.name,
        company.acronym,
        company.city_label or company.city,
        company.postcode,
        company.department_name or company.department,
        company.region_name or company.region,
        company.naf_code,
        company.naf_label,
        labels.headcount(company.headcount_band, language),
        company.category,
        company.legal_form_label or company.legal_form,
        labels.day(company.created_on),
        labels.yes_no(company.active, language),
        company.website,
        company.url,
    ]

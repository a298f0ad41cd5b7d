"""How a company is shown outside the store: one flat, JSON-ready record (CLI, tools, UI)."""

from __future__ import annotations

from typing import Any

from store.models import Company
from store.reference.geo import REGIONS, department_name
from store.reference.headcount import band_label
from store.reference.legal import legal_form_label
from store.reference.naf import naf_label

ANNUAIRE_URL = "https://annuaire-entreprises.data.gouv.fr/entreprise/{siren}"


def company_record(company: Company) -> dict[str, Any]:
    """The public fields of a company, with labels resolved from reference data."""
    return {
        "siren": company.siren,
        "name": company.name,
        "acronym": company.acronym,
        "naf_code": company.naf_code,
        "naf_label": naf_label(company.naf_code),
        "city": company.city,
        "postcode": company.postcode,
        "department": company.department,
        "department_name": department_name(company.department),
        "region": company.region,
        "region_name": REGIONS.get(company.region or ""),
        "headcount_band": company.headcount_band,
        "headcount_label": band_label(company.headcount_band),
        "category": company.category,
        "legal_form": company.legal_form,
        "legal_form_label": legal_form_label(company.legal_form),
        "created_on": company.created_on.isoformat() if company.created_on else None,
        "active": company.active,
        "diffusible": company.diffusible,
        "website": company.website,
        "source": company.source,
        "url": ANNUAIRE_URL.format(siren=company.siren),
    }

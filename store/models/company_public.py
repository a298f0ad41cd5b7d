"""A company as everything outside the store sees it: its public fields and their labels.

Built from a `Company` row by `CompanyPublic.of`; tools put it in artifacts, the CLI prints
it, the UI and the offline model read it. Only the fields a rep may see: the import digest
and timestamps stay in the store.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from store.models.company import Company
from store.reference.communes import commune_label
from store.reference.geo import REGIONS, department_name
from store.reference.headcount import band_label
from store.reference.legal import legal_form_label
from store.reference.naf import naf_label

ANNUAIRE_URL = "https://annuaire-entreprises.data.gouv.fr/entreprise/{siren}"


class CompanyPublic(BaseModel):
    """The public shape of a company, with labels resolved from reference data."""

    siren: str
    name: str
    acronym: str | None = None
    naf_code: str | None = None
    naf_label: str | None = None
    city: str | None = None
    city_label: str | None = None  # the commune as INSEE writes it: "Lyon 9e", "Mérignac"
    postcode: str | None = None
    department: str | None = None
    department_name: str | None = None
    region: str | None = None
    region_name: str | None = None
    headcount_band: str | None = None
    headcount_label: str | None = None
    category: str | None = None
    legal_form: str | None = None
    legal_form_label: str | None = None
    created_on: date | None = None
    active: bool = True
    diffusible: bool = True
    website: str | None = None
    revenue: int | None = None  # euros, latest known year; None when not published
    source: str = "manual"
    url: str | None = None

    @classmethod
    def of(cls, company: Company) -> CompanyPublic:
        """The public shape of a stored (or fetched) company."""
        return cls(
            siren=company.siren,
            name=company.name,
            acronym=company.acronym,
            naf_code=company.naf_code,
            naf_label=naf_label(company.naf_code),
            city=company.city,
            city_label=commune_label(
                company.city, commune_code=company.commune_code, postcode=company.postcode
            ),
            postcode=company.postcode,
            department=company.department,
            department_name=department_name(company.department),
            region=company.region,
            region_name=REGIONS.get(company.region or ""),
            headcount_band=company.headcount_band,
            headcount_label=band_label(company.headcount_band),
            category=company.category,
            legal_form=company.legal_form,
            legal_form_label=legal_form_label(company.legal_form),
            created_on=company.created_on,
            active=company.active,
            diffusible=company.diffusible,
            website=company.website,
            revenue=company.revenue,
            source=company.source,
            url=ANNUAIRE_URL.format(siren=company.siren),
        )

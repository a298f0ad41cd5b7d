"""A company (SIRENE *unité légale*), keyed by its SIREN, with its head office's location."""

from datetime import date, datetime

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class CompanyBase(SQLModel):
    """Fields shared by the table and the public shape of a company."""

    siren: str = Field(primary_key=True, min_length=9, max_length=9)
    name: str
    acronym: str | None = None
    naf_code: str | None = Field(default=None, index=True, description="NAF rév. 2, `62.01Z` form")
    naf_section: str | None = Field(default=None, index=True, max_length=1)
    headcount_band: str | None = Field(default=None, index=True, description="INSEE band code")
    category: str | None = Field(default=None, index=True, description="PME / ETI / GE")
    legal_form: str | None = Field(default=None, description="INSEE catégorie juridique code")
    created_on: date | None = None
    active: bool = True
    diffusible: bool = True
    natural_person: bool = False
    employer: bool | None = None
    head_office_siret: str | None = None
    postcode: str | None = Field(default=None, index=True)
    city: str | None = Field(default=None, index=True)
    commune_code: str | None = None
    department: str | None = Field(default=None, index=True)
    region: str | None = Field(default=None, index=True)
    website: str | None = None
    domain: str | None = None
    revenue: int | None = Field(
        default=None, sa_type=BigInteger, description="Turnover in euros, latest known year"
    )
    description: str | None = None
    source: str = Field(default="manual", index=True, description="sirene, api, demo, manual")


class Company(CompanyBase, table=True):
    """The `company` table."""

    updated_at: datetime = Field(default_factory=utcnow)
    import_hash: str | None = Field(default=None, description="Digest of the imported fields")

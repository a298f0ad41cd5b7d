"""`CompanyQuery`: free text plus flat structured filters, validated and normalised."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from store.identifiers import compact, is_valid_siren, is_valid_siret
from store.models.signal import LEGAL_KINDS, SignalKind
from store.reference.geo import DEPARTMENTS, REGIONS
from store.reference.legal import legal_form_prefixes
from store.reference.naf import SECTION_BY_DIVISION, is_known_prefix, normalize_naf
from store.text import fold

CATEGORIES = ("PME", "ETI", "GE")
_IDENTIFIER = re.compile(r"^\d{9}$|^\d{14}$")
Sort = Literal["relevance", "size_desc", "size_asc", "newest", "oldest", "name", "intent"]
SORTS: tuple[Sort, ...] = (
    "relevance", "size_desc", "size_asc", "newest", "oldest", "name", "intent"
)  # fmt: skip
# Names for several kinds at once: every legal notice, every sign of growth.
SIGNAL_GROUPS: dict[str, tuple[str, ...]] = {
    "legal": tuple(kind.value for kind in LEGAL_KINDS),
    "legal_notice": tuple(kind.value for kind in LEGAL_KINDS),
}


class InvalidQuery(ValueError):
    """A query a user must correct; the message says how."""


class InvalidIdentifier(InvalidQuery):
    """Nine or fourteen digits whose check digit is wrong; `kind` is SIREN or SIRET."""

    def __init__(self, kind: Literal["SIREN", "SIRET"], value: str) -> None:
        super().__init__(f"{value!r} is not a valid {kind} (its check digit is wrong)")
        self.kind = kind
        self.value = value


class CompanyQuery(BaseModel):
    """What to look for: free text ranked by relevance, and filters applied exactly."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str | None = Field(None, description="Free text: name, acronym, activity, city, …")
    name: str | None = Field(
        None,
        description="A company name as typed (accents and case ignored, the last word may be "
        "cut short). Alone: companies so named. With text or sector filters: companies so named "
        "come first, then the other matches, and the result says when the two readings differ",
    )
    naf_codes: list[str] = Field(
        default_factory=list, description="NAF codes or prefixes: 62.01Z, 62"
    )
    sections: list[str] = Field(default_factory=list, description="NAF sections A–U")
    departments: list[str] = Field(
        default_factory=list, description="Department codes: 69, 2A, 974"
    )
    regions: list[str] = Field(default_factory=list, description="INSEE region codes: 84, 11")
    cities: list[str] = Field(default_factory=list, description="City names: Lyon, Paris")
    postcodes: list[str] = Field(
        default_factory=list, description="Postcodes or prefixes: 69003, 690"
    )
    headcount_min: int | None = Field(None, ge=0, description="At least this many employees")
    headcount_max: int | None = Field(None, ge=0, description="At most this many employees")
    categories: list[str] = Field(default_factory=list, description="PME, ETI or GE")
    legal_forms: list[str] = Field(
        default_factory=list, description="Legal category codes: 5710, 54"
    )
    created_after: date | None = Field(None, description="Created on or after this date")
    created_before: date | None = Field(None, description="Created on or before this date")
    include_closed: bool = Field(False, description="Also return ceased companies")
    signal_kinds: list[str] = Field(
        default_factory=list,
        description="Only companies with a signal of one of these kinds: hiring, fundraising, "
        "leadership_change, job_change, new_site, growth, news, or legal notices creation, sale, "
        "modification, accounts_filed, insolvency, deregistration ('legal': any of those)",
    )
    signal_since: date | None = Field(
        None, description="Only companies with a signal (of those kinds) on or after this date"
    )
    sort: Sort = Field(
        "relevance",
        description="relevance (best text match; biggest first without text), size_desc, "
        "size_asc, newest, oldest (creation date), name, or intent (buying-intent score from "
        "signals, highest first)",
    )
    exclude_sirens: list[str] = Field(
        default_factory=list, description="Companies (SIRENs) to leave out of the results"
    )
    limit: int = Field(20, ge=1, le=1000)
    offset: int = Field(0, ge=0)

    @field_validator("text", "name")
    @classmethod
    def _blank_text_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("signal_kinds")
    @classmethod
    def _check_signal_kinds(cls, values: list[str]) -> list[str]:
        known = {kind.value for kind in SignalKind}
        kinds: list[str] = []
        for raw in values:
            value = raw.strip().lower()
            expanded = SIGNAL_GROUPS.get(value, (value,))
            for kind in expanded:
                if kind not in known:
                    raise InvalidQuery(
                        f"unknown signal kind {raw!r}: use one of {', '.join(sorted(known))}"
                    )
                if kind not in kinds:
                    kinds.append(kind)
        return kinds

    @field_validator("exclude_sirens")
    @classmethod
    def _check_sirens(cls, values: list[str]) -> list[str]:
        for value in values:
            if not re.fullmatch(r"\d{9}", value):
                raise InvalidQuery(f"bad SIREN {value!r} to exclude: use 9 digits")
        return values

    @field_validator("naf_codes")
    @classmethod
    def _check_naf(cls, values: list[str]) -> list[str]:
        codes = []
        for raw in values:
            code = normalize_naf(raw)
            if not is_known_prefix(code):
                raise InvalidQuery(
                    f"unknown NAF code {raw!r}: use a code like 62.01Z or a prefix like 62"
                )
            codes.append(code)
        return codes

    @field_validator("sections")
    @classmethod
    def _check_sections(cls, values: list[str]) -> list[str]:
        known = set(SECTION_BY_DIVISION.values())
        sections = [value.upper() for value in values]
        for section in sections:
            if section not in known:
                raise InvalidQuery(f"unknown NAF section {section!r}: use a letter from A to U")
        return sections

    @field_validator("departments")
    @classmethod
    def _check_departments(cls, values: list[str]) -> list[str]:
        codes = []
        for raw in values:
            code = raw.upper().zfill(2)
            if code not in DEPARTMENTS:
                raise InvalidQuery(f"unknown department {raw!r}: use a code like 69, 2A or 974")
            codes.append(code)
        return codes

    @field_validator("regions")
    @classmethod
    def _check_regions(cls, values: list[str]) -> list[str]:
        codes = []
        for raw in values:
            code = raw.zfill(2)
            if code not in REGIONS:
                raise InvalidQuery(
                    f"unknown region {raw!r}: use an INSEE region code like 84 or 11"
                )
            codes.append(code)
        return codes

    @field_validator("categories")
    @classmethod
    def _check_categories(cls, values: list[str]) -> list[str]:
        categories = [value.upper() for value in values]
        for category in categories:
            if category not in CATEGORIES:
                raise InvalidQuery(f"unknown category {category!r}: use PME, ETI or GE")
        return categories

    @field_validator("cities")
    @classmethod
    def _normalize_cities(cls, values: list[str]) -> list[str]:
        # SIRENE writes communes upper-case without accents: "SAINT-ETIENNE".
        return [fold(value).upper() for value in values if value.strip()]

    @field_validator("postcodes")
    @classmethod
    def _check_postcodes(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.isdigit() or not 2 <= len(value) <= 5:
                raise InvalidQuery(
                    f"bad postcode {value!r}: use 5 digits (69003) or a prefix (690)"
                )
        return values

    @field_validator("legal_forms")
    @classmethod
    def _check_legal_forms(cls, values: list[str]) -> list[str]:
        codes: list[str] = []
        for value in values:
            prefixes = legal_form_prefixes(value)
            if not prefixes:
                raise InvalidQuery(
                    f"unknown legal form {value!r}: use a code (5710, 54) or SAS, SARL, SA"
                )
            codes.extend(prefixes)
        return codes

    @model_validator(mode="after")
    def _check_ranges(self) -> Self:
        if (
            self.headcount_min is not None
            and self.headcount_max is not None
            and self.headcount_min > self.headcount_max
        ):
            raise InvalidQuery(
                f"headcount_min ({self.headcount_min}) is above headcount_max "
                f"({self.headcount_max}): swap them or drop one"
            )
        if self.created_after and self.created_before and self.created_after > self.created_before:
            raise InvalidQuery("created_after is later than created_before: swap the two dates")
        # A wrong check digit is reported when the search runs (`identifier`), so that a parsed
        # request still builds and the user hears about the digit, not about a failed parse.
        return self

    @property
    def has_filters(self) -> bool:
        """Whether any structured filter is set."""
        return bool(
            self.naf_codes or self.sections or self.departments or self.regions or self.cities
            or self.postcodes or self.categories or self.legal_forms or self.created_after
            or self.created_before or self.headcount_min is not None
            or self.headcount_max is not None or self.signal_kinds or self.signal_since
        )  # fmt: skip

    @property
    def uses_signals(self) -> bool:
        """Whether the query filters or sorts on signals (which only the store holds)."""
        return bool(self.signal_kinds or self.signal_since or self.sort == "intent")

    @property
    def is_empty(self) -> bool:
        """No text and no filter: nothing to search for."""
        return not self.text and not self.name and not self.has_filters

    def identifier(self) -> str | None:
        """The SIREN (or SIRET) when the text is one, else None; raises on a bad check digit."""
        if not self.text:
            return None
        candidate = compact(self.text)
        if not _IDENTIFIER.match(candidate):
            return None
        if len(candidate) == 9 and not is_valid_siren(candidate):
            raise InvalidIdentifier("SIREN", self.text)
        if len(candidate) == 14 and not is_valid_siret(candidate):
            raise InvalidIdentifier("SIRET", self.text)
        return candidate

"""Which CRM property receives which Filon field: one mapping per CRM, from the TOML files
shipped in `agent/crm/mappings/` and, over them, the team's file (`FILON_CRM_MAPPING`, with a
table per CRM: `[hubspot.company] name = "name"`), read into a typed `CrmMapping` or refused
in one line.

    [company]      filon field = CRM property ("" leaves the field out); siren is the key
    [contact]      first_name, last_name, title, email, phone, linkedin
    [deal]         key (the unique key's property), title, stage, amount, currency,
                   close_date, owner, score, list
    [deal.fixed]   CRM property = a constant (`pipeline = "default"`, `LeadSource = "Filon"`)
    [deal.stages]  Filon stage = the CRM's stage (id or name); an unmapped stage is left out
    [owners]       Filon login = the CRM's user id; an unmapped owner is left out
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.crm.records import CRMS, CrmName
from agent.toml_files import changed_at, read_toml

MAPPINGS = Path(__file__).with_name("mappings")

CompanyField = Literal[
    "siren", "name", "domain", "website", "city", "postcode", "department", "naf_code",
    "naf_label", "headcount", "headcount_label", "category", "legal_form",
]  # fmt: skip
ContactField = Literal["first_name", "last_name", "title", "email", "phone", "linkedin"]
DealField = Literal[
    "key", "title", "stage", "amount", "currency", "close_date", "owner", "score", "list"
]
Constant = str | int | float | bool


class MappingUnusable(ValueError):
    """The mapping file cannot be used; the message says what to change, in one line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CompanyMap(_Strict):
    """Company fields → CRM properties."""

    fields: dict[CompanyField, str] = Field(default_factory=dict)
    fixed: dict[str, Constant] = Field(default_factory=dict)


class ContactMap(_Strict):
    """Contact fields → CRM properties."""

    fields: dict[ContactField, str] = Field(default_factory=dict)
    fixed: dict[str, Constant] = Field(default_factory=dict)


class DealMap(_Strict):
    """Deal fields → CRM properties, constants, and Filon stages → the CRM's stages."""

    fields: dict[DealField, str] = Field(default_factory=dict)
    fixed: dict[str, Constant] = Field(default_factory=dict)
    stages: dict[Literal["new", "mql", "sql", "won", "lost", "disqualified"], Constant] = Field(
        default_factory=dict
    )


class CrmMapping(_Strict):
    """One CRM's mapping."""

    crm: CrmName
    company: CompanyMap
    contact: ContactMap
    deal: DealMap
    owners: dict[str, Constant] = Field(default_factory=dict)

    def owner(self, login: str | None) -> Constant | None:
        """The CRM user a Filon owner is, case ignored; None when unmapped."""
        if not login:
            return None
        wanted = login.casefold()
        return next((v for k, v in self.owners.items() if k.casefold() == wanted), None)


def load_mapping(crm: CrmName, team_file: Path | None = None) -> CrmMapping:
    """The mapping of `crm`: the shipped one, with the team's file's tables over it."""
    stamp = changed_at(team_file, _unusable) if team_file is not None else 0
    return _load(crm, team_file, stamp)


@cache
def _load(crm: CrmName, team_file: Path | None, _stamp: int) -> CrmMapping:
    document = read_toml(MAPPINGS / f"{crm}.toml", _unusable)
    if team_file is not None:
        team = read_toml(team_file, _unusable)
        unknown = sorted(set(team) - set(CRMS))
        if unknown:
            raise MappingUnusable(
                f"{team_file}: unknown CRM table [{unknown[0]}]: use {', '.join(CRMS)}"
            )
        document = _merged(document, team.get(crm, {}))
    try:
        return CrmMapping(
            crm=crm,
            company=_object(document.get("company", {})),
            contact=_object(document.get("contact", {})),
            deal=_object(document.get("deal", {}), stages=True),
            owners=document.get("owners", {}),
        )
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        source = team_file or MAPPINGS / f"{crm}.toml"
        raise MappingUnusable(f"{source} [{crm}]: {where}: {problem['msg']}") from error


def _object(table: dict[str, Any], *, stages: bool = False) -> dict[str, Any]:
    fields = {k: v for k, v in table.items() if not isinstance(v, dict)}
    shaped: dict[str, Any] = {"fields": fields, "fixed": table.get("fixed", {})}
    if stages:
        shaped["stages"] = table.get("stages", {})
    unknown = set(table) - set(fields) - set(shaped)
    if unknown:
        shaped[sorted(unknown)[0]] = table[sorted(unknown)[0]]  # refused as an extra field
    return shaped


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def _unusable(message: str) -> MappingUnusable:
    return MappingUnusable(message)

"""An objection given by a name ("Pierre-Yves Sanchez ne veut plus être contacté", "Verilia ne
veut plus être démarchée"): a person among the contacts first, else a company of exactly that
name — never a company when a person bears the name.

A person is found by their whole name (first and last, in either order; case, accents, hyphens
and spacing aside). One person: they go on the suppression list by their email (marked opted
out when they have none). Several: nothing is written and `SeveralPeopleNamed` lists them, so
the rep says which (suppressing the wrong person would be worse than asking). A company must
bear the name exactly, and be the only one to: a whole company is never suppressed on a
likeness.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from agent.companies import CompanyNotFound, Homonyms, load_profile
from agent.contacts.optout import OptOutChange, SeveralCompanies, add, add_person
from agent.search.ports import CompanySource
from store.models import Company, Contact
from store.text import fold

SHOWN_PEOPLE = 6


class NoOneNamed(LookupError):
    """No contact and no company bears the name; `code` and `values` name the message."""

    code = "no_one_named"

    def __init__(self, name: str, closest: str | None) -> None:
        hint = f" (the closest company: {closest!r})" if closest else ""
        super().__init__(
            f"no contact and no company is called exactly {name!r}{hint}: nothing was added. "
            "Ask the user for the person's email, or the company's SIREN."
        )
        self.values = {"name": name, "closest": closest or ""}
        if closest:
            self.code = "no_one_named_closest"


class SeveralPeopleNamed(LookupError):
    """Several contacts bear the name: which one objected?"""

    code = "several_people_named"

    def __init__(self, name: str, people: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"{who} (contact_id {contact_id})" for contact_id, who in people)
        super().__init__(
            f"{len(people)} contacts are called {name!r}: {shown}. Nothing was added: ask the "
            "user which one, then call opt_out with their contact_id."
        )
        self.values = {
            "name": name,
            "count": len(people),
            "people": "; ".join(who for _id, who in people[:SHOWN_PEOPLE]),
            "ids": ",".join(str(contact_id) for contact_id, _who in people),
        }


@dataclass(frozen=True, slots=True)
class Objection:
    """What an objection by name did: the change, who or what it names, and whether it was a
    person (else a whole company)."""

    change: OptOutChange
    name: str
    person: bool


async def object_by_name(
    engine: Engine,
    companies: CompanySource,
    name: str,
    *,
    user: str,
    reason: str | None = None,
) -> Objection:
    """Put on the suppression list the one person, else the one company, called `name`.
    Raises `SeveralPeopleNamed`, `SeveralCompanies`, `NoOneNamed`, and `NoEmail` (after marking
    the person) as `agent.contacts.optout.add_person` does."""
    people = await asyncio.to_thread(people_named, engine, name)
    if len(people) > 1:
        raise SeveralPeopleNamed(name.strip(), [(cid, who) for cid, who in people])
    if people:
        change, who = await asyncio.to_thread(
            add_person, engine, people[0][0], user=user, reason=reason
        )
        return Objection(change, who, person=True)
    siren, company = await company_named(engine, companies, name)
    change = await asyncio.to_thread(add, engine, siren, user=user, reason=reason)
    return Objection(change, company, person=False)


async def company_named(engine: Engine, companies: CompanySource, name: str) -> tuple[str, str]:
    """(SIREN, name) of the one company called exactly `name`. Raises `NoOneNamed` (with the
    closest name) or `SeveralCompanies`."""
    try:
        profile = await load_profile(engine, companies, name=name)
    except Homonyms as error:  # suppressing the wrong one would be worse than asking
        raise SeveralCompanies(name.strip(), error.count) from None
    except CompanyNotFound:
        raise NoOneNamed(name.strip(), None) from None
    if _key(profile.company.name) != _key(name):
        raise NoOneNamed(name.strip(), profile.company.name)
    if profile.homonyms:
        raise SeveralCompanies(profile.company.name, profile.homonyms + 1)
    return profile.company.siren, profile.company.name


def people_named(engine: Engine, name: str) -> list[tuple[int, str]]:
    """(contact id, "Name — title, Company") of the contacts whose whole name is `name`."""
    words = _key(name).split()
    if len(words) < 2:
        return []  # a first or a last name alone names no one for sure
    wanted = {" ".join(words), " ".join([*words[1:], words[0]])}
    # a first narrowing in SQL (the last name's first letter and length), the match in Python
    firsts = {word[0] for word in words}
    statement = (
        select(Contact, Company.name)
        .join(Company, col(Company.siren) == col(Contact.company_siren))
        .where(col(Contact.last_name).is_not(None), col(Contact.first_name).is_not(None))
        .where(func.length(Contact.last_name) <= len(name))
    )
    found: list[tuple[int, str]] = []
    with Session(engine) as session:
        for contact, company in session.exec(statement).all():
            last = _key(contact.last_name or "")
            if not last or last[0] not in firsts:
                continue
            if _key(contact.full_name) in wanted and contact.id is not None:
                title = f", {contact.title}" if contact.title else ""
                found.append((contact.id, f"{contact.full_name}{title} — {company}"))
    return found


def _key(name: str) -> str:
    """A name compared: case, accents, hyphens and spacing aside."""
    return " ".join(fold(name).lower().replace("-", " ").split())

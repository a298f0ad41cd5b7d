"""Enriching the people of some companies or of a lead list: who to ask about, the waterfall,
and what is written back to each contact, with its source, date and trail.

    report = await enrich(engine, companies, enricher, list_name="ESN Lyon", roles=[...],
                          user="alice.martin", budget=50)

The people are those `find_decision_makers` shows (the roles asked, most senior first, nobody
opted out or on the suppression list). Someone whose email already meets the stop rule is not
asked about again, so a run interrupted and started again goes on where it stopped (and the
ledger answers for the calls it had made). A found email replaces the stored one only when it
is stronger (verified > catch-all > guessed > unknown), or when the stored one is invalid; an
address on the suppression list is never written.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from agent.artifacts import EnrichmentSummary
from agent.contacts.people import CompanyPeople, PeopleFound, Person, find_people, people_at
from agent.contacts.roles import Role
from agent.enrichment.patterns import domain_of
from agent.enrichment.ports import Target, strength
from agent.enrichment.waterfall import Budget, Progress, Settled, Waterfall, WaterfallResult
from agent.search.ports import CompanySource
from store.models import Company, Contact, EmailStatus
from store.models._time import utcnow
from store.repositories.contacts import change_contacts
from store.repositories.suppressions import entries_matching

MAX_COMPANIES = 2_000  # companies of a list enriched in one run, best leads first
# What a run did for a person: an email found where there was none, a stronger one (or the
# same one verified), the stored one proven invalid, nothing better found, not asked (already
# verified, budget reached, no full name to search with).
Outcome = Literal["found", "improved", "invalid", "not_found", "already", "over_budget", "no_name"]


@dataclass(frozen=True)
class Enricher:
    """The waterfall to run and the providers configured but missing their key."""

    waterfall: Waterfall
    missing_key: tuple[str, ...] = ()

    @property
    def providers(self) -> list[str]:
        """The providers asked, in order."""
        return [provider.name for provider in self.waterfall.providers]


@dataclass(frozen=True, slots=True)
class EnrichedContact:
    """One person after the run: their email as stored now, and how the run went for them."""

    siren: str
    company: str
    contact_id: int
    name: str
    title: str | None
    email: str | None
    email_status: EmailStatus
    source: str | None  # who found the email (a provider, "demo", "import"…)
    phone: str | None
    outcome: Outcome
    trail: list[dict[str, str]] = field(default_factory=list)


@dataclass
class EnrichReport:
    """The people of a run, company by company, and its summary."""

    run_id: str
    contacts: list[EnrichedContact]
    summary: EnrichmentSummary
    after: PeopleFound  # the people as stored once the run has written its finds
    # Everyone known at the companies where nobody holds the roles asked (a run about a few
    # companies only): whom to offer instead ("trouve l'email du DAF" where no DAF is known)
    others: PeopleFound | None = None


async def enrich(
    engine: Engine,
    companies: CompanySource,
    enricher: Enricher,
    *,
    sirens: Sequence[str] = (),
    company: str | None = None,
    list_name: str | None = None,
    roles: Sequence[Role] = (),
    user: str,
    budget: float | None = None,
    progress: Progress | None = None,
) -> EnrichReport:
    """Find and verify the emails of the people holding `roles` at these companies (SIRENs, a
    name, or a lead list: exactly one). Raises what `find_people` raises."""
    found = await find_people(
        engine,
        companies,
        sirens=sirens,
        company=company,
        list_name=list_name,
        roles=roles,
        user=user,
        max_companies=MAX_COMPANIES,
    )
    run_id = uuid.uuid4().hex[:12]
    shown = [c for c in found.companies if not c.suppressed]
    domains = await asyncio.to_thread(_domains, engine, [c.siren for c in shown])
    barred = await asyncio.to_thread(_barred_domains, engine, domains.values())
    rule = enricher.waterfall.rule
    people = [(c, p) for c in shown for p in c.people if p.contact.id is not None]
    targets: list[Target] = []
    outcome: dict[int, Outcome] = {}
    for company_people, person in people:
        contact = person.contact
        contact_id = contact.id or 0
        domain = domains.get(company_people.siren)
        if rule.met_by(contact.email_status, contact.email):
            outcome[contact_id] = "already"
        elif not (contact.first_name and contact.last_name):
            outcome[contact_id] = "no_name"
        elif domain in barred:
            continue  # every address of the domain is on the suppression list
        else:
            targets.append(_target(company_people, contact, domain))
    written: dict[int, Contact] = {}
    changes: dict[int, Outcome] = {}

    def write(settled: Sequence[Settled]) -> None:
        by_id = {person.target.contact_id: person for person in settled}
        today = utcnow().date()
        blocked = _blocked(engine, [p.best.email for p in settled if p.best and p.best.email])

        def change(contact: Contact) -> bool:
            outcome = _apply(contact, by_id[contact.id or 0], run_id, today, blocked)
            if outcome is not None:
                changes[contact.id or 0] = outcome
            written[contact.id or 0] = contact.model_copy()
            return True

        change_contacts(engine, list(by_id), change)

    result = await enricher.waterfall.run(
        targets,
        run_id=run_id,
        user=user,
        budget=Budget(limit=budget),
        progress=progress,
        on_settled=write,
    )
    trails = {p.target.contact_id: p for p in result.people}
    for done in result.people:
        cid = done.target.contact_id
        if cid in changes:
            outcome[cid] = changes[cid]
        elif any(step.outcome == "over_budget" for step in done.trail):
            outcome[cid] = "over_budget"
        else:
            outcome[cid] = "not_found"
    contacts = [
        _enriched(c, p, written.get(p.contact.id or 0), outcome, trails)
        for c, p in people
        if (p.contact.id or 0) in outcome
    ]
    summary = _summary(contacts, result, enricher, budget)
    summary.suppressed_companies = sum(1 for c in found.companies if c.suppressed)
    summary.no_domain = _without_domain(contacts, targets)
    after = await people_at(engine, companies, sirens=[c.siren for c in found.companies],
                            roles=roles)  # fmt: skip
    after = replace(after, asked=found.asked, list_name=found.list_name, roles=found.roles)
    return EnrichReport(
        run_id=run_id,
        contacts=contacts,
        summary=summary,
        after=after,
        others=await _others(engine, companies, shown, roles),
    )


OTHERS_FOR = 3  # companies at most in a run for which the people in other roles are offered


async def _others(
    engine: Engine, companies: CompanySource, shown: list[CompanyPeople], roles: Sequence[Role]
) -> PeopleFound | None:
    """Everyone known at the companies where no one holds the roles asked, for a run about a
    few companies; None when there are none (or no role was asked)."""
    if not roles or len(shown) > OTHERS_FOR:
        return None
    empty = [c.siren for c in shown if not c.people and c.known]
    if not empty:
        return None
    return await people_at(engine, companies, sirens=empty)


def _without_domain(contacts: Sequence[EnrichedContact], targets: Sequence[Target]) -> list[str]:
    """The companies whose people were looked up without a known domain (no website) and got
    no email: why nothing could be guessed there."""
    missing = {target.siren for target in targets if not target.domain}
    empty = {c.siren: c.company for c in contacts if c.siren in missing}
    found = {c.siren for c in contacts if c.siren in missing and c.email}
    return [name for siren, name in empty.items() if siren not in found]


def _target(company: CompanyPeople, contact: Contact, domain: str | None) -> Target:
    known = contact.email if contact.email_status != EmailStatus.invalid else None
    return Target(
        contact_id=contact.id or 0,
        siren=company.siren,
        first_name=contact.first_name or "",
        last_name=contact.last_name or "",
        company=company.name,
        domain=domain,
        email=known,
    )


def _domains(engine: Engine, sirens: list[str]) -> dict[str, str]:
    with Session(engine) as session:
        rows = session.exec(select(Company).where(col(Company.siren).in_(sirens))).all()
    found = {row.siren: (row.domain or domain_of(row.website)) for row in rows}
    return {siren: domain.lower() for siren, domain in found.items() if domain}


def _blocked(engine: Engine, emails: Sequence[str]) -> frozenset[str]:
    """The addresses found that the suppression list covers (by address or domain)."""
    wanted = [email.lower() for email in emails]
    domains = [email.rpartition("@")[2] for email in wanted]
    with Session(engine) as session:
        found = entries_matching(session, emails=wanted, domains=domains, sirens=())
    values = {value for _, value in found}
    return frozenset(e for e in wanted if e in values or e.rpartition("@")[2] in values)


def _barred_domains(engine: Engine, domains: Iterable[str]) -> frozenset[str]:
    wanted = sorted(set(domains))
    with Session(engine) as session:
        found = entries_matching(session, emails=(), domains=wanted, sirens=())
    return frozenset(value for _, value in found)


def _apply(
    contact: Contact, settled: Settled, run_id: str, today: date, blocked: frozenset[str]
) -> Outcome | None:
    """Write the winning answer and the trail on the contact as stored now (see the module
    docstring); what changed for the person, None when the email did not."""
    best = settled.best
    sources = dict(contact.field_sources)
    sources["enrichment"] = {
        "at": today.isoformat(),
        "run": run_id,
        "won": best.provider if best and best.found else None,
        "steps": [step.as_dict() for step in settled.trail],
    }
    contact.field_sources = sources
    contact.updated_at = utcnow()
    if best is None or not best.email or best.email.lower() in blocked:
        return None  # nothing found, or an address the suppression list covers
    stamp = {"source": best.provider, "at": today.isoformat()}
    if best.phone and not contact.phone:
        contact.phone = best.phone
        sources["phone"] = stamp
    before = contact.email_status
    if (contact.email or "").lower() == best.email.lower():
        if best.status == before or best.status not in _VERDICTS:
            return None
        contact.email_status = best.status
        sources["email"] = stamp
        return "invalid" if best.status == EmailStatus.invalid else "improved"
    stronger = contact.email is None or before == EmailStatus.invalid
    if not best.found or not (stronger or strength(best.status) > strength(before)):
        return None
    had = contact.email is not None
    contact.email, contact.email_status = best.email, best.status
    sources["email"] = stamp
    return "improved" if had else "found"


# Answers that say something about an address already known: it is good, or it is not.
_VERDICTS = (EmailStatus.verified, EmailStatus.catch_all, EmailStatus.invalid)


def _enriched(
    company: CompanyPeople,
    person: Person,
    stored: Contact | None,
    outcome: dict[int, Outcome],
    trails: dict[int, Settled],
) -> EnrichedContact:
    contact = stored or person.contact
    cid = person.contact.id or 0
    stamp = contact.field_sources.get("email") if contact.email else None
    source = str(stamp.get("source")) if isinstance(stamp, dict) and stamp.get("source") else None
    settled = trails.get(cid)
    return EnrichedContact(
        siren=company.siren,
        company=company.name,
        contact_id=cid,
        name=contact.full_name,
        title=contact.title,
        email=contact.email,
        email_status=contact.email_status,
        source=source or (contact.source if contact.email else None),
        phone=contact.phone,
        outcome=outcome[cid],
        trail=[step.as_dict() for step in settled.trail] if settled else [],
    )


def _summary(
    contacts: list[EnrichedContact],
    result: WaterfallResult,
    enricher: Enricher,
    budget: float | None,
) -> EnrichmentSummary:
    asked = [c for c in contacts if c.outcome not in ("already", "no_name")]
    return EnrichmentSummary(
        contacts=len(contacts),
        already=sum(1 for c in contacts if c.outcome == "already"),
        asked=len(asked),
        found=sum(1 for c in asked if c.outcome in ("found", "improved")),
        verified=sum(1 for c in contacts if c.email_status == EmailStatus.verified),
        catch_all=sum(1 for c in contacts if c.email_status == EmailStatus.catch_all),
        over_budget=sum(1 for c in contacts if c.outcome == "over_budget"),
        calls=dict(result.calls),
        cached=dict(result.cached),
        cost={name: round(value, 2) for name, value in result.cost.items()},
        budget=budget,
        budget_reached=result.budget.reached,
        stopped=dict(result.stopped),
        missing_key=list(enricher.missing_key),
        providers=enricher.providers,
    )

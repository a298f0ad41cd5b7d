"""How the people found read in the offline chat: one company's people, or company by company
across several or a lead list, each email with its status, source and date; narrowed to those
with a (verified) email when asked."""

from __future__ import annotations

from agent.artifacts import CompanyContacts, ContactItem, ContactsArtifact
from agent.i18n import Language, Markdown, md, t
from agent.i18n.labels import enum_label, source_label
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, plain

SHOWN = 10  # companies written out in the answer; the table holds them all


def people_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `find_decision_makers` result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, ContactsArtifact):
        return plain_answer(result, language)
    if artifact.email is not None:  # "avec un email vérifié": only those, said so
        return narrowed_answer(artifact, artifact.email == "verified", language)
    parts = [people_body(artifact, language)]
    barred = all(
        company.suppressed or (company.hidden and not company.known)
        for company in artifact.companies
    )
    missing = any(not c.email for company in artifact.companies for c in company.contacts)
    if not barred and (missing or artifact.people == 0):
        parts.append(t("people.enrich_note", language))
    return "\n\n".join(parts)


def narrowed_answer(kept: ContactsArtifact, verified: bool, language: Language) -> str:
    """The people with an email (a verified one when `verified`), or that there are none."""
    if not kept.people:
        key = "people.none_verified" if verified else "people.none_with_email"
        return t(key, language) + " " + t("people.find_them", language)
    key = "people.only_verified" if verified else "people.only_with_email"
    return t(key, language, count=kept.people) + "\n\n" + people_body(kept, language)


def people_body(artifact: ContactsArtifact, language: Language) -> str:
    """The people of one company, or company by company."""
    roles = ", ".join(t(f"labels.role.{key}", language) for key in artifact.roles)
    if len(artifact.companies) == 1 and artifact.list_name is None:
        return _one_company(artifact.companies[0], roles, language)
    return _several(artifact, roles, language)


def _one_company(company: CompanyContacts, roles: str, language: Language) -> str:
    if company.suppressed:
        return md("people.suppressed", language, company=company.name)
    if not company.contacts:
        if not company.known and company.hidden:  # everyone there objected: say so
            return md("people.all_hidden", language, company=company.name, count=company.hidden)
        if not company.known:
            return md("people.nobody", language, company=company.name)
        return (
            md("people.none_in_role", language, company=company.name, roles=roles)
            + " "
            + t("people.others_known", language, known=company.known)
        )
    key = "people.at_company" if roles else "people.at_company_all"
    heading = md(key, language, company=company.name, count=len(company.contacts), roles=roles)
    return heading + "\n" + bullets([_person(contact, language) for contact in company.contacts])


def _several(artifact: ContactsArtifact, roles: str, language: Language) -> str:
    roles = roles or t("people.everyone", language)
    companies = len(artifact.companies)
    if artifact.people == 0:
        return md("people.across_none", language, roles=roles, companies=companies)
    values = {
        "roles": roles,
        "people": artifact.people,
        "at": t("people.companies_count", language, count=companies),
        "emails": artifact.with_email,
    }
    if artifact.list_name:
        heading = md("people.across_list", language, list=artifact.list_name, **values)
    else:
        heading = md("people.across", language, **values)
    lines = []
    for company in artifact.companies[:SHOWN]:
        if company.suppressed:
            lines.append(md("people.suppressed", language, company=company.name))
            continue
        people = (
            "; ".join(_person(contact, language) for contact in company.contacts)
            if company.contacts
            else t("people.company_none", language)
        )
        lines.append(
            Markdown(
                f"**{plain(company.name)}** : {people}"
                if language == "fr"
                else f"**{plain(company.name)}**: {people}"
            )
        )
    parts = [heading + "\n" + bullets(lines)]
    if companies > SHOWN:
        parts.append(t("people.more_companies", language, count=companies - SHOWN))
    if artifact.list_name and artifact.email is not None and artifact.asked > artifact.looked:
        parts.append(
            t(
                "people.best_of_list_narrowed",
                language,
                asked=artifact.asked,
                looked=artifact.looked,
            )
        )
    elif artifact.list_name and artifact.email is None and artifact.asked > companies:
        parts.append(t("people.best_of_list", language, asked=artifact.asked, shown=companies))
    return "\n\n".join(parts)


def _person(contact: ContactItem, language: Language) -> Markdown:
    parts = [plain(contact.name)]
    if contact.title:
        parts.append(plain(contact.title))
    if contact.email:
        status = enum_label("email_status", contact.email_status, language)
        source = source_label(contact.email_source, language)
        if contact.email_found_on:
            found = md(
                "people.email_found",
                language,
                status=status,
                source=source,
                date=contact.email_found_on,
            )
        else:
            found = md("people.email_found_undated", language, status=status, source=source)
        parts.append(Markdown(f"{plain(contact.email)} ({found})"))
    else:
        parts.append(plain(t("people.no_email", language)))
    if contact.phone:
        parts.append(plain(contact.phone))
    return Markdown(" — ".join(parts))

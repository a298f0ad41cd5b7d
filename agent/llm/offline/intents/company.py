"""Company details: "fiche de 552 100 554", "la société Numérique Conseil", "la deuxième"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import CompanyArtifact, ContactItem, SignalItem
from agent.i18n import Language, Markdown, format_date, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.references import (
    find_reference,
    no_results_text,
    out_of_range_text,
    resolve,
)
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, company_line, enum_label, plain, stage_label
from agent.search.parse import parse_company_query
from store.identifiers import is_valid_siren
from store.models import CompanyPublic

TOOL = "get_company"
IDENTIFIER = re.compile(r"(?<![\d])(?P<siren>\d{3}[ .]?\d{3}[ .]?\d{3})(?:[ .]?\d{5})?(?![\d])")
_DETAIL = (
    r"fiche|details?|infos?|informations?|profil|profile|tell\s+me(?:\s+more)?\s+about"
    r"|more\s+about|parle[- ]moi\s+de|qui\s+est|who\s+is|c'est\s+quoi|zoom\s+sur|look\s+at"
)
_COMPANY = r"la\s+societe|l'entreprise|la\s+boite|the\s+company|company"
_DETAIL_WORD = re.compile(rf"(?<![\w])(?:{_DETAIL}|{_COMPANY}|more\s+on)(?![\w])")
_NAMED = (
    re.compile(
        rf"(?<![\w])(?:{_DETAIL})\s*(?:(?:de|du|des|sur|on|about|of|for)\s+|d')*"
        rf"(?:(?:{_COMPANY})\s+)?(?P<name>\S.*)$"
    ),
    re.compile(rf"(?<![\w])(?:{_COMPANY})\s+(?P<name>\S.*)$"),
)
_NOT_A_NAME = re.compile(
    r"^(?:celle|celui|celles|ceux|cette|ce|this|that|it|them|these|those|la|le|les|the|one)"
    r"(?:[- ](?:ci|la|one|entreprise|societe|company))?$"
)


def siren_in(request: Request) -> str | None:
    """The SIREN a request names (a SIRET's first nine digits), spaces removed."""
    match = IDENTIFIER.search(request.folded)
    return re.sub(r"\D", "", match["siren"]) if match else None


class CompanyIntent:
    """One company's details, by SIREN, by name, or by its rank in the last results."""

    name = "company"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `get_company` call, a question back, or None when not about one company."""
        request = Request(text)
        language = conversation.language
        siren = siren_in(request)
        if siren is not None:
            if not is_valid_siren(siren):
                return TextReply(invalid_siren_text(siren, language))
            return plan_or_unavailable(conversation, TOOL, {"siren": siren})
        reference = find_reference(request.folded)
        detailed = request.has(_DETAIL_WORD)
        short = len(request.folded.split()) <= 5
        if reference is not None and reference.is_single and (detailed or short):
            if parse_company_query(text, today=conversation.today).has_filters:
                return None
            companies = conversation.previous_companies
            if not companies:
                return TextReply(no_results_text(language))
            chosen = resolve(reference, companies)
            if not chosen:
                return TextReply(out_of_range_text(reference, len(companies), language))
            return plan_or_unavailable(conversation, TOOL, {"siren": chosen[0].siren})
        if not detailed:
            return None
        for pattern in _NAMED:
            name = request.group(pattern, "name")
            if name and not _NOT_A_NAME.match(Request(name).folded):
                return plan_or_unavailable(conversation, TOOL, {"name": name})
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The company's card: identity, contacts, signals, lists it is in."""
        return "\n\n".join(company_answer(result, language) for result in results)


def invalid_siren_text(siren: str, language: Language) -> str:
    """Said when the nine digits given fail the SIREN check digit."""
    return t("offline.company.invalid_siren", language, siren=siren)


def company_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "company" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, CompanyArtifact):
        return plain_answer(result, language)
    parts: list[str] = [company_line(artifact.company, language)]
    facts = _facts(artifact.company, language)
    if facts:
        parts.append(bullets(facts))
    contacts = artifact.contacts
    if contacts:
        title = t("offline.company.contacts", language, count=len(contacts))
        parts.append(title + "\n" + bullets([_contact(c, language) for c in contacts[:5]]))
    else:
        parts.append(t("offline.company.no_contact", language))
    if artifact.signals:
        title = t("offline.company.signals", language, count=len(artifact.signals))
        lines = [_signal(signal, language) for signal in artifact.signals[:5]]
        parts.append(title + "\n" + bullets(lines))
    if artifact.leads:
        lines = [
            md(
                "offline.company.list_line_owner" if lead.owner else "offline.company.list_line",
                language,
                list=lead.list_name,
                stage=stage_label(lead.stage, language),
                owner=lead.owner or "",
            )
            for lead in artifact.leads
        ]
        parts.append(t("offline.company.lists", language) + "\n" + bullets(lines))
    return "\n\n".join(parts)


def _facts(company: CompanyPublic, language: Language) -> list[Markdown]:
    facts: list[Markdown] = []
    if not company.active:
        facts.append(md("offline.company.facts.closed", language))
    for key, value in (
        ("category", company.category),
        ("legal_form", company.legal_form_label),
        ("created_on", company.created_on),
        ("postcode", company.postcode),
        ("website", company.website),
        ("directory", company.url),
    ):
        if value:
            facts.append(md(f"offline.company.facts.{key}", language, value=value))
    return facts


def _contact(contact: ContactItem, language: Language) -> Markdown:
    parts = [plain(contact.name or "?")]
    if contact.title:
        parts.append(plain(contact.title))
    if contact.opted_out:
        parts.append(plain(t("offline.company.contact_opted_out", language)))
    elif contact.email:
        status = enum_label("email_status", contact.email_status, language)
        parts.append(plain(f"{contact.email} ({status})" if status else contact.email))
    return Markdown(" — ".join(parts))


def _signal(signal: SignalItem, language: Language) -> Markdown:
    kind = enum_label("signal_kind", signal.kind, language)
    label = plain(f"{kind} : {signal.title}" if language == "fr" else f"{kind}: {signal.title}")
    if signal.occurred_on is None:
        return label
    return Markdown(f"{label} ({format_date(signal.occurred_on, language)})")

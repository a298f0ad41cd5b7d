"""Company details: "fiche de 552 100 554", "la société Numérique Conseil", "la deuxième"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.llm.language import Language
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
from agent.llm.offline.wording import bullets, company_line, stage_label
from agent.search.parse import parse_company_query
from store.identifiers import is_valid_siren

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
            return plan_or_unavailable(conversation, TOOL, {"siren": chosen[0]["siren"]})
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
    if language == "en":
        return f"{siren} is not a valid SIREN (its check digit is wrong): please check it."
    return f"{siren} n'est pas un SIREN valide (sa clé de contrôle est fausse) : vérifiez-le."


def company_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "company" result."""
    if result.is_error:
        return explain_error(result, language)
    if result.artifact is None or result.kind != "company":
        return plain_answer(result, language)
    company: dict[str, Any] = result.artifact.get("company") or {}
    contacts = result.artifact.get("contacts") or []
    signals = result.artifact.get("signals") or []
    leads = result.artifact.get("leads") or []
    parts = [company_line(company, language)]
    facts = _facts(company, language)
    if facts:
        parts.append(bullets(facts))
    en = language == "en"
    if contacts:
        title = f"Contacts ({len(contacts)}):" if en else f"Contacts ({len(contacts)}) :"
        parts.append(title + "\n" + bullets([_contact(c) for c in contacts[:5]]))
    else:
        parts.append("No contact known yet." if en else "Aucun contact connu pour l'instant.")
    if signals:
        title = f"Signals ({len(signals)}):" if en else f"Signaux ({len(signals)}) :"
        parts.append(title + "\n" + bullets([_signal(s) for s in signals[:5]]))
    if leads:
        lines = [
            f"{lead.get('list_name') or lead.get('list') or '?'} — "
            f"{stage_label(lead.get('stage'), language)}"
            + (f", {lead['owner']}" if lead.get("owner") else "")
            for lead in leads
        ]
        title = "In lead lists:" if en else "Dans les listes :"
        parts.append(title + "\n" + bullets(lines))
    return "\n\n".join(parts)


def _facts(company: dict[str, Any], language: Language) -> list[str]:
    labels = {
        "fr": (("category", "Catégorie"), ("legal_form_label", "Forme juridique"),
               ("created_on", "Créée le"), ("postcode", "Code postal"),
               ("website", "Site web"), ("url", "Annuaire")),
        "en": (("category", "Category"), ("legal_form_label", "Legal form"),
               ("created_on", "Created on"), ("postcode", "Postcode"),
               ("website", "Website"), ("url", "Directory")),
    }  # fmt: skip
    separator = ": " if language == "en" else " : "
    facts = [
        f"{label}{separator}{company[key]}" for key, label in labels[language] if company.get(key)
    ]
    if company.get("active") is False:
        facts.insert(0, "Closed company" if language == "en" else "Entreprise fermée")
    return facts


def _contact(contact: dict[str, Any]) -> str:
    name = (
        contact.get("full_name")
        or contact.get("name")
        or " ".join(str(contact[key]) for key in ("first_name", "last_name") if contact.get(key))
    )
    parts = [str(name or "?")]
    if contact.get("title"):
        parts.append(str(contact["title"]))
    if contact.get("email"):
        status = f" ({contact['email_status']})" if contact.get("email_status") else ""
        parts.append(f"{contact['email']}{status}")
    return " — ".join(parts)


def _signal(signal: dict[str, Any]) -> str:
    label = signal.get("title") or signal.get("label") or signal.get("kind") or "?"
    when = signal.get("occurred_on") or signal.get("date") or signal.get("detected_at")
    return f"{label} ({when})" if when else str(label)

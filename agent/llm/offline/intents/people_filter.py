"""Narrowing the people just shown by their email: "seulement ceux dont l'email est vérifié",
"only the ones with a verified email", "ceux qui ont un e-mail". Answered from the people on
screen (no new call): the same people, fewer of them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.messages import AIMessage, ToolMessage

from agent.artifacts import ContactsArtifact, EnrichmentArtifact, read_artifact
from agent.i18n import Language
from agent.llm.offline.conversation import MEMO_KEY, Conversation
from agent.llm.offline.intents.base import Plan, TextReply
from agent.llm.offline.intents.people_answers import narrowed_answer
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult

PEOPLE_EMAIL = "people_email"  # the memo key: the people on screen were narrowed by email


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


_NARROW = _words(
    r"seulement|uniquement|juste|only|just|garde\w*|keep|ceux|celles|those|the\s+ones|que\s+ceux"
)
_EMAIL = _words(r"e-?mails?|mails?|adresses?")
_VERIFIED = _words(r"verifie\w*|verified|valide\w*|valid|confirme\w*|sure\w*|certain\w*")
_ANY_EMAIL = _words(
    r"(?:qui\s+ont|avec|with|having|that\s+have|who\s+have)\s+(?:un|une|an|a)\s+"
    r"(?:e-?mails?|mails?|adresses?)"
)


class PeopleFilterIntent:
    """The people last shown, only those with a (verified) email."""

    name = "people_filter"
    tools: tuple[str, ...] = ()

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """The narrowed people, when the request narrows the people on screen by email."""
        latest = conversation.latest_contacts
        request = Request(text)
        if latest is None or not (request.has(_NARROW) and request.has(_EMAIL)):
            return None
        verified = request.has(_VERIFIED)
        if not verified and not request.has(_ANY_EMAIL):
            return None
        kept = narrowed(latest, "verified" if verified else "any")
        # "exporte-les" next exports these people only (see the export intent)
        memo = {PEOPLE_EMAIL: "verified" if verified else "any"}
        return TextReply(narrowed_answer(kept, verified, conversation.language), memo=memo)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Never asked: this intent answers directly."""
        return ""


def people_on_screen(conversation: Conversation) -> ContactsArtifact | None:
    """The people last shown as the rep sees them: narrowed the way they last narrowed them
    ("juste ceux avec un email vérifié"), an export since leaving them on screen."""
    latest = conversation.latest_contacts
    if latest is None:
        return None
    for message in reversed(conversation.messages):
        if isinstance(message, ToolMessage) and isinstance(
            read_artifact(message.artifact), ContactsArtifact | EnrichmentArtifact
        ):
            break  # the people themselves: no narrowing since
        if isinstance(message, AIMessage):
            memo = message.response_metadata.get(MEMO_KEY) or {}
            if memo.get(PEOPLE_EMAIL):
                return narrowed(latest, str(memo[PEOPLE_EMAIL]))
    return latest


def narrowed(people: ContactsArtifact, email: str | None) -> ContactsArtifact:
    """The people with an email (`email` "any") or a verified one ("verified"); all of them
    when `email` is None."""
    if email not in ("any", "verified"):
        return people
    companies = [
        company.model_copy(
            update={
                "contacts": [
                    c
                    for c in company.contacts
                    if c.email and (email == "any" or c.email_status == "verified")
                ]
            }
        )
        for company in people.companies
    ]
    return people.model_copy(update={"companies": [c for c in companies if c.contacts]})

"""Actions Filon never takes from the chat, recognised by their verb before any intent reads a
company or a rep in the words: writing or translating texts (an email, a haiku), sending
emails, buying data, reading an attachment, deleting contacts or every list at once, setting a
score by hand, and reading reviews (Google, Trustpilot), which Filon does not hold, and
averages (revenue, deal size), which it does not compute.

One rule per kind of action — a verb and what it acts on — rather than a list of sentences:
"rédige moi juste le mail", "write me a haiku about sales", "can you buy me a database of CFO
emails?" are each declined plainly, naming what Filon cannot do and what it can do instead.
Capabilities Filon will have one day (and their tools) stay in `scope.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply
from agent.llm.offline.intents.scope import unavailable_text
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


_ME = r"(?:[- ](?:moi|lui|leur|nous)|\s+(?:me|him|her|them|us))?"
_SOME = r"(?:\s+[\w'-]+){0,4}?\s+"  # a few words between the verb and what it acts on
_MAIL = r"e-?mails?|mails?|courriels?|messages?|sequences?|campagnes?|newsletters?|sms|inmails?"
_WRITE = r"ecri[st]\w*|ecrire|redige\w*|write|draft|compose\w*|invente\w*|pond\w*"
_CREATIVE = (
    r"haikus?|poemes?|poems?|poesies?|po[eé]try|chansons?|songs?|histoires?|stor(?:y|ies)|blagues?"
    r"|jokes?|limericks?|raps?|slogans?|contes?|rimes?|rhymes?|lyrics|vers"
)
WRITING_EMAIL = _words(rf"(?:{_WRITE}){_ME}{_SOME}?(?:{_MAIL})|(?:{_WRITE}){_ME}\s+(?:{_MAIL})")
# "translate my last email to the CFO into English", "traduis ce mail en anglais": no writing
TRANSLATING_EMAIL = _words(rf"(?:tradu\w*|translat\w*){_ME}{_SOME}?(?:{_MAIL})")
WRITING_CREATIVE = _words(rf"(?:{_WRITE}|fais|make|give|donne){_ME}{_SOME}?(?:{_CREATIVE})")
_LEAD_IN = r"^\W*(?:(?:ok|bon|alors|so|now|and|et|puis|then|please|stp|svp)[\s,]+)*"
_CAN_YOU = r"(?:(?:tu\s+peux|peux-tu|pourrais-tu|can\s+you|could\s+you|would\s+you)\s+)?"
# any other writing, sending or buying, as the request's verb: "écris une note sur X"
WRITING_ANYTHING = re.compile(rf"{_LEAD_IN}{_CAN_YOU}(?:{_WRITE})(?![\w])")
NOTE = _words(r"notes?|commentaires?|comments?|memos?|memo")
SENDING = _words(
    rf"(?:envoie\w*|envoy\w*|send|expedie\w*|balance\w*|lance\w*|launch|start)"
    rf"{_ME}{_SOME}?(?:{_MAIL}|relances?\s+(?:par\s+)?e-?mail)"
)
BUYING = _words(
    r"(?:achet\w*|acheter|buy|purchase\w*|acquier\w*|commande\w*|order)"
    rf"{_ME}{_SOME}?(?:bases?|databases?|fichiers?|files?|listes?|lists?|e-?mails?|contacts?|leads?"
    r"|donnees|data)"
)
ATTACHMENT = _words(
    r"en\s+(?:pj|piece\s+jointe)|ci-?joint\w*|pieces?\s+jointes?|attachments?|attached|je\s+t'envoie"
    r"|(?:importe\w*|import|upload\w*|charge\w*|televerse\w*)(?:\s+[\w'-]+){0,4}?\s+"
    r"(?:fichiers?|files?|csv|excel|xlsx?|tableurs?|spreadsheets?)"
)
DELETING_CONTACTS = _words(
    r"(?:efface\w*|supprime\w*|delete|remove|vire\w*|purge\w*|wipe|erase)"
    r"\s+(?:tous\s+|toutes\s+|all\s+(?:of\s+)?|every\s+)?(?:les\s+|des\s+|mes\s+|nos\s+|ces\s+|the\s+|my\s+"
    r"|our\s+|these\s+)?(?:\w+\s+)?(?:contacts|personnes|people|emails|e-mails|decideurs)"
)
DELETING_ALL_LISTS = _words(
    r"(?:efface\w*|supprime\w*|delete|remove|vire\w*|wipe|erase)\s+(?:toutes|all(?:\s+of)?)"
    r"\s+(?:mes\s+|les\s+|my\s+|the\s+|nos\s+|our\s+)?(?:listes|lists)"
)
# "what do google reviews say about them?", "les avis Google de Watora": no reviews are held
REVIEWS = _words(
    r"(?:google|trustpilot|glassdoor|indeed|yelp|tripadvisor|pages\s+jaunes)\s+(?:reviews?|avis|ratings?"
    r"|notes?|stars?|etoiles?)|(?:avis|notes?|etoiles?)\s+(?:google|trustpilot|glassdoor|clients?"
    r"|en\s+ligne|des\s+clients|des\s+salaries)|trustpilot|glassdoor|(?:customer|online|employee)"
    r"\s+reviews?|reviews?\s+(?:say|of\s+(?:them|it|this))|e-?reputation|reputation\s+en\s+ligne"
)
# "le CA moyen de mes clients gagnés", "average revenue of my won deals": no figure is averaged
AVERAGE = _words(
    r"(?:ca|chiffres?\s+d'affaires?|revenus?|revenue|turnover|effectifs?|headcount|tailles?"
    r"|montants?|budgets?|scores?|deal\s+size|panier)\s+moyens?|moyennes?\s+(?:du|des|de)\s+"
    r"(?:ca|chiffres?\s+d'affaires?|revenus?|effectifs?|montants?|budgets?|scores?)"
    r"|average\s+(?:revenue|turnover|deal\s+size|headcount|size|budget|score|amount)"
    r"|mean\s+(?:revenue|turnover|deal\s+size|headcount)"
)
SETTING_A_SCORE = re.compile(
    r"(?<![\w])(?:change\w*|mets|met|mettre|set|modifie\w*|fixe\w*|force\w*|monte\w*|baisse\w*"
    r"|augmente\w*|update|raise|lower|bump|passe)\s+(?:[^\d\s]+\s+){0,4}?"
    r"(?:score|note)(?:\s+(?:de|du|d'|of)\s*[^\d]{1,60}?)?\s+(?:a|to|at|sur)\s+\d{1,3}(?![\w])"
)


class UnsupportedIntent:
    """Writing, sending, buying, attachments, bulk deletions and hand-set scores: declined."""

    name = "unsupported"
    tools: tuple[str, ...] = ()

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A plain refusal naming the action and what Filon does instead, or None."""
        request = Request(text)
        language = conversation.language
        if request.has(SENDING) and not conversation.has_tool("send_email"):
            return TextReply(unavailable_text("email_sending", language))  # before writing
        if request.has(WRITING_EMAIL) and not conversation.has_tool("draft_email"):
            return TextReply(unavailable_text("email_writing", language))
        if request.has(TRANSLATING_EMAIL) and not conversation.has_tool("draft_email"):
            return TextReply(unavailable_text("email_translation", language))
        if request.has(WRITING_CREATIVE):
            return TextReply(t("offline.unsupported.creative", language))
        if request.has(WRITING_ANYTHING):
            if request.has(NOTE):  # "écris une note sur X": the notes capability (scope.py)
                has_notes = conversation.has_tool("add_note")
                return None if has_notes else TextReply(unavailable_text("notes", language))
            return TextReply(t("offline.unsupported.creative", language))
        if request.has(BUYING):
            return TextReply(t("offline.unsupported.buying", language))
        if request.has(ATTACHMENT):
            return TextReply(t("offline.unsupported.attachment", language))
        if request.has(DELETING_ALL_LISTS):
            return TextReply(t("offline.unsupported.delete_all_lists", language))
        if request.has(DELETING_CONTACTS):
            return TextReply(t("offline.unsupported.delete_contacts", language))
        if request.has(REVIEWS):
            return TextReply(t("offline.unsupported.reviews", language))
        if request.has(AVERAGE):
            return TextReply(t("offline.unsupported.average", language))
        if request.has(SETTING_A_SCORE):
            return TextReply(t("offline.unsupported.manual_score", language))
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """No tool is called."""
        return ""

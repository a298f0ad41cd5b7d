"""The RGPD objection: "ne plus contacter jean@acme.fr", "Verilia ne veut plus être démarchée",
"do not contact the CFO again", "blacklist acme.fr" → `opt_out`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import ContactItem, ContactsArtifact, OptOutArtifact, SuppressionListArtifact
from agent.contacts import roles_in
from agent.contacts.roles import admits
from agent.i18n import Language, md, t
from agent.i18n.labels import display_name
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.people_filter import people_on_screen
from agent.llm.offline.references import find_reference, resolve_rows
from agent.llm.offline.request import Request, clean, is_question
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets
from agent.tools.failures import read_refusal
from store.text import fold

TOOL = "opt_out"
_VERBS = r"contacte\w*|appele\w*|relance\w*|demarche\w*|prospecte\w*|sollicite\w*|ecrire|joindre"
_OBJECTION = re.compile(
    rf"(?<![\w])(?:ne\s+(?:plus|jamais)\s+(?:le\s+|la\s+|les\s+|l'|lui\s+|leur\s+)?(?:{_VERBS})"
    rf"|(?:ne\s+)?veu\w+\s+plus\s+(?:etre\s+|qu'on\s+(?:le|la|les)\s+)?(?:{_VERBS})"
    r"|do\s+not\s+(?:contact|call|email)|don'?t\s+(?:contact|call|email)\s+\S+(?:\s+\S+)?\s+(?:again|anymore)"
    r"|never\s+(?:contact|call|email)|stop\s+(?:contacting|calling|emailing)|opt(?:ed)?[- ]?out"
    r"|unsubscribe\w*|desinscri\w*|blacklist\w*|liste\s+(?:rouge|noire|d'opposition)"
    r"|suppression\s+list|s'oppose\w*|(?:droit\s+d')?opposition\s+rgpd|objected)(?![\w])"
)
_EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,63}", re.IGNORECASE)
_DOMAIN = re.compile(
    r"(?<![\w@.])(?:@|domaine\s+|domain\s+)?(?P<d>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:fr|com|io|eu|net|org"
    r"|co|biz|info|tech|ai|app|pro|paris|bzh))(?![\w.])",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{5})?(?!\d)")
_REASON = re.compile(
    r"(?<![\w])(?:car|parce\s+qu(?:e|')|because|raison\s*:|reason\s*:)\s*(?P<why>.+)$"
    r"|\s[:–-]\s*(?P<after>[^:–-]+)$"
)
_WHO_FIRST = re.compile(
    r"^\W*(?P<who>.+?)\s+(?:ne\s+)?(?:veu\w+\s+plus|s'oppose\w*|a\s+demande\s+a\s+ne\s+plus|objected"
    r"|asked\s+(?:us\s+)?not\s+to|(?:does|do)n'?t\s+want)"
)
_WHO_AFTER = re.compile(
    rf"(?:ne\s+(?:plus|jamais)\s+(?:{_VERBS})|do\s+not\s+(?:contact|call|email)|never\s+(?:contact|call"
    rf"|email)|stop\s+(?:contacting|calling|emailing)|blacklist\w*|desinscri\w*|unsubscribe)\s+(?P<who>.+?)"
    r"(?:\s+(?:again|anymore|desormais|a\s+l'avenir))?\s*(?:\b(?:car|parce|because)\b.*)?[?!.]*$"
)
_COMPANY_WORD = re.compile(
    r"^(?:la\s+|cette\s+|l')?(?:societe|soci\u00e9t\u00e9|entreprise|boite|bo\u00eete)\s+|^the\s+company\s+",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"^(?:il|elle|ils|elles|he|she|they|him|her|them|le|la|les|lui|leur|l')$")
# One person ("il ne veut plus…", "ne plus le contacter"), not a company
_ONE_PERSON = re.compile(r"^(?:il|elle|he|she|him|her|lui|le)$")
_THE_COMPANY = re.compile(
    r"(?<![\w])(?:(?:cette|la|toute\s+l'|toute\s+la|l')\s*(?:boite|entreprise|societe)|this\s+company"
    r"|the\s+whole\s+company)(?![\w])"
)


class OptOutIntent:
    """Someone asked not to be contacted: their email, domain, company or the person shown."""

    name = "opt_out"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """An `opt_out` call, a question back (who?), or None."""
        request = Request(text)
        if request.has(_TAKE_OFF) and request.has(_THE_LIST):  # "enlève X de la liste d'opposition"
            value = _EMAIL.search(request.text) or _DOMAIN.search(request.text)
            shown = value.group() if value is not None else "…"
            return TextReply(md("people.optout.remove_outside_chat", conversation.language,
                                value=shown))  # fmt: skip
        if request.has(_SHOW_LIST) and request.has(_THE_LIST):  # "montre la liste d'opposition"
            return plan_or_unavailable(conversation, TOOL, {"show": True})
        domain = _whole_domain(request, conversation)
        if domain is not None:  # "et tout le domaine aussi" after a person's objection
            return domain
        if not (request.has(_OBJECTION) or _another_one(request, conversation)):
            return None
        args = self._target(request, conversation)
        if isinstance(args, TextReply):
            return args
        if args is None:
            return TextReply(t("people.optout.who", conversation.language))
        why = request.group(_REASON, "why") or request.group(_REASON, "after")
        if why and "@" not in why:
            args["reason"] = why
        memo = {"then": "which_named"} if "name" in args else None
        return plan_or_unavailable(conversation, TOOL, args, memo=memo)

    @staticmethod
    def _target(
        request: Request, conversation: Conversation
    ) -> dict[str, object] | TextReply | None:
        email = _EMAIL.search(request.text)
        if email is not None:
            return {"value": email.group()}
        digits = _DIGITS.search(request.text)
        if digits is not None:
            return {"value": digits.group()}
        domain = _DOMAIN.search(request.text)
        if domain is not None:
            return {"value": domain["d"]}
        who = request.group(_WHO_FIRST, "who") or request.group(_WHO_AFTER, "who") or ""
        who_folded = fold(who).lower().strip()
        people = people_on_screen(conversation)
        if people is not None:
            shown = [person for company in people.companies for person in company.contacts]
            named = [
                p for p in shown if p.id and fold(p.name).lower() in fold(request.text).lower()
            ]
            if len(named) == 1:
                return {"contact_id": named[0].id}
            by_role = _holding(shown, request)  # "le gérant ne veut plus être contacté"
            if len(by_role) == 1:
                return {"contact_id": by_role[0].id}
            ranked = find_reference(request.folded)
            if ranked is not None and ranked.is_single and not request.has(_THE_COMPANY):
                # "le premier ne veut plus être démarché" with people on screen: the person at
                # that rank, in the order shown
                people_shown = [person for person in shown if person.id]
                rows = [(str(index), person.name) for index, person in enumerate(people_shown)]
                chosen = resolve_rows(ranked, rows)
                if chosen:
                    return {"contact_id": people_shown[int(chosen[0][0])].id}
            if not who_folded or _PRONOUN.match(who_folded):
                if len(shown) == 1 and shown[0].id:
                    return {"contact_id": shown[0].id}  # "ne plus le contacter" after one person
                if len(shown) > 1 and not request.has(_THE_COMPANY):  # "il": which of them?
                    return _which_person(shown, people, request, conversation)
        reference = find_reference(request.folded)
        if reference is not None and reference.is_single and conversation.shown_rows:
            chosen = resolve_rows(reference, conversation.shown_rows)
            if chosen:
                return {"value": chosen[0][0]}
        by_name = clean(_COMPANY_WORD.sub("", who))
        if by_name and by_name != clean(who) and not _PRONOUN.match(fold(by_name).lower()):
            return {"company": by_name}  # "la société Venys ne veut plus…": Venys, by name
        focus = conversation.focus_company
        if focus is not None and _ONE_PERSON.match(who_folded) and not request.has(_THE_COMPANY):
            # "il ne veut plus être contacté" with no one of his shown: a person, never the
            # whole company on screen; ask who
            return TextReply(md("people.optout.which_person_none", conversation.language,
                                company=re.sub(r"\s*\([^()]*\)$", "", focus[1])))  # fmt: skip
        if focus is not None and (request.has(_THE_COMPANY) or _PRONOUN.match(who_folded or "x")):
            return {"value": focus[0]}
        if who and not _PRONOUN.match(who_folded) and who[:1].isupper():
            # "Pierre-Yves Sanchez ne veut plus…": a person of that name first, never taken
            # for a company when someone bears it; one word names no one: a company
            return {"name" if len(clean(who).split()) > 1 else "company": clean(who)}
        return None

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After an objection by name that several contacts bear (`then: which_named`): the
        refusal asks which one, and the rep's answer ("celui de Data Services Paris", "le
        deuxième") completes it (see `PendingIntent`)."""
        if step != "which_named":
            return None
        refused = [r for r in results if r.is_error]
        if len(refused) != 1:
            return None
        said = read_refusal(refused[0].content)
        if said.key != "companies.error.several_people_named":
            return None
        values = said.values or {}
        ids = [int(value) for value in str(values.get("ids") or "").split(",") if value]
        people = str(values.get("people") or "").split("; ")
        call = _last_call(conversation)
        reason = {"reason": call["reason"]} if call and call.get("reason") else {}
        pending = {
            "kind": "person",
            "people": [{"id": i, "name": who} for i, who in zip(ids, people, strict=False)],
            "call": {"name": TOOL, "args": reason},
        }
        text = explain_error(refused[0], conversation.language)
        return TextReply(text, memo={"pending": pending})

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """What went on the list."""
        return "\n\n".join(optout_answer(result, language) for result in results)


# "et ajoute tout le domaine acme.fr aussi", "pareil pour 123 456 789", "and jo@acme.fr too"
_TOO = re.compile(
    r"(?<![\w])(?:ajoute\w*|rajoute\w*|mets|add|aussi|egalement|itou|pareil|idem|same|also|too"
    r"|as\s+well|et)(?![\w])"
)


def _another_one(request: Request, conversation: Conversation) -> bool:
    """Whether the request adds an email, a domain or a SIREN to the objection just recorded."""
    if not conversation.latest_opt_out or not request.has(_TOO):
        return False
    return any(p.search(request.text) for p in (_EMAIL, _DOMAIN, _DIGITS))


# "et tout le domaine aussi", "bloque aussi son domaine", "the whole domain too"
_DOMAIN_WORD = re.compile(
    r"(?<![\w])(?:(?:tout|toute)\s+(?:le|son|leur)\s+(?:nom\s+de\s+)?domaine|(?:le|son|leur|ce)\s+"
    r"(?:nom\s+de\s+)?domaine|domaine\s+(?:entier|complet)|(?:the\s+)?(?:whole|entire)\s+domain"
    r"|(?:the|their|his|her|that)\s+domain)(?![\w])"
)


def _whole_domain(request: Request, conversation: Conversation) -> Plan | None:
    """ "et tout le domaine aussi" right after a person's objection: every address of their
    email's domain; with no address just put on the list, which domain is asked."""
    if not request.has(_DOMAIN_WORD) or _EMAIL.search(request.text) or is_question(request):
        return None
    if _DOMAIN.search(request.text) or not (request.has(_TOO) or request.has(_OBJECTION)):
        return None  # "et le domaine polami.fr aussi": the domain written out (`_another_one`)
    latest = conversation.latest_artifact
    if isinstance(latest, OptOutArtifact) and latest.entry == "email" and "@" in latest.value:
        args: dict[str, object] = {"value": latest.value.rsplit("@", 1)[1]}
        call = _last_call(conversation)
        if call and call.get("reason"):
            args["reason"] = call["reason"]
        return plan_or_unavailable(conversation, TOOL, args)
    return TextReply(t("people.optout.which_domain", conversation.language))


def _last_call(conversation: Conversation) -> dict[str, object] | None:
    """The arguments of the latest `opt_out` call."""
    for message in reversed(conversation.messages):
        for call in getattr(message, "tool_calls", None) or []:
            if call["name"] == TOOL:
                return dict(call["args"])
    return None


def _holding(shown: list[ContactItem], request: Request) -> list[ContactItem]:
    """The people shown who hold the role the request names ("le gérant", "the CFO")."""
    roles = [role for role in roles_in(request.text) if role.key != "decision_makers"]
    if not roles:
        return []
    return [
        p for p in shown if p.id and any(admits([role], p.function, p.seniority) for role in roles)
    ]


def _the_list(artifact: SuppressionListArtifact, language: Language) -> str:
    """The suppression list, its latest entries first."""
    if not artifact.total:
        return t("people.optout.empty", language)
    lines = [
        md(
            "people.optout.list_line_reason" if item.reason else "people.optout.list_line",
            language,
            entry=t(f"people.optout.kind.{item.entry}", language),
            value=item.value,
            reason=item.reason or "",
            who=display_name(item.added_by),
            date=item.added_at.date(),
        )
        for item in artifact.entries[:SHOWN]
    ]
    head = t("people.optout.count", language, count=artifact.total)
    more = artifact.total - min(len(artifact.entries), SHOWN)
    tail = [t("people.optout.list_more", language, count=more)] if more > 0 else []
    return "\n\n".join([head + "\n" + bullets(lines), *tail])


SHOWN = 20  # entries written out in the answer; the table holds them all


def _which_person(
    shown: list[ContactItem],
    people: ContactsArtifact,
    request: Request,
    conversation: Conversation,
) -> TextReply:
    """ "Lequel : X ou Y ?", the rep's answer completing the objection (see `PendingIntent`)."""
    names = ", ".join(person.name for person in shown[:6])
    why = request.group(_REASON, "why")
    call = {"name": TOOL, "args": {"reason": why} if why else {}}
    pending = {
        "kind": "person",
        "people": [{"id": p.id, "name": p.name} for p in shown if p.id],
        "siren": people.companies[0].siren if len(people.companies) == 1 else None,
        "call": call,
    }
    text = md("people.optout.which_person", conversation.language, names=names)
    return TextReply(text, memo={"pending": pending})


# Taking someone off: "enlève karim@verilia.fr de la liste d'opposition", "remove X from the
# suppression list", "il peut être recontacté"
_TAKE_OFF = re.compile(
    r"(?<![\w])(?:enleve\w*|retire\w*|supprime\w*|sors|sortir|efface\w*|remove\w*|take\s+\S+\s+off"
    r"|delete\w*|unblock\w*|debloque\w*|whitelist\w*)(?![\w])"
)
# Showing the list: "montre moi la liste des gens à ne plus contacter", "who is opted out?"
_SHOW_LIST = re.compile(
    r"(?<![\w])(?:montre\w*|affiche\w*|liste[rz]?|voir|vois|donne\w*|show|list|display|see"
    r"|quels?|quelles?|qui\s+(?:est|sont)|who(?:'s|\s+is|\s+are)?|combien|how\s+many)(?![\w])"
)
_THE_LIST = re.compile(
    r"(?<![\w])(?:(?:la\s+|ma\s+|notre\s+|the\s+|our\s+)?liste\s+(?:des\s+\w+\s+)?(?:a\s+|de\s+)?"
    r"(?:ne\s+plus\s+(?:contacter|demarcher|appeler|solliciter)|d'opposition|noire|rouge)"
    r"|(?:do[- ]not[- ]contact|suppression|opt[- ]?out|block|black)\s*list"
    r"|liste\s+(?:de\s+|des\s+)?(?:suppression|exclusions?|opt[- ]?outs?|blocages?)"
    r"|(?:opted|opt)[- ]?outs?|(?:gens|personnes|people|contacts)\s+(?:a\s+|to\s+)?"
    r"(?:ne\s+plus\s+contacter|not\s+(?:to\s+)?contact))(?![\w])"
)


def optout_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `opt_out` result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if isinstance(artifact, SuppressionListArtifact):
        return _the_list(artifact, language)
    if not isinstance(artifact, OptOutArtifact):
        return plain_answer(result, language)
    kind = t(f"people.optout.kind.{artifact.entry}", language)
    shown = f"{artifact.name} ({artifact.value})" if artifact.name else artifact.value
    key = "people.optout.added" if artifact.added else "people.optout.already"
    return md(key, language, value=shown, kind=kind, contacts=artifact.contacts)

"""CRM sync: "pousse les SQL de la semaine dans HubSpot", "envoie ce lead dans Pipedrive",
"synchronise la liste ESN Lyon avec le CRM", "push this week's SQLs to Salesforce", "envoie
Tecide Cloud dans le CRM" (that company's lead, by name), and after a lead card or a list
"envoie-le dans HubSpot", "pousse-les dans le CRM" — through `push_to_crm`; right after a push,
"ok et dans le csv alors" is the same push to another target; "où en est la synchro CRM ?",
"what failed in the CRM sync?" — through `crm_sync_status`.

A push that names or points at something sends that or nothing: only a request naming no
lead at all ("pousse mes SQL", "envoie tout dans le CRM") sends the user's SQLs.

The status is a tool of its own rather than a mode of `push_to_crm`: asking what failed must
never send anything, and a model choosing between a read and a write reads the tool's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import CrmLeadResult, CrmPushArtifact, CrmStatusArtifact
from agent.crm.wording import crm_label, crm_labels
from agent.i18n import Language, Markdown, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.company import siren_in
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.periods import (
    LAST_PERIODS,
    PERIODS,
    names_a_period,
    period_in,
    since_in,
)
from agent.llm.offline.references import find_reference, resolve_rows
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets

PUSH = "push_to_crm"
STATUS = "crm_sync_status"
TROUBLES_SHOWN = 10


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


_VENDORS = (
    ("hubspot", r"hub\s*spot"),
    ("pipedrive", r"pipe\s*drive"),
    ("salesforce", r"sales\s*force|sfdc"),
)
_CRM = _words(r"crms?|" + "|".join(pattern for _, pattern in _VENDORS))
_SYNC = _words(r"synchro\w*|synchronis\w*|sync\w*|re-?sync\w*")
# "pousse", "envoie-le", "exporte", "push", "send", "sync": a send asked for
_PUSH_VERB = _words(
    r"pouss\w*|envoi\w*|envoy\w*|renvoi\w*|exporte\w*|transfere\w*|remonte\w*|bascule\w*"
    r"|synchronis\w*|sync\w*|re-?sync\w*|push\w*|send|resend|export|upload\w*|mets|met|mettre"
    r"|cree\w*|create"
)
# "où en est la synchro ?", "what failed in the CRM sync?", "des erreurs de synchro ?"
_STATUS = _words(
    # "c'est parti dans HubSpot ?", "elle est bien dans le CRM ?", "did it go through?"
    r"c'est\s+(?:bien\s+)?(?:parti|passe|arrive|envoye)|(?:elle|il|elles|ils|it|they|c')\s*"
    r"(?:est|sont|is|are)\s+(?:bien\s+)?(?:dans|in|partie?s?|passee?s?|arrivee?s?)"
    r"|(?:est[- ](?:elle|il)|sont[- ](?:elles|ils)|is\s+it|are\s+they)\s+(?:bien\s+)?(?:dans|in"
    r"|partie?s?|passee?s?)|did\s+(?:it|they)\s+(?:go|get)\s+(?:through|in)"
    r"|ou\s+en\s+(?:est|sont)|(?:statut|etat|status|state|point|bilan)\s+(?:de\s+la\s+|du\s+|des\s+"
    r"|of\s+(?:the\s+)?)?(?:synchro\w*|sync\w*|crm|envois)|(?:crm\s+)?sync(?:hro)?\s+status"
    r"|qu'est[- ]ce\s+qui\s+(?:a\s+)?(?:echoue|plante|coince|bloque|rate)|qu'est[- ]ce\s+qui\s+n'est\s+pas\s+passe"
    r"|what\s+(?:has\s+)?(?:failed|went\s+wrong|is\s+stuck|got\s+stuck|didn'?t\s+go\s+through)"
    r"|(?:des|les|quels?|quelles?|y\s+a[- ]t[- ]il\s+des|any|which)\s+(?:echecs?|erreurs?|errors?|failures?)"
    r"|(?:envois?|sends?)\s+(?:en\s+echec|en\s+attente|failed|pending|refuses?)"
    r"|(?:erreurs?|echecs?|errors?|failures?)\s+(?:de\s+(?:la\s+)?|du\s+|in\s+the\s+|of\s+the\s+)?(?:synchro\w*|sync\w*|crm)"
    r"|(?:how\s+is|how's|comment\s+va|comment\s+se\s+passe)\s+(?:la\s+|the\s+)?(?:crm\s+)?(?:synchro\w*|sync\w*)"
    r"|(?:is|has)\s+(?:the\s+)?(?:crm\s+)?sync\w*\s+(?:working|done|finished|ok)"
)
# "mes SQL", "les SQL de la semaine", "my SQLs": the user's own qualified leads
_OWN = _words(
    r"(?:mes|my|nos|our|les|the|tous\s+(?:mes|les)|all\s+(?:my|the|our))\s+(?:(?:nouveaux|new)\s+)?"
    r"(?:sqls?|leads?\s+(?:qualifies|qualified|sql)|qualified\s+leads?)"
    r"|(?:this|last)\s+(?:week|month|quarter|year)'?s\s+sqls?"
)
_WON = _words(r"(?:gagne|signe)(?:e|s|es)?|won(?:\s+deals?)?")
# "envoie-le", "ce lead", "it": the one company in focus
_ONE = re.compile(
    r"-l[ea](?![\w])|(?<![\w])l'(?=\w)|(?<![\w])(?:ce\s+(?:lead|compte|client|prospect|sql)"
    r"|cette\s+(?:entreprise|societe|boite)|it|this\s+(?:one|lead|company|account)"
    r"|that\s+(?:one|lead|company))(?![\w])"
)
# "pousse-les", "ces leads", "them": the leads (or list) on screen
_THEM = re.compile(
    r"-les(?![\w])|(?<![\w])(?:les\s+y|ces\s+(?:leads|sqls?|entreprises|comptes|prospects)"
    r"|ceux[- ]ci|celles?[- ]ci|them|these(?:\s+(?:leads|ones|sqls))?"
    r"|those(?:\s+(?:leads|ones))?)(?![\w])"
)
# "cette liste", "la liste" with no name after it: the list on screen
_THIS_LIST = _words(
    r"(?:cette|ma|la|this|my|the)\s+(?:liste|list)"
    r"(?=\s*$|\s+(?:dans|vers|sur|avec|au|a|to|into|in|on|with)\s)"
)
_TODAY = _words(r"aujourd'hui|du\s+jour|today|today's")
# A list name ends before the CRM it goes to: "la liste ESN Lyon dans HubSpot" → "ESN Lyon"
_TARGET_TAIL = re.compile(
    r"(?:^|\s+)(?:dans|vers|sur|avec|en|au|a|to|into|in|on|with)\s+(?:le\s+|la\s+|l'|mon\s+|notre\s+|the\s+"
    r"|my\s+|our\s+)?(?:crms?|hub\s*spot|pipe\s*drive|sales\s*force)\b.*$",
    re.IGNORECASE,
)
_PERIOD_ARGS = {
    "week": "this_week",
    "month": "this_month",
    "quarter": "this_quarter",
    "year": "this_year",
    "last_week": "last_week",
    "last_month": "last_month",
    "last_quarter": "last_quarter",
    "last_year": "last_year",
}


class CrmIntent:
    """Send qualified leads to the CRM, or say where the sync stands."""

    name = "crm"
    tools = (PUSH, STATUS)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `push_to_crm` or `crm_sync_status` call, a question back, or None."""
        request = Request(text)
        again = _retarget(request, conversation)
        if again is not None:  # "ok et dans le csv alors": the same push, elsewhere
            return plan_or_unavailable(conversation, PUSH, again)
        about_crm = request.has(_CRM)
        if not (about_crm or request.has(_SYNC)):
            return None
        vendor = _vendor(request)
        if request.has(_STATUS):  # "qu'est-ce qui a échoué dans HubSpot ?": that CRM only
            return plan_or_unavailable(conversation, STATUS, {"crm": vendor} if vendor else {})
        if not request.has(_PUSH_VERB):
            return None
        args = self._leads(request, conversation)
        if args is None:
            return TextReply(t("crm_chat.which", conversation.language))
        if vendor is not None:
            args["crm"] = vendor
        # the list named is the one "exporte-la" means next, even if the push is refused
        memo = {"list": args["list_name"]} if args.get("list_name") else None
        return plan_or_unavailable(conversation, PUSH, args, memo=memo)

    @staticmethod
    def _leads(request: Request, conversation: Conversation) -> dict[str, Any] | None:
        """Which leads the request points at, as `push_to_crm` arguments ({} for the user's
        own SQLs); None when it points at leads the conversation does not show."""
        args: dict[str, Any] = {}
        if request.has(_WON):
            args["stage"] = "won"
        args |= _period(request, conversation)
        siren = siren_in(request)
        if siren:
            return {**args, "sirens": [siren]}
        named = _list_named(request)
        if named:
            return {**args, "list_name": named}
        company = _company_named(request)
        if company:  # "envoie Tecide Cloud dans le CRM": that company's lead, or nothing
            return {**args, "company": company}
        if request.has(_OWN):
            return args
        if request.has(_THIS_LIST):
            return (
                {**args, "list_name": conversation.focus_list} if conversation.focus_list else None
            )
        if request.has(_THEM):
            return _shown(args, conversation)
        reference = find_reference(request.folded)
        if reference is not None and conversation.shown_rows:
            chosen = resolve_rows(reference, conversation.shown_rows)
            return {**args, "sirens": [siren for siren, _ in chosen]} if chosen else None
        if request.has(_ONE):
            focus = conversation.focus_company
            return {**args, "sirens": [focus[0]]} if focus is not None else None
        return args

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """What the push did, or where the sync stands."""
        return "\n\n".join(crm_answer(result, language) for result in results)


# "ok alors envoie Tecide Cloud dans le CRM", "push Galami to HubSpot": what is sent, before
# where it goes
_SENT_THING = re.compile(
    r"^\W*(?:(?:ok|okay|alors|bon|et|puis|so|then|and|now|maintenant|du\s+coup)[\s,]+)*"
    r"(?:pousse\w*|envoie\w*|envoye\w*|renvoie\w*|transfere\w*|remonte\w*|bascule\w*"
    r"|synchronise\w*|sync|push|send|resend|upload|mets|met|mettre)\s+(?P<what>\S.*?)\s+"
    r"(?:dans|vers|sur|en|au|a|to|into|in|on|avec|with)\s+(?:le\s+|la\s+|l'|mon\s+|notre\s+"
    r"|un\s+|the\s+|my\s+|our\s+|a\s+)?(?:crms?|hub\s*spot|pipe\s*drive|sales\s*force"
    r"|(?:fichier\s+)?csv)(?![\w])"
)
# "le lead Galami", "la société Tecide Cloud": the words before a company's name
_A_LEAD_OF = re.compile(
    r"^(?:(?:le|ce)\s+(?:lead|compte|client|prospect)|(?:la|cette)\s+(?:societe|boite|entreprise)"
    r"|l'entreprise|the\s+(?:lead|company|account))\s+"
)
# What is no company's name: pronouns and pointers, leads or lists in general ("La Poste" is)
_NOT_A_COMPANY = re.compile(
    r"^(?:(?:ce|cet|cette|ces|this|that|these|those)(?:\s+\w+)?|it|them|tout|tous|toutes|les|le"
    r"|la|l'|lui|leur|everything|all|each|celui-ci|celle-ci|ceux-ci|celles-ci"
    r"|(?:le|la|les)\s+(?:autres?|reste))$"
    r"|(?<![\w])(?:sqls?|leads?|deals?|listes?|lists?|qualifies?|qualified|gagnes?|won|mes|my)"
    r"(?![\w])"
)


def _company_named(request: Request) -> str | None:
    """The company named as the thing sent ("envoie Tecide Cloud dans Pipedrive" → "Tecide
    Cloud"); None for the user's SQLs, a list, a pronoun or a rank."""
    found = _SENT_THING.search(request.folded)
    if found is None:
        return None
    what = _A_LEAD_OF.sub("", found["what"])
    if _NOT_A_COMPANY.search(what) or find_reference(what) is not None:
        return None
    if len(re.sub(r"[^a-z]", "", what)) < 3:
        return None
    start = found.start("what") + (len(found["what"]) - len(what))
    return clean(request.original(start, found.end("what"))) or None


# "ok et dans le csv alors", "et dans Pipedrive ?", "what about Salesforce": another target
# "non dans hubspot", "no, to Pipedrive I meant": a correction of the target is a retarget too
_RETARGET = re.compile(
    r"^\W*(?:(?:ok|okay|bon|alors|et|and|then|so|sinon|ben|bah|what\s+about|how\s+about|essaie"
    r"|try|non|no|nope|nan|en\s+fait|actually|plutot|rather|je\s+voulais\s+dire|i\s+meant"
    r"|i\s+said|j'ai\s+dit|pas\s+(?:la|le\s+csv|ca)|not\s+(?:there|that|the\s+csv))[\s,:;!.-]+)*"
    r"(?:(?:dans|vers|sur|en|to|into|in|on|avec|with)\s+)?(?:le\s+|la\s+|l'|un\s+"
    r"|the\s+|a\s+)?(?:fichier\s+)?(?P<crm>csv|hub\s*spot|pipe\s*drive|sales\s*force)"
    r"(?:\s+(?:file|alors|plutot|instead|then|du\s+coup|a\s+la\s+place|stp|svp|please"
    r"|j'ai\s+dit|je\s+t'ai\s+dit|i\s+said|i\s+meant))*\W*$"
)


def _retarget(request: Request, conversation: Conversation) -> dict[str, Any] | None:
    """Right after a push ("HubSpot n'est pas configuré"), "ok et dans le csv alors": the same
    leads to the CRM named now; None otherwise."""
    found = _RETARGET.match(request.folded)
    if found is None:
        return None
    previous = _latest_push(conversation)
    if previous is None:
        return None
    crm = re.sub(r"\s+", "", found["crm"])
    return {**previous, "crm": crm}


def _latest_push(conversation: Conversation) -> dict[str, Any] | None:
    """The arguments of the push the conversation's latest tool call made, if it was one."""
    for message in reversed(conversation.messages):
        calls = getattr(message, "tool_calls", None)
        if calls:
            last = calls[-1]
            return dict(last["args"]) if last["name"] == PUSH else None
    return None


def _vendor(request: Request) -> str | None:
    for name, pattern in _VENDORS:
        if re.search(rf"(?<![\w])(?:{pattern})(?![\w])", request.folded):
            return name
    return None


def _list_named(request: Request) -> str | None:
    """The list named in the request, without the CRM it goes to."""
    named = list_name(request)
    if named is None:
        return None
    return clean(_TARGET_TAIL.sub("", named)) or None


def _period(request: Request, conversation: Conversation) -> dict[str, Any]:
    """ "de la semaine" → this_week, "du mois dernier" → last_month, "d'aujourd'hui" → today,
    "depuis le 1er octobre" → since; {} when the request names no time."""
    if request.has(_TODAY):
        return {"period": "today"}
    if conversation.today is not None:
        since = since_in(request, conversation.today)
        if since is not None:
            return {"since": since.isoformat()}
    named = any(request.has(p) for _, p in (*LAST_PERIODS, *PERIODS))
    if not named or not names_a_period(request):
        return {}
    return {"period": _PERIOD_ARGS[period_in(request)]}


def _shown(args: dict[str, Any], conversation: Conversation) -> dict[str, Any] | None:
    """ "pousse-les": the list on screen, else the leads or companies on screen."""
    leads = conversation.previous_leads
    if leads is not None and leads.list is not None:
        return {**args, "list_name": leads.list.name}
    rows = conversation.shown_rows
    if rows:
        return {**args, "sirens": [siren for siren, _ in rows]}
    return {**args, "list_name": conversation.focus_list} if conversation.focus_list else None


def crm_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `push_to_crm` or `crm_sync_status` result."""
    if result.is_error:
        return explain_error(result, language)
    match result.artifact:
        case CrmPushArtifact() as pushed:
            return push_answer(pushed, language)
        case CrmStatusArtifact() as status:
            return status_answer(status, language)
    return plain_answer(result, language)


def push_answer(pushed: CrmPushArtifact, language: Language) -> str:
    """The CRMs, the leads queued, what the pass did, and each send that went wrong."""
    scope = ""
    if pushed.list_name:
        scope += md("crm_chat.push.scope_list", language, list=pushed.list_name)
    if pushed.since and pushed.until:
        scope += md("crm_chat.push.scope_period", language, since=pushed.since, until=pushed.until)
    head = md(
        "crm_chat.push.head",
        language,
        queued=pushed.queued,
        crms=crm_labels(pushed.crms, language),
        scope=Markdown(scope),
    )
    only_csv = pushed.crms == ["csv"]
    figures = [
        md(_figure_key(name, only_csv=only_csv), language, count=count)
        for name, count in (
            ("sent", pushed.sent),
            ("updated", pushed.updated),
            ("dead", pushed.dead),
            ("failed", pushed.failed),
            ("skipped", pushed.skipped),
            ("pending", pushed.pending),
        )
        if count
    ]
    parts: list[str] = [head, bullets(figures)]
    if pushed.csv_file:
        parts.append(md("crm_chat.push.csv_file", language, path=pushed.csv_file))
    troubles = [lead for lead in pushed.leads if lead.outcome in ("dead", "failed", "skipped")]
    if troubles:
        parts.append(bullets([_trouble(lead, language) for lead in troubles[:TROUBLES_SHOWN]]))
    if pushed.dead or pushed.failed:
        parts.append(t("crm_chat.push.retry_hint", language))
    return "\n\n".join(parts)


def _figure_key(name: str, *, only_csv: bool) -> str:
    """The catalogue line for one outcome's count: rows sent to the CSV file are written to
    it, not "created in the CRM"."""
    return f"crm_chat.push.{name}_csv" if only_csv and name == "sent" else f"crm_chat.push.{name}"


def _trouble(lead: CrmLeadResult, language: Language) -> Markdown:
    return md(
        "crm_chat.push.trouble",
        language,
        name=lead.name,
        crm=crm_label(lead.crm, language),
        error=lead.error or t(f"crm_chat.outcome.{lead.outcome}", language),
    )


def status_answer(status: CrmStatusArtifact, language: Language) -> str:
    """Counts per CRM, the keys a CRM lacks, then the sends that went wrong."""
    head = t("crm_chat.status.head_team" if status.team else "crm_chat.status.head", language)
    if not any(crm.pending + crm.sent + crm.dead + crm.skipped for crm in status.crms):
        return head + "\n\n" + t("crm_chat.status.none", language)
    lines = []
    for crm in status.crms:
        name = crm_label(crm.crm, language)
        line = md(
            "crm_chat.status.crm", language, crm=name, pending=crm.pending, sent=crm.sent,
            dead=crm.dead, skipped=crm.skipped,
        )  # fmt: skip
        if crm.missing_keys:
            keys = ", ".join(crm.missing_keys)
            line = Markdown(
                f"{line} — {md('crm_chat.status.missing_keys', language, crm=name, keys=keys)}"
            )
        lines.append(line)
    parts = [head, bullets(lines)]
    if not status.troubles:
        parts.append(t("crm_chat.status.all_good", language))
        return "\n\n".join(parts)
    parts.append(t("crm_chat.status.troubles", language, count=status.troubles_total))
    troubles = [
        md(
            "crm_chat.status.trouble_dead"
            if lead.outcome == "dead"
            else "crm_chat.status.trouble_failed",
            language,
            name=lead.name,
            list=lead.list_name,
            crm=crm_label(lead.crm, language),
            error=lead.error or "",
        )
        for lead in status.troubles[:TROUBLES_SHOWN]
    ]
    parts += [bullets(troubles), t("crm_chat.status.retry_hint", language)]
    return "\n\n".join(parts)

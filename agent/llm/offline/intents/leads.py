"""Leads of a list, a stage or a rep: "montre les leads de la liste ESN Lyon", "mes SQL"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import LeadItem, LeadsArtifact
from agent.i18n import Language, Markdown, format_number, md, t
from agent.i18n.labels import display_name, stage_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.lists import (
    known_list_in,
    list_named_loosely,
    named_focus_list,
    points_at_a_list,
    this_list,
)
from agent.llm.offline.intents.owners import NOT_A_PERSON, owner_in, person_in, rep_who_has
from agent.llm.offline.intents.periods import names_a_period
from agent.llm.offline.references import find_reference
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import SHOWN, bullets, city_name, plain
from agent.search.parse import parse_company_query

TOOL = "list_leads"
STAGES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (stage, re.compile(rf"(?<![\w]){pattern}(?![\w])"))
    for stage, pattern in (
        ("sql", r"sqls?"),
        ("mql", r"mqls?"),
        ("won", r"won|gagne(?:e|s|es)?|signe(?:e|s|es)?|closed[- ]won"),
        ("lost", r"lost|perdu(?:e|s|es)?|closed[- ]lost"),
        ("disqualified", r"dis?qualif\w*"),
        (
            "new",
            r"nouveaux\s+leads|new\s+leads|leads?\s+nouveaux"
            r"|(?:en|stage|etape|au\s+stade|at|in)\s+(?:new|nouveau)"
            r"|(?:les|the)\s+(?:nouveaux|new\s+ones)",
        ),
    )
)
_LEADS = re.compile(
    r"(?<![\w])(?:leads?|deals?|opportunites?|opportunities)(?![\w])"
    r"|(?<![\w])(?:mes|my|nos|our)\s+prospects?(?![\w])"
)
_OF_LIST = re.compile(
    r"(?<![\w])(?:de|dans|of|in|from)\s+(?:la|ma|notre|the|my|our|cette|this|that)\s+(?:liste|list)"
    r"(?![\w])"
)
# "ses leads", "his deals": the rep the last result was about
# "show its leads" (after a list was named or renamed): that list's leads
_ITS_LEADS = re.compile(r"(?<![\w])its\s+(?:leads?|contents?|companies)(?![\w])")
_THEIR_COUNT = re.compile(r"(?<![\w])(?:il|elle|he|she)\s+(?:en\s+)?(?:a|has)(?![\w])")
_THEIR = re.compile(
    r"(?<![\w])(?:ses|his|her|their)\s+(?:leads?|deals?|sqls?|mqls?|perdus|gagnes|lost|won"
    r"|disqualifies)(?![\w])"
)
# "top 5 leads", "mes 3 meilleurs leads", "the 20 best deals": that many, best score first
_TOP = re.compile(
    r"(?<![\w])(?:top|les|mes|nos|the|my|our)\s+(?P<n>\d{1,3})\s+(?:(?:premiers?|meilleurs?|best"
    r"|first|top)\s+)?(?:leads?|deals?)|(?<![\w])(?:top|meilleurs?|best)\s+(?P<m>\d{1,3})(?![\w])"
)
MAX_LEADS = 200  # the tool's own cap
FUNNEL = ("new", "mql", "sql", "won", "lost", "disqualified")
_THE_BEST = re.compile(
    r"(?<![\w])(?:(?:le|mon|notre)\s+meilleur\s+(?:lead|deal|prospect)|(?:the|my|our)\s+best\s+(?:lead|deal)"
    r"|(?:le|the)\s+(?:lead|deal)\s+(?:le\s+mieux\s+note|with\s+the\s+(?:best|highest)\s+score))(?![\w])"
)
# After a leads page: "et chez Chloé ?", "lesquels sont en SQL ?", "seulement ceux de Bruno"
_FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok|bon|alors)[\s,]+)?(?:et|and|what\s+about|how\s+about|seulement|uniquement|only"
    r"|just|lesquels|lesquelles|which\s+ones|which\s+of\s+them|parmi\s+(?:eux|elles|ceux-ci)"
    r"|combien|how\s+many|nombre|nb|number\s+of"
    r"|among\s+them|ceux|celles|those|garde|keep|filtre\w*|plutot|instead)(?![\w])"
)
_COUNTING = re.compile(r"(?<![\w])(?:combien|how\s+many|nombre|nb|number\s+of|total)(?![\w])")
# "et ceux de Chloé ?", "and those of Bruno?", "pareil pour David": the same question, another rep
_SAME_FOR = re.compile(
    r"^\W*(?:(?:ok|bon|alors)[\s,]+)?(?:(?:et|and)\s+(?:ceux|celles|les\s+siens|those|the\s+ones)"
    r"|(?:et|and)\s+(?:pour|for)|pareil\s+pour|idem\s+pour|same\s+for|what\s+about|how\s+about)(?![\w])"
)
_HOW_MANY = re.compile(
    r"^\W*(?:et\s+)?(?:(?:ca\s+fait|il\s+y\s+en\s+a|y\s+en\s+a[- ]t[- ]il)\s+)?(?:combien|how\s+many)"
    r"(?:\s+(?:il\s+y\s+en\s+a|(?:il|elle|ils|elles|on)\s+en\s+(?:a|ont)|en\s+a[- ]t[- ](?:il|elle)"
    r"|y\s+en\s+a[- ]t[- ]il|en\s+tout|au\s+total|ca\s+fait|en\s+a|are\s+there|in\s+total|in\s+all"
    r"|of\s+them|does\s+(?:he|she)\s+have|do\s+they\s+have|de\s+leads|is\s+that|are\s+they"
    r"|are\s+there|ca\s+fait|y\s+en\s+a))*\W*$"
)
# "affiche-la", "show it": the list last worked with, when nothing else came since
_SHOW_IT = re.compile(
    r"^\W*(?:(?:ok|bon|alors)[\s,]+)?(?:montre|affiche|ouvre|show|open|display|voir|liste)(?:[- ]moi)?"
    r"(?:-la|-le|-les|\s+it|\s+la|\s+le|\s+les|\s+them)(?:[- ]moi)?\W*$"
)
_WHAT_INSIDE = re.compile(
    r"(?<![\w])(?:ce\s+qu'il\s+y\s+a|qu'y\s+a-t-il|qu'est-ce\s+qu'il\s+y\s+a|what'?s|what\s+is)\b.*"
    r"\b(?:dedans|inside|in\s+it|in\s+there)(?![\w])"
)
_WHAT_IN = re.compile(
    r"(?<![\w])(?:what'?s|what\s+is|qu'y\s+a[- ]t[- ]il|qu'est-ce\s+qu'il\s+y\s+a|ce\s+qu'il\s+y\s+a"
    r"|y\s+a\s+quoi|il\s+y\s+a\s+quoi|c'est\s+quoi|montre\w*|affiche\w*|show|open|ouvre)"
    r"(?:[- ]moi|\s+me)?\s+(?:in|dans|le\s+contenu\s+de|the\s+contents?\s+of)?\s*"
)
_WHY = re.compile(r"(?<![\w])(?:why|pourquoi)(?![\w])")
# "qu'est-ce qu'il y a dans X ?": what a named thing holds, a list (a place is a search)
_INSIDE_NAMED = re.compile(
    r"(?<![\w])(?:qu'il\s+y\s+a|y\s+a[- ]t[- ]il|y\s+a\s+quoi|il\s+y\s+a\s+quoi)\s+(?:dans|de\s+dans)"
    r"\s+(?!la\s+liste|cette|ma\s+liste|le\s+\d|l'|les?\s)(?P<name>[^?!.]+?)\s*[?!.]*$"
)


def _named_container(request: Request) -> str | None:
    """The list a "what is inside X" question names, unless X is a place ("dans le Rhône")."""
    name = request.group(_INSIDE_NAMED, "name")
    if not name:
        return None
    reading = parse_company_query(name)
    if not (reading.naf_codes or reading.sections or reading.text or reading.name):
        return None  # "qu'est-ce qu'il y a dans Lyon ?": a place
    return name


_IT = re.compile(r"(?<![\w])(?:il|elle|it|ce\s+lead|this\s+lead|they)(?![\w])")
_ASCENDING = re.compile(
    r"(?<![\w])(?:croissant\w*|ascend\w*|asc|du\s+plus\s+(?:bas|petit|faible)|lowest\s+first"
    r"|(?:les\s+)?moins\s+bien\s+notes?\s+d'abord|smallest\s+first|low\s+to\s+high)(?![\w])"
)
_BY_SCORE = re.compile(r"(?<![\w])(?:tri\w*|sort\w*|classe\w*|order\w*)\b.*\bscores?(?![\w])")


_SHOW_LIST = re.compile(
    r"(?<![\w])(?:montre|affiche|show|voir|vois|open|ouvre|display)\w*(?:[- ]moi|\s+me)?\s+"
    r"(?:cette|this|that|la|ma|the|my)\s+(?:liste|list)(?![\w])"
)
_MINE = re.compile(  # "à moi", never "montre-moi"
    r"(?<![\w])(?:mes|my|mine|(?<!-)moi|j'ai|j'en\s+ai|ai-je|i\s+have|have\s+i|perso|m'en\s+reste"
    r"|me\s+reste|do\s+i\s+(?:still\s+)?have"
    r"|(?<!')g(?=\s+(?:de|d'|des|encore|toujours|combien)(?![\w])))(?![\w])"  # SMS: "combien g de"
)
_NOT_CONTACTED = re.compile(
    r"(?:(?<![\w])(?:pas|non|jamais|not|never|sans|nobody|no\s+one|personne\s+n'a|aucun|no)|n't)"
    r"\s+(?:\w+\s+){0,2}?"
    r"(?:contacte\w*|relance\w*|contacted|touched|appele\w*|called|reached"
    r"|contacts?(?=\s+(?:depuis|for|in|since|within|over)\s))"
    r"(?:\s+(?:depuis|for|in|since|within|over|during)\s+"
    r"(?:(?:the\s+)?(?:last|past)\s+|(?:les|ces)\s+)?(?:plus\s+de\s+|over\s+|more\s+than\s+)?"
    r"(?P<n>\d{1,4}|une?|a|an|deux|two|trois|three|quatre|four|cinq|five|six)\s*"
    r"(?:dernier(?:e?s)?\s+)?(?P<unit>jours?|j|days?|semaines?|weeks?|mois|months?))?"
)
_UNIT_DAYS = {"jour": 1, "j": 1, "day": 1, "semaine": 7, "week": 7, "mois": 30, "month": 30}
DEFAULT_STALE_DAYS = 30


def without_contact_for(request: Request) -> bool:
    """Whether the request asks for leads without contact over a period ("sans contact depuis
    45 jours", "no contact in the past 3 weeks"): about leads, not people."""
    match = re.search(_NOT_CONTACTED, request.folded)
    return match is not None and bool(match["n"])


def _not_contacted(request: Request) -> int | None:
    """Days without contact a request asks about ("non contactés depuis 30 jours"), or None."""
    match = re.search(_NOT_CONTACTED, request.folded)
    if match is None:
        return None
    if not match["n"]:
        return DEFAULT_STALE_DAYS
    unit = match["unit"].rstrip("s") if match["unit"] != "mois" else "mois"
    words = {"deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4, "cinq": 5,
             "five": 5, "six": 6}  # fmt: skip
    count = int(match["n"]) if match["n"].isdigit() else words.get(match["n"], 1)  # "in a month"
    return count * _UNIT_DAYS.get(unit, 1)


_ET_NAME = re.compile(
    r"^\W*(?:et|and|what\s+about)\s+(?:chez\s+|pour\s+|for\s+)?"
    r"(?P<name>[a-z][a-z-]{1,20}(?:\s+[a-z][a-z-]{1,20})?)\W*$"
)


def _after_et(request: Request) -> str | None:
    """ "et Chloé ?", "et Alice Martin ?": the rep named alone after "et"."""
    match = _ET_NAME.match(request.folded)
    words = match["name"].split() if match is not None else []
    if match is None or any(word in NOT_A_PERSON for word in words):
        return None
    if stage_in(Request(match["name"])):
        return None
    return request.original(match.start("name"), match.end("name"))


# "lesquels ?", "which ones?", "montre-les" right after a count
_WHICH_ONES = re.compile(
    r"^\W*(?:(?:et|and|ok|bon|alors)[\s,]+)?(?:lesquels|lesquelles|which\s+ones|which\s+are\s+they"
    r"|(?:show|list)\s+(?:me\s+)?them|(?:liste|montre|affiche)[- ](?:les|moi[- ]les)|c'est\s+qui)\W*$"
)


def _counted_stages(conversation: Conversation) -> dict[str, Any] | None:
    """The `list_leads` arguments for the leads of several stages a pipeline summary just
    counted ("combien de perdus et disqualifiés ?"), when that count is the last thing shown."""
    summary = conversation.previous_pipeline
    if summary is None:
        return None
    notes = (conversation.memo_of_latest_call("pipeline_summary") or {}).get("notes") or []
    counted = [
        str(note).removeprefix("stages:") for note in notes if str(note).startswith("stages:")
    ]
    if not counted:
        return None
    args: dict[str, Any] = {"stages": counted[0].split("+")}
    if summary.owner:
        args["owner"] = summary.owner
    return args


def stage_in(request: Request) -> str | None:
    """The funnel stage a request names, or None."""
    for stage, pattern in STAGES:
        if request.has(pattern):
            return stage
    return None


def stages_in(request: Request) -> list[str]:
    """Every funnel stage a request names ("perdus et disqualifiés"), in funnel order."""
    named = {stage for stage, pattern in STAGES if request.has(pattern)}
    return [stage for stage in FUNNEL if stage in named]


def with_stages(args: dict[str, Any], request: Request) -> dict[str, Any]:
    """`args` asking for the stage the request names, or for all of them when it names several
    ("les leads perdus et disqualifiés": both at once)."""
    named = stages_in(request)
    if len(named) > 1:
        args.pop("stage", None)
        args["stages"] = named
    elif named:
        args.pop("stages", None)
        args["stage"] = named[0]
    return args


_RANKED_TOOLS = ("list_leads", "score_leads")


def _whose_ranking(conversation: Conversation) -> dict[str, Any]:
    """The scope ({"mine": True}, {"owner": …}) of the leads ranked just before, when the
    rep's last request listed or scored leads: "top 5 leads" right after "mes meilleurs leads"
    or "score mes leads" keeps "mine"; {} otherwise."""
    for message in reversed(conversation.messages):
        calls = getattr(message, "tool_calls", None) or []
        if not calls:
            continue
        call = calls[-1]
        if call["name"] not in _RANKED_TOOLS:
            return {}
        args = dict(call["args"])
        if args.get("mine"):
            return {"mine": True}
        return {"owner": args["owner"]} if args.get("owner") else {}
    return {}


class LeadsIntent:
    """List leads, filtered by list name, stage and owner (each only when given)."""

    name = "leads"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `list_leads` call with the filters named in the request, or None."""
        request = Request(text)
        inside = _named_container(request)
        if inside is not None:  # "c'est quoi qu'il y a dans Cabinets comptables Gironde ?"
            return plan_or_unavailable(conversation, TOOL, {"list_name": inside})
        counted = _counted_stages(conversation)
        if counted is not None and (request.has(_SHOW_IT) or request.has(_WHICH_ONES)):
            return plan_or_unavailable(conversation, TOOL, counted)  # the leads just counted
        shown = conversation.previous_leads
        if request.has(_SHOW_IT) and shown is not None:  # "montre-les" after "combien … ?"
            return plan_or_unavailable(conversation, TOOL, shown.filters())  # before any list
        if request.has(_SHOW_IT) and conversation.focus_list and not conversation.company_on_screen:
            return plan_or_unavailable(conversation, TOOL, {"list_name": conversation.focus_list})
        if (
            request.has(_SHOW_IT)
            and conversation.focus_list is None
            and conversation.focus_company is None
            and not conversation.shown_rows
        ):  # "affiche-la" when no list was made or shown (nothing was found to put in one)
            return TextReply(t("offline.lists.which", conversation.language))
        if request.has(_WHY) and shown is not None and request.has(_THEM):
            return TextReply(_reasons(shown, conversation.language))  # "pourquoi on les a perdus ?"
        if request.has(_WHY):
            reference = find_reference(request.folded)
            if reference is not None and reference.is_single:
                return None  # "why was the first one lost?": that lead's card
            if conversation.focus_company is not None and request.has(_IT):
                return None  # "pourquoi il est en MQL ?": the card of the lead last moved
        if request.has(_ALL_MINE):  # "combien j'en ai en tout, toutes étapes confondues ?"
            kept = conversation.previous_leads
            everything: dict[str, Any] = {"mine": True}
            if kept is not None and kept.list is not None:
                everything = {"list_name": kept.list.name, "owner": conversation.user or ""}
            return plan_or_unavailable(conversation, TOOL, everything)
        if request.has(_WHICH_REPS) and not owner_in(request):
            # "quels commerciaux ont des leads non contactés depuis 60 jours ?": per rep
            per_rep: dict[str, Any] = {"limit": MAX_LEADS}
            with_stages(per_rep, request)
            days = _not_contacted(request)
            if days is not None:
                per_rep["not_contacted_days"] = days
            return plan_or_unavailable(conversation, TOOL, per_rep, memo={"notes": ["owners:"]})
        why_lost = why_closed(request)
        if why_lost is not None:  # "combien de leads on a perdu ce mois-ci et pourquoi ?"
            asked: dict[str, Any] = {"stage": why_lost, "limit": MAX_LEADS}
            if set(stages_in(request)) == {"lost", "disqualified"}:  # "… perdus et disqualifiés"
                asked = {"stages": ["lost", "disqualified"], "limit": MAX_LEADS}
            named = list_name(request) or known_list_in(request, conversation)
            if named:
                asked["list_name"] = named
            owner = owner_in(request) or (None if named else person_in(request))
            did = _DID.search(request.folded)
            if owner is None and did is not None and did["name"] not in NOT_A_PERSON:
                owner = request.original(did.start("name"), did.end("name"))  # "did Bruno lose"
            if owner:
                asked["owner"] = owner
            elif request.has(_MINE) and not named:
                asked["mine"] = True
            notes = ["reasons:"]
            if names_a_period(request):  # the tool cannot date a move: said, not hidden
                notes.append("offline.leads.reasons_any_period")
            return plan_or_unavailable(conversation, TOOL, asked, memo={"notes": notes})
        previous = conversation.previous_leads
        if previous is not None:
            follow = self._follow_up(request, previous, conversation)
            if follow is not None:
                return follow
        stage = stage_in(request)
        showing_a_list = request.has(_SHOW_LIST) or (
            request.has(_WHAT_INSIDE) and conversation.focus_list is not None
        )
        if not showing_a_list and request.has(_WHAT_IN) and known_list_in(request, conversation):
            showing_a_list = True  # "what's in Cabinets comptables Gironde?"
        # "lesquels n'ont pas été contactés depuis 30 jours ?" under the lists shown: their leads
        stale_in_lists = conversation.latest_is_lists and _not_contacted(request) is not None
        if not (
            stage
            or request.has(_LEADS)
            or request.has(_OF_LIST)
            or showing_a_list
            or stale_in_lists
        ):
            return None
        args: dict[str, Any] = {}
        name = (
            list_name(request)
            or this_list(request, conversation)
            or named_focus_list(request, conversation)
            or known_list_in(request, conversation)
            or list_named_loosely(request)  # "les leads de BTP Bretagne"
            or (conversation.focus_list if request.has(_ITS_LEADS) else None)
        )
        if name:
            args["list_name"] = name
        elif points_at_a_list(request):
            return TextReply(t("offline.lists.which", conversation.language))
        with_stages(args, request)
        owner = owner_in(request) or (None if name else person_in(request))
        if owner is None and stale_in_lists and not name:
            owner = conversation.focus_owner  # the rep whose lists are on screen, if one
        # "combien de leads il a ?": the rep in focus; "la liste X elle a combien…": the list
        if owner is None and (request.has(_THEIR) or (request.has(_THEIR_COUNT) and not name)):
            owner = conversation.focus_owner  # "ses leads", "combien de leads il a ?"
            if owner is None and not name:
                return TextReply(t("offline.leads.whose", conversation.language))
        if owner is None and not name:
            owner = rep_who_has(request)  # "combien de leads Bruno a en SQL ?"
        if owner:
            args["owner"] = owner
        elif request.has(_MINE) and not name:
            args["mine"] = True
        days = _not_contacted(request)
        if days is not None:
            args["not_contacted_days"] = days
        top = re.search(_TOP, request.folded)
        if (
            (top is not None or request.has(_THE_BEST))
            and not {"owner", "mine", "list_name"} & args.keys()
            and not request.has(_WHOLE_TEAM)  # "top 5 leads de l'équipe": everyone's
        ):
            args.update(_whose_ranking(conversation))  # "top 5 leads" after "score mes leads"
        if top is not None:
            args["limit"] = max(1, min(int(top["n"] or top["m"]), MAX_LEADS))
        elif request.has(_THE_BEST):  # "quel est le meilleur lead de cette liste ?": one
            args["limit"] = 1
        return plan_or_unavailable(conversation, TOOL, args)

    def _follow_up(
        self, request: Request, previous: LeadsArtifact, conversation: Conversation
    ) -> Plan | None:
        """The leads page on screen with one thing changed (a stage, a rep), its count, or
        None when the request is not about it."""
        language = conversation.language
        if request.has(_HOW_MANY):
            return TextReply(t("offline.leads.how_many", language, count=previous.total))
        if request.has(_BY_SCORE):
            key = "by_score_ascending" if request.has(_ASCENDING) else "by_score"
            return TextReply(t(f"offline.leads.{key}", language))
        short = len(request.folded.split()) <= 4
        own_request = request.has(_MINE) and request.has(_LEADS)
        about_a_rep = request.has(_COUNTING) and rep_who_has(request) is not None
        follows = request.has(_FOLLOW_UP) or short or about_a_rep  # "David en a combien ?"
        if not follows or own_request or list_name(request):
            return None  # "mes leads en SQL", "les leads de la liste X": a request of its own
        stage = stage_in(request)
        # "combien de leads David a en SQL ?" with a list on screen: David's, in that list
        owner = owner_in(request) or person_in(request) or rep_who_has(request)
        owner = owner or _after_et(request)
        if owner is None and request.has(_MINE):
            owner = conversation.user  # "lesquels j'ai jamais contacté ?": the asker's
        days = _not_contacted(request)
        top = re.search(_TOP, request.folded)
        if top is not None and short and not (stage or owner or days is not None):
            # "top 5 leads" after a list's leads: the best of those
            count = max(1, min(int(top["n"] or top["m"]), MAX_LEADS))
            return plan_or_unavailable(conversation, TOOL, {**previous.filters(), "limit": count})
        if not (stage or owner or days is not None):
            return None
        args: dict[str, Any] = {}
        if previous.list is not None:
            args["list_name"] = previous.list.name
        args["stage"] = previous.stage
        if previous.stages:
            args["stages"] = previous.stages
        with_stages(args, request)  # "et les perdus et disqualifiés ?": in place of the stage
        args["owner"] = owner or previous.owner
        # "combien de leads a Bruno en SQL ?": a question of its own about another rep, not
        # "et Bruno ?": the staleness filter of the page on screen is not carried over
        own_question = (
            bool(owner)
            and not short
            and owner != previous.owner
            and not request.has(_SAME_FOR)  # "et ceux de Chloé ?": the same page, her leads
        )
        if days is not None or (previous.not_contacted_days is not None and not own_question):
            args["not_contacted_days"] = days if days is not None else previous.not_contacted_days
        return plan_or_unavailable(
            conversation, TOOL, {key: value for key, value in args.items() if value is not None}
        )

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """How many leads, the filters, and the first few with stage, owner and score."""
        return "\n\n".join(leads_answer(result, language) for result in results)


_THEM = re.compile(
    r"(?<![\w])(?:les|them|they|ils|elles|ces\s+leads|these|those|ceux-ci|ceux-la)(?![\w])"
)


_WHOLE_TEAM = re.compile(
    r"(?<![\w])(?:l'equipe|equipe|the\s+team|team's|our\s+team|tout\s+le\s+monde|everyone"
    r"|de\s+tous|toute\s+l'equipe|(?:whole|entire)\s+team)(?![\w])"
)
_ALL_MINE = re.compile(
    r"^\W*(?:(?:et|and|ok|bon|alors)[\s,]+)?(?:combien|how\s+many)\s+(?:(?:de\s+leads\s+)?(?:j'en\s+ai|j'ai|ai-je)"
    r"|(?:leads\s+)?do\s+i\s+have)\b.*\b(?:en\s+tout|au\s+total|toutes\s+etapes|tous\s+stades|in\s+total"
    r"|in\s+all|all\s+stages|overall)(?![\w])"
)
_DID = re.compile(
    r"(?<![\w])(?:did|does|has|have)\s+(?P<name>(?!we\b|i\b|you\b|they\b)[a-z][a-z-]{1,20})"
    r"\s+(?:lose|lost|disqualif\w*)"
)
_WHY_CLOSED = re.compile(
    r"(?<![\w])(?:pourquoi|why|pour\s+quelles?\s+raisons?|raisons?|reasons?|motifs?)(?![\w])"
)


def why_closed(request: Request) -> str | None:
    """ "combien de leads on a perdu ce mois-ci et pourquoi ?", "why did we lose deals?": the
    stage (lost or disqualified) whose recorded reasons are asked for across leads, or None
    (one lead's "why" is its card)."""
    if not request.has(_WHY_CLOSED):
        return None
    stage = stage_in(request)
    if stage not in ("lost", "disqualified"):
        stage = (
            "lost" if re.search(r"(?<![\w])(?:perd\w*|lose|lost)(?![\w])", request.folded) else None
        )
    if stage is None:
        return None
    reference = find_reference(request.folded)
    if (reference is not None and reference.is_single) or request.has(_IT):
        return None
    many = re.search(
        r"(?<![\w])(?:combien|how\s+many|leads|deals|on|we|nous|l'equipe|team)(?![\w])",
        request.folded,
    )
    return stage if many else None


_WHICH_REPS = re.compile(
    r"(?<![\w])(?:quels?\s+commerciaux|quelles?\s+commerciales|quels?\s+vendeurs|which\s+reps?"
    r"|which\s+sales\s*(?:people|reps?)|which\s+salespeople|qui|who)\s+(?:ont|a|have|has|got)\s+"
    r"(?:des\s+|encore\s+des\s+|any\s+|some\s+)?(?:leads?|deals?)(?![\w])"
)


def owners_note(results: Sequence[ToolResult], language: Language) -> str:
    """The leads a `list_leads` call returned, counted per rep, most first."""
    found = next((r.artifact for r in results if isinstance(r.artifact, LeadsArtifact)), None)
    if found is None or not found.leads:
        return ""
    counts: dict[str, int] = {}
    for lead in found.leads:
        counts[lead.owner or ""] = counts.get(lead.owner or "", 0) + 1
    lines = [
        md(
            "offline.leads.owner_line",
            language,
            owner=display_name(owner) or t("offline.pipeline.no_owner", language),
            count=count,
        )
        for owner, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    key = (
        "offline.leads.by_owner"
        if found.total <= len(found.leads)
        else "offline.leads.by_owner_part"
    )
    head = t(key, language, count=len(found.leads), total=found.total)
    return head + "\n\n" + bullets(lines)


def reasons_note(results: Sequence[ToolResult], language: Language) -> str:
    """The reasons recorded on the leads a `list_leads` call returned, most frequent first."""
    found = next((r.artifact for r in results if isinstance(r.artifact, LeadsArtifact)), None)
    return _reasons(found, language) if found is not None and found.leads else ""


def _reasons(shown: LeadsArtifact, language: Language) -> str:
    """Why the leads on screen are where they are: the reasons recorded, most frequent first."""
    given: dict[str, int] = {}
    for lead in shown.leads:
        if lead.stage_reason:
            given[lead.stage_reason] = given.get(lead.stage_reason, 0) + 1
    if not given:
        return t("offline.leads.no_reasons", language, count=len(shown.leads))
    lines = [
        md("offline.leads.reason_line", language, reason=reason, count=count)
        for reason, count in sorted(given.items(), key=lambda item: -item[1])
    ]
    head = t("offline.leads.reasons", language, count=len(shown.leads), given=sum(given.values()))
    return head + "\n\n" + bullets(lines)


def _filters(artifact: LeadsArtifact, language: Language) -> Markdown:
    parts = []
    if artifact.list:
        parts.append(md("offline.leads.filter_list", language, name=artifact.list.name))
    if artifact.stage:
        stage = stage_label(artifact.stage, language)
        parts.append(md("offline.leads.filter_stage", language, stage=stage))
    if artifact.stages:  # "étapes Perdu 13, Disqualifié 9": each stage's share of the total
        counts = ", ".join(
            f"{stage_label(stage, language)} {format_number(artifact.by_stage.get(stage, 0), language)}"
            for stage in artifact.stages
        )
        parts.append(md("offline.leads.filter_stages", language, counts=counts))
    if artifact.owner:
        parts.append(md("offline.leads.filter_owner", language, owner=display_name(artifact.owner)))
    if artifact.not_contacted_days is not None:
        days = artifact.not_contacted_days
        parts.append(md("offline.leads.filter_not_contacted", language, days=days))
    if artifact.sort == "intent":
        parts.append(md("offline.leads.by_intent", language))
    return Markdown(f" ({', '.join(parts)})" if parts else "")


def _lead_line(lead: LeadItem, language: Language, *, intent: bool = False) -> Markdown:
    stage = stage_label(lead.stage, language)
    details = [
        city_name(lead.city),
        f"{stage} ({lead.stage_reason})" if lead.stage_reason else stage,
    ]
    if lead.owner:
        details.append(display_name(lead.owner))
    if intent:  # sorted by intent: the figure it is sorted by, first
        details.append(t("offline.leads.intent", language, intent=lead.intent or 0))
    if lead.score is not None:
        details.append(t("offline.leads.score", language, score=lead.score))
    if lead.list_name:
        details.append(t("offline.leads.in_list", language, name=lead.list_name))
    shown = ", ".join(detail for detail in details if detail)
    return Markdown(f"**{plain(lead.name or lead.siren)}** — {plain(shown)}")


def leads_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "leads" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, LeadsArtifact):
        return plain_answer(result, language)
    filters = _filters(artifact, language)
    if not artifact.leads:
        if artifact.total:  # a page past the end
            return t("offline.leads.no_more", language, count=artifact.total)
        return md("offline.leads.none", language, filters=filters)
    shown = artifact.leads[:SHOWN]
    head: str = md("offline.leads.found", language, count=artifact.total, filters=filters)
    if artifact.offset:
        first, last = artifact.offset + 1, artifact.offset + len(shown)
        head += md("offline.leads.range", language, first=first, last=last)
    elif artifact.total > len(shown):
        head += md("offline.leads.first", language, shown=len(shown))
    else:
        head += md("offline.leads.all", language)
    by_intent = artifact.sort == "intent"
    lines = [_lead_line(lead, language, intent=by_intent) for lead in shown]
    return head + "\n\n" + bullets(lines)

"""CSV exports of whole sets: "exporte la liste ESN Lyon", "exporte ces résultats en CSV" (every
match of the last search, not the page on screen), "export my SQL leads"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import ToolMessage

from agent.artifacts import ExportArtifact, LeadsArtifact, read_artifact
from agent.contacts import roles_in
from agent.i18n import Language, md, t
from agent.i18n.labels import display_name
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.leads import stage_in
from agent.llm.offline.intents.lists import known_list_in, this_list
from agent.llm.offline.intents.people_filter import PEOPLE_EMAIL, narrowed
from agent.llm.offline.intents.refine import previous_query, query_args
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query
from store.search.query import CompanyQuery

TOOL = "export_csv"
SHOWN_NOTE = "shown_people:"  # the note comparing a people export with the people on screen
_EXPORT = re.compile(
    r"(?<![\w])(?:export\w*|telecharge\w*|download\w*|extrai\w*|extract\w*|sors[- ]moi"
    r"|fichier\s+csv|csv|excel)(?![\w])"
)
_LEADS = re.compile(r"(?<![\w])(?:leads?|pipeline|deals?)(?![\w])")
_MINE = re.compile(r"(?<![\w])(?:mes|my|mine)(?![\w])")


_EXPORT_WORDS = re.compile(
    r"(?i)(?<![\w])(?:export\w*|t[ée]l[ée]charge\w*|download\w*|extrai\w*|extract\w*|sors[- ]moi"
    r"|(?:en|au\s+format|as|in|to)\s+(?:csv|excel|xlsx)|fichier|csv|excel|xlsx)(?![\w])"
)


def _described_search(text: str, conversation: Conversation) -> CompanyQuery | None:
    """The search a request describes ("exporte toutes les ESN lyonnaises en CSV"), when it
    names a sector or a place; None otherwise (then the last search is meant)."""
    query = parse_company_query(_EXPORT_WORDS.sub(" ", text), today=conversation.today)
    if not (
        query.naf_codes or query.sections or query.cities or query.departments or query.regions
    ):
        return None
    return query


_WHERE_FILE = re.compile(
    r"(?<![\w])(?:ou|where)\b.*\b(?:fichiers?|files?|csv|exports?)|(?:fichiers?|files?)\b.*\b(?:ou|where)(?![\w])"
)
# "où est le fichier ?", "il est où le csv", "where's the file?": a question, not an export
_WHERE_ASKED = re.compile(
    r"(?<![\w])(?:ou\s+(?:est|sont|se\s+trouve\w*|trouve\w*|je\s+(?:trouve|recupere)\w*"
    r"|puis-je|l'ai-je|il\s+est|ils\s+sont|elle\s+est|l'as-tu|tu\s+l'as|as-tu|t'as)"
    r"|(?:est|sont)(?:-(?:il|ils|elle|elles))?\s+ou|where(?:'s|\s+(?:is|are|can|do|did))?)"
    r"(?![\w])"
)
_FILE_WORD = re.compile(r"(?<![\w])(?:fichiers?|files?|csv|exports?|excel|xlsx)(?![\w])")
_EXPORT_ORDER = re.compile(
    r"(?<![\w])(?:export(?:e|er|ez)?(?:-(?:les|la|le|moi))?\s+(?:les|la|le|ces|mes|them|it|the|my"
    r"|this|these|all|tout|en|as|to)|telecharge\w*|download\w*|extrai\w*|extract\w*|sors[- ]moi)"
    r"(?![\w])"
)


def _where_the_file_is(request: Request, conversation: Conversation) -> Plan | None:
    """ "où est le fichier ?": the path of the latest file exported in the conversation, or
    that none was; None when the request is not that question."""
    if not (request.has(_WHERE_ASKED) and request.has(_FILE_WORD)) or request.has(_EXPORT_ORDER):
        return None
    if len(request.folded.split()) > 10:
        return None
    for message in reversed(conversation.messages):
        if isinstance(message, ToolMessage) and message.status != "error":
            done = read_artifact(message.artifact)
            if isinstance(done, ExportArtifact):
                return TextReply(md("offline.export.where", conversation.language, path=done.path))
    return TextReply(t("offline.export.no_file", conversation.language))


_ONLY = re.compile(
    r"^\W*(?:(?:et|and)\s+)?(?:seulement|uniquement|que|juste|only|just)(?![\w])"
    r"|^\W*(?:et|and)\s+(?:les|the)\s"
)
_TOO = re.compile(r"(?<![\w])(?:aussi|egalement|too|also|as\s+well)(?![\w])|^\W*(?:et|and)\s")


_THEIR = re.compile(r"(?<![\w])(?:ses|his|her|their)\s+(?:leads?|deals?|sqls?|mqls?)(?![\w])")


# The people, not the companies: "exporte les contacts de la liste X", "export the CFOs"
_PEOPLE = re.compile(
    r"(?<![\w])(?:contacts?|decideu\w*|decision[- ]?makers?|personnes|people|dirigeants"
    r"|interlocuteurs|e-?mails?|mails?)(?![\w])"
)
_THEM = re.compile(r"(?<![\w])(?:-les|les|them|ces|these|ca|that|tout|all)(?![\w])")


def _people_export(
    request: Request, conversation: Conversation, named: str | None
) -> dict[str, Any] | None:
    """The arguments of a people export, when the request asks for people: named ("les
    contacts de la liste X", "les DSI de la liste X") or just shown ("exporte-les" after the
    decision-makers)."""
    roles = [role.key for role in roles_in(request.text.replace(named or "\0", " "))]
    latest = conversation.latest_contacts
    if not (request.has(_PEOPLE) or roles or (latest is not None and request.has(_THEM))):
        return None
    args: dict[str, Any] = {"people": True}
    if named:
        args["list_name"] = named
    elif latest is not None:
        if latest.list_name:
            args["list_name"] = latest.list_name
        else:
            args["sirens"] = [company.siren for company in latest.companies]
        roles = roles or list(latest.roles)
    elif conversation.shown_rows and request.has(_PEOPLE):
        args["sirens"] = [siren for siren, _ in conversation.shown_rows]
    else:
        return None
    if roles:
        args["roles"] = roles
    narrowed = (conversation.memo or {}).get(PEOPLE_EMAIL) or (latest and latest.email)
    if latest is not None and not named and narrowed in ("any", "verified"):
        args["email"] = narrowed  # "exporte-les" after "juste ceux avec un email vérifié"
    return args


def _was_mine(conversation: Conversation) -> bool:
    """Whether the leads on screen were asked as the rep's own ("mes leads")."""
    for message in reversed(conversation.messages):
        for call in getattr(message, "tool_calls", None) or []:
            if call["name"] == "list_leads":
                return bool(call["args"].get("mine"))
    return False


_SAME = re.compile(
    r"(?<![\w])(?:(?:refai\w*|redo|do|fai\w*)\s+(?:la\s+|the\s+)?(?:meme\s+chose|pareil|same(?:\s+thing)?)"
    r"|pareil|idem|meme\s+chose|same\s+(?:thing\s+)?(?:for|in|with)|again\s+(?:for|in|with))(?![\w])"
)
_PLACES = ("cities", "departments", "regions", "postcodes")


def _same_elsewhere(
    request: Request, args: dict[str, Any], conversation: Conversation
) -> dict[str, Any] | None:
    """The last search export again in another place ("pareil pour Roubaix"), or None."""
    if "query" not in args or not request.has(_SAME):
        return None
    reading = parse_company_query(request.text, today=conversation.today)
    places = {name: getattr(reading, name) for name in _PLACES if getattr(reading, name)}
    if not places:
        return None
    query = {key: value for key, value in args["query"].items() if key not in _PLACES}
    return {**args, "query": {**query, **places}}


# "refais pareil pour BTP Bretagne": the list named at the end, after "pour" / "for"
_FOR_NAME = re.compile(
    r"(?<![\w])(?:pour|for)\s+(?:la\s+liste\s+|the\s+list\s+|la\s+|the\s+)?(?P<name>\S.*?)\W*$"
)


def _named_after_for(request: Request) -> str | None:
    """The name after the last "pour"/"for" of the request, as written, or None."""
    found = _FOR_NAME.search(request.folded)
    return request.original(found.start("name"), found.end("name")) if found else None


_WHOLE = re.compile(r"(?<![\w])(?:toute|entiere|whole|entire|all)(?![\w])")
_HOW_MANY_ROWS = re.compile(r"(?<![\w])(?:combien|how\s+many)(?![\w])")


def _last_export(
    conversation: Conversation,
) -> tuple[dict[str, Any], str | None, int | None] | None:
    """The arguments and file of the export just made, when it is the latest thing done."""
    messages = conversation.messages
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        calls = getattr(message, "tool_calls", None)
        if not calls:
            continue
        call = calls[-1]
        if call["name"] != TOOL:
            return None
        results = [
            read_artifact(later.artifact)
            for later in messages[index + 1 :]
            if isinstance(later, ToolMessage) and later.tool_call_id == call["id"]
        ]
        done = next((r for r in results if isinstance(r, ExportArtifact)), None)
        return dict(call["args"]), done.path if done else None, done.rows if done else None
    return None


def _the_leads_shown(
    args: dict[str, Any], shown: LeadsArtifact, conversation: Conversation
) -> bool:
    """Whether an export's arguments ask for the very leads on screen: same list, stage, days
    without contact and owner."""
    if "query" in args or shown.stages:
        return False
    owner = conversation.user if args.get("mine") else args.get("owner")
    same_owner = owner == shown.owner or (
        owner is not None and shown.owner is not None and display_name(shown.owner).lower()
        .startswith(str(owner).lower())
    )  # fmt: skip
    return (
        args.get("list_name") == (shown.list.name if shown.list is not None else None)
        and args.get("stage") == shown.stage
        and args.get("not_contacted_days") == shown.not_contacted_days
        and same_owner
    )


class ExportIntent:
    """A CSV file of a list's leads, of the rep's leads, or of every match of the last search."""

    name = "export"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """An `export_csv` call, or a question back when there is nothing to export yet."""
        request = Request(text)
        where = _where_the_file_is(request, conversation)
        if where is not None:
            return where
        if not request.has(_EXPORT):
            return self._after_an_export(request, conversation)
        name = list_name(request) or this_list(request, conversation)
        people = _people_export(request, conversation, name)
        if people is not None:
            latest = conversation.latest_contacts
            if name is None and latest is not None and "list_name" in people:
                # "exporte-les" after a list's people: the file is the whole list, which the
                # answer compares with the people on screen
                on_screen = narrowed(latest, people.get("email")).people
                note = f"{SHOWN_NOTE}{on_screen}:{people['list_name']}"
                return plan_or_unavailable(conversation, TOOL, people, memo={"notes": [note]})
            return plan_or_unavailable(conversation, TOOL, people)
        args: dict[str, Any] = {}
        stage = stage_in(request)
        shown = conversation.previous_leads
        if not name and shown is not None and shown.list is not None and not request.has(_MINE):
            name = shown.list.name  # "exporte seulement les gagnés" after that list's leads
            if shown.stage and not stage and not request.has(_WHOLE):
                stage = shown.stage  # "exporte-les" after that list's won leads: those
        teammate = (
            shown.owner
            if shown is not None
            and shown.owner
            and shown.owner != conversation.user
            and not request.has(_MINE)
            and not _was_mine(conversation)
            else None
        )
        if name:
            args["list_name"] = name
        elif request.has(_THEIR) or teammate:
            # a teammate's leads ("exporte ses leads", "export them" after Bruno's lost ones)
            owner = teammate or conversation.focus_owner
            if not owner:
                return TextReply(t("offline.leads.whose", conversation.language))
            args["owner"] = owner
            if shown is not None and shown.stage and not stage:
                args["stage"] = shown.stage
            if shown is not None and shown.not_contacted_days:
                args["not_contacted_days"] = shown.not_contacted_days
        elif request.has(_LEADS) or stage or shown is not None:  # any leads page on screen
            own = shown is not None and shown.owner is not None and shown.owner == conversation.user
            args["mine"] = bool(request.has(_MINE) or _was_mine(conversation) or own)
            if shown is not None and shown.stage and not stage:
                args["stage"] = shown.stage  # "exporte-moi ça" after "mes SQL"
            if shown is not None and shown.not_contacted_days:
                args["not_contacted_days"] = shown.not_contacted_days
        else:
            described = _described_search(text, conversation)
            query = described or previous_query(conversation)
            if query is None:
                return TextReply(t("offline.export.nothing", conversation.language))
            search = conversation.previous_search
            if described is None and search is not None and search.total == 0:
                return TextReply(t("offline.export.empty", conversation.language))
            whole = query_args(query.model_copy(update={"offset": 0}))
            whole.pop("limit", None)
            whole.pop("offset", None)
            args["query"] = whole
        if stage:
            args["stage"] = stage
        if not args.get("mine", True):
            args.pop("mine")
        if shown is not None and shown.total == 0 and _the_leads_shown(args, shown, conversation):
            # "exporte-les" after leads that were not there: no empty file
            return TextReply(t("offline.export.no_leads", conversation.language))
        return plan_or_unavailable(conversation, TOOL, args)

    @staticmethod
    def _after_an_export(request: Request, conversation: Conversation) -> Plan | None:
        """Right after an export: "il est où le fichier ?" (where it is), "seulement les SQL"
        (the same export, one stage), "and the X list too" (another list's)."""
        last = _last_export(conversation)
        if last is None:
            return None
        args, path, rows = last
        if request.has(_HOW_MANY_ROWS) and rows is not None:
            return TextReply(t("offline.export.rows", conversation.language, rows=rows))
        if request.has(_WHERE_FILE):
            if not path:
                return None
            return TextReply(md("offline.export.where", conversation.language, path=path))
        short = len(request.folded.split()) <= 5
        stage = stage_in(request)
        if stage and short and request.has(_ONLY) and "query" not in args:
            return plan_or_unavailable(conversation, TOOL, {**args, "stage": stage})
        elsewhere = _same_elsewhere(request, args, conversation)
        if elsewhere is not None:  # "refais la même chose pour Roubaix"
            return plan_or_unavailable(conversation, TOOL, elsewhere)
        name = list_name(request)
        if "list_name" in args and request.has(_SAME):  # "refais pareil pour BTP Bretagne"
            other = name or known_list_in(request, conversation) or _named_after_for(request)
            if other:
                return plan_or_unavailable(conversation, TOOL, {**args, "list_name": other})
        if name and request.has(_TOO):
            kept = {key: value for key, value in args.items() if key == "stage"}
            return plan_or_unavailable(conversation, TOOL, {"list_name": name, **kept})
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Where the file is and how many rows it holds."""
        return "\n\n".join(export_answer(result, language) for result in results)


def shown_note(results: Sequence[ToolResult], note: str, language: Language) -> str:
    """ "Le fichier couvre toute la liste « ESN Lyon » : 56 personnes, plus que les 37
    affichées" when the export holds more people than the screen showed; "" otherwise.
    `note` is "<people shown>:<list>"."""
    shown, _, name = note.partition(":")
    done = next((r.artifact for r in results if isinstance(r.artifact, ExportArtifact)), None)
    if done is None or not shown.isdigit() or done.rows <= int(shown):
        return ""
    return md("offline.export.more_than_shown", language, rows=done.rows, shown=int(shown),
              list=name)  # fmt: skip


def export_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `export_csv` result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, ExportArtifact):
        return plain_answer(result, language)
    text: str = md("offline.export.done", language, rows=artifact.rows, file=artifact.file_name)
    if artifact.truncated and artifact.limit:
        text += " " + t("offline.export.truncated", language, limit=artifact.limit)
    return text + "\n\n" + md("offline.export.where", language, path=artifact.path)

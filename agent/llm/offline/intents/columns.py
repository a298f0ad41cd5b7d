"""AI columns on a lead list: "ajoute une colonne IA 'utilise Salesforce ?' à la liste ESN Lyon
(oui/non)", "ajoute la colonne Maturité d'achat à ma liste ESN Lyon", "remplis les colonnes IA
de la liste ESN Lyon", "run the AI columns on ESN Lyon", "montre les colonnes de la liste ESN
Lyon"; and "do they use Salesforce?", answered with how to ask it of every lead.

A quoted question is a custom column (its type from "(oui/non)", "de type score", "as
boolean", "(a/b/c)"); an unquoted name is a built-in column's. Offline, the tool refuses a
custom prompt and the answer says so; the built-in columns run on rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage

from agent.artifacts import AIColumnsArtifact, ColumnRow
from agent.columns.builtins import builtin_named
from agent.columns.labels import cell_label
from agent.i18n import Language, Markdown, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets

ADD = "add_ai_column"
RUN = "run_ai_columns"
ROWS_SHOWN = 5
THEN_RUN = "run_columns"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


_COLUMN = r"(?:colonnes?|columns?)"
_ADD = _words(
    rf"(?:ajoute\w*|rajoute\w*|cree\w*|add|create)(?:[- ]moi)?\s+(?:(?:une|un|la|les|a|an|the"
    rf"|nouvelle|new|des)\s+)*(?:\S+\s+){{0,3}}{_COLUMN}"
)
_RUN = _words(
    rf"(?:remplis\w*|rempli\w*|lance\w*|execute\w*|calcule\w*|recalcule\w*|fill|run|compute"
    rf"|refresh|update|mets?\s+a\s+jour)\s+(?:(?:les|la|the|my|mes|ses|its)\s+)?(?:\S+\s+)?"
    rf"{_COLUMN}"
)
# "lance-la", "remplis-les", "run it": the columns just added
_RUN_IT = re.compile(
    r"^\W*(?:(?:ok|bon|alors|vas-y|go|et|and|now|maintenant)[\s,!]+)*"
    r"(?:lance|remplis|execute|calcule|run|fill|compute)(?:[- ](?:la|les|le)|\s+(?:it|them))"
    r"(?:\s+(?:maintenant|now|stp|svp|please))?\W*$"
)
_SHOW = _words(
    rf"(?:montre\w*|affiche\w*|voir|vois|show|display|list|quelles?\s+sont)(?:[- ]moi|\s+me)?\s+"
    rf"(?:(?:les|la|the|my|mes|ses|its)\s+)?(?:\S+\s+)?{_COLUMN}"
    rf"|(?:quelles|which|what)\s+{_COLUMN}"
)
_BUILTINS = _words(
    rf"{_COLUMN}\s+(?:integrees?|predefinies?|par\s+defaut|standards?)|built-?\s?in\s+{_COLUMN}"
    rf"|default\s+{_COLUMN}"
)
# "do they use Salesforce?": a question about every lead, which only a column answers
_PER_LEAD = _words(
    r"(?:do|does)\s+(?:they|it|these|those)\s+use|est-ce\s+qu'(?:elle|ils|elles)\s+utilise\w*"
    r"|(?:elle|ils|elles)\s+utilise\w*\s+(?:salesforce|hubspot|pipedrive|aws|sap)"
)
_LIST_NAMES = (
    # "à la liste ESN Lyon (oui/non)", "de ma liste ESN Lyon"
    re.compile(r"(?<![\w])(?:liste|list)\s+(?!(?:de|d')\s)(?P<name>[^(]+?)\s*(?:\(|$)"),
    # "to my ESN Lyon list"
    re.compile(r"(?<![\w])(?:to|on|of|for|in)\s+(?:my|the|our)\s+(?P<name>\S.*?)\s+list(?![\w])"),
    # "à ESN Lyon", "sur ESN Lyon", "on ESN Lyon": the last such preposition
    re.compile(r".*(?<![\w])(?:a|au|sur|dans|to|on|in)\s+(?P<name>[^'\"(]+?)\s*(?:\([^)]*\))?\W*$"),
    # "remplis les colonnes IA de ESN Lyon", "run the AI columns of ESN Lyon"
    re.compile(rf"{_COLUMN}(?:\s+(?:ia|ai))?\s+(?:de|du|d'|of|for)\s*(?P<name>[^'\"(]+?)\W*$"),
)
_NOT_A_NAME = re.compile(
    r"^(?:la|ma|une?|les|the|my|a|an|this|that|cette|ces|chaque|each"
    r"|(?:(?:la|ma|cette|my|the|this|our|notre)\s+)?(?:liste|list))$"
    r"|^(?:it|them|elle|la|celle-ci|this\s+one|that\s+one)(?:\s+(?:and|et|then|puis)\s.*)?$"
)
# "… and run them", "… et lance-les": the columns added, then filled
_AND_RUN = _words(
    r"(?:and|et|then|puis)\s+(?:(?:then|puis)\s+)?(?:run|fill|compute|lance\w*|remplis\w*|calcule\w*)"
    r"(?:[- ](?:les|them|it)|\s+(?:them|it|les))?"
)


# "la colonne Maturité d'achat à ma liste", "the Buying maturity column to": a built-in's name,
# read up to the last preposition first ("Adéquation à l'offre à la liste"), then the first
def _named_column(lazy: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_COLUMN}\s+(?:ia\s+|ai\s+)?(?P<name>[^\"]+{lazy})\s+(?:a|au|to|sur|dans|on|in)\s+"
        r"(?:(?:la|ma|the|my|notre|our)\s+)?(?:liste|list|\S)"
        rf"|(?:add|ajoute\w*)\s+(?:the|a|an|la|une)\s+(?P<before>[^\"]+?)\s+{_COLUMN}(?![\w])"
    )


_BUILTIN_NAMES = (_named_column(""), _named_column("?"))
# « taille de l'équipe IT »: guillemets may hold an apostrophe
_GUILLEMETS = re.compile(r"[«“]\s*(?P<q>[^»”]+?)\s*[»”]")
_BOOLEAN = _words(
    r"\(?\s*(?:oui\s*/\s*non|yes\s*/\s*no)\s*\)?|oui\s+ou\s+non|yes\s+or\s+no|boolean|booleen(?:ne)?"
)
_SCORE = _words(r"score|note\s+sur\s+10|sur\s+10|out\s+of\s+10")
_NUMBER = _words(r"nombre|number|numeric|numerique|chiffre")
_OPTIONS = re.compile(r"\(([^()/]+(?:/[^()/]+)+)\)")


# "leads où 'Utilise Salesforce' = oui", "leads where “Segment” is ETI", "où 'Maturité d'achat'
# = 8": a quoted column (an apostrophe between letters is part of it), a value
_WHERE = re.compile(
    r"(?i)(?<![\w])(?:o[uù]|where|dont|avec|with)\s+(?:la\s+colonne\s+|the\s+column\s+)?"
    r"[«“\"'‘]\s*(?P<column>(?:[^»”\"'’]|(?<=\w)['’](?=\w))+?)\s*[»”\"'’]\s*"  # "d'achat" inside
    r"(?:=|==|:|est|vaut|is|equals)\s*"
    r"(?P<value>[^\s?!.,;]+)"
)


class ColumnsIntent:
    """Adding, running and showing a list's AI columns (`add_ai_column`, `run_ai_columns`)."""

    name = "columns"
    tools = (ADD, RUN)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A column tool call, a question back, or None when not about AI columns."""
        if not conversation.has_tool(ADD):
            return None
        request = Request(text)
        language = conversation.language
        filtered = _WHERE.search(request.text)
        if filtered is not None:  # "leads où 'Utilise Salesforce' = oui": stored cells only
            before = Request(request.text[: filtered.start()])
            named = _list_named(before) or _list_before(before) or conversation.focus_list
            if named is None:
                return TextReply(t("columns.chat.which_list", language))
            where = {"list_name": named, "column": filtered["column"].strip(),
                     "where_value": filtered["value"].strip()}  # fmt: skip
            return ToolCallPlan.one(RUN, where)
        if request.has(_PER_LEAD):
            return TextReply(t("columns.chat.per_lead", language))
        if request.has(_RUN_IT) and conversation.columns_just_added:  # "lance-la" right after
            return ToolCallPlan.one(RUN, {"list_name": conversation.columns_just_added})
        refused = _refused_addition(conversation)
        if request.has(_RUN_IT) and refused is not None:  # "lance-la" after "not added"
            return TextReply(md("offline.columns.not_added", language, list_name=refused))
        run, show = request.has(_RUN), request.has(_SHOW)
        add = request.has(_ADD) and not run
        if not (add or run or show):
            return None
        named = _list_named(request) or conversation.focus_list or _list_of_last_call(conversation)
        if named is None:
            return TextReply(t("columns.chat.which_list", language))
        if run or show:
            args: dict[str, Any] = {"list_name": named}
            if show and not run:
                args["show_only"] = True
            return ToolCallPlan.one(RUN, args)
        column = _column(request)
        if column is None:
            return TextReply(t("columns.chat.which_column", language))
        memo = {"then": THEN_RUN} if request.has(_AND_RUN) else None  # "… and run them"
        return ToolCallPlan.one(ADD, {"list_name": named, **column}, memo)

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After the columns asked "and run them" were added (`then: run_columns`), the run."""
        if step != THEN_RUN:
            return None
        added = next((r for r in results if r.tool == ADD and not r.is_error), None)
        if added is None or not isinstance(added.artifact, AIColumnsArtifact):
            return None  # the refusal answers
        return ToolCallPlan.one(RUN, {"list_name": added.artifact.list_name})

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """What was added, or the run's counts and the first leads' cells."""
        return "\n\n".join(columns_answer(result, language) for result in results)


def _refused_addition(conversation: Conversation) -> str | None:
    """The list a column was just refused for (a custom prompt offline), when that refusal is
    the last thing the rep saw; None otherwise."""
    for message in reversed(conversation.messages):
        if isinstance(message, ToolMessage):
            if message.name == ADD and message.status == "error":
                return _list_of_last_call(conversation)
            return None
        if isinstance(message, AIMessage) and message.tool_calls:
            return None
    return None


def _list_of_last_call(conversation: Conversation) -> str | None:
    """The list of the latest column call, also when the tool refused it (a custom prompt
    offline): "add the built-in columns to it" right after."""
    for message in reversed(conversation.messages):
        for call in getattr(message, "tool_calls", None) or []:
            if call["name"] in (ADD, RUN) and call["args"].get("list_name"):
                return str(call["args"]["list_name"])
    return None


def _list_named(request: Request) -> str | None:
    folded = request.folded
    for pattern in _LIST_NAMES:
        match = pattern.search(folded)
        if match is None:
            continue
        name = clean(request.original(match.start("name"), match.end("name")))
        if name and not _NOT_A_NAME.match(name.lower()) and not _has_column_word(name):
            return name
    return None


# "leads de ESN Lyon", "leads in the ESN Lyon list": the list right before the filter
_LIST_BEFORE = re.compile(
    r"(?:de|du|dans|of|in|from)\s+(?:la\s+liste\s+|ma\s+liste\s+|the\s+|my\s+)?"
    r"(?P<name>[^\s].*?)(?:\s+list)?\s*$"
)


def _list_before(request: Request) -> str | None:
    """The list named just before a filter, when no pattern of `_list_named` found it."""
    found = _LIST_BEFORE.search(request.folded)
    if found is None:
        return None
    name = clean(request.original(found.start("name"), found.end("name")))
    return name if name and not _NOT_A_NAME.match(name.lower()) else None


def _has_column_word(name: str) -> bool:
    return re.search(rf"(?i)(?<![\w]){_COLUMN}(?![\w])", name) is not None


def _column(request: Request) -> dict[str, Any] | None:
    if request.has(_BUILTINS):
        return {"builtins": True}
    guillemets = _GUILLEMETS.search(request.text)
    quoted = guillemets["q"].strip() if guillemets else request.quoted()
    if quoted:
        builtin = builtin_named(quoted)
        if builtin is not None and not _typed(request.folded):
            return {"name": quoted}
        return {"name": quoted, "prompt": quoted, **_kind(request.folded)}
    names = []
    for pattern in _BUILTIN_NAMES:
        match = pattern.search(request.folded)
        if match is None:
            continue
        group = "name" if match["name"] is not None else "before"
        name = clean(request.original(match.start(group), match.end(group)))
        if builtin_named(name) is not None:
            return {"name": name}
        names.append(name)
    name = names[-1] if names else ""
    return {"name": name, "prompt": name, **_kind(request.folded)} if name else None


def _typed(folded: str) -> bool:
    return any(p.search(folded) for p in (_BOOLEAN, _SCORE, _NUMBER, _OPTIONS))


def _kind(folded: str) -> dict[str, Any]:
    if _BOOLEAN.search(folded):
        return {"type": "boolean"}
    options = _OPTIONS.search(folded)
    if options:
        return {"type": "enum", "options": [o.strip() for o in options[1].split("/")]}
    if _SCORE.search(folded):
        return {"type": "score"}
    if _NUMBER.search(folded):
        return {"type": "number"}
    return {}


def columns_answer(result: ToolResult, language: Language) -> str:
    """The answer for one column tool's result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, AIColumnsArtifact):
        return plain_answer(result, language)
    name = artifact.list_name
    if artifact.action == "added":
        return _added(artifact, language)
    if not artifact.columns:
        return md("columns.chat.none", language, list=name)
    parts: list[str] = []
    run = artifact.run
    if run is not None:
        if run.added_builtins:
            parts.append(md("columns.builtins_added", language, list=name))
        head = md("columns.chat.run_head", language, list=name, model=run.model)
        summary = md("columns.summary", language, cells=run.cells, filled=run.filled,
                     no_info=run.no_info, failed=run.failed, cached=run.cached)  # fmt: skip
        spent = md("columns.spent", language, calls=run.model_calls, model=run.model,
                   tokens_in=run.tokens_in, tokens_out=run.tokens_out, cost=f"{run.cost:.4f}",
                   seconds=f"{run.seconds:.1f}")  # fmt: skip
        parts.append(f"{head} {summary} {spent}")
        if run.not_run:
            parts.append(md("columns.not_run", language, names=", ".join(run.not_run)))
    else:
        names = ", ".join(column.name for column in artifact.columns)
        parts.append(md("columns.chat.shown_head", language, list=name, names=names,
                        total=artifact.total))  # fmt: skip
    if artifact.rows:
        columns = [column.name for column in artifact.columns]
        parts.append(bullets([_row(row, columns, language) for row in artifact.rows[:ROWS_SHOWN]]))
        if artifact.total > ROWS_SHOWN:
            parts.append(md("columns.chat.more", language, more=artifact.total - ROWS_SHOWN))
    return "\n\n".join(parts)


def _added(artifact: AIColumnsArtifact, language: Language) -> str:
    name = artifact.list_name
    parts = []
    if artifact.created:
        parts.append(md("columns.chat.added", language, list=name, count=len(artifact.created),
                        names=", ".join(artifact.created)))  # fmt: skip
    if artifact.replaced:
        parts.append(md("columns.chat.replaced", language, names=", ".join(artifact.replaced)))
    if artifact.existing:
        parts.append(md("columns.chat.existing", language, list=name,
                        names=", ".join(artifact.existing)))  # fmt: skip
    parts.append(md("columns.chat.run_next", language, list=name))
    return " ".join(parts)


def _row(row: ColumnRow, columns: list[str], language: Language) -> Markdown:
    cells = " · ".join(
        md("columns.chat.cell", language, name=name, value=_cell(row, name, language))
        for name in columns
    )
    return md("columns.chat.row", language, company=row.company, cells=Markdown(cells))


def _cell(row: ColumnRow, name: str, language: Language) -> str:
    cell = row.cells.get(name)
    if cell is None:
        return "…"  # not run yet
    return cell_label(cell.status, cell.value, language)

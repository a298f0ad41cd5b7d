"""Moving a lead between stages: "passe Bénard Infogérance en SQL", "marque la première comme
gagnée", "mark 552100554 as lost because no budget". Lost and disqualified need a reason: when
none is given, Filon asks for it and the rep's answer completes the change."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import CompaniesArtifact, StageChangeArtifact
from agent.i18n import Language, md, t
from agent.i18n.formats import format_date
from agent.i18n.labels import display_name, stage_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.homonyms import which_homonym
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.company import siren_in
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.references import find_reference, resolve_rows
from agent.llm.offline.request import Request, clean, is_question
from agent.llm.offline.results import ToolResult
from agent.search.vocabulary.fold import fold
from agent.tools.failures import read_refusal
from store.models import CompanyPublic

TOOL = "set_lead_stage"
SEARCH = "search_companies"
NEEDS_REASON = ("lost", "disqualified")
_STAGE_WORDS: tuple[tuple[str, str], ...] = (
    ("disqualified", r"disqualifi\w*"),
    ("lost", r"perdu(?:e|s|es)?|lost|closed[- ]lost"),
    (
        "won",
        r"gagne(?:e|s|es)?|won|signe(?:e|s|es|r)?|signed|closed[- ]won|closed|nous\s+signer"
        r"|dire\s+oui",
    ),
    ("sql", r"sqls?"),
    ("mql", r"mqls?"),
    ("new", r"nouveau|new"),
)
_TARGET = "|".join(pattern for _, pattern in _STAGE_WORDS)
_LEAD_IN = (
    r"^\W*(?:(?:annule|non|ok|bon|ben|alors|oups|en\s+fait|finalement|cancel|no|oops|actually|sorry"
    r"|pardon|so|well|et|and|puis|then|aussi|also|undo(?:\s+(?:that|it|this))?|scratch\s+that"
    r"|annule\s+(?:ca|cela|ce\s+changement)|wait|attends|my\s+bad|je\s+me\s+suis\s+trompee?)"
    r"[\s,!.]+){0,4}"
)
_MOVE = re.compile(
    _LEAD_IN
    + rf"(?:passe[rz]?|repasse[rz]?|mets|mettre|met|remets|remettre|marque[rz]?|bascule[rz]?"
    rf"|rebascule[rz]?|deplace[rz]?|fais\s+(?:re)?passer|renvoie|retourne|move(?:\s+back)?"
    rf"|mark|set|put(?:\s+back)?|switch|change|send\s+back)(?:\s+|(?=-))(?P<who>.+?)\s+(?:en|au\s+stade|a\s+l'etape|comme"
    rf"|to|as|in(?:to)?|at|a)\s+(?:stade\s+|etape\s+|stage\s+|statut\s+)?(?P<stage>{_TARGET})(?![\w])"
)
# "ok then mark it disqualified", "marque-le perdu": "mark" needs no preposition
_MARK = re.compile(
    _LEAD_IN + rf"(?:mark|marque[rz]?)(?:\s+|-)(?P<who>.+?)\s+(?P<stage>{_TARGET})(?![\w])"
)
# Right after a stage change, "en fait non, perdu, ils ont signé avec un concurrent", "no, lost:
# no budget": a stage on its own (and a reason) for the lead just moved
_STAGE_ALONE = re.compile(
    _LEAD_IN + rf"(?:(?:plutot|instead|rather|en|to|as|in)\s+)?(?P<stage>{_TARGET})(?![\w])"
    r"(?:\s+(?:plutot|instead|alors|then|finalement))?(?P<rest>\s*(?:[,:;–-]|\bcar\b|\bparce\b|\bbecause\b"
    r"|$).*)$"
)
# "disqualifie le 931411748, pas de besoin", "gagne 552100554": the verb is the stage
_VERB_STAGE: tuple[tuple[str, str], ...] = (
    ("disqualified", r"disqualifie[rz]?|disqualify"),
    ("lost", r"perds|perdre|lose"),
    ("won", r"signe[rz]?|gagne[rz]?|win|close"),
    ("mql", r"qualifie[rz]?\s+en\s+mql"),
)
_VERB = re.compile(
    _LEAD_IN + r"(?P<verb>" + "|".join(p for _, p in _VERB_STAGE) + r")\s+(?P<who>\S.*?)"
    r"(?=\s*(?:[:,;–-]|\bcar\b|\bparce\b|\bbecause\b|$))"
)
_IS = re.compile(
    rf"^\W*(?P<who>.+?)\s+(?:est|is|passe|a\s+ete|has\s+been|was)\s+(?:passee?\s+)?(?:en\s+)?"
    rf"(?P<stage>{_TARGET})(?![\w])"
)
# "le deuxième, on l'a perdu", "we lost the third one", "on a signé Verilia": what happened
_DONE_WORDS = r"perdu(?:e|s|es)?|lost|gagne(?:e|s|es)?|won|signe(?:e|s|es)?|signed|closed"
_WE = (
    r"(?:on\s+l'a|on\s+les\s+a|je\s+l'ai|on\s+vient\s+de\s+l[ae]|nous\s+l'avons|we(?:'ve)?|i(?:'ve)?"
    r"|we\s+have|i\s+have)"
)
_DONE_AFTER = re.compile(
    rf"^\W*(?P<who>.+?)\s*[,:]?\s+{_WE}\s+(?:(?:finalement|enfin|just|finally|bien|definitivement)\s+)?"
    rf"(?P<stage>{_DONE_WORDS})(?![\w])"
)
_DONE_BEFORE = re.compile(
    rf"^\W*(?:(?:bon|alors|bref|voila|ok)[\s,]+)?(?:on\s+a|j'ai|nous\s+avons|we(?:'ve)?|i(?:'ve)?)\s+"
    rf"(?:(?:finalement|enfin|just|finally|bien|definitivement)\s+)?(?P<stage>{_DONE_WORDS})\s+(?P<who>\S.*?)"
    r"(?=\s*(?:[:,;–-]|\bcar\b|\bparce\b|\bbecause\b|$))"
)
# "Bâtiment Lorient vient de signer, passe-le en gagné", "et Cousin Thermique, mets-le en perdu":
# the lead first, then the move with a pronoun
_NAME_FIRST = re.compile(
    rf"^\W*(?:(?:et|and|bon|ok|alors|puis|then)[\s,]+)?(?P<who>[^,]+?)"
    r"(?:\s+(?:vient\s+de|has\s+just|just)\s+\w+(?:\s+\w+)?)?\s*,\s*"
    r"(?:passe[rz]?|mets|met|marque[rz]?|bascule[rz]?|move|mark|put|set|switch)"
    r"(?:[- ](?:le|la|les|l')|\s+(?:it|them))?\s+(?:en|to|as|comme|in(?:to)?|au\s+stade|a)\s+"
    rf"(?:stade\s+|etape\s+|stage\s+)?(?P<stage>{_TARGET})(?![\w])"
)
# "Bâtiment Lorient vient de signer !", "Verilia has just signed": a win
_JUST_SIGNED = re.compile(
    r"^\W*(?:(?:et|and|bon|ok|super|genial|great|yes)[\s,!]+)?(?P<who>.+?)\s+(?:vient\s+de|a\s+enfin"
    r"|has\s+(?:just\s+|finally\s+)?|just|finally)\s*(?P<stage>signe[rd]?|signed|nous\s+signer|dire\s+oui)"
    r"(?:\s+(?:le|la|son|notre|the|our)\s+(?:contrat|devis|bon\s+de\s+commande|deal|contract))?\W*$"
)
# Not a lead: "on a perdu combien de deals ?", "we won 3 deals this week"
_NOT_A_LEAD = re.compile(
    r"(?<![\w])(?:combien|how\s+many|deals?|leads?|ventes|clients?|semaine|mois|week|month|quarter"
    r"|trimestre|annee|year|tout|tous|all|\d{1,3})(?![\w])"
)


def _done(request: Request) -> re.Match[str] | None:
    """ "le deuxième, on l'a perdu", "we lost the third one", "Verilia, passe-la en gagné",
    "Bâtiment Lorient vient de signer": a lead and what happened to it."""
    found = (
        _NAME_FIRST.search(request.folded)
        or _DONE_AFTER.search(request.folded)
        or _DONE_BEFORE.search(request.folded)
        or _JUST_SIGNED.search(request.folded)
    )
    if found is None or _NOT_A_LEAD.search(found["who"]):
        return None
    return found


# "et Lucas Le Bris en disqualifié", "le troisième en gagné": no verb, a lead and a stage
_BARE = re.compile(
    rf"^\W*(?:et\s+|and\s+|puis\s+|then\s+)?(?P<who>.+?)(?:\s+(?:en|to|as|comme)\s+|\s*[,:]\s*)"
    rf"(?:stade\s+|etape\s+|stage\s+)?(?P<stage>{_TARGET})(?![\w])"
)
_MANY = re.compile(
    r"^(?:les|the|all|tous|toutes|ces|these|those|mes|my)\s+(?:\w+\s+)?(?:leads|deals|entreprises|companies)$"
)
_AGAIN = re.compile(r"\s+(?:back|again|de\s+nouveau|a\s+nouveau)$")
_REASON = re.compile(
    r"(?<![\w])(?:car|parce\s+qu(?:e|')|pour\s+cause\s+de|a\s+cause\s+de|motif\s*:?|raison\s*:?"
    r"|because(?:\s+of)?|reason\s*:?|due\s+to)\s*(?P<why>.+)$"
)


def moves_a_stage(request: Request) -> bool:
    """Whether the request moves a lead to a stage ("repasse-la en MQL, ils ont un nouveau
    DSI"): the move wins over the other words in it, a role or a company."""
    return bool(_MOVE.search(request.folded) or _MARK.search(request.folded))


class StageIntent:
    """A lead moved to a stage, found by SIREN, by rank in the last results, or by name."""

    name = "stage"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `set_lead_stage` call, a question back (which lead? why?), or None."""
        request = Request(text)
        if _QUESTION.match(request.folded.lstrip("¿¡ ")):
            return None  # "pourquoi il est en MQL ?": a question about a lead, not a move
        moved = (
            _MOVE.search(request.folded)
            or _MARK.search(request.folded)
            or _IS.search(request.folded)
            or _done(request)
        )
        found = moved or _VERB.search(request.folded)
        if found is None:
            return self._again(request, conversation)
        return self._move_found(request, found, conversation, by_verb=moved is None)

    def _move_found(
        self,
        request: Request,
        found: re.Match[str],
        conversation: Conversation,
        *,
        by_verb: bool = False,
    ) -> Plan:
        """The move a pattern found: its lead (`who`) and its stage (or verb)."""
        language = conversation.language
        if by_verb:
            stage = next(st for st, p in _VERB_STAGE if re.fullmatch(p, found["verb"]))
        else:
            stage = _stage(found["stage"])
        who = clean(request.original(found.start("who"), found.end("who")))
        who = _FILLER.sub("", who) or who
        again = _AGAIN.search(Request(who).folded)
        if again is not None:  # "move it back to MQL": "it"
            who = clean(who[: len(who) - (again.end() - again.start())])
        args: dict[str, object] = {"stage": stage}
        name = list_name(request)
        if name:
            args["list_name"] = name
        end = found.end("who") if by_verb else found.end("stage")
        reason = request.group(_REASON, "why") or _after_colon(request, end)
        if reason:
            args["reason"] = reason
        several = find_reference(Request(who).folded)
        if (several is not None and not several.is_single) or _MANY.match(Request(who).folded):
            return TextReply(t("offline.stages.one_at_a_time", language))
        siren = _target(who, request, conversation)
        if siren is None:
            if not _a_name(who) or not conversation.has_tool(SEARCH):
                return TextReply(t("offline.stages.which", language))
            # "passe Verilia en SQL" with Verilia not on screen: find it, then move it
            memo = {"then": "stage", "name": who, "stage_args": args}
            return plan_or_unavailable(conversation, SEARCH, {"text": who, "limit": 10}, memo=memo)
        if "list_name" not in args:  # a lead picked from a leads page: that lead's list
            rows = [name for shown, name in conversation.leads_on_screen if shown == siren]
            if len(rows) == 1 and rows[0]:
                args["list_name"] = rows[0]
        return self._move({"siren": siren, **args}, conversation)

    def _again(self, request: Request, conversation: Conversation) -> Plan | None:
        """A request without a move verb: "le troisième en gagné" (`_bare`), or right after a
        stage change "en fait non, perdu, ils ont signé avec un concurrent" — the lead just
        moved, to that stage, with the words after the stage as the reason. Never a question:
        "et en gagné ?" asks which leads are won, it moves nothing."""
        if is_question(request):
            return None
        found = self._bare(request, conversation)
        if found is not None:
            return self._move_found(request, found, conversation)
        latest = conversation.latest_stage_change
        alone = _STAGE_ALONE.match(request.folded)
        if latest is None or alone is None:
            return None
        args: dict[str, object] = {
            "siren": latest.lead.siren,
            "stage": _stage(alone["stage"]),
            "list_name": latest.lead.list_name,
        }
        why = re.sub(r"^[\s,:;–-]*(?:(?:car|parce\s+qu(?:e|')|because)\s*)?", "", alone["rest"])
        reason = clean(request.original(len(request.folded) - len(why), len(request.folded)))
        if reason:
            args["reason"] = reason
        return self._move(args, conversation)

    @staticmethod
    def _bare(request: Request, conversation: Conversation) -> re.Match[str] | None:
        """ "le troisième en gagné", "et Lucas Le Bris en disqualifié": a lead on screen (by
        rank or name) and a stage, without a verb; None for "mes leads en SQL" and the like."""
        found = _BARE.search(request.folded)
        if found is None or not conversation.shown_rows:
            return None
        who = Request(clean(request.original(found.start("who"), found.end("who"))))
        if re.search(
            r"(?<![\w])(?:leads?|deals?|mes|my|les|the|tous|all|liste|list)(?![\w])", who.folded
        ):
            reference = find_reference(who.folded)
            if reference is None or not reference.is_single:
                return None
        if _target(who.text, request, conversation):
            return found
        # "et Lucas Le Bris en disqualifié": a name written with capitals, found by a search
        capitalised = re.match(r"^[A-ZÀ-Ý0-9]", who.text.strip()) is not None
        return found if capitalised and _a_name(who.text) else None

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After searching a company by name (`then: stage`), move it when exactly one company
        bears that name; otherwise the list of homonyms answers and the rep picks one. After a
        move refused for want of a reason (`then: ask_reason`), ask why."""
        if step == "ask_reason":
            return _ask_reason(results, conversation)
        if step != "stage":
            return None
        memo = conversation.memo_of_calls or {}
        found = next(
            (r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None
        )
        if found is None or not found.companies:
            return None
        wanted = fold(str(memo.get("name") or "")).lower().strip()
        named = [c for c in found.companies if fold(c.name).lower().strip() == wanted]
        if len(found.companies) == 1:
            named = list(found.companies)
        args = dict(memo.get("stage_args") or {})
        leads = [c for c in named if c.siren in found.leads]
        if len(named) > 1 and len(leads) == 1:  # seven Synora, one of them a lead: that one
            named = leads
        if len(named) > 1:  # "passe Verilia en disqualifié" with five Verilia: which one?
            return _which_homonym(named, args, conversation)
        if len(named) != 1:
            return None
        return self._move({"siren": named[0].siren, **args}, conversation)

    @staticmethod
    def _move(args: dict[str, object], conversation: Conversation) -> Plan:
        """The stage change. A lost or disqualified lead without a reason is tried first: the
        tool says whose lead it is (or that it is there already) before asking why, and the
        question "why?" follows only when the reason is all that is missing."""
        # Either way the tool may find the lead in several lists: the list in use settles it.
        return plan_or_unavailable(conversation, TOOL, args, memo={"then": "ask_reason"})

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The change, with its reason, who made it and when."""
        return "\n\n".join(stage_answer(result, language) for result in results)


def _which_homonym(
    named: Sequence[CompanyPublic], args: dict[str, object], conversation: Conversation
) -> TextReply:
    """ "Plusieurs entreprises s'appellent Verilia : laquelle ?", the rep's answer (a rank, a
    city, a SIREN) completing the move (see `PendingIntent`)."""
    then = "ask_reason" if args.get("stage") in NEEDS_REASON else None
    return which_homonym(named, {"name": TOOL, "args": args}, conversation, then=then)


def _ask_reason(results: Sequence[ToolResult], conversation: Conversation) -> Plan | None:
    """ "Pour quelle raison ?" when the move was refused only for its missing reason; the
    rep's answer completes the same call. None otherwise: the refusal itself answers."""
    call = _last_call(conversation, TOOL)
    refused = [r for r in results if r.is_error and read_refusal(r.content).key]
    if call is None or len(refused) != 1:
        return None
    refusal = read_refusal(refused[0].content)
    lists = str((refusal.values or {}).get("lists") or "").split(", ")
    focus = conversation.focus_list
    if refusal.key == "leads.error.ambiguous_lead" and focus in lists and "list_name" not in call:
        # a lead of several lists, one of them the list in use: that one
        return plan_or_unavailable(
            conversation, TOOL, {**call, "list_name": focus}, memo={"then": "ask_reason"}
        )
    if refusal.key != "leads.error.reason_required":
        return None
    pending = {"kind": "reason", "call": {"name": TOOL, "args": call}}
    return TextReply(t("offline.stages.why", conversation.language), memo={"pending": pending})


def _last_call(conversation: Conversation, name: str) -> dict[str, object] | None:
    """The arguments of the latest call of tool `name` in the conversation."""
    for message in reversed(conversation.messages):
        for call in getattr(message, "tool_calls", None) or []:
            if call["name"] == name:
                return dict(call["args"])
    return None


def _after_colon(request: Request, end: int) -> str | None:
    """ "passe X en perdu : hors cible" → "hors cible"."""
    rest = re.search(r"\s*[:,;–]\s*(?P<why>\S.*)$|\s+-\s+(?P<dash>\S.*)$", request.folded[end:])
    if rest is None:
        return None
    start = rest.start("why") if rest["why"] is not None else rest.start("dash")
    return clean(request.original(end + start, len(request.folded))) or None


_QUESTION = re.compile(
    r"^(?:qui|quoi|quel\w*|lequel|laquelle|combien|pourquoi|comment|quand|why|when|who|what|which"
    r"|how|tout|tous|toutes|all"
    r"|everything|everyone|ca|cela|ceci)(?![\w])"
)


def moves_a_lead(request: Request) -> bool:
    """Whether the request moves a lead to a stage ("et mets-la en perdu, raison : pas de
    budget cette année"), whatever else its words could be read as."""
    return bool(_MOVE.search(request.folded))


def pronoun_move(request: Request) -> tuple[str, str | None] | None:
    """The stage and reason of a move whose subject is a pronoun ("ok mets-le en perdu alors",
    "mark it lost: no budget"): the lead under discussion; None for any other move."""
    found = _MOVE.search(request.folded) or _MARK.search(request.folded)
    if found is None:
        return None
    who = _FILLER.sub("", found["who"].strip(" -"))
    if not _PRONOUN.match(who):
        return None
    reason = _after_colon(request, found.end())
    if reason is not None:
        reason = re.sub(r"(?i)^(?:raison|reason|motif)\s*:\s*", "", reason) or None
    return _stage(found["stage"]), reason


def _a_name(who: str) -> bool:
    """Whether the subject of a move reads as a company's name ("Verilia", "Dos Santos
    Frères"): letters, not a pronoun, a rank or a bare number."""
    folded = Request(who).folded.strip()
    if _PRONOUN.match(folded) or find_reference(folded) is not None or _QUESTION.match(folded):
        return False
    return len(re.sub(r"[^a-z]", "", folded)) >= 3


def _stage(word: str) -> str:
    for stage, pattern in _STAGE_WORDS:
        if re.fullmatch(pattern, word):
            return stage
    return "new"


_PRONOUN = re.compile(
    r"^(?:-?(?:le|la|l'|lui)|il|elle|it|he|she|them|this\s+one|that\s+one|celui-ci|celle-ci"
    r"|ce\s+lead|ce\s+client|ce\s+compte)$"
)
# "en fait il est perdu", "finalement elle est gagnée": words before the subject
_FILLER = re.compile(
    r"^(?:(?:en\s+fait|finalement|au\s+final|bon|ok|alors|bref|donc|du\s+coup|actually|in\s+fact"
    r"|well|so|turns\s+out)[\s,]+)+",
    re.IGNORECASE,
)


def _target(who: str, request: Request, conversation: Conversation) -> str | None:
    """The SIREN a request's subject names: written out, a rank, a pronoun for the company
    last looked at, or a name in the last rows."""
    siren = siren_in(Request(who)) or siren_in(request)
    if siren:
        return siren
    # "his first lead", "son premier lead": a rank in the rows on screen
    who = re.sub(r"(?i)\b(?:his|her|their|its|son|sa|ses|leur)\b", "the", who)
    if _PRONOUN.match(Request(who).folded.strip()):
        focus = conversation.focus_company
        return focus[0] if focus else None
    rows = conversation.shown_rows
    reference = find_reference(Request(who).folded)
    if reference is not None and reference.is_single:
        chosen = resolve_rows(reference, rows)
        return chosen[0][0] if chosen else None
    wanted = fold(who).lower().strip()
    if len(re.sub(r"[^a-z0-9]", "", wanted)) < 3:
        return None  # "et", "le": not a name, whatever company name holds it
    within = re.compile(rf"(?<![\w]){re.escape(wanted)}(?![\w])")
    named = [siren for siren, name in rows if within.search(fold(name).lower())]
    return named[0] if len(named) == 1 else None


def stage_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `set_lead_stage` result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, StageChangeArtifact):
        return plain_answer(result, language)
    key = "offline.stages.moved_reason" if artifact.reason else "offline.stages.moved"
    return md(
        key,
        language,
        name=artifact.lead.name,
        list=artifact.lead.list_name,
        from_stage=stage_label(artifact.from_stage, language),
        to_stage=stage_label(artifact.to_stage, language),
        reason=artifact.reason or "",
        who=display_name(artifact.changed_by),
        when=format_date(artifact.changed_at, language),
    )

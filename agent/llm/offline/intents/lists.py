"""Managing lead lists: "mes listes", "renomme la liste X en Y", "supprime la liste X"
(confirmed first), "donne la liste X à bruno.petit" (its owner's leads go with it; "… avec tous
ses leads": every lead, once the rep confirms taking teammates' leads), "rends-la à Bruno"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import LeadListsArtifact, ListChangeArtifact, ListSummary
from agent.i18n import Language, Markdown, md, t
from agent.i18n.labels import display_name, stage_label
from agent.leads.wording import change_notes
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.company import named_in_lists
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.owners import NOT_A_PERSON, owner_in, person_in
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets
from agent.search.parse import parse_company_query
from agent.tools.failures import read_refusal

SHOW, RENAME, DELETE, ASSIGN = (
    "lead_lists",
    "rename_lead_list",
    "delete_lead_list",
    "assign_lead_list",
)
_LIST = r"(?:liste|list)s?"
_SHOW = re.compile(
    r"(?<![\w])(?:(?:mes|nos|les|toutes\s+les|quelles|my|our|the|all|which|what)"
    r"\s+(?:listes|lists)(?:\s+de\s+leads)?|(?:lead|prospect)\s+lists"
    r"|(?:quelle|which)\s+(?:liste|list)\s+(?:a|has|compte|contient)\b.*\b(?:plus|most|moins|fewest)"
    r"|(?:combien|how\s+many)\s+(?:de\s+)?(?:listes|lists)"
    r"|qui\s+a\s+quelles?\s+listes?|who\s+(?:has|owns)\s+(?:which|what)\s+lists?"
    r"|liste\s+des\s+listes|list\s+(?:of\s+)?(?:the\s+|all\s+)?lists"
    r"|(?:qui|who)\s+(?:est\s+|is\s+)?(?:responsable|proprietaire|owns|in\s+charge\s+of|gere|s'occupe)"
    r"\b.*\b(?:liste|list)"
    r"|(?:plus\s+(?:grosse|grande|petite)|biggest|largest|smallest)\s+(?:liste|list)"
    r"|[a-z][a-z-]{1,20}'s\s+(?:lead\s+)?lists|every\s+(?:lead\s+)?list|each\s+(?:lead\s+)?list"
    r"|chaque\s+liste|toutes\s+les\s+listes)"
    r"(?![\w])"
)
_RENAME = re.compile(
    rf"(?<![\w])(?:renomme\w*|rename\w*|change\s+le\s+nom\s+de)\s+(?:la\s+|the\s+|ma\s+|my\s+)?"
    rf"{_LIST}\s+(?P<old>.+?)\s+(?:en|to|as|par|:|->|→)\s+(?P<new>.+)$"
)
_DELETE = re.compile(
    rf"(?<![\w])(?:supprime\w*|efface\w*|delete\w*|remove\w*|drop)"
    rf"(?:\s+(?:definitivement|completement|permanently|entierement|aussi|egalement|also|too))?"
    rf"\s+(?:la\s+|the\s+|ma\s+|my\s+|cette\s+|this\s+|that\s+)?{_LIST}(?![\w])"
    rf"|(?<![\w])(?:supprime|efface)-la(?![\w])|(?<![\w])delete\s+it(?![\w])"
    rf"|(?<![\w])(?:supprime|efface)\s+la\W*$"
    # "delete my Nantes IT list": the name between the possessive and "list"
    rf"|(?<![\w])(?:delete|remove|drop)\s+(?:my|our|the|this|that)\s+"
    rf"(?:(?!of\s|from\s|in\s)\S+\s+){{1,5}}?{_LIST}(?![\w])"
)
_CONFIRMED = re.compile(
    r"(?<![\w])(?:je\s+confirme|c'est\s+confirme|confirme|i\s+confirm|confirmed|sans\s+confirmation"
    r"|without\s+asking|yes\s+i'?m\s+sure)(?![\w])"
)
# "renomme Cabinets Gironde en Experts 33": a list renamed without the word "liste"
# "rename my Cabinets comptables Gironde list to Experts Gironde": the name before "list"
_RENAME_BEFORE_LIST = re.compile(
    rf"(?<![\w])(?:renomme\w*|rename\w*)\s+(?:the\s+|my\s+|our\s+)?(?P<old>\S.*?)\s+{_LIST}"
    r"\s+(?:to|as|en|->|→)\s+(?P<new>.+)$"
)
_RENAME_BARE = re.compile(
    r"^\W*(?:renomme\w*|rename\w*)\s+(?P<old>(?!la\s|it\s|-la)\S.*?)\s+(?:en|to|as|par|->|→)\s+(?P<new>.+)$"
)
# "réassigne Relance webinar à Alice": a list given away without the word "liste"
_ASSIGN_BARE = re.compile(
    r"^\W*(?:reassign\w*|reassigne\w*|r?e?attribue\w*|transfere\w*)\s+(?P<name>\S.*?)\s+(?:a|au|to)\s+"
    r"(?P<who>[a-z][a-z.-]{1,40})\W*$"
)
# "renomme-la en X", "rename it to X": the list last worked with
_RENAME_IT = re.compile(
    r"(?<![\w])(?:renomme-la|renomme\s+la|rename\s+it|appelle-la|call\s+it)"
    r"(?:\s+(?:encore|aussi|again|plutot|maintenant|finalement|instead))?\s*,?"
    r"\s+(?:(?:en|to|as)\s+|:\s*)?(?P<new>\S.*)$"
)
_THIS_LIST = re.compile(r"(?<![\w])(?:cette|this|that|la|ma|the|my)\s+(?:liste|list)(?![\w])")
_ASSIGN = re.compile(
    rf"(?<![\w])(?:reassign\w*|assign\w*|reassigne\w*|r?e?attribue\w*|transfere\w*|transfer\w*"
    rf"|donne|give|hand|confie\w*|passe|file|refile|refiles|rends|rend|redonne|remets|remet)"
    rf"\s+(?:la\s+|the\s+|ma\s+|my\s+|cette\s+"
    rf"|this\s+|that\s+)?{_LIST}(?![\w])"
    r"|(?<![\w])(?:r?e?attribue|donne|confie|passe|file|refile|transfere)-la\s+(?:a|au|aux)\s"
    r"|(?<![\w])(?:reassign|assign|give|hand|transfer)\s+it\s+(?:to|over\s+to)\s"
    r"|(?<![\w])(?:rends|redonne|rend|remets|remet)-la\s+(?:a|au)\s|(?<![\w])give\s+it\s+back\s+to\s"
    rf"|(?<![\w])(?:reassign\w*|assign\w*|reassigne\w*|r?e?attribue\w*|transfere\w*|transfer\w*|donne"
    rf"|give|hand|confie\w*|file|refile|rends|redonne)\s+(?:\S+\s+){{1,5}}?{_LIST}\s+(?:a|au|to)\s"
)
# "… à Bruno", "… to Chloé": the rep a list goes to, by first name, at the end
# "redonne-moi ESN Lyon", "rends-moi la liste X", "give me back the Lyon IT list"
_BACK_TO_ME = re.compile(
    r"(?<![\w])(?:(?:redonne|rends|rend)[- ](?:moi|me)|(?:give|hand)\s+me\s+back)\s+"
    r"(?:la\s+liste\s+|ma\s+liste\s+|the\s+list\s+|my\s+list\s+|the\s+|my\s+)?"
    r"(?P<name>[^?!.,]+?)(?:\s+(?:list|back|stp|svp|please))*\W*$"
)
# "… à Alice Martin": a full name too
_TO_PERSON = re.compile(
    r"(?<![\w])(?:a|to)\s+(?P<name>[a-z][a-z-]{1,20}(?:\s+(?!stp|svp|please|merci|thanks)[a-z][a-z-]{1,20})?)"
    r"(?:\s+(?:stp|svp|please|merci|thanks))?\W*$"
)
# "quelles listes a David ?", "what lists does Bruno have": whose lists
_LISTS_OF = re.compile(
    r"(?<![\w])(?:listes?|lists?)\s+(?:a|as|has|owns)\s+(?P<name>[a-z][a-z-]{1,20})(?![\w.])"
    r"|(?<![\w])does\s+(?P<who>[a-z][a-z-]{1,20})\s+(?:have|own)(?![\w])"
)
_MINE = re.compile(
    r"(?<![\w])(?:mes|my|mine|j'ai|j'en\s+ai|ai-je|i\s+have|have\s+i|do\s+i\s+have|i\s+own)(?![\w])"
)
# After the lists: "et celles de Bruno ?", "and Chloé's?", "what about David's?"
_AND_THEIRS = re.compile(
    r"^\W*(?:et|and|what\s+about|how\s+about)\s+(?:celles|ceux|les\s+listes|those)?\s*"
    r"(?:de|d'|du|chez|pour|for)?\s*(?P<name>[a-z][a-z-]{1,20})(?:'s)?\W*$"
)
_COMPANY_IN_LISTS = re.compile(
    # "dans quelles listes elle est ?", "what list is it in?": the lists of the company in focus
    r"(?<![\w])(?:dans\s+quelles?\s+listes?\s+(?:elle|il|est)|(?:what|which)\s+lists?\s+(?:is|are)"
    r"\s+(?:it|they|she|he))(?![\w])"
    r"|(?<![\w])(?:(?:elle|il|it|they)\s+(?:est|sont|is|are)|(?:is\s+it|are\s+they|est[- ]elle"
    r"|est[- ]il|sont[- ]elles))\s+(?:dans|in)\s(?![\w]*\s*(?:la|cette)\s+liste)"
)
_STILL_THERE = re.compile(
    r"(?<![\w])(?:(?:elle|la\s+liste|it|the\s+list)\s+(?:existe|exists|est\s+(?:toujours\s+|encore\s+)?la"
    r"|is\s+(?:still\s+)?there)|(?:is\s+it|est-elle)\s+(?:still\s+there|gone|deleted|supprimee)"
    r"|(?:existe|exists)[- ](?:t[- ])?(?:elle|it)|c'est\s+(?:bien\s+)?supprime\w*|it'?s\s+gone)(?![\w])"
)
# "et ses listes ?", "and her lists?": the lists of the rep in focus
_THEIR_LISTS = re.compile(
    r"^\W*(?:(?:et|and|ok|alors|so)\s+)*(?:(?:montre|affiche|show)(?:[- ]moi|\s+me)?\s+)?"
    r"(?:ses|leurs|his|her|their)\s+(?:listes?|lists?)(?:\s+(?:de\s+leads|aussi|too))?\W*$"
)
_LIST_WORD_ANY = re.compile(r"(?<![\w])(?:listes?|lists?)(?![\w])")


class ListsIntent:
    """Show a rep's lists with their counts, rename, delete (after a yes) or reassign one."""

    name = "lists"
    tools = (SHOW, RENAME, DELETE, ASSIGN)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A list-management call, a question back, or None."""
        request = _ranked_list_named(Request(text), conversation)
        every = _EVERY_LEAD.search(request.folded)
        if every is not None:  # "donne-la à Chloé avec tous ses leads": every lead, confirmed
            rest = request.original(0, every.start()) + request.original(
                every.end(), len(request.folded)
            )
            found = self._match(Request(rest.strip()), conversation)
            if isinstance(found, ToolCallPlan) and found.calls[0][0] == ASSIGN:
                args = {**found.calls[0][1], "all_leads": True}
                return plan_or_unavailable(
                    conversation, ASSIGN, args, memo={"then": "confirm_assign"}
                )
        return self._match(request, conversation)

    def _match(self, request: Request, conversation: Conversation) -> Plan | None:
        if request.has(_COMPANY_IN_LISTS) or named_in_lists(request):
            return None  # "elle est dans une de mes listes ?", "is Synora in my lists?"
        language = conversation.language
        renamed = _RENAME_BEFORE_LIST.search(request.folded) or _RENAME.search(request.folded)
        if renamed:
            old = clean(request.original(renamed.start("old"), renamed.end("old")))
            new = clean(request.original(renamed.start("new"), renamed.end("new")))
            args = {"list_name": _unquote(old), "new_name": _unquote(new)}
            return plan_or_unavailable(conversation, RENAME, args)
        bare = None if request.has(_LIST_WORD_ANY) else _RENAME_BARE.search(request.folded)
        if bare is not None:
            old = clean(request.original(bare.start("old"), bare.end("old")))
            new = clean(request.original(bare.start("new"), bare.end("new")))
            args = {"list_name": _unquote(old), "new_name": _unquote(new)}
            return plan_or_unavailable(conversation, RENAME, args)
        back = _BACK_TO_ME.search(request.folded)
        if back is not None and conversation.user:  # "redonne-moi ESN Lyon": to the asker
            wanted = _unquote(clean(request.original(back.start("name"), back.end("name"))))
            if wanted:  # only a list is ever given back
                args = {"list_name": wanted, "owner": conversation.user}
                return plan_or_unavailable(conversation, ASSIGN, args)
        given = None if request.has(_LIST_WORD_ANY) else _ASSIGN_BARE.search(request.folded)
        given = given or _known_list_given(request, conversation)
        if given is not None:
            given_name = clean(request.original(given.start("name"), given.end("name")))
            who = request.original(given.start("who"), given.end("who"))
            if given_name and who.lower() not in NOT_A_PERSON:
                args = {"list_name": _unquote(given_name), "owner": who}
                return plan_or_unavailable(conversation, ASSIGN, args)
        renamed_it = _RENAME_IT.search(request.folded)
        if renamed_it and not conversation.focus_list:
            return TextReply(t("offline.lists.which", language))
        if renamed_it and conversation.focus_list:
            new = clean(request.original(renamed_it.start("new"), renamed_it.end("new")))
            args = {"list_name": conversation.focus_list, "new_name": _unquote(new)}
            return plan_or_unavailable(conversation, RENAME, args)
        bare_delete = _DELETE_BARE.match(request.folded)
        if bare_delete is not None and not request.has(_LIST_WORD_ANY):
            # "supprime Nettoyage Bdx": no company is ever deleted, so a list is meant
            doomed = clean(request.original(bare_delete.start("name"), bare_delete.end("name")))
            return plan_or_unavailable(
                conversation,
                DELETE,
                {"list_name": _unquote(doomed)},
                memo={"then": "confirm_delete"},
            )
        if request.has(_DELETE):
            name = _without_owner(list_name(request)) or this_list(request, conversation)
            if not name:
                return TextReply(t("offline.lists.which", language))
            if request.has(_CONFIRMED):  # "supprime la liste X, je confirme"
                return plan_or_unavailable(
                    conversation, DELETE, {"list_name": name, "confirm": True}
                )
            # asked without confirming first: the tool says whose list it is, or that none has
            # that name, before Filon asks "are you sure?"
            return plan_or_unavailable(
                conversation, DELETE, {"list_name": name}, memo={"then": "confirm_delete"}
            )
        if request.has(_ASSIGN):
            owner = owner_in(request) or _named(request, _TO_PERSON)
            name = list_name(request)
            if name and owner:  # "la liste X à Bruno": X
                name = re.sub(rf"(?:^|\s+)(?:à|a|to)\s+{re.escape(owner)}\W*$", "", name)
            name = _without_owner(name) or this_list(request, conversation)
            if not name or not owner:
                return TextReply(t("offline.lists.assign_how", language))
            return plan_or_unavailable(conversation, ASSIGN, {"list_name": name, "owner": owner})
        if request.has(_STILL_THERE) and (conversation.deleted_list or conversation.focus_list):
            if conversation.deleted_list:  # "elle existe encore ?" right after deleting it
                return TextReply(md("offline.lists.gone", language, name=conversation.deleted_list))
            return plan_or_unavailable(conversation, SHOW, {})
        if request.has(_WHICH_ONE) and conversation.latest_is_lists:
            return plan_or_unavailable(conversation, SHOW, {})  # "which one has the most won?"
        owned = _OWNER_OF.search(request.folded)
        if owned is not None and _is_known_list(owned["name"], conversation):
            return plan_or_unavailable(conversation, SHOW, {})  # "who owns ESN Lyon?"
        if conversation.latest_is_lists and (theirs := _named(request, _AND_THEIRS)):
            return plan_or_unavailable(
                conversation, SHOW, {"owner": theirs}
            )  # "et celles de Bruno ?"
        if request.has(_THEIR_LISTS) and conversation.focus_owner:  # "et ses listes ?"
            return plan_or_unavailable(conversation, SHOW, {"owner": conversation.focus_owner})
        if request.has(_SHOW):
            owner = owner_in(request) or _named(request, _LISTS_OF) or person_in(request)
            shown: dict[str, Any] = {"owner": owner} if owner else {}
            if not owner and request.has(_MINE):
                shown["mine"] = True
            return plan_or_unavailable(conversation, SHOW, shown)
        return None

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After a deletion (`then: confirm_delete`) or a reassignment with every lead
        (`then: confirm_assign`) tried without confirming: when only the confirmation is
        missing, ask for it; the rep's "oui" completes the call."""
        if step not in ("confirm_delete", "confirm_assign"):
            return None
        refused = [r for r in results if r.is_error]
        if len(refused) != 1:
            return None
        refusal = read_refusal(refused[0].content)
        if step == "confirm_assign":
            return _confirm_assign(refusal.key, refusal.values or {}, conversation)
        if refusal.key != "leads.error.delete_not_confirmed":
            return None
        values = refusal.values or {}
        name = str(values.get("name") or "")
        leads = int(values.get("leads") or 0)
        call = {"name": DELETE, "args": {"list_name": name}}
        memo = {"pending": {"kind": "confirm", "calls": [call]}}
        key = "offline.lists.confirm_delete" if leads else "offline.lists.confirm_delete_empty"
        question = md(key, conversation.language, name=name, leads=leads)
        return TextReply(question, memo=memo)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The lists with their counts, or what a change did."""
        return "\n\n".join(lists_answer(result, language) for result in results)


# "avec tous ses leads", "with all its leads", "y compris ceux des autres": every lead goes
_EVERY_LEAD = re.compile(
    r"(?:[\s,]+|^)(?:(?:avec|with|et|and|plus)\s+(?:(?:tous|toutes|all)\s+)?(?:(?:ses|les|leurs|its"
    r"|the|of\s+its|their)\s+)?leads(?:\s+(?:des\s+autres|de\s+tout\s+le\s+monde|compris|included"
    r"|too|aussi|inclus))?|(?:y\s+compris|including)\s+(?:ceux|those|the\s+ones|les\s+leads"
    r"|the\s+leads)\s+(?:des\s+autres|of\s+(?:the\s+)?others|of\s+other\s+reps))(?=\W*$|[\s,]+)"
)


def _confirm_assign(
    key: str | None, values: dict[str, object], conversation: Conversation
) -> TextReply | None:
    """ "La liste X contient des leads d'autres commerciaux (…) : les donner aussi ? (oui /
    non)", the rep's "oui" completing the reassignment with `confirm`."""
    if key != "leads.error.assign_not_confirmed":
        return None
    call = next(
        (
            dict(call["args"])
            for message in reversed(conversation.messages)
            for call in getattr(message, "tool_calls", None) or []
            if call["name"] == ASSIGN
        ),
        None,
    )
    if call is None:
        return None
    memo = {"pending": {"kind": "confirm", "calls": [{"name": ASSIGN, "args": call}]}}
    language = conversation.language
    refused = md("leads.error.assign_not_confirmed", language, **values)
    question = md("offline.lists.confirm_assign", language, **values)
    return TextReply(f"{refused} {question}", memo=memo)


# "renomme la deuxième en …", "delete the last one" with the lists on screen
_LIST_RANK = re.compile(
    r"(?<![\w])(?:la|the)\s+(?P<rank>premiere|1re|1ere|deuxieme|2e|2eme|seconde|troisieme|3e|3eme"
    r"|quatrieme|4e|4eme|cinquieme|5e|5eme|derniere|first|second|third|fourth|fifth|last)"
    r"(?:\s+(?:liste|list|one))?(?![\w])"
)
_RANKS = {
    "premiere": 0, "1re": 0, "1ere": 0, "first": 0, "deuxieme": 1, "2e": 1, "2eme": 1,
    "seconde": 1, "second": 1, "troisieme": 2, "3e": 2, "3eme": 2, "third": 2, "quatrieme": 3,
    "4e": 3, "4eme": 3, "fourth": 3, "cinquieme": 4, "5e": 4, "5eme": 4, "fifth": 4,
    "derniere": -1, "last": -1,
}  # fmt: skip


def _ranked_list_named(request: Request, conversation: Conversation) -> Request:
    """The request with "la deuxième" written as the list it points at, when lists are on
    screen ("renomme la deuxième en X" → "renomme la liste « Y » en X"); else as it is."""
    shown = conversation.lists_on_screen
    match = _LIST_RANK.search(request.folded) if shown else None
    if match is None:
        return request
    rank = _RANKS[match["rank"]]
    if rank >= len(shown):
        return request
    start, end = match.span()
    return Request(
        f"{request.original(0, start)}la liste « {shown[rank]} »"
        f"{request.original(end, len(request.folded))}"
    )


def this_list(request: Request, conversation: Conversation) -> str | None:
    """The list "cette liste", "that list", "-la", "dedans" points at: the one last worked
    with."""
    if points_at_a_list(request) or re.search(
        r"-la(?![\w])|\bit\b|^\W*(?:supprime|efface|renomme|donne|rends)\s+la\W*$", request.folded
    ):
        return conversation.focus_list
    return None


def named_focus_list(request: Request, conversation: Conversation) -> str | None:
    """The list last worked with when the request names it without the word "liste"
    ("combien de leads dans ESN Lyon ?"), else None."""
    name = conversation.focus_list
    if not name:
        return None
    wanted = Request(name).folded.strip()
    pattern = rf"(?<![\w]){re.escape(wanted)}(?![\w])"
    return name if wanted and re.search(pattern, request.folded) else None


_IN_IT = re.compile(r"(?<![\w])(?:dedans|in\s+it|in\s+there|inside)(?![\w])")


def points_at_a_list(request: Request) -> bool:
    """Whether the request means a list already in the conversation ("cette liste",
    "what's in that list", "combien de leads dedans")."""
    return request.has(_THIS_LIST) or request.has(_IN_IT)


_OF_PERSON = re.compile(r"^(?P<name>.+?)\s+(?:de|d'|of)\s*(?P<who>[A-ZÀ-Ý][\w-]{1,20})$")


def _without_owner(name: str | None) -> str | None:
    """ "BTP récents de David" → "BTP récents": a list named with its owner's first name
    after it (a capitalised word that is not a place)."""
    if not name:
        return name
    found = _OF_PERSON.match(name.strip())
    if found is None or Request(found["who"]).folded in NOT_A_PERSON:
        return name
    if parse_company_query(found["who"]).has_filters:
        return name  # "Relance de Lyon": a place, part of the name
    return found["name"]


# "give ESN Lyon to Chloé": a list the conversation has shown, given without the word "liste"
_GIVE = re.compile(
    r"^\W*(?:give|hand|pass|donne|passe|confie|file)\s+(?P<name>\S.*?)\s+(?:to|a|au)\s+"
    r"(?P<who>[a-z][a-z.-]{1,40})\W*$"
)
# "who owns ESN Lyon?", "qui s'occupe de BTP Bretagne ?"
_DELETE_BARE = re.compile(
    r"^\W*(?:supprime[rz]?|efface[rz]?|delete|remove)\s+(?!(?:la|le|les)\W*$|la\s|le\s|les\s|l'|the\s|it\b|-)"
    r"(?P<name>[^\s?!.].*?)\W*$"
)
_WHICH_ONE = re.compile(
    r"(?<![\w])(?:which\s+one|laquelle|lequel|quelle\s+liste|which\s+list)\b.*\b(?:most|plus|moins|least"
    r"|fewest|best|meilleure)(?![\w])"
)
_OWNER_OF = re.compile(
    r"^\W*(?:who|qui)\s+(?:owns|has|is\s+in\s+charge\s+of|runs|a|gere|s'occupe\s+de"
    r"|est\s+responsable\s+de)\s+(?P<name>\S.*?)\W*$"
)


def known_list_in(request: Request, conversation: Conversation) -> str | None:
    """A list the conversation knows, named in the request without the word "liste" ("les
    leads de Relance webinar", "ajoute-la à ESN Lyon"): the longest such name."""
    found = [
        name
        for name in conversation.known_lists
        if re.search(rf"(?<![\w]){re.escape(Request(name).folded.strip())}(?![\w])", request.folded)
    ]
    return max(found, key=len) if found else None


# "les leads de BTP Bretagne", "combien de leads dans SaaS Île-de-France ?", "leads in Lyon
# IT": a list named after "leads", without the word "liste"
_LEADS_OF = re.compile(
    r"(?<![\w])(?:leads?|deals?)\s+(?P<prep>de|d'|du|dans|in|of|from)\s*"
    r"(?!(?:la|le|les|l'|ma|mon|mes|ta|ton|tes|sa|son|ses|nos|notre|cette|ce|ces|the|my|his|her|our"
    r"|their|this|that|these|those|chaque|each|tous|toutes|all|liste|list|moi|me|lui|eux)(?![\w]))"
    r"(?P<name>[^\s?!.,;:][^?!.,;:]*?)"
    r"(?=\s*(?:[?!.,;:]|$|\s(?:en|au|a\s+l'etape|at|in|stage|qui|que|dont|depuis|non|pas|jamais|not"
    r"|never|sont|are|is|est|ont|have|par|by|pour|for|cette|ce|this|last|le\s+mois|la\s+semaine)(?![\w])))"
)


def list_named_loosely(request: Request) -> str | None:
    """A list named after "leads de/dans" without the word "liste" ("les leads de BTP
    Bretagne"): several words, or words that are no one's first name (a sector, a place, a
    number); None for "les leads de Bruno" (a rep) or "les leads de la semaine"."""
    found = _LEADS_OF.search(request.folded)
    if found is None:
        return None
    words = found["name"].split()
    first = words[0] if words else ""
    if not words or (first in NOT_A_PERSON and len(words) == 1) or len(words) > 6:
        return None
    name = clean(request.original(found.start("name"), found.end("name")))
    if found["prep"] in ("dans", "in"):
        return name  # "leads dans X": never a rep
    reading = parse_company_query(name)
    listy = (
        bool(
            reading.naf_codes
            or reading.sections
            or reading.cities
            or reading.departments
            or reading.regions
        )
        or any(ch.isdigit() for ch in name)
        or first in NOT_A_PERSON
    )
    return name if listy and (len(words) > 1 or first in NOT_A_PERSON) else None


def _is_known_list(name: str, conversation: Conversation) -> bool:
    wanted = Request(name).folded.strip()
    return any(Request(known).folded.strip() == wanted for known in conversation.known_lists)


def _known_list_given(request: Request, conversation: Conversation) -> re.Match[str] | None:
    """ "give ESN Lyon to Chloé" when ESN Lyon is a list the conversation knows."""
    found = _GIVE.search(request.folded)
    if found is None or not _is_known_list(found["name"], conversation):
        return None
    return found


def _named(request: Request, pattern: re.Pattern[str]) -> str | None:
    """The first name a pattern finds, as written, unless it is not a person ("à la …")."""
    match = pattern.search(request.folded)
    if match is None:
        return None
    group = "name" if match["name"] else "who"
    name = match[group]
    if name in NOT_A_PERSON:
        return None
    return request.original(match.start(group), match.end(group))


def _unquote(name: str) -> str:
    return name.strip().strip("\"'«»“”‘’").strip()


def lists_answer(result: ToolResult, language: Language) -> str:
    """The answer for one list-management result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if isinstance(artifact, LeadListsArtifact):
        if not artifact.lists:
            return t("offline.lists.none", language)
        head = t("offline.lists.count", language, count=len(artifact.lists))
        lines = [_summary_line(summary, language) for summary in artifact.lists[:20]]
        return head + "\n\n" + bullets(lines)
    if isinstance(artifact, ListChangeArtifact):
        head = md(
            # an empty list is deleted "with no lead", never "with its lead (0)"
            f"offline.lists.{artifact.action}"
            + ("_empty" if artifact.action == "deleted" and not artifact.leads else ""),
            language,
            name=artifact.list.name,
            previous=artifact.previous_name or "",
            owner=display_name(artifact.list.owner),
            leads=artifact.leads,
        )
        if artifact.action != "assigned":
            return head
        return " ".join([head, *change_notes(artifact, language)])
    return plain_answer(result, language)


def _summary_line(summary: ListSummary, language: Language) -> Markdown:
    stages = ", ".join(
        f"{stage_label(stage, language)} {count}"
        for stage, count in summary.stages.items()
        if count
    )
    return md(
        "offline.lists.line",
        language,
        name=summary.list.name,
        owner=display_name(summary.list.owner),
        leads=summary.leads,
        stages=stages or "—",
    )

"""Undoing the list change just made: "annule", "remets le nom BTP Bretagne", "undo that",
"oups non, rends-la moi" (a list just given to a rep goes back to whom it was taken from).

A list renamed is renamed back: to the name the rep gives ("remets le nom BTP Bretagne stp"),
else to the name it had. "annule" undoes only a rename that is the last thing the rep saw; a
stage change has its own correction ("en fait non, perdu", `stages.py`), and with nothing to
undo "annule" says nothing was done (`help.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from agent.artifacts import ListChangeArtifact
from agent.i18n import Language, md
from agent.i18n.labels import display_name
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.lists import lists_answer
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult

RENAME = "rename_lead_list"
ASSIGN = "assign_lead_list"
GIVE_BACK_NOTE = "give_back:"  # a list given back: how to get it when the rep may not take it
_LEAD_IN = (
    r"^\W*(?:(?:non|no|ok|bon|oups|oops|en\s+fait|finalement|actually|sorry|pardon)[\s,!.]+){0,3}"
)
_UNDO = re.compile(
    _LEAD_IN + r"(?:annule\w*(?:\s+(?:ca|cela|ce\s+changement|le\s+renommage|la\s+modif\w*))?"
    r"|undo(?:\s+(?:that|it|this|the\s+rename))?|cancel\s+(?:that|it|the\s+rename)"
    r"|reviens?\s+en\s+arriere|revert(?:\s+(?:it|that))?)"
    r"(?:\s+(?:stp|svp|please|merci|finalement))?\W*$"
)
_NAME_BACK = re.compile(
    _LEAD_IN
    + r"(?:remet\w*|reprend\w*|redonne[- ]lui|rends[- ]lui|put\s+back|change\s+it\s+back\s+to"
    r"|rename\s+it\s+back\s+to|revert\s+(?:it\s+)?to|go\s+back\s+to|give\s+it\s+back)\s+"
    r"(?:(?:le|son|l'|its|the|her|his)\s*(?:ancien\s+|old\s+|original\s+|premier\s+|previous\s+)?"
    r"(?:nom|name)|l'ancien|the\s+old\s+one)"
    r"(?:\s+(?:d'avant|de\s+depart|initial|d'origine|back))?(?:\s*:?\s*(?P<name>\S.*?))?\W*$"
)

# "oups non, rends-la moi", "give it back", "annule" right after a list was given to a rep
_GIVE_BACK = re.compile(
    _LEAD_IN
    + r"(?:(?:rends|rend|redonne|remets|retourne)[- ]la(?:[- ]?moi)?|(?:rends|redonne)[- ]moi[- ]la"
    r"|give\s+(?:it|her)\s+back(?:\s+to\s+me)?|give\s+me\s+(?:it|her)\s+back|undo(?:\s+(?:that|it|this))?"
    r"|annule\w*(?:\s+(?:ca|cela|la\s+reattribution|le\s+transfert|le\s+changement))?"
    r"|cancel\s+(?:that|it)|reviens?\s+en\s+arriere|revert(?:\s+(?:it|that))?)"
    r"(?:\s+(?:stp|svp|please|merci|finalement))?\W*$"
)


def give_back_note(results: Sequence[ToolResult], note: str, language: Language) -> str:
    """When giving a list back was refused (a rep may not take back a list now a teammate's):
    who can give it back, and the words for it; "" when it was given back. `note` is the JSON
    list [list, its owner now, who it goes back to]."""
    if not any(result.is_error for result in results):
        return ""
    name, owner, back = json.loads(note)
    return md(
        "offline.undo.give_back_refused",
        language,
        list=str(name),
        owner=display_name(str(owner)) or str(owner),
        back=display_name(str(back)) or str(back),
    )


class UndoIntent:
    """Rename a list back after a rename; give a list back right after giving it away."""

    name = "undo"
    tools: tuple[str, ...] = ()  # the lists intent owns rename_lead_list and its answer

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A rename back or a list given back, or None when there is nothing to undo."""
        request = Request(text)
        given = conversation.latest_artifact
        if (
            isinstance(given, ListChangeArtifact)
            and given.action == "assigned"
            and request.has(_GIVE_BACK)
        ):
            if not given.previous_owner:  # the list had no owner: nobody to give it back to
                return TextReply(
                    md(
                        "offline.undo.no_previous_owner",
                        conversation.language,
                        list=given.list.name,
                    )
                )
            args = {"list_name": given.list.name, "owner": given.previous_owner}
            whose = json.dumps([given.list.name, given.list.owner, given.previous_owner])
            return plan_or_unavailable(
                conversation, ASSIGN, args, memo={"notes": [f"{GIVE_BACK_NOTE}{whose}"]}
            )
        renamed = conversation.latest_rename
        back = _NAME_BACK.search(request.folded)
        if back is not None:
            wanted = clean(request.group(_NAME_BACK, "name") or "").strip("\"'«» ")
            current = conversation.focus_list or (renamed[0].list.name if renamed else None)
            if wanted and current:  # "remets le nom BTP Bretagne stp"
                args = {"list_name": current, "new_name": wanted}
                return plan_or_unavailable(conversation, RENAME, args)
            if renamed is not None and renamed[0].previous_name:  # "remets l'ancien nom"
                args = {"list_name": renamed[0].list.name, "new_name": renamed[0].previous_name}
                return plan_or_unavailable(conversation, RENAME, args)
            return None
        if request.has(_UNDO) and renamed is not None and renamed[1] and renamed[0].previous_name:
            args = {"list_name": renamed[0].list.name, "new_name": renamed[0].previous_name}
            return plan_or_unavailable(conversation, RENAME, args)
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """What the rename did, as the lists intent writes it."""
        return "\n\n".join(lists_answer(result, language) for result in results)

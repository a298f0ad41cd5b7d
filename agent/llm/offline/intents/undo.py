"""Undoing the list change just made: "annule", "remets le nom BTP Bretagne", "undo that".

A list renamed is renamed back: to the name the rep gives ("remets le nom BTP Bretagne stp"),
else to the name it had. "annule" undoes only a rename that is the last thing the rep saw; a
stage change has its own correction ("en fait non, perdu", `stages.py`), and with nothing to
undo "annule" says nothing was done (`help.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.i18n import Language
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.intents.lists import lists_answer
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult

RENAME = "rename_lead_list"
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


class UndoIntent:
    """Rename a list back after a rename."""

    name = "undo"
    tools: tuple[str, ...] = ()  # the lists intent owns rename_lead_list and its answer

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A rename back, or None when there is no rename to undo."""
        request = Request(text)
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

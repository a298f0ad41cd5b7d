"""People asked for with their email as a condition: "les DSI de la liste ESN Lyon avec un
email vérifié", "the CFOs with a verified email", "les décideurs qui ont un e-mail". The
condition narrows the people found (`find_decision_makers`'s `email`); "vérifié" there is a
quality of the email, not a request to verify one."""

from __future__ import annotations

import re
from typing import Literal

from agent.llm.offline.request import Request

Email = Literal["any", "verified"]

_VERIFIED = r"verifie\w*|verified|valide\w*|valid|confirme\w*"
_ADDRESS = r"(?:e-?mails?|mails?|adresses?(?:\s+e-?mails?|\s+mails?)?)"
_EMAIL_WISH = re.compile(
    r"(?<![\w])(?:avec|with|having|ayant|qui\s+ont|qui\s+a|who\s+have|who\s+has|that\s+have"
    r"|that\s+has)\s+(?:un\s+|une\s+|des\s+|an\s+|a\s+)?"
    rf"(?:(?P<before>{_VERIFIED})\s+)?{_ADDRESS}(?:\s+(?P<after>{_VERIFIED}))?(?![\w])"
)


def email_wanted(request: Request) -> Email | None:
    """ "verified" for "avec un email vérifié" / "with a verified email", "any" for "avec un
    e-mail" / "who have an email", None when the request sets no condition on emails."""
    match = _EMAIL_WISH.search(request.folded)
    if match is None:
        return None
    return "verified" if match["before"] or match["after"] else "any"


def without_email_wish(request: Request) -> Request:
    """The request without its condition on emails: what it asks besides."""
    return Request(_EMAIL_WISH.sub(" ", request.folded))

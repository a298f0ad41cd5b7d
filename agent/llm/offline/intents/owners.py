"""Who a request is about: a rep written as an identifier, "alice.martin" or an e-mail."""

from __future__ import annotations

import re

from agent.llm.offline.request import Request

OWNER = re.compile(
    r"(?<![\w.@])(?P<owner>[a-z][a-z-]*\.[a-z][a-z-]*(?:@[a-z0-9.-]+\.[a-z]+)?)(?![\w.])"
)


def owner_in(request: Request) -> str | None:
    """The rep named in the request, as written ("bruno.petit"), or None."""
    owner = request.group(OWNER, "owner")
    return owner.lower() if owner else None

"""Which channel a request names: "#ventes", "ventes", an id (C0123ABCD, a private G…, a direct
message's D…), or the link Slack writes for a channel typed in a message (`<#C0123ABCD|ventes>`).

A name is sent to chat.postMessage as `#name` (Slack takes names as well as ids) and shown as
`#name`; an id is sent as is and shown as `#name` when the link said it, else as the id.
Anything else (spaces, `@someone`, a URL) is not a channel: `bad_channel`, before Slack is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.slack.errors import SlackFailure

CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{8,}")
# Slack's channel names: lower case letters, digits, hyphens, underscores, periods (and letters
# of other alphabets), 80 characters at most.
CHANNEL_NAME = re.compile(r"[^\W_A-Z](?:[\w.-]{0,79})", re.UNICODE)
_LINK = re.compile(r"<#(?P<id>[CG][A-Z0-9]{8,})(?:\|(?P<name>[^>]*))?>")


@dataclass(frozen=True)
class Channel:
    """A channel to post to: what chat.postMessage is given, and how people read it."""

    target: str
    shown: str


def parse_channel(value: str) -> Channel:
    """The channel `value` names; `SlackFailure("bad_channel")` when it names none."""
    text = value.strip()
    link = _LINK.fullmatch(text)
    if link:
        name = (link["name"] or "").strip()
        return Channel(link["id"], f"#{name}" if name else link["id"])
    if CHANNEL_ID.fullmatch(text):
        return Channel(text, text)
    name = text.removeprefix("#").strip().lower()
    if CHANNEL_NAME.fullmatch(name):
        return Channel(f"#{name}", f"#{name}")
    raise SlackFailure(
        "bad_channel",
        f"{value!r} is not a Slack channel: give its name (#ventes) or its id (C0123ABCD)",
        channel=value.strip()[:80],
    )

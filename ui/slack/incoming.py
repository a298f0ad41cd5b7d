"""Which Slack events are questions to Filon, and what they say.

Filon answers an `app_mention` in a channel (in the thread of the message, or of the thread it
was posted in) and a `message` in a direct message with it (`channel_type: im`), at the top
level, or in its thread when written in one. Everything else is acknowledged and left alone:
messages from bots (Filon's own answers among them), edits and deletions, channel messages that
do not mention it, other event types.

Each Slack conversation is a Filon thread of its person: a mention's Slack thread, a direct
message channel (or a thread in it) — keyed by the workspace, the channel, the thread and the
member, so that two colleagues in one Slack thread each keep their own conversation, and a
Filon thread stays its starter's (`agent.chat.threads`).

The text comes back as typed: the mention of Filon taken out, Slack's `<…>` syntax read
(`<@U123>` → @U123, `<https://…|label>` → label, `<mailto:…|a@b.fr>` → a@b.fr) and its
entities decoded; a channel's link (`<#C0123ABCD|ventes>`) is kept, since it names the channel
exactly ("envoie le résumé du pipeline sur #ventes").
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

_NAMESPACE = uuid.UUID("6f9d2c1e-3b8a-4f1d-9c7e-5a2b8d0e4f13")  # Filon's Slack threads
_USER = re.compile(r"<@(?P<id>[UW][A-Z0-9]+)(?:\|[^>]*)?>")
_SPECIAL = re.compile(r"<!(?P<what>[a-z]+)(?:\^[^|>]*)?(?:\|(?P<label>[^>]*))?>")
_LINK = re.compile(r"<(?P<url>(?:https?|mailto):[^|>]+)(?:\|(?P<label>[^>]*))?>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_SPACES = re.compile(r"[ \t]+")
_LEADING_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
# Sorts of messages that are a person writing (a file shared with words, a reply also sent to
# the channel); any other subtype is an edit, a deletion, a join, a bot…
PERSON_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


@dataclass(frozen=True)
class Question:
    """A message to Filon: who, where, what, and where to answer."""

    team: str
    channel: str
    user: str
    text: str
    ts: str
    reply_ts: str | None  # the thread to answer in (None: the direct message itself)
    conversation: str  # the Slack conversation it belongs to (a thread's ts, or the channel)

    @property
    def thread_id(self) -> str:
        """The Filon thread of this Slack conversation and member."""
        key = f"slack:{self.team}:{self.channel}:{self.conversation}:{self.user}"
        return uuid.uuid5(_NAMESPACE, key).hex


def question_in(payload: dict[str, Any], *, bot_user: str | None = None) -> Question | None:
    """The question an `event_callback` carries, or None when it is not one for Filon."""
    event = payload.get("event")
    if not isinstance(event, dict):
        return None
    kind = event.get("type")
    user, channel, ts = (_text(event, key) for key in ("user", "channel", "ts"))
    if not (user and channel and ts):
        return None
    if event.get("bot_id") or event.get("subtype") not in PERSON_SUBTYPES or user == bot_user:
        return None
    team = str(payload.get("team_id") or event.get("team") or "")
    thread_ts = _text(event, "thread_ts") or None
    raw = str(event.get("text") or "")
    if kind == "app_mention" and bot_user is None:
        raw = _LEADING_MENTION.sub("", raw)  # Filon's own, when the event does not say its id
    text = typed_text(raw, bot_user=bot_user)
    if kind == "app_mention":
        root = thread_ts or ts
        return Question(team, channel, user, text, ts, root, root)
    if kind == "message" and event.get("channel_type") == "im":
        return Question(team, channel, user, text, ts, thread_ts, thread_ts or channel)
    return None


def _text(event: dict[str, Any], key: str) -> str:
    value = event.get(key)
    return value if isinstance(value, str) else ""


def typed_text(text: str, *, bot_user: str | None = None) -> str:
    """A message's text as its author typed it (see the module docstring)."""

    def user(match: re.Match[str]) -> str:
        return "" if match["id"] == bot_user else f"@{match['id']}"

    def link(match: re.Match[str]) -> str:
        label = (match["label"] or "").strip()
        return label or match["url"].removeprefix("mailto:")

    text = _USER.sub(user, text)
    text = _SPECIAL.sub(lambda m: m["label"] or f"@{m['what']}", text)
    text = _LINK.sub(link, text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return _SPACES.sub(" ", text).strip()

"""Which Slack events are questions to Filon, their text as typed, and the Filon thread each
Slack conversation is: one per Slack thread (or direct message) and person."""

from __future__ import annotations

import json
from typing import Any

from slack_fake import BOT_USER, TEAM, direct_message, event_callback, mention

from ui.slack.incoming import question_in, typed_text

CHANNEL, DM = "C0VENTES01", "D0ALICE001"


def _question(event: dict[str, Any]):  # type: ignore[no-untyped-def]
    return question_in(json.loads(event_callback(event)), bot_user=BOT_USER)


def test_a_mention_is_answered_in_its_thread() -> None:
    top = _question(mention("U0ALICE", "résumé du pipeline", channel=CHANNEL, ts="100.1"))
    assert top is not None
    assert (top.team, top.channel, top.user, top.text) == (
        TEAM,
        CHANNEL,
        "U0ALICE",
        "résumé du pipeline",
    )
    assert top.reply_ts == "100.1"  # a thread under the message
    reply = _question(
        mention("U0ALICE", "et le mois dernier ?", channel=CHANNEL, ts="100.9", thread_ts="100.1")
    )
    assert reply is not None and reply.reply_ts == "100.1"
    assert reply.thread_id == top.thread_id  # the same conversation


def test_two_people_in_one_slack_thread_keep_their_own_conversations() -> None:
    alice = _question(mention("U0ALICE", "x", channel=CHANNEL, ts="100.1"))
    bruno = _question(mention("U0BRUNO", "y", channel=CHANNEL, ts="100.2", thread_ts="100.1"))
    other = _question(mention("U0ALICE", "z", channel=CHANNEL, ts="200.1"))
    assert alice and bruno and other
    assert len({alice.thread_id, bruno.thread_id, other.thread_id}) == 3
    assert len(alice.thread_id) == 32 and int(alice.thread_id, 16) >= 0


def test_a_direct_message_continues_one_conversation_at_the_top_level() -> None:
    first = _question(direct_message("U0ALICE", "bonjour", channel=DM, ts="1.1"))
    second = _question(direct_message("U0ALICE", "mes leads", channel=DM, ts="2.1"))
    assert first and second
    assert first.reply_ts is None and first.thread_id == second.thread_id
    threaded = _question(
        {**direct_message("U0ALICE", "x", channel=DM, ts="3.1"), "thread_ts": "2.1"}
    )
    assert threaded and threaded.reply_ts == "2.1" and threaded.thread_id != first.thread_id


def test_bots_edits_and_channel_chatter_are_left_alone() -> None:
    dm = direct_message("U0ALICE", "x", channel=DM, ts="1.1")
    assert _question({**dm, "bot_id": "B0FILON01"}) is None
    assert _question({**dm, "subtype": "message_changed"}) is None
    assert _question({**dm, "subtype": "bot_message"}) is None
    assert _question({**dm, "user": BOT_USER}) is None
    assert _question({**dm, "channel_type": "channel"}) is None  # no mention: not for Filon
    assert _question({"type": "reaction_added", "user": "U0ALICE", "ts": "1"}) is None
    assert _question({**dm, "subtype": "file_share"}) is not None
    assert question_in({"type": "event_callback"}) is None


def test_the_text_is_read_as_typed() -> None:
    raw = (
        f"<@{BOT_USER}> envoie le pipeline sur <#C0VENTES01|ventes> à <@U0BRUNO> "
        "&lt;b&gt; &amp; <https://acme.fr|le site> <mailto:a@acme.fr|a@acme.fr> <!here>"
    )
    assert typed_text(raw, bot_user=BOT_USER) == (
        "envoie le pipeline sur <#C0VENTES01|ventes> à @U0BRUNO <b> & le site a@acme.fr @here"
    )


def test_without_its_id_in_the_event_filons_leading_mention_is_still_taken_out() -> None:
    payload = json.loads(event_callback(mention("U0ALICE", "mes leads", channel=CHANNEL, ts="1.1")))
    payload["authorizations"] = []
    question = question_in(payload)
    assert question is not None and question.text == "mes leads"

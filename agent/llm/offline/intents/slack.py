"""Posting the pipeline to Slack: "envoie le résumé du pipeline sur #ventes", "post this week's
pipeline to #sales", "partage le pipeline d'Alice du mois dernier dans le canal ventes", and,
right after a summary, "envoie-le sur #ventes" (the summary just shown: same period, same rep);
after the stale leads or the trend, "post it to #ventes" posts the thread's latest summary
(this week's when there is none), saying that only the summary goes to Slack.

The channel is taken as written — `#ventes`, `canal ventes`, an id, or the link Slack puts in a
message for a channel (`<#C0123ABCD|ventes>`); "sur Slack" without one asks which channel.
Other messages to Slack stay with `off_limits` ("envoie un message Slack à Bruno").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from agent.artifacts import PipelineArtifact, SlackPostArtifact
from agent.i18n import Language, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan
from agent.llm.offline.intents.owners import owner_in, person_in
from agent.llm.offline.intents.pipeline import period_args
from agent.llm.offline.intents.schedules import SCHEDULE
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from store.users import display_name

TOOL = "post_pipeline_to_slack"
SUMMARY_ONLY = "offline.slack.summary_only"
_SEND = re.compile(
    r"(?<![\w])(?:envoi\w*|envoy\w*|renvoi\w*|post\w*|publi\w*|partag\w*|balanc\w*|mets|met"
    r"|pousse\w*|send|sends|share|shares|push|drop|put)(?![\w])"
)
_WHAT = re.compile(
    r"(?<![\w])(?:pipe(?:line)?s?|resumes?|recap\w*|synthese|summary|digest|bilan|point\s+hebdo\w*"
    r"|chiffres|figures|numbers|kpis?|stats?|dashboard|tableau\s+de\s+bord|rapport|report)(?![\w])"
)
# "envoie-le sur #ventes", "poste ça", "send it to #sales": the summary just shown
_THAT = re.compile(r"(?:-(?:le|la|les)\b|(?<![\w])(?:ca|cela|ceci|it|this|that)(?![\w]))")
_SLACK = re.compile(r"(?<![\w])slack(?![\w])")
_LINK = re.compile(r"<#[CG][A-Z0-9]{8,}(?:\|[^>]*)?>")
_HASH = re.compile(r"(?<![\w&/#])#(?P<name>[^\W_](?:[\w.-]{0,79}))", re.UNICODE)
_CHANNEL_ID = re.compile(r"(?<![\w])(?P<id>[CG][A-Z0-9]{8,})(?![\w])")
_NAMED = re.compile(
    r"(?<![\w])(?:canal|channel|chaine)\s+(?:slack\s+)?#?(?P<name>[a-z0-9][a-z0-9._-]{0,79})"
)
_MINE = re.compile(r"(?<![\w])(?:mon|ma|mes|my|mine|perso)(?![\w])")


def channel_in(request: Request) -> str | None:
    """The channel a request names, as written (a link, #name, an id, "canal name"), or None."""
    if link := _LINK.search(request.text):
        return link.group(0)
    if named := _HASH.search(request.text):
        return "#" + named["name"].rstrip(".")
    if found := _CHANNEL_ID.search(request.text):
        return found["id"]
    name = request.group(_NAMED, "name")
    return f"#{name.lower()}" if name else None


def asks_to_post(request: Request) -> bool:
    """Whether the request sends something to Slack: to a channel it names, or "sur Slack"."""
    return request.has(_SEND) and (channel_in(request) is not None or request.has(_SLACK))


class SlackIntent:
    """The pipeline summary posted to a Slack channel."""

    name = "slack"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `post_pipeline_to_slack` call {channel, period or dates, owner or mine}, a
        question about the channel, or None."""
        if not conversation.has_tool(TOOL):
            return None  # off_limits says Slack is not offered
        request = Request(text)
        if not asks_to_post(request) or request.has(SCHEDULE):
            return None  # "… tous les lundis": a schedule, declined with the other ones
        channel = channel_in(request)
        pointed = request.has(_THAT) and not request.has(_WHAT)
        previous = conversation.previous_pipeline
        follow_up = pointed and previous is not None
        # "post it to #ventes" after the stale leads or the trend: only a summary is posted
        after_dashboard = pointed and conversation.latest_dashboard is not None
        if not (request.has(_WHAT) or follow_up or after_dashboard):
            return None
        if channel is None:
            return TextReply(t("slack.answer.which_channel", conversation.language))
        if follow_up and previous is not None:
            return ToolCallPlan.one(TOOL, {"channel": channel, **_same_as(previous)})
        if after_dashboard:  # the summary shown earlier in the thread, else this week's
            earlier = conversation.pipeline_in_thread
            args = _same_as(earlier) if earlier is not None else {}
            memo = {"notes": [SUMMARY_ONLY]}
            return ToolCallPlan.one(TOOL, {"channel": channel, **args}, memo=memo)
        args = self._args(request, conversation.today or date.today())
        return ToolCallPlan.one(TOOL, {"channel": channel, **args})

    @staticmethod
    def _args(request: Request, today: date) -> dict[str, Any]:
        args = period_args(request, today)
        owner = owner_in(request) or person_in(request)
        if owner:
            args["owner"] = owner
        elif request.has(_MINE):
            args["mine"] = True
        return args

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Where it was posted, for whom and which days; or what to do about a refusal."""
        return "\n\n".join(_answer(result, language) for result in results)


def _same_as(previous: PipelineArtifact) -> dict[str, Any]:
    """The arguments that post the summary just shown: its days and its rep."""
    period = previous.period
    if period.label in ("custom", "since"):
        args: dict[str, Any] = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    else:
        args = {"period": period.label}
    if previous.owner:
        args["owner"] = previous.owner
    return args


def _answer(result: ToolResult, language: Language) -> str:
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, SlackPostArtifact):
        return plain_answer(result, language)
    who = (
        display_name(artifact.owner) or artifact.owner
        if artifact.owner
        else t("dashboard.digest.team", language)
    )
    return md(
        "slack.answer.posted",
        language,
        channel=artifact.channel,
        who=who,
        start=artifact.period.start,
        end=artifact.period.end,
        previous_start=artifact.previous.start,
        previous_end=artifact.previous.end,
    )

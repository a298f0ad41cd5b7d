"""OfflineChatModel: the pipeline posted to Slack → one `post_pipeline_to_slack` call with the
channel as written and the period and rep of the request (or of the summary just shown, for
"envoie-le sur #ventes"); "sur Slack" without a channel asks which; other Slack messages and
other chat apps get an honest answer; without the tool, Slack is said not to be offered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, tool
from offline_fixtures import PIPELINE, TOOLS, model

from agent.artifacts import PeriodInfo, PipelineArtifact, SlackPostArtifact
from agent.slack import SlackFailure
from agent.tools.failures import refusal


@tool
def post_pipeline_to_slack(
    channel: str,
    period: str = "week",
    owner: str | None = None,
    start: str | None = None,
    end: str | None = None,
    since: str | None = None,
    mine: bool = False,
) -> str:
    """Post the pipeline summary to a Slack channel."""
    return "posted"


WITH_SLACK: list[BaseTool] = [*TOOLS, post_pipeline_to_slack]
TOOL = "post_pipeline_to_slack"

CASES = [
    ("Envoie le résumé du pipeline sur #ventes", {"channel": "#ventes"}),
    ("envoie le résumé du pipeline sur <#C0VENTES01|ventes>", {"channel": "<#C0VENTES01|ventes>"}),
    ("poste le pipeline dans #équipe-commerciale stp", {"channel": "#équipe-commerciale"}),
    ("post last week's pipeline to #sales", {"channel": "#sales", "period": "last_week"}),
    ("publie le pipeline du mois dernier dans le canal ventes",
     {"channel": "#ventes", "period": "last_month"}),
    ("partage mon pipeline sur #perso", {"channel": "#perso", "mine": True}),
    ("send the pipeline summary for bruno.petit to #sales",
     {"channel": "#sales", "owner": "bruno.petit"}),
    ("envoie le pipeline d'Alice sur #ventes", {"channel": "#ventes", "owner": "Alice"}),
    ("share this quarter's numbers in C0VENTES01", {"channel": "C0VENTES01", "period": "quarter"}),
    ("mets le récap de la semaine sur slack #ventes", {"channel": "#ventes", "period": "week"}),
]  # fmt: skip


def _ask(messages: list[BaseMessage], tools: list[BaseTool] = WITH_SLACK) -> AIMessage:
    result = model().bind_tools(tools).invoke(messages)
    assert isinstance(result, AIMessage)
    return result


@pytest.mark.parametrize(("text", "args"), CASES, ids=[text for text, _ in CASES])
def test_a_request_to_post_the_pipeline_is_one_call(text: str, args: dict[str, Any]) -> None:
    message = _ask([HumanMessage(text)])
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [(TOOL, args)]


def _after_summary(
    label: str = "last_month", owner: str | None = "bruno.petit"
) -> list[BaseMessage]:
    summary = PipelineArtifact.model_validate(PIPELINE).model_copy(
        update={
            "period": PeriodInfo(label=label, start=date(2025, 2, 1), end=date(2025, 2, 28)),
            "owner": owner,
        }
    )
    return [
        HumanMessage("pipeline de bruno.petit le mois dernier"),
        AIMessage("", tool_calls=[{"name": "pipeline_summary", "args": {}, "id": "call_1"}]),
        ToolMessage(
            "…",
            tool_call_id="call_1",
            name="pipeline_summary",
            artifact=summary.model_dump(mode="json"),
        ),
        AIMessage("Pipeline de Bruno Petit — le mois dernier…"),
    ]


@pytest.mark.parametrize(
    "text", ["envoie-le sur #ventes", "send it to #ventes", "poste ça dans #ventes"]
)
def test_right_after_a_summary_it_posts_that_summary(text: str) -> None:
    message = _ask([*_after_summary(), HumanMessage(text)])
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [
        (TOOL, {"channel": "#ventes", "period": "last_month", "owner": "bruno.petit"})
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("partage le pipeline sur Slack", "Sur quel canal Slack ?"),
        ("post the pipeline summary on Slack", "Which Slack channel?"),
        ("envoie un message slack à bruno pour lui dire que j'ai closé",
         "Dans Slack, je publie le résumé du pipeline sur un canal"),
        ("can you post this in Slack?", "In Slack, I post the pipeline summary to a channel"),
        ("envoie le résumé du pipeline sur Teams", "pas dans Teams, WhatsApp ou Telegram"),
        ("envoie le résumé du pipeline par e-mail", "n'envoie rien par e-mail"),
    ],
)  # fmt: skip
def test_what_it_does_not_post_is_said(text: str, said: str) -> None:
    message = _ask([HumanMessage(text)])
    assert message.tool_calls == []
    assert said in str(message.content)


def test_without_the_tool_slack_is_not_offered() -> None:
    message = _ask([HumanMessage("Envoie le résumé du pipeline sur #ventes")], tools=TOOLS)
    assert message.tool_calls == []
    assert "ne propose pas Slack" in str(message.content)


def _final(text: str, result: ToolMessage) -> str:
    asked = _ask([HumanMessage(text)])
    (call,) = asked.tool_calls
    result.tool_call_id = call["id"] or ""
    return str(_ask([HumanMessage(text), asked, result]).content)


def test_the_answer_says_where_for_whom_and_which_days() -> None:
    summary = PipelineArtifact.model_validate(PIPELINE)
    artifact = SlackPostArtifact(
        channel="#ventes",
        channel_id="C0VENTES01",
        ts="1764000000.000100",
        period=summary.period,
        previous=summary.previous,
    )
    posted = ToolMessage(
        "posted", tool_call_id="x", name=TOOL, artifact=artifact.model_dump(mode="json")
    )
    assert _final("Envoie le résumé du pipeline sur #ventes", posted) == (  # Markdown
        "C'est publié sur \\#ventes dans Slack : le pipeline de toute l'équipe, du 10/03/2025 au "
        "16/03/2025, comparé au 03/03/2025 – 09/03/2025."
    )


def test_a_refusal_says_what_to_do_in_the_rep_language() -> None:
    failure = SlackFailure("not_in_channel", "Slack: not_in_channel (#sales)", channel="#sales")
    refused = ToolMessage(str(refusal(failure)), tool_call_id="x", name=TOOL, status="error")
    assert _final("post the pipeline summary to #sales", refused) == (  # Markdown
        "Filon is not a member of \\#sales: invite it into the channel (/invite @Filon), then ask "
        "again."
    )

"""OfflineChatModel: requests about lead scores → one exact `score_leads` call (every lead, a
list's, or the leads of the companies pointed at for "why this score?"); a sort by score and
the signals' intent score stay with their intents; with the tool not bound, scoring is said to
be unavailable (the honest-scope intent)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, tool
from offline_fixtures import SIRENS, TOOLS, case, earlier_search, model

from agent.artifacts import ScoredLeadItem, ScorePart, ScoreReason, ScoresArtifact


@tool
def score_leads(
    list_name: str | None = None,
    sirens: list[str] | None = None,
    owner: str | None = None,
    mine: bool = False,
) -> str:
    """Score leads again."""
    return "scored"


WITH_SCORES: list[BaseTool] = [*TOOLS, score_leads]

SCORE_CASES = [
    case("score mes leads", "score_leads", {"mine": True}),
    case("rescore my leads", "score_leads", {"mine": True}),
    case("recalcule les scores", "score_leads", {}),
    case("mets à jour les scores de mes leads", "score_leads", {"mine": True}),
    case("score les leads de David", "score_leads", {"owner": "David"}),
    case("recalcule mes scores", "score_leads", {"mine": True}),
    case("scrore mes leads", "score_leads", {"mine": True}),
    case("score mes prospects", "score_leads", {"mine": True}),
    case("recalcule le score de mes leads de la liste ESN Lyon", "score_leads",
         {"list_name": "ESN Lyon", "mine": True}),
    case("rescore my list ESN Lyon", "score_leads", {"list_name": "ESN Lyon"}),
    case("rescore Chloé's leads", "score_leads", {"owner": "Chloé"}),
    case("recalcule les scores des leads de bruno.petit", "score_leads", {"owner": "bruno.petit"}),
    case("recalcule les scores de la liste ESN Lyon", "score_leads", {"list_name": "ESN Lyon"}),
    case("rescore the list SaaS IDF", "score_leads", {"list_name": "SaaS IDF"}),
    case("score les leads de la liste « BTP Bretagne »", "score_leads",
         {"list_name": "BTP Bretagne"}),
    case("pourquoi 552100554 a ce score ?", "score_leads", {"sirens": ["552100554"]}),
    case("pourquoi la deuxième a ce score ?", "score_leads", {"sirens": [SIRENS[1]]},
         previous=True),
    case("why does the first one score so high?", "score_leads", {"sirens": [SIRENS[0]]},
         previous=True),
    # not ours
    case("score d'intention des 3 premières", "find_signals", {"sirens": SIRENS[:3]},
         previous=True),
]  # fmt: skip


def _ask(messages: list[Any], tools: list[BaseTool] = WITH_SCORES) -> AIMessage:
    result = model().bind_tools(tools).invoke(messages)
    assert isinstance(result, AIMessage)
    return result


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), SCORE_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    messages = [*earlier_search(), HumanMessage(text)] if previous else [HumanMessage(text)]
    message = _ask(messages)
    assert message.content == ""
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [(tool_name, args)]


def test_why_with_no_lead_in_sight_asks_which() -> None:
    message = _ask([HumanMessage("pourquoi ce lead a ce score ?")])
    assert message.tool_calls == []
    assert (
        message.content
        == "De quel lead voulez-vous le détail du score ? Donnez son nom ou son SIREN."
    )


def test_a_sort_by_score_is_not_a_scoring_run() -> None:
    message = _ask([*earlier_search(), HumanMessage("trie par score")])
    assert [call["name"] for call in message.tool_calls] != ["score_leads"]


def test_without_the_tool_scoring_is_said_unavailable() -> None:
    message = _ask([HumanMessage("score mes leads")], tools=TOOLS)
    assert message.tool_calls == [] and "le scoring des leads" in str(message.content)


def _answer(artifact: ScoresArtifact, language: str) -> str:
    call = {"name": "score_leads", "args": {}, "id": "call_9"}
    messages = [
        HumanMessage("score mes leads" if language == "fr" else "rescore my leads"),
        AIMessage("", tool_calls=[call]),
        ToolMessage("scored", tool_call_id="call_9", name="score_leads",
                    artifact=artifact.model_dump(mode="json")),
    ]  # fmt: skip
    return str(_ask(messages).content)


LEAD = ScoredLeadItem(
    siren=SIRENS[0], name="Synora", list_name="ESN Lyon", stage="mql", score=72, promoted=True,
    fit=ScorePart(score=90, reasons=[ScoreReason(code="sector", value="62.02A", points=35),
                                     ScoreReason(code="headcount", value="50–99", points=25)]),
    engagement=ScorePart(score=55, reasons=[ScoreReason(code="pricing_page", value="2", points=24)]),
)  # fmt: skip


def test_the_answer_gives_the_counts_and_the_best_leads_in_both_languages() -> None:
    run = ScoresArtifact(scored=12, changed=5, promoted=1, leads=[LEAD])
    french = _answer(run, "fr")
    assert french.startswith("**12** leads notés : score changé pour 5, **1** passés en MQL.")
    assert "**Synora** — 72/100 (adéquation 90, engagement 55, intention 0), passé en MQL" in french
    english = _answer(run, "en")
    assert "**Synora** — 72/100 (fit 90, engagement 55, intent 0), moved to MQL" in english


def test_the_answer_to_why_lists_each_part_with_its_reasons() -> None:
    why = ScoresArtifact(scope="companies", sirens=[SIRENS[0]], scored=1, leads=[LEAD])
    text = _answer(why, "fr")
    assert text.splitlines() == [
        "**Synora** a un score de **72/100** («\u202fESN Lyon\u202f») :",
        "- Adéquation 90/100 : secteur 62.02A (+35), effectif 50–99 (+25)",
        "- Engagement 55/100 : 2 visites de la page tarifs (+24)",
        "- Intention 0/100 : rien de notable",
    ]

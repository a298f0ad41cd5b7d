"""Issue 8's leftovers found by evaluation 15, on the offline model's requests and answers:
a stage refused for its missing reason is named as reps say it ("Perdu", never "lost")."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from offline_fixtures import TOOLS, model

from agent.cli.lead_errors import lead_error_line
from agent.leads.errors import ReasonRequired, SameStage
from agent.tools.failures import refusal


def _refused(request: str, content: str) -> str:
    """The answer after a `set_lead_stage` call refused with `content`."""
    call = {"name": "set_lead_stage", "args": {"siren": "552100554", "stage": "lost"}}
    messages = [
        HumanMessage(request),
        AIMessage("", tool_calls=[{**call, "id": "call_1"}, {**call, "id": "call_2"}]),
        ToolMessage(content, tool_call_id="call_1", status="error"),
        ToolMessage(content, tool_call_id="call_2", status="error"),
    ]
    return model().bind_tools(TOOLS).invoke(messages).text


@pytest.mark.parametrize(
    ("stage", "french", "english"),
    [("lost", "Perdu", "Lost"), ("disqualified", "Disqualifié", "Disqualified")],
)
def test_a_reason_required_names_the_stage_as_reps_say_it(
    stage: str, french: str, english: str
) -> None:
    content = str(refusal(ReasonRequired(stage)))
    assert f"moved to {stage} needs" in content  # the model reads the code
    said = _refused("passe-les en perdu", content)
    assert f"Passer un lead à l'étape {french} demande une raison" in said
    assert f"étape {stage} " not in said
    said = _refused("mark them as lost", content)
    assert f"Moving a lead to {english} needs a reason" in said


def test_the_cli_and_the_same_stage_refusal_word_the_stage_once() -> None:
    assert "à l'étape Perdu demande" in lead_error_line(ReasonRequired("lost"), "fr")
    same = SameStage("552100554", "won", "ESN Lyon")
    assert "déjà à l'étape Gagné" in lead_error_line(same, "fr")
    assert "already at Won" in lead_error_line(same, "en")
    said = _refused("passe-la en gagné", str(refusal(same)))
    assert "déjà à l'étape Gagné" in said

"""Issue 8's leftovers found by evaluation 15, on the offline model's requests and answers:
a stage refused for its missing reason is named as reps say it ("Perdu", never "lost")."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from offline_fixtures import TOOLS, ask, model

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


FORMATS = [
    # what was asked decides what is offered: a list's CSV, the search's, the HTML digest
    ("exporte la liste ESN Lyon en pdf", False, ["PDF", "exporte la liste ESN Lyon en CSV"]),
    ("export the list SaaS IDF as a PDF", False, ["PDF", "export the list SaaS IDF as CSV"]),
    ("un pdf du pipeline", False, ["PDF", "`filon digest`", "HTML"]),
    ("fais moi un rapport PDF du pipeline pour le comex", False, ["`filon digest`"]),
    ("fais-moi un powerpoint du pipeline du mois", False, ["PowerPoint", "`filon digest`"]),
    ("can I get the weekly report as pdf?", False, ["PDF", "`filon digest`"]),
    ("mets ces résultats en PDF", True, ["PDF", "exporte ces résultats en CSV"]),
    ("en pdf stp", True, ["PDF", "exporte ces résultats en CSV"]),
    ("export these companies to pdf", True, ["PDF", "export these results as CSV"]),
    ("exporte mes leads en pdf", False, ["PDF", "exporte mes SQL"]),
    ("les contacts de la première en pdf", True, ["PDF", "décideurs", "CSV"]),
    ("la fiche en pdf", False, ["PDF", "fiche d'une entreprise", "CSV"]),
    ("export it as a word document", False, ["Word", "lead list or a search"]),
    ("pdf", False, ["PDF", "CSV", "`filon digest`"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "expected"), FORMATS)
def test_a_file_filon_does_not_make_is_said_with_what_it_offers(
    text: str, previous: bool, expected: list[str]
) -> None:
    message = ask(text, previous=previous)
    assert message.tool_calls == []
    assert message.text.startswith(("Filon ne produit pas de fichier", "Filon doesn't produce"))
    for words in expected:
        assert words in message.text, (words, message.text)


def _after_a_list(text: str) -> AIMessage:
    """The request asked with the leads of the list ESN Lyon on screen."""
    from test_offline_requests_crm import after_a_list

    message = model().bind_tools(TOOLS).invoke([*after_a_list(), HumanMessage(text)])
    assert isinstance(message, AIMessage)
    return message


IN_THE_LIST = {"list_name": "ESN Lyon"}
OWNER_KEPT = [
    ("combien de leads David a en SQL ?", {**IN_THE_LIST, "stage": "sql", "owner": "David"}),
    ("combien de leads Chloé Bernard a en MQL ?",
     {**IN_THE_LIST, "stage": "mql", "owner": "Chloé Bernard"}),
    ("combien de leads bruno a en sql", {**IN_THE_LIST, "stage": "sql", "owner": "bruno"}),
    ("combien de SQL David a ?", {**IN_THE_LIST, "stage": "sql", "owner": "David"}),
    ("how many leads does Chloé Bernard have in SQL?",
     {**IN_THE_LIST, "stage": "sql", "owner": "Chloé Bernard"}),
    ("how many MQLs does David have?", {**IN_THE_LIST, "stage": "mql", "owner": "David"}),
    ("et Alice Martin ?", {**IN_THE_LIST, "owner": "Alice Martin"}),
    ("combien de leads david.roux a en SQL ?",
     {**IN_THE_LIST, "stage": "sql", "owner": "david.roux"}),
    # a pronoun is no rep: the list's leads at that stage
    ("combien il y en a en SQL ?", {**IN_THE_LIST, "stage": "sql"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "args"), OWNER_KEPT)
def test_a_rep_named_in_a_count_with_a_list_on_screen_is_kept(
    text: str, args: dict[str, object]
) -> None:
    message = _after_a_list(text)
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [("list_leads", args)]

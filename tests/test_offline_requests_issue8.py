"""Issue 8's leftovers found by evaluation 15, on the offline model's requests and answers: a
stage refused for its missing reason named as reps say it ("Perdu", never "lost"); a PDF said
not offered, with what is for what was asked; a rep named in a count with a list on screen
kept; several stages asked at once ("perdus et disqualifiés"); "trie par intention" after
leads, a scoring run or signals; a name several companies bear asked about, then picked."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool
from offline_fixtures import PIPELINE, TOOLS, ask, assert_one_call, case, model

from agent.cli.lead_errors import lead_error_line
from agent.leads.errors import ReasonRequired, SameStage
from agent.tools.failures import refusal


@tool
def score_leads(
    list_name: str | None = None,
    sirens: list[str] | None = None,
    owner: str | None = None,
    mine: bool = False,
) -> str:
    """Score leads again."""
    return "scored"


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
    ("tu peux me faire un PDF de la liste ESN Lyon ?", False,
     ["PDF", "exporte la liste ESN Lyon en CSV"]),
    ("a PDF of the list SaaS IDF please", False, ["export the list SaaS IDF as CSV"]),
    ("un pdf avec les décideurs de la liste ESN Lyon", False, ["décideurs", "CSV"]),
    ("slides of the pipeline", False, ["PowerPoint", "`filon digest`"]),
    ("rapport pdf mensuel", False, ["`filon digest`"]),
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
    ("combien David en a en SQL ?", {**IN_THE_LIST, "stage": "sql", "owner": "David"}),
    ("David en a combien en SQL ?", {**IN_THE_LIST, "stage": "sql", "owner": "David"}),
    ("David a combien de SQL ?", {**IN_THE_LIST, "stage": "sql", "owner": "David"}),
    ("how many SQLs has David got?", {**IN_THE_LIST, "stage": "sql", "owner": "David"}),
    ("nombre de leads de David en MQL", {**IN_THE_LIST, "stage": "mql", "owner": "David"}),
    ("combien de leads a David en SQL ?", {**IN_THE_LIST, "stage": "sql", "owner": "David"}),
    # a pronoun is no rep: the list's leads at that stage
    ("combien il y en a en SQL ?", {**IN_THE_LIST, "stage": "sql"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "args"), OWNER_KEPT)
def test_a_rep_named_in_a_count_with_a_list_on_screen_is_kept(
    text: str, args: dict[str, object]
) -> None:
    message = _after_a_list(text)
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [("list_leads", args)]


SEVERAL_STAGES = [
    case("montre les leads perdus et disqualifiés", "list_leads",
         {"stages": ["lost", "disqualified"]}),
    case("liste les deals perdus ou disqualifiés", "list_leads",
         {"stages": ["lost", "disqualified"]}),
    case("show me the lost and disqualified leads", "list_leads",
         {"stages": ["lost", "disqualified"]}),
    case("leads perdus et disqualifiés de David", "list_leads",
         {"stages": ["lost", "disqualified"], "owner": "David"}),
    case("mes leads en SQL et en MQL", "list_leads", {"stages": ["mql", "sql"], "mine": True}),
    case("les leads gagnés et perdus de la liste ESN Lyon", "list_leads",
         {"list_name": "ESN Lyon", "stages": ["won", "lost"]}),
    case("montre-moi les perdus et les disqualifiés", "list_leads",
         {"stages": ["lost", "disqualified"]}),  # "montre-moi" is no "à moi"
    case("total perdus + disqualifiés", "list_leads", {"stages": ["lost", "disqualified"]}),
    case("nb de leads perdus/disqualifiés", "list_leads",
         {"stages": ["lost", "disqualified"]}),
    case("leads disqualifés et perdus", "list_leads",
         {"stages": ["lost", "disqualified"]}),  # a typo
    # one stage stays one stage
    case("montre les leads perdus", "list_leads", {"stage": "lost"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), SEVERAL_STAGES)
def test_several_stages_are_asked_at_once(
    text: str, previous: bool, tool_name: str, args: dict[str, object]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(
    ("text", "stages"),
    [
        ("combien de leads perdus et disqualifiés ?", "lost+disqualified"),
        # a period named: the leads closed so within it (evaluation 17), not all time
        ("combien de perdus et de disqualifiés cette année ?", "lost+disqualified@period"),
        ("how many lost and disqualified leads?", "lost+disqualified"),
        ("combien de SQL et de MQL ?", "mql+sql"),
        ("combien de perdus ou disqualifiés ?", "lost+disqualified"),
        ("combien de leads disqualifés et perdus", "lost+disqualified"),
    ],
)
def test_a_count_of_several_stages_is_their_total(text: str, stages: str) -> None:
    message = ask(text)
    assert [call["name"] for call in message.tool_calls] == ["pipeline_summary"]
    memo = message.response_metadata["filon"]
    assert memo == {"notes": [f"stages:{stages}"], "notes_only": True}


def _counted(request: str, artifact: object) -> str:
    call = {"name": "pipeline_summary", "args": {}, "id": "call_1"}
    memo = {"filon": {"notes": ["stages:lost+disqualified"], "notes_only": True}}
    messages = [
        HumanMessage(request),
        AIMessage("", tool_calls=[call], response_metadata=memo),
        ToolMessage("summary", tool_call_id="call_1", artifact=artifact),
    ]
    return model().bind_tools(TOOLS).invoke(messages).text


def test_the_total_of_several_stages_is_said_with_each_and_per_rep() -> None:
    from agent.artifacts import OwnerItem, PipelineArtifact

    summary = PipelineArtifact.model_validate(PIPELINE)
    summary = summary.model_copy(
        update={
            "stages": {**summary.stages, "lost": 5, "disqualified": 3},
            "owners": [
                OwnerItem(owner="alice.martin", stages={"lost": 1, "disqualified": 1},
                          new_leads=0, new_sqls=0, won=0),
                OwnerItem(owner="bruno.petit", stages={"lost": 4, "disqualified": 2},
                          new_leads=0, new_sqls=0, won=0),
            ],
        }
    )  # fmt: skip
    french = _counted("combien de perdus et disqualifiés ?", summary.model_dump(mode="json"))
    assert french.splitlines() == [
        "Aux étapes Perdu, Disqualifié, en ce moment (toutes périodes) : 8 leads "
        "(Perdu 5, Disqualifié 3).",
        "",
        "- Bruno Petit : 6 (Perdu 4, Disqualifié 2)",
        "- Alice Martin : 2 (Perdu 1, Disqualifié 1)",
    ]
    english = _counted("how many lost and disqualified?", summary.model_dump(mode="json"))
    assert english.startswith("At Lost, Disqualified, right now (all periods): 8 leads")


def test_who_has_the_most_of_several_stages_adds_them_up() -> None:
    from agent.llm.offline.intents.ranking import rank_metric
    from agent.llm.offline.request import Request

    assert rank_metric(Request("qui a le plus de perdus et disqualifiés ?")) == (
        "lost+disqualified"
    )
    assert rank_metric(Request("qui a le moins de SQL et MQL ?")) == "least:mql+sql"
    assert rank_metric(Request("qui a le plus de perdus ?")) == "lost"


def _after(tool: str, args: dict[str, object], artifact: object, text: str) -> AIMessage:
    """The request asked right after one `tool` call and its result."""
    call = {"name": tool, "args": args, "id": "c1"}
    messages = [
        HumanMessage("earlier"),
        AIMessage("", tool_calls=[call]),
        ToolMessage("result", tool_call_id="c1", name=tool, artifact=artifact),
        AIMessage("the answer"),
        HumanMessage(text),
    ]
    message = model().bind_tools([*TOOLS, score_leads]).invoke(messages)
    assert isinstance(message, AIMessage)
    return message


def _calls(message: AIMessage) -> list[tuple[str, dict[str, object]]]:
    return [(call["name"], call["args"]) for call in message.tool_calls]


BY_INTENT = [
    "trie par intention",
    "trie-les par intention d'achat",
    "par score d'intention",
    "par intention ?",
    "by intent",
    "sort them by intent score",
    "les plus chaudes d'abord",
    "et par intention stp",
    "trie par intension",  # a typo
    "classe-les selon l'intention",
    "hottest first",
    "par ordre d'intention",
]


@pytest.mark.parametrize("text", BY_INTENT)
def test_by_intent_after_leads_sorts_them_by_intent(text: str) -> None:
    from test_offline_requests_crm import after_a_list

    message = model().bind_tools(TOOLS).invoke([*after_a_list(), HumanMessage(text)])
    assert _calls(message) == [("list_leads", {"list_name": "ESN Lyon", "sort": "intent"})]


@pytest.mark.parametrize("text", BY_INTENT)
def test_by_intent_after_a_scoring_run_lists_those_leads_by_intent(text: str) -> None:
    from agent.artifacts import ScoresArtifact

    run = ScoresArtifact(scope="list", list_name="ESN Lyon", scored=3).model_dump(mode="json")
    message = _after("score_leads", {"list_name": "ESN Lyon"}, run, text)
    assert _calls(message) == [("list_leads", {"sort": "intent", "list_name": "ESN Lyon"})]
    mine = ScoresArtifact(scope="all", owner="alice.martin", scored=3).model_dump(mode="json")
    message = _after("score_leads", {"mine": True}, mine, text)
    assert _calls(message) == [("list_leads", {"sort": "intent", "owner": "alice.martin"})]


@pytest.mark.parametrize("text", BY_INTENT)
def test_by_intent_after_signals_shows_them_again_hottest_first(text: str) -> None:
    from agent.artifacts import SignalsArtifact

    shown = SignalsArtifact(scope="list", list_name="ESN Lyon").model_dump(mode="json")
    message = _after("find_signals", {"list_name": "ESN Lyon"}, shown, text)
    assert _calls(message) == [("find_signals", {"list_name": "ESN Lyon"})]


def test_by_intent_after_a_search_sorts_the_search() -> None:
    message = ask("trie par intention", previous=True)
    ((tool, args),) = _calls(message)
    assert tool == "search_companies" and args["sort"] == "intent"


def test_leads_by_intent_are_said_so_with_each_ones_intent() -> None:
    from test_offline_requests_crm import after_a_list

    from agent.artifacts import LeadItem, LeadsArtifact

    lead = LeadItem(id=1, list_name="ESN Lyon", siren="552100554", name="Synora", stage="new",
                    score=41, intent=28, created_at="2026-11-02T09:30:00Z")  # fmt: skip
    shown = LeadsArtifact(sort="intent", total=1, leads=[lead]).model_dump(mode="json")
    messages = [
        *after_a_list(),
        HumanMessage("trie par intention"),
        AIMessage("", tool_calls=[{"name": "list_leads", "args": {}, "id": "c9"}]),
        ToolMessage("1 lead", tool_call_id="c9", name="list_leads", artifact=shown),
    ]
    text = model().bind_tools(TOOLS).invoke(messages).text
    assert text.startswith("1 lead (par intention d'achat, la plus forte d'abord)")
    assert "**Synora** — Nouveau, intention 28, score 41" in text


def _homonyms_refused(tool: str, args: dict[str, object]) -> list[Any]:
    """A call of `tool` by a name two companies bear, refused with both."""
    from agent.companies import Homonyms
    from store.models import Company

    both = [
        Company(siren="552100554", name="Ardoise Conseil", city="LYON"),
        Company(siren="356000000", name="Ardoise Conseil", city="BREST"),
    ]
    content = str(refusal(Homonyms("Ardoise Conseil", both)))
    return [
        HumanMessage("qui sont les décideurs d'Ardoise Conseil ?"),
        AIMessage("", tool_calls=[{"name": tool, "args": args, "id": "c1"}]),
        ToolMessage(content, tool_call_id="c1", name=tool, status="error"),
    ]


@pytest.mark.parametrize(
    ("tool", "args", "picked"),
    [
        ("find_decision_makers", {"company": "Ardoise Conseil", "roles": ["ceo"]},
         {"roles": ["ceo"], "sirens": ["356000000"]}),
        ("enrich_contacts", {"company": "Ardoise Conseil"}, {"sirens": ["356000000"]}),
        ("get_company", {"name": "Ardoise Conseil"}, {"siren": "356000000"}),
    ],
)  # fmt: skip
def test_a_name_two_companies_bear_is_asked_with_their_siren_and_city(
    tool: str, args: dict[str, object], picked: dict[str, object]
) -> None:
    history = _homonyms_refused(tool, args)
    asked = model().bind_tools(TOOLS).invoke(history)
    assert asked.tool_calls == []
    assert asked.text.splitlines() == [
        "2 entreprises s'appellent «\u202fArdoise Conseil\u202f» : laquelle ? Répondez par son "
        "rang, sa ville ou son SIREN.",
        "",
        "1. **Ardoise Conseil** — Lyon (SIREN 552100554)",
        "2. **Ardoise Conseil** — Brest (SIREN 356000000)",
    ]
    for answer in ("celle de Brest", "la 2e", "the second one", "356000000", "à Brest"):
        message = model().bind_tools(TOOLS).invoke([*history, asked, HumanMessage(answer)])
        assert _calls(message) == [(tool, picked)], answer


def test_an_answer_that_fits_several_asks_again_among_them() -> None:
    from agent.companies import Homonyms
    from store.models import Company

    three = [
        Company(siren="552100554", name="Talys", city="PARIS 7"),
        Company(siren="356000000", name="Talys", city="PARIS 11"),
        Company(siren="300495140", name="Talys", city="CHATELLERAULT"),
    ]
    history = [
        HumanMessage("fiche de Talys"),
        AIMessage("", tool_calls=[{"name": "get_company", "args": {"name": "Talys"}, "id": "c1"}]),
        ToolMessage(str(refusal(Homonyms("Talys", three))), tool_call_id="c1", status="error"),
    ]
    asked = model().bind_tools(TOOLS).invoke(history)
    again = model().bind_tools(TOOLS).invoke([*history, asked, HumanMessage("celle de Paris")])
    assert again.tool_calls == [] and again.text.startswith("2 entreprises s'appellent")
    assert "Châtellerault" not in again.text
    picked = (
        model()
        .bind_tools(TOOLS)
        .invoke([*history, asked, HumanMessage("celle de Paris"), again, HumanMessage("la 2e")])
    )
    assert _calls(picked) == [("get_company", {"siren": "356000000"})]


@pytest.mark.parametrize(
    "text",
    ["signaux de Talys", "Signaux de Talys ?", "score d'intention de Talys", "signals for Talys"],
)
def test_signals_of_a_company_named_search_it_first(text: str) -> None:
    message = ask(text)
    assert _calls(message) == [("search_companies", {"text": "Talys", "limit": 10})]
    assert message.response_metadata["filon"] == {"then": "signals_by_name", "name": "Talys"}

"""OfflineChatModel: requests to send leads to a CRM → one exact `push_to_crm` call (the
user's SQLs, a list's, a period's, the companies named or pointed at after a card or a list),
questions about the sync → `crm_sync_status`; pointing at a lead the conversation does not
show is asked back; without the tools, the action is said to be unavailable."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, tool
from offline_fixtures import SIRENS, TOOLS, case, earlier_search, model

from agent.artifacts import LeadItem, LeadsArtifact, ListInfo, StageChangeArtifact


@tool
def push_to_crm(
    crm: str | None = None,
    list_name: str | None = None,
    sirens: list[str] | None = None,
    company: str | None = None,
    period: str | None = None,
    since: str | None = None,
    stage: str = "sql",
) -> str:
    """Queue SQLs for sync to a CRM."""
    return "pushed"


@tool
def crm_sync_status(crm: str | None = None) -> str:
    """Where the CRM sync stands."""
    return "status"


WITH_CRM: list[BaseTool] = [*TOOLS, push_to_crm, crm_sync_status]
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
CARD_SIREN = "552100554"


def _lead(siren: str, name: str, list_name: str = "ESN Lyon") -> LeadItem:
    return LeadItem(id=1, list_name=list_name, siren=siren, name=name, stage="sql", created_at=NOW)


def after_a_stage_change() -> list[BaseMessage]:
    """A lead just moved to SQL: the company in focus."""
    moved = StageChangeArtifact(
        lead=_lead(CARD_SIREN, "DANONE"),
        from_stage="mql",
        to_stage="sql",
        changed_by="alice.martin",
        changed_at=NOW,
    )
    call = {"name": "set_lead_stage", "args": {"siren": CARD_SIREN, "stage": "sql"}, "id": "c1"}
    return [
        HumanMessage("passe Danone en SQL"),
        AIMessage("", tool_calls=[call]),
        ToolMessage(
            "moved",
            tool_call_id="c1",
            name="set_lead_stage",
            artifact=moved.model_dump(mode="json"),
        ),
        AIMessage("Danone passe en SQL."),
    ]


def after_a_list() -> list[BaseMessage]:
    """The leads of the list ESN Lyon on screen."""
    shown = LeadsArtifact(
        list=ListInfo(id=3, name="ESN Lyon", owner="alice.martin", created_at=NOW),
        total=2,
        leads=[_lead(SIRENS[0], "SOCIETE 1"), _lead(SIRENS[1], "SOCIETE 2")],
    )
    call = {"name": "list_leads", "args": {"list_name": "ESN Lyon"}, "id": "c1"}
    return [
        HumanMessage("montre la liste ESN Lyon"),
        AIMessage("", tool_calls=[call]),
        ToolMessage(
            "2 leads", tool_call_id="c1", name="list_leads", artifact=shown.model_dump(mode="json")
        ),
        AIMessage("2 leads dans la liste ESN Lyon."),
    ]


HISTORIES = {"search": earlier_search, "card": after_a_stage_change, "list": after_a_list}

PUSH_CASES = [
    case("pousse les SQL de la semaine dans HubSpot", "push_to_crm",
         {"period": "this_week", "crm": "hubspot"}),
    case("pousse mes SQL dans le CRM", "push_to_crm", {}),
    case("exporte mes SQL vers le CRM", "push_to_crm", {}),
    case("envoie mes SQL dans Pipedrive", "push_to_crm", {"crm": "pipedrive"}),
    case("synchronise la liste ESN Lyon avec le CRM", "push_to_crm", {"list_name": "ESN Lyon"}),
    case("pousse la liste ESN Lyon dans HubSpot", "push_to_crm",
         {"list_name": "ESN Lyon", "crm": "hubspot"}),
    case("envoie la liste « BTP Bretagne » vers Salesforce", "push_to_crm",
         {"list_name": "BTP Bretagne", "crm": "salesforce"}),
    case("envoie 552 100 554 dans Pipedrive", "push_to_crm",
         {"sirens": ["552100554"], "crm": "pipedrive"}),
    case("pousse les SQL du mois dernier dans le CRM", "push_to_crm", {"period": "last_month"}),
    case("pousse mes SQL d'aujourd'hui dans HubSpot", "push_to_crm",
         {"period": "today", "crm": "hubspot"}),
    case("envoie les gagnés dans Salesforce", "push_to_crm",
         {"stage": "won", "crm": "salesforce"}),
    case("push this week's SQLs to Salesforce", "push_to_crm",
         {"period": "this_week", "crm": "salesforce"}),
    case("sync my SQLs to the CRM", "push_to_crm", {}),
    case("push the SaaS IDF list to HubSpot", "push_to_crm",
         {"list_name": "SaaS IDF", "crm": "hubspot"}),
    case("send my SQLs from last month to Pipedrive", "push_to_crm",
         {"period": "last_month", "crm": "pipedrive"}),
    case("push my SQLs since October 1 to HubSpot", "push_to_crm",
         {"since": "2024-10-01", "crm": "hubspot"}),
    # a company named: its lead only, never every SQL of the user
    case("envoie Tecide Cloud dans Pipedrive", "push_to_crm",
         {"company": "Tecide Cloud", "crm": "pipedrive"}),
    case("ok alors envoie Tecide Cloud dans le CRM", "push_to_crm", {"company": "Tecide Cloud"}),
    case("envoie le lead Galami dans le CRM", "push_to_crm", {"company": "Galami"}),
    case("push La Poste to HubSpot", "push_to_crm", {"company": "La Poste", "crm": "hubspot"}),
    case("envoie tecide cloud dans le crm stp", "push_to_crm", {"company": "tecide cloud"}),
    case("pousse Ets Hamon IT Consulting dans Salesforce", "push_to_crm",
         {"company": "Ets Hamon IT Consulting", "crm": "salesforce"}),
    case("pousse tout dans le CRM", "push_to_crm", {}),
    # the rows of a search on screen
    case("pousse la première dans Pipedrive", "push_to_crm",
         {"sirens": [SIRENS[0]], "crm": "pipedrive"}, previous=True),
    case("envoie la deuxième dans HubSpot", "push_to_crm",
         {"sirens": [SIRENS[1]], "crm": "hubspot"}, previous=True),
    case("send the first one to Salesforce", "push_to_crm",
         {"sirens": [SIRENS[0]], "crm": "salesforce"}, previous=True),
    # the status
    case("où en est la synchro CRM ?", "crm_sync_status", {}),
    case("what failed in the CRM sync?", "crm_sync_status", {}),
    case("des erreurs de synchro ?", "crm_sync_status", {}),
    case("qu'est-ce qui a échoué dans HubSpot ?", "crm_sync_status", {"crm": "hubspot"}),
    case("CRM sync status", "crm_sync_status", {}),
    case("how is the CRM sync going?", "crm_sync_status", {}),
]  # fmt: skip

FOLLOW_UPS = [
    ("card", "envoie-le dans HubSpot", {"sirens": [CARD_SIREN], "crm": "hubspot"}),
    ("card", "pousse ce lead dans le CRM", {"sirens": [CARD_SIREN]}),
    ("card", "send it to Pipedrive", {"sirens": [CARD_SIREN], "crm": "pipedrive"}),
    ("list", "pousse-les dans le CRM", {"list_name": "ESN Lyon"}),
    ("list", "synchronise cette liste avec Salesforce",
     {"list_name": "ESN Lyon", "crm": "salesforce"}),
    ("list", "push them to HubSpot", {"list_name": "ESN Lyon", "crm": "hubspot"}),
    ("search", "pousse-les dans le CRM", {"sirens": SIRENS}),
]  # fmt: skip


def _ask(messages: list[Any], tools: list[BaseTool] = WITH_CRM) -> AIMessage:
    result = model().bind_tools(tools).invoke(messages)
    assert isinstance(result, AIMessage)
    return result


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), PUSH_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    messages = [*earlier_search(), HumanMessage(text)] if previous else [HumanMessage(text)]
    message = _ask(messages)
    assert message.content == ""
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [(tool_name, args)]


@pytest.mark.parametrize(
    ("history", "text", "args"), FOLLOW_UPS, ids=[f"{h}:{text}" for h, text, _ in FOLLOW_UPS]
)
def test_a_follow_up_pushes_what_is_on_screen(
    history: str, text: str, args: dict[str, Any]
) -> None:
    message = _ask([*HISTORIES[history](), HumanMessage(text)])
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [("push_to_crm", args)]


def test_the_table_is_large_enough() -> None:
    assert len(PUSH_CASES) + len(FOLLOW_UPS) >= 25


@pytest.mark.parametrize("text", ["envoie-le dans HubSpot", "pousse ce lead dans le CRM"])
def test_a_lead_nobody_pointed_at_is_asked_for(text: str) -> None:
    message = _ask([HumanMessage(text)])
    assert message.tool_calls == [] and str(message.content).startswith("Quels leads envoyer")


@pytest.mark.parametrize(
    ("text", "tool_name"),
    [
        ("exporte la liste ESN Lyon en CSV", "export_csv"),
        ("do they use HubSpot?", None),  # an AI column's question, not a send
        ("passe 552100554 en SQL", "set_lead_stage"),
    ],
)
def test_not_a_crm_request(text: str, tool_name: str | None) -> None:
    message = _ask([*earlier_search(), HumanMessage(text)])
    called = [call["name"] for call in message.tool_calls]
    assert "push_to_crm" not in called and "crm_sync_status" not in called
    if tool_name is not None:
        assert called == [tool_name]


def test_without_the_tools_the_send_is_said_unavailable() -> None:
    message = _ask([HumanMessage("pousse les SQL de la semaine dans HubSpot")], tools=TOOLS)
    assert message.tool_calls == [] and "`push_to_crm`" in str(message.content)


def after_a_refused_push(args: dict[str, Any]) -> list[BaseMessage]:
    """A push to HubSpot just refused: its keys are missing."""
    call = {"name": "push_to_crm", "args": args, "id": "c1"}
    refusal = (
        "HubSpot is not configured: its keys are missing (HUBSPOT_TOKEN). Nothing was queued.\n"
        '⟦crm_chat.error.crm_not_configured {"crm": "HubSpot", "keys": "HUBSPOT_TOKEN"}⟧'
    )
    return [
        HumanMessage("pousse mes SQL de la semaine dans HubSpot"),
        AIMessage("", tool_calls=[call]),
        ToolMessage(refusal, tool_call_id="c1", name="push_to_crm", status="error"),
        AIMessage("HubSpot n'est pas configuré."),
    ]


@pytest.mark.parametrize(
    ("text", "crm"),
    [
        ("ok et dans le csv alors", "csv"),
        ("et dans le fichier CSV ?", "csv"),
        ("dans Pipedrive plutôt", "pipedrive"),
        ("what about Salesforce then", "salesforce"),
        ("ok en csv", "csv"),
    ],
)
def test_another_target_right_after_a_push_is_the_same_push(text: str, crm: str) -> None:
    asked = {"period": "this_week", "crm": "hubspot"}
    message = _ask([*after_a_refused_push(asked), HumanMessage(text)])
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [
        ("push_to_crm", {"period": "this_week", "crm": crm})
    ]


def test_the_csv_alone_is_an_export_without_a_push_before() -> None:
    message = _ask([*earlier_search(), HumanMessage("ok et dans le csv alors")])
    assert "push_to_crm" not in [call["name"] for call in message.tool_calls]

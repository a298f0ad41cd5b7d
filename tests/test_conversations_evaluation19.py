"""Conversations on the lead lists, as reps and managers follow them up: "et chez Chloé ?" shows
her lists, and "lesquels n'ont pas été contactés depuis 30 jours ?" the stale leads of the rep
whose lists are on screen, the answer saying the filter it applied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation19"))


def _sqls(home: Path) -> int:
    with sqlite3.connect(home / "filon.db") as db:
        return int(db.execute("select count(*) from lead where stage = 'sql'").fetchone()[0])


@pytest.mark.parametrize("follow_up", ["et chez Chloé ?", "et pour Chloé ?", "what about Chloé's?"])
async def test_another_reps_lists_after_lists(home: Path, follow_up: str) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=follow_up) as thread:
        await thread.say("montre les listes de Alice")
        answer = await thread.say(follow_up)
    assert thread.calls == [("lead_lists", {"owner": "Chloé"})]
    assert "Chloe Bernard" in answer.answer and "Alice Martin" not in answer.answer


async def test_the_stale_leads_of_the_lists_on_screen(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="stale") as thread:
        await thread.say("les listes de Bruno")
        answer = await thread.say("lesquels n'ont pas été contactés depuis 30 jours ?")
    assert thread.calls == [("list_leads", {"owner": "bruno.petit", "not_contacted_days": 30})]
    assert "sans contact depuis 30 jours ou plus, ou jamais contactés" in answer.answer


async def test_stale_leads_say_their_filter_in_english(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="stale-en") as thread:
        answer = await thread.say("my leads not contacted in 2 weeks")
    assert thread.calls == [("list_leads", {"mine": True, "not_contacted_days": 14})]
    assert "not contacted for 14 days or more, or never" in answer.answer


async def test_signals_of_a_company_not_found_say_it_was_not_found(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="zorglub") as thread:
        await thread.say("cherche la société Zorglub Industries")
        answer = await thread.say("elle recrute ?")
    assert "Aucune entreprise ne correspond à « Zorglub Industries »" in answer.answer
    assert "pour cette entreprise" not in answer.answer


async def test_a_complete_bant_on_a_closed_lead_says_why_no_sql_is_offered(home: Path) -> None:
    said = (
        "budget 50 k€ validé par le DAF, le DSI décide, besoin de migrer leur infra, "
        "décision avant mars"
    )
    async with conversation(home, user="alice.martin", thread_id="closed-bant") as thread:
        await thread.say("mes leads disqualifiés")
        answer = await thread.say(f"qualifie le premier : {said}")
    assert "le lead est fermé (étape Disqualifié)" in answer.answer
    assert "passe-le en SQL" in answer.answer


async def test_combien_g_de_leads_is_the_reps_own(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="g") as thread:
        await thread.say("combien g de leads en SQL ?")
        assert thread.calls == [("list_leads", {"stage": "sql", "mine": True})]
        await thread.say("montre les")
    assert thread.calls == [("list_leads", {"stage": "sql", "owner": "alice.martin"})]


@pytest.mark.parametrize(
    ("first", "follow_up", "call"),
    [
        ("mon pipeline du mois", "quels leads dorment ?", ("stale_leads", {"mine": True})),
        ("my pipeline this quarter", "weekly trend", ("pipeline_trends", {"mine": True})),
        ("mes leads", "et la tendance ?", ("pipeline_trends", {"mine": True})),
    ],
)
async def test_a_reps_own_scope_carries_to_the_dashboard(
    home: Path, first: str, follow_up: str, call: tuple[str, dict[str, object]]
) -> None:
    async with conversation(home, user="bruno.petit", thread_id=f"own-{first}") as thread:
        await thread.say(first)
        await thread.say(follow_up)
    assert thread.calls == [call]


async def test_the_whole_team_stays_the_whole_team_after_ones_own(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="team-stale") as thread:
        await thread.say("mon pipeline du mois")
        await thread.say("quels leads dorment dans toute l'équipe ?")
    assert thread.calls == [("stale_leads", {})]


async def test_lost_and_disqualified_among_the_leads_on_screen(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="closed-mine") as thread:
        await thread.say("mes leads")
        answer = await thread.say("combien de perdus et disqualifiés ?")
    assert thread.calls == [
        ("list_leads", {"stages": ["lost", "disqualified"], "owner": "david.roux"})
    ]
    assert "David Roux" in answer.answer


async def test_a_count_of_sqls_in_the_team_then_one_reps(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="sqls") as thread:
        answer = await thread.say("combien de leads SQL dans toute l'équipe ?")
        assert thread.calls == [("list_leads", {"stage": "sql"})]
        assert answer.answer.startswith(f"{_sqls(home)} leads (étape SQL)")
        await thread.say("et combien chez David ?")
    assert thread.calls == [("list_leads", {"stage": "sql", "owner": "David"})]


async def test_by_whom_after_a_count_of_stages_details_that_count(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="whom") as thread:
        first = await thread.say("combien de perdus et disqualifiés ce trimestre ?")
        answer = await thread.say("par qui ?")
    assert thread.calls == [("pipeline_summary", {"period": "quarter"})]
    assert answer.answer == first.answer  # the same count, rep by rep; not a ranking of all time
    assert "toutes périodes" not in answer.answer


@pytest.mark.parametrize(
    "request_text",
    ["vire Bruno de l'équipe", "ajoute Lucas à l'équipe", "remove Bruno from the team"],
)
async def test_the_team_is_managed_by_command(home: Path, request_text: str) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=request_text) as th:
        answer = await th.say(request_text)
    assert th.calls == []
    assert "filon users disable LOGIN" in answer.answer


@pytest.mark.parametrize(
    ("shown", "export", "call"),
    [
        ("show me Bruno's lost deals", "export them", {"owner": "bruno.petit", "stage": "lost"}),
        ("les leads de Chloé", "exporte ses leads", {"owner": "chloe.bernard"}),
    ],
)
async def test_a_manager_exports_a_reps_leads_on_screen(
    home: Path, shown: str, export: str, call: dict[str, object]
) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=shown) as thread:
        await thread.say(shown)
        answer = await thread.say(export)
    assert thread.calls == [("export_csv", call)]
    assert "CSV" in answer.answer and ".csv" in answer.answer


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("how is Chloé doing this month?", "compare her with Bruno"),
        ("comment va Chloé ce mois-ci ?", "compare-la avec Bruno"),
    ],
)
async def test_one_reps_month_compared_with_anothers(home: Path, first: str, then: str) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=then) as thread:
        await thread.say(first)
        assert thread.calls == [("pipeline_summary", {"period": "month", "owner": "Chloé"})]
        answer = await thread.say(then)
    assert thread.calls == [
        ("pipeline_summary", {"period": "month", "owner": "chloe.bernard"}),
        ("pipeline_summary", {"period": "month", "owner": "Bruno"}),
    ]
    assert "Chloe Bernard" in answer.answer and "Bruno Petit" in answer.answer


async def test_run_it_after_a_custom_column_refused_offline(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="aws") as thread:
        refused = await thread.say("ajoute une colonne IA 'Utilise AWS ?' oui/non sur ESN Lyon")
        assert "n'est pas ajoutée" in refused.answer
        answer = await thread.say("lance-la")
    assert thread.calls == []
    assert "rien à lancer" in answer.answer
    assert "ajoute les colonnes intégrées à ESN Lyon" in answer.answer


@pytest.mark.parametrize(
    "question", ["c'est parti dans hubspot ?", "is it in HubSpot?", "elle est bien dans le CRM ?"]
)
async def test_did_it_reach_the_crm_is_the_sync_status(home: Path, question: str) -> None:
    async with conversation(home, user="alice.martin", thread_id=question) as thread:
        await thread.say("pousse mes SQL dans hubspot")
        await thread.say(question)
    assert [name for name, _args in thread.calls] == ["crm_sync_status"]


async def test_lists_on_screen_are_named_by_rank(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="rank") as thread:
        shown = await thread.say("les listes")
        names = [artifact for artifact in shown.artifacts if artifact.get("kind") == "lead_lists"]
        second = names[0]["lists"][1]["list"]["name"]
        await thread.say("renomme la deuxième en Deuxième liste")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": second, "new_name": "Deuxième liste"})
        ]
        await thread.say(f"renomme la liste Deuxième liste en {second}")


async def test_the_only_list_shown_is_the_one_meant(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="only") as thread:
        await thread.say("mes listes")
        asked = await thread.say("supprime-la")
        assert thread.calls == [("delete_lead_list", {"list_name": "ESN Lyon"})]
        assert "Supprimer la liste «\u202fESN Lyon\u202f»" in asked.answer
        await thread.say("non")
    assert thread.calls == []

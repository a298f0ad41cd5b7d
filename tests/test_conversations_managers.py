"""Multi-turn conversations on the offline model, as a manager: pipeline summaries and their
follow-ups, rankings of reps."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-managers"))


async def test_pipeline_follow_ups_keep_the_summary_and_change_one_thing(home: Path) -> None:
    async with conversation(home, user="sophie.manager", thread_id="pipeline") as thread:
        await thread.say("résumé du pipeline de la semaine")
        await thread.say("et le mois dernier ?")
        assert thread.calls == [("pipeline_summary", {"period": "last_month"})]
        narrowed = await thread.say("et pour Bruno ?")
        assert thread.calls == [("pipeline_summary", {"period": "last_month", "owner": "Bruno"})]
        assert narrowed.artifacts[0]["owner"] == "bruno.petit"
        await thread.say("et Chloé ?")
        assert thread.calls == [("pipeline_summary", {"period": "last_month", "owner": "Chloé"})]
        await thread.say("et pour toute l'équipe ?")  # the team again: no rep carried over
        assert thread.calls == [("pipeline_summary", {"period": "last_month"})]
        await thread.say("pipeline d'Alice depuis septembre")
        since = thread.calls[0][1]["since"]
        await thread.say("et celui de David sur la même période ?")
        ((_, args),) = thread.calls
        assert (args["start"], args["owner"]) == (since, "David")
        await thread.say("qui a le plus de SQL ?")  # the period being discussed
        ((_, args),) = thread.calls
        assert args["start"] == since and "period" not in args


async def test_managers_rank_reps_and_compare_them(home: Path) -> None:
    async with conversation(home, user="sophie.manager", thread_id="ranks") as thread:
        await thread.say("pipeline de l'année par commercial")
        lost = await thread.say("who lost the most deals?")
        assert thread.calls == [("pipeline_summary", {"period": "year"})]
        assert "Most lost leads (all periods):" in lost.answer
        disqualified = await thread.say("and disqualified?")
        assert "Most disqualified leads (all periods):" in disqualified.answer
        signed = await thread.say("qui a signé le plus ?")
        assert "Le plus de deals gagnés sur la période :" in signed.answer
        await thread.say("how's David doing?")
        assert thread.calls == [("pipeline_summary", {"period": "year", "owner": "David"})]
        await thread.say("and compared to Alice?")  # both, side by side (evaluation 17)
        assert thread.calls == [
            ("pipeline_summary", {"period": "year", "owner": "david.roux"}),
            ("pipeline_summary", {"period": "year", "owner": "Alice"}),
        ]


async def test_by_whom_ranks_on_what_was_just_asked(home: Path) -> None:
    async with conversation(home, user="sophie.manager", thread_id="by-whom") as thread:
        await thread.say("combien de deals perdus cette année ?")
        ranked = await thread.say("par qui ?")
        assert thread.calls == [("pipeline_summary", {"period": "year"})]
        assert "Le plus de leads perdus" in ranked.answer


async def test_a_ranking_changes_figure_and_period_and_two_reps_are_compared(home: Path) -> None:
    async with conversation(
        home, user="sophie.manager", role="manager", thread_id="ranks"
    ) as thread:
        ranked = await thread.say("rank the reps by deals won this year")
        assert thread.calls == [("pipeline_summary", {"period": "year"})]
        assert "Most deals won in the period:" in ranked.answer
        by_new = await thread.say("and by new leads?")
        assert thread.calls == [("pipeline_summary", {"period": "year"})]
        assert "Most new leads in the period:" in by_new.answer
        disqualified = await thread.say("what about disqualified?")
        assert "Most disqualified leads (all periods):" in disqualified.answer
        lost = await thread.say("and the most lost deals?")
        assert thread.calls == [("pipeline_summary", {"period": "year"})]
        assert "Most lost leads" in lost.answer

    async with conversation(
        home, user="sophie.manager", role="manager", thread_id="ranks-fr"
    ) as thread:
        sqls = await thread.say("classement des commerciaux sur les SQL ce mois ci")
        assert "leads passés en SQL sur la période" in sqls.answer
        won = await thread.say("et sur les deals gagnés ?")
        assert thread.calls == [("pipeline_summary", {"period": "month"})]
        assert "deals gagnés sur la période" in won.answer
        last_week = await thread.say("et la semaine dernière ?")  # the same ranking, last week
        assert thread.calls == [("pipeline_summary", {"period": "last_week"})]
        assert "deals gagnés sur la période" in last_week.answer
        compared = await thread.say("compare Chloé et David")
        assert thread.calls == [
            ("pipeline_summary", {"period": "last_week", "owner": "Chloé"}),
            ("pipeline_summary", {"period": "last_week", "owner": "David"}),
        ]
        assert "chloe" in compared.answer.lower() and "david" in compared.answer.lower()
        await thread.say("et par rapport au mois dernier ?")
        assert thread.calls[0][0] == "pipeline_summary"
        lost = await thread.say("et le plus de perdus ?")
        assert thread.calls[0][0] == "pipeline_summary"
        assert "Le plus de leads perdus" in lost.answer
        assert "rapport" not in str(thread.calls[0][1])


async def test_who_is_behind_names_the_last_reps(home: Path) -> None:
    async with conversation(
        home, user="sophie.leroy", role="manager", thread_id="behind"
    ) as thread:
        await thread.say("résumé du pipeline du mois dernier")
        behind = await thread.say("qui est à la traine ?")
        assert thread.calls == [("pipeline_summary", {"period": "last_month"})]
        assert "Le moins de deals gagnés sur la période :" in behind.answer
        least = await thread.say("who signed the fewest deals this week?")
        assert thread.calls == [("pipeline_summary", {"period": "week"})]
        assert "Fewest deals won in the period:" in least.answer
        await thread.say("qui a le plus de SQL ?")
        most = await thread.say("et de disqualifiés ?")
        assert "Le plus de leads disqualifiés" in most.answer


async def test_lost_leads_and_why_give_the_reasons_and_say_what_is_missing(home: Path) -> None:
    async with conversation(home, user="sophie.leroy", role="manager", thread_id="why") as thread:
        lost = await thread.say("combien de leads on a perdu ce mois-ci et pourquoi ?")
        assert thread.calls == [("list_leads", {"stage": "lost", "limit": 200})]
        assert "raison" in lost.answer.lower()
        assert "pas seulement sur la période demandée" in lost.answer


async def test_which_reps_have_stale_leads_counts_them_per_rep(home: Path) -> None:
    async with conversation(home, user="sophie.leroy", role="manager", thread_id="stale") as thread:
        said = await thread.say(
            "Quels commerciaux ont des leads non contactés depuis plus de 60 jours ?"
        )
        assert thread.calls == [("list_leads", {"limit": 200, "not_contacted_days": 60})]
        assert "Par commercial" in said.answer and "Alice Martin :" in said.answer


async def test_a_conversion_per_period_or_rep_is_said_to_be_the_teams_over_all_leads(
    home: Path,
) -> None:
    async with conversation(home, user="marc.durand", role="manager", thread_id="conv") as thread:
        quarter = await thread.say(
            "Bonjour, quel est le taux de conversion SQL vers gagné de l'équipe ce trimestre ?"
        )
        assert thread.calls == [("pipeline_summary", {"period": "quarter"})]
        assert "Filon ne la donne pas encore par période ni par commercial" in quarter.answer
        per_rep = await thread.say("et par commercial ?")
        assert "ni par commercial" in per_rep.answer
        worst = await thread.say("which rep has the worst SQL to won conversion?")
        assert "per period or per rep yet" in worst.answer and "Fewest" not in worst.answer
        plain = await thread.say("pipeline de la semaine")
        assert "ni par commercial" not in plain.answer

"""Conversations from the held-out evaluation 17 (helper b's rows), on the real graph: a BANT
qualification started by a rank in a named list and its answers, BANT answers with no
interview open, "why was it lost?" as a question, and the manager's follow-ups that keep the
period, the rep in focus or the view asked for."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation17b"))


def _closed(home: Path, start: date, end: date) -> dict[str, int]:
    """Leads closed as lost or disqualified from `start` to `end` (inclusive), from the store."""
    with sqlite3.connect(home / "filon.db") as db:
        rows = db.execute(
            "select stage, count(*) from lead where stage in ('lost', 'disqualified') "
            "and closed_at >= ? and closed_at < ? group by stage",
            (start.isoformat(), (end + timedelta(days=1)).isoformat()),
        ).fetchall()
    return {stage: count for stage, count in rows}


async def test_a_rank_in_a_named_list_opens_the_interview_to_sql(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="rows") as thread:
        shown = await thread.say("montre les leads de Cabinets comptables Gironde")
        rows = shown.artifacts[0]["leads"]
        rank = next(i for i, row in enumerate(rows) if row["stage"] in ("new", "mql")) + 1
    async with conversation(home, user="maya.roux", role="manager", thread_id="bant") as thread:
        await thread.say(
            f"qualifie le {rank}e lead de ma liste Cabinets comptables Gironde selon BANT"
        )
        (leads_tool, leads_args), (tool, args) = thread.calls
        assert (leads_tool, leads_args) == (
            "list_leads", {"list_name": "Cabinets comptables Gironde", "limit": rank}
        )  # fmt: skip
        first = thread.turns[-1].artifacts[0]["leads"][rank - 1]
        assert tool == "qualify_lead" and args["siren"] == first["siren"]
        for said in (
            "budget 25k€ validé par le DAF",
            "c'est le DAF qui signe, Marc Durand",
            "ils veulent automatiser leur saisie comptable",
        ):
            await thread.say(said)
            assert thread.calls[0][0] == "qualify_lead"
            assert thread.calls[0][1]["text"] == said
        answer = await thread.say("avant fin mars")
        assert "en SQL ? (oui / non)" in answer.answer
        answer = await thread.say("oui")
        assert thread.calls[0] == (
            "qualify_lead",
            {"siren": first["siren"], "confirm": True, "list_name": "Cabinets comptables Gironde"},
        )
        assert "passe en SQL" in answer.answer


async def test_a_teammates_lead_is_refused_as_a_qualification_and_nothing_follows(
    home: Path,
) -> None:
    async with conversation(home, user="bruno.petit", thread_id="refused") as thread:
        shown = await thread.say("montre les leads de Cabinets comptables Gironde")
        rows = shown.artifacts[0]["leads"]
        rank = next(i for i, row in enumerate(rows) if row["owner"] not in (None, "bruno.petit"))
        owner = rows[rank]["owner"]
        answer = await thread.say(f"qualifie le {rank + 1}e selon bant")
        assert "peut le qualifier" in answer.answer
        assert owner not in answer.answer  # the login, never: the person's name
        assert owner.split(".")[0].capitalize() in answer.answer
        for said in (
            "budget 25k€ validé par le DAF",
            "c'est la DAF qui signe",
            "ils veulent automatiser leur saisie comptable",
            "avant fin mars",
        ):
            answer = await thread.say(said)
            assert thread.calls == []
            assert "Aucune qualification n'est en cours" in answer.answer
        answer = await thread.say("oui vas-y")
        assert thread.calls == [] and "rien en attente" in answer.answer


async def test_a_refused_rank_in_a_list_leaves_no_interview_open(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="refused-rank") as thread:
        shown = await thread.say("montre les leads de Cabinets comptables Gironde")
        rows = shown.artifacts[0]["leads"]
        rank = next(i for i, row in enumerate(rows) if row["owner"] not in (None, "bruno.petit"))
        answer = await thread.say(
            f"qualifie le {rank + 1}e lead de ma liste Cabinets comptables Gironde selon BANT"
        )
        assert "peut le qualifier" in answer.answer
        answer = await thread.say("budget 25k€ validé par le DAF")  # not the refused lead's
        assert thread.calls == [] and "Aucune qualification n'est en cours" in answer.answer


async def test_a_bant_answer_with_a_lead_in_focus_qualifies_that_lead(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="focus") as thread:
        shown = await thread.say("mes leads")
        first = shown.artifacts[0]["leads"][0]
        await thread.say("la fiche du premier")
        await thread.say("budget 30 k€ validé par le DG")
        [(tool, args)] = thread.calls
        assert tool == "qualify_lead" and args["siren"] == first["siren"]
        assert args["text"] == "budget 30 k€ validé par le DG"


@pytest.mark.parametrize(
    "why", ["le premier, pourquoi il a été perdu ?", "why was the first one disqualified?"]
)
async def test_why_was_it_lost_is_a_question_never_a_move(home: Path, why: str) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"why-{why}"
    ) as thread:
        shown = await thread.say("montre les leads perdus et disqualifiés")
        first = shown.artifacts[0]["leads"][0]
        answer = await thread.say(why)
        [(tool, args)] = thread.calls
        assert tool == "qualify_lead" and args["siren"] == first["siren"]
        assert "set_lead_stage" not in [name for name, _ in thread.calls]
        assert first["name"] in answer.answer
        answer = await thread.say("pas de budget")  # no reason was asked for: nothing moves
        assert all(name != "set_lead_stage" for name, _ in thread.calls)


async def test_the_lists_of_a_rep_after_the_digest_are_his_lists(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="m08") as thread:
        await thread.say("fais moi le digest hebdo")
        await thread.say("ok montre les listes de Bruno")
        assert thread.calls == [("lead_lists", {"owner": "Bruno"})]


async def test_chez_elle_is_the_rep_in_focus(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="m12") as thread:
        await thread.say("leads de Chloé")
        await thread.say("et ses listes ?")
        await thread.say("quels leads dorment chez elle ?")
        assert thread.calls == [("stale_leads", {"owner": "chloe.bernard"})]
        answer = await thread.say("et sa tendance ?")
        assert thread.calls == [("pipeline_trends", {"owner": "chloe.bernard"})]
        assert "elle" not in answer.answer.split()[:3]


@pytest.mark.parametrize(
    ("follow", "period"),
    [("et ce trimestre ?", "quarter"), ("and last quarter?", "last_quarter"),
     ("et le mois dernier ?", "last_month")],
)  # fmt: skip
async def test_a_period_after_a_trend_is_that_periods_summary(
    home: Path, follow: str, period: str
) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"m04-{follow}"
    ) as thread:
        await thread.say("tendance sur 12 semaines")
        await thread.say("weekly trend for Alice")
        await thread.say(follow)
        assert thread.calls == [("pipeline_summary", {"period": period, "owner": "alice.martin"})]


async def test_and_disqualified_keeps_the_period(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="m07") as thread:
        await thread.say("pipeline entre le 01/10 et le 31/10")
        await thread.say("et en novembre ?")
        year = date.today().year if date.today().month >= 11 else date.today().year - 1
        answer = await thread.say("and disqualified?")
        november = {"start": f"{year}-11-01", "end": f"{year}-11-30"}
        assert thread.calls == [("pipeline_summary", november)]
        closed = _closed(home, date(year, 11, 1), date(year, 11, 30))
        assert "Moved to Disqualified from" in answer.answer
        assert f": {closed.get('disqualified', 0)} lead" in answer.answer
        assert "all periods" not in answer.answer
        await thread.say("what about this week vs last week?")  # a new period: its summary
        assert thread.calls == [("pipeline_summary", {"period": "week"})]
        assert "Moved to Disqualified" not in thread.turns[-1].answer


async def test_lost_and_disqualified_this_quarter_are_the_quarters(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="m10") as thread:
        answer = await thread.say("combien de perdus et disqualifiés ce trimestre ?")
        assert thread.calls == [("pipeline_summary", {"period": "quarter"})]
        today = date.today()
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        closed = _closed(home, start, today)
        total = closed.get("lost", 0) + closed.get("disqualified", 0)
        assert "Passés aux étapes Perdu, Disqualifié du" in answer.answer
        assert f": {total} lead" in answer.answer
        assert "toutes périodes" not in answer.answer


async def test_compare_with_a_rep_shows_both_side_by_side(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="m01") as thread:
        await thread.say("résumé du pipeline du mois dernier")
        await thread.say("et Bruno ?")
        answer = await thread.say("compare avec Chloé")
        assert thread.calls == [
            ("pipeline_summary", {"period": "last_month", "owner": "bruno.petit"}),
            ("pipeline_summary", {"period": "last_month", "owner": "Chloé"}),
        ]
        assert "Bruno Petit" in answer.answer and "Chloe Bernard" in answer.answer


@pytest.mark.parametrize("first", ["mes meilleurs leads", "score mes leads"])
async def test_top_5_after_my_best_leads_keeps_mine(home: Path, first: str) -> None:
    async with conversation(home, user="chloe.bernard", thread_id=f"t24-{first}") as thread:
        await thread.say(first)
        answer = await thread.say("top 5 leads")
        [(tool, args)] = thread.calls  # hers, by "mine" or by her login
        assert tool == "list_leads" and args.pop("limit") == 5
        assert args in ({"mine": True}, {"owner": "chloe.bernard"})
        assert "David Roux" not in answer.answer and "Alice Martin" not in answer.answer


async def test_deleting_an_empty_list_says_it_holds_no_leads(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="t12") as thread:
        await thread.say("crée une liste 'Relance salon Lille'")
        answer = await thread.say("en fait supprime-la")
        assert "Elle ne contient aucun lead" in answer.answer and "son lead" not in answer.answer
        answer = await thread.say("oui")
        assert "ne contenait aucun lead" in answer.answer


async def test_removing_a_lead_from_a_list_and_averages_are_declined(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="t25") as thread:
        await thread.say("montre la liste ESN Lyon")
        answer = await thread.say("annule, retire-la de la liste")
        assert thread.calls == [] and "le retrait de leads d'une liste" in answer.answer
        await thread.say("ok exporte la liste en csv alors")  # the list shown, never "de la"
        assert thread.calls == [("export_csv", {"list_name": "ESN Lyon"})]
        answer = await thread.say("c'est quoi le CA moyen de mes clients gagnés ?")
        assert thread.calls == [] and "Je ne calcule pas de moyenne" in answer.answer

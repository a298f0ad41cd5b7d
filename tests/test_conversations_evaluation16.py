"""Conversations from the held-out evaluation 16: corrections and undos edit the last search
or change, manager follow-ups keep the view and the rep in focus, and ranks and pronouns point
at whatever table was shown last."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation16"))


async def test_a_correction_keeps_the_search_and_changes_the_place(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="correct") as thread:
        await thread.say("ESN entre 50 et 200 salariés à Nantes")
        await thread.say("non, plutôt à Lyon finalement")
        assert thread.calls == [
            ("search_companies", {"naf_codes": ["62"], "cities": ["LYON"], "headcount_min": 50,
                                  "headcount_max": 200, "limit": 10}),
        ]  # fmt: skip
        await thread.say("boulangeries à Toulon")
        answer = await thread.say("élargis à tout le Var")
        assert thread.calls == [
            ("search_companies", {"naf_codes": ["10.71"], "departments": ["83"], "limit": 10})
        ]
        assert "Aucune entreprise" not in answer.answer


async def test_a_rename_is_undone_or_named_back(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="rename-back") as thread:
        await thread.say("renomme BTP Bretagne en BTP Breizh")
        await thread.say("annule")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "BTP Breizh", "new_name": "BTP Bretagne"})
        ]
        await thread.say("renomme-la en BTP Breizh")
        await thread.say("montre-la")
        await thread.say("combien de leads en SQL dedans ?")
        answer = await thread.say("remets le nom BTP Bretagne stp")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "BTP Breizh", "new_name": "BTP Bretagne"})
        ]
        assert "désormais «\u202fBTP Bretagne\u202f»" in answer.answer
        await thread.say("renomme-la en Test")
        await thread.say("non, remets l'ancien nom")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "Test", "new_name": "BTP Bretagne"})
        ]


async def test_annule_with_no_rename_on_screen_renames_nothing(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="nothing-to-undo") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("annule")
        assert thread.calls == []


async def test_ranks_go_to_a_list_named_without_the_word_list(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="into-named") as thread:
        await thread.say("ESN à Lyon")
        answer = await thread.say("ajoute les 2 premières à SaaS Île-de-France")
        [(tool, args)] = thread.calls
        assert tool == "create_lead_list" and args["name"] == "SaaS Île-de-France"
        assert len(args["sirens"]) == 2
        assert "existait déjà" in answer.answer


@pytest.mark.parametrize(
    ("move", "rank", "why"),
    [
        ("passe le premier en perdu", 0, "plus de budget cette année"),
        ("mets le 2e en perdu", 1, "plus de budget cette annee"),
        ("mark the first one as lost", 0, "no budget this year"),
    ],
)
async def test_a_rank_in_the_stale_leads_is_that_lead_and_its_reason_follows(
    home: Path, move: str, rank: int, why: str
) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"stale-{move}"
    ) as thread:
        shown = await thread.say("quels leads dorment ?")
        lead = shown.artifacts[0]["leads"][rank]
        await thread.say(move)
        assert thread.calls[0] == (
            "set_lead_stage",
            {"siren": lead["siren"], "stage": "lost", "list_name": lead["list_name"]},
        )
        await thread.say(why)
        assert thread.calls[0][1]["reason"] == why
        assert f"({why})" in thread.turns[-1].answer


async def test_a_pronoun_after_a_score_explained_is_that_lead(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="score-pronoun") as thread:
        await thread.say("montre la liste BTP Bretagne")
        await thread.say("pourquoi le premier a ce score ?")
        [(tool, args)] = thread.calls
        assert tool == "score_leads"
        await thread.say("passe-le en MQL")
        assert thread.calls[0][0] == "set_lead_stage"
        assert thread.calls[0][1]["siren"] == args["sirens"][0]


@pytest.mark.parametrize("run", ["lance-la", "remplis-les", "ok lance la", "run it", "fill them"])
async def test_run_it_right_after_a_column_was_added_runs_that_list(home: Path, run: str) -> None:
    async with conversation(home, user="david.roux", thread_id=f"run-{run}") as thread:
        await thread.say("ajoute la colonne Maturité d'achat à ma liste BTP Bretagne")
        answer = await thread.say(run)
        assert thread.calls == [("run_ai_columns", {"list_name": "BTP Bretagne"})]
        assert "Maturité d" in answer.answer


@pytest.mark.parametrize(
    ("move", "stage", "reason"),
    [
        ("repasse-la en MQL, ils ont un nouveau DSI", "mql", "ils ont un nouveau DSI"),
        ("remets-la en SQL car le DAF a validé le budget", "sql", "le DAF a validé le budget"),
        ("passe la en sql, le DG est ok", "sql", "le DG est ok"),
        ("move it back to MQL, they hired a new CTO", "mql", "they hired a new CTO"),
    ],
)
async def test_a_stage_move_wins_over_a_role_in_its_reason(
    home: Path, move: str, stage: str, reason: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"stage-{move}") as thread:
        await thread.say("montre la liste ESN Lyon")
        await thread.say("la fiche de la première")
        await thread.say(move)
        tools = [tool for tool, _args in thread.calls]
        assert "find_decision_makers" not in tools and tools[0] == "set_lead_stage"
        assert thread.calls[0][1]["stage"] == stage
        assert thread.calls[0][1]["reason"] == reason


async def test_ranks_of_a_later_page_are_named_when_added(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="page-two") as thread:
        await thread.say("cabinets comptables en Gironde")
        page = await thread.say("les 10 suivantes")
        shown = [company["name"] for company in page.artifacts[0]["companies"][:3]]
        await thread.say("ajoute les 3 premieres a une liste")
        answer = await thread.say("Compta 33 nouvelles")
        assert f"({', '.join(shown)})" in answer.answer.replace("\\", "")


@pytest.mark.parametrize(
    ("longer", "days"),
    [
        ("depuis plus de 30 jours", 30),
        ("et depuis plus d'un mois ?", 30),
        ("plus de 3 semaines", 21),
        ("for over 45 days", 45),
        ("seulement ceux de plus de 60 jours", 60),
    ],
)
async def test_how_long_after_stale_leads_keeps_the_rep(home: Path, longer: str, days: int) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"idle-{longer}"
    ) as thread:
        await thread.say("quels leads dorment ?")
        await thread.say("et pour David seulement")
        answer = await thread.say(longer)
        assert thread.calls == [("stale_leads", {"days": days, "owner": "david.roux"})]
        assert "David Roux" in answer.answer


@pytest.mark.parametrize(
    ("month", "period"),
    [("et le mois dernier ?", "last_month"), ("what about last month?", "last_month"),
     ("et ce mois-ci", "month"), ("le mois passé ?", "last_month")],
)  # fmt: skip
async def test_a_month_after_a_trend_is_that_reps_summary(
    home: Path, month: str, period: str
) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"month-{month}"
    ) as thread:
        await thread.say("weekly trend for Chloe")
        answer = await thread.say(month)
        assert thread.calls == [("pipeline_summary", {"period": period, "owner": "chloe.bernard"})]
        assert "Chloe Bernard" in answer.answer and "chloe.bernard" not in answer.answer


@pytest.mark.parametrize("theirs", ["show me David's", "and David's?", "et ceux de David ?"])
async def test_a_reps_possessive_after_stale_leads_by_rep(home: Path, theirs: str) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"theirs-{theirs}"
    ) as thread:
        await thread.say("which reps have the most stale leads?")
        await thread.say(theirs)
        assert thread.calls == [("stale_leads", {"days": 14, "owner": "David"})]


async def test_a_rep_in_focus_stays_for_sleeping_leads_and_lists(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="focus") as thread:
        answer = await thread.say("pipeline d'Alice depuis septembre")
        assert answer.answer.startswith("Pipeline de Alice Martin")  # a name, never a login
        await thread.say("combien de leads elle a en MQL ?")
        await thread.say("lesquels dorment ?")
        assert thread.calls == [("stale_leads", {"owner": "alice.martin"})]
        await thread.say("et ses listes ?")
        assert thread.calls == [("lead_lists", {"owner": "alice.martin"})]


@pytest.mark.parametrize(
    "question",
    ["how's the pipeline looking this month?", "what's the pipeline this month?",
     "how's our pipeline this month"],
)  # fmt: skip
async def test_a_question_word_is_never_a_rep(home: Path, question: str) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"how-{question}"
    ) as thread:
        answer = await thread.say(question)
        assert thread.calls == [("pipeline_summary", {"period": "month"})]
        assert "No rep is called" not in answer.answer


@pytest.mark.parametrize(
    "card",
    ["la fiche de Data Services Paris", "fiche de data services paris stp",
     "details on Data Services Paris"],
)  # fmt: skip
async def test_a_card_asked_by_a_name_two_companies_bear(home: Path, card: str) -> None:
    async with conversation(home, user="chloe.bernard", thread_id=f"card-{card}") as thread:
        asked = await thread.say(card)
        [found] = asked.artifacts
        named = [c for c in found["companies"] if c["name"] == "Data Services Paris"]
        assert len(named) == 2
        assert "Data Services Paris" in asked.answer and asked.answer.count("SIREN ") == 2
        for company in named:
            assert company["siren"] in asked.answer
        await thread.say("la 2e")
        assert thread.calls == [("get_company", {"siren": named[1]["siren"]})]


async def test_a_card_asked_by_a_name_one_company_bears_opens(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="card-one") as thread:
        answer = await thread.say("la fiche de Paris Data Services")
        tools = [call["name"] for call in answer.tool_calls]
        assert tools == ["search_companies", "get_company"]
        assert answer.answer.startswith("**Paris Data Services**")


@pytest.mark.parametrize(
    "digest",
    ["fais moi le digest hebdo de l'équipe", "montre le récap hebdo", "show me the weekly digest"],
)
async def test_the_digest_asked_here_shows_the_dashboard(home: Path, digest: str) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=f"digest-{digest}"
    ) as thread:
        answer = await thread.say(digest)
        tools = [tool for tool, _args in thread.calls]
        assert tools == ["pipeline_summary", "pipeline_trends", "stale_leads"]
        assert "`filon digest`" in answer.answer
        assert "PDF" not in answer.answer and "mail" not in answer.answer


@pytest.mark.parametrize(
    ("which", "head"),
    [("elle est dans quelle liste ?", "est dans 1 liste"),
     ("dans quelles listes elle est ?", "est dans 1 liste"),
     ("what list is it in?", "is in 1 lead list")],
)  # fmt: skip
async def test_which_list_is_answered_by_the_lists_name(home: Path, which: str, head: str) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"which-{which}") as thread:
        shown = await thread.say("montre la liste ESN Lyon")
        lead = shown.artifacts[0]["leads"][-1]
        await thread.say("la fiche de la dernière")
        answer = await thread.say(which)
        assert thread.calls == [("get_company", {"siren": lead["siren"]})]
        assert not answer.answer.startswith(("Oui", "Yes")) and head in answer.answer
        assert "ESN Lyon" in answer.answer

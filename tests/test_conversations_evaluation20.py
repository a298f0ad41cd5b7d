"""Requests of the held-out evaluation 20, as new reps and managers wrote them: nothing exported
when nothing was shown, filler words kept out of searches, periods in months, "cette liste",
ranks past the end, where the file is, schedules declined, a teammate's lost leads and trend,
the request's language, meetings declined, a list's contacts enriched, a list given back, and
homonyms read against the rep's leads."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home

from agent.llm.offline.intents.periods import since_in
from agent.llm.offline.request import Request


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation20"))


def _exports(home: Path) -> list[Path]:
    folder = home / "exports"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("ask", "export", "said"),
    [
        ("mes SQL", "exporte-les", "il n'y a rien à exporter"),
        ("mes leads gagnés", "exporte-les en CSV", "il n'y a rien à exporter"),
        ("my lost leads", "export them", "there is nothing to export"),
    ],
)
async def test_nothing_is_exported_after_no_lead(
    home: Path, ask: str, export: str, said: str
) -> None:
    before = _exports(home)
    async with conversation(home, user="emma.nouvelle", thread_id=f"empty-{export}") as thread:
        first = await thread.say(ask)
        assert thread.calls[0][0] == "list_leads"
        assert "Aucun lead" in first.answer or "No lead" in first.answer
        answer = await thread.say(export)
    assert thread.calls == []
    assert said in answer.answer
    assert _exports(home) == before


async def test_nothing_is_exported_after_an_empty_search(home: Path) -> None:
    before = _exports(home)
    async with conversation(home, thread_id="empty-search") as thread:
        await thread.say("ESN à Lyon de plus de 5000 salariés")
        answer = await thread.say("exporte-les")
    assert thread.calls == []
    assert "il n'y a rien à exporter" in answer.answer
    assert _exports(home) == before


async def test_a_lists_stage_on_screen_is_the_one_exported(home: Path) -> None:
    async with conversation(home, thread_id="won-export") as thread:
        shown = await thread.say("les leads gagnés de la liste ESN Lyon")
        won = int(shown.answer.split(" leads", 1)[0])
        answer = await thread.say("exporte-les")
        assert thread.calls == [("export_csv", {"list_name": "ESN Lyon", "stage": "won"})]
        assert f"Export CSV prêt : {won} lignes" in answer.answer
        await thread.say("les leads gagnés de la liste ESN Lyon")
        await thread.say("exporte toute la liste")
    assert thread.calls == [("export_csv", {"list_name": "ESN Lyon"})]


@pytest.mark.parametrize(
    ("first", "follow_up", "city"),
    [
        ("ESN à Lyon", "ok, à Annecy alors", "ANNECY"),
        ("ESN à Lyon", "plutôt à Grenoble donc", "GRENOBLE"),
        ("ESN à Lyon", "ok à Nantes alors", "NANTES"),
        ("IT services companies in Lyon", "ok, in Annecy then", "ANNECY"),
    ],
)
async def test_filler_words_are_not_searched(
    home: Path, first: str, follow_up: str, city: str
) -> None:
    async with conversation(home, thread_id=f"filler-{follow_up}") as thread:
        await thread.say(first)
        answer = await thread.say(follow_up)
    assert thread.calls == [
        ("search_companies", {"naf_codes": ["62"], "cities": [city], "limit": 10})
    ]
    assert "alors" not in answer.answer and "then" not in answer.answer.split("\n")[0]


@pytest.mark.parametrize(
    ("ask", "args", "said"),
    [
        (
            "my leads not contacted in the last 2 months",
            {"mine": True, "not_contacted_days": 60},
            "not contacted for 60 days or more",
        ),
        (
            "mes leads pas contactés depuis 2 mois",
            {"mine": True, "not_contacted_days": 60},
            "sans contact depuis 60 jours ou plus",
        ),
        (
            "mes leads non contactés depuis les 3 derniers mois",
            {"mine": True, "not_contacted_days": 90},
            "sans contact depuis 90 jours ou plus",
        ),
        (
            "mes leads sans contact depuis 45 jours",
            {"mine": True, "not_contacted_days": 45},
            "sans contact depuis 45 jours ou plus",
        ),
        (
            "my leads with no contact in the past 3 weeks",
            {"mine": True, "not_contacted_days": 21},
            "not contacted for 21 days or more",
        ),
    ],
)
async def test_periods_without_contact_are_read_in_full(
    home: Path, ask: str, args: dict[str, object], said: str
) -> None:
    async with conversation(home, thread_id=f"stale-{ask}") as thread:
        answer = await thread.say(ask)
    assert thread.calls == [("list_leads", args)]
    assert said in answer.answer


@pytest.mark.parametrize(
    ("ask", "days"),
    [
        ("combien de leads sans contact depuis 45 jours ?", 45),
        ("how many leads with no contact in the last 2 months?", 60),
    ],
)
async def test_counting_leads_without_contact_is_no_pipeline_summary(
    home: Path, ask: str, days: int
) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=ask) as thread:
        answer = await thread.say(ask)
    assert thread.calls == [("list_leads", {"not_contacted_days": days})]
    assert f"{days} " in answer.answer and "Pipeline" not in answer.answer


async def test_a_teammates_leads_not_contacted_for_months(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="bruno-2m") as thread:
        answer = await thread.say("Bruno's leads not contacted in the last 2 months")
    assert thread.calls == [("list_leads", {"owner": "Bruno", "not_contacted_days": 60})]
    assert "owner Bruno Petit, not contacted for 60 days or more" in answer.answer


@pytest.mark.parametrize(
    "follow_up",
    [
        "combien de leads dans cette liste maintenant ?",
        "combien de leads dans cette liste actuellement ?",
        "how many leads in this list now?",
    ],
)
async def test_this_list_now_is_the_list_in_focus(home: Path, follow_up: str) -> None:
    async with conversation(home, thread_id=f"now-{follow_up}") as thread:
        shown = await thread.say("les leads de la liste ESN Lyon")
        answer = await thread.say(follow_up)
    assert thread.calls == [("list_leads", {"list_name": "ESN Lyon"})]
    assert "ESN Lyon" in answer.answer and "maintenant" not in answer.answer
    total = shown.answer.split(" leads", 1)[0]
    assert answer.answer.startswith(f"{total} leads")


async def test_the_list_just_made_is_this_list(home: Path) -> None:
    async with conversation(home, thread_id="made-now") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("crée une liste Lyon IT 20 avec les 3 premières")
        answer = await thread.say("combien de leads dans cette liste maintenant ?")
    assert thread.calls == [("list_leads", {"list_name": "Lyon IT 20"})]
    assert answer.answer.startswith("3 leads (liste")
    assert "Lyon IT 20" in answer.answer


@pytest.mark.parametrize(
    ("follow_up", "said"),
    [
        ("the 12th one in Nantes", "The last results hold only {n} companies, so there is no"),
        ("show me the 12th one in Nantes", "The last results hold only {n} companies"),
        ("la 12e à Nantes", "Les derniers résultats ne comptent que {n} entreprises"),
    ],
)
async def test_a_rank_past_the_results_in_the_same_place(
    home: Path, follow_up: str, said: str
) -> None:
    async with conversation(home, thread_id=f"rank-{follow_up}") as thread:
        found = await thread.say("IT companies in Nantes")
        companies = len([line for line in found.answer.splitlines() if line.startswith("- ")])
        assert 1 < companies < 12
        answer = await thread.say(follow_up)
    assert thread.calls == []
    assert said.format(n=companies) in answer.answer
    assert len(answer.answer.splitlines()) == 1


async def test_a_rank_within_the_results_in_the_same_place_opens_its_card(home: Path) -> None:
    async with conversation(home, thread_id="rank-2-nantes") as thread:
        found = await thread.say("ESN à Nantes")
        second = found.tool_calls[0]
        await thread.say("la 2e à Nantes")
    assert second["name"] == "search_companies"
    assert [name for name, _ in thread.calls] == ["get_company"]
    shown = found.answer.splitlines()
    second_line = [line for line in shown if line.startswith("- ")][1]
    assert f"(SIREN {thread.calls[0][1]['siren']})" in second_line


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("where is the file?", "No file was exported in this conversation."),
        ("où est le fichier ?", "Aucun fichier n'a été exporté dans cette conversation."),
        ("il est où le csv ?", "Aucun fichier n'a été exporté dans cette conversation."),
    ],
)
async def test_where_is_the_file_when_none_was_exported(
    home: Path, question: str, said: str
) -> None:
    before = _exports(home)
    async with conversation(home, thread_id=f"where-none-{question}") as thread:
        await thread.say("ESN à Lyon")
        answer = await thread.say(question)
    assert thread.calls == []
    assert answer.answer.startswith(said)
    assert _exports(home) == before


@pytest.mark.parametrize(
    ("question", "said"), [("where's the file?", "File: "), ("où est le fichier ?", "Fichier : ")]
)
async def test_where_is_the_file_after_other_turns_gives_its_path(
    home: Path, question: str, said: str
) -> None:
    async with conversation(home, thread_id=f"where-{question}") as thread:
        await thread.say("ESN à Lyon")
        exported = await thread.say("exporte-les")
        path = exported.tool_calls and exported.answer.rsplit(": ", 1)[1]
        await thread.say("mes leads")
        answer = await thread.say(question)
    assert thread.calls == []
    assert answer.answer == f"{said}{path}"
    assert "recherche-" in answer.answer


@pytest.mark.parametrize(
    ("request_", "said"),
    [
        ("email me the pipeline every Monday at 8", "Filon doesn't schedule anything"),
        ("envoie-moi le pipeline chaque lundi", "Filon ne planifie rien"),
        ("programme un rapport hebdo du pipeline", "Filon ne planifie rien"),
        ("post the pipeline to #sales every Monday morning", "Filon doesn't schedule anything"),
        ("poste le pipeline sur #ventes tous les lundis", "Filon ne planifie rien"),
        ("send me my stale leads each morning", "Filon doesn't schedule anything"),
        ("tous les lundis, envoie-moi le pipeline", "Filon ne planifie rien"),
        ("je veux recevoir le pipeline chaque lundi matin", "Filon ne planifie rien"),
        ("I want to receive the pipeline every Monday", "Filon doesn't schedule anything"),
    ],
)
async def test_schedules_are_declined_with_the_cron_command(
    home: Path, request_: str, said: str
) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=request_) as thread:
        answer = await thread.say(request_)
    assert thread.calls == []
    assert answer.answer.startswith(said)
    assert "`filon digest`" in answer.answer and "cron" in answer.answer
    assert "--slack '#ventes'" in answer.answer


@pytest.mark.parametrize(
    ("request_", "call"),
    [
        ("weekly trend", ("pipeline_trends", {})),
        ("résumé du pipeline de la semaine", ("pipeline_summary", {"period": "week"})),
        ("get me the new leads of each week", ("list_leads", {"stage": "new"})),
    ],
)
async def test_weekly_figures_asked_once_are_still_shown(
    home: Path, request_: str, call: tuple[str, dict[str, object]]
) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=request_) as thread:
        await thread.say(request_)
    assert thread.calls == [call]


@pytest.mark.parametrize(
    "follow_up", ["montre les perdus de David", "show me David's lost leads", "affiche ses perdus"]
)
async def test_a_reps_lost_leads_after_the_summary_are_listed(home: Path, follow_up: str) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=follow_up) as thread:
        first = (
            "résumé du pipeline du mois de David"
            if "ses" in follow_up
            else ("résumé du pipeline du mois par commercial")
        )
        await thread.say(first)
        answer = await thread.say(follow_up)
    owner = "david.roux" if "ses" in follow_up else "David"
    assert thread.calls == [("list_leads", {"stage": "lost", "owner": owner})]
    assert "David Roux" in answer.answer
    assert "Pipeline" not in answer.answer
    assert answer.answer.count("\n- ") >= 1


@pytest.mark.parametrize(
    ("first", "follow_up", "tool"),
    [
        ("tendance du pipeline", "same for David", "pipeline_trends"),
        ("weekly trend of the team", "do the same for David", "pipeline_trends"),
        ("tendance du pipeline", "pareil pour David", "pipeline_trends"),
        ("quels leads dorment ?", "same for David", "stale_leads"),
    ],
)
async def test_same_for_a_rep_after_a_trend(
    home: Path, first: str, follow_up: str, tool: str
) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id=follow_up + first
    ) as thread:
        await thread.say(first)
        answer = await thread.say(follow_up)
    assert [(name, args.get("owner")) for name, args in thread.calls] == [(tool, "David")]
    assert "David Roux" in answer.answer


@pytest.mark.parametrize(
    ("request_", "said"),
    [
        ("team pipeline since October 1st", "Pipeline — chosen period, 1 Oct 2026"),
        ("show the team pipeline since 1 October", "Pipeline — chosen period, 1 Oct 2026"),
        ("team pipeline since Oct 1", "Pipeline — chosen period, 1 Oct 2026"),
        ("pipeline de l'équipe depuis le 1er octobre", "Pipeline — période choisie, du 01/10/2026"),
    ],
)
async def test_a_period_request_is_answered_in_its_language(
    home: Path, request_: str, said: str
) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=request_) as thread:
        await thread.say("bonjour")
        answer = await thread.say(request_)
    assert thread.calls == [("pipeline_summary", {"since": "2026-10-01"})]
    assert answer.answer.startswith(said)


def _stage_of(home: Path, siren: str) -> str:
    with sqlite3.connect(home / "filon.db") as db:
        rows = db.execute("select stage from lead where company_siren = ?", (siren,)).fetchall()
    return ",".join(sorted(str(row[0]) for row in rows))


@pytest.mark.parametrize(
    ("meeting", "said"),
    [
        ("cale moi un rdv avec eux jeudi", "ne propose pas la prise de rendez-vous"),
        ("book a meeting with them on Thursday", "does not offer booking meetings"),
    ],
)
async def test_a_meeting_after_a_refused_sql_move_is_declined_not_a_reason(
    home: Path, meeting: str, said: str
) -> None:
    async with conversation(home, thread_id=f"bant-{meeting}") as thread:
        await thread.say("mes leads nouveaux")
        refused = await thread.say("passe le troisième en SQL")
        siren = thread.calls[0][1]["siren"]
        assert "le BANT n'est pas confirmé" in refused.answer
        answer = await thread.say(meeting)
    assert thread.calls == []
    assert said in answer.answer
    assert "sql" not in _stage_of(home, siren).split(",")


@pytest.mark.parametrize(
    "meeting", ["cale moi un rdv avec le gérant", "book a meeting with their CEO"]
)
async def test_a_meeting_after_a_refused_move_of_someone_elses_lead(
    home: Path, meeting: str
) -> None:
    async with conversation(home, thread_id=f"not-yours-{meeting}") as thread:
        await thread.say("les leads de la liste BTP Bretagne")
        refused = await thread.say("passe le premier en gagné")
        assert "seul son responsable ou un manager" in refused.answer
        answer = await thread.say(meeting)
    assert thread.calls == []
    assert "rendez-vous" in answer.answer or "meetings" in answer.answer
    assert (
        "seul son responsable" not in answer.answer and "Rien n'a été modifié" not in answer.answer
    )


@pytest.mark.parametrize(
    ("request_", "tool", "said"),
    [
        ("enrichis les contacts de BTP Bretagne", "enrich_contacts", "Liste « BTP Bretagne » :"),
        ("find the emails of the contacts of BTP Bretagne", "enrich_contacts",
         "List “BTP Bretagne”:"),
        ("les contacts de BTP Bretagne", "find_decision_makers", "Liste « BTP Bretagne » :"),
    ],
)  # fmt: skip
async def test_a_list_named_as_a_company_is_the_list(
    home: Path, request_: str, tool: str, said: str
) -> None:
    async with conversation(home, user="david.roux", thread_id=request_) as thread:
        answer = await thread.say(request_)
    assert [name for name, _ in thread.calls] == [tool]
    assert said in answer.answer.replace("\u202f", " ")
    assert "Bretagne Tech" not in answer.answer


async def test_a_list_shown_before_is_enriched_by_name(home: Path) -> None:
    async with conversation(
        home, user="maya.roux", role="manager", thread_id="btp-known"
    ) as thread:
        await thread.say("les listes de l'équipe")
        answer = await thread.say("enrichis les contacts de BTP Bretagne")
    assert thread.calls == [("enrich_contacts", {"list_name": "BTP Bretagne"})]
    assert "Liste « BTP Bretagne » :" in answer.answer.replace("\u202f", " ")


def _owner_of(home: Path, name: str) -> str:
    with sqlite3.connect(home / "filon.db") as db:
        return str(db.execute("select owner from leadlist where name = ?", (name,)).fetchone()[0])


@pytest.mark.parametrize(
    ("give", "back", "said"),
    [
        ("give the list ESN Lyon to Chloé", "oops, give it back", "now belongs to Alice Martin"),
        ("donne la liste ESN Lyon à David", "oups non, rends-la", "confiée à Alice Martin"),
        ("donne la liste ESN Lyon à Bruno", "annule", "confiée à Alice Martin"),
    ],
)
async def test_a_list_a_manager_just_gave_away_is_given_back(
    home: Path, give: str, back: str, said: str
) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=back) as thread:
        given = await thread.say(give)
        assert thread.calls[0][0] == "assign_lead_list"
        moved = given.answer.split("(", 1)[1].split(" leads", 1)[0]
        answer = await thread.say(back)
    assert thread.calls == [
        ("assign_lead_list", {"list_name": "ESN Lyon", "owner": "alice.martin"})
    ]
    assert said in answer.answer.replace("\u202f", " ")
    assert f"{moved} leads" in answer.answer
    assert _owner_of(home, "ESN Lyon") == "alice.martin"


@pytest.mark.parametrize("back", ["oups non, rends-la moi", "give it back to me"])
async def test_a_rep_who_gave_her_list_away_is_told_how_to_get_it_back(
    home: Path, back: str
) -> None:
    async with conversation(home, thread_id=f"rep-back-{back}") as thread:
        await thread.say("donne la liste ESN Lyon à Bruno")
        assert _owner_of(home, "ESN Lyon") == "bruno.petit"
        answer = await thread.say(back)
    assert thread.calls == [
        ("assign_lead_list", {"list_name": "ESN Lyon", "owner": "alice.martin"})
    ]
    text = answer.answer.replace("\u202f", " ")
    assert "Bruno Petit ou un manager peut la rendre à Alice Martin" in text or (
        "Bruno Petit or a manager can give it back to Alice Martin" in text
    )
    async with conversation(home, user="maya.roux", role="manager", thread_id=back) as thread:
        await thread.say("donne la liste ESN Lyon à Alice")
    assert _owner_of(home, "ESN Lyon") == "alice.martin"


def test_giving_back_refused_says_who_can() -> None:
    from agent.llm.offline.intents.undo import give_back_note
    from agent.llm.offline.results import ToolResult

    refused = ToolResult("assign_lead_list", None, "not yours", is_error=True)
    note = '["ESN Lyon", "bruno.petit", "alice.martin"]'
    text = give_back_note([refused], note, "fr").replace("\u202f", " ")
    assert text == (
        "Pour récupérer la liste « ESN Lyon », Bruno Petit ou un manager peut la rendre à "
        "Alice Martin : « rends la liste ESN Lyon à Alice Martin »."
    )
    done = ToolResult("assign_lead_list", None, "done", is_error=False)
    assert give_back_note([done], note, "en") == ""


def _homonym_with_one_lead_of(home: Path) -> tuple[str, str, str, str]:
    """A name several open companies bear, exactly one of them a lead of a rep, none of them a
    lead of another rep: (name, SIREN of that lead, the rep, the other rep)."""
    reps = ("alice.martin", "bruno.petit", "chloe.bernard", "david.roux")
    with sqlite3.connect(home / "filon.db") as db:
        names = db.execute(
            "select name from company where active and diffusible group by name having count(*) "
            "between 2 and 5 order by name"
        ).fetchall()
        for (name,) in names:
            sirens = [
                row[0]
                for row in db.execute(
                    "select siren from company where name = ? and active and diffusible", (name,)
                )
            ]
            marks = ",".join("?" * len(sirens))
            owned = db.execute(
                f"select company_siren, owner from lead where company_siren in ({marks})", sirens
            ).fetchall()
            for rep in reps:
                mine = {siren for siren, owner in owned if owner == rep}
                others = [r for r in reps if r != rep and not any(o == r for _, o in owned)]
                if len(mine) == 1 and others and len(name.split()) == 1:
                    return name, mine.pop(), rep, others[0]
    raise AssertionError("the demo data has no such homonyms")


async def test_a_card_by_a_name_several_bear_prefers_the_reps_own_lead(home: Path) -> None:
    name, siren, rep, other = _homonym_with_one_lead_of(home)
    async with conversation(home, user=rep, thread_id=f"homonym-{rep}") as thread:
        answer = await thread.say(f"fiche de {name}")
    assert thread.calls == [
        ("search_companies", {"text": name, "limit": 10}),
        ("get_company", {"siren": siren}),
    ]
    assert f"(SIREN {siren})" in answer.answer
    assert "voici celle qui est parmi vos leads" in answer.answer
    async with conversation(home, user=other, thread_id=f"homonym-{other}") as thread:
        asked = await thread.say(f"show me {name}'s card")
    assert [call for call, _ in thread.calls] == ["search_companies"]
    assert "which one?" in asked.answer and f"(SIREN {siren})" in asked.answer


async def test_another_set_is_exported_after_no_lead(home: Path) -> None:
    async with conversation(home, user="emma.nouvelle", thread_id="empty-then-list") as thread:
        await thread.say("mes SQL")
        answer = await thread.say("exporte la liste ESN Lyon")
    assert thread.calls == [("export_csv", {"list_name": "ESN Lyon"})]
    assert "Export CSV prêt" in answer.answer


def _homonyms_each_a_reps_lead(home: Path) -> tuple[str, dict[str, str]]:
    """A name two open companies bear, each a lead of another rep: (name, rep → SIREN)."""
    with sqlite3.connect(home / "filon.db") as db:
        rows = db.execute(
            "select c.name, c.siren, l.owner from company c join lead l on l.company_siren = "
            "c.siren where c.active and c.diffusible and c.name in (select name from company "
            "where active and diffusible group by name having count(*) = 2) order by c.name"
        ).fetchall()
    by_name: dict[str, dict[str, set[str]]] = {}
    for name, siren, owner in rows:
        by_name.setdefault(name, {}).setdefault(siren, set()).add(owner)
    for name, owners in by_name.items():
        if len(owners) == 2 and all(len(who) == 1 for who in owners.values()):
            mine = {next(iter(who)): siren for siren, who in owners.items()}
            if len(mine) == 2:
                return name, mine
    raise AssertionError("the demo data has no such homonyms")


async def test_homonyms_that_are_both_leads_resolve_to_the_askers(home: Path) -> None:
    name, mine = _homonyms_each_a_reps_lead(home)
    for rep, siren in mine.items():
        async with conversation(home, user=rep, thread_id=f"both-{rep}") as thread:
            card = await thread.say(f"fiche de {name}")
            assert thread.calls[-1] == ("get_company", {"siren": siren})
            assert f"(SIREN {siren})" in card.answer
            await thread.say(f"signaux de {name}")
            assert thread.calls[-1] == ("find_signals", {"sirens": [siren]})
    reps = ("alice.martin", "bruno.petit", "chloe.bernard", "david.roux")
    other = next(rep for rep in reps if rep not in mine)
    async with conversation(home, user=other, thread_id=f"both-{other}") as thread:
        asked = await thread.say(f"fiche de {name}")
    assert [call for call, _ in thread.calls] == ["search_companies"]
    assert "laquelle ?" in asked.answer


@pytest.mark.parametrize(
    ("said", "first"),
    [
        ("team pipeline since Oct 1", date(2026, 10, 1)),
        ("pipeline since Oct. 1st", date(2026, 10, 1)),
        ("pipeline de l'équipe depuis le 1er oct.", date(2026, 10, 1)),
        ("pipeline depuis le 15 nov", date(2026, 11, 15)),
        ("pipeline since Sep 3, 2025", date(2025, 9, 3)),
    ],
)
def test_an_abbreviated_month_next_to_a_day_starts_the_period(said: str, first: date) -> None:
    assert since_in(Request(said), date(2026, 12, 3)) == first


@pytest.mark.parametrize("said", ["les leads de Jan", "depuis sept jours", "pipeline de mar"])
def test_an_abbreviation_alone_is_no_month(said: str) -> None:
    assert since_in(Request(said), date(2026, 12, 3)) is None

"""Conversations from the held-out evaluation 19 (issue 8): a refused stage change is
remembered ("remets-le en SQL" says nothing moved, a bare reason after another rep's lead says
nothing was changed, "move it anyway, they sent a purchase order" completes a move refused for
BANT with only the reason)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home

from agent.leads import create_list
from store.db import open_store

CHLOES_SQL = "655357028"  # Île-de-France Tech, Chloé's, in SQL
CHLOES_OTHER = "675751903"  # Tech Paris, Chloé's, in SQL


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-fix19b"))


@pytest.mark.parametrize(
    ("undo", "said"),
    [
        ("en fait non remets le en SQL", "toujours en SQL"),
        ("non, remets-le comme avant", "toujours en SQL"),
        ("annule", "toujours en SQL"),
        ("oops, put it back to SQL", "still at SQL"),
        ("undo that", "still at SQL"),
    ],
)
async def test_putting_back_a_refused_move_says_nothing_moved(
    home: Path, undo: str, said: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"back-{undo}") as thread:
        await thread.say(f"passe {CHLOES_SQL} en gagné")
        assert thread.calls == [("set_lead_stage", {"siren": CHLOES_SQL, "stage": "won"})]
        answer = await thread.say(undo)
    assert thread.calls == []
    assert said in answer.answer
    assert "Île-de-France Tech" in answer.answer


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("ils ont pris un concurrent moins cher", "Rien n'a été modifié"),
        ("pas de budget cette année", "Rien n'a été modifié"),
        ("parce qu'ils ont gelé leurs achats", "Rien n'a été modifié"),
        ("they went with a cheaper competitor", "Nothing was changed"),
    ],
)
async def test_a_bare_reason_after_another_reps_lead_says_nothing_was_changed(
    home: Path, reason: str, said: str
) -> None:
    async with conversation(home, user="bruno.petit", thread_id=f"rights-{reason}") as thread:
        await thread.say(f"passe {CHLOES_OTHER} en perdu")
        answer = await thread.say(reason)
    assert thread.calls == []
    assert said in answer.answer
    assert "Chloe Bernard" in answer.answer and "Tech Paris" in answer.answer


async def test_after_another_reps_lead_a_move_or_a_request_is_read_as_such(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="rights-next") as thread:
        await thread.say(f"passe {CHLOES_OTHER} en gagné")
        await thread.say("pas de budget cette année")
        refused = await thread.say("passe-le en perdu alors, trop cher")
        assert thread.calls == [
            (
                "set_lead_stage",
                {"siren": CHLOES_OTHER, "stage": "lost", "reason": "trop cher"},
            )
        ]
        assert "Rien n'a été modifié" in refused.answer
        await thread.say("montre mes leads en SQL")
        assert thread.calls == [("list_leads", {"stage": "sql", "mine": True})]


async def test_a_move_refused_for_its_reason_is_completed_by_it_or_put_back(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="reason") as thread:
        await thread.say("passe 402312672 en perdu")
        back = await thread.say("en fait non, remets-le en nouveau")
        assert thread.calls == []
        assert "toujours en Nouveau" in back.answer
        await thread.say("passe 402312672 en perdu")
        await thread.say("ils ont pris un concurrent moins cher")
    assert thread.calls == [
        (
            "set_lead_stage",
            {
                "siren": "402312672",
                "stage": "lost",
                "reason": "ils ont pris un concurrent moins cher",
            },
        )
    ]


@pytest.mark.parametrize(
    ("siren", "order", "reason"),
    [
        (
            "546553231",
            "bon alors passe-le quand même : le DG a donné son accord oral",
            "le DG a donné son accord oral",
        ),
        ("954474409", "move it anyway, they sent a purchase order", "they sent a purchase order"),
        ("570510966", "ok do it anyway because the CEO said yes", "the CEO said yes"),
        ("446612996", "force it: verbal OK from the CFO", "verbal OK from the CFO"),
    ],
)
async def test_an_sql_move_refused_for_bant_is_forced_with_only_the_reason(
    home: Path, siren: str, order: str, reason: str
) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id=order) as thread:
        await thread.say(f"passe {siren} en SQL")
        assert thread.calls == [("set_lead_stage", {"siren": siren, "stage": "sql"})]
        answer = await thread.say(order)
    assert thread.calls == [("set_lead_stage", {"siren": siren, "stage": "sql", "reason": reason})]
    assert f"SQL ({reason})" in answer.answer


async def test_forcing_a_lead_of_two_lists_asks_which_and_keeps_the_reason(home: Path) -> None:
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    create_list(engine, name="Salon Lyon", owner="alice.martin", sirens=["866977994"])
    engine.dispose()
    async with conversation(home, user="alice.martin", thread_id="two-lists") as thread:
        await thread.say("move 866977994 to SQL")
        which = await thread.say("move it anyway, they sent a purchase order")
        assert thread.calls == []
        assert "ESN Lyon" in which.answer and "they sent a purchase order" in which.answer
        await thread.say("Salon Lyon")
    assert thread.calls == [
        (
            "set_lead_stage",
            {
                "list_name": "Salon Lyon",
                "siren": "866977994",
                "stage": "sql",
                "reason": "they sent a purchase order",
            },
        )
    ]


@pytest.mark.parametrize(
    ("siren", "said"),
    [
        ("304057995", "pas encore de budget validé, ils attendent le prochain exercice"),
        ("949173702", "no budget approved yet, they are waiting for the next fiscal year"),
    ],
)
async def test_a_budget_waiting_for_the_next_fiscal_year_is_no_deadline(
    home: Path, siren: str, said: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"fy-{said}") as thread:
        await thread.say(f"qualifie {siren} selon BANT")
        answer = await thread.say(said)
        ((tool, args),) = thread.calls
    assert (tool, args["siren"], args["text"], args["asked"]) == (
        "qualify_lead",
        siren,
        said,
        "budget",
    )
    card = thread.turns[-1].artifacts[-1]
    assert card["recorded"] == ["budget"] and "timing" in card["missing"]
    assert "2027" not in answer.answer


@pytest.mark.parametrize(
    "what", ["what's in that list?", "montre ce qu'il y a dans cette liste", "show that list"]
)
async def test_that_list_is_the_one_just_named_even_in_a_declined_request(
    home: Path, what: str
) -> None:
    async with conversation(home, user="chloe.bernard", thread_id=f"that-{what}") as thread:
        await thread.say("what lists do I have?")
        await thread.say("rename Relance webinar to Webinar Q4")
        await thread.say("undo that")
        shared = await thread.say("share SaaS Île-de-France with David")
        assert thread.calls == [] and "filon lists share" in shared.answer
        await thread.say(what)
    assert thread.calls == [("list_leads", {"list_name": "SaaS Île-de-France"})]


@pytest.mark.parametrize(
    ("ask", "roles"),
    [
        ("trouve l'email du DAF", ["finance"]),
        ("find the CFO's email", ["finance"]),
        ("trouve l'e-mail du DSI", ["it"]),
    ],
)
async def test_an_email_by_role_after_a_companys_people_is_at_that_company(
    home: Path, ask: str, roles: list[str]
) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"role-{ask}") as thread:
        await thread.say("qui sont les décideurs de 402312672 ?")
        await thread.say(ask)
    assert thread.calls == [("enrich_contacts", {"sirens": ["402312672"], "roles": roles})]


async def test_the_people_narrowed_are_exported_and_the_first_shown_opted_out(
    home: Path,
) -> None:
    async with conversation(home, user="alice.martin", thread_id="narrowed") as thread:
        await thread.say("décideurs de la liste ESN Lyon")
        shown = thread.turns[-1].artifacts[-1]["companies"]
        verified = [
            person
            for company in shown
            for person in company["contacts"]
            if person["email"] and person["email_status"] == "verified"
        ]
        await thread.say("juste ceux avec un email vérifié")
        exported = await thread.say("exporte-les")
        rows = exported.artifacts[-1]["rows"]
        # the list's 24 leads are all on screen: the file holds the people shown, said so
        assert rows == len(verified) and "plus que les" not in exported.answer
        await thread.say("le premier ne veut plus être démarché")
    assert thread.calls == [("opt_out", {"contact_id": verified[0]["id"]})]


def test_an_export_larger_than_the_screen_says_so() -> None:
    from agent.artifacts import ExportArtifact
    from agent.llm.offline.intents.export import shown_note
    from agent.llm.offline.results import ToolResult

    done = ExportArtifact(what="people", path="/x/c.csv", file_name="c.csv", rows=56)
    results = [ToolResult(tool="export_csv", artifact=done, content="", is_error=False)]
    said = shown_note(results, "37:ESN Lyon", "fr").replace("\u202f", " ")
    assert "toute la liste « ESN Lyon » : 56 personnes, plus que les 37 affichées" in said
    assert shown_note(results, "56:ESN Lyon", "en") == ""


@pytest.mark.parametrize(
    ("siren", "person", "domain", "blocked"),
    [
        (
            "402312672",
            "le premier ne veut plus être contacté",
            "et tout le domaine aussi",
            "solium.fr",
        ),
        (
            "954474409",
            "do not contact the first one again",
            "and the whole domain too",
            "savoieinfogerance.fr",
        ),
    ],
)
async def test_the_whole_domain_of_the_person_just_opted_out(
    home: Path, siren: str, person: str, domain: str, blocked: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"domain-{domain}") as thread:
        await thread.say(f"qui sont les décideurs de {siren} ?")
        first = thread.turns[-1].artifacts[-1]["companies"][0]["contacts"][0]
        await thread.say(person)
        assert thread.calls == [("opt_out", {"contact_id": first["id"]})]
        answer = await thread.say(domain)
    assert thread.calls == [("opt_out", {"value": blocked})]
    assert (
        f"{blocked} (domaine entier)" in answer.answer
        or f"{blocked} (whole domain)" in answer.answer
    )


async def test_the_whole_domain_with_no_one_opted_out_asks_which(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="no-domain") as thread:
        await thread.say("qui est le DAF de 402312672 ?")
        await thread.say("il ne veut plus être contacté")
        answer = await thread.say("et tout le domaine aussi")
    assert thread.calls == []
    assert "quel domaine bloquer ?" in answer.answer

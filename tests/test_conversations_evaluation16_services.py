"""Whole conversations from the sixteenth outside evaluation, on the real graph, offline model
and tools: a push that names a lead sends that lead or nothing, and another target right after
a refused push is the same push; giving a list away keeps teammates' leads and giving it back
returns what moved; an email asked for a role nobody holds offers the people known, and a
company without a domain says why no email was found."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from sqlalchemy import text
from test_conversations_evaluation14 import rows

from agent.contacts import roles_in
from agent.contacts.roles import admits, read_title
from store.db import open_store, session_scope
from store.models import Contact


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation16"))


def lead_at(home: Path, owner: str, stage: str) -> str:
    """The name of one of `owner`'s leads at `stage`, in one list, whose name no other company
    of the store bears."""
    ((name,), *_) = rows(
        home,
        "SELECT c.name FROM lead l JOIN company c ON c.siren = l.company_siren "
        "WHERE l.owner = :owner AND l.stage = :stage "
        "AND (SELECT count(*) FROM company o WHERE o.name = c.name) = 1 "
        "AND (SELECT count(*) FROM lead o WHERE o.company_siren = c.siren) = 1 ORDER BY c.siren",
        owner=owner,
        stage=stage,
    )
    return str(name)


def queued(home: Path) -> int:
    ((count,),) = rows(home, "SELECT count(*) FROM crmsync")
    return int(count)  # type: ignore[call-overload]


async def test_a_push_naming_a_lead_sends_that_lead_or_nothing(home: Path) -> None:
    closed = lead_at(home, "chloe.bernard", "disqualified")
    qualified = lead_at(home, "chloe.bernard", "sql")
    before = queued(home)
    async with conversation(home, user="chloe.bernard", thread_id="push-named") as thread:
        refused = await thread.say(f"envoie {closed} dans Pipedrive")
        assert thread.calls == [("push_to_crm", {"company": closed, "crm": "pipedrive"})]
        assert refused.answer.startswith(f"**{closed}** est Disqualifié : rien n'a été envoyé.")
        again = await thread.say(f"ok alors envoie {closed} dans le CRM")
        assert thread.calls == [("push_to_crm", {"company": closed})]
        assert "est Disqualifié" in again.answer and queued(home) == before
        sent = await thread.say(f"envoie {qualified} dans le CRM")
        assert sent.answer.startswith("1 lead mis en file pour le fichier CSV, puis envoyé")
        assert [lead["name"] for lead in sent.artifacts[0]["leads"]] == [qualified]
        assert queued(home) == before + 1


async def test_the_csv_after_a_crm_without_keys_is_the_same_push(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="push-csv") as thread:
        refused = await thread.say("pousse mes SQL dans HubSpot")
        assert refused.answer.startswith("HubSpot n'est pas configuré")
        pushed = await thread.say("ok et dans le csv alors")
        assert thread.calls == [("push_to_crm", {"crm": "csv"})]
        artifact = pushed.artifacts[0]
        assert artifact["crms"] == ["csv"] and artifact["queued"] >= 1
        assert {lead["owner"] for lead in artifact["leads"]} == {"alice.martin"}


def list_owners(home: Path, name: str) -> dict[int, str | None]:
    """Lead id → owner, for the leads of the list called `name`."""
    found = rows(
        home,
        "SELECT l.id, l.owner FROM lead l JOIN leadlist s ON s.id = l.list_id WHERE s.name = :n",
        n=name,
    )
    return {int(lead_id): owner for lead_id, owner in found}  # type: ignore[call-overload, misc]


async def test_giving_a_list_away_keeps_teammates_leads_and_gives_back_what_moved(
    home: Path,
) -> None:
    name = "Cabinets comptables Gironde"
    start = list_owners(home, name)
    ((owner,),) = rows(home, "SELECT owner FROM leadlist WHERE name = :n", n=name)
    teammates = {o for o in start.values() if o not in (owner, "chloe.bernard")}
    assert teammates  # the demo list holds other reps' leads
    async with conversation(home, user="maya.roux", role="manager", thread_id="give") as thread:
        given = await thread.say(f"donne la liste {name} à Chloé")
        assert thread.calls == [("assign_lead_list", {"list_name": name, "owner": "Chloé"})]
        after = list_owners(home, name)
        for lead_id, held in start.items():  # only the owner's leads moved
            assert after[lead_id] == ("chloe.bernard" if held == owner else held)
        stayed = sum(1 for held in start.values() if held in teammates)
        assert f"{stayed} leads de la liste restent à leurs responsables" in given.answer
        assert "avec tous ses leads" in given.answer
        back = await thread.say("rends-la à Bruno")
        assert thread.calls == [("assign_lead_list", {"list_name": name, "owner": "Bruno"})]
        assert list_owners(home, name) == start and "Rendus à qui les avait" in back.answer
        asked = await thread.say("donne-la à Chloé avec tous ses leads")
        assert "Les donner aussi ?" in asked.answer and list_owners(home, name) == start
        await thread.say("oui")
        assert thread.calls == [("assign_lead_list", {"list_name": name, "owner": "Chloé",
                                                      "all_leads": True, "confirm": True})]  # fmt: skip
        assert set(list_owners(home, name).values()) == {"chloe.bernard"}
        again = await thread.say("rends-la à Bruno")
        assert list_owners(home, name) == start  # each lead back to whoever held it
        assert "Rendus à qui les avait avant" in again.answer


def company_without_finance(home: Path) -> tuple[str, str, list[str]]:
    """(SIREN, name, people) of a company with no website, people known, and no one in
    finance among them, whose name no other company bears."""
    finance = roles_in("DAF")
    found = rows(
        home,
        "SELECT c.siren, c.name, group_concat(p.first_name || ' ' || p.last_name, '|'), "
        "group_concat(p.title, '|') FROM company c JOIN contact p ON p.company_siren = c.siren "
        "WHERE c.website IS NULL AND c.domain IS NULL AND (SELECT count(*) FROM company o "
        "WHERE o.name = c.name) = 1 GROUP BY c.siren HAVING count(*) >= 3 ORDER BY c.siren",
    )
    for siren, name, people, titles in found:
        readings = [read_title(title) for title in str(titles).split("|")]
        if not any(admits(finance, r.function, r.seniority) for r in readings):
            return str(siren), str(name), str(people).split("|")
    raise AssertionError("the demo has no such company")


async def test_an_email_asked_for_a_role_nobody_holds_offers_the_people_known(home: Path) -> None:
    siren, name, people = company_without_finance(home)
    async with conversation(home, user="chloe.bernard", thread_id="no-daf") as thread:
        first = await thread.say(f"trouve l'email du DAF de chez {name}")
        assert thread.calls == [("enrich_contacts", {"company": name, "roles": ["finance"]})]
        assert "cache" not in first.answer
        assert first.answer.startswith(
            f"Personne n'est connu chez {name} dans ce rôle (DAF / finance) : aucun e-mail n'a "
            "été cherché."
        )
        assert all(person in first.answer for person in people)  # offered instead
        again = await thread.say("enrichis-les")
        assert thread.calls == [("enrich_contacts", {"sirens": [siren]})]  # everyone known
        assert f"Pas d'e-mail trouvé chez {name} : aucun domaine connu" in again.answer


def contact_named_once(home: Path) -> tuple[str, str, str]:
    """(full name, email, company) of a contact with an email whose name nobody else bears."""
    ((first, last, email, company), *_) = rows(
        home,
        "SELECT p.first_name, p.last_name, p.email, c.name FROM contact p JOIN company c "
        "ON c.siren = p.company_siren WHERE p.email IS NOT NULL AND p.opted_out = 0 AND "
        "(SELECT count(*) FROM contact o WHERE o.first_name = p.first_name AND o.last_name = "
        "p.last_name) = 1 AND p.first_name LIKE '%-%' ORDER BY p.id",
    )
    return f"{first} {last}", str(email), str(company)


async def test_an_objection_by_a_persons_name_is_that_persons(home: Path) -> None:
    name, email, _company = contact_named_once(home)
    async with conversation(home, user="chloe.bernard", thread_id="optout-name") as thread:
        done = await thread.say(f"{name} ne veut plus être contacté")
        assert thread.calls == [("opt_out", {"name": name})]
        assert done.answer.startswith(f"{name} ({email}) (adresse e-mail) ne sera plus jamais")
        unknown = await thread.say("Zorglub Inconnu ne veut plus être contacté")
        assert unknown.answer.startswith(
            "Aucun contact ni aucune entreprise ne s'appelle exactement «\u202fZorglub Inconnu"
        )
        assert "no company" not in unknown.answer and "give its SIREN" not in unknown.answer


async def test_namesakes_are_asked_about_before_any_objection(home: Path) -> None:
    ((alpha, alpha_name), (beta, beta_name)) = rows(
        home, "SELECT siren, name FROM company WHERE website IS NOT NULL ORDER BY siren LIMIT 2"
    )
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with session_scope(engine) as session:
        session.add_all(
            [
                Contact(company_siren=str(alpha), first_name="Anne-Lise", last_name="Homonyme",
                        title="DAF", email="al.homonyme@alpha-test.fr"),
                Contact(company_siren=str(beta), first_name="Anne-Lise", last_name="Homonyme",
                        title="DSI", email="al.homonyme@beta-test.fr"),
            ]
        )  # fmt: skip
    engine.dispose()
    async with conversation(home, user="chloe.bernard", thread_id="namesakes") as thread:
        asked = await thread.say("Anne-Lise Homonyme ne veut plus être contactée")
        assert asked.answer.startswith("2 contacts s'appellent «\u202fAnne-Lise Homonyme\u202f»")
        assert str(alpha_name) in asked.answer and str(beta_name) in asked.answer
        done = await thread.say(f"celle de chez {beta_name}")
        ((tool, args),) = thread.calls
        assert tool == "opt_out" and set(args) == {"contact_id"}
        assert "al.homonyme@beta-test.fr" in done.answer
        suppressed = rows(home, "SELECT value FROM suppression WHERE value LIKE 'al.homonyme%'")
        assert suppressed == [("al.homonyme@beta-test.fr",)]


async def test_a_french_request_naming_an_english_company_is_answered_in_french(
    home: Path,
) -> None:
    ((siren,), *_) = rows(
        home,
        "SELECT c.siren FROM lead l JOIN company c ON c.siren = l.company_siren WHERE l.owner = "
        "'alice.martin' AND l.stage = 'new' AND (SELECT count(*) FROM lead o WHERE "
        "o.company_siren = c.siren) = 1 ORDER BY c.siren",
    )
    name = "Ets Hamon IT Consulting"  # English words in a French request: names, not language
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE company SET name = :name WHERE siren = :siren"),
            {"name": name, "siren": siren},
        )
    engine.dispose()
    async with conversation(home, user="alice.martin", thread_id="bant-fr") as thread:
        card = await thread.say(f"qualifie {name} selon BANT")
        assert "Encore à confirmer" in card.answer and "Still to confirm" not in card.answer
        await thread.say("ils ont 40k€ validés par le DAF")
        said = await thread.say("c'est Sophie Martin la DG qui signe")
        assert "décideur : Sophie Martin, DG — confirmé" in said.answer

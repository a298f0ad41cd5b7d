"""The suppression list (RGPD objection): what the user types read as an email, a domain or a
SIREN; a person, a domain or a company on it is never shown, exported or imported again; the
chat understands "ne plus contacter …"; processes adding the same entry at once write it once."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from filon_processes import Store, fresh_store, run_together
from offline_fixtures import SIRENS, ask, case
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from tool_runner import Call, ok, refused, tool_runner

from agent.contacts.imports import import_contacts
from agent.contacts.optout import BadOptOut, add, entries, entry_of, remove
from agent.i18n import md
from agent.settings import Settings
from agent.tools.failures import read_refusal
from store.db import open_store
from store.demo.seed import seed_demo
from store.models import Company, Contact, Suppression, SuppressionKind

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("Jean.Dupont@ACME.fr", "email", "jean.dupont@acme.fr"),
        ("mailto:jean@acme.fr", "email", "jean@acme.fr"),
        ("acme.fr", "domain", "acme.fr"),
        ("@acme.fr", "domain", "acme.fr"),
        ("www.Acme-Group.co.uk", "domain", "acme-group.co.uk"),
        ("552 100 554", "siren", "552100554"),
        ("552 100 554 00013", "siren", "552100554"),
    ],
)
def test_what_the_user_types_is_read(typed: str, kind: str, value: str) -> None:
    assert entry_of(typed) == (SuppressionKind(kind), value)


@pytest.mark.parametrize("typed", ["", "jean@", "pas valide", "552 100 555", "@", "12"])
def test_what_is_not_an_entry_is_refused(typed: str) -> None:
    with pytest.raises(BadOptOut):
        entry_of(typed)


@pytest.fixture
def demo(sqlite_engine: Engine) -> Engine:
    seed_demo(sqlite_engine, companies=300, seed=11, reference=TODAY)
    return sqlite_engine


@pytest.fixture
def call(demo: Engine, settings: Settings) -> Call:
    return tool_runner(demo, settings, TODAY)


def _company_with_emails(engine: Engine) -> tuple[str, list[Contact]]:
    with Session(engine) as session:
        first = session.exec(
            select(Contact).where(
                col(Contact.email).is_not(None), col(Contact.opted_out).is_(False)
            )
        ).first()
        assert first is not None
        people = session.exec(
            select(Contact).where(Contact.company_siren == first.company_siren)
        ).all()
        return first.company_siren, list(people)


def test_adding_marks_the_people_covered_once(demo: Engine) -> None:
    _, people = _company_with_emails(demo)
    email = next(p.email for p in people if p.email)
    assert email is not None
    first = add(demo, email.upper(), user="alice.martin", reason="demande par mail")
    again = add(demo, email, user="bruno.petit")
    assert (first.changed, first.contacts, again.changed, again.contacts) == (True, 1, False, 0)
    (entry,) = entries(demo)
    assert (entry.kind, entry.value, entry.added_by, entry.reason) == (
        SuppressionKind.email, email, "alice.martin", "demande par mail"
    )  # fmt: skip
    domain = add(demo, email.rpartition("@")[2], user="alice.martin")
    assert domain.contacts == sum(
        1 for p in people if p.email and p.email != email and not p.opted_out
    )
    assert remove(demo, email).changed and not remove(demo, email).changed
    with Session(demo) as session:
        marked = session.exec(select(Contact).where(Contact.email == email)).one()
        assert marked.opted_out  # lifting an entry does not undo the person's objection


async def test_a_suppressed_person_or_company_is_never_shown(call: Call, demo: Engine) -> None:
    siren, people = _company_with_emails(demo)
    email = next(p.email for p in people if p.email)
    with Session(demo) as session:  # an entry added behind the tools' back: nothing marked
        session.add(Suppression(kind=SuppressionKind.email, value=email, added_by="x"))
        session.commit()

    makers = ok(await call("find_decision_makers", {"sirens": [siren]}))
    shown = [c["email"] for c in makers["companies"][0]["contacts"]]
    assert email not in shown
    card = await call("get_company", {"siren": siren})
    assert email not in str(card.content) and email not in str(card.artifact)
    ok(await call("create_lead_list", {"name": "Opt", "sirens": [siren]}))
    exported = ok(await call("export_csv", {"list_name": "Opt"}))
    assert email not in _read(exported["path"])

    add(demo, siren, user="alice.martin")
    barred = await call("find_decision_makers", {"sirens": [siren]})
    company = ok(barred)["companies"][0]
    assert company["suppressed"] is True and company["contacts"] == []
    assert "on the suppression list" in str(barred.content)


async def test_a_company_whose_people_all_objected_says_so(call: Call, demo: Engine) -> None:
    from agent.artifacts import ContactsArtifact
    from agent.llm.offline.intents.people_answers import people_answer
    from agent.llm.offline.results import ToolResult

    siren, people = _company_with_emails(demo)
    for person in people:
        with Session(demo) as session:
            row = session.get(Contact, person.id)
            assert row is not None
            row.opted_out = True
            session.add(row)
            session.commit()
    result = await call("find_decision_makers", {"sirens": [siren]})
    company = ok(result)["companies"][0]
    assert company["contacts"] == [] and company["hidden"] == len(people)
    assert "all on the suppression list" in str(result.content)
    artifact = ContactsArtifact.model_validate(ok(result))
    answer = people_answer(ToolResult("find_decision_makers", artifact, "", False), "fr")
    assert "sur la liste d'opposition" in answer and "trouve leurs e-mails" not in answer


def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8-sig")


def test_an_import_never_brings_back_a_suppressed_person(demo: Engine, tmp_path: Path) -> None:
    siren, _ = _company_with_emails(demo)
    add(demo, "acme-opt.fr", user="alice.martin")
    path = tmp_path / "back.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["SIREN", "Prénom", "Nom", "E-mail"])
        writer.writerow([siren, "Jean", "Opt", "jean@acme-opt.fr"])
        writer.writerow([siren, "Ann", "Ok", "ann@acme-ok.fr"])
    report = import_contacts(demo, path)
    assert report.inserted == 1 and [(p.line, p.code) for p in report.problems] == [
        (2, "opted_out")
    ]


async def test_the_tool_refuses_what_it_cannot_put_on_the_list(call: Call, demo: Engine) -> None:
    refused(await call("opt_out", {}), "exactly one of value, name, company or contact_id")
    refused(
        await call("opt_out", {"value": "pas valide"}),
        "not an email",
    )
    with Session(demo) as session:
        name = session.exec(select(Company.name)).first()
    assert name is not None
    refused(
        await call("opt_out", {"company": name + " Holding Inexistante"}),
        "no contact and no company is called exactly",
    )
    refused(await call("opt_out", {"contact_id": 999_999}), "no contact has the id 999999")
    done = ok(await call("opt_out", {"company": name, "reason": "RGPD"}))
    assert done["entry"] == "siren" and done["name"] == name and done["added"] is True


OBJECTIONS = [
    case("ne plus contacter jean.dupont@acme.fr", "opt_out", {"value": "jean.dupont@acme.fr"}),
    case("do not contact acme.fr again", "opt_out", {"value": "acme.fr"}),
    case("blacklist 552 100 554", "opt_out", {"value": "552 100 554"}),
    case("Verilia ne veut plus être démarchée", "opt_out", {"company": "Verilia"}),
    # a whole name: a person among the contacts first, never a company when one bears it
    case("Pierre-Yves Sanchez ne veut plus être contacté", "opt_out",
         {"name": "Pierre-Yves Sanchez"}),
    case("Jean Dupont ne veut plus qu'on le contacte", "opt_out", {"name": "Jean Dupont"}),
    case("la société Data Services Paris ne veut plus être démarchée", "opt_out",
         {"company": "Data Services Paris"}),
    case("ne plus contacter la première, elle s'y est opposée", "opt_out",
         {"value": SIRENS[0]}, previous=True),
    case("ne plus contacter jean@acme.fr car il l'a demandé au salon", "opt_out",
         {"value": "jean@acme.fr", "reason": "il l'a demandé au salon"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), OBJECTIONS)
def test_objections_in_the_chat(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    from agent.tools import TOOLS

    message = ask(text, previous=previous, tools=TOOLS)
    assert [(c["name"], c["args"]) for c in message.tool_calls] == [(tool_name, args)]


def test_no_one_named_asks_who() -> None:
    from agent.tools import TOOLS

    message = ask("ne plus contacter", tools=TOOLS)
    assert message.tool_calls == [] and "Qui ne faut-il plus contacter" in message.text


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    for fresh in fresh_store(request.param, tmp_path):
        open_store(fresh.url).dispose()
        yield fresh


def test_processes_adding_the_same_entry_at_once_write_it_once(shared: Store) -> None:
    finished = run_together(
        shared, [["optout", "add", "Acme.fr", "--user", f"rep{i}"] for i in range(4)]
    )
    assert all(f.returncode == 0 for f in finished), [f.stderr for f in finished]
    told = sorted("déjà" in f.stdout for f in finished)
    assert told == [False, True, True, True]
    engine = open_store(shared.url)
    try:
        assert [(e.kind, e.value) for e in entries(engine)] == [(SuppressionKind.domain, "acme.fr")]
    finally:
        engine.dispose()


async def test_a_name_several_companies_bear_is_never_suppressed_blindly(
    call: Call, demo: Engine
) -> None:
    from store.models import Company

    with Session(demo) as session:
        session.add(Company(siren="552100554", name="Homonyme Conseil", city="LYON"))
        session.add(Company(siren="732829320", name="Homonyme Conseil", city="NANTES"))
        session.commit()
    refused = await call("opt_out", {"company": "Homonyme Conseil"})
    assert refused.status == "error"
    assert "2 companies are called exactly 'Homonyme Conseil'" in str(refused.content)
    assert entries(demo) == []


def namesakes(engine: Engine) -> tuple[Contact, Contact, Contact]:
    """Two contacts called "Pierre-Yves Sanchez" at two companies, and one "Lucie Désiré"."""
    with Session(engine) as session:
        sirens = list(session.exec(select(Company.siren).limit(3)).all())
        people = [
            Contact(company_siren=sirens[0], first_name="Pierre-Yves", last_name="Sanchez",
                    title="DAF", email="py.sanchez@alpha.fr"),
            Contact(company_siren=sirens[1], first_name="Pierre Yves", last_name="SANCHEZ",
                    title="DSI", email="pys@beta.fr"),
            Contact(company_siren=sirens[2], first_name="Lucie", last_name="Désiré",
                    title="Gérante"),
        ]  # fmt: skip
        session.add_all(people)
        session.commit()
        for person in people:
            session.refresh(person)
        return people[0], people[1], people[2]


async def test_a_person_named_is_looked_up_among_the_contacts(call: Call, demo: Engine) -> None:
    first, second, lucie = namesakes(demo)
    asked = await call("opt_out", {"name": "Pierre-Yves Sanchez"})
    refused(asked, "2 contacts are called 'Pierre-Yves Sanchez'")
    assert f"contact_id {first.id}" in str(asked.content) and entries(demo) == []
    said = read_refusal(str(asked.content))
    assert said.key == "companies.error.several_people_named"
    assert md("offline.refusal.several_people_named", "fr", **(said.values or {})).startswith(
        "2 contacts s'appellent «\u202fPierre-Yves Sanchez\u202f» : Pierre-Yves Sanchez, DAF — "
    )
    done = ok(await call("opt_out", {"name": "desire lucie", "reason": "au téléphone"}))
    assert done["entry"] == "person" and done["name"] == "Lucie Désiré"  # no email: marked
    with Session(demo) as session:
        assert session.get_one(Contact, lucie.id).opted_out
    nobody = await call("opt_out", {"name": "Zorglub Inconnu"})
    refused(nobody, "no contact and no company is called exactly 'Zorglub Inconnu'")
    assert read_refusal(str(nobody.content)).key in (
        "companies.error.no_one_named",
        "companies.error.no_one_named_closest",
    )
    chosen = ok(await call("opt_out", {"contact_id": second.id}))
    assert chosen["value"] == "pys@beta.fr"

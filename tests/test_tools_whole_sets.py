"""Whole result sets through a ToolNode: "ajoute toutes les 74 à une liste" adds all 74 (not the
10 on screen) and says so; confirmation above 1,000 matches, refusal above 10,000; CSV exports
of a search or a list with labels, private files and hidden opted-out contacts."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tool_runner import Call, ok, refused, tool_runner

from agent.leads import matches
from agent.settings import Settings
from store.demo.seed import seed_demo
from store.models import Contact, Lead, LeadList

TODAY = date(2026, 11, 18)


@pytest.fixture
def demo(sqlite_engine: Engine) -> Engine:
    seed_demo(sqlite_engine, companies=400, seed=7, reference=TODAY)
    return sqlite_engine


@pytest.fixture
def run(demo: Engine, settings: Settings) -> Call:
    return tool_runner(demo, settings, TODAY)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    assert b"\r\n" in raw
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


async def test_adding_a_whole_search_adds_every_match(run: Call, demo: Engine) -> None:
    search = ok(await run("search_companies", {"sections": ["J"]}))
    assert search["total"] > len(search["companies"]) == 10
    query = search["query"]

    message = await run("create_lead_list", {"name": "Toutes les J", "query": query})
    created = ok(message)

    assert created["created"] is True
    assert len(created["added"]) == search["total"]
    assert f"The search matches {search['total']} companies" in str(message.content)
    assert f"Added {search['total']} companies." in str(message.content)
    with Session(demo) as session:
        lead_list = session.exec(select(LeadList).where(LeadList.name == "Toutes les J")).one()
        stored = session.exec(select(Lead.company_siren).where(Lead.list_id == lead_list.id))
        assert sorted(stored) == sorted(created["added"])

    again = ok(await run("add_to_list", {"list_name": "Toutes les J", "query": query}))
    assert again["added"] == [] and len(again["already_there"]) == search["total"]


async def test_given_sirens_and_a_query_are_not_mixed(run: Call) -> None:
    search = ok(await run("search_companies", {"sections": ["J"]}))
    both = {"sirens": [search["companies"][0]["siren"]], "query": search["query"]}
    refused(await run("create_lead_list", {"name": "X", **both}), "not both")
    refused(await run("add_to_list", {"list_name": "ESN Lyon", **both}), "not both")
    refused(await run("add_to_list", {"list_name": "ESN Lyon"}), "at least one SIREN")
    refused(
        await run("add_to_list", {"list_name": "ESN Lyon", "query": {"departments": ["999"]}}),
        "unknown department",
    )
    refused(await run("add_to_list", {"list_name": "ESN Lyon", "query": {}}), "query is empty")


async def test_many_matches_need_confirmation_and_too_many_a_narrower_search(
    run: Call, demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    search = ok(await run("search_companies", {"sections": ["J"]}))
    total, query = search["total"], search["query"]
    monkeypatch.setattr(matches, "CONFIRM_ABOVE", total - 1)

    refused(
        await run("create_lead_list", {"name": "Grosse liste", "query": query}),
        f"{total} companies match",
        "Ask the user to confirm",
        "confirm=true",
    )
    with Session(demo) as session:
        assert session.exec(select(LeadList).where(LeadList.name == "Grosse liste")).first() is None
    confirmed = ok(
        await run("create_lead_list", {"name": "Grosse liste", "query": query, "confirm": True})
    )
    assert len(confirmed["added"]) == total

    monkeypatch.setattr(matches, "MAX_MATCHES", total - 1)
    refused(
        await run("add_to_list", {"list_name": "ESN Lyon", "query": query, "confirm": True}),
        f"{total} companies match",
        f"more than {total - 1} cannot be added",
        "narrow the search",
    )


async def test_export_a_search_with_labels_in_a_private_file(run: Call, settings: Settings) -> None:
    search = ok(await run("search_companies", {"sections": ["J"]}))
    message = await run("export_csv", {"query": search["query"]})
    artifact = ok(message)

    assert (artifact["kind"], artifact["what"]) == ("export", "companies")
    assert artifact["rows"] == search["total"] and artifact["truncated"] is False
    path = Path(artifact["path"])
    assert path.parent == settings.home / "exports"
    assert artifact["file_name"] == path.name and path.name.endswith("-2026-11-18.csv")
    assert path.name.startswith("recherche")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    rows = read_csv(path)
    assert rows[0][:4] == ["SIREN", "Entreprise", "Sigle", "Commune"]
    assert "Effectif" in rows[0] and "Date de création" in rows[0]
    assert len(rows) == search["total"] + 1
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    shown = search["companies"][0]
    assert first["SIREN"] == shown["siren"]
    assert first["Commune"] == (shown["city_label"] or shown["city"])
    assert first["Effectif"] == (shown["headcount_label"] or "")
    assert first["En activité"] in ("Oui", "Non")
    if shown["created_on"]:
        year, month, day = shown["created_on"].split("-")
        assert first["Date de création"] == f"{day}/{month}/{year}"
    assert f"Wrote {search['total']} companies" in str(message.content)

    # a second export of the same search the same day gets a file of its own
    again = ok(await run("export_csv", {"query": search["query"]}))
    assert again["path"] != artifact["path"] and again["file_name"].endswith("-2.csv")


async def test_export_a_list_with_contacts_and_labels(run: Call, demo: Engine) -> None:
    with Session(demo) as session:
        lead_list = session.exec(select(LeadList).where(LeadList.name == "ESN Lyon")).one()
        leads = session.exec(select(Lead).where(Lead.list_id == lead_list.id)).all()
        target = leads[0]
        # The lead's own contact has opted out: the row shows another reachable contact; and a
        # company whose every contact opted out shows a name, never an email or a phone.
        for contact in session.exec(
            select(Contact).where(Contact.company_siren == target.company_siren)
        ):
            contact.opted_out = True
            contact.email = '=HYPERLINK("http://evil")@x.fr'
            contact.phone = "+33612345678"
            session.add(contact)
        target.stage = "won"  # type: ignore[assignment]
        session.add(target)
        session.commit()
        siren = target.company_siren
        size = len(leads)

    message = await run("export_csv", {"list_name": "esn lyon"})
    artifact = ok(message)

    assert (artifact["what"], artifact["rows"]) == ("leads", size)
    path = Path(artifact["path"])
    assert path.name == "liste-esn-lyon-2026-11-18.csv"
    assert mode(path) == 0o600
    rows = read_csv(path)
    header = rows[0]
    assert header[:3] == ["SIREN", "Entreprise", "Commune"]
    assert {"Étape", "Responsable", "E-mail", "Statut de l'e-mail", "Source de l'e-mail",
            "E-mail obtenu le", "Téléphone", "Opposé à la prospection"} <= set(header)  # fmt: skip
    by_siren = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    hidden = by_siren[siren]
    assert hidden["Étape"] == "Gagné"
    assert hidden["Opposé à la prospection"] == "Oui"
    assert hidden["E-mail"] == hidden["Téléphone"] == hidden["Statut de l'e-mail"] == ""
    assert not any("evil" in cell for row in rows for cell in row)
    reachable = [row for row in by_siren.values() if row["E-mail"]]
    assert reachable, "the demo's contacts have emails"
    assert all(row["Statut de l'e-mail"] in {"vérifié", "domaine acceptant tout (catch-all)",
               "deviné", "non vérifié", "invalide"} for row in reachable)  # fmt: skip
    assert all(row["Source de l'e-mail"] == "demo" for row in reachable)
    assert all(len(row["E-mail obtenu le"].split("/")) == 3 for row in reachable)
    assert all(row["Responsable"] in {"Alice Martin", "Bruno Petit", "Chloe Bernard",
               "David Roux"} for row in by_siren.values())  # fmt: skip
    phones = [row["Téléphone"] for row in by_siren.values() if row["Téléphone"]]
    assert all(not phone.startswith("+33") for phone in phones)


async def test_export_mine_or_one_stage_in_english(run: Call) -> None:
    english = [HumanMessage("export my new leads to a CSV file")]
    message = await run("export_csv", {"mine": True, "stage": "new"}, before=english)
    artifact = ok(message)
    path = Path(artifact["path"])
    assert path.name == "leads-2026-11-18.csv"
    rows = read_csv(path)
    header = rows[0]
    assert header[:3] == ["SIREN", "Company", "Town"] and "Opted out" in header
    stage, owner = header.index("Stage"), header.index("Owner login")
    assert artifact["rows"] == len(rows) - 1 > 0
    assert {row[stage] for row in rows[1:]} == {"New"}
    assert {row[owner] for row in rows[1:]} == {"alice.martin"}


async def test_export_refusals(run: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    refused(await run("export_csv", {}), "say what to export")
    refused(
        await run("export_csv", {"query": {"sections": ["J"]}, "list_name": "ESN Lyon"}),
        "not both",
    )
    refused(await run("export_csv", {"list_name": "Nope"}), "no lead list is named 'Nope'")
    refused(await run("export_csv", {"list_name": "ESN Lyon", "stage": "hot"}))

    from agent.exports import service

    monkeypatch.setattr(service, "MAX_COMPANIES", 3)
    capped = await run("export_csv", {"query": {"sections": ["J"]}})
    artifact = ok(capped)
    assert (artifact["rows"], artifact["truncated"], artifact["limit"]) == (3, True, 3)
    assert "Only the first 3 were exported" in str(capped.content)

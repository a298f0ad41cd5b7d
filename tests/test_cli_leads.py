"""`filon lists`, `filon leads` and `filon export` on the demo data: tables and JSON, the
changes they make, and one-line errors in the user's language."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.settings import Settings
from store.db import open_store
from store.demo.seed import seed_demo
from store.users import display_name

FILON = [sys.executable, "-c", "from agent.cli import main; main()"]


@pytest.fixture
def demo(settings: Settings) -> Settings:
    store = Settings()  # what the commands read: FILON_HOME from the test's environment
    store.ensure_home()
    engine = open_store(store.database_url)
    seed_demo(engine, companies=400, seed=7)
    engine.dispose()
    return store


def filon(*args: str, language: str = "fr") -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": language, "COLUMNS": "200"})


def one_line_error(result: Any, *says: str) -> str:
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("filon: "), result.stderr
    for words in says:
        assert words in result.stderr, result.stderr
    return str(result.stderr)


def document(*args: str) -> dict[str, Any]:
    result = filon(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_lists_table_json_and_mine(demo: Settings) -> None:
    table = filon("lists")
    assert table.exit_code == 0, table.output
    assert "5 listes de leads" in table.stdout
    assert "ESN Lyon" in table.stdout and "Alice Martin" in table.stdout
    assert "Gagné" in table.stdout and "Dernière activité" in table.stdout

    every = document("lists")
    assert len(every["lists"]) == 5
    mine = document("lists", "--mine", "--user", "Chloe.Bernard")
    assert mine["owner"] == "chloe.bernard"
    assert {item["list"]["name"] for item in mine["lists"]} == {
        "SaaS Île-de-France",
        "Relance webinar",
    }
    assert document("lists", "--owner", "bruno.petit")["lists"][0]["leads"] > 0
    one_line_error(filon("lists", "--mine", "--owner", "x.y"), "--mine et --owner")
    one_line_error(filon("lists", "--user", "Alice Martin!"), "alice.martin")


def test_rename_delete_and_assign(demo: Settings) -> None:
    renamed = filon("lists", "rename", "esn lyon", "ESN Rhône", "--user", "alice.martin")
    assert renamed.exit_code == 0, renamed.output
    assert renamed.stdout.startswith("Liste «\u202fESN Lyon\u202f» renommée en «\u202fESN Rhône")
    one_line_error(
        filon("lists", "rename", "BTP Bretagne", "X", "--user", "alice.martin"),
        "appartient à david.roux",
        "--role manager",
    )
    one_line_error(
        filon("lists", "rename", "SaaS Île-de-France", "Relance webinar", "--user",
              "chloe.bernard"),
        "chloe.bernard a déjà une liste nommée «\u202fRelance webinar\u202f»",
    )  # fmt: skip

    held = [lead["owner"] for lead in document("leads", "--list", "ESN Rhône", "--limit", "100")[
        "leads"
    ]]  # fmt: skip
    leads = len(held)
    refused = one_line_error(
        filon("lists", "delete", "ESN Rhône", "--user", "alice.martin"), "--yes"
    )
    assert f"supprime aussi son contenu ({leads} leads)" in refused
    assigned = filon("lists", "assign", "ESN Rhône", "--to", "bruno.petit", "--user",
                     "alice.martin")  # fmt: skip
    assert assigned.exit_code == 0, assigned.output
    assert "attribuée à Bruno Petit (bruno.petit)" in assigned.stdout
    mine = held.count("alice.martin")  # only Alice's leads go; teammates' stay theirs
    assert f"{mine} leads lui sont désormais attribués" in assigned.stdout
    others = leads - mine - held.count("bruno.petit")
    assert (
        others == 1
        and "1 lead de la liste reste à son responsable (David Roux 1) ; "
        "--all-leads le donne aussi."
        in assigned.stdout
    )
    everything = filon("lists", "assign", "ESN Rhône", "--to", "chloe.bernard", "--all-leads",
                       "--user", "bruno.petit")  # fmt: skip
    assert everything.exit_code == 0, everything.output
    assert f"{leads} leads lui sont désormais attribués" in everything.stdout
    assert "restent à leurs responsables" not in everything.stdout
    assert "Dont des leads d'autres commerciaux : David Roux 1" in everything.stdout
    one_line_error(
        filon("lists", "assign", "ESN Rhône", "--to", "bruno.petit!", "--user", "bruno.petit"),
        "n'est pas un identifiant",
    )
    one_line_error(
        filon("lists", "assign", "ESN Rhône", "--to", "Zorglub", "--user", "bruno.petit"),
        "Zorglub",
    )
    deleted = filon("lists", "delete", "ESN Rhône", "--yes", "--user", "lea", "--role", "manager")
    assert deleted.exit_code == 0, deleted.output
    assert f"supprimée ({leads} leads supprimés avec elle)" in deleted.stdout
    one_line_error(
        filon("lists", "delete", "ESN Rhône", "--yes", "--user", "bruno.petit"),
        "aucune liste de leads ne s'appelle «\u202fESN Rhône\u202f»",
    )
    english = filon("lists", "delete", "BTP Bretagne", "--user", "david.roux", language="en")
    one_line_error(english, "add --yes to confirm")


def test_leads_filters_pages_and_errors(demo: Settings) -> None:
    table = filon("leads", "--list", "ESN Lyon")
    assert table.exit_code == 0, table.output
    assert "Dernier contact" in table.stdout and "Alice Martin" in table.stdout

    mine = document("leads", "--mine", "--user", "bruno.petit", "--limit", "200")
    assert mine["total"] > 0 and {lead["owner"] for lead in mine["leads"]} == {"bruno.petit"}
    cold = document("leads", "--not-contacted", "30", "--limit", "200")
    assert cold["not_contacted_days"] == 30
    assert 0 < cold["total"] < document("leads", "--limit", "1")["total"]
    first = document("leads", "--limit", "2")
    second = document("leads", "--limit", "2", "--offset", "2")
    assert second["offset"] == 2
    assert {lead["id"] for lead in first["leads"]}.isdisjoint(
        lead["id"] for lead in second["leads"]
    )
    paged = filon("leads", "--limit", "2")
    assert "suite : --offset 2" in paged.stdout

    closed = document("leads", "--stage", "lost,disqualified", "--limit", "200")
    assert closed["stages"] == ["lost", "disqualified"]
    assert closed["total"] == sum(closed["by_stage"].values()) == len(closed["leads"])
    assert {lead["stage"] for lead in closed["leads"]} == {"lost", "disqualified"}
    both = filon("leads", "--stage", "lost,disqualified")
    lost, disqualified = closed["by_stage"]["lost"], closed["by_stage"]["disqualified"]
    assert f"Perdu {lost}, Disqualifié {disqualified}" in both.stdout
    one_line_error(filon("leads", "--stage", "lost,chaud"), "étape inconnue", "won")
    hottest = document("leads", "--sort", "intent", "--limit", "5")
    heat = [lead["intent"] or 0 for lead in hottest["leads"]]
    assert hottest["sort"] == "intent" and heat == sorted(heat, reverse=True)
    assert "Intention" in filon("leads", "--sort", "intent").stdout
    one_line_error(filon("leads", "--stage", "chaud"), "étape inconnue", "won")
    one_line_error(filon("leads", "--list", "Nope"), "aucune liste de leads")
    one_line_error(filon("leads", "--not-contacted", "-3"))


def test_leads_stage(demo: Settings) -> None:
    lead = document("leads", "--list", "ESN Lyon", "--stage", "new")["leads"][0]
    siren = lead["siren"]
    one_line_error(
        filon("leads", "stage", siren, "--to", "lost", "--user", "alice.martin"),
        "demande une raison",
        "--reason",
    )
    moved = filon("leads", "stage", siren, "--to", "lost", "--reason", "Budget gelé",
                  "--user", "alice.martin")  # fmt: skip
    assert moved.exit_code == 0, moved.output
    assert f"({siren}), liste «\u202fESN Lyon\u202f» : Nouveau → Perdu." in moved.stdout
    one_line_error(
        filon("leads", "stage", siren, "--to", "lost", "--reason", "x", "--user", "alice.martin"),
        "déjà à l'étape Perdu",
    )
    teammate = "bruno.petit" if lead["owner"] != "bruno.petit" else "chloe.bernard"
    one_line_error(
        filon("leads", "stage", siren, "--to", "mql", "--user", teammate),
        f"appartient à {lead['owner']}",
        "--role manager",
    )
    managed = filon("leads", "stage", siren, "--to", "mql", "--user", "lea", "--role", "manager")
    assert managed.exit_code == 0, managed.output
    one_line_error(filon("leads", "stage", siren, "--to", "chaud"), "étape inconnue")
    one_line_error(filon("leads", "stage", "123", "--to", "sql"), "n'est pas un SIREN valide")
    one_line_error(filon("leads", "stage", siren), "--to")


def rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_export_list_and_search(demo: Settings, tmp_path: Path) -> None:
    size = document("leads", "--list", "ESN Lyon")["total"]
    target = tmp_path / "esn.csv"
    done = filon("export", "list", "ESN Lyon", "-o", str(target), "--user", "alice.martin")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"{size} leads exportés dans ") and str(target) in done.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(rows(target)) == size + 1 and rows(target)[0][1] == "Entreprise"

    artifact = document("export", "list", "ESN Lyon", "--stage", "new")
    saved = Path(artifact["path"])
    assert saved.parent == demo.home / "exports" and saved.name.startswith("liste-esn-lyon-")
    assert artifact["what"] == "leads" and artifact["rows"] == len(rows(saved)) - 1

    found = document("export", "search", "ESN à Lyon")
    assert found["what"] == "companies" and found["rows"] > 0
    assert Path(found["path"]).name.startswith("recherche-esn-a-lyon-")
    english = filon("export", "search", "IT firms in Lyon", "--json", language="en")
    path = Path(json.loads(english.stdout)["path"])
    assert path.name.startswith("search-it-firms-in-lyon-")
    assert rows(path)[0][:3] == ["SIREN", "Company", "Acronym"]

    one_line_error(filon("export", "list", "Nope"), "aucune liste de leads")
    one_line_error(filon("export", "search", "  "), "recherche vide")
    one_line_error(
        filon("export", "list", "ESN Lyon", "-o", str(tmp_path / "no" / "x.csv")),
        "impossible d'écrire",
    )


def test_export_one_reps_leads_of_a_list(demo: Settings) -> None:
    every = document("leads", "--list", "ESN Lyon", "--limit", "200")["leads"]
    owners = Counter(lead["owner"] for lead in every)
    assert len(owners) > 1, owners  # a list worked by several reps
    login, theirs = owners.most_common()[-1]
    artifact = document("export", "list", "ESN Lyon", "--owner", login.split(".")[0].title())
    assert artifact["rows"] == theirs
    exported = rows(Path(artifact["path"]))[1:]
    assert len(exported) == theirs and all(display_name(login) in row for row in exported)

    one_line_error(filon("export", "list", "ESN Lyon", "--owner", "Zorro"), "Zorro")
    one_line_error(
        filon("export", "list", "ESN Lyon", "--mine", "--owner", "bruno.petit"), "--mine"
    )


def test_the_commands_are_registered_on_the_console_script(demo: Settings) -> None:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(("LANG", "LC_"))
    }
    environment["FILON_LANGUAGE"] = "en"
    done = subprocess.run(
        [*FILON, "lists", "--json"], capture_output=True, text=True, env=environment, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["lists"]) == 5
    refused = subprocess.run(
        [*FILON, "lists", "delete", "ESN Lyon", "--user", "alice.martin"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "add --yes to confirm" in refused.stderr


def test_leads_qualify_and_show_with_bant(demo: Settings) -> None:
    lead = document("leads", "--list", "ESN Lyon", "--stage", "new")["leads"][0]
    siren, owner = lead["siren"], lead["owner"]
    one_line_error(
        filon("leads", "stage", siren, "--to", "sql", "--user", owner),
        "ne peut pas encore passer en SQL", "budget, décideur, besoin, échéance", "--reason",
    )  # fmt: skip
    card = filon("leads", "qualify", siren, "budget 40 k€ validé par le DAF", "--user", owner)
    assert card.exit_code == 0, card.output
    assert "40\u202f000 € (validé par DAF)" in card.stdout and "confirmé" in card.stdout
    assert "Qui décide et signe" in card.stdout
    document_ = document("leads", "qualify", siren, "le DG signe", "--asked", "authority",
                         "--user", owner)  # fmt: skip
    assert document_["recorded"] == ["authority"] and document_["asking"] == "need"
    filon("leads", "qualify", siren, "ils veulent remplacer leur CRM", "--user", owner)
    proposal = filon("leads", "qualify", siren, "décision au T2", "--user", owner)
    assert f"filon leads qualify {siren} --yes" in proposal.stdout
    promoted = document("leads", "qualify", siren, "--yes", "--user", owner)
    assert promoted["promoted_to"] == "sql" and promoted["history"][-1]["to_stage"] == "sql"

    shown = document("leads", "show", "ESN Lyon", "--stage", "sql")
    ours = next(item for item in shown["leads"] if item["siren"] == siren)
    assert {name: item["status"] for name, item in ours["bant"].items()} == dict.fromkeys(
        ("budget", "authority", "need", "timing"), "confirmed"
    )
    assert ours["bant"]["budget"]["value"] == {"amount": "40000", "currency": "EUR",
                                               "approved_by": "DAF"}  # fmt: skip
    assert ours["bant"]["budget"]["source"] == "cli" and ours["bant"]["budget"]["said_by"] == owner
    table = filon("leads", "show", "ESN Lyon")
    assert table.exit_code == 0 and "B✓ A✓ N✓ T✓" in table.stdout and "Adéquation" in table.stdout
    one_line_error(filon("leads", "show", "Nulle part"), "Nulle part")
    one_line_error(filon("leads", "qualify", siren, "x", "--asked", "prix"), "critère inconnu")
    one_line_error(filon("leads", "qualify", siren, "--yes", "--no"), "--yes et --no")

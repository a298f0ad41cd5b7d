"""`add_ai_column` and `run_ai_columns` as the graph runs them, offline: built-in columns added
by name (or all four) and filled on rules, the cells shown; a custom prompt refused plainly
(no language model), with the catalogue line; an unknown list or column comes back as a
message the model can act on."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from tool_runner import Call, ok, refused, tool_runner

from agent.columns.define import add_column
from agent.settings import Settings
from agent.tools.failures import read_refusal
from store.demo.seed import seed_demo
from store.repositories.ai_columns import write_cells

TODAY = date(2026, 11, 18)


@pytest.fixture
def call(sqlite_engine: Engine, settings: Settings) -> Call:
    seed_demo(sqlite_engine, companies=400, seed=7, reference=TODAY)
    return tool_runner(sqlite_engine, settings, TODAY)


async def test_a_builtin_by_name_then_a_run_fills_its_cells(call: Call) -> None:
    added = ok(await call("add_ai_column", {"list_name": "esn lyon", "name": "maturite d'achat"}))
    assert added["action"] == "added" and added["list_name"] == "ESN Lyon"
    assert added["created"] == ["Maturité d'achat"]  # no human message: French names
    assert [c["builtin"] for c in added["columns"]] == ["buying_maturity"]
    assert all(row["cells"] == {} for row in added["rows"])

    again = ok(await call("add_ai_column", {"list_name": "ESN Lyon", "name": "Buying maturity"}))
    assert again["created"] == [] and again["existing"] == ["Maturité d'achat"]

    message = await call("run_ai_columns", {"list_name": "ESN Lyon"})
    run = ok(message)
    summary = run["run"]
    assert summary["model"] == "rules" and summary["cost"] == 0
    assert summary["cells"] == run["total"] == summary["filled"] > 0
    cells = [row["cells"]["Maturité d'achat"] for row in run["rows"]]
    assert {cell["status"] for cell in cells} <= {"filled", "no_info"}
    assert "Run (rules)" in str(message.content)

    shown = ok(await call("run_ai_columns", {"list_name": "ESN Lyon", "show_only": True}))
    assert shown["action"] == "shown" and shown["run"] is None
    assert shown["rows"] == run["rows"]
    rerun = ok(await call("run_ai_columns", {"list_name": "ESN Lyon"}))
    assert rerun["run"]["cached"] == summary["cells"] and rerun["run"]["filled"] == 0


async def test_all_builtins_at_once(call: Call) -> None:
    added = ok(await call("add_ai_column", {"list_name": "ESN Lyon", "builtins": True}))
    assert len(added["created"]) == 4 == len(added["columns"])


async def test_leads_filtered_on_a_cell(call: Call) -> None:
    """ "leads où 'Décideur identifié' = oui": the stored cells only, nothing run."""
    ok(await call("add_ai_column", {"list_name": "ESN Lyon", "name": "Décideur identifié"}))
    run = ok(await call("run_ai_columns", {"list_name": "ESN Lyon"}))
    yes = [r for r in run["rows"] if r["cells"]["Décideur identifié"].get("value") is True]
    args = {"list_name": "ESN Lyon", "column": "Décideur identifié", "where_value": "oui"}
    shown = ok(await call("run_ai_columns", args))
    assert shown["action"] == "shown" and shown["run"] is None
    assert shown["rows"] and all(
        row["cells"]["Décideur identifié"]["value"] is True for row in shown["rows"]
    )
    assert {row["siren"] for row in yes} <= {row["siren"] for row in shown["rows"]}
    refused(await call("run_ai_columns", {**args, "column": "Inconnue"}), "Inconnue")


async def test_a_custom_prompt_is_refused_offline(call: Call) -> None:
    args = {"list_name": "ESN Lyon", "name": "Utilise Salesforce", "prompt": "utilise Salesforce ?",
            "type": "boolean"}  # fmt: skip
    text = refused(await call("add_ai_column", args), "offline", "is not added")
    assert read_refusal(text).key == "columns.error.offline_add"
    listed = ok(await call("run_ai_columns", {"list_name": "ESN Lyon", "show_only": True}))
    assert listed["columns"] == []


async def test_mistakes_come_back_as_messages(call: Call) -> None:
    refused(await call("add_ai_column", {"list_name": "Nope", "name": "Buying maturity"}), "Nope")
    refused(await call("add_ai_column", {"list_name": "ESN Lyon", "name": "maturité"}),
            "not a built-in column")  # fmt: skip
    ok(await call("add_ai_column", {"list_name": "ESN Lyon", "builtins": True}))
    text = refused(await call("run_ai_columns", {"list_name": "ESN Lyon", "column": "Budget"}))
    assert read_refusal(text).key == "columns.error.unknown_column"


async def test_the_list_export_has_one_column_per_ai_column_guarded(
    call: Call, sqlite_engine: Engine
) -> None:
    ok(await call("add_ai_column", {"list_name": "ESN Lyon", "name": "Décideur identifié"}))
    run = ok(await call("run_ai_columns", {"list_name": "ESN Lyon"}))
    # A custom column (added without the tool: offline, the tool refuses it) whose name and
    # one cell would be formulas in a spreadsheet.
    hostile = add_column(sqlite_engine, list_name="ESN Lyon", name="=HYPERLINK(1)",
                         prompt="$company_name ?", kind="text", user="alice.martin")  # fmt: skip
    first = run["rows"][0]
    with sqlite_engine.begin() as connection:
        lead_id = connection.execute(
            text("SELECT lead.id FROM lead JOIN leadlist ON leadlist.id = lead.list_id "
                 "WHERE leadlist.name = 'ESN Lyon' AND lead.company_siren = :siren"),
            {"siren": first["siren"]},
        ).scalar_one()  # fmt: skip
        write_cells(connection, [{
            "column_id": hostile.column.id, "lead_id": lead_id, "status": "filled",
            "value": "@SUM(A1)", "rationale": None, "confidence": None, "facts": {},
            "model": "test", "tokens_in": 0, "tokens_out": 0, "cost": 0.0, "input_hash": "x",
            "error": None, "filled_at": datetime(2026, 11, 18, tzinfo=UTC),
        }])  # fmt: skip

    exported = ok(await call("export_csv", {"list_name": "ESN Lyon"}))
    rows = read_csv(Path(exported["path"]))
    header = rows[0]
    assert header[-2:] == ["Décideur identifié", "'=HYPERLINK(1)"]
    by_siren = {row[0]: row for row in rows[1:]}
    assert len(by_siren) == run["total"]
    cell = first["cells"]["Décideur identifié"]
    expected = {True: "oui", False: "non", None: "—"}[cell["value"]]
    assert by_siren[first["siren"]][-2:] == [expected, "'@SUM(A1)"]
    others = [row for siren, row in by_siren.items() if siren != first["siren"]]
    assert all(row[-2] in {"oui", "non", "—"} and row[-1] == "" for row in others)


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw), delimiter=";"))

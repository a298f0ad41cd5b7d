"""`filon import sirene`: the --json document, the readable summary and one-line user errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from agent.cli import app

DATA = Path(__file__).parent / "data" / "sirene"
UNITS = str(DATA / "StockUniteLegale_utf8.csv")
ESTABLISHMENTS = str(DATA / "StockEtablissement_utf8.csv")


def run(*args: str):  # type: ignore[no-untyped-def]
    """`filon import sirene ARGS`, spoken in English."""
    return CliRunner().invoke(app, ["import", "sirene", *args], env={"FILON_LANGUAGE": "en"})


def test_json_document() -> None:
    result = run(ESTABLISHMENTS, UNITS, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {
        "read", "imported", "updated", "unchanged", "skipped", "bad_rows", "seconds",
        "rows_per_second",
    }  # fmt: skip
    assert (document["read"], document["imported"], document["updated"]) == (17, 5, 3)
    assert document["skipped"]["closed"] == 1
    assert document["bad_rows"][0] == {
        "file": "StockUniteLegale_utf8.csv", "line": 6, "reason": "bad_siren",
    }  # fmt: skip

    again = json.loads(run(UNITS, ESTABLISHMENTS, "--json", "--batch-size", "2").stdout)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 8)


def test_include_closed_and_summary() -> None:
    result = run(UNITS, "--include-closed")
    assert result.exit_code == 0, result.output
    assert "imported 6" in result.stdout
    assert "StockUniteLegale_utf8.csv:7: bad_date" in result.stdout


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "absent.csv"), "--json")
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


def test_not_a_sirene_file_is_one_line_error_and_writes_nothing(tmp_path: Path) -> None:
    other = tmp_path / "clients.csv"
    other.write_text("nom,ville\nACME,LYON\n")
    result = run(UNITS, str(other))
    assert result.exit_code != 0
    assert result.stderr.count("\n") == 1 and "not a SIRENE stock file" in result.stderr
    assert (
        json.loads(run(UNITS, "--json").stdout)["imported"] == 5
    )  # nothing was written by the failed run

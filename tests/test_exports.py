"""The export files themselves: the CSV format (BOM, `;`, CRLF, formula guard on every cell),
values as labels, private files with readable names that never overwrite one another."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from agent.exports import labels
from agent.exports.csv_format import rows_to_csv, safe_cell, write_csv
from agent.exports.files import chosen_file, new_export_file, slug
from store.models import CompanyPublic, LeadStage


def test_every_cell_is_data_never_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.touch()
    hostile = ['=HYPERLINK("http://evil")', "+33 1 23", "-2+3", "@SUM(A1)", "\tx", "\rx", "ok"]
    written = write_csv(path, ["=title", "Nom; avec point-virgule"], [hostile, [None, 12]])

    assert written == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["'=title", "Nom; avec point-virgule"]
    assert rows[1] == ["'" + value for value in hostile[:-1]] + ["ok"]
    assert rows[2] == ["", "12"]
    assert safe_cell(None) == "" and safe_cell(-1) == "'-1" and safe_cell("a=b") == "a=b"


def test_the_ui_export_still_writes_its_rows() -> None:
    data = rows_to_csv([CompanyPublic(siren="552100554", name="=ACME", city_label="Lyon 3e")])
    assert data.startswith("\ufeffSIREN;Nom;Ville".encode())
    assert b"552100554;'=ACME;Lyon 3e" in data


def test_values_as_labels() -> None:
    assert labels.stage(LeadStage.won, "fr") == "Gagné" and labels.stage("lost", "en") == "Lost"
    assert labels.email_status("catch_all", "fr") == "domaine acceptant tout (catch-all)"
    assert labels.headcount("21", "fr") == "50 à 99 salariés"
    assert labels.headcount("21", "en") == "50 to 99 employees"
    assert labels.headcount("NN", "en") == "No employees" and labels.headcount(None, "fr") == ""
    assert labels.day(date(2026, 3, 5)) == "05/03/2026"
    assert labels.day(datetime(2026, 3, 5, 23, tzinfo=UTC)) == "05/03/2026"
    assert labels.day("2025-08-18T09:00:00+00:00") == "18/08/2025"
    assert labels.day("not a date") == "" and labels.day(None) == ""
    assert labels.yes_no(True, "fr") == "Oui" and labels.yes_no(False, "en") == "No"
    assert labels.phone("+33612345678") == "06 12 34 56 78"
    assert labels.phone("+262692123456") == "+262692123456"


def test_export_files_are_private_named_and_never_overwritten(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = new_export_file(
        home, kind="list", subject="ESN Lyon / Rhône", today=date(2026, 11, 18), language="fr"
    )
    second = new_export_file(
        home, kind="list", subject="ESN Lyon / Rhône", today=date(2026, 11, 18), language="fr"
    )
    english = new_export_file(home, kind="search", subject=None, today=date(2026, 11, 18),
                              language="en")  # fmt: skip

    assert first.name == "liste-esn-lyon-rhone-2026-11-18.csv"
    assert second.name == "liste-esn-lyon-rhone-2026-11-18-2.csv"
    assert english.name == "search-2026-11-18.csv"
    for path in (first, second, english):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "exports").stat().st_mode) == 0o700
    assert slug("  Été 2026 : « cibles » !! ") == "ete-2026-cibles"


def test_a_chosen_file_is_made_private_before_it_is_written(tmp_path: Path) -> None:
    existing = tmp_path / "mine.csv"
    existing.write_text("old")
    os.chmod(existing, 0o644)
    assert chosen_file(existing) == existing
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600
    with pytest.raises(FileNotFoundError):
        chosen_file(tmp_path / "missing-folder" / "x.csv")

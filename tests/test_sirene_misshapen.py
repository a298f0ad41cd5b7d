"""Misshapen files are named for what they are, in one line of the user's language saying what
to do: another separator, no SIRENE column, empty, a web page, a workbook, not CSV at all."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from sirene_samples import ESTABLISHMENTS, write_damaged_units, write_units
from typer.testing import CliRunner

from agent.cli import app
from store.sirene import SireneFileError, open_source


def run(*args: str, language: str = "en"):  # type: ignore[no-untyped-def]
    """`filon import sirene ARGS` for a user speaking `language` (its stderr with plain spaces
    where French quotes hold narrow no-break spaces)."""
    result = CliRunner().invoke(app, ["import", "sirene", *args], env={"FILON_LANGUAGE": language})
    return _Plain(result)


class _Plain:
    def __init__(self, result: Any) -> None:
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr.replace("\u202f", " ")


def _semicolons(tmp_path: Path) -> Path:
    return write_units(tmp_path / "StockUniteLegale.csv", ["ACME"], delimiter=";")


def _excel_export(tmp_path: Path) -> Path:
    """What a French spreadsheet saves: semicolons, and Windows-1252."""
    return write_units(
        tmp_path / "StockUniteLegale.csv", ["SOCIÉTÉ"], delimiter=";", encoding="cp1252"
    )


def _tabs(tmp_path: Path) -> Path:
    return write_units(tmp_path / "StockUniteLegale.tsv", ["ACME"], delimiter="\t")


def _bytes(content: bytes):  # type: ignore[no-untyped-def]
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "StockUniteLegale_utf8.csv"
        path.write_bytes(content)
        return path

    return make


def _workbook(tmp_path: Path) -> Path:
    path = tmp_path / "StockUniteLegale.xlsx"
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    return path


CASES = [
    (_semicolons, "wrong_separator", "separates its columns with “;” instead of commas",
     "sépare ses colonnes par « ; » au lieu de virgules"),
    (_excel_export, "wrong_separator", "separates its columns with “;” instead of commas",
     "sépare ses colonnes par « ; » au lieu de virgules"),
    (_tabs, "wrong_separator", "separates its columns with tabs instead of commas",
     "sépare ses colonnes par des tabulations"),
    (_bytes(b"nom,ville\nACME,LYON\n"), "not_sirene",
     "not a SIRENE stock file (no SIRENE column in its header: nom, ville)",
     "n'est pas un fichier de stock SIRENE"),
    (_bytes(b"siren,nom\n552100554,ACME\n"), "missing_columns",
     "lacks the SIRENE columns siret, etablissementSiege", "n'a pas les colonnes SIRENE siret"),
    (_bytes(b""), "empty", "is empty (0 bytes)", "est vide (0 octet)"),
    (_bytes(b"\n\n  \n"), "no_header", "has no header line", "n'a pas de ligne d'en-tête"),
    (_bytes(b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"), "web_page",
     "is a web page (HTML or XML), not a CSV", "est une page web"),
    (_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00"), "binary", "is a binary file",
     "est un fichier binaire"),
    (_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00"), "gzip", "is gzip-compressed",
     "est compressé en gzip"),
    (_workbook, "spreadsheet", "is an Excel workbook, not a CSV", "est un classeur Excel"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "code", "english", "french"), CASES)
def test_a_misshapen_file_is_named_in_one_line(  # type: ignore[no-untyped-def]
    tmp_path: Path, make, code: str, english: str, french: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(SireneFileError) as refused:
        open_source(path)
    assert refused.value.code == code

    for language, expected in (("en", english), ("fr", french)):
        result = run(str(path), "--json", language=language)
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
        assert str(path) in result.stderr and "Traceback" not in result.stderr


def test_a_latin1_file_is_refused_in_the_users_language(tmp_path: Path) -> None:
    path = write_units(tmp_path / "units.csv", [*(["ALPHA"] * 800), "SOCIÉTÉ"], encoding="cp1252")
    french = run(str(path), language="fr")
    assert french.exit_code == 1 and french.stdout == ""
    assert french.stderr.count("\n") == 1
    assert "n'est pas en UTF-8 mais semble en Latin-1/Windows-1252 (ligne 802)" in french.stderr
    assert f"« iconv -f WINDOWS-1252 -t UTF-8 {path} > " in french.stderr
    english = run(str(path), language="en")
    assert "is not UTF-8 but looks like Latin-1/Windows-1252 (line 802)" in english.stderr


def test_damaged_rows_are_listed_like_other_bad_rows(tmp_path: Path) -> None:
    path = write_damaged_units(tmp_path / "StockUniteLegale_utf8.csv", 2)
    result = run(str(path), str(ESTABLISHMENTS))
    assert result.exit_code == 0, result.output
    assert "StockUniteLegale_utf8.csv:303: bad_encoding" in result.stdout
    assert "StockUniteLegale_utf8.csv:304: bad_encoding" in result.stdout


def test_every_refusal_code_has_a_message_in_both_languages() -> None:
    from typing import get_args

    from agent.i18n import catalogue_keys
    from store.failures import StoreProblem
    from store.sirene import FileProblem

    keys = set(catalogue_keys())
    codes = [f"sirene.file.{code}" for code in get_args(FileProblem)]
    codes += [f"cli.store.{code}" for code in get_args(StoreProblem) if code != "connection_lost"]
    codes.append("sirene.store.connection_lost")
    assert [code for code in codes if code not in keys] == []

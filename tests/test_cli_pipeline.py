"""`filon pipeline` and `filon digest` on a hand-made store: one JSON document holding every
section, tables per section (by rep with `--by rep`), a rep's own pipeline only, and mistakes
told in one line; the digest written privately for cron, its path printed in one line."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from dashboard_store import ALICE, SOPHIE, seed_dashboard
from typer.testing import CliRunner

from agent.cli import app
from agent.settings import Settings
from agent.users import add_user
from store.db import open_store

HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.fixture
def store(settings: Settings) -> Settings:
    current = Settings()  # what the commands read: FILON_HOME from the test's environment
    current.ensure_home()
    engine = open_store(current.database_url)
    seed_dashboard(engine, name="<script>alert('{n}')</script> & Cie")
    add_user(engine, login=SOPHIE, by=SOPHIE, role="manager", display_name="Sophie Leclerc")
    add_user(engine, login=ALICE, by=SOPHIE, role="rep", display_name=HOSTILE)
    engine.dispose()
    return current


def filon(*args: str, language: str = "fr") -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": language})


def test_json_is_one_document_with_every_section(store: Settings) -> None:
    since = ("--since", "2026-11-01")  # the store's activity, whatever the day today
    result = filon("pipeline", "--json", "--weeks", "3", *since, "--user", SOPHIE)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["kind"] == "dashboard" and document["user"] == SOPHIE
    assert set(document) >= {"generated_at", "summary", "trends", "stale"}
    assert document["summary"]["total"] == 12
    assert {item["login"] for item in document["summary"]["activity"]} >= {SOPHIE}
    assert len(document["trends"]["weeks"]) == 3
    assert set(document["trends"]["totals"]) == {"new_leads", "new_mqls", "new_sqls", "won", "lost"}
    assert set(document["trends"]["week_to_date"]) >= {"start", "end", "previous_start"}
    assert document["stale"]["days"] == 14 and document["stale"]["total"] >= 2
    assert document["summary"]["owners"][0]["owner_name"] == HOSTILE


def test_a_rep_sees_their_own_pipeline(store: Settings) -> None:
    document = json.loads(filon("pipeline", "--json", "--user", ALICE).stdout)
    assert document["summary"]["owner"] == ALICE and document["summary"]["total"] == 5
    assert {lead["owner"] for lead in document["stale"]["leads"]} == {ALICE}


def test_tables_by_rep_name_people_by_their_names(store: Settings) -> None:
    since = ("--since", "2026-11-01")
    result = filon(
        "pipeline", "--by", "rep", "--weeks", "2", *since, "--user", SOPHIE, language="en"
    )
    assert result.exit_code == 0, result.output
    for title in ("Pipeline by rep", "Activity by rep", "Week to date", "Stale leads by rep"):
        assert title in result.stdout
    assert "Sophie Leclerc" in result.stdout and "sophie.manager" not in result.stdout
    plain = filon("pipeline", "--user", SOPHIE, language="en")
    assert "Pipeline by rep" not in plain.stdout and "Trend over 12 weeks" in plain.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--period", "fortnight"), "fortnight"),
        (("--by", "stage"), "--by"),
        (("--weeks", "0"), "--weeks"),
        (("--since", "2026-13-01"), "--since"),
        (("--user", "nobody.here"), "nobody.here"),
    ],
)
def test_mistakes_are_one_line(store: Settings, args: tuple[str, ...], words: str) -> None:
    result = filon("pipeline", *(args if "--user" in args else (*args, "--user", SOPHIE)))
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr.startswith("filon: ") and result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr


def test_the_digest_is_written_privately_and_said_in_one_line(store: Settings) -> None:
    result = filon("digest", "--user", SOPHIE, language="en")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1 and result.stderr == ""
    path = Path(result.stdout.split(": ", 1)[1].strip())
    assert path.parent == store.home / "digests" and path.name.startswith("digest-")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "weekly pipeline digest" in page
    again = filon("digest", "--user", SOPHIE)
    assert Path(again.stdout.split(" : ", 1)[1].strip()).name.endswith("-2.html")


def test_the_digest_to_a_chosen_file_or_a_one_line_error(store: Settings, tmp_path: Path) -> None:
    chosen = tmp_path / "weekly.html"
    chosen.write_text("old", encoding="utf-8")
    chosen.chmod(0o644)
    written = filon("digest", "--html", str(chosen), "--weeks", "4", "--user", SOPHIE)
    assert written.exit_code == 0 and str(chosen) in written.stdout
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o600 and not chosen.read_text().startswith("old")
    failed = filon("digest", "--html", str(tmp_path), "--user", SOPHIE)
    assert failed.exit_code != 0 and failed.stdout == ""
    assert failed.stderr.startswith("filon: ") and failed.stderr.count("\n") == 1

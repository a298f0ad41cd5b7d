"""`filon score`: every lead or a list's scored again, counts printed (or one JSON document),
an unknown list or an unusable profile told in one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.settings import Settings
from store.db import open_store
from store.demo.seed import seed_demo


@pytest.fixture
def demo(settings: Settings) -> Settings:
    store = Settings()  # what the commands read: FILON_HOME from the test's environment
    store.ensure_home()
    engine = open_store(store.database_url)
    seed_demo(engine, companies=400, seed=7)
    engine.dispose()
    return store


def filon(*args: str, language: str = "fr", **env: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": language, **env})


def test_score_every_lead_then_a_list(demo: Settings) -> None:
    first = filon("score", "--json")
    assert first.exit_code == 0, first.output
    counts = json.loads(first.stdout)
    assert counts["list"] is None and counts["scored"] == counts["changed"] > 0
    assert counts["promoted"] >= 0 and counts["seconds"] >= 0
    again = json.loads(filon("score", "--json").stdout)
    assert (again["changed"], again["promoted"]) == (0, 0)

    text = filon("score", "--list", "esn lyon", "--user", "alice.martin")
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("liste «\u202fESN Lyon\u202f» : leads notés ")
    assert ", score changé 0, passés en MQL 0 (" in text.stdout
    english = filon("score", language="en")
    assert english.stdout.startswith("leads scored ") and "moved to MQL 0" in english.stdout


def test_an_unknown_list_and_a_bad_profile_in_one_line(demo: Settings, tmp_path: Path) -> None:
    unknown = filon("score", "--list", "Nulle part")
    assert unknown.exit_code != 0 and unknown.stdout == ""
    assert unknown.stderr.startswith("filon: ") and unknown.stderr.count("\n") == 1
    assert "Nulle part" in unknown.stderr
    bad = tmp_path / "icp.toml"
    bad.write_text("[mql]\nfit = 120\n", encoding="utf-8")
    refused = filon("score", FILON_ICP=str(bad))
    assert refused.exit_code != 0 and refused.stderr.count("\n") == 1, refused.stderr
    assert "FILON_ICP" in refused.stderr and "mql.fit" in refused.stderr


def test_a_rep_scores_their_own_leads_once_filon_has_users(demo: Settings) -> None:
    every = json.loads(filon("score", "--json").stdout)
    mine = json.loads(filon("score", "--mine", "--user", "alice.martin", "--json").stdout)
    assert mine["owner"] == "alice.martin" and 0 < mine["scored"] < every["scored"]
    davids = json.loads(filon("score", "--owner", "David", "--json").stdout)
    assert davids["owner"] == "david.roux" and davids["scored"] < every["scored"]

    engine = open_store(demo.database_url)
    from agent.users import add_user

    add_user(engine, login="root", by="root", role="admin")
    add_user(engine, login="alice.martin", by="root", role="rep")
    engine.dispose()
    hers = json.loads(filon("score", "--user", "alice.martin", "--json").stdout)
    assert (hers["owner"], hers["scored"]) == ("alice.martin", mine["scored"])
    refused = filon("score", "--owner", "david.roux", "--user", "alice.martin")
    assert refused.exit_code != 0 and refused.stderr.count("\n") == 1
    assert "ne note que ses propres leads, pas ceux de david.roux" in refused.stderr
    both = filon("score", "--mine", "--owner", "David", "--user", "alice.martin")
    assert both.exit_code != 0 and "--mine et --owner" in both.stderr

"""People say first names and type without accents: "leads de bruno", "pipeline de Chloé",
"la liste compta bordeaux recents" find the rep's login and the list."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from agent.leads import AmbiguousOwner, UnknownOwner, create_list, list_leads, resolve_owner
from agent.pipeline import pipeline_summary
from store.demo.seed import seed_demo

TODAY = date(2026, 11, 18)


@pytest.fixture
def demo(engine: Engine) -> Engine:
    seed_demo(engine, companies=300, seed=7, reference=TODAY)
    return engine


@pytest.mark.parametrize(
    ("said", "login"),
    [
        ("bruno", "bruno.petit"),
        ("Bruno", "bruno.petit"),
        ("Chloé", "chloe.bernard"),
        ("chloe bernard", "chloe.bernard"),
        ("Petit", "bruno.petit"),
        ("alice.martin", "alice.martin"),
    ],
)
def test_a_first_or_full_name_finds_the_login(demo: Engine, said: str, login: str) -> None:
    assert resolve_owner(demo, said) == login


def test_an_unknown_or_shared_name_is_refused_with_the_reps_known(demo: Engine) -> None:
    with pytest.raises(UnknownOwner) as unknown:
        resolve_owner(demo, "Zorglub")
    assert "bruno.petit" in str(unknown.value)
    create_list(demo, name="Bruno bis", owner="bruno.durand", sirens=[])
    with pytest.raises(AmbiguousOwner):
        resolve_owner(demo, "bruno")


def test_leads_and_pipeline_take_a_first_name(demo: Engine) -> None:
    page = list_leads(demo, owner="bruno", stage="mql", limit=500)
    assert page.owner == "bruno.petit" and page.total > 0
    assert all(row.lead.owner == "bruno.petit" for row in page.leads)
    summary = pipeline_summary(demo, today=TODAY, owner="Bruno")
    assert summary.owner == "bruno.petit" and [o.owner for o in summary.owners] == ["bruno.petit"]


def test_a_list_name_typed_without_accents_finds_the_list(demo: Engine) -> None:
    create_list(demo, name="Compta Bordeaux récents", owner="alice.martin", sirens=[])
    page = list_leads(demo, list_name="compta bordeaux recents", user="alice.martin")
    assert page.lead_list is not None and page.lead_list.name == "Compta Bordeaux récents"

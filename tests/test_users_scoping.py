"""Who sees and changes what, on SQLite and PostgreSQL: the scoping matrix (a rep, another rep,
a manager, an admin × reading and writing lists, leads and threads), shared lists, the pipeline,
and single-user mode (no users: everyone reads everything, as before)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.chat.threads import admit_turn, list_threads, may_read_thread
from agent.companies import load_profile
from agent.leads import (
    LeadNotShared,
    NotLeadOwner,
    NotListOwner,
    NotOwnPipeline,
    NotShared,
    add_companies,
    create_list,
    list_leads,
    list_overview,
    rename_list,
    set_stage,
    share_list,
    unshare_list,
)
from agent.pipeline import pipeline_summary
from agent.qualification.bant import Origin
from agent.qualification.facts import BantFacts, BantStatus, Need
from agent.qualification.qualify import qualify
from agent.search.local import LocalSource
from agent.users import NotThreadOwner, add_user
from store.identifiers import luhn_ok
from store.models import Company


def siren(prefix: int) -> str:
    """A valid SIREN starting with these 8 digits."""
    base = f"{prefix:08d}"
    return next(base + str(digit) for digit in range(10) if luhn_ok(base + str(digit)))


ALICE_LEAD, BRUNO_LEAD, SPARE, OPEN_LEAD = (siren(20_000_000 + index) for index in range(4))
ACTORS = ("alice.martin", "bruno.petit", "maya.roux", "root")
ROLES = {"root": "admin", "maya.roux": "manager", "alice.martin": "rep", "bruno.petit": "rep"}
THREAD = "alice-thread"
NEED = BantFacts(need=Need(status=BantStatus.confirmed, pain="relances manuelles"))


def _store(engine: Engine, *, team: bool) -> Engine:
    with Session(engine) as session:
        session.add_all(
            Company(siren=value, name=f"Company {index}", city="LYON")
            for index, value in enumerate((ALICE_LEAD, BRUNO_LEAD, SPARE, OPEN_LEAD))
        )
        session.commit()
    create_list(engine, name="Alice ESN", owner="alice.martin", sirens=[ALICE_LEAD])
    create_list(engine, name="Bruno ESN", owner="bruno.petit", sirens=[BRUNO_LEAD])
    _unowned_list(engine)
    if team:
        for login, role in ROLES.items():
            add_user(engine, login=login, by="root", role=role)  # type: ignore[arg-type]
    admit_turn(engine, thread_id=THREAD, user="alice.martin")
    return engine


def _unowned_list(engine: Engine) -> None:
    """A list nobody owns (as imports make them), with a lead nobody owns."""
    from store.models import Lead, LeadList

    with Session(engine) as session:
        shared = LeadList(name="Salon Lyon", owner=None)
        session.add(shared)
        session.flush()
        assert shared.id is not None
        session.add(Lead(list_id=shared.id, company_siren=OPEN_LEAD, owner=None))
        session.commit()


@pytest.fixture
def team(engine: Engine) -> Engine:
    return _store(engine, team=True)


@pytest.fixture
def solo(engine: Engine) -> Engine:
    return _store(engine, team=False)


def _read_list(engine: Engine, user: str) -> Any:
    return list_leads(engine, list_name="Alice ESN", user=user).total


def _write_list(engine: Engine, user: str) -> Any:
    return add_companies(engine, list_name="Alice ESN", sirens=[SPARE], user=user).added


def _read_lead(engine: Engine, user: str) -> Any:
    """The lead on the company's card, or refused when the user asks for its BANT card."""
    card = asyncio.run(load_profile(engine, LocalSource(engine), siren=ALICE_LEAD, user=user))
    shown = [row.company.siren for row in card.leads]
    row = qualify(engine, siren=ALICE_LEAD, facts=BantFacts(), text="", origin=Origin(user)).row
    assert shown == [row.company.siren]


def _write_lead(engine: Engine, user: str) -> Any:
    return set_stage(engine, siren=ALICE_LEAD, stage="mql", user=user).to_stage


def _record_bant(engine: Engine, user: str) -> Any:
    done = qualify(engine, siren=ALICE_LEAD, facts=NEED, text="relances", origin=Origin(user))
    return done.recorded


def _continue_thread(engine: Engine, user: str) -> Any:
    return admit_turn(engine, thread_id=THREAD, user=user)


MATRIX: list[tuple[str, Callable[[Engine, str], Any], dict[str, type[Exception] | None]]] = [
    ("read a list", _read_list, {"bruno.petit": NotShared}),
    ("write a list", _write_list, {"bruno.petit": NotShared}),
    ("read a lead", _read_lead, {"bruno.petit": LeadNotShared}),
    ("move a lead", _write_lead, {"bruno.petit": LeadNotShared}),
    ("record BANT", _record_bant, {"bruno.petit": LeadNotShared}),
    # a thread runs as its owner: a manager reads it (below) but does not continue it
    (
        "continue a thread",
        _continue_thread,
        {"bruno.petit": NotThreadOwner, "maya.roux": NotThreadOwner, "root": NotThreadOwner},
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("what", "action", "refused"), MATRIX, ids=[row[0] for row in MATRIX])
def test_scoping_matrix(
    team: Engine,
    actor: str,
    what: str,
    action: Callable[[Engine, str], Any],
    refused: dict[str, type[Exception] | None],
) -> None:
    expected = refused.get(actor)
    if expected is None:
        action(team, actor)
        return
    with pytest.raises(expected) as error:
        action(team, actor)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_reads_everything_in_single_user_mode_as_before(solo: Engine, actor: str) -> None:
    assert _read_list(solo, actor) == 1
    card = asyncio.run(load_profile(solo, LocalSource(solo), siren=ALICE_LEAD, user=actor))
    assert [row.company.siren for row in card.leads] == [ALICE_LEAD]
    _continue_thread(solo, actor)  # any login on any thread, as before
    assert {item.lead_list.name for item in list_overview(solo, user=actor)} == {
        "Alice ESN",
        "Bruno ESN",
        "Salon Lyon",
    }


def test_changes_follow_the_role_given_in_single_user_mode_as_before(solo: Engine) -> None:
    assert _write_list(solo, "bruno.petit") == [SPARE]
    with pytest.raises(NotLeadOwner):
        _write_lead(solo, "bruno.petit")
    set_stage(solo, siren=ALICE_LEAD, stage="mql", user="bruno.petit", role="manager")
    assert {row.company.siren for row in list_leads(solo, user="bruno.petit").leads} == {
        ALICE_LEAD,
        BRUNO_LEAD,
        SPARE,
        OPEN_LEAD,
    }
    with pytest.raises(NotListOwner):  # the rule for changing a list is as it was
        rename_list(solo, name="Alice ESN", new_name="Mine", user="bruno.petit")
    rename_list(solo, name="Alice ESN", new_name="Theirs", user="bruno.petit", role="manager")


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        ("alice.martin", {ALICE_LEAD, OPEN_LEAD}),
        ("bruno.petit", {BRUNO_LEAD, OPEN_LEAD}),
        ("maya.roux", {ALICE_LEAD, BRUNO_LEAD, OPEN_LEAD}),
        ("root", {ALICE_LEAD, BRUNO_LEAD, OPEN_LEAD}),
    ],
)
def test_what_each_reads_across_lists(team: Engine, actor: str, sees: set[str]) -> None:
    page = list_leads(team, user=actor)
    assert {row.company.siren for row in page.leads} == sees and page.total == len(sees)
    lists = {item.lead_list.name for item in list_overview(team, user=actor)}
    expected = {"Salon Lyon", "Alice ESN", "Bruno ESN"} if len(sees) == 3 else {"Salon Lyon"}
    assert lists == expected | ({"Alice ESN"} if ALICE_LEAD in sees else set()) | (
        {"Bruno ESN"} if BRUNO_LEAD in sees else set()
    )


def test_a_list_nobody_owns_is_everyones(team: Engine) -> None:
    for actor in ACTORS:
        assert list_leads(team, list_name="Salon Lyon", user=actor).total == 1
    set_stage(team, siren=OPEN_LEAD, stage="mql", user="bruno.petit")


def test_a_shared_list_is_read_and_worked_but_stays_its_owners(team: Engine) -> None:
    with pytest.raises(NotShared):  # only its owner or a manager shares it
        share_list(team, name="Alice ESN", with_user="bruno.petit", user="bruno.petit")
    shared = share_list(team, name="Alice ESN", with_user="bruno.petit", user="alice.martin")
    assert (shared.changed, shared.sharees) == (True, ["bruno.petit"])
    assert not share_list(team, name="alice esn", with_user="bruno.petit", user="maya.roux").changed

    assert _read_list(team, "bruno.petit") == 1
    assert _write_list(team, "bruno.petit") == [SPARE]
    assert _write_lead(team, "bruno.petit") == "mql"
    assert _record_bant(team, "bruno.petit")
    with pytest.raises(NotListOwner):
        rename_list(team, name="Alice ESN", new_name="Bruno's now", user="bruno.petit")
    assert {row.company.siren for row in list_leads(team, user="bruno.petit").leads} == {
        ALICE_LEAD,
        BRUNO_LEAD,
        SPARE,
        OPEN_LEAD,
    }

    assert unshare_list(
        team, name="Alice ESN", with_user="bruno.petit", user="alice.martin"
    ).changed
    with pytest.raises(NotShared):
        _read_list(team, "bruno.petit")
    # the lead bruno added there stays his, and he still sees it among his own
    assert {row.company.siren for row in list_leads(team, user="bruno.petit").leads} == {
        BRUNO_LEAD,
        SPARE,
        OPEN_LEAD,
    }


def test_a_manager_reads_the_teams_threads_a_rep_their_own(team: Engine) -> None:
    admit_turn(team, thread_id="bruno-thread", user="bruno.petit")
    assert may_read_thread(team, thread_id=THREAD, user="maya.roux")
    assert may_read_thread(team, thread_id=THREAD, user="root")
    assert may_read_thread(team, thread_id=THREAD, user="alice.martin")
    assert not may_read_thread(team, thread_id=THREAD, user="bruno.petit")
    assert [item.thread_id for item in list_threads(team, user="bruno.petit")] == ["bruno-thread"]
    assert {item.thread_id for item in list_threads(team, user="maya.roux")} == {
        THREAD,
        "bruno-thread",
    }


def test_a_rep_sees_their_own_pipeline_a_manager_the_teams(team: Engine) -> None:
    today = date.today()
    mine = pipeline_summary(team, today=today, user="alice.martin")
    assert (mine.owner, mine.total) == ("alice.martin", 1)
    with pytest.raises(NotOwnPipeline):
        pipeline_summary(team, today=today, owner="bruno.petit", user="alice.martin")
    everyone = pipeline_summary(team, today=today, user="maya.roux")
    assert (everyone.owner, everyone.total) == (None, 3)
    assert pipeline_summary(team, today=today, owner="bruno", user="root").total == 1


def _scored(engine: Engine, tmp_path: Any, **asked: Any) -> set[str]:
    """The companies whose leads a scoring run asked this way scored."""
    from agent.qualification.scoring import score_leads
    from agent.settings import Settings

    settings = Settings(FILON_HOME=tmp_path)
    run = score_leads(engine, today=date.today(), settings=settings, **asked)
    assert run.scored == len(run.leads)
    return {lead.siren for lead in run.leads}


def test_a_rep_scores_their_own_leads_a_manager_the_teams(team: Engine, tmp_path: Any) -> None:
    from agent.leads import NotOwnLeads

    assert _scored(team, tmp_path, user="alice.martin") == {ALICE_LEAD}
    assert _scored(team, tmp_path, user="alice.martin", owner="Alice") == {ALICE_LEAD}
    with pytest.raises(NotOwnLeads) as refused:
        _scored(team, tmp_path, user="alice.martin", owner="bruno")
    assert refused.value.values == {"owner": "bruno.petit"}
    # some companies': those she may read; a list's: a list she may read
    assert _scored(team, tmp_path, user="alice.martin", sirens=[ALICE_LEAD, BRUNO_LEAD]) == {
        ALICE_LEAD
    }
    assert _scored(team, tmp_path, user="alice.martin", list_name="Salon Lyon") == {OPEN_LEAD}
    with pytest.raises(NotShared):
        _scored(team, tmp_path, user="alice.martin", list_name="Bruno ESN")
    # a manager: the team's, or one rep's; acting as a rep, his own (none)
    assert _scored(team, tmp_path, user="maya.roux") == {ALICE_LEAD, BRUNO_LEAD, OPEN_LEAD}
    assert _scored(team, tmp_path, user="maya.roux", owner="Bruno Petit") == {BRUNO_LEAD}
    assert _scored(team, tmp_path, user="maya.roux", role="rep") == set()
    assert _scored(team, tmp_path) == {ALICE_LEAD, BRUNO_LEAD, OPEN_LEAD}  # Filon itself


def test_in_single_user_mode_scoring_covers_everyones_leads_or_one_reps(
    solo: Engine, tmp_path: Any
) -> None:
    assert _scored(solo, tmp_path, user="bruno.petit") == {ALICE_LEAD, BRUNO_LEAD, OPEN_LEAD}
    assert _scored(solo, tmp_path, user="bruno.petit", owner="bruno.petit") == {BRUNO_LEAD}
    assert _scored(solo, tmp_path, user="bruno.petit", owner="alice") == {ALICE_LEAD}

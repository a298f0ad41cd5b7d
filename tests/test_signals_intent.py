"""The intent score: recency-weighted points per kind, negative kinds subtracting, bounds, the
reasons kept, weights read from a file the team edits, and stored scores refreshed when they
age or the weights change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.signals.intent import refresh, rescore, score_signals
from agent.signals.weights import IntentWeights, WeightsUnusable, load_weights
from store.db import session_scope
from store.models import Company, CompanyIntent, Signal, SignalKind

TODAY = date(2026, 12, 1)
WEIGHTS = IntentWeights(
    half_life_days=30,
    max_age_days=365,
    weights={SignalKind.hiring: 40, SignalKind.fundraising: 50, SignalKind.insolvency: -80},
)


@dataclass
class Seen:
    kind: str
    occurred_on: date | None
    strength: float = 1.0
    title: str = "t"
    detected_at: datetime = datetime(2026, 11, 1, tzinfo=UTC)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_points_halve_every_half_life_and_scale_with_strength() -> None:
    assert score_signals([Seen("hiring", TODAY)], WEIGHTS, today=TODAY).score == 40
    assert score_signals([Seen("hiring", days_ago(30))], WEIGHTS, today=TODAY).score == 20
    assert score_signals([Seen("hiring", days_ago(60))], WEIGHTS, today=TODAY).score == 10
    assert score_signals([Seen("hiring", TODAY, strength=0.5)], WEIGHTS, today=TODAY).score == 20


def test_negative_kinds_subtract_and_scores_stay_within_bounds() -> None:
    mixed = [Seen("hiring", TODAY), Seen("insolvency", TODAY)]
    assert score_signals(mixed, WEIGHTS, today=TODAY).score == -40
    many = [Seen("fundraising", TODAY)] * 5
    assert score_signals(many, WEIGHTS, today=TODAY).score == 100
    assert score_signals([Seen("insolvency", TODAY)] * 3, WEIGHTS, today=TODAY).score == -100


def test_old_and_unweighted_signals_count_for_nothing_but_are_counted() -> None:
    scored = score_signals(
        [Seen("hiring", days_ago(400)), Seen("news", TODAY), Seen("fundraising", None)],
        WEIGHTS,
        today=TODAY,
    )
    # the undated one is read at its detection day (30 days ago): 50 points halved
    assert scored.score == 25 and scored.signal_count == 3
    assert scored.last_signal_on == TODAY
    assert [reason.kind for reason in scored.reasons] == ["fundraising"]


def test_reasons_are_the_three_that_weigh_most_negative_ones_included() -> None:
    signals = [
        Seen("hiring", days_ago(90), title="old hiring"),
        Seen("fundraising", days_ago(5), title="raise"),
        Seen("insolvency", days_ago(10), title="sauvegarde"),
        Seen("hiring", TODAY, title="new hiring"),
    ]
    reasons = score_signals(signals, WEIGHTS, today=TODAY).reasons
    assert [reason.title for reason in reasons] == ["sauvegarde", "raise", "new hiring"]


def test_the_default_weights_ship_and_a_team_file_replaces_them(tmp_path: Path) -> None:
    default = load_weights()
    assert default.weight("fundraising") > default.weight("accounts_filed") > 0
    assert default.weight("insolvency") < 0 and default.weight("deregistration") < 0
    path = tmp_path / "w.toml"
    path.write_text("half_life_days = 10\n[weights]\nhiring = 5\n", encoding="utf-8")
    team = load_weights(path)
    assert team.weight("hiring") == 5 and team.weight("fundraising") == 0
    assert team.fingerprint != default.fingerprint


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[weights]\nhirring = 3\n", "weights.hirring"),
        ("half_life_days = 0\n", "half_life_days"),
        ("[weights\n", "not valid TOML"),
        ("colour = 1\n", "colour"),
    ],
)
def test_weights_that_cannot_be_used_say_where(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WeightsUnusable, match=words.replace(".", r"\.")):
        load_weights(path)
    with pytest.raises(WeightsUnusable, match="cannot read"):
        load_weights(tmp_path / "missing.toml")


A, B = siren(46_000_001), siren(46_000_002)


def _store(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add_all([Company(siren=A, name="A"), Company(siren=B, name="B")])
        session.add_all([
            Signal(company_siren=A, kind=SignalKind.hiring, title="Recrute", strength=1,
                   occurred_on=TODAY),
            Signal(company_siren=B, kind=SignalKind.insolvency, title="Sauvegarde", strength=1,
                   occurred_on=TODAY, negative=True),
        ])  # fmt: skip


def _scores(engine: Engine) -> dict[str, tuple[int, date]]:
    with Session(engine) as session:
        return {
            i.company_siren: (i.score, i.computed_on) for i in session.exec(select(CompanyIntent))
        }


def test_scores_are_stored_and_refreshed_when_they_age_or_the_weights_change(
    engine: Engine,
) -> None:
    _store(engine)
    assert refresh(engine, WEIGHTS, today=TODAY) == 2
    assert _scores(engine) == {A: (40, TODAY), B: (-80, TODAY)}
    assert refresh(engine, WEIGHTS, today=TODAY) == 0  # nothing stale

    later = TODAY + timedelta(days=30)
    assert refresh(engine, WEIGHTS, today=later) == 2
    assert _scores(engine)[A] == (20, later)

    lighter = WEIGHTS.model_copy(update={"weights": {SignalKind.hiring: 4}})
    assert refresh(engine, lighter, today=later) == 2
    assert _scores(engine) == {A: (2, later), B: (0, later)}


def test_a_company_left_without_signals_loses_its_score(engine: Engine) -> None:
    _store(engine)
    rescore(engine, [A, B], WEIGHTS, today=TODAY)
    with session_scope(engine) as session:
        for signal in session.exec(select(Signal).where(Signal.company_siren == A)):
            session.delete(signal)
    assert rescore(engine, [A], WEIGHTS, today=TODAY) == 0
    assert set(_scores(engine)) == {B}
    with session_scope(engine) as session:
        session.add(Signal(company_siren=A, kind=SignalKind.hiring, title="R", occurred_on=TODAY))
    with session_scope(engine) as session:
        for signal in session.exec(select(Signal).where(Signal.company_siren == B)):
            session.delete(signal)
    refresh(engine, WEIGHTS, today=TODAY)
    assert set(_scores(engine)) == {A}

"""Lead scores, the arithmetic: the ideal customer profile read from a file the team edits (a
bad one refused in one line), fit from the profile, engagement weighted by kind and halved at
each half-life, intent from the signals' score, their mix and the MQL rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from agent.qualification.engagement import decay, saturate, score_engagement
from agent.qualification.fit import score_fit
from agent.qualification.icp import DEFAULT_FILE, IcpUnusable, load_icp
from agent.qualification.lead_score import intent_part, mix, ready_for_mql
from agent.qualification.parts import Part, Reason
from agent.qualification.reasons import reasons_text
from agent.settings import Settings
from agent.signals.scores import Intent

TODAY = date(2026, 12, 1)


@dataclass
class Company:
    naf_code: str | None = "62.02A"
    headcount_band: str | None = "21"  # 50 to 99 people
    department: str | None = "69"
    region: str | None = "84"
    category: str | None = "PME"
    created_on: date | None = date(2015, 3, 1)


@dataclass
class Event:
    kind: str
    detail: str | None = None
    occurred_at: datetime = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _icp_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "icp.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_profile_loads_and_a_team_file_replaces_it(tmp_path: Path) -> None:
    default = load_icp()
    assert default.sectors["62.02A"] == 35 and default.mix.fit == 0.5
    path = _icp_file(tmp_path, '[sectors]\n"69.20Z" = 40\n[mix]\nfit = 1\nengagement = 0\n')
    team = load_icp(path)
    assert team.sectors == {"69.20Z": 40} and team.mix.engagement == 0
    assert Settings(FILON_ICP=str(path)).icp == path


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            '[sectors]\n"informatique" = 30\n',
            "sectors.informatique: not a NAF prefix (62, 62.0, 62.02A)",
        ),
        ("[mql]\nfit = 120\n", "mql.fit: Input should be less than or equal to 100"),
        ("[[headcount]]\nmin = 200\nmax = 50\npoints = 10\n", "max (50) is below min (200)"),
        ("[categories]\nTPE = 5\n", "categories.TPE"),
        ("[mix]\nfit = 0\nengagement = 0\nintent = 0\n", "at least one weight must be above 0"),
        ("[engagement.weights]\nphone_call = 5\n", "engagement.weights.phone_call"),
        ("colour = 'blue'\n", "colour: Extra inputs are not permitted"),
        ("[sectors\n", "is not valid TOML"),
    ],
)
def test_a_bad_profile_is_refused_in_one_line(tmp_path: Path, text: str, says: str) -> None:
    path = _icp_file(tmp_path, text)
    with pytest.raises(IcpUnusable) as caught:
        load_icp(path)
    message = str(caught.value)
    assert says in message and "\n" not in message and str(path) in message


def test_a_missing_profile_is_refused_when_the_settings_are_read(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        Settings(FILON_ICP=str(tmp_path / "nowhere.toml"))


def test_fit_adds_the_profile_points_and_says_why() -> None:
    fit = score_fit(Company(), load_icp(), today=TODAY)
    # sector 62.02A (its own entry beats "62"), 50–99 people, Rhône, PME, 11 years old
    assert fit.score == 35 + 25 + 20 + 10 + 10
    assert [(r.code, r.value, r.points) for r in fit.reasons] == [
        ("sector", "62.02A", 35), ("headcount", "50–99", 25), ("department", "69", 20),
        ("age", "11", 10), ("category", "PME", 10),
    ]  # fmt: skip
    assert reasons_text(fit.reasons, "fr").startswith(
        "secteur 62.02A (+35), effectif 50–99 (+25), département 69 – Rhône (+20)"
    )
    assert reasons_text(fit.reasons, "en").endswith(
        "founded 11 years ago (+10), category PME (+10)"
    )


def test_fit_uses_the_longest_prefix_the_region_and_stays_within_bounds() -> None:
    icp = load_icp()
    elsewhere = score_fit(
        Company(naf_code="62.09Z", department="38", headcount_band="53"), icp, today=TODAY
    )
    assert {r.code: r.points for r in elsewhere.reasons} == {
        "sector": 30, "region": 15, "headcount": 5, "category": 10, "age": 10,
    }  # fmt: skip
    public = score_fit(
        Company(naf_code="84.11Z", department=None, region=None, headcount_band=None,
                category="GE", created_on=None), icp, today=TODAY,
    )  # fmt: skip
    assert public.score == 0 and [r.code for r in public.reasons] == ["sector"]
    assert score_fit(Company(naf_code=None, headcount_band="NN", department=None, region=None,
                             category=None, created_on=None), icp, today=TODAY) == Part(0)  # fmt: skip


def test_engagement_halves_at_the_half_life() -> None:
    assert decay(0, 30) == 1 and decay(30, 30) == 0.5 and decay(60, 30) == 0.25
    rules = load_icp().engagement
    fresh = score_engagement([Event("demo_request")], rules, half_life_days=30, today=TODAY)
    month = score_engagement(
        [Event("demo_request", occurred_at=datetime(2026, 11, 1, 9, tzinfo=UTC))],
        rules, half_life_days=30, today=TODAY,
    )  # fmt: skip
    assert fresh.reasons[0].points == 40 and month.reasons[0].points == 20
    week = score_engagement(
        [Event("demo_request", occurred_at=datetime(2026, 11, 1, 9, tzinfo=UTC))],
        rules, half_life_days=7, today=TODAY,
    )  # fmt: skip
    assert week.reasons[0].points == round(40 * 0.5 ** (30 / 7), 1)


def test_engagement_weighs_a_demo_request_and_the_pricing_page_above_a_blog_visit() -> None:
    rules = load_icp().engagement

    def one(event: Event) -> int:
        return score_engagement([event], rules, half_life_days=30, today=TODAY).score

    blog, pricing = Event("page_view", "/blog/prospection-b2b"), Event("page_view", "/tarifs")
    assert one(Event("demo_request")) > one(pricing) > one(blog) > 0
    assert one(Event("page_view", "Pricing — Filon")) == one(pricing)
    events = [pricing, pricing, blog, Event("demo_request"), Event("email_open")]
    part = score_engagement(events, rules, half_life_days=30, today=TODAY)
    assert [(r.code, r.value) for r in part.reasons] == [
        ("demo_request", "1"),
        ("pricing_page", "2"),
        ("page_view", "1"),
        ("email_open", "1"),
    ]
    assert reasons_text(part.reasons, "fr").startswith(
        "1 demande de démo (+40), 2 visites de la page tarifs (+24)"
    )


def test_engagement_saturates_towards_100() -> None:
    assert saturate(0, 30) == 0 and saturate(30, 30) == 50 and saturate(60, 30) == 75
    assert saturate(10_000, 30) == 100
    many = [Event("demo_request")] * 50
    assert (
        score_engagement(many, load_icp().engagement, half_life_days=30, today=TODAY).score == 100
    )


def test_intent_comes_from_the_signals_score_kept_within_0_and_100() -> None:
    reasons = [{"kind": "hiring", "title": "Recrute 5 devs", "occurred_on": None, "points": 32.0}]
    assert intent_part(Intent(45, 2, reasons)) == Part(
        45, (Reason("signal", "Recrute 5 devs", 32.0),)
    )
    assert intent_part(Intent(-80, 1, [])).score == 0 and intent_part(None) == Part(0)


def test_the_mix_follows_the_profile_weights_and_the_mql_rule_needs_fit_and_interest() -> None:
    icp = load_icp()
    score = mix(Part(80), Part(40), Part(10), icp)
    assert score.score == round(0.5 * 80 + 0.3 * 40 + 0.2 * 10)
    assert ready_for_mql(score, icp)  # fit 80 ≥ 60, engagement 40 ≥ 40
    assert ready_for_mql(mix(Part(60), Part(0), Part(40), icp), icp)  # by intent
    assert not ready_for_mql(mix(Part(59), Part(100), Part(100), icp), icp)  # fit too low
    assert not ready_for_mql(mix(Part(100), Part(39), Part(39), icp), icp)  # no interest yet
    stored = score.stored(datetime(2026, 12, 1, 8, tzinfo=UTC))
    assert stored["fit"] == {"score": 80, "reasons": []}
    assert stored["computed_at"] == "2026-12-01T08:00:00+00:00"


def test_the_default_file_says_how_to_replace_it() -> None:
    assert "FILON_ICP" in DEFAULT_FILE.read_text(encoding="utf-8")

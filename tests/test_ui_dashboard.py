"""The manager's dashboard in the web UI: stages by rep as stacked bars and each person's
activity beside the pipeline chart, the trend lines with a legend and this week to date, the
stale leads per rep and the oldest — reps by their display names, names as plain text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from dashboard_store import ALICE, BRUNO, NOW, seed_dashboard
from sqlalchemy.engine import Engine

from agent.artifacts import read_artifact
from agent.digest.charts import MIN_FONT, WIDTH
from agent.pipeline import build_dashboard
from store.users import remember_names
from ui.render import render_artifact


@pytest.fixture
def dashboard(engine: Engine) -> Iterator[object]:
    remember_names({ALICE: "Alice <Martin>", BRUNO: "Bruno Petit"})
    seed_dashboard(engine, name="**Ker** <b>{n}</b>")
    yield build_dashboard(engine, now=NOW, weeks=12)
    remember_names({})


def rows(table: object) -> list[dict[str, str]]:
    return [row["cells"] for row in table.props("fr")["rows"]]  # type: ignore[attr-defined]


def test_the_pipeline_by_rep_has_stacked_bars_and_the_activity(dashboard: object) -> None:
    artifact = read_artifact(dashboard.summary.model_dump(mode="json"))  # type: ignore[attr-defined]
    rendered = render_artifact(artifact, "fr", result_id="p")  # type: ignore[arg-type]
    assert rendered is not None
    assert [chart.name for chart in rendered.charts] == ["pipeline.svg", "stages-by-rep.svg"]
    bars = rendered.charts[1].svg
    assert "Alice &lt;Martin&gt;" in bars and "alice.martin" not in bars
    assert f'viewBox="0 0 {WIDTH} ' in bars and ">Disqualifié</text>" in bars
    owners, activity = rendered.tables
    assert rows(owners)[0]["owner"] == "Alice <Martin>"
    assert activity.caption.startswith("Activité par commercial — cette semaine")
    assert rows(activity)[0] == {"c0": "Alice <Martin>", "c1": "0", "c2": "2", "c3": "1"}
    assert "alice.martin" in activity.keys


def test_trends_have_lines_a_legend_and_the_week_to_date(dashboard: object) -> None:
    trends = dashboard.trends.model_dump(mode="json")  # type: ignore[attr-defined]
    rendered = render_artifact(read_artifact(trends), "en", result_id="t")  # type: ignore[arg-type]
    assert rendered is not None
    (chart,) = rendered.charts
    assert chart.name == "trends.svg" and chart.svg.count("<polyline") == 5
    for label in ("New leads", "New MQLs", "New SQLs", "Won", "Lost"):
        assert f">{label}</text>" in chart.svg
    assert all(int(size) >= MIN_FONT for size in _sizes(chart.svg))
    total, by_rep = rendered.tables
    assert total.caption.startswith("Week to date — 16 Nov 2026 00:00 UTC to 18 Nov 2026 15:20")
    assert rows(total)[0] == {"c0": "New leads", "c1": "2", "c2": "1", "c3": "+100%"}
    assert rows(by_rep)[0]["c0"] == "Alice <Martin>"


def test_stale_leads_per_rep_then_the_oldest(dashboard: object) -> None:
    stale = dashboard.stale.model_dump(mode="json")  # type: ignore[attr-defined]
    rendered = render_artifact(read_artifact(stale), "fr", result_id="s")  # type: ignore[arg-type]
    assert rendered is not None and rendered.charts == []
    by_rep, leads = rendered.tables
    assert [row["c0"] for row in rows(by_rep)] == ["Alice <Martin>", "Bruno Petit"]
    first = rows(leads)[0]
    assert first["c0"] == "**Ker** <b>6</b>", "a name is plain text, never markup"
    assert (first["c1"], first["c3"], first["c5"]) == ("Bruno Petit", "48", "jamais")
    assert "000000006" in leads.keys


def _sizes(svg: str) -> list[str]:
    return re.findall(r'font-size="(\d+)"', svg)

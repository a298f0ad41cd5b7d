"""`bench.national_targets` reads one benchmark run's JSON and says which of issue 15's
targets are met: floors for import rates, ceilings for search p95, missing files as not
measured."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.national_targets import main, verdicts


def write(out: Path, name: str, figures: object) -> None:
    (out / name).write_text(json.dumps(figures))


def p95(ms: float) -> dict[str, float]:
    return {"p95_ms": ms, "p50_ms": ms / 2}


def test_every_target_is_judged_from_the_run(tmp_path: Path) -> None:
    run = {"csv": {"rows_per_second": 151_000}, "parquet": {"rows_per_second": 149_999},
           "postgres": {"rows_per_second": 100_000}}  # fmt: skip
    write(tmp_path, "import_shapes.json", {
        "companies": 1_000, "shapes": [{"shape": "insee", "runs": [{}, run]}],
    })  # fmt: skip
    write(tmp_path, "search.json", {
        "companies_generated": 1_000,
        "search_latency": {"text only": p95(12.0), "all": p95(99.0)},
        "postgres": {"search_latency_rounds": [
            {"text only": {"sqlite": p95(1.0), "postgres": p95(80.0)}},
            {"text only": {"sqlite": p95(1.0), "postgres": p95(50.0)}},
        ]},
    })  # fmt: skip
    found = {v.target: v for v in verdicts(tmp_path)}
    assert found["import insee (1,000 legal units), SQLite, CSV"].met
    assert not found["import insee (1,000 legal units), SQLite, Parquet"].met
    assert found["import insee (1,000 legal units), PostgreSQL, CSV"].met  # the floor counts
    assert found["search text only (1,000 companies), SQLite, p95"].met
    assert (
        found["search text only (1,000 companies), PostgreSQL, p95 (warm round)"].measured == 50.0
    )
    assert found["search text only (1,000 companies), PostgreSQL, p95 (warm round)"].met
    assert not any("all" in target for target in found)
    left_out = found["import closed (1,000 legal units), every database"]  # not in the run
    assert left_out.measured is None and not left_out.met
    turns = found["chat turn search step p95"]  # search_turns.json is missing
    assert turns.measured is None and not turns.met
    assert "not measured" in turns.line()


def test_the_report_is_printed_and_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "search_turns.json", {
        "shape": "concentrated", "companies": 1_000,
        "sqlite": {"runs": [{"latency": {"all": {"search": p95(30.0)}}}]},
        "postgres": {"runs": [{"latency": {"all": {"search": p95(75.0)}}}]},
    })  # fmt: skip
    monkeypatch.setattr("sys.argv", ["national_targets", "--out", str(tmp_path)])
    main()
    printed = capsys.readouterr().out
    assert (
        "NOT MET  chat turn search step (concentrated, 1,000 companies), PostgreSQL, p95: 75.0 ms (1.50 x"
        in printed
    )
    assert (
        "met  chat turn search step (concentrated, 1,000 companies), SQLite, p95: 30.0 ms"
        in printed
    )
    assert "1 of 4 targets met" in printed
    report = json.loads((tmp_path / "national_targets.json").read_text())
    assert [entry["met"] for entry in report] == [False, False, True, False]

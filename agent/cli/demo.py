"""`filon demo`: seed the deterministic synthetic demo dataset, or clear it."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from agent.cli.common import load_settings, say, store_engine, terminal_language
from agent.i18n import t
from agent.qualification.demo import score_demo
from agent.signals.intent import refresh
from agent.signals.scores import weights_in_force
from store.demo import DemoAlreadySeeded, DemoReport, clear_demo, count_companies, seed_demo


def demo(
    companies: Annotated[int, typer.Option(help="How many demo companies to create.")] = 20_000,
    clear: Annotated[
        bool,
        typer.Option("--clear", help="Remove the demo rows (and only them) instead of seeding."),
    ] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when the store already holds companies.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same data.")] = 42,
    json_output: bool = typer.Option(False, "--json", help="Print one JSON document."),
) -> None:
    """Seed the synthetic demo dataset (companies, contacts, signals, engagements, pipeline).

    Seeding refuses to run twice: `filon demo --clear` removes the demo rows first.
    """
    if companies < 1:
        say("cli.demo.companies", count=companies)
    settings = load_settings()
    with store_engine(settings) as engine:
        if clear:
            _show("cleared", clear_demo(engine), json_output)
            return
        if if_empty:
            existing = count_companies(engine)
            if existing:
                _skip(existing, json_output)
                return
        try:
            report = seed_demo(engine, companies=companies, seed=seed)
        except DemoAlreadySeeded as error:
            say("cli.demo.already_seeded", companies=error.companies)
        # The demo's signals scored now: "les plus chaudes d'abord" answers at once
        refresh(engine, weights_in_force(settings), today=date.today())
        score_demo(engine, settings, today=report.reference or date.today())
    _show("seeded", report, json_output)


def _show(action: str, report: DemoReport, json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps({"action": action, **report.as_dict()}, ensure_ascii=False))
        return
    counts = {key: value for key, value in report.as_dict().items() if isinstance(value, int)}
    seconds = f"{report.seconds:.1f}"
    typer.echo(t(f"cli.demo.{action}", terminal_language(), **counts, seconds=seconds))


def _skip(existing: int, json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps({"action": "skipped", "existing_companies": existing}))
        return
    typer.echo(t("cli.demo.skipped", terminal_language(), count=existing))

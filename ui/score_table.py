"""The table of a scoring run: each lead's score, its fit, engagement and intent, and the
reasons that weigh most (worded by the catalogue), with a button to its company's card."""

from __future__ import annotations

from agent.artifacts import ScoredLeadItem, ScoresArtifact
from agent.i18n import Language, t
from agent.qualification.parts import Reason
from agent.qualification.reasons import reason_text
from ui.buttons import SHOW_COMPANY, ActionSpec
from ui.data_table import Column, Row, Table, cell, row_keys
from ui.tables import stage_label
from ui.texts import text

REASONS_SHOWN = 3
PARTS = ("fit", "engagement", "intent")


def scores_table(artifact: ScoresArtifact, language: Language) -> Table:
    """One row per lead scored, the highest score first."""
    columns = [
        Column("company", t("scores.ui.column.company", language)),
        Column("list", t("scores.ui.column.list", language)),
        Column("stage", t("scores.ui.column.stage", language)),
        Column("score", t("scores.ui.column.score", language), numeric=True),
        *(Column(part, t(f"scores.part.{part}", language).capitalize(), numeric=True)
          for part in PARTS),
        Column("why", t("scores.ui.column.why", language)),
    ]  # fmt: skip
    rows = [_row(lead, language) for lead in artifact.leads]
    keys = row_keys(
        [lead.siren for lead in artifact.leads] + [lead.name for lead in artifact.leads]
    )
    return Table(t("scores.ui.title", language), columns, rows, keys)


def _row(lead: ScoredLeadItem, language: Language) -> Row:
    stage = stage_label(lead.stage, language)
    if lead.promoted:
        stage += " ↑"
    return Row(
        cells={
            "company": cell(lead.name),
            "list": cell(lead.list_name),
            "stage": cell(stage),
            "score": cell(lead.score),
            "fit": cell(lead.fit.score),
            "engagement": cell(lead.engagement.score),
            "intent": cell(lead.intent.score),
            "why": cell(_why(lead, language), limit=160),
        },
        actions=_card(lead, language),
    )


def _why(lead: ScoredLeadItem, language: Language) -> str:
    """The reasons of all three parts that weigh most."""
    reasons = [
        Reason(reason.code, reason.value, reason.points)
        for part in (lead.fit, lead.engagement, lead.intent)
        for reason in part.reasons
    ]
    reasons.sort(key=lambda reason: -abs(reason.points))
    return ", ".join(reason_text(reason, language) for reason in reasons[:REASONS_SHOWN])


def _card(lead: ScoredLeadItem, language: Language) -> tuple[ActionSpec, ...]:
    if not lead.siren.isdigit():
        return ()
    tooltip = text("action_record_of", language, name=cell(lead.name))
    return (
        ActionSpec(SHOW_COMPANY, text("action_record", language), {"siren": lead.siren}, tooltip),
    )

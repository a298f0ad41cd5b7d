"""A lead's qualification card in the UI: the scores with their reasons, BANT as four rows
(status, what was said, who, where and when), the stage history, what is still missing; the
rep's words stay plain text in table cells."""

from __future__ import annotations

from datetime import UTC, datetime

from test_ui_rendering import NASTY

from agent.artifacts import (
    BantItem,
    LeadItem,
    QualificationArtifact,
    ScorePart,
    ScoreReason,
    StageHistoryItem,
)
from ui.data_table import cell
from ui.render import render_artifact


def test_a_qualification_card_shows_bant_as_four_rows_and_the_history() -> None:
    created = datetime(2026, 11, 2, tzinfo=UTC)
    lead = LeadItem(id=1, list_name="ESN Lyon", siren="583692991", name="Bénard", stage="mql",
                    created_at=created)  # fmt: skip
    card = QualificationArtifact(
        lead=lead,
        bant=[
            BantItem(criterion="budget", status="confirmed",
                     value={"amount": "40000", "currency": "EUR", "approved_by": "DAF"},
                     note="40 k€", said_by="alice.martin", source="chat", recorded_at=created),
            BantItem(criterion="authority", status="unknown", note=NASTY,
                     said_by="alice.martin", source="cli", recorded_at=created),
            BantItem(criterion="need", status="negative", value={"pain": "aucun"},
                     said_by="bruno.petit", source="demo"),
            BantItem(criterion="timing", status="missing"),
        ],
        missing=["authority", "timing"],
        negative=["need"],
        asking="authority",
        history=[StageHistoryItem(from_stage="new", to_stage="mql", changed_by="filon",
                                  reason=NASTY, changed_at=created)],
    )  # fmt: skip
    rendered = render_artifact(card, "fr", result_id="q")
    assert rendered is not None
    assert rendered.markdown == "Encore à confirmer : décideur, échéance."
    bant, history = rendered.tables  # not scored yet: no scores table
    scored = card.model_copy(
        update={
            "lead": lead.model_copy(update={"score": 72}),
            "scores": {
                "fit": ScorePart(score=80, reasons=[ScoreReason(code="sector", value="62.02A",
                                                                points=35)]),
                "engagement": ScorePart(score=40),
                "intent": ScorePart(score=61, reasons=[ScoreReason(code="signal", value=NASTY,
                                                                   points=20)]),
            },
        }
    )  # fmt: skip
    with_scores = render_artifact(scored, "fr", result_id="q")
    assert with_scores is not None and len(with_scores.tables) == 3
    scores = with_scores.tables[0]
    assert scores.caption == "Score de Bénard : 72 sur 100"
    cells = [row["cells"] for row in scores.props("fr")["rows"]]
    assert [(c["part"], c["score"]) for c in cells] == [
        ("Adéquation", "80"), ("Engagement", "40"), ("Intention", "61"),
    ]  # fmt: skip
    assert cells[0]["why"] == "secteur 62.02A (+35)" and cells[1]["why"] == "rien de notable"
    assert cells[2]["why"] == cell(f"signal « {NASTY} » (+20)", limit=200)
    assert bant.caption == "BANT de Bénard (MQL)"
    rows = [row["cells"] for row in bant.props("fr")["rows"]]
    assert [(r["criterion"], r["status"]) for r in rows] == [
        ("Budget", "✓ confirmé"), ("Décideur", "? à confirmer"), ("Besoin", "✗ négatif"),
        ("Échéance", "· non renseigné"),
    ]  # fmt: skip
    assert rows[0]["value"] == "40\u202f000 € (validé par DAF)"
    assert rows[0]["said_by"] == "Alice Martin" and rows[0]["source"] == "conversation, 02/11/2026"
    assert rows[1]["value"] == cell(NASTY)  # the rep's words, as plain text in a cell
    assert rows[3]["value"] == "" and rows[3]["source"] == ""
    (change,) = history.props("fr")["rows"]
    assert change["cells"]["change"] == "Nouveau → MQL" and change["cells"]["reason"] == cell(NASTY)
    english = render_artifact(card, "en", result_id="q")
    assert english is not None and english.markdown == "Still to confirm: authority, timing."
    assert english.tables[0].props("en")["rows"][0]["cells"]["value"] == "€40,000 (approved by DAF)"

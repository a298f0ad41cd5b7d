"""A list's AI columns in the UI: one row per lead, one column per AI column, plain-text cells
("—" for no information, failed cells marked), the counts and cost in the caption."""

from __future__ import annotations

from test_ui_rendering import NASTY

from agent.artifacts import AIColumnsArtifact
from ui.render import render_artifact


def test_ai_columns_render_as_a_table_of_plain_text_cells() -> None:
    artifact = AIColumnsArtifact.model_validate(
        {
            "action": "run",
            "list_name": "ESN Lyon",
            "columns": [
                {"name": "Maturité d'achat", "type": "score", "builtin": "buying_maturity"},
                {"name": NASTY, "type": "boolean"},
                {"name": "Stack", "type": "text"},
            ],
            "rows": [
                {"siren": "583692991", "company": NASTY, "cells": {
                    "Maturité d'achat": {"status": "filled", "value": 7, "rationale": NASTY},
                    NASTY: {"status": "filled", "value": True},
                    "Stack": {"status": "filled", "value": NASTY},
                }},
                {"siren": "374879245", "company": "Bénard Infogérance", "cells": {
                    "Maturité d'achat": {"status": "no_info"},
                    NASTY: {"status": "failed", "rationale": "timeout"},
                }},
            ],
            "total": 74,
            "run": {"model": "rules", "cells": 6, "filled": 4, "no_info": 1, "failed": 1,
                    "cost": 0.0},
        }
    )  # fmt: skip
    rendered = render_artifact(artifact, "fr", result_id="r1")
    assert rendered is not None and rendered.markdown == ""
    (table,) = rendered.tables
    props = table.props("fr")
    assert [c["label"] for c in props["columns"]] == ["Entreprise", "Maturité d'achat", NASTY,
                                                      "Stack"]  # fmt: skip
    assert props["columns"][1]["numeric"] and not props["columns"][2]["numeric"]
    first, second = (row["cells"] for row in props["rows"])
    assert first == {"company": NASTY, "c0": "7", "c1": "oui", "c2": NASTY}
    assert second == {"company": "Bénard Infogérance", "c0": "—", "c1": "⚠ échec (timeout)",
                      "c2": ""}  # fmt: skip
    caption = props["caption"]
    assert caption.startswith("ESN Lyon — 3 colonne(s) IA, 2 leads affichés sur 74")
    assert "en échec : 1" in caption and "coût : 0.0000 $" in caption
    assert {"583692991", "Bénard Infogérance"} <= table.keys
    english = render_artifact(artifact, "en", result_id="r1")
    assert english is not None
    assert english.tables[0].props("en")["rows"][0]["cells"]["c1"] == "yes"
    empty = artifact.model_copy(update={"rows": []})
    assert render_artifact(empty, "fr", result_id="r1") is None

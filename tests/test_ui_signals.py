"""Signals in the web UI: a table of signals (what happened, date, company, kind, source, intent;
a BODACC notice linked, any other link not), negative ones marked; company tables gain an
intent column and the signal a search asked for; data stays plain text."""

from __future__ import annotations

from datetime import date

from agent.artifacts import (
    CompaniesArtifact,
    CompanySignals,
    IntentItem,
    SignalItem,
    SignalsArtifact,
)
from store.models import CompanyPublic
from ui.render import render_artifact
from ui.safe_markdown import link_hosts, sanitize_markdown

NASTY = "<img src=x onerror=alert(1)> ![p](https://evil.example/p.png)"


def signals_artifact() -> SignalsArtifact:
    return SignalsArtifact(
        scope="list",
        list_name="ESN Lyon",
        asked=24,
        with_signals=2,
        total_signals=3,
        companies=[
            CompanySignals(
                siren="583692991",
                name="Bénard Infogérance",
                intent=IntentItem(score=42, signal_count=2),
                signals=[
                    SignalItem(
                        kind="hiring",
                        title="Recrute 3 commerciaux",
                        source="import:veille.csv",
                        occurred_on=date(2026, 11, 20),
                        url="https://evil.example/jobs",
                    ),
                    SignalItem(
                        kind="fundraising",
                        title=NASTY,
                        source="demo",
                        occurred_on=date(2026, 10, 1),
                    ),
                ],
            ),
            CompanySignals(
                siren="374879245",
                name="Gamma",
                intent=IntentItem(score=-70, signal_count=1),
                signals=[
                    SignalItem(
                        kind="insolvency",
                        title="Redressement judiciaire",
                        source="bodacc",
                        negative=True,
                        occurred_on=date(2026, 11, 2),
                        url="https://www.bodacc.fr/pages/annonces-commerciales-detail/?q.id=id:A202611021",
                    ),
                ],
            ),
        ],
    )


def test_signals_render_as_a_table_one_row_per_signal() -> None:
    rendered = render_artifact(signals_artifact(), "fr", result_id="r1")
    assert rendered is not None
    (table,) = rendered.tables
    props = table.props("fr")
    assert table.caption == "3 signaux, 2 entreprise(s), les plus chaudes d'abord"
    assert [c["label"] for c in props["columns"]] == [
        "Ce qui s'est passé", "Date", "Entreprise", "Type", "Source", "Intention",
    ]  # fmt: skip
    first, nasty, negative = props["rows"]
    assert first["cells"] == {
        "detail": "Recrute 3 commerciaux", "date": "20/11/2026", "company": "Bénard Infogérance",
        "kind": "recrutement", "source": "import de veille.csv", "intent": "42",
    }  # fmt: skip
    assert first["link"] is None  # only BODACC notices (and the public directory) are linked
    assert nasty["cells"]["detail"] == NASTY  # plain text in a text node, never parsed
    assert negative["cells"]["detail"] == "⚠ Redressement judiciaire"
    assert negative["link"].startswith("https://www.bodacc.fr/")
    assert negative["cells"]["intent"] == "-70"
    assert [a["label"] for a in first["actions"]] == ["Fiche", "Ajouter à une liste"]


def test_answers_may_link_to_bodacc_when_signals_were_shown() -> None:
    hosts = link_hosts([signals_artifact()])
    answer = "[voir l'annonce](https://www.bodacc.fr/a?q.id=id:A1) [x](https://evil.example/)"
    safe = sanitize_markdown(answer, hosts)
    assert "](https://www.bodacc.fr/a?q.id=id:A1)" in safe and "evil.example/)" not in safe


def test_company_tables_gain_intent_and_signal_columns_only_when_some_have_signals() -> None:
    company = CompanyPublic(siren="583692991", name="Bénard Infogérance", city="LYON 9EME")
    other = CompanyPublic(siren="374879245", name="Gamma")
    artifact = CompaniesArtifact(
        total=2, query={"signal_kinds": ["hiring"], "limit": 10}, companies=[company, other],
        source="local", intent={"583692991": 42},
        highlights={"583692991": SignalItem(kind="hiring", title="Recrute 3 devs",
                                            occurred_on=date(2026, 11, 20))},
    )  # fmt: skip
    rendered = render_artifact(artifact, "fr", result_id="r1")
    assert rendered is not None
    props = rendered.tables[0].props("fr")
    assert [c["label"] for c in props["columns"]][-2:] == ["Intention", "Signal"]
    first, second = props["rows"]
    assert (first["cells"]["intent"], first["cells"]["signal"]) == (
        "42",
        "Recrute 3 devs (20/11/2026)",
    )
    assert (second["cells"]["intent"], second["cells"]["signal"]) == ("", "")

    plain = artifact.model_copy(update={"intent": {}, "highlights": {}})
    rendered = render_artifact(plain, "fr", result_id="r1")
    assert rendered is not None
    assert "intent" not in rendered.tables[0].props("fr")["rows"][0]["cells"]

"""The BANT interview is a conversation the rep can leave and resume, also in another process:
each turn is its own `filon ask --thread` run, on SQLite and on PostgreSQL. The interview's
state is the checkpointed thread (Filon's pending question) and the answers in the store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from test_memory import filon_ask

from store.demo.seed import seed_demo

USER = ("--user", "bruno.petit", "--thread", "bant-1")


def an_mql_lead(engine: Engine) -> tuple[str, str]:
    """One of Bruno's MQL leads with no BANT yet: (SIREN, company name)."""
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT c.siren, c.name FROM lead l JOIN company c ON c.siren = l.company_siren "
                "WHERE l.owner = 'bruno.petit' AND l.stage = 'mql' AND NOT EXISTS "
                "(SELECT 1 FROM bantanswer b WHERE b.lead_id = l.id) "
                "AND (SELECT count(*) FROM lead o WHERE o.company_siren = c.siren) = 1 "
                "ORDER BY c.siren LIMIT 1"
            )
        ).one()
    return str(row[0]), str(row[1])


def interview_across_processes(home: Path, url: str, engine: Engine) -> None:
    siren, name = an_mql_lead(engine)

    def ask(message: str) -> dict[str, object]:
        return filon_ask(home, url, message, *USER)

    def calls(turn: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
        return [(call["name"], call["args"]) for call in turn["tool_calls"]]  # type: ignore[attr-defined, index]

    started = ask(f"qualifie {siren} selon BANT")
    assert calls(started) == [("qualify_lead", {"siren": siren})]
    assert "Quel budget" in str(started["answer"])

    budget = ask("40 k€ validé par le DAF")
    assert calls(budget)[0][1] == {"siren": siren, "text": "40 k€ validé par le DAF",
                                   "asked": "budget", "list_name": calls(budget)[0][1]["list_name"]}  # fmt: skip
    assert "40\u202f000 € (validé par DAF) — confirmé" in str(budget["answer"])

    # another request in between: the interview waits
    other = ask("montre mes leads en MQL")
    assert [name for name, _ in calls(other)] == ["list_leads"]

    resumed = ask("reprenons la qualification")
    assert calls(resumed)[0][0] == "qualify_lead" and calls(resumed)[0][1]["siren"] == siren
    assert "Qui décide" in str(resumed["answer"])
    ask("c'est Marie Dupont, la DAF, qui signe")
    ask("ils veulent remplacer leur CRM vieillissant")
    proposed = ask("avant juin")
    assert "je passe" in str(proposed["answer"]) and "en SQL" in str(proposed["answer"])

    promoted = ask("oui")
    assert calls(promoted)[0][1]["confirm"] is True
    assert f"**{name}** passe en SQL" in str(promoted["answer"])
    with engine.connect() as connection:
        stage, reason, by = connection.execute(
            text(
                "SELECT l.stage, s.reason, s.changed_by FROM lead l JOIN leadstagechange s "
                "ON s.lead_id = l.id WHERE l.company_siren = :s ORDER BY s.id DESC LIMIT 1"
            ),
            {"s": siren},
        ).one()
        answers = connection.execute(
            text(
                "SELECT b.criterion, b.status, b.said_by, b.thread_id, b.source FROM bantanswer b "
                "JOIN lead l ON l.id = b.lead_id WHERE l.company_siren = :s ORDER BY b.id"
            ),
            {"s": siren},
        ).all()
    assert (str(stage), by) == ("sql", "bruno.petit")
    assert reason.startswith("BANT confirmé")
    assert [row[0] for row in answers] == ["budget", "authority", "need", "timing"]
    assert {(row[1], row[2], row[3], row[4]) for row in answers} == {
        ("confirmed", "bruno.petit", "bant-1", "chat")
    }


def test_the_interview_resumes_in_new_processes(engine: Engine, tmp_path: Path) -> None:
    seed_demo(engine, companies=2000)
    url = engine.url.render_as_string(hide_password=False)
    interview_across_processes(tmp_path / "home", url, engine)

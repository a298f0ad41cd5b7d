"""The BANT interview in whole conversations on the real graph, offline model and tools: one
question at a time, another request in between, the SQL proposal applied only on a yes, a
criterion against, a refused move to SQL that opens the interview, English."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from sqlalchemy import text

from store.db import open_store


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-qualification"))


def mql_leads(home: Path, owner: str) -> list[tuple[str, str]]:
    """The owner's MQL leads in one list only, without BANT: (SIREN, name)."""
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.siren, c.name FROM lead l JOIN company c ON c.siren = l.company_siren "
                "WHERE l.owner = :owner AND l.stage = 'mql' AND NOT EXISTS (SELECT 1 FROM "
                "bantanswer b WHERE b.lead_id = l.id) AND (SELECT count(*) FROM lead o WHERE "
                "o.company_siren = c.siren) = 1 ORDER BY c.siren"
            ),
            {"owner": owner},
        ).all()
    engine.dispose()
    return [(str(siren), str(name)) for siren, name in rows]


def stage_of(home: Path, siren: str) -> tuple[str, str | None]:
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with engine.connect() as connection:
        stage, reason = connection.execute(
            text(
                "SELECT l.stage, (SELECT s.reason FROM leadstagechange s WHERE s.lead_id = l.id "
                "ORDER BY s.id DESC LIMIT 1) FROM lead l WHERE l.company_siren = :s"
            ),
            {"s": siren},
        ).one()
    engine.dispose()
    return str(stage), reason


async def test_an_mql_lead_becomes_an_sql_in_conversation_and_the_card_shows_why(
    home: Path,
) -> None:
    siren, name = mql_leads(home, "alice.martin")[0]
    async with conversation(home, thread_id="bant-fr") as thread:
        card = await thread.say(f"qualifie {name} selon BANT")
        assert [call for call, _ in thread.calls][-1] == "qualify_lead"
        artifact = card.artifacts[-1]
        assert artifact["kind"] == "qualification" and artifact["lead"]["siren"] == siren
        assert artifact["missing"] == ["budget", "authority", "need", "timing"]
        assert artifact["asking"] == "budget" and artifact["call_questions"]
        assert set(artifact["scores"]) == {"fit", "engagement", "intent"}  # the demo is scored
        assert artifact["scores"]["fit"]["reasons"] and "Score " in card.answer
        assert f"Quel budget {name}" in card.answer

        said = await thread.say("budget 40 k€ validé par le DAF, ils veulent remplacer leur CRM")
        ((tool, args),) = thread.calls
        assert (tool, args["asked"], args["siren"]) == ("qualify_lead", "budget", siren)
        assert said.artifacts[-1]["recorded"] == ["budget", "need"]
        assert "budget : 40\u202f000 € (validé par DAF) — confirmé" in said.answer
        assert "besoin : remplacer leur CRM — confirmé" in said.answer
        assert "Qui décide et signe" in said.answer and not said.artifacts[-1]["call_questions"]

        await thread.say("mes leads en MQL")  # another request: the interview waits
        assert [tool for tool, _ in thread.calls] == ["list_leads"]
        resumed = await thread.say("reprenons la qualification")
        assert (
            thread.calls[0][1]["siren"] == siren and resumed.artifacts[-1]["asking"] == "authority"
        )

        await thread.say("c'est Marie Dupont, la DAF, qui signe")
        assert thread.calls[0][1]["asked"] == "authority"
        proposed = await thread.say("avant juin")
        assert thread.calls[0][1]["asked"] == "timing"
        assert proposed.artifacts[-1]["proposal"] == "sql"
        assert f"je passe **{name}** en SQL ? (oui / non)" in proposed.answer
        assert stage_of(home, siren)[0] == "mql"  # nothing moves before the yes

        promoted = await thread.say("oui")
        assert thread.calls == [("qualify_lead", {"siren": siren, "confirm": True,
                                                  "list_name": thread.calls[0][1]["list_name"]})]  # fmt: skip
        card = promoted.artifacts[-1]
        assert card["promoted_to"] == "sql" and card["lead"]["stage"] == "sql"
        assert [(h["from_stage"], h["to_stage"]) for h in card["history"]][-1] == ("mql", "sql")
        assert card["history"][-1]["reason"].startswith("BANT confirmé")
        assert {item["status"] for item in card["bant"]} == {"confirmed"}
        assert {item["said_by"] for item in card["bant"]} == {"alice.martin"}
        assert stage_of(home, siren) == ("sql", card["history"][-1]["reason"])


async def test_no_keeps_the_stage_and_a_criterion_against_proposes_disqualifying(
    home: Path,
) -> None:
    (first, _), (second, name) = mql_leads(home, "alice.martin")[1:3]
    async with conversation(home, thread_id="bant-no") as thread:
        await thread.say(
            f"qualifie {first} : budget 20 k€ validé, décideur le DSI, besoin de sécuriser leur "
            "messagerie, décision au T2"
        )
        assert thread.turns[-1].artifacts[-1]["proposal"] == "sql"
        declined = await thread.say("non, pas encore")
        assert thread.calls[0][1]["confirm"] is False
        assert declined.artifacts[-1]["declined"] and "reste à l'étape MQL" in declined.answer
        assert stage_of(home, first)[0] == "mql"

        against = await thread.say(f"qualifie {second} : pas de budget cette année")
        assert against.artifacts[-1]["proposal"] == "disqualified"
        assert f"Défavorable : budget. Je disqualifie **{name}** ?" in against.answer
        await thread.say("oui")
        assert stage_of(home, second) == ("disqualified", "BANT défavorable : budget")


async def test_a_move_to_sql_without_bant_opens_the_interview(home: Path) -> None:
    siren, name = mql_leads(home, "alice.martin")[3]
    async with conversation(home, thread_id="bant-refused") as thread:
        refused = await thread.say(f"passe {siren} en SQL")
        assert f"{name} ne peut pas encore passer en SQL" in refused.answer
        said = await thread.say("budget 15 k€ validé par le DG")
        assert thread.calls[0][0] == "qualify_lead" and thread.calls[0][1]["siren"] == siren
        assert said.artifacts[-1]["recorded"] == ["budget"]
        paused = await thread.say("on arrête là")
        assert "reprenons la qualification" in paused.answer and thread.calls == []
    assert stage_of(home, siren)[0] == "mql"


async def test_in_english_and_for_a_teammate(home: Path) -> None:
    siren, _name = mql_leads(home, "chloe.bernard")[0]
    async with conversation(home, user="chloe.bernard", thread_id="bant-en") as thread:
        said = await thread.say(
            f"qualify {siren}: $50k budget approved by the CFO, they need to replace their ERP, "
            "decision next quarter"
        )
        assert said.artifacts[-1]["recorded"] == ["budget", "need", "timing"]
        assert "Noted for" in said.answer and "budget: $50,000 (approved by CFO)" in said.answer
        assert "Who decides and signs" in said.answer
    async with conversation(home, user="bruno.petit", thread_id="bant-teammate") as thread:
        refused = await thread.say(f"qualifie {siren} selon BANT")
        assert "Chloe Bernard" in refused.answer and not refused.artifacts  # her name


async def test_a_stage_change_during_the_interview_is_read_as_one(home: Path) -> None:
    siren, _name = mql_leads(home, "chloe.bernard")[1]
    async with conversation(home, user="chloe.bernard", thread_id="bant-move") as thread:
        await thread.say(f"qualifie {siren}")
        lost = await thread.say("passe-le en perdu, raison : ils ont choisi un concurrent")
        ((tool, args),) = thread.calls  # the lead of the interview, in its list
        assert tool == "set_lead_stage"
        assert {k: v for k, v in args.items() if k != "list_name"} == {
            "siren": siren, "stage": "lost", "reason": "ils ont choisi un concurrent",
        }  # fmt: skip
        assert "MQL → Perdu" in lost.answer


async def test_facts_said_about_another_lead_go_to_that_lead(home: Path) -> None:
    (first, first_name), (second, second_name) = mql_leads(home, "david.roux")[:2]
    async with conversation(home, user="david.roux", thread_id="bant-two") as thread:
        await thread.say(f"BANT de {first_name} ?")
        assert (
            thread.calls[-1] == ("qualify_lead", {"siren": first})
            or thread.calls[-1][1]["siren"] == first
        )
        other = await thread.say(f"{second} : décision avant juin, c'est le DSI qui signe")
        assert thread.calls[0][1] == {
            "siren": second,
            "text": "décision avant juin, c'est le DSI qui signe",
        }
        assert other.artifacts[-1]["recorded"] == ["authority", "timing"]
        assert f"C'est noté pour **{second_name}**" in other.answer

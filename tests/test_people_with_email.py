"""People asked for with a condition on their email, in one request: "les DSI de la liste ESN
Lyon avec un email vérifié", "the CFOs of my ESN Lyon list with a verified email", "les DAF des
ESN à Lyon qui ont un email". The condition narrows the people known (`find_decision_makers`'s
`email`); "vérifié" there is the email's quality, not a request to verify (no enrichment run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home

from agent.artifacts import ContactsArtifact
from agent.llm.offline.emails_wanted import email_wanted, without_email_wish
from agent.llm.offline.request import Request


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("people-with-email"))


def _people(artifact: ContactsArtifact) -> set[tuple[str, str]]:
    return {(company.siren, c.name) for company in artifact.companies for c in company.contacts}


def _contacts(turn_artifacts: list[object]) -> ContactsArtifact:
    found = [a for a in turn_artifacts if isinstance(a, dict) and a.get("kind") == "contacts"]
    assert len(found) == 1, turn_artifacts
    return ContactsArtifact.model_validate(found[0])


@pytest.mark.parametrize(
    ("text", "wanted", "rest"),
    [
        ("les DSI de la liste ESN Lyon avec un email vérifié", "verified", "les dsi de la liste"),
        ("the CFOs with a verified email", "verified", "the cfos"),
        ("les décideurs qui ont un e-mail", "any", "les decideurs"),
        ("those who have a valid email address", "verified", "those"),
        ("vérifie les emails de la liste ESN Lyon", None, "verifie les emails"),
        ("le DSI de Vitane", None, "le dsi de vitane"),
    ],
)
def test_the_condition_on_emails_is_read(text: str, wanted: str | None, rest: str) -> None:
    request = Request(text)
    assert email_wanted(request) == wanted
    assert without_email_wish(request).folded.startswith(rest)


@pytest.mark.parametrize(
    ("everyone", "narrowed", "said"),
    [
        (
            "les DSI de la liste ESN Lyon",
            "les DSI de la liste ESN Lyon avec un email vérifié",
            "ont un e-mail vérifié",
        ),
        (
            "the CFOs of my ESN Lyon list",
            "the CFOs of my ESN Lyon list with a verified email",
            "have a verified email",
        ),
    ],
)
async def test_a_lists_people_with_a_verified_email(
    home: Path, everyone: str, narrowed: str, said: str
) -> None:
    async with conversation(home, thread_id=f"verified-{narrowed}") as thread:
        shown = _contacts((await thread.say(everyone)).artifacts)
        answer = await thread.say(narrowed)
        (name, args), *rest = thread.calls
    assert not rest
    assert name == "find_decision_makers"  # shown from what is known: no enrichment run
    assert args["list_name"] == "ESN Lyon" and args["email"] == "verified"
    kept = _contacts(answer.artifacts)
    expected = {
        (company.siren, c.name)
        for company in shown.companies
        for c in company.contacts
        if c.email and c.email_status == "verified"
    }
    assert expected and _people(kept) == expected
    assert kept.email == "verified" and kept.looked == len(shown.companies)
    assert said in answer.answer.replace("has a", "have a").replace("a un", "ont un")
    for company in kept.companies:
        assert company.contacts and all(c.email_status == "verified" for c in company.contacts)
    # never a false "here are the first N" about the people kept
    assert "voici les" not in answer.answer and "here are the first" not in answer.answer
    if shown.asked > len(shown.companies):  # the list holds more leads than were looked at
        looked = f"{len(shown.companies)} premières entreprises"
        assert looked in answer.answer or f"first {len(shown.companies)} companies" in answer.answer


async def test_a_searchs_people_with_an_email(home: Path) -> None:
    async with conversation(home, thread_id="search-any-email") as thread:
        answer = await thread.say("les DAF des ESN à Lyon qui ont un email")
        assert thread.turns[-1].tool_calls[0]["name"] == "search_companies"
        people = [c for c in thread.turns[-1].tool_calls if c["name"] == "find_decision_makers"]
    assert len(people) == 1 and people[0]["args"]["email"] == "any"
    kept = _contacts(answer.artifacts)
    assert kept.email == "any" and kept.people
    assert all(c.email for company in kept.companies for c in company.contacts)
    assert "un e-mail connu :" in answer.answer


async def test_exporting_them_keeps_the_condition(home: Path) -> None:
    async with conversation(home, thread_id="verified-export") as thread:
        await thread.say("les DSI de la liste ESN Lyon avec un email vérifié")
        await thread.say("exporte-les")
    (name, args), *_ = thread.calls
    assert name == "export_csv"
    assert args["people"] is True and args["email"] == "verified"
    assert args["list_name"] == "ESN Lyon"


async def test_verifying_a_lists_emails_still_runs_the_providers(home: Path) -> None:
    async with conversation(home, thread_id="verify-run") as thread:
        await thread.say("vérifie les emails des DSI de la liste ESN Lyon")
    assert [name for name, _ in thread.calls] == ["enrich_contacts"]

"""Multi-turn conversations on the offline model about finding emails: from a search to the
emails of the first company's CIO, "enrichis-les" on the people shown, a list with a budget,
the same in English; showing the people known stays a decision-makers request."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-enrich"))


async def test_from_a_search_to_the_emails_of_the_people_shown(home: Path) -> None:
    async with conversation(home, thread_id="enrich") as thread:
        found = await thread.say("ESN à Lyon")
        first = found.artifacts[0]["companies"][0]["siren"]

        email = await thread.say("trouve l'email du DSI de la première")
        assert thread.calls == [("enrich_contacts", {"sirens": [first], "roles": ["it"]})]
        (run,) = email.artifacts
        assert run["kind"] == "enrichment" and run["summary"]["providers"] == ["pattern"]
        assert email.answer.startswith("Personnes : ")
        assert "Appels : pattern" in email.answer

        await thread.say("et le DAF ?")
        assert thread.calls == [("find_decision_makers", {"sirens": [first], "roles": ["finance"]})]

        await thread.say("enrichis-les")
        assert thread.calls == [("enrich_contacts", {"sirens": [first], "roles": ["finance"]})]

        await thread.say("son email ?")  # the people known, not a new look-up
        assert thread.calls[0][0] == "find_decision_makers"


async def test_a_list_with_a_budget_and_a_request_in_english(home: Path) -> None:
    async with conversation(home, thread_id="enrich-list") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("ajoute les 3 premières à une liste 'Cibles emails'")
        answer = await thread.say(
            "enrichis les contacts de cette liste avec un budget de 20 crédits"
        )
        assert thread.calls == [("enrich_contacts", {"list_name": "Cibles emails", "budget": 20.0})]
        assert answer.artifacts[0]["summary"]["budget"] == 20.0

        english = await thread.say("find the CFO's email at Verilia")
        assert thread.calls == [("enrich_contacts", {"company": "Verilia", "roles": ["finance"]})]
        assert english.answer.startswith("People: ")


async def test_showing_or_exporting_emails_is_not_a_look_up(home: Path) -> None:
    async with conversation(home, thread_id="enrich-not") as thread:
        await thread.say("l'email du DAF de Verilia")
        assert thread.calls[0][0] == "find_decision_makers"
        await thread.say("ESN à Lyon")
        await thread.say("exporte les emails en CSV")
        assert all(name != "enrich_contacts" for name, _ in thread.calls)


async def test_a_run_reports_its_progress_to_the_stream(home: Path) -> None:
    from agent.chat import ToolProgress, TurnFinished, open_chat_session
    from agent.runtime import open_runtime
    from agent.settings import Settings

    settings = Settings(FILON_HOME=home, FILON_COMPANY_SOURCE="local")
    async with (
        open_runtime(settings) as runtime,
        open_chat_session(runtime, user="alice.martin") as chat,
    ):
        events = [
            event
            async for event in chat.stream(
                "enrichis les contacts de la liste ESN Lyon", thread_id="p"
            )
        ]
    progress = [event for event in events if isinstance(event, ToolProgress)]
    assert progress and {event.name for event in progress} == {"enrich_contacts"}
    last = progress[-1]
    assert last.done == last.total > 0
    finished = events[-1]
    assert isinstance(finished, TurnFinished)
    assert finished.result.tool_calls == [
        {"name": "enrich_contacts", "args": {"list_name": "ESN Lyon"}}
    ]


async def test_the_people_shown_narrowed_to_verified_emails(home: Path) -> None:
    async with conversation(home, thread_id="narrow") as thread:
        shown = await thread.say("les DSI des ESN à Lyon")
        people = shown.artifacts[-1]
        total = shown.artifacts[0]["total"]
        assert total > 10 and f"10 premières entreprises sur les {total}" in shown.answer
        verified = [
            c["name"] for company in people["companies"] for c in company["contacts"]
            if c["email_status"] == "verified"
        ]  # fmt: skip
        narrowed = await thread.say("juste ceux avec un email vérifié")
        assert thread.calls == []
        assert all(name in narrowed.answer for name in verified)
        others = [
            c["name"] for company in people["companies"] for c in company["contacts"]
            if c["name"] not in verified
        ]  # fmt: skip
        assert not any(name in narrowed.answer for name in others)
        english = await thread.say("only the ones with an email")
        assert thread.calls == [] and "have a known email" in english.answer


async def test_the_people_shown_exported_as_a_file(home: Path) -> None:
    async with conversation(home, thread_id="export-people") as thread:
        shown = await thread.say("les DSI des ESN à Lyon")
        sirens = [company["siren"] for company in shown.artifacts[-1]["companies"]]
        exported = await thread.say("exporte-les")
        assert thread.calls == [("export_csv", {"people": True, "sirens": sirens, "roles": ["it"]})]
        (artifact,) = exported.artifacts
        people = sum(len(c["contacts"]) for c in shown.artifacts[-1]["companies"])
        assert artifact["what"] == "people" and artifact["rows"] == people
        assert "lignes" in exported.answer
    assert await asyncio.to_thread(Path(artifact["path"]).is_file)


async def test_is_it_in_any_of_my_lists_is_a_yes_or_a_no(home: Path) -> None:
    async with conversation(home, thread_id="in-lists") as thread:
        await thread.say("la fiche de Verilia")
        answer = await thread.say("is it in any of my lists?")
        assert thread.calls[0][0] == "get_company"
        assert answer.answer.startswith(("No: ", "Yes: ")) and "Revenue" not in answer.answer
        await thread.say("ESN à Lyon")
        await thread.say("la fiche de la première")
        listed = await thread.say("elle est dans quelle liste ?")
        assert not listed.answer.startswith("Oui") and "ESN Lyon" in listed.answer


async def test_an_export_done_again_elsewhere(home: Path) -> None:
    async with conversation(home, thread_id="export-again") as thread:
        await thread.say("ESN à Lille")
        await thread.say("exporte ces résultats")
        await thread.say("refais la même chose pour Roubaix")
        assert thread.calls == [
            ("export_csv", {"query": {"naf_codes": ["62"], "cities": ["ROUBAIX"]}})
        ]
        await thread.say("same for Bordeaux")
        assert thread.calls == [
            ("export_csv", {"query": {"naf_codes": ["62"], "cities": ["BORDEAUX"]}})
        ]


async def test_questions_about_the_run_just_made(home: Path) -> None:
    async with conversation(home, thread_id="run-questions") as thread:
        await thread.say("décideurs de la liste BTP Bretagne")
        await thread.say("enrichis-les")
        cost = await thread.say("combien ça m'a coûté ?")
        assert thread.calls == [] and "coût : 0 crédits" in cost.answer
        found = await thread.say("combien d'emails trouvés ?")
        assert thread.calls == [] and found.answer.startswith("Personnes : ")
        again = await thread.say("refais le mais avec un budget de 5 crédits seulement")
        assert thread.calls == [
            ("enrich_contacts", {"list_name": "BTP Bretagne", "roles": ["decision_makers"],
                                 "budget": 5.0})
        ]  # fmt: skip
        assert again.artifacts[0]["summary"]["budget"] == 5.0
        english = await thread.say("how much did that cost?")
        assert thread.calls == [] and "cost: 0 credits" in english.answer
        exported = await thread.say("exporte la liste en csv")
        assert thread.calls == [("export_csv", {"list_name": "BTP Bretagne"})]
        assert exported.artifacts[0]["what"] == "leads"


async def test_a_lead_said_lost_after_a_move_then_its_reason(home: Path) -> None:
    async with conversation(home, thread_id="lost-after") as thread:
        await thread.say("mes leads")
        moved = await thread.say("passe la deuxième en MQL")
        siren = moved.artifacts[0]["lead"]["siren"]
        await thread.say("en fait il est perdu")
        assert thread.calls == [("set_lead_stage", {"siren": siren, "stage": "lost"})]
        await thread.say("trop cher pour eux")
        assert thread.calls == [
            ("set_lead_stage", {"siren": siren, "stage": "lost", "reason": "trop cher pour eux"})
        ]


async def test_a_name_several_companies_bear_is_the_lead_and_says_where(home: Path) -> None:
    async with conversation(home, thread_id="homonyms") as thread:
        people = await thread.say("les décideurs de Venitek")
        (company,) = people.artifacts[0]["companies"]
        assert company["siren"] == "793419243" and company["name"] == "Venitek (Brest)"
        assert "Venitek (Brest)" in people.answer


async def test_a_colleagues_lists_after_mine_and_who_to_call_there(home: Path) -> None:
    async with conversation(home, thread_id="theirs") as thread:
        await thread.say("quelles sont mes listes ?")
        theirs = await thread.say("et celles de bruno ?")
        assert thread.calls == [("lead_lists", {"owner": "bruno"})]
        owners = {summary["list"]["owner"] for summary in theirs.artifacts[0]["lists"]}
        assert owners == {"bruno.petit"}
        await thread.say("la fiche de Verilia")
        await thread.say("qui j'appelle en premier là-bas ?")
        assert thread.calls[0][0] == "find_decision_makers"


async def test_a_stage_change_by_a_name_several_bear_moves_the_lead(home: Path) -> None:
    async with conversation(home, thread_id="homonym-stage") as thread:
        await thread.say("passe Venitek en SQL")
        assert thread.calls == [
            ("search_companies", {"text": "Venitek", "limit": 10}),
            ("set_lead_stage", {"siren": "793419243", "stage": "sql"}),
        ]


async def test_how_many_are_verified_after_a_run_and_none_verified_said_plainly(
    home: Path,
) -> None:
    async with conversation(home, thread_id="how-many") as thread:
        await thread.say("enrichis les contacts de la liste ESN Lyon")
        counted = await thread.say("et combien sont vérifiés ?")
        assert thread.calls == [] and counted.answer.startswith("Personnes : ")

    from agent.artifacts import CompanyContacts, ContactsArtifact
    from agent.llm.offline.intents.people_answers import narrowed_answer

    kept = ContactsArtifact(companies=[CompanyContacts(siren="552100554", name="Acme")])
    said = narrowed_answer(kept, True, "fr")
    assert said.startswith("Aucune de ces personnes n'a d'e-mail vérifié.")


async def test_the_company_on_screen_added_to_a_list_named_without_the_word(home: Path) -> None:
    async with conversation(home, thread_id="add-it") as thread:
        await thread.say("ESN à Lyon")
        card = await thread.say("la fiche de la 2e")
        siren = card.artifacts[0]["company"]["siren"]
        await thread.say("ajoute la à BTP Bretagne")
        assert thread.calls == [("add_to_list", {"list_name": "BTP Bretagne", "sirens": [siren]})]


async def test_another_reps_leads_asked_as_a_question_of_its_own(home: Path) -> None:
    async with conversation(home, thread_id="bruno-sql") as thread:
        await thread.say("les leads de Chloé pas contactés depuis 60 jours")
        await thread.say("combien de leads a Bruno en SQL ?")
        assert thread.calls == [("list_leads", {"stage": "sql", "owner": "Bruno"})]
        await thread.say("show me Bruno's won deals")
        assert thread.calls == [("list_leads", {"stage": "won", "owner": "Bruno"})]


async def test_the_others_on_screen_enriched_with_the_same_roles(home: Path) -> None:
    async with conversation(home, thread_id="others") as thread:
        found = await thread.say("ESN à Lyon")
        sirens = [company["siren"] for company in found.artifacts[0]["companies"]]
        await thread.say("trouve l'email du DSI de la première")
        await thread.say("et pour les autres aussi, enrichis-les")
        assert thread.calls == [("enrich_contacts", {"sirens": sirens[1:], "roles": ["it"]})]


async def test_their_contacts_after_a_page_of_leads(home: Path) -> None:
    async with conversation(home, thread_id="their-contacts") as thread:
        shown = await thread.say("mes leads en SQL")
        sirens = [lead["siren"] for lead in shown.artifacts[0]["leads"]][:10]
        await thread.say("ok et leurs contacts ?")
        assert thread.calls == [("find_decision_makers", {"sirens": sirens})]


async def test_in_one_of_my_lists_counts_only_the_askers_lists(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="my-lists") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("la fiche de la première")  # a lead of Alice's list ESN Lyon
        mine = await thread.say("elle est dans une de mes listes ?")
        assert mine.answer.startswith("Non : ") and "n'est pas un de vos leads" in mine.answer
        assert "ESN Lyon" in mine.answer  # the lists that hold it are named
        anyone = await thread.say("is it in any list?")
        assert anyone.answer.startswith("Yes: ")


async def test_a_provider_asked_for_that_is_not_set_up_is_said_so(home: Path) -> None:
    async with conversation(home, thread_id="hunter") as thread:
        await thread.say("qui sont les contacts chez Galami ?")
        await thread.say("enrichis-les")
        said = await thread.say("et avec hunter ?")
        assert thread.calls == []
        assert "Hunter n'a pas été utilisé" in said.answer and "HUNTER" in said.answer


async def test_a_budget_alone_after_a_run_runs_it_again_with_that_budget(home: Path) -> None:
    async with conversation(home, thread_id="budget-alone") as thread:
        await thread.say("les DSI des ESN à Toulouse")
        await thread.say("trouve leurs emails")
        ((_, run),) = thread.calls
        await thread.say("avec un budget de 10 crédits max")
        assert thread.calls == [("enrich_contacts", {**run, "budget": 10.0})]

"""Multi-turn conversations on the offline model, about leads: lists made, shown, renamed, given
and deleted; stages moved by rank, pronoun or name; the company and the leads on screen; exports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-leads"))


async def test_lists_and_stages_in_one_conversation(home: Path) -> None:
    async with conversation(home, thread_id="lists") as thread:
        found = await thread.say("ESN en Île-de-France")
        total = found.artifacts[0]["total"]
        created = await thread.say("ajoute-les toutes à une liste 'IDF complète'")
        ((name, args),) = thread.calls
        assert name == "create_lead_list" and "query" in args and "sirens" not in args
        assert f"{total} leads ajoutés" in created.answer

        first = found.artifacts[0]["companies"][0]
        refused = await thread.say("passe la première en SQL")
        assert thread.calls == [("set_lead_stage", {"siren": first["siren"], "stage": "sql"})]
        assert "ne peut pas encore passer en SQL" in refused.answer
        assert "budget, décideur, besoin, échéance" in refused.answer
        moved = await thread.say("passe-la quand même : ils ont signé la lettre d'intention")
        assert thread.calls[0][1]["reason"] == "ils ont signé la lettre d'intention"
        assert "Nouveau → SQL" in moved.answer and "Alice Martin" in moved.answer

        asked = await thread.say("passe la deuxième en perdu")
        ((name, args),) = thread.calls  # tried first: only the reason is missing, so it asks
        assert (name, "reason" in args) == ("set_lead_stage", False)
        assert "Pour quelle raison" in asked.answer
        lost = await thread.say("pas de budget cette année")
        assert thread.calls[0][1]["reason"] == "pas de budget cette année"
        assert "(pas de budget cette année)" in lost.answer

        listed = await thread.say("mes listes")
        assert "IDF complète" in listed.answer

        renamed = await thread.say("renomme la liste IDF complète en IDF 2027")
        assert "s'appelle désormais «\u202fIDF 2027\u202f»" in renamed.answer

        exported = await thread.say("exporte la liste IDF 2027")
        export = exported.artifacts[0]
        assert export["kind"] == "export" and export["rows"] == total
        assert os.stat(export["path"]).st_mode & 0o777 == 0o600

        asked = await thread.say("supprime la liste IDF 2027")
        assert thread.calls == [("delete_lead_list", {"list_name": "IDF 2027"})]
        assert f"ses {total} leads ?" in asked.answer and "Répondez « oui »" in asked.answer
        deleted = await thread.say("oui")
        assert thread.calls == [("delete_lead_list", {"list_name": "IDF 2027", "confirm": True})]
        assert f"avec ses {total} leads" in deleted.answer

        missing = await thread.say("montre les leads de la liste IDF 2027")
        assert missing.answer.startswith("Aucune liste ne s'appelle")


async def test_pronouns_follow_the_company_and_the_list_last_worked_with(home: Path) -> None:
    async with conversation(home, thread_id="pronouns") as thread:
        found = await thread.say("ESN à Lyon")
        first = found.artifacts[0]["companies"][0]
        await thread.say("ajoute la première à une liste 'Pronoms'")
        moved = await thread.say("passe-la en MQL")
        # a lead of two lists (the demo's ESN Lyon too): the list in use settles it
        assert thread.calls[0] == ("set_lead_stage", {"siren": first["siren"], "stage": "mql"})
        assert thread.calls[-1][1].get("list_name", "Pronoms") == "Pronoms"
        assert "→ MQL" in moved.answer
        shown = await thread.say("montre-moi cette liste")
        assert thread.calls == [("list_leads", {"list_name": "Pronoms"})]
        assert "1 lead" in shown.answer
        await thread.say("combien de leads dans Pronoms ?")
        assert thread.calls == [("list_leads", {"list_name": "Pronoms"})]
        await thread.say("renomme-la en Pronoms 2")
        assert thread.calls[0] == (
            "rename_lead_list",
            {"list_name": "Pronoms", "new_name": "Pronoms 2"},
        )
        await thread.say("qui est le dirigeant ?")
        assert thread.calls == [
            ("find_decision_makers", {"sirens": [first["siren"]], "roles": ["ceo"]})
        ]


async def test_that_list_its_owner_and_their_leads(home: Path) -> None:
    async with conversation(home, thread_id="that-list") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("crée une liste 'Dedans' avec les 3 premières")
        inside = await thread.say("what's in that list?")
        assert thread.calls == [("list_leads", {"list_name": "Dedans"})]
        assert inside.answer.startswith("3 leads")
        await thread.say("combien de SQL dedans ?")
        assert thread.calls == [("list_leads", {"list_name": "Dedans", "stage": "sql"})]

        given = await thread.say("donne cette liste à Bruno")
        assert thread.calls == [("assign_lead_list", {"list_name": "Dedans", "owner": "Bruno"})]
        assert "Bruno Petit" in given.answer
        lists = await thread.say("quelles listes a Bruno ?")
        assert thread.calls == [("lead_lists", {"owner": "Bruno"})]
        assert "Dedans" in lists.answer
        theirs = await thread.say("ses leads")
        assert thread.calls == [("list_leads", {"owner": "bruno.petit"})]
        assert all(lead["owner"] == "bruno.petit" for lead in theirs.artifacts[0]["leads"])

        unknown = await thread.say("donne la liste Dedans à Zorglub")
        assert "Aucun commercial ne s'appelle" in unknown.answer


async def test_a_lead_moved_by_its_name_when_it_is_not_on_screen(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="by-name") as thread:
        refused = await thread.say("passe Neoeo en SQL")
        assert [name for name, _ in thread.calls] == ["search_companies", "set_lead_stage"]
        assert thread.calls[1][1]["stage"] == "sql"
        assert "Neoeo ne peut pas encore passer en SQL" in refused.answer
        moved = await thread.say("go ahead anyway: the CEO gave a verbal yes")
        assert thread.calls[0][1]["reason"] == "the CEO gave a verbal yes"
        assert "MQL → SQL" in moved.answer
        back = await thread.say("remets Neoeo en MQL")
        assert thread.calls[1][1]["stage"] == "mql" and "SQL → MQL" in back.answer
    # a teammate's lead: only its owner or a manager moves it
    async with conversation(home, user="alice.martin", thread_id="by-name-2") as thread:
        refused = await thread.say("passe Neoeo en SQL")
        assert refused.answer.startswith("**Neoeo** est un lead de David Roux")
    async with conversation(
        home, user="sophie.manager", role="manager", thread_id="by-name-3"
    ) as thread:
        await thread.say("passe Neoeo en gagné")
        assert "enregistré par Sophie Manager" in thread.turns[-1].answer


async def test_a_lead_picked_from_a_leads_page_is_moved_in_its_own_list(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="from-leads") as thread:
        shown = await thread.say("mes leads en MQL")
        first = shown.artifacts[0]["leads"][0]
        await thread.say("passe le premier en SQL")  # refused: BANT not confirmed
        moved = await thread.say("passe-le quand même, raison : bon de commande reçu")
        assert thread.calls == [
            (
                "set_lead_stage",
                {
                    "siren": first["siren"],
                    "stage": "sql",
                    "list_name": first["list_name"],
                    "reason": "bon de commande reçu",
                },
            )
        ]
        assert "MQL → SQL" in moved.answer


async def test_questions_about_the_company_on_screen(home: Path) -> None:
    async with conversation(home, thread_id="about-it") as thread:
        card = await thread.say("je veux les infos de la société Neoeo")
        siren = card.artifacts[-1]["company"]["siren"]
        for question in ("elle fait combien de CA ?", "elle est dans quelle liste ?"):
            answer = (await thread.say(question)).answer
            assert thread.calls == [("get_company", {"siren": siren})], question
        assert "ESN Lyon" in answer
        await thread.say("ses signaux ?")  # its signals, with its intent score
        assert thread.calls == [("find_signals", {"sirens": [siren]})]
        await thread.say("elle recrute ?")
        assert thread.calls == [("find_signals", {"sirens": [siren], "kinds": ["hiring"]})]
        await thread.say("who runs it?")  # the people known there
        assert thread.calls == [("find_decision_makers", {"sirens": [siren]})]
        missing = await thread.say("cherche 552100554")
        assert missing.answer.startswith("Je ne trouve aucune entreprise pour «\u202f552100554")


async def test_follow_ups_on_a_leads_page_keep_its_filters(home: Path) -> None:
    async with conversation(home, thread_id="leads-follow-ups") as thread:
        await thread.say("mes leads")
        await thread.say("lesquels sont en SQL ?")
        assert thread.calls == [("list_leads", {"stage": "sql", "owner": "alice.martin"})]
        total = thread.turns[-1].artifacts[0]["total"]
        counted = await thread.say("combien il en a ?")
        assert thread.calls == [] and f"Il y a {total} lead" in counted.answer
        await thread.say("et chez Chloé ?")
        assert thread.calls == [("list_leads", {"stage": "sql", "owner": "Chloé"})]
        assert thread.turns[-1].artifacts[0]["leads"][0]["owner"] == "chloe.bernard"
        sorted_ = await thread.say("trie-les par score")
        assert thread.calls == [] and "déjà triés par score" in sorted_.answer


async def test_a_list_named_without_the_word_then_pointed_at(home: Path) -> None:
    async with conversation(home, thread_id="list-pronouns") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("crée une liste 'Pointée' avec les 4 premières")
        await thread.say("renomme Pointée en Pointée 2")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "Pointée", "new_name": "Pointée 2"})
        ]
        await thread.say("affiche-la")
        assert thread.calls == [("list_leads", {"list_name": "Pointée 2"})]
        await thread.say("combien sont encore en nouveau ?")
        assert thread.calls == [("list_leads", {"list_name": "Pointée 2", "stage": "new"})]
        asked = await thread.say("supprime la liste Pointée 2")
        assert "Répondez « oui »" in asked.answer
        await thread.say("non finalement")
        exported = await thread.say("en fait exporte-la plutôt")
        assert thread.calls == [("export_csv", {"list_name": "Pointée 2"})]
        assert exported.artifacts[0]["rows"] == 4


async def test_facts_of_the_company_on_screen_and_a_lost_lead_moved_back(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="facts") as thread:
        lost = await thread.say("show me my lost deals")
        first = lost.artifacts[0]["leads"][0]
        await thread.say("why was the first one lost?")  # its stage changes and reasons
        assert thread.calls == [
            ("qualify_lead", {"siren": first["siren"], "list_name": first["list_name"]})
        ]
        for question in ("et ses effectifs ?", "quand est-ce qu'elle a été créée ?"):
            await thread.say(question)
            assert thread.calls == [("get_company", {"siren": first["siren"]})], question
        await thread.say("pourquoi il est perdu ?")  # its stage changes and their reasons
        assert thread.calls == [("qualify_lead", {"siren": first["siren"]})]
        moved = await thread.say("move it back to MQL")
        assert thread.calls == [("set_lead_stage", {"siren": first["siren"], "stage": "mql"})]
        assert "Lost → MQL" in moved.answer


async def test_a_reps_leads_page_by_page(home: Path) -> None:
    async with conversation(home, thread_id="leads-pages") as thread:
        first = await thread.say("mes leads")
        assert first.artifacts[0]["owner"] == "alice.martin"
        following = await thread.say("les suivants")
        ((name, args),) = thread.calls
        # the answer quoted the first 10: the next page starts at the 11th
        assert name == "list_leads" and (args["offset"], args["limit"]) == (10, 10)
        assert args["owner"] == "alice.martin"
        assert following.artifacts[0]["offset"] == args["offset"]
        assert "du 11e au 20e" in following.answer


async def test_the_first_n_beyond_the_page_are_fetched_then_added(home: Path) -> None:
    async with conversation(home, thread_id="first-n") as thread:
        found = await thread.say("ESN en Île-de-France")
        assert found.artifacts[0]["total"] > 20
        added = await thread.say("ajoute les 20 premières à une liste 'Vingt IDF'")
        assert [name for name, _ in thread.calls] == ["search_companies", "create_lead_list"]
        assert thread.calls[0][1]["limit"] == 20
        assert len(thread.calls[1][1]["sirens"]) == 20
        assert "20 leads ajoutés" in added.answer


async def test_a_list_named_after_the_question_is_created_or_added_to(home: Path) -> None:
    async with conversation(home, thread_id="named-after") as thread:
        await thread.say("ESN à Lyon")
        asked = await thread.say("ajoute les 3 premières à la liste")
        assert thread.calls == [] and "Quel nom" in asked.answer
        created = await thread.say("Prospects <b>Lyon</b>")
        ((name, args),) = thread.calls
        assert (name, args["name"], len(args["sirens"])) == (
            "create_lead_list",
            "Prospects <b>Lyon</b>",
            3,
        )
        assert "Prospects \\<b\\>Lyon\\</b\\>" in created.answer  # escaped, never HTML


async def test_a_teammates_list_or_lead_is_refused_before_any_question(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="teammate") as thread:
        refused = await thread.say("supprime la liste SaaS Île-de-France")
        assert "appartient à Chloe Bernard" in refused.answer and "Répondez" not in refused.answer
        assert (await thread.say("oui")).answer.startswith("Je n'ai rien en attente")
        await thread.say("montre les leads de la liste SaaS Île-de-France")
        refused = await thread.say("passe le premier en perdu")
        assert "seul son responsable ou un manager" in refused.answer
        assert "Pour quelle raison" not in refused.answer


async def test_follow_ups_on_an_export(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="exports") as thread:
        await thread.say("exporte ma liste BTP Bretagne en csv")
        await thread.say("seulement les SQL")
        assert thread.calls == [("export_csv", {"list_name": "BTP Bretagne", "stage": "sql"})]
        where = await thread.say("il est où le fichier ?")
        assert thread.calls == [] and where.answer.startswith("Fichier :")
        assert "liste-btp-bretagne" in where.answer
        await thread.say("and the Cabinets comptables Gironde list too")
        assert thread.calls == [
            ("export_csv", {"list_name": "Cabinets comptables Gironde", "stage": "sql"})
        ]


async def test_a_list_named_in_a_declined_request_is_the_one_meant_next(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="declined-list") as thread:
        declined = await thread.say("synchronise ma liste Cabinets comptables Gironde avec HubSpot")
        assert thread.calls == [
            ("push_to_crm", {"list_name": "Cabinets comptables Gironde", "crm": "hubspot"})
        ]
        assert "HubSpot n'est pas configuré" in declined.answer  # no key in the tests
        await thread.say("bon, exporte-la en CSV alors")
        assert thread.calls == [("export_csv", {"list_name": "Cabinets comptables Gironde"})]


async def test_counted_leads_are_shown_then_paged(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="count-show") as thread:
        await thread.say("j'ai combien de leads pas contactés depuis un mois ?")
        await thread.say("montre-les")
        assert thread.calls == [
            ("list_leads", {"owner": "chloe.bernard", "not_contacted_days": 30})
        ]
        await thread.say("la suite")
        ((_, args),) = thread.calls
        assert (args["offset"], args["limit"]) == (10, 10)


async def test_lists_named_without_the_word_once_shown(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="known-lists") as thread:
        await thread.say("mes listes")
        await thread.say("montre moi les leads de ESN Lyon qui sont en MQL")
        assert thread.calls == [("list_leads", {"list_name": "ESN Lyon", "stage": "mql"})]
        await thread.say("ESN à Villeurbanne")
        await thread.say("la première")
        await thread.say("ajoute-la à ESN Lyon")
        ((name, args),) = thread.calls
        assert (name, args["list_name"], len(args["sirens"])) == ("add_to_list", "ESN Lyon", 1)


async def test_a_reason_starting_with_no_is_a_reason(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="no-budget") as thread:
        await thread.say("mes leads en MQL")
        asked = await thread.say("passe le premier en disqualifié")
        assert "For what reason" in asked.answer or "Pour quelle raison" in asked.answer
        await thread.say("no budget, they're too small")
        ((name, args),) = thread.calls
        assert (name, args["reason"]) == ("set_lead_stage", "no budget, they're too small")


async def test_rename_it_again_and_exports_that_stay_in_scope(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="scope-exports") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("crée une liste 'Encore' avec les 2 premières")
        await thread.say("renomme-la encore, en Encore 2")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "Encore", "new_name": "Encore 2"})
        ]
        await thread.say("montre-moi cette liste")
        await thread.say("exporte seulement les nouveaux")
        assert thread.calls == [("export_csv", {"list_name": "Encore 2", "stage": "new"})]
        counted = await thread.say("y en avait combien ?")
        assert thread.calls == [] and "Le fichier exporté compte 2 lignes." in counted.answer
        await thread.say("leads de Bruno")
        exported = await thread.say("exporte ses leads en SQL")  # what she may read of his
        assert thread.calls == [("export_csv", {"owner": "bruno.petit", "stage": "sql"})]
        assert "Export CSV prêt" in exported.answer


async def test_facts_about_the_lead_on_screen(home: Path) -> None:
    async with conversation(home, thread_id="stage-now") as thread:
        card = await thread.say("je veux les infos de la société Neoeo")
        siren = card.artifacts[-1]["company"]["siren"]
        for question in ("elle a quel statut maintenant ?", "elle fait quoi comme activité ?"):
            await thread.say(question)
            assert thread.calls == [("get_company", {"siren": siren})], question


async def test_a_reps_own_follow_ups_on_leads_and_a_list_shown_by_its_name(home: Path) -> None:
    async with conversation(home, thread_id="eval8-leads") as thread:
        await thread.say("mes leads stp")
        await thread.say("lesquels sont en MQL ?")
        await thread.say("lesquels j'ai pas relancé depuis 45 jours ?")
        ((name, args),) = thread.calls
        assert name == "list_leads" and args["stage"] == "mql"
        assert args["not_contacted_days"] == 45

    async with conversation(
        home, user="julie.moreau", role="manager", thread_id="eval8-count"
    ) as thread:
        await thread.say("montre les leads de David")
        await thread.say("et chez Alice ?")
        total = thread.turns[-1].artifacts[0]["total"]
        counted = await thread.say("combien elle en a ?")
        assert thread.calls == []
        assert str(total) in counted.answer

    async with conversation(home, user="bruno.petit", thread_id="eval8-list") as thread:
        await thread.say("show me my lists")
        shown = await thread.say("what's in Cabinets comptables Gironde?")
        assert thread.calls == [("list_leads", {"list_name": "Cabinets comptables Gironde"})]
        assert shown.answer.startswith(f"{shown.artifacts[0]['total']} leads")
        await thread.say("only the won ones")
        assert thread.calls == [
            ("list_leads", {"list_name": "Cabinets comptables Gironde", "stage": "won"})
        ]
        await thread.say("rename it to Experts Gironde")
        assert thread.calls == [
            (
                "rename_lead_list",
                {"list_name": "Cabinets comptables Gironde", "new_name": "Experts Gironde"},
            )
        ]
        await thread.say("rename it to Cabinets comptables Gironde")  # as the other tests expect


async def test_adding_one_more_losing_one_and_a_deleted_list(home: Path) -> None:
    async with conversation(home, thread_id="eval8-more") as thread:
        found = await thread.say("ESN en Île-de-France")
        sixth = found.artifacts[0]["companies"][5]["siren"]
        await thread.say("mets les 5 premières dans une liste 'Eval8 IDF'")
        added = await thread.say("ajoute aussi la 6e")
        assert thread.calls == [("add_to_list", {"list_name": "Eval8 IDF", "sirens": [sixth]})]
        assert "1 lead ajouté" in added.answer
        lost = await thread.say("la 6e, on l'a perdue")
        assert thread.calls[0] == ("set_lead_stage", {"siren": sixth, "stage": "lost"})
        assert "Pour quelle raison" in lost.answer
        done = await thread.say("budget coupé pour 2027")
        assert thread.calls[0][1]["reason"] == "budget coupé pour 2027"
        assert "Perdu (budget coupé pour 2027)" in done.answer
        await thread.say("supprime la liste Eval8 IDF")
        kept = await thread.say("attends non")
        assert thread.calls == [] and "rien fait" in kept.answer
        await thread.say("supprime la liste Eval8 IDF")
        await thread.say("oui")
        gone = await thread.say("elle existe encore ?")
        assert thread.calls == []
        assert gone.answer.startswith("Non : la liste «\u202fEval8 IDF\u202f» a été supprimée")
        empty = await thread.say("trouve des cabinets d'avocats à Paris de plus de 5000 salariés")
        assert empty.artifacts[0]["total"] == 0
        nothing = await thread.say("crée une liste 'Avocats Paris' avec tout ça")
        assert thread.calls == [] and "n'a trouvé aucune entreprise" in nothing.answer


async def test_the_next_card_and_the_people_of_a_lists_first_lead(home: Path) -> None:
    async with conversation(home, thread_id="eval8-next") as thread:
        found = await thread.say("les 10 plus grosses boites de Toulouse")
        rows = [company["siren"] for company in found.artifacts[0]["companies"]]
        await thread.say("la 3e")
        await thread.say("son site web ?")
        await thread.say("et la suivante ?")
        assert thread.calls == [("get_company", {"siren": rows[3]})]
        await thread.say("the previous one")
        assert thread.calls == [("get_company", {"siren": rows[2]})]

    async with conversation(home, thread_id="eval8-list-people") as thread:
        people = await thread.say("l'email du DG de la 1ère boîte de ma liste ESN Lyon ?")
        (leads, makers) = thread.calls
        assert leads == ("list_leads", {"list_name": "ESN Lyon", "limit": 1})
        first = people.artifacts[0]["leads"][0]["siren"]
        assert makers == ("find_decision_makers", {"sirens": [first], "roles": ["ceo"]})


async def test_a_lead_named_then_moved_exports_of_the_screen_and_reasons(home: Path) -> None:
    async with conversation(home, thread_id="eval9-stage") as thread:
        await thread.say("ESN à Lyon")
        first = thread.turns[-1].artifacts[0]["companies"][0]
        await thread.say("ajoute la première à une liste 'Eval9'")
        moved = await thread.say(f"{first['name']} vient de signer, passe-la en gagné")
        name, args = thread.calls[-1]
        assert (name, args["siren"], args["stage"]) == ("set_lead_stage", first["siren"], "won")
        assert "→ Gagné" in moved.answer

    async with conversation(home, thread_id="eval9-export") as thread:
        found = await thread.say("quels sont mes leads que j'ai pas relancé depuis 45 jours ?")
        total = found.artifacts[0]["total"]
        exported = await thread.say("exporte moi ça en CSV")
        assert thread.calls == [("export_csv", {"mine": True, "not_contacted_days": 45})]
        assert exported.artifacts[0]["rows"] == total

    async with conversation(home, thread_id="eval9-reasons") as thread:
        await thread.say("montre les leads perdus")
        told = await thread.say("pourquoi on les a perdus ?")
        assert thread.calls == []
        assert "raison" in told.answer.lower()

"""Answers shown with a table say the count and what to ask next, not the rows again: the
offline model's real answers (search, page, leads, pipeline) and an LLM-like one, whole and as
they stream, with the sanitizer still in front."""

from __future__ import annotations

import pytest

from ui.answer_rows import without_repeated_rows
from ui.answer_stream import SafeAnswer

SEARCH = """48 entreprises correspondent à votre recherche ; voici les 5 premières :

- **Groupe Giraud Data Services** — Lyon 2e, 500 à 999 salariés (SIREN 443875497)
- **Maison Garcia Infogérance** — Lyon 4e, 250 à 499 salariés (SIREN 304970494)

Demandez « les suivantes », « trie-les par effectif », « la fiche de la première »."""
SEARCH_KEYS = {"443875497", "304970494", "Groupe Giraud Data Services", "Maison Garcia Infogérance"}

PAGE = """Entreprises 11 à 20 sur 48 :

- **Dauphiné Informatique** — Lyon 6e (SIREN 584605497)

Demandez « les suivantes »."""

LEADS = """80 leads (liste « ESN Lyon ») ; les 5 premiers :

- **Martinez Informatique** — Lyon 9e, Gagné, alice.martin, score 92, liste ESN Lyon
- **Tessier et Associés** — Lyon 5e, Gagné, alice.martin, score 87, liste ESN Lyon"""

PIPELINE = """Pipeline — semaine du 30/11/2026 au 06/12/2026

- Étapes (404 leads) : Nouveau 147, MQL 90
- Conversion : Nouveau → MQL 57,7 %

Par commercial :
- alice.martin : 0 nouveaux leads, 0 SQL, 1 gagnés
- rep : 10 nouveaux leads, 0 SQL, 0 gagnés"""


def test_a_search_answer_keeps_its_count_and_next_steps() -> None:
    assert without_repeated_rows(SEARCH, SEARCH_KEYS) == (
        "48 entreprises correspondent à votre recherche.\n\n"
        "Demandez « les suivantes », « trie-les par effectif », « la fiche de la première »."
    )


def test_an_introduction_ends_as_a_sentence_and_a_heading_goes() -> None:
    assert without_repeated_rows(PAGE, {"584605497"}) == (
        "Entreprises 11 à 20 sur 48.\n\nDemandez « les suivantes »."
    )
    every = "5 entreprises correspondent à votre recherche :\n\n- **A** (SIREN 443875497)\n\nNext."
    assert without_repeated_rows(every, {"443875497"}) == (
        "5 entreprises correspondent à votre recherche.\n\nNext."
    )
    assert without_repeated_rows(LEADS, {"Martinez Informatique", "Tessier et Associés"}) == (
        "80 leads (liste « ESN Lyon »)."
    )


def test_only_the_lines_naming_a_row_go() -> None:
    shown = without_repeated_rows(PIPELINE, {"alice.martin", "rep"})
    assert shown.rstrip() == (
        "Pipeline — semaine du 30/11/2026 au 06/12/2026\n\n"
        "- Étapes (404 leads) : Nouveau 147, MQL 90\n"
        "- Conversion : Nouveau → MQL 57,7 %"
    )
    assert "représentant" in without_repeated_rows("- un représentant : 3", {"rep"}), "words only"


def test_a_record_keeps_its_facts_and_contacts_and_leaves_its_lists_to_the_table() -> None:
    record = (
        "**Maison Garcia Infogérance** — Lyon 4e (SIREN 304970494)\n\n"
        "- Catégorie : ETI\n- Code postal : 69004\n\n"
        "Contacts (1) :\n- Béatrice Lecomte — Présidente\n\n"
        "Dans les listes :\n- ESN Lyon — SQL, alice.martin\n- Cibles T1 — Nouveau, rep"
    )
    assert (
        without_repeated_rows(record, {"ESN Lyon", "Cibles T1"})
        == (
            "**Maison Garcia Infogérance** — Lyon 4e (SIREN 304970494)\n\n"
            "- Catégorie : ETI\n- Code postal : 69004\n\n"
            "Contacts (1) :\n- Béatrice Lecomte — Présidente\n"
        ).rstrip()
    )


def test_no_table_no_change_and_code_stays_as_written() -> None:
    assert without_repeated_rows(SEARCH, set()) == SEARCH
    code = "Voici :\n\n```\n- 443875497\n```\n\n- 443875497 en clair"
    assert without_repeated_rows(code, SEARCH_KEYS) == "Voici :\n\n```\n- 443875497\n```"


def test_an_llm_style_answer_with_escaped_names_and_a_numbered_list() -> None:
    answer = (
        "J'ai trouvé 2 entreprises :\n\n"
        "1. **Maison Garcia Infogérance** à Lyon\n"
        "   une ETI en croissance\n"
        "2. __Groupe Giraud Data Services__ \\(SIREN 443875497\\)\n\n"
        "Voulez-vous les ajouter à une liste ?"
    )
    assert without_repeated_rows(answer, SEARCH_KEYS) == (
        "J'ai trouvé 2 entreprises.\n\nVoulez-vous les ajouter à une liste ?"
    )


@pytest.mark.parametrize(
    ("answer", "keys"),
    [(SEARCH, SEARCH_KEYS), (PAGE, {"584605497"}), (PIPELINE, {"alice.martin", "rep"})],
)
def test_streamed_answers_only_grow_and_end_as_the_whole(answer: str, keys: set[str]) -> None:
    headings = [
        line for line in answer.splitlines() if line.endswith(":") and len(line.split()) <= 4
    ]
    shown = ""
    for end in range(1, len(answer) + 1):
        now = without_repeated_rows(answer[:end], keys, final=False)
        if not now.startswith(shown):
            # Only a heading ("Par commercial :") may be taken back, once it ends.
            taken_back = shown.splitlines()[-1]
            assert any(line.startswith(taken_back) for line in headings), taken_back
        shown = now
    assert shown.rstrip() == without_repeated_rows(answer, keys).rstrip()


def test_no_repeated_row_is_ever_streamed_to_the_browser() -> None:
    safe = SafeAnswer()
    safe.leave_out(SEARCH_KEYS)
    sent = ""
    for word in SEARCH.split(" "):
        update = safe.add(word + " ")
        if update is not None:
            sent = update.token if update.is_sequence else sent + update.token
            assert "443875497" not in sent and "Giraud" not in sent
            assert "voici" not in sent
    assert safe.final("").rstrip() == without_repeated_rows(SEARCH, SEARCH_KEYS)


def test_the_sanitizer_still_guards_what_is_left() -> None:
    safe = SafeAnswer()
    safe.leave_out({"443875497"})
    safe.add("- ![p](https://evil.example/p.png) SIREN 443875497\n\n![q](https://evil.example/q)")
    assert safe.final("") == "q", "the repeated row gone, the image reduced to its text"

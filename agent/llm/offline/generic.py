"""Answers that need no template: tool errors explained, results without an artifact."""

from __future__ import annotations

from agent.llm.language import Language
from agent.llm.offline.results import ToolResult

_HINTS: dict[str, dict[Language, str]] = {
    "search_companies": {
        "fr": "Reformulez la recherche, par exemple « ESN de 50 à 200 salariés à Lyon ».",
        "en": "Rephrase the search, for example “IT services companies in Lyon”.",
    },
    "get_company": {
        "fr": "Vérifiez le SIREN (9 chiffres) ou cherchez d'abord l'entreprise par son nom.",
        "en": "Check the SIREN (9 digits), or search for the company by name first.",
    },
    "create_lead_list": {
        "fr": "Vérifiez le nom de la liste et relancez une recherche si besoin.",
        "en": "Check the list name, and search again if needed.",
    },
    "add_to_list": {
        "fr": "Vérifiez le nom de la liste (« crée une liste … » pour en créer une).",
        "en": "Check the list name (“create a list called …” makes a new one).",
    },
    "list_leads": {
        "fr": "Vérifiez le nom de la liste, l'étape (new, MQL, SQL, won, lost) ou le commercial.",
        "en": "Check the list name, the stage (new, MQL, SQL, won, lost) or the owner.",
    },
    "pipeline_summary": {
        "fr": "Précisez la période (semaine, mois, trimestre, année) ou le commercial.",
        "en": "Give the period (week, month, quarter, year) or the owner.",
    },
}
_DEFAULT_HINT: dict[Language, str] = {
    "fr": "Reformulez la demande ou tapez « aide » pour des exemples.",
    "en": "Rephrase the request, or type “help” for examples.",
}


def explain_error(result: ToolResult, language: Language) -> str:
    """An error ToolMessage told to the user, with what to do next."""
    reason = result.content.strip() or ("unknown error" if language == "en" else "erreur inconnue")
    hint = _HINTS.get(result.tool, _DEFAULT_HINT)[language]
    tool = f" (`{result.tool}`)" if result.tool else ""
    if language == "en":
        return f"That did not work{tool}: {reason}\n\n{hint}"
    return f"Cela n'a pas abouti{tool} : {reason}\n\n{hint}"


def plain_answer(result: ToolResult, language: Language) -> str:
    """A result with no usable artifact: its text, as the tool wrote it."""
    if result.is_error:
        return explain_error(result, language)
    intro = "Here is the result:" if language == "en" else "Voici le résultat :"
    return f"{intro}\n\n{result.content.strip()}"

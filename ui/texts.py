"""The app's own strings in French (default) and English, keyed on the browser's language."""

from __future__ import annotations

from typing import Literal

UiLanguage = Literal["fr", "en"]

TEXTS: dict[str, dict[UiLanguage, str]] = {
    "offline": {
        "fr": "Mode hors ligne : Filon répond avec son modèle intégré, sans LLM. Pour brancher "
        "un LLM, définissez OPENAI_API_KEY (et OPENAI_BASE_URL pour un serveur compatible "
        "OpenAI : Mistral, Ollama, vLLM…) puis relancez `filon ui`.",
        "en": "Offline mode: Filon answers with its built-in model, no LLM. To plug an LLM, set "
        "OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server: Mistral, Ollama, "
        "vLLM…) and restart `filon ui`.",
    },
    "empty": {
        "fr": "Message vide : dites-moi ce que vous cherchez, par exemple « Trouve des ESN à Lyon ».",
        "en": "Empty message: tell me what you are looking for, e.g. “Find IT firms in Lyon”.",
    },
    "too_long": {
        "fr": "Message trop long ({length} caractères) : {limit} au plus. Résumez votre demande.",
        "en": "Message too long ({length} characters): {limit} at most. Please shorten it.",
    },
    "busy": {
        "fr": "Un instant, je termine la demande précédente.",
        "en": "One moment, I am finishing the previous request.",
    },
    "store_locked": {
        "fr": "La base de données est occupée (verrouillée par un autre programme, un import "
        "par exemple) : réessayez dans un instant.",
        "en": "The database is busy (locked by another program, an import for instance): "
        "try again in a moment.",
    },
    "store_unavailable": {
        "fr": "La base de données est indisponible ({reason}). Vérifiez FILON_DATABASE_URL "
        "ou relancez `filon ui` ; je reste à votre écoute.",
        "en": "The database is unavailable ({reason}). Check FILON_DATABASE_URL or restart "
        "`filon ui`; I am still here.",
    },
    "expired": {
        "fr": "Ces résultats ne sont plus en mémoire : relancez la recherche.",
        "en": "These results are no longer in memory: run the search again.",
    },
    "companies_total": {
        "fr": "{shown} entreprise(s) affichée(s) sur {total}.",
        "en": "{shown} of {total} companies shown.",
    },
    "leads_total": {
        "fr": "{shown} lead(s) affiché(s) sur {total}.",
        "en": "{shown} of {total} leads shown.",
    },
    "action_create_list": {"fr": "Créer une liste", "en": "Create a list"},
    "action_export_csv": {"fr": "Exporter en CSV", "en": "Export as CSV"},
    "action_show_company": {"fr": "Voir la fiche", "en": "Show the record"},
    "list_name": {"fr": "Recherche du {when}", "en": "Search of {when}"},
    "request_create_list": {
        "fr": "Crée une liste « {name} » avec les entreprises {sirens}",
        "en": "Create a list “{name}” with the companies {sirens}",
    },
    "request_show_company": {
        "fr": "Montre la fiche de l'entreprise {siren}",
        "en": "Show the company {siren}",
    },
    "csv_ready": {
        "fr": "Export CSV ({rows} ligne(s), séparateur « ; », UTF-8) :",
        "en": "CSV export ({rows} row(s), “;” separator, UTF-8):",
    },
    "chart_title": {"fr": "Pipeline par étape", "en": "Pipeline by stage"},
    "trend_title": {"fr": "Cette période / précédente", "en": "This period / previous"},
    "setting_source": {"fr": "Source des entreprises", "en": "Company source"},
    "source_local": {"fr": "Base locale", "en": "Local store"},
    "source_api": {"fr": "API Recherche d'entreprises", "en": "Recherche d'entreprises API"},
    "source_auto": {
        "fr": "Auto (base locale, puis l'API en ligne)",
        "en": "Auto (local store, then the online API)",
    },
    "source_changed": {
        "fr": "Source des entreprises : {source}.",
        "en": "Company source: {source}.",
    },
    "starter_search": {
        "fr": "Trouve des ESN de 50 à 200 salariés à Lyon",
        "en": "Find IT services firms with 50 to 200 employees in Lyon",
    },
    "starter_pipeline": {
        "fr": "Résumé du pipeline de la semaine",
        "en": "Pipeline summary this week",
    },
    "starter_leads": {
        "fr": "Montre les leads de la liste ESN Lyon",
        "en": "Show the leads of the list ESN Lyon",
    },
    "starter_help": {"fr": "Que sais-tu faire ?", "en": "What can you do?"},
    "step_done": {"fr": "{status} en {duration}", "en": "{status} in {duration}"},
    "status_success": {"fr": "terminé", "en": "done"},
    "status_error": {"fr": "erreur", "en": "error"},
    "col_name": {"fr": "Entreprise", "en": "Company"},
    "col_city": {"fr": "Ville", "en": "City"},
    "col_sector": {"fr": "Secteur", "en": "Sector"},
    "col_headcount": {"fr": "Effectif", "en": "Headcount"},
    "col_category": {"fr": "Catégorie", "en": "Category"},
    "col_stage": {"fr": "Étape", "en": "Stage"},
    "col_owner": {"fr": "Responsable", "en": "Owner"},
    "col_field": {"fr": "Champ", "en": "Field"},
    "col_value": {"fr": "Valeur", "en": "Value"},
    "record": {"fr": "fiche", "en": "record"},
    "stage_new": {"fr": "Nouveau", "en": "New"},
    "stage_mql": {"fr": "MQL", "en": "MQL"},
    "stage_sql": {"fr": "SQL", "en": "SQL"},
    "stage_won": {"fr": "Gagné", "en": "Won"},
    "stage_lost": {"fr": "Perdu", "en": "Lost"},
    "stage_disqualified": {"fr": "Disqualifié", "en": "Disqualified"},
    "trend_new_leads": {"fr": "Nouveaux leads", "en": "New leads"},
    "trend_new_sqls": {"fr": "Nouveaux SQL", "en": "New SQLs"},
    "trend_won": {"fr": "Gagnés", "en": "Won"},
    "pipeline_numbers": {
        "fr": "{total} leads · conversion new → MQL {new_to_mql}, MQL → SQL {mql_to_sql}, "
        "SQL → gagné {sql_to_won}",
        "en": "{total} leads · conversion new → MQL {new_to_mql}, MQL → SQL {mql_to_sql}, "
        "SQL → won {sql_to_won}",
    },
}


def ui_language(browser_language: str | None) -> UiLanguage:
    """English when the browser asks for it (en, en-US, en-GB…), French otherwise."""
    return "en" if (browser_language or "").lower().startswith("en") else "fr"


def text(key: str, language: UiLanguage, **values: object) -> str:
    """The string `key` in `language`, with `{placeholders}` filled in."""
    template = TEXTS[key][language]
    return template.format(**values) if values else template


def number(value: int, language: UiLanguage) -> str:
    """20 000 in French (narrow no-break space), 20,000 in English."""
    grouped = f"{value:,}"
    return grouped.replace(",", "\u202f") if language == "fr" else grouped

"""INSEE legal categories (*catégories juridiques*): the common ones by code, families by prefix."""

from __future__ import annotations

LEGAL_FORMS: dict[str, str] = {
    "1000": "Entrepreneur individuel",
    "5202": "Société en nom collectif",
    "5306": "Société en commandite simple",
    "5410": "SARL nationale",
    "5498": "SARL unipersonnelle (EURL)",
    "5499": "SARL",
    "5505": "SA à participation ouvrière à conseil d'administration",
    "5510": "SA nationale à conseil d'administration",
    "5515": "SA d'économie mixte à conseil d'administration",
    "5599": "SA à conseil d'administration",
    "5699": "SA à directoire",
    "5710": "SAS",
    "5720": "SASU",
    "5785": "Société d'exercice libéral par actions simplifiée",
    "5485": "Société d'exercice libéral à responsabilité limitée",
    "6220": "Groupement d'intérêt économique",
    "6316": "Coopérative d'utilisation de matériel agricole",
    "6540": "Société civile immobilière",
    "6599": "Autre société civile",
    "7112": "Autorité administrative indépendante",
    "7210": "Commune",
    "7389": "Établissement public national à caractère administratif",
    "9220": "Association déclarée",
    "9300": "Fondation",
}

FAMILIES: dict[str, str] = {
    "10": "Entrepreneur individuel",
    "52": "Société en nom collectif",
    "53": "Société en commandite",
    "54": "SARL",
    "55": "SA à conseil d'administration",
    "56": "SA à directoire",
    "57": "SAS",
    "58": "Société européenne",
    "63": "Coopérative",
    "65": "Société civile",
    "71": "Administration de l'État",
    "72": "Collectivité territoriale",
    "73": "Établissement public administratif",
    "92": "Association loi 1901",
    "93": "Fondation",
}

# Short names a user types, to category prefixes (a prefix matches every code starting with it).
ALIASES: dict[str, tuple[str, ...]] = {
    "EI": ("10",),
    "SNC": ("52",),
    "SARL": ("54",),
    "EURL": ("5498",),
    "SA": ("55", "56"),
    "SAS": ("57",),
    "SASU": ("5720",),
    "SCI": ("6540",),
    "ASSOCIATION": ("92",),
}


def legal_form_label(code: str | None) -> str | None:
    """A French label for a legal category code, falling back on its family."""
    if not code:
        return None
    return LEGAL_FORMS.get(code) or FAMILIES.get(code[:2])


def legal_form_prefixes(value: str) -> tuple[str, ...]:
    """Category prefixes for a user value: a code (`5710`, `57`) or a short name (`SAS`)."""
    cleaned = value.strip().upper()
    if cleaned.isdigit():
        return (cleaned,)
    return ALIASES.get(cleaned, ())

"""Legal forms users type ("SAS", "SARL", "associations") → INSEE legal-category prefixes."""

from __future__ import annotations

from store.reference.legal import ALIASES

LEGAL_WORDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ALIASES["SARL"]: ("SARL", "société à responsabilité limitée", "limited liability company"),
    ALIASES["EURL"]: ("EURL", "SARL unipersonnelle"),
    ALIASES["SAS"]: ("SAS", "société par actions simplifiée"),
    ALIASES["SASU"]: ("SASU", "SAS unipersonnelle"),
    ALIASES["SA"]: ("société anonyme",),
    ALIASES["SCI"]: ("SCI", "société civile immobilière"),
    ALIASES["SNC"]: ("SNC", "société en nom collectif"),
    ALIASES["ASSOCIATION"]: ("association", "asso", "association loi 1901", "nonprofit",
                             "non-profit", "non profit", "NGO", "ONG"),
    ALIASES["EI"]: ("entreprise individuelle", "entrepreneur individuel", "auto-entrepreneur",
                    "auto entrepreneur", "autoentrepreneur", "micro-entrepreneur",
                    "micro entrepreneur", "freelance", "freelancer", "indépendant",
                    "sole trader", "sole proprietorship"),
    ("5485",): ("SELARL",),
    ("5785",): ("SELAS",),
    ("6220",): ("GIE", "groupement d'intérêt économique"),
    ("93",): ("fondation", "foundation"),
}  # fmt: skip
# Short forms that are also ordinary words ("sa" is a French possessive): capitals only.
LEGAL_WORDS_UPPER_ONLY: dict[tuple[str, ...], tuple[str, ...]] = {
    ALIASES["SA"]: ("SA",),
    ALIASES["EI"]: ("EI",),
}

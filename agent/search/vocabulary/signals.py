"""Words outside the company filters: buying signals ("qui recrutent"), closed companies, limits.

Signal words ("qui recrutent", "qui ont levé des fonds", "en procédure collective") become the
search's `signal_kinds`; "legal" is every kind of legal notice.
The job after a hiring verb ("qui recrutent des devs", "hiring sales reps") is a detail of
that signal, not a sector nor a name: it goes with the signal's words.
"""

from __future__ import annotations

import re
from functools import cache

from .fold import fold

SIGNAL_WORDS: dict[str, tuple[str, ...]] = {
    "hiring": ("qui recrutent", "recrutent", "qui recrute", "recrute", "embauche", "recrute-t-elle",
               "qui embauchent", "embauchent", "is hiring", "hires", "is recruiting",
               "en cours de recrutement", "offres d'emploi", "en recrutement", "hiring",
               "are hiring", "currently hiring", "that are hiring", "who are hiring",
               "job openings", "job offers", "recruiting"),
    "fundraising": ("levée de fonds", "levées de fonds", "qui ont levé des fonds",
                    "ont levé des fonds", "qui lèvent des fonds", "qui ont levé",
                    "ayant levé des fonds", "levé des fonds", "a levé des fonds",
                    "levé de l'argent", "levée de capitaux", "fundraising", "raised funds", "recently funded",
                    "funding round", "raised money", "that raised funds", "who raised funds",
                    "which raised funds", "that have raised money", "that raised", "who raised",
                    "that have raised", "have raised funds", "raised a round"),
    "leadership_change": ("nouveau dirigeant", "nouveaux dirigeants", "changement de dirigeant",
                          "changé de dirigeant", "nouveau directeur général", "nouveau pdg",
                          "nouveau ceo", "changement de direction", "new ceo",
                          "new management", "new leadership", "leadership change",
                          "nouveau dg", "nouvelle dg", "nouvelle dirigeante", "nouvelle pdg",
                          "nouvelle directrice générale", "nouvelle direction", "nouveau président",
                          "nouvelle présidente", "nouveau gérant", "nouvelle gérante",
                          "new managing director", "new chief executive", "new president"),
    "job_change": ("changement de poste", "job change", "job changes"),
    "new_site": ("nouveau site", "nouvelle agence", "nouvel établissement", "nouveaux locaux",
                 "ouvert un site", "ouvert une agence", "new office", "new site", "opened an office"),
    "insolvency": ("procédure collective", "procédures collectives", "redressement judiciaire",
                   "liquidation judiciaire", "en liquidation", "en redressement",
                   "en redressement judiciaire", "en liquidation judiciaire",
                   "en procédure collective", "en procédure de sauvegarde",
                   "procédure de sauvegarde", "en difficulté", "insolvency", "insolvent",
                   "in receivership", "bankruptcy", "bankrupt"),
    "legal": ("annonces légales", "annonce légale", "bodacc", "legal notices", "legal notice"),
}  # fmt: skip

CLOSED_WORDS: tuple[str, ...] = (
    "y compris les fermées", "y compris fermées", "y compris les entreprises fermées",
    "y compris les fermés", "y compris les radiées", "y compris les cessées",
    "y compris les inactives", "fermées incluses", "fermées comprises", "même fermées",
    "même les fermées", "actives et fermées", "actives ou fermées", "fermées", "radiées",
    "cessées", "inactives", "including closed", "including closed ones", "include closed",
    "including inactive", "closed included", "closed too", "active and closed",
    "including ceased", "closed", "ceased", "defunct", "inactive", "dissolved",
)  # fmt: skip


# Jobs a rep names after a hiring verb, folded, plurals allowed by the pattern.
_JOBS = (
    r"devs?|developpeu(?:r|se)s?|developers?|ingenieurs?|engineers?|commercia(?:l|ux|les?)"
    r"|sales(?:\s+reps?)?|business\s+developers?|bizdevs?|data\s+(?:scientists?"
    r"|engineers?|analysts?)|consultants?|techniciens?|technicians?|comptables?|accountants?"
    r"|chefs?\s+de\s+projets?|project\s+managers?|product\s+managers?|designers?|devops|sre"
    r"|cadres?|stagiaires?|alternants?|interns?|infirmiers?|infirmieres?|nurses?|chauffeurs?"
    r"|drivers?|profils?\s+tech(?:niques?)?|tech\s+profiles?|full\s*-?\s*stack|front\s*-?\s*end"
    r"|back\s*-?\s*end|recruteurs?|recruiters?|marketeurs?|marketers?|juristes?|lawyers?"
)
_HIRING_VERB = (
    r"(?:qui\s+)?(?:recrutent|recrute|embauchent|embauche|cherchent|recherchent)"
    r"|(?:that\s+|who\s+)?(?:are\s+)?(?:hiring|recruiting)"
)


@cache
def signal_context() -> re.Pattern[str]:
    """Whether a request (folded) is about signals: a signal word or a hiring verb."""
    phrases = sorted(
        {fold(phrase) for words in SIGNAL_WORDS.values() for phrase in words}, key=len, reverse=True
    )
    words = "|".join(re.escape(phrase) for phrase in phrases)
    return re.compile(rf"(?<![\w])(?:{words}|{_HIRING_VERB}|signaux|signals?)(?![\w])")


@cache
def hiring_pattern() -> re.Pattern[str]:
    """A hiring verb with the jobs it names, on folded text ("qui recrutent des devs")."""
    job = rf"(?:{_JOBS})"
    return re.compile(
        rf"(?<![\w])(?:{_HIRING_VERB})\s+(?:des\s+|de\s+|d'\s*|du\s+|en\s+|the\s+|for\s+)?"
        rf"{job}(?:\s*(?:,|et|ou|and|or|&|/)\s*(?:des\s+|de\s+|d'\s*)?{job})*(?![\w])"
    )


@cache
def limit_patterns() -> tuple[re.Pattern[str], ...]:
    """Result-count regexes on folded text ("top 50", "les 50 premières"); group n."""
    return (
        re.compile(
            r"(?<![\w])(?:top|first|premiers?|premieres?|limite?|limited\s+to|max(?:imum)?"
            r"|only|seulement)\s*:?\s*(?P<n>\d{1,4})(?![\w])"
        ),
        re.compile(
            r"(?<![\w])(?:(?:les|the)\s+)?(?P<n>\d{1,4})\s+(?:premiers?|premieres?|first"
            r"|meilleurs?|meilleures?|best|results?|resultats?|entreprises|societes|companies"
            r"|boites|leads|prospects|firms|comptes|accounts|fiches)(?![\w])"
        ),
        # "trouve-moi 20 ESN à Lyon", "find 30 bakeries": a count right after the verb
        re.compile(
            r"(?<![\w])(?:trouve|cherche|montre|donne|liste|sors|affiche|find|show|give|get|list)\w*"
            r"(?:[- ]moi|\s+me)?\s+(?P<n>\d{1,3})(?=\s+[a-z])(?!\s+(?:salarie|employe|personne"
            r"|employee|staff|people|an|annee|year|km|kilometre|mile)s?(?![\w]))"
        ),
        # "les 10 plus grosses", "the 5 biggest": the count, the sort phrase read apart
        re.compile(
            r"(?<![\w])(?:les|the)\s+(?P<n>\d{1,4})(?=\s+(?:plus\s|biggest|largest|smallest"
            r"|newest|oldest|youngest|latest|most\s+recent))"
        ),
    )

"""Requests for something sent or shown on a schedule: Filon answers when asked and runs
nothing at set times, so they are declined, pointing to `filon digest` run from cron."""

from __future__ import annotations

import re


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


# "email me the pipeline every Monday at 8", "envoie-moi le pipeline chaque lundi",
# "programme un rapport hebdo": Filon answers when asked, it sends nothing on a schedule
_DAYS = (
    r"lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?|jours?|matins?|soirs?"
    r"|semaines?|mois|trimestres?|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mondays|tuesdays|wednesdays|thursdays|fridays|day|days|morning|mornings|evening|week"
    r"|weeks|month|months|quarter"
)
_RECURRING = (
    rf"(?:chaque|tous\s+les|toutes\s+les|every|each)\s+(?:\w+\s+)?(?:{_DAYS})"
    r"|(?:le|the)\s+(?:lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday"
    r"|friday)s?\s+(?:matin|morning|a|at)|on\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays)"
)
SCHEDULE = _words(
    r"(?:programme\w*|planifi\w*|schedul\w*|automatise\w*|automate\w*|abonne\w*|subscribe\w*)"
    r"(?:[- ]moi|\s+me)?\s+(?:\w+\s+){0,4}?(?:envois?|e-?mails?|mails?|rapports?|reports?|recaps?"
    r"|resumes?|summary|summaries|pipeline|digest|bilans?"
    r"|exports?|leads?|listes?|lists?)"
    rf"|(?:envoie\w*|envoy\w*|send|e-?mail|mail|poste\w*|post|publie\w*"
    rf"|notifie\w*|notify|previens|alerte\w*|alert|exporte\w*|export)(?:[- ]moi|[- ]nous|\s+me|\s+us)?\s+"
    rf"(?:\S+\s+){{0,6}}?(?:{_RECURRING})"
    # "tous les lundis, envoie-moi le pipeline", "every Monday send me …"
    rf"|(?:{_RECURRING})\W+(?:\S+\s+){{0,3}}?(?:envoie\w*|envoy\w*|send|e-?mail|mail|poste\w*|post"
    rf"|publie\w*|notifie\w*|notify|exporte\w*|export)"
    # "je veux recevoir le pipeline chaque lundi", "I want to receive it every week"
    rf"|(?:recevoir|recoi\w*|receive)\s+(?:\S+\s+){{0,5}}?(?:{_RECURRING})"
)

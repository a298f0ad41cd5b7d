"""Where a criterion stands, from the words around it (folded text).

Each criterion brings its own words for "against" and "in favour" ("pas de budget", "c'est le
DAF qui signe"); the words of doubt are shared ("pas encore validé", "à confirmer", "TBD",
"je ne sais pas"). Doubt is read first, so "pas encore de budget" is still to confirm rather
than against, and "pas encore validé" is not read as "validé".
"""

from __future__ import annotations

import re

from agent.qualification.facts import BantStatus

DONT_KNOW = re.compile(
    r"\b(?:je ne sais pas|on ne sait pas|(?:ne )?(?:sais|sait) pas|aucune idee|no idea|no clue"
    r"|(?:i |we )?(?:don't|do not|dont) know|dunno|not sure|pas sur|on verra|we'll see)\b"
)
DOUBT = re.compile(
    r"\b(?:pas encore|pas tout a fait|not yet|yet|a (?:confirmer|valider|definir|preciser)"
    r"|to be (?:confirmed|defined|approved|validated)|tbc|tbd"
    r"|en cours d(?:e |')(?:validation|discussion|arbitrage|definition|chiffrage|approbation)"
    r"|en attente|pending|under review|peut-etre|maybe|perhaps|possibly|eventuellement"
    r"|(?:n'est |ne sont |is |are )?(?:pas|not) (?:valide|approuve|confirme|signe|vote"
    r"|approved|confirmed|validated|signed)e?s?)\b"
)


def status_of(
    folded: str,
    *,
    negative: re.Pattern[str],
    confirmed: re.Pattern[str] | None = None,
    unknown: re.Pattern[str] | None = None,
    default: BantStatus,
) -> BantStatus:
    """Doubt first (shared words and the criterion's own), then against, then in favour, else
    `default` (confirmed when the rep gave a value, unknown when they only spoke of it)."""
    if DONT_KNOW.search(folded) or DOUBT.search(folded):
        return BantStatus.unknown
    if unknown is not None and unknown.search(folded):
        return BantStatus.unknown
    if negative.search(folded):
        return BantStatus.negative
    if confirmed is not None and confirmed.search(folded):
        return BantStatus.confirmed
    return default

"""Company details: "fiche de 552 100 554", "la société Numérique Conseil", "la deuxième"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import CompaniesArtifact, CompanyArtifact, ContactItem, SignalItem
from agent.i18n import Language, Markdown, format_date, format_number, md, t
from agent.i18n.labels import display_name, enum_label, headcount_label, stage_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.homonyms import which_homonym
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.refine import previous_query, query_args
from agent.llm.offline.leaders import companies_with_a_new_leader
from agent.llm.offline.references import (
    EARLIER_ROWS_NOTE,
    Reference,
    find_reference,
    no_results_text,
    out_of_range_text,
    rank_in_earlier_rows,
    resolve_rows,
)
from agent.llm.offline.request import Request, clean
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, company_line, plain, web_link
from agent.search.parse import parse_company_query
from store.identifiers import is_valid_siren, is_valid_siret
from store.models import CompanyPublic
from store.text import fold

TOOL = "get_company"
SEARCH = "search_companies"
IDENTIFIER = re.compile(
    r"(?<![\d])(?P<siren>\d{3}[ .]?\d{3}[ .]?\d{3})(?P<nic>[ .]?\d{5})?(?![\d])"
)
_DETAIL = (
    r"fiche|details?|infos?|informations?|profil|profile|card|record|ouvre|open"
    r"|tell\s+me(?:\s+more)?\s+about"
    r"|more\s+about|parle[- ]moi\s+de|qui\s+est|who\s+is|c'est\s+quoi|zoom\s+sur|look\s+at"
    r"|(?:t'as|tu\s+as|vous\s+avez|on\s+a|as-tu|qu'est-ce\s+que\s+tu\s+as|qu'as-tu)\s+(?:quoi\s+)?(?:sur|comme\s+infos?\s+sur)"
    r"|what\s+do\s+(?:you|we)\s+(?:have|know)\s+(?:on|about)|what'?s\s+(?:known|there)\s+(?:on|about)"
    r"|infos?\s+sur|info\s+on"
)
_COMPANY = (
    r"(?:a|une|la|the)?\s*(?:company|entreprise|societe|boite)\s+(?:called|named|qui\s+s'appelle|appelee"
    r"|nommee)|la\s+societe|l'entreprise|la\s+boite|the\s+company|company"
)
_DETAIL_WORD = re.compile(rf"(?<![\w])(?:{_DETAIL}|{_COMPANY}|more\s+on|why|pourquoi)(?![\w])")
_NAMED = (
    re.compile(
        rf"(?<![\w])(?:{_DETAIL})\s*(?:(?:de|du|des|sur|on|about|of|for)\s+|d')*"
        rf"(?:(?:{_COMPANY})\s+)?(?P<name>\S.*)$"
    ),
    re.compile(rf"(?<![\w])(?:{_COMPANY})\s+(?P<name>\S.*)$"),
)
# "… basée à Sophia Antipolis", "… in Lyon": a place, so a search rather than a name
_PLACED = re.compile(r"(?<![\w])(?:a|in|en|dans|pres\s+de|near|base\w*|located|situe\w*)\s")
_NOT_A_NAME = re.compile(
    r"^(?:celle|celui|celles|ceux|cette|ce|this|that|it|them|these|those|la|le|les|the|one)"
    r"(?:[- ](?:ci|la|one|entreprise|societe|company))?$"
)
# People and their details: "qui est le dirigeant ?", "son email ?", "le 06 du DG"
_ROLE = re.compile(
    r"(?<![\w])(?:dirigeants?|gerante?s?|pdg|dg|ceo|cfo|cto|dsi|daf|drh|patron|boss|decideurs?"
    r"|decision[- ]makers?|contacts?|e-?mails?|mails?|telephones?|tel|numeros?|portables?|06"
    r"|phones?|linkedin|interlocuteurs?|fondateurs?|founders?|directeurs?|directrices?"
    r"|who\s+(?:runs|owns|manages|leads|heads)|qui\s+(?:dirige|gere|est\s+a\s+la\s+tete)"
    r"|who\s+works\s+(?:there|here|at\s+it)|qui\s+travaille\s+(?:la-bas|chez\s+eux|la|ici)"
    r"|in\s+charge)(?![\w])"
)
# "elle est dans quelle liste ?", "is it in a list?": the card lists the lead lists it is in
_IN_WHICH_LIST = re.compile(
    r"(?<![\w])(?:elle|il|it|they)\s+(?:est|sont|is|are)\s+(?:deja\s+|already\s+)?(?:dans|in)\s+"
    r"(?:(?:une|a|an|any|l'une|one|aucune)\s+(?:de\s+|of\s+)?(?:mes|nos|my|our|vos|your)?"
    r"|mes|nos|my|our)\s*(?:listes?|lists?)"
    r"|(?<![\w])(?:dans\s+quelles?\s+listes?|in\s+which\s+lists?|(?:which|what)\s+lists?\s+(?:is|are)"
    r"|(?:est|is)[- ](?:elle|il|it)\s+(?:dans|in)\s+(?:une|a|an|any|nos|our|mes|my)"
    r"(?:\s+(?:de|of)\s+(?:mes|nos|my|our))?\s+(?:listes?|lists?))(?![\w])"
)
_MY = re.compile(r"(?<![\w])(?:mes|my|mine)(?![\w])")
# "is Synora in any of my lists?", "est-ce que Verilia est dans mes listes ?": a company by name
_NAMED_IN_LISTS = re.compile(
    r"^\W*(?:is|est-ce\s+que|est-ce\s+qu')\s*(?P<name>[^?!]+?)\s+(?:est\s+|is\s+)?(?:deja\s+|already\s+)?"
    r"(?:in|dans)\s+(?:any\s+of\s+|one\s+of\s+|une\s+de\s+|l'une\s+de\s+)?(?:my|our|the|any|mes|nos|une)"
    r"\s+(?:lead\s+)?(?:listes?|lists?)\W*$"
)
# "show me Vitane's card then", "open Synora's profile": a company's card by name, English style
_POSSESSIVE_CARD = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|then|now|right|alright|well|please)[\s,]+)*"
    r"(?:(?:can|could|would)\s+you\s+)?(?:(?:show|give|get|send|display|open|pull\s+up|bring\s+up"
    r"|let\s+me\s+see|i\s+(?:want|need|would\s+like|'d\s+like)(?:\s+to\s+see)?)(?:\s+me)?\s+)?"
    r"(?P<name>[^?!]+?)'s?\s+(?:company\s+)?(?:card|record|profile|details|info|information|fiche|page)"
    r"(?:\s+(?:then|please|again|now))?\W*$"
)
_PRONOUN_NAME = re.compile(r"^(?:it|she|he|they|elle|il|ils|elles|this\s+one|celle-ci|celui-ci)$")


def named_in_lists(request: Request) -> str | None:
    """The company a "is X in any of my lists?" question names, or None (a pronoun: the
    company on screen, see `_IN_WHICH_LIST`)."""
    found = _NAMED_IN_LISTS.match(request.folded)
    if found is None or _PRONOUN_NAME.match(found["name"].strip()):
        return None
    return request.original(found.start("name"), found.end("name")).strip()


# "combien de salariés ils ont déjà ?", "how many employees do they have?", "leurs effectifs ?"
_THEIR_HEADCOUNTS = re.compile(
    r"(?<![\w])(?:combien\s+de\s+(?:salaries|employes|personnes)|how\s+many\s+(?:employees|staff|people))"
    r"\b.*\b(?:ils|elles|they|ces\s+\w+|these|those)(?![\w])"
    r"|(?<![\w])(?:leurs|their)\s+(?:effectifs?|tailles?|headcounts?|sizes?)(?![\w])"
    r"|(?<![\w])(?:ils|elles|they)\s+(?:ont|have)\s+combien\s+de\s+(?:salaries|employes)(?![\w])"
)
# "le CA 2024 de X": the revenue the card holds
_REVENUE = re.compile(
    r"(?<![\w])(?:ca(?!\s+(?:va|fait|marche|me|te|y|suffit|ira|ne))|chiffre\s+d'affaires|revenue"
    r"|turnover|sales)(?![\w])"
)
# "combien de CA", "le DG de la boîte": what follows "de" is not always a company's name
# "et ses effectifs ?", "what's their website?", "quand est-ce qu'elle a été créée ?": a fact of
# the company on screen, which its card shows
_FACT = (
    r"effectifs?|salaries|headcount|employees|taille|size|site(?:\s+web|\s+internet)?|website"
    r"|web\s+site|url|adresse|address|siege|headquarters|forme\s+juridique|legal\s+form|naf"
    r"|activite|secteur|sector|industry|date\s+de\s+creation|creation|signaux|signals|code\s+postal"
    r"|recrutements?|levees?\s+de\s+fonds|news|actualites?|siret|siren|code\s+naf|naf\s+code|code\s+ape"
    r"|telephone|numero(?:\s+de\s+telephone)?|phone(?:\s+number)?|standard"
)
# "elle fait quoi ?", "what stage is it in now?", "elle a quel statut ?"
_IT_DOES = re.compile(
    r"(?<![\w])(?:elle|il|it|they|ils|elles)\s+(?:fait|font|does|do)\s+(?:quoi|what)(?![\w])"
    r"|(?<![\w])(?:what|quel(?:le)?)\s+(?:stage|statut|etape|status)\b.*\b(?:it|elle|il|this|ce\s+lead)(?![\w])"
    r"|(?<![\w])(?:elle|il|it)\b.*\b(?:quel(?:le)?\s+(?:statut|etape|stage)|what\s+(?:stage|status))(?![\w])"
    r"|(?<![\w])(?:what\s+does\s+(?:it|she|he|this\s+company)\s+do)(?![\w])"
)
_ITS_FACT = re.compile(
    rf"(?<![\w])(?:son|sa|ses|leur|leurs|its|their|his|her)\s+(?:{_FACT})(?![\w])"
    r"|(?<![\w])(?:quand|when)\b.*\b(?:elle|il|it|they)\b.*\b(?:cree\w*|fonde\w*|created|founded"
    r"|started)(?![\w])"
    r"|(?<![\w])(?:elle|il|it|they)\b.*\b(?:cree\w*|fonde\w*|created|founded)\b.*\b(?:quand|when)(?![\w])"
    r"|(?<![\w])(?:elle|il|it|they)\s+(?:a|ont|has|have)\s+(?:combien|how\s+many)(?![\w])"
    rf"|(?<![\w])(?:elle|il|it|they|ils|elles)\s+(?:a|ont|has|have)\s+(?:un|une|des|a|an|any)\s+(?:{_FACT})"
    r"(?![\w])"
    r"|(?<![\w])(?:elle|il|it|they|is\s+it|are\s+they|est-ce\s+qu'elle|est-ce\s+qu'il)\s+"
    r"(?:recrute\w*|embauche\w*|hiring|hire|a\s+leve|raised|leve\s+des\s+fonds)(?![\w])"
    r"|(?<![\w])(?:pourquoi|why)\s+(?:est-ce\s+qu'|est-ce\s+que\s+)?(?:il|elle|it|ce\s+lead|this\s+lead"
    r"|is\s+it|was\s+it|est-il|est-elle|l'a-t-on|on\s+l'a)(?![\w])"
)
# "qui s'en occupe ?": the card's lists say who owns the lead
_WHO_HANDLES = re.compile(
    r"(?<![\w])(?:qui\s+s'en\s+occupe|qui\s+le\s+suit|qui\s+la\s+suit|who'?s\s+(?:handling|on)\s+(?:it|them)"
    r"|who\s+owns\s+(?:it|this\s+one|this\s+lead)|a\s+qui\s+(?:est|appartient)\s+(?:ce\s+lead|cette\s+boite|-?elle))"
    r"(?![\w])"
)
_WHICH_LISTS = re.compile(
    r"(?<![\w])(?:quel(?:le)?s?\s+listes?|which\s+lists?|what\s+lists?|laquelle\s+de\s+mes\s+listes)"
    r"(?![\w])"
)
_ITS_CARD = re.compile(
    r"(?<![\w])(?:sa|son|leur|its|their)\s+(?:fiche|profil|profile|card|record|details|infos?"
    r"|informations)(?![\w])"
)
# "fiche de la 2", "détails du 3": a rank written as a bare number after a detail word
_RANK_AFTER_DETAIL = re.compile(
    r"(?<![\w])(?:fiche|details?|infos?|profil|card|ouvre|open)\s+(?:de\s+la|du|de\s+l'|des|la|le|l'|of)?"
    r"\s*(?:n°|no|numero|#)?\s*(?P<n>\d{1,2})\W*$"
    r"|^\W*(?:la|le|l'|number|n°|#)\s*(?P<m>\d{1,2})\s+(?:c'est\s+(?:qui|quoi)|details?|fiche|infos?"
    r"|is\s+who|is\s+what)\W*$"
)
_BEST = (
    r"the\s+(?:biggest|largest|smallest|oldest|newest|youngest)"
    r"|(?:la|le)\s+plus\s+(?:grosse|gros|grande|grand|petite|petit|ancienne|ancien|recente|recent|jeune)"
)
_WHICH_IS = r"c'est\s+(?:qui|quoi|laquelle|lequel)|which\s+is\s+it|who\s+is\s+it"
_SUPERLATIVE = re.compile(
    r"^\W*(?:(?:ok|bon|alors|et)[\s,]+)?(?:(?:open|ouvre|fiche\s+de|details?\s+(?:on|of|de)|show\s+me"
    rf"|montre(?:-moi)?|affiche)\s+(?P<s>{_BEST})(?:\s+(?:one|company|boite|entreprise|societe))?"
    rf"|(?P<t>{_BEST})(?:\s+(?:one|boite|entreprise|societe))?\s*,?\s*(?:{_WHICH_IS})"
    rf"|(?:{_WHICH_IS}|(?:which|who|quelle|qui)\s+(?:is|est))\s+(?P<u>{_BEST})"
    r"(?:\s+(?:one|boite|entreprise|societe))?)\W*$"
)
_SUPERLATIVE_SORTS = (
    ("size_desc", r"biggest|largest|gross?e?|grande?"),
    ("size_asc", r"smallest|petite?"),
    ("oldest", r"oldest|ancienne?"),
    ("newest", r"newest|youngest|recente?|jeune"),
)
_NOT_A_COMPANY = re.compile(
    r"^(?:ca|chiffre\s+d'affaires|revenue|turnover|sales|dg|pdg|ceo|dsi|daf|drh|cto|cfo"
    r"|la\s+boite|cette\s+boite|cette\s+entreprise|this\s+company|it|them)\W*$"
)
# A company named after "de" / "of": capitalised, at the end ("… de Pichon et Associés ?")
_OF_NAME = re.compile(
    r".*(?:(?<![\w])(?:de|du|of|for|chez|at)\s+|(?<![\w])d')(?P<name>[A-Z0-9][^?!]*?)"
    r"(?:\s+(?:sur|on|via)\s+linkedin|\s+next\s+\w+|\s+(?:lundi|mardi|mercredi|jeudi"
    r"|vendredi|demain|tomorrow)\b.*)?\s*[?!.]*$"
)


# "et la suivante ?", "the next one": after a company's card, the next row's card
_NEXT_ONE = re.compile(
    r"^\W*(?:(?:et|and|ok|puis|then)[\s,]+)?(?:(?:la|le|l')\s*(?:suivante?|d'apres|(?P<back>precedente?|"
    r"d'avant))|the\s+(?:next|(?P<back2>previous))\s+one|(?:next|(?P<back3>previous))\s+one)\W*$"
)


def _beside(conversation: Conversation, step: int) -> str | None:
    """The SIREN of the row after (or before) the company on screen, when it is one of them."""
    focus = conversation.focus_company
    rows = conversation.shown_rows
    sirens = [siren for siren, _ in rows]
    if focus is None or focus[0] not in sirens:
        return None
    index = sirens.index(focus[0]) + step
    return sirens[index] if 0 <= index < len(sirens) else None


def _earlier(reference: Reference | None, conversation: Conversation, *notes: str) -> Plan | None:
    """The card of the row a rank points at in the results shown before a search that found
    nothing, saying so; None when the rank is not such a one."""
    earlier = rank_in_earlier_rows(reference, conversation.rows_before_an_empty_search)
    if not earlier:
        return None
    memo = {"notes": [EARLIER_ROWS_NOTE, *notes]}
    return plan_or_unavailable(conversation, TOOL, {"siren": earlier[0][0]}, memo=memo)


def siren_in(request: Request) -> str | None:
    """The SIREN a request names (a SIRET's first nine digits), spaces removed."""
    match = IDENTIFIER.search(request.folded)
    return re.sub(r"\D", "", match["siren"]) if match else None


OWN_LEAD_NOTE = "own_lead:"  # a name several companies bear: the card of the rep's lead


def own_lead_note(name: str, language: Language) -> str:
    """Said under the card of the one homonym among the rep's leads: others bear the name,
    and how to see them all."""
    return md("offline.company.homonym_own_lead", language, name=name)


_PLACE_FIELDS = ("cities", "departments", "regions", "postcodes")


def _place_of_the_last_search(text: str, conversation: Conversation) -> bool:
    """Whether the only filter a request names is the place the last search already had
    ("the 12th one in Nantes" after the IT companies in Nantes): a rank in those results."""
    previous = previous_query(conversation)
    if previous is None:
        return False
    reading = parse_company_query(text, today=conversation.today)
    if not any(getattr(reading, field) for field in _PLACE_FIELDS):
        return False
    others = reading.model_copy(update={field: [] for field in _PLACE_FIELDS})
    return not others.has_filters and all(
        set(getattr(reading, field)) <= set(getattr(previous, field)) for field in _PLACE_FIELDS
    )


class CompanyIntent:
    """One company's details, by SIREN, by name, or by its rank in the last results."""

    name = "company"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `get_company` call, a question back, or None when not about one company."""
        request = Request(text)
        language = conversation.language
        step = _NEXT_ONE.match(request.folded)
        if step is not None and conversation.company_on_screen:
            back = step["back"] or step["back2"] or step["back3"]
            beside = _beside(conversation, -1 if back else 1)
            if beside is not None:  # "et la suivante ?" after the 3rd's card: the 4th's
                return plan_or_unavailable(conversation, TOOL, {"siren": beside})
        siren = siren_in(request)
        if siren is not None:
            if not is_valid_siren(siren):
                return TextReply(invalid_siren_text(siren, language))
            if bad_siret_in(request):
                return TextReply(t("offline.company.invalid_siret", language))
            return plan_or_unavailable(conversation, TOOL, {"siren": siren})
        shown = conversation.previous_companies
        if request.has(_THEIR_HEADCOUNTS) and conversation.company_on_screen and len(shown) > 1:
            # "combien de salariés ils ont déjà ?": the sizes are on screen, no call needed
            lines = [
                md(
                    "offline.company.headcount_line",
                    language,
                    name=company.name,
                    size=headcount_label(company.headcount_band, language)
                    or company.headcount_label
                    or t("offline.company.headcount_unknown", language),
                )
                for company in shown
            ]
            head = t("offline.company.headcounts", language, count=len(shown))
            return TextReply(head + "\n\n" + bullets(lines))
        named = named_in_lists(request)
        if named:  # "is Synora in any of my lists?": its card's lists, yes or no
            notes = {"notes": ["lists:mine" if request.has(_MY) else "lists:"], "notes_only": True}
            return plan_or_unavailable(conversation, TOOL, {"name": named}, memo=notes)
        about_it = (
            request.has(_IN_WHICH_LIST)
            or request.has(_ITS_FACT)
            or request.has(_ITS_CARD)
            or request.has(_WHO_HANDLES)
            or request.has(_IT_DOES)
        )
        # "is it in any of my lists?": yes or no, with the lists, not the whole card
        asked = "lists:mine" if request.has(_MY) else "lists:"
        if request.has(_WHICH_LISTS):  # "elle est dans quelle liste ?": which, not whether
            asked = "lists:which"
        memo = {"notes": [asked], "notes_only": True} if request.has(_IN_WHICH_LIST) else None
        ranked_fact = find_reference(request.folded) if about_it else None
        if ranked_fact is not None and ranked_fact.is_single and conversation.shown_rows:
            chosen = resolve_rows(ranked_fact, conversation.shown_rows)  # "la 3e, son SIREN ?"
            if chosen:
                return plan_or_unavailable(conversation, TOOL, {"siren": chosen[0][0]}, memo=memo)
        earlier = _earlier(ranked_fact, conversation)
        if earlier is not None:
            return earlier
        if about_it:
            focus = conversation.focus_company  # "et ses effectifs ?", "what's their website?"
            if focus is None:
                return TextReply(t("offline.company.which", language))
            return plan_or_unavailable(conversation, TOOL, {"siren": focus[0]}, memo=memo)
        superlative = _SUPERLATIVE.search(request.folded)
        query = previous_query(conversation)
        if superlative is not None and query is not None:
            # "open the biggest": the last search's first company in that order, then its card
            said = superlative["s"] or superlative["t"] or superlative["u"]
            sort = next(s for s, words in _SUPERLATIVE_SORTS if re.search(words, said))
            args = query_args(query.model_copy(update={"sort": sort, "offset": 0, "limit": 1}))
            return plan_or_unavailable(conversation, SEARCH, args, memo={"then": "details"})
        ranked = _RANK_AFTER_DETAIL.search(request.folded)
        if ranked is not None:  # "fiche de la 2", "détails du 3"
            rank = Reference("positions", positions=(int(ranked["n"] or ranked["m"]),))
            chosen = resolve_rows(rank, conversation.shown_rows)
            if chosen:
                return plan_or_unavailable(conversation, TOOL, {"siren": chosen[0][0]})
            return self._beyond_page(rank, conversation)
        about_people = (
            request.has(_ROLE)
            and len(request.folded.split()) <= 12
            and not companies_with_a_new_leader(text, conversation)
        )
        if about_people or request.has(_REVENUE):
            plan = self._about(request, conversation, people=about_people)
            if plan is not None:
                return plan
        reference = find_reference(request.folded)
        detailed = request.has(_DETAIL_WORD)
        same_place = _place_of_the_last_search(text, conversation)
        short = len(request.folded.split()) <= (8 if same_place else 5)
        if reference is not None and reference.is_single and (detailed or short):
            if not same_place and parse_company_query(text, today=conversation.today).has_filters:
                return None
            rows = conversation.shown_rows
            earlier = _earlier(reference, conversation)
            if earlier is not None:  # "la fiche de la deuxième" after a search that found none
                return earlier
            if not rows and conversation.previous_search is None:
                return TextReply(no_results_text(language))
            chosen = resolve_rows(reference, rows)
            if chosen:
                return plan_or_unavailable(conversation, TOOL, {"siren": chosen[0][0]})
            return self._beyond_page(reference, conversation)
        if not detailed:
            return None
        owner = request.group(_POSSESSIVE_CARD, "name")
        if owner and not _NOT_A_NAME.match(Request(owner).folded):
            return self._by_name(owner, conversation)  # "show me Vitane's card"
        for pattern in _NAMED:
            name = request.group(pattern, "name")
            if name and not _NOT_A_NAME.match(Request(name).folded):
                reading = parse_company_query(name, today=conversation.today)
                if (_PLACED.search(Request(name).folded) and reading.has_filters) or (
                    reading.sort != "relevance" and reading.has_filters
                ):
                    return None  # "basé à …", "la boîte la plus grosse de Gironde": a search
                return self._by_name(name, conversation)
        return None

    def _by_name(self, name: str, conversation: Conversation, then: str = "card") -> Plan:
        """A company asked for by name: search it (homonyms show as a list), then its card
        when one company bears that name."""
        memo = {"then": then, "name": name}
        return plan_or_unavailable(conversation, SEARCH, {"text": name, "limit": 10}, memo=memo)

    def _about(self, request: Request, conversation: Conversation, *, people: bool) -> Plan | None:
        """ "qui est le dirigeant ?", "l'email du DSI de la première", "le CA de Verilia": the
        card of the company meant (by rank, by name, or the one last looked at), which holds
        the contacts known and the revenue."""
        note = "offline.company.people_note" if people else "offline.company.revenue_note"
        memo = {"notes": [note]}
        reference = find_reference(request.folded)
        if reference is not None and reference.is_single:
            chosen = resolve_rows(reference, conversation.shown_rows)
            if chosen:
                return plan_or_unavailable(conversation, TOOL, {"siren": chosen[0][0]}, memo=memo)
        earlier = _earlier(reference, conversation, note)
        if earlier is not None:
            return earlier
        named = _OF_NAME.search(request.text)
        if named is not None and not _NOT_A_COMPANY.match(Request(named["name"]).folded):
            name = _A_YEAR.sub("", clean(named["name"])) or clean(named["name"])
            return self._by_name(name, conversation, then="card_" + note)
        focus = conversation.focus_company
        if focus is None:
            return TextReply(t("offline.company.which", conversation.language))
        return plan_or_unavailable(conversation, TOOL, {"siren": focus[0]}, memo=memo)

    def _beyond_page(self, reference: Reference, conversation: Conversation) -> Plan:
        """ "la 30ème" after "74 entreprises": fetch that rank of the search, then its card."""
        search = conversation.previous_search
        query = previous_query(conversation)
        position = reference.positions[0] if reference.positions else 0
        total = search.total if search is not None else 0
        if query is None or not 1 <= position <= total:
            shown = len(conversation.previous_companies)
            return TextReply(out_of_range_text(reference, max(total, shown), conversation.language))
        args = query_args(query.model_copy(update={"offset": position - 1, "limit": 1}))
        return plan_or_unavailable(conversation, SEARCH, args, memo={"then": "details"})

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After fetching one rank of a search (`then: details`), show that company's card;
        after a search by name (`then: card…`), the card when one company bears the name."""
        found = next(
            (r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None
        )
        if found is not None and found.total == 0 and isinstance(step, str) and step != "details":
            # "le CA d'Apple": a company by name the French register does not hold
            name = str((conversation.memo_of_calls or {}).get("name") or "")
            return TextReply(md("offline.company.not_registered", conversation.language, name=name))
        if found is None or not found.companies or not isinstance(step, str):
            return None
        if step == "details":
            return plan_or_unavailable(conversation, TOOL, {"siren": found.companies[0].siren})
        if not step.startswith("card"):
            return None
        name = fold(str((conversation.memo_of_calls or {}).get("name") or "")).lower().strip()
        named = [c for c in found.companies if fold(c.name).lower().strip() == name]
        if len(found.companies) == 1:
            named = list(found.companies)
        note = step.removeprefix("card").removeprefix("_")
        memo = {"notes": [note]} if note.startswith("offline.") or note.endswith(":") else None
        own = [c for c in named if c.siren in found.own_leads]
        if len(named) > 1 and len(own) == 1:
            # "fiche de Venys", three of them, one among the rep's leads: that one, said so
            said = str((conversation.memo_of_calls or {}).get("name") or own[0].name)
            notes = [*(memo or {}).get("notes", []), f"{OWN_LEAD_NOTE}{said}"]
            return plan_or_unavailable(conversation, TOOL, {"siren": own[0].siren},
                                       memo={"notes": notes})  # fmt: skip
        if len(named) > 1:  # "fiche de Axide", five of them: which one (then its card)
            call = {"name": TOOL, "args": {}}
            return which_homonym(named, call, conversation, key="siren")
        if len(named) != 1:
            return None  # no company bears that exact name: the list answers
        return plan_or_unavailable(conversation, TOOL, {"siren": named[0].siren}, memo=memo)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The company's card: identity, contacts, signals, lists it is in."""
        return "\n\n".join(company_answer(result, language) for result in results)


# "le CA d'Apple en 2025": the year is the question's, not the name's
_A_YEAR = re.compile(r"(?i)\s+(?:en|in|pour|for|de|of|sur)\s+(?:19|20)\d\d\s*$")


def bad_siret_in(request: Request) -> bool:
    """Whether the request writes out a SIRET whose check digit is wrong."""
    match = IDENTIFIER.search(request.folded)
    if match is None or not match["nic"]:
        return False
    return not is_valid_siret(re.sub(r"\D", "", match.group()))


def invalid_siren_text(siren: str, language: Language) -> str:
    """Said when the nine digits given fail the SIREN check digit."""
    return t("offline.company.invalid_siren", language, siren=siren)


def company_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "company" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, CompanyArtifact):
        return plain_answer(result, language)
    parts: list[str] = [company_line(artifact.company, language)]
    facts = _facts(artifact.company, language)
    if facts:
        parts.append(bullets(facts))
    contacts = artifact.contacts
    if contacts:
        title = t("offline.company.contacts", language, count=len(contacts))
        parts.append(title + "\n" + bullets([_contact(c, language) for c in contacts[:5]]))
    else:
        parts.append(t("offline.company.no_contact", language))
    if artifact.signals:
        title = t("offline.company.signals", language, count=len(artifact.signals))
        if artifact.intent is not None:
            title = t("offline.company.signals_intent", language, count=len(artifact.signals),
                      score=artifact.intent.score)  # fmt: skip
        lines = [_signal(signal, language) for signal in artifact.signals[:5]]
        parts.append(title + "\n" + bullets(lines))
    if artifact.leads:
        lines = [
            md(
                "offline.company.list_line_owner" if lead.owner else "offline.company.list_line",
                language,
                list=lead.list_name,
                stage=(
                    f"{stage_label(lead.stage, language)} ({lead.stage_reason})"
                    if lead.stage_reason
                    else stage_label(lead.stage, language)
                ),
                owner=display_name(lead.owner) if lead.owner else "",
            )
            for lead in artifact.leads
        ]
        parts.append(t("offline.company.lists", language) + "\n" + bullets(lines))
    return "\n\n".join(parts)


def lists_note(
    results: Sequence[ToolResult],
    language: Language,
    *,
    mine: str | None = None,
    which: bool = False,
) -> str:
    """Whether the company of a card is in lead lists, and which (stage, owner); `mine`:
    only the lists of that rep count ("est-elle dans une de mes listes ?"); `which`: the
    question asked which lists ("elle est dans quelle liste ?"), so no "yes" opens it."""
    card = next((r.artifact for r in results if isinstance(r.artifact, CompanyArtifact)), None)
    if card is None:
        return ""
    name = card.company.name
    if not card.leads:
        return md("offline.company.in_no_list", language, company=name)
    lines = [
        md(
            "offline.company.list_line_owner" if lead.owner else "offline.company.list_line",
            language,
            list=lead.list_name,
            stage=stage_label(lead.stage, language),
            owner=display_name(lead.owner) if lead.owner else "",
        )
        for lead in card.leads
    ]
    if mine is not None and not any(lead.owner == mine for lead in card.leads):
        # the lead's owner is what the card knows, not the list's: said as such, lists shown
        key = "offline.company.in_none_of_yours"
        head = md(key, language, company=name, others=len(card.leads))
        return head + "\n" + bullets(lines)
    key = "offline.company.in_which_lists" if which else "offline.company.in_lists"
    head = md(key, language, company=name, count=len(card.leads))
    return head + "\n" + bullets(lines)


def _facts(company: CompanyPublic, language: Language) -> list[Markdown]:
    facts: list[Markdown] = []
    if not company.active:
        facts.append(md("offline.company.facts.closed", language))
    if company.revenue:
        facts.append(
            md(
                "offline.company.facts.revenue",
                language,
                value=format_number(company.revenue, language),
            )
        )
    for key, value in (
        ("category", company.category),
        ("legal_form", company.legal_form_label),
        ("created_on", company.created_on),
        ("postcode", company.postcode),
    ):
        if value:
            facts.append(md(f"offline.company.facts.{key}", language, value=value))
    for key, url in (("website", company.website), ("directory", company.url)):
        if url:
            facts.append(md(f"offline.company.facts.{key}", language, value=web_link(url)))
    return facts


def _contact(contact: ContactItem, language: Language) -> Markdown:
    parts = [plain(contact.name or "?")]
    if contact.title:
        parts.append(plain(contact.title))
    if contact.opted_out:
        parts.append(plain(t("offline.company.contact_opted_out", language)))
    else:
        if contact.email:
            status = enum_label("email_status", contact.email_status, language)
            parts.append(plain(f"{contact.email} ({status})" if status else contact.email))
        if contact.phone:
            parts.append(plain(contact.phone))
    return Markdown(" — ".join(parts))


def _signal(signal: SignalItem, language: Language) -> Markdown:
    kind = enum_label("signal_kind", signal.kind, language)
    label = plain(f"{kind} : {signal.title}" if language == "fr" else f"{kind}: {signal.title}")
    if signal.occurred_on is None:
        return label
    return Markdown(f"{label} ({format_date(signal.occurred_on, language)})")

"""Help, greetings and thanks: what Filon can do, with example requests. No tool call."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.i18n import Language, md, quote, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply
from agent.llm.offline.request import Request, is_acknowledgement
from agent.llm.offline.results import ToolResult

EXAMPLES: dict[Language, tuple[str, ...]] = {
    "fr": (
        "trouve des ESN de 50 à 200 salariés à Lyon",
        "cabinets d'expertise comptable en Gironde créés après 2015",
        "montre-moi la fiche de la deuxième",
        "qui sont les décideurs de la première ?",
        "trouve l'e-mail du DSI de la première",
        "ajoute les 10 premières à une liste 'ESN Lyon'",
        "montre les leads de la liste ESN Lyon",
        "résumé du pipeline de la semaine",
        "pousse mes SQL de la semaine dans le CRM",
    ),
    "en": (
        "SaaS companies in Île-de-France with more than 100 employees",
        "details on the second one",
        "who's the CFO of the first one?",
        "find their emails",
        "save these to a list called Lyon IT",
        "show the won deals",
        "pipeline summary for this quarter",
        "push my SQLs to the CRM",
    ),
}
_HELP = re.compile(
    r"^\W*(?:aide|help|\?|bonjour|salut|hello|hi|hey|yo|hola|coucou|bonsoir|merci|thanks|thank\s+you"
    r"|good\s+morning|good\s+afternoon)"
    r"(?:\s+(?:filon|moi|me|beaucoup|a\s+lot|there|toi|tout\s+le\s+monde))?(?:[\s,!]+(?:ca\s+va|comment\s+vas[- ]tu"
    r"|comment\s+allez[- ]vous|how\s+are\s+you|how'?s\s+it\s+going|what'?s\s+up))?\W*$"
    r"|(?<![\w])(?:que\s+(?:sais|peux)[- ]tu\s+faire|qu'est-ce\s+que\s+tu\s+(?:sais|peux)"
    r"|qu'est\s+ce\s+que\s+tu\s+(?:sais|peux)|(?:mon|my)\s+(?:premier\s+jour|first\s+day)|tu\s+sers\s+a\s+quoi|comment\s+(?:ca|cela)\s+marche|comment\s+t'utiliser"
    r"|what\s+can\s+you\s+do|how\s+(?:do\s+i|to)\s+use|what\s+do\s+you\s+do|how\s+does\s+this"
    r"\s+work|aide[- ]moi|besoin\s+d'aide|need\s+help|je\s+commence\s+par\s+quoi"
    r"|par\s+ou\s+(?:je\s+)?commence\w*|comment\s+(?:je\s+)?commence\w*|je\s+suis\s+nouve(?:au|lle)"
    r"|i'?m\s+new|where\s+do\s+i\s+start|how\s+do\s+i\s+(?:start|begin)|getting\s+started"
    r"|premiers?\s+pas|tu\s+peux\s+faire\s+quoi|what\s+are\s+you|what\s+can\s+you\s+\w+\s+do"
    r"|que\s+sais[- ]tu\s+\w+\s+faire|tu\s+sais\s+faire\s+quoi|qu'est-ce\s+que\s+tu\s+fais"
    r"|what\s+can\s+i\s+(?:ask|say|do\s+here|type)|que\s+puis-je\s+(?:te\s+)?(?:demander|faire)"
    r"|qu'est-ce\s+que\s+je\s+peux\s+(?:te\s+)?(?:demander|faire))(?![\w])"
)


_THANKS = re.compile(
    r"^\W*(?:(?:ok|super|parfait|top|genial|nickel|great|perfect|c'est\s+bon|c'est\s+parfait|ca\s+marche"
    r"|that'?s\s+(?:great|it|all|perfect)|all\s+good)[\s,!.]+)?"
    r"(?:merci|thanks|thank\s+you|thx|ty|cool|bye|bye\s+bye|ciao|see\s+you|see\s+ya|a\+|a\s+plus"
    r"|au\s+revoir|bonne\s+journee|bonne\s+soiree)"
    r"(?:\s+(?:beaucoup|bcp|bien|a\s+lot|filon|mate|man|buddy|so\s+much|infiniment))?"
    # "merci quand même", "thanks anyway", "merci pour ton aide": thanks for what could not be done
    r"(?:[\s,!.]+(?:quand\s+meme|tout\s+de\s+meme|malgre\s+tout|anyway|anyways|all\s+the\s+same"
    r"|in\s+any\s+case|(?:pour|for)\s+(?:ton|ta|votre|your|the|l')\s*(?:aide|help|temps|time|reponse"
    r"|answer)|pour\s+tout|for\s+everything|for\s+trying|d'avoir\s+essaye))?"
    r"(?:[\s,!.]+(?:top|super|parfait|genial|nickel|cool|great|perfect|awesome))?"
    r"(?:[\s,!.]+(?:c'est\s+(?:top|super|parfait|cool|genial|nickel)|that'?s\s+(?:great|perfect|awesome)"
    r"|bonne\s+(?:journee|soiree|fin\s+de\s+journee|semaine)|a\s+plus|a\s+bientot"
    r"|a\s+demain|bye|ciao|have\s+a\s+(?:nice|good)\s+(?:day|evening|one)|see\s+you))?\W*$"
)


# "oui", "non" when no question is pending: nothing to confirm
_YES = re.compile(
    r"^\W*(?:(?:oui|yes|yep|ouais|ok|okay|d'accord|bien\s+sur|sure)[\s,!.]+)?"
    r"(?:oui|yes|yep|ouais|vas-y|vas\s+y|allez-y|go|go\s+ahead|do\s+it|confirme|je\s+confirme|confirm"
    r"|c'est\s+parti|fais[- ]le|please)(?:[\s,!.]+(?:vas-y|go\s+ahead|do\s+it|please|stp|merci))?\W*$"
)
# "non", "laisse tomber", "never mind" with nothing pending: nothing is done
_NEVER_MIND = re.compile(
    r"^\W*(?:(?:ok|bon|non|no|en\s+fait|finalement|bon\s+ben|actually)[\s,!]+){0,3}(?:non|no|nope|annule\w*"
    r"|cancel|laisse\s+tomber|oublie\w*"
    r"|never\s*mind|forget\s+it|pas\s+grave|tant\s+pis|rien|nothing|c'est\s+tout|that'?s\s+all)"
    r"(?:\s+(?:finalement|merci|thanks|alors))?\W*$"
)
# "no wait, keep it", "non attends, garde-la" with nothing pending: nothing was about to happen
_KEEP = re.compile(
    r"^\W*(?:(?:ok|bon|non|no|nope|wait|attends?|attendez|hold\s+on|en\s+fait|finalement|actually"
    r"|oups|oops|euh|sorry|pardon)[\s,!.]+){0,4}"
    r"(?:keep\s+(?:it|them|the\s+list|that|this)|garde[- ](?:la|le|les)|on\s+(?:la\s+|le\s+|les\s+)?garde"
    r"|ne\s+(?:la|le|les)\s+(?:supprime|efface)\w*\s+pas|don'?t\s+(?:delete|remove)\s+(?:it|them))"
    r"(?:\s+(?:finalement|merci|thanks|alors|after\s+all|en\s+fait))?\W*$"
)
# "ok", "d'accord", "parfait": an acknowledgement, nothing to do
_OK = re.compile(
    r"^\W*(?:ok(?:ay)?|okay|d'accord|daccord|dac|entendu|compris|note|parfait|super|top|nickel"
    r"|genial|cool|great|perfect|nice|got\s+it|noted|alright|all\s+right|fine|bien)\W*$"
)


def examples_block(language: Language) -> str:
    """Example requests as a bullet list, in the user's language first."""
    other: Language = "en" if language == "fr" else "fr"
    examples = (*EXAMPLES[language], *EXAMPLES[other][:2])
    return "\n".join(f"- {quote(example, language)}" for example in examples)


def help_text(language: Language) -> str:
    """What Filon can do, with examples."""
    return t("offline.help.intro", language) + "\n" + examples_block(language)


class HelpIntent:
    """ "aide", "what can you do", "bonjour": a direct answer with example requests."""

    name = "help"
    tools: tuple[str, ...] = ()

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A help text when the request asks for help or only greets."""
        if Request(text).has(_THANKS):
            return TextReply(t("offline.help.thanks", conversation.language))
        if Request(text).has(_YES):
            return TextReply(t("offline.help.nothing_pending", conversation.language))
        if Request(text).has(_KEEP):
            return TextReply(t("offline.help.nothing_to_cancel", conversation.language))
        if Request(text).has(_NEVER_MIND):
            return TextReply(t("offline.pending.cancelled", conversation.language))
        if Request(text).has(_OK):
            return TextReply(t("offline.help.ok", conversation.language))
        if is_acknowledgement(Request(text)):  # "on arrête là, je reprends demain"
            shown = conversation.qualification_on_screen
            if shown is not None:
                return TextReply(md("offline.qualify.paused", conversation.language,
                                    name=shown.lead.name))  # fmt: skip
            return TextReply(t("offline.help.ok", conversation.language))
        if Request(text).has(_HELP):
            return TextReply(help_text(conversation.language))
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Help calls no tool; there is nothing to answer from."""
        return help_text(language)


def not_understood_text(language: Language) -> str:
    """Said when no intent recognises the request: no tool is called with guessed arguments."""
    return t("offline.help.not_understood", language) + "\n" + examples_block(language)

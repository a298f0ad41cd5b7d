"""Filler words dropped from the free text: request verbs, articles, prepositions, "entreprises"."""

from __future__ import annotations

from .fold import fold, stem

_TEXT = """
trouve trouver trouvez trouves cherche chercher cherchez recherche rechercher recherchez
je j veux voudrais aimerais souhaite besoin moi me m donne donner donnez montre montrer
montrez affiche afficher affichez liste lister listez sors sortir peux pouvez stp svp merci
quels quelles quelle quel sont est ont a ai y il elle ils elles on nous vous
les des de du d la le l un une et ou au aux en dans sur pour avec par chez qui que qu dont
ce cet cette ces leur leurs son sa ses mes tes notre nos votre vos tout toute tous toutes
entreprise entreprises societe societes boite boites structure structures organisation
organisations etablissement etablissements acteur acteurs cible cibles prospect
compte clients client
company companies firm firms business businesses organization organizations player players
find me show list get give search look looking for the a an of in at on with and or that
which who whose are is be based located headquartered operating active actives actif actifs
please some any all i we want need would like to from near around
situee situees situe situes implantee implantees implante implantes basee basees base bases
localisee localisees localise localises presente presentes installe installee installees
specialisee specialisees specialise specialises specialized specialised specializing
specialising specialiste specialistes expert experts
creee creees cree crees fondee fondees founded created
region departement ville city area zone secteur sector domaine activite activites
type genre comme autour pres vers environ around about
meilleur meilleure meilleurs meilleures best top principaux principales main leading
salaries employes employees
combien how many much france french francaise francaises
parmi lesquelles lesquels laquelle lequel celles ceux celle celui ci la ete eux
hello hi hey bonjour salut coucou bonsoir quoi c est t as tas filon bosse bosser tu prospecter prospecte finalement plutot
suis chui chuis jsuis
mais maintenant total totale seulement uniquement juste moment actuellement actuel actuelle
recentes recents recente recent recemment now currently only just total overall
elargis elargir elargi elargit etends etendre etend agrandis agrandir widen expand broaden
whole entire entier entiere
alors donc ok okay bref instead then
"""
_WORDS = _TEXT.split()

STOPWORDS: frozenset[str] = frozenset({stem(fold(word)) for word in _WORDS} | set(_WORDS))


def is_filler(folded: str) -> bool:
    """Whether a folded word is filler: a stopword, or hyphenated stopwords ("montre-moi",
    "donne-moi", "celles-ci")."""
    parts = folded.split("-") if "-" in folded else [folded]
    return all(part in STOPWORDS or stem(part) in STOPWORDS for part in parts if part) and any(
        parts
    )


# Words only one of the two languages uses, to tell an English request from a French one
# typed without accents: "a nice company" (English) but "agences immo a nice" (French).
_ENGLISH = """
the in with of and for that who which are is companies company firms firm businesses
employees staff people based located founded created since over under more than near
find show me list search looking
"""
_FRENCH = """
de des du le la les et pour avec dans qui sur en au aux une un entreprises entreprise
societes societe boites boite salaries creees cree plus moins trouve cherche agences
agence cabinets cabinet
"""
ENGLISH_CUES: frozenset[str] = frozenset(_ENGLISH.split())
FRENCH_CUES: frozenset[str] = frozenset(_FRENCH.split())

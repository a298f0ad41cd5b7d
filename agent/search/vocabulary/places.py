"""Place names: the 18 regions (with common aliases), the 101 departments and the largest cities.

Choices, so results stay predictable:
- "Paris" is the city (filter `cities=["PARIS"]`, which covers its arrondissements); the
  department is reached with "75", "(75)" or "département de Paris".
- The five overseas territories are returned as departments (971–976), not regions.
- Department names that are also common words ("Nord", "Lot", "Var", "Cher"…) count only after
  "en", "dans le", "du", "de la", "département"… or when capitalised after the first word.
- City names that are also common words ("Nice", "Tours", "Sens"…) count after "à", "au",
  "in", "at", "near", "sur"…, or typed with a capital after the first word ("agences
  immobilières Nice 10-50 salariés"), but not after an English article ("a Nice company"),
  and an unaccented "a" is "à" only when the request does not read as English ("agences immo
  a nice", but not "a nice company in Lyon"). Those that are also brands ("Orange", "Gap",
  "Vichy", "Cognac") need the preposition: "Orange" alone stays free text (the company).
- A city's demonym typed in lower case is the city ("ESN lyonnaises" → Lyon); capitalised it
  may be a name ("Crédit Lyonnais") and stays free text. "Région lyonnaise" is department 69.
- Broad areas reps use are several regions: "Sud-Ouest" is Nouvelle-Aquitaine and Occitanie,
  "Sud-Est" Provence-Alpes-Côte d'Azur and Auvergne-Rhône-Alpes, "Grand Ouest" Bretagne,
  Pays de la Loire and Normandie, "Nord-Est" Grand Est.
- Business parks and technopoles ("Sophia Antipolis", "La Défense") are in `business_parks`.
- Cities are given as SIRENE writes them: upper case, no accents, hyphens kept.
"""

from __future__ import annotations

from store.reference.geo import DEPARTMENTS

from .fold import fold

REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "11": ("Île-de-France", "IDF", "région parisienne", "Paris region", "Greater Paris",
           "région Île-de-France", "Paris area"),
    "24": ("Centre-Val de Loire", "région Centre", "Centre Val-de-Loire"),
    "27": ("Bourgogne-Franche-Comté", "Bourgogne", "Franche-Comté", "BFC", "Burgundy"),
    "28": ("Normandie", "Normandy", "Basse-Normandie", "Haute-Normandie"),
    "32": ("Hauts-de-France", "HDF", "Nord-Pas-de-Calais", "Picardie", "Picardy"),
    "44": ("Grand Est", "Grand-Est"),
    "52": ("Pays de la Loire", "Pays-de-la-Loire"),
    "53": ("Bretagne", "Brittany"),
    "75": ("Nouvelle-Aquitaine", "Aquitaine", "Poitou-Charentes", "Limousin"),
    "76": ("Occitanie", "Languedoc-Roussillon", "Midi-Pyrénées", "Languedoc"),
    "84": ("Auvergne-Rhône-Alpes", "Rhône-Alpes", "Auvergne", "ARA"),
    "93": ("Provence-Alpes-Côte d'Azur", "PACA", "région Sud", "Provence", "Côte d'Azur",
           "French Riviera", "Riviera"),
    "94": ("Corse", "Corsica"),
}  # fmt: skip
# Areas that span several regions (see the module docstring).
AREAS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("75", "76"): ("Sud-Ouest", "South West", "South-West of France", "southwest France"),
    ("93", "84"): ("Sud-Est", "South East", "South-East of France", "southeast France"),
    ("53", "52", "28"): ("Grand Ouest", "Grand-Ouest"),
    ("44",): ("Nord-Est", "North East", "north-east of France"),
}
# Former regions inside one of today's, searched as their own departments: "Alsace" is the
# Bas-Rhin and the Haut-Rhin, not the whole Grand Est (Metz, Reims, Sedan…).
FORMER_REGIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("67", "68"): ("Alsace",),
    ("54", "55", "57", "88"): ("Lorraine",),
    ("08", "10", "51", "52"): ("Champagne-Ardenne",),
    ("67", "68", "54", "55", "57", "88"): ("Alsace-Lorraine",),
}
# Aliases that are also ordinary words: only taken in capitals ("AURA") or after "en", "in".
REGION_UPPER_ONLY: dict[str, tuple[str, ...]] = {"84": ("AURA",)}

DEPARTMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "13": ("Bouches du Rhône",),
    "69": ("région lyonnaise", "Grand Lyon", "métropole de Lyon", "agglomération lyonnaise"),
    "31": ("région toulousaine", "agglomération toulousaine"),
    "33": ("région bordelaise", "agglomération bordelaise"),
    "44": ("région nantaise", "Loire Atlantique"),
    "59": ("région lilloise", "métropole lilloise"),
    "38": ("région grenobloise",),
    "75": ("département de Paris", "Paris intra-muros"),
    "971": ("Guadeloupe",),
    "972": ("Martinique",),
    "973": ("Guyane", "Guyane française", "French Guiana"),
    "974": ("La Réunion", "île de la Réunion"),
    "976": ("Mayotte",),
    "90": ("Territoire-de-Belfort",),
}
# Department names that are also common words: need "en", "dans le", "du"… or a capital.
DEPARTMENTS_NEEDING_CONTEXT = frozenset({
    "01", "03", "10", "11", "14", "18", "23", "27", "30", "32", "36", "39", "40", "42",
    "46", "50", "51", "55", "59", "60", "61", "80", "81", "83", "86", "974",
})  # fmt: skip
# Names we never take as a department by themselves (see module docstring).
DEPARTMENT_NAMES_SKIPPED = frozenset({"75"})

CITIES: tuple[str, ...] = (
    "Paris", "Marseille", "Lyon", "Toulouse", "Nice", "Nantes", "Montpellier", "Strasbourg",
    "Bordeaux", "Lille", "Rennes", "Reims", "Toulon", "Saint-Étienne", "Le Havre", "Grenoble",
    "Dijon", "Angers", "Villeurbanne", "Saint-Denis", "Nîmes", "Clermont-Ferrand", "Le Mans",
    "Aix-en-Provence", "Brest", "Tours", "Amiens", "Limoges", "Annecy", "Perpignan",
    "Boulogne-Billancourt", "Metz", "Besançon", "Orléans", "Argenteuil", "Rouen", "Montreuil",
    "Mulhouse", "Caen", "Saint-Paul", "Nancy", "Tourcoing", "Roubaix", "Nanterre",
    "Vitry-sur-Seine", "Avignon", "Créteil", "Dunkerque", "Poitiers", "Asnières-sur-Seine",
    "Versailles", "Colombes", "Saint-Pierre", "Aubervilliers", "Aulnay-sous-Bois",
    "Courbevoie", "Fort-de-France", "Cherbourg-en-Cotentin", "Rueil-Malmaison", "Pau",
    "Champigny-sur-Marne", "Béziers", "La Rochelle", "Saint-Maur-des-Fossés", "Calais",
    "Cannes", "Antibes", "Drancy", "Mamoudzou", "Ajaccio", "Mérignac", "Saint-Nazaire",
    "Colmar", "Issy-les-Moulineaux", "Noisy-le-Grand", "Évry-Courcouronnes", "Vénissieux",
    "Cergy", "Levallois-Perret", "Valence", "Bourges", "Pessac", "Cayenne", "Ivry-sur-Seine",
    "Quimper", "La Seyne-sur-Mer", "Antony", "Villeneuve-d'Ascq", "Clichy", "Troyes",
    "Montauban", "Neuilly-sur-Seine", "Pantin", "Niort", "Chambéry", "Sarcelles",
    "Le Blanc-Mesnil", "Lorient", "Beauvais", "Maisons-Alfort", "Meaux", "Narbonne",
    "Chelles", "Hyères", "Villejuif", "Épinay-sur-Seine", "La Roche-sur-Yon", "Bobigny",
    "Cholet", "Saint-Quentin", "Les Abymes", "Vannes", "Bondy", "Fréjus", "Arles", "Clamart",
    "Évreux", "Sartrouville", "Grasse", "Laval", "Belfort", "Bayonne", "Sevran",
    "Corbeil-Essonnes", "Albi", "Charleville-Mézières", "Blois", "Saint-Malo",
    "Chalon-sur-Saône", "Châteauroux", "Meudon", "Vincennes", "Brive-la-Gaillarde",
    "Carcassonne", "Montrouge", "Martigues", "Suresnes", "Saint-Ouen-sur-Seine", "Aubagne",
    "Châlons-en-Champagne", "Saint-Herblain", "Istres", "Tarbes", "Alfortville", "Bastia",
    "Boulogne-sur-Mer", "Puteaux", "Saint-Priest", "Caluire-et-Cuire", "Massy", "Angoulême",
    "Valenciennes", "Rosny-sous-Bois", "Salon-de-Provence", "Sète", "Gennevilliers",
    "Mantes-la-Jolie", "Talence", "Livry-Gargan", "Castres", "Wattrelos", "Arras",
    "Thionville", "Vaulx-en-Velin", "Douai", "Compiègne", "Gap", "Bron", "Le Cannet",
    "Marcq-en-Barœul", "Bourg-en-Bresse", "Alès", "Agen", "Saint-Germain-en-Laye", "Chartres",
    "Melun", "Échirolles", "Lens", "Orange", "Sens", "Dax", "Saintes", "Cognac", "Auxerre",
    "Nevers", "Mâcon", "Périgueux", "Bergerac", "Épinal", "Saint-Brieuc", "Lannion", "Vichy",
    "Roanne", "Aurillac", "Rodez", "Cahors", "Auch", "Mont-de-Marsan", "Biarritz", "Anglet",
    "Alençon", "Lisieux", "Dieppe", "Vienne", "Villefranche-sur-Saône", "Montbéliard",
    "Chaumont", "Saint-Dizier", "Verdun", "Épernay", "Soissons", "Laon", "Saint-Omer",
    "Cambrai", "Maubeuge", "Montélimar", "Draguignan", "Menton", "Annemasse", "Palaiseau",
    "Fontainebleau", "Pointe-à-Pitre", "Labège", "Moulins",
)  # fmt: skip
# City names that are also common words: only taken after "à", "in", "at", "near"…
CITIES_NEEDING_CONTEXT = frozenset({
    "Nice", "Tours", "Orange", "Sens", "Pau", "Lens", "Angers", "Nancy", "Cannes", "Grasse",
    "Vannes", "Valence", "Antony", "Laval", "Gap", "Saintes", "Cognac", "Vichy", "Vienne",
    "Colombes", "Cayenne", "Alès", "Pantin", "Menton", "Moulins", "Bron", "Dax", "Agen",
    "Verdun", "Clichy", "Mâcon",
})  # fmt: skip
# Cities that are also brands: only after a preposition, never from a capital alone.
CITY_BRANDS = frozenset({"Orange", "Gap", "Vichy", "Cognac"})
CITY_ALIASES: dict[str, tuple[str, ...]] = {
    "Marseille": ("Marseilles",),
    "Lyon": ("Lyons",),
    "Dunkerque": ("Dunkirk",),
    "Cherbourg-en-Cotentin": ("Cherbourg",),
    "Saint-Ouen-sur-Seine": ("Saint-Ouen",),
    "Brive-la-Gaillarde": ("Brive",),
    "Évry-Courcouronnes": ("Évry",),
    "Le Mans": ("Mans",),
    "Aix-en-Provence": ("Aix",),  # what reps call it; Aix-les-Bains is written in full
    "Clermont-Ferrand": ("Clermont",),
}
# The aliases above that need context too ("au Mans", "à Aix").
CITY_ALIASES_NEEDING_CONTEXT = frozenset({"Mans", "Aix", "Clermont"})
# A city's demonyms, counted only in lower case (see the module docstring).
CITY_DEMONYMS: dict[str, tuple[str, ...]] = {
    "Paris": ("parisien", "parisienne"),
    "Lyon": ("lyonnais", "lyonnaise"),
    "Marseille": ("marseillais", "marseillaise"),
    "Toulouse": ("toulousain", "toulousaine"),
    "Bordeaux": ("bordelais", "bordelaise"),
    "Nantes": ("nantais", "nantaise"),
    "Lille": ("lillois", "lilloise"),
    "Rennes": ("rennais", "rennaise"),
    "Grenoble": ("grenoblois", "grenobloise"),
    "Montpellier": ("montpelliérain", "montpelliéraine"),
    "Strasbourg": ("strasbourgeois", "strasbourgeoise"),
    "Nice": ("niçois", "niçoise"),
    "Toulon": ("toulonnais", "toulonnaise"),
    "Saint-Étienne": ("stéphanois", "stéphanoise"),
    "Dijon": ("dijonnais", "dijonnaise"),
    "Reims": ("rémois", "rémoise"),
    "Brest": ("brestois", "brestoise"),
    "Tours": ("tourangeau", "tourangeaux", "tourangelle"),
    "Clermont-Ferrand": ("clermontois", "clermontoise"),
    "Rouen": ("rouennais", "rouennaise"),
    "Caen": ("caennais", "caennaise"),
    "Metz": ("messin", "messine"),
    "Nancy": ("nancéien", "nancéienne"),
    "Orléans": ("orléanais", "orléanaise"),
    "Besançon": ("bisontin", "bisontine"),
    "Angers": ("angevin", "angevine"),
    "Limoges": ("limougeaud", "limougeaude"),
    "Amiens": ("amiénois", "amiénoise"),
    "Perpignan": ("perpignanais", "perpignanaise"),
    "Le Havre": ("havrais", "havraise"),
    "Mulhouse": ("mulhousien", "mulhousienne"),
    "Annecy": ("annécien", "annécienne"),
    "Niort": ("niortais", "niortaise"),
    "Pau": ("palois", "paloise"),
}
ARRONDISSEMENTS: dict[str, tuple[str, int]] = {
    # base city -> (postcode prefix, number of arrondissements)
    "PARIS": ("750", 20),
    "LYON": ("6900", 9),
    "MARSEILLE": ("130", 16),
}


def sirene_city(name: str) -> str:
    """`Saint-Étienne` → `SAINT-ETIENNE`, the way SIRENE writes commune names."""
    return " ".join(fold(name).upper().split())


def city_variants(name: str) -> list[str]:
    """The ways a city is typed: its name, and `St-`/`Ste-` for `Saint-`/`Sainte-`."""
    variants = [name]
    for long, short in (("Sainte-", "Ste-"), ("Saint-", "St-")):
        if name.startswith(long):
            variants.append(short + name[len(long) :])
            break
    return variants


def department_names() -> dict[str, tuple[str, ...]]:
    """Every department code and the names it is known by (official name plus aliases)."""
    names: dict[str, tuple[str, ...]] = {}
    for code, (name, _region) in DEPARTMENTS.items():
        own = () if code in DEPARTMENT_NAMES_SKIPPED else (name,)
        names[code] = own + DEPARTMENT_ALIASES.get(code, ())
    return names

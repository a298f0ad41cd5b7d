"""Per-NAF words for demo names and descriptions, where the sector's own words would not fit
the code (a pharmacy and a garage are both retail, but are not named alike)."""

from __future__ import annotations

# NAF code -> (name words, topics) where the sector's own words would not fit the code.
NAF_FLAVOURS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "25.62B": (
        ("Mécanique", "Usinage", "Mécanique de Précision"),
        ("usinage de précision", "mécanique générale"),
    ),
    "25.11Z": (
        ("Métallerie", "Charpente Métallique", "Constructions Métalliques"),
        ("charpente métallique", "serrurerie-métallerie"),
    ),
    "28.29B": (
        ("Équipements", "Machines", "Process"),
        ("équipements industriels", "machines spéciales"),
    ),
    "22.29A": (
        ("Plasturgie", "Plastiques", "Injection"),
        ("injection plastique", "pièces techniques en plastique"),
    ),
    "26.11Z": (
        ("Électronique", "Composants"),
        ("cartes électroniques", "composants électroniques"),
    ),
    "27.12Z": (
        ("Électrique", "Tableaux Électriques"),
        ("tableaux électriques", "appareillage électrique"),
    ),
    "33.12Z": (
        ("Maintenance", "Services Industriels"),
        ("maintenance industrielle", "réparation de machines"),
    ),
    "20.59Z": (("Chimie", "Laboratoires"), ("produits chimiques", "formulation chimique")),
    "21.20Z": (("Pharma", "Laboratoires"), ("préparations pharmaceutiques",)),
    "32.50A": (
        ("Médical", "Dispositifs Médicaux"),
        ("dispositifs médicaux", "instruments chirurgicaux"),
    ),
    "47.11D": (("Supermarché", "Market", "Alimentation"), ("supermarché de proximité",)),
    "47.71Z": (
        ("Boutique", "Mode", "Prêt-à-Porter"),
        ("prêt-à-porter femme et homme", "mode et accessoires"),
    ),
    "47.73Z": (("Pharmacie",), ("pharmacie d'officine",)),
    "47.59B": (
        ("Déco", "Maison", "Intérieurs"),
        ("articles de décoration", "mobilier et décoration"),
    ),
    "47.19B": (("Bazar", "Commerce", "Market"), ("commerce de détail non spécialisé",)),
    "45.11Z": (("Automobiles", "Auto", "Motors"), ("vente de véhicules neufs et d'occasion",)),
    "45.20A": (("Garage", "Auto Services", "Carrosserie"), ("entretien et réparation automobile",)),
    "47.91B": (
        ("Shop", "Store", "E-commerce"),
        ("vente à distance de produits régionaux", "vente en ligne de vins"),
    ),
    "46.90Z": (("Négoce", "Distribution", "Trading"), ("commerce de gros non spécialisé",)),
    "46.51Z": (
        ("Informatique Distribution", "IT Store"),
        ("distribution de matériel informatique",),
    ),
    "46.69B": (("Fournitures Industrielles", "Négoce"), ("fournitures industrielles",)),
    "86.21Z": (("Cabinet Médical", "Médecins Associés"), ("cabinet de médecine générale",)),
    "86.23Z": (
        ("Cabinet Dentaire", "Dentaire"),
        ("cabinet dentaire", "soins dentaires et implantologie"),
    ),
    "86.90E": (("Kiné", "Kinésithérapie", "Rééducation"), ("cabinet de kinésithérapie",)),
    "86.10Z": (("Clinique", "Hôpital Privé"), ("clinique médico-chirurgicale",)),
    "87.10A": (("Résidence", "Seniors"), ("EHPAD et résidence seniors",)),
    "75.00Z": (("Vétérinaire", "Clinique Vétérinaire"), ("clinique vétérinaire",)),
    "86.22C": (("Imagerie", "Radiologie", "Médical"), ("centre d'imagerie médicale",)),
    "81.21Z": (("Propreté", "Nettoyage", "Services"), ("nettoyage de bureaux",)),
    "80.10Z": (("Sécurité", "Gardiennage", "Protection"), ("sécurité et gardiennage",)),
    "81.30Z": (
        ("Espaces Verts", "Paysages", "Jardins"),
        ("entretien d'espaces verts", "création paysagère"),
    ),
    "82.11Z": (
        ("Services", "Secrétariat", "Multiservices"),
        ("services administratifs et secrétariat",),
    ),
    "35.11Z": (("Énergies", "Solaire", "Énergie Verte"), ("production d'électricité solaire",)),
    "01.11Z": (("Earl", "Ferme", "Exploitation"), ("grandes cultures céréalières",)),
    "01.21Z": (("Domaine", "Vignobles", "Château"), ("viticulture et vente de vin",)),
    "01.50Z": (("Ferme", "Earl", "Terroirs"), ("élevage et polyculture",)),
    "41.20A": (("Construction", "Bâtiment", "Maisons"), ("construction de maisons individuelles",)),
    "41.20B": (("Construction", "Bâtiment", "BTP"), ("gros œuvre et bâtiments tertiaires",)),
    "43.21A": (
        ("Électricité", "Elec"),
        ("électricité générale", "installation électrique et domotique"),
    ),
    "43.22A": (("Plomberie", "Sanitaire"), ("plomberie et sanitaires",)),
    "43.22B": (
        ("Chauffage", "Climatisation", "Thermique"),
        ("chauffage et climatisation", "pompes à chaleur"),
    ),
    "43.32A": (("Menuiserie",), ("menuiserie bois et PVC",)),
    "43.34Z": (("Peinture", "Décoration"), ("peinture et revêtements",)),
    "43.99C": (("Maçonnerie", "BTP"), ("maçonnerie générale",)),
    "43.31Z": (("Plâtrerie", "Plaquiste"), ("plâtrerie et isolation",)),
    "43.11Z": (("Démolition", "Terrassement"), ("démolition et désamiantage",)),
    "55.10Z": (("Hôtel",), ("hôtel et restaurant",)),
    "56.30Z": (("Café", "Bar"), ("bar et café",)),
    "56.10C": (("Snack", "Burger", "Pizza"), ("restauration rapide",)),
    "66.22Z": (("Assurances", "Courtage"), ("assurances professionnelles", "prévoyance")),
    "64.19Z": (("Finance", "Capital"), ("financement des entreprises",)),
    "66.19B": (("Courtage", "Crédit"), ("crédit immobilier",)),
    "66.30Z": (("Gestion Privée", "Patrimoine"), ("gestion de portefeuilles",)),
    "78.20Z": (("Intérim", "Travail Temporaire"), ("agence de travail temporaire",)),
    "78.10Z": (("Recrutement", "Talents"), ("recrutement et chasse de têtes",)),
    "85.59A": (
        ("Formation", "Académie", "Compétences"),
        (
            "formation au management",
            "formation en langues étrangères",
            "formation bureautique et numérique",
            "formation sécurité au travail",
        ),
    ),
    "85.59B": (("Formation", "Académie"), ("soutien scolaire et formation continue",)),
}

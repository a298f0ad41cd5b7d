"""Demo sectors: how often each appears, its NAF rév. 2 codes, the words its company names
are built from, how big its companies tend to be, and how it describes its activity."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sector:
    """One family of activities as a sales rep would name it."""

    key: str
    weight: int
    naf: tuple[tuple[str, int], ...]
    name_words: tuple[str, ...]
    size: str  # a key of `HEADCOUNT_PROFILES`
    descriptions: tuple[str, ...]  # `{city}` and `{topic}` are filled in
    topics: tuple[str, ...]
    tlds: tuple[str, ...] = ("fr", "fr", "fr", "com")
    revenue_per_head: int = 120_000


SECTORS: tuple[Sector, ...] = (
    Sector(
        "esn", 9,
        (("62.01Z", 3), ("62.02A", 4), ("62.03Z", 1), ("62.09Z", 2)),
        ("Numérique Conseil", "Data Services", "Digital Solutions", "Informatique", "Systèmes",
         "IT Consulting", "Cloud Services", "Tech Partners", "Ingénierie Logicielle", "Infogérance"),
        "services",
        ("Entreprise de services du numérique (ESN) spécialisée en {topic} : conseil, "
         "développement et intégration, depuis {city}.",
         "ESN basée à {city} : conseil en systèmes d'information, {topic} et régie de "
         "consultants.",
         "Société de conseil et d'ingénierie informatique, experte en {topic}."),
        ("cloud et DevOps", "cybersécurité", "data et intelligence artificielle", "SAP et ERP",
         "infogérance", "développement web et mobile", "transformation numérique",
         "Microsoft 365 et Azure", "tests et recette", "Java et .NET"),
        ("fr", "fr", "com", "io"),
        110_000,
    ),
    Sector(
        "software", 4,
        (("58.29C", 6), ("58.29A", 1), ("58.29B", 1), ("63.11Z", 1)),
        ("Software", "Logiciels", "SaaS", "Labs", "Cloud", "Apps", "Tech"),
        "startup",
        ("Éditeur de logiciel SaaS de {topic} pour les PME et ETI.",
         "Start-up basée à {city} qui édite une plateforme de {topic} en mode SaaS.",
         "Éditeur de logiciels : solution de {topic}, hébergée en France."),
        ("gestion commerciale", "paie et RH", "comptabilité", "gestion de projet",
         "facturation électronique", "relation client (CRM)", "cybersécurité",
         "gestion des stocks", "signature électronique", "business intelligence"),
        ("io", "fr", "com", "app"),
        150_000,
    ),
    Sector(
        "accounting", 6,
        (("69.20Z", 1),),
        ("Expertise Comptable", "Audit et Conseil", "Comptabilité", "Conseil et Associés",
         "Expertise", "Fiduciaire"),
        "small",
        ("Cabinet d'expertise comptable à {city} : tenue comptable, bilans, conseil fiscal "
         "et social pour {topic}.",
         "Cabinet d'audit et de conseil : expertise comptable, commissariat aux comptes, "
         "accompagnement de {topic}."),
        ("les TPE et PME", "les professions libérales", "les artisans et commerçants",
         "les start-up", "les associations", "les exploitants agricoles"),
        revenue_per_head=90_000,
    ),
    Sector(
        "consulting", 5,
        (("70.22Z", 7), ("70.21Z", 1), ("78.10Z", 1), ("74.90B", 1)),
        ("Conseil", "Consulting", "Stratégie", "Management", "Partners", "Advisory"),
        "small",
        ("Cabinet de conseil en {topic} pour les dirigeants de PME et d'ETI.",
         "Conseil en management et {topic}, basé à {city}.",
         "Accompagnement des entreprises : conseil en {topic}, formation et coaching."),
        ("stratégie", "organisation", "transformation digitale", "ressources humaines",
         "performance commerciale", "RSE et transition écologique", "financement de projets",
         "achats", "supply chain", "conduite du changement"),
        revenue_per_head=130_000,
    ),
    Sector(
        "agency", 3,
        (("73.11Z", 6), ("73.12Z", 1), ("74.10Z", 2), ("62.01Z", 1)),
        ("Agence Web", "Communication", "Digital", "Studio", "Création", "Marketing", "Média"),
        "small",
        ("Agence web et marketing digital à {city} : sites internet, SEO, {topic}.",
         "Agence de communication : identité visuelle, {topic} et campagnes publicitaires.",
         "Studio de création digitale spécialisé en {topic}."),
        ("réseaux sociaux", "publicité en ligne", "e-commerce", "UX design", "vidéo",
         "inbound marketing", "référencement naturel"),
        ("fr", "com", "fr", "studio"),
        95_000,
    ),
    Sector(
        "construction", 11,
        (("41.20A", 2), ("41.20B", 2), ("43.21A", 3), ("43.22A", 2), ("43.22B", 2),
         ("43.32A", 2), ("43.34Z", 2), ("43.99C", 1), ("43.31Z", 1), ("43.11Z", 1)),
        ("Bâtiment", "Construction", "BTP", "Travaux", "Rénovation", "Électricité",
         "Plomberie Chauffage", "Menuiserie", "Peinture", "Maçonnerie"),
        "trades",
        ("Entreprise de {topic} à {city} et alentours, pour particuliers et professionnels.",
         "Entreprise du BTP : {topic}, neuf et rénovation.",
         "Artisans qualifiés RGE : {topic}."),
        ("maçonnerie générale", "électricité générale", "plomberie et chauffage",
         "menuiserie bois et PVC", "peinture et revêtements", "gros œuvre",
         "rénovation énergétique", "couverture et zinguerie", "construction de maisons "
         "individuelles", "isolation thermique"),
        revenue_per_head=140_000,
    ),
    Sector(
        "transport", 4,
        (("49.41A", 6), ("49.41B", 2), ("52.29A", 1), ("52.10B", 2), ("53.20Z", 1)),
        ("Transports", "Logistique", "Express", "Fret", "Messagerie", "Transit"),
        "mid",
        ("Transport routier de marchandises et {topic} depuis {city}.",
         "Prestataire logistique : entreposage, {topic} et distribution."),
        ("messagerie express", "transport frigorifique", "logistique e-commerce",
         "affrètement national", "livraison du dernier kilomètre"),
        revenue_per_head=160_000,
    ),
    Sector(
        "restaurants", 7,
        (("56.10A", 6), ("56.10C", 2), ("56.30Z", 2), ("55.10Z", 1)),
        ("Bistrot", "Brasserie", "Restaurant", "Café", "Comptoir", "Table", "Hôtel"),
        "micro",
        ("{topic} à {city}, service midi et soir.",
         "Établissement en centre-ville de {city} : {topic}."),
        ("cuisine traditionnelle", "cuisine bistronomique", "restauration rapide",
         "produits locaux", "cuisine du monde", "bar à vins"),
        revenue_per_head=70_000,
    ),
    Sector(
        "industry", 7,
        (("25.62B", 3), ("25.11Z", 1), ("28.29B", 1), ("22.29A", 1), ("26.11Z", 1),
         ("27.12Z", 1), ("33.12Z", 2), ("20.59Z", 1), ("21.20Z", 1), ("32.50A", 1)),
        ("Industrie", "Mécanique", "Usinage", "Plasturgie", "Métallerie", "Électronique",
         "Équipements", "Process", "Composants"),
        "industrial",
        ("Industriel à {city} : {topic}, pour l'aéronautique, l'automobile et l'énergie.",
         "PME industrielle spécialisée en {topic}, certifiée ISO 9001.",
         "Fabrication française : {topic}, de la conception à la série."),
        ("usinage de précision", "chaudronnerie", "injection plastique",
         "cartes électroniques", "équipements industriels", "maintenance industrielle",
         "produits chimiques", "tableaux électriques", "dispositifs médicaux"),
        ("fr", "com"),
        180_000,
    ),
    Sector(
        "retail", 9,
        (("47.11D", 1), ("47.71Z", 3), ("47.73Z", 2), ("47.59B", 1), ("47.19B", 1),
         ("45.11Z", 2), ("45.20A", 2), ("47.91B", 1), ("46.90Z", 1), ("46.51Z", 1),
         ("46.69B", 1)),
        ("Distribution", "Commerce", "Boutique", "Négoce", "Garage", "Pharmacie", "Shop",
         "Market"),
        "retail",
        ("Commerce à {city} : {topic}.", "{topic}, à {city} et en ligne.",
         "{topic} : conseil, vente et service après-vente, à {city}."),
        ("prêt-à-porter", "articles de décoration", "matériel informatique",
         "produits régionaux", "pièces automobiles", "fournitures industrielles",
         "produits de santé", "vins et spiritueux"),
        revenue_per_head=200_000,
    ),
    Sector(
        "health", 6,
        (("86.21Z", 3), ("86.23Z", 2), ("86.90E", 2), ("86.10Z", 1), ("87.10A", 1),
         ("75.00Z", 1), ("86.22C", 1)),
        ("Santé", "Cabinet Médical", "Clinique", "Soins", "Médical", "Vétérinaire"),
        "health",
        ("{topic} à {city}.", "{topic} à {city}, sur rendez-vous du lundi au samedi."),
        ("cabinet de médecine générale", "cabinet dentaire", "kinésithérapie",
         "clinique vétérinaire", "EHPAD et résidence seniors", "centre d'imagerie médicale"),
        revenue_per_head=90_000,
    ),
    Sector(
        "real_estate", 4,
        (("68.31Z", 4), ("68.20B", 2), ("68.32A", 2)),
        ("Immobilier", "Immo", "Patrimoine", "Gestion", "Foncière", "Habitat"),
        "micro",
        ("Agence immobilière à {city} : {topic}.", "Administration de biens et {topic}."),
        ("transaction et location", "gestion locative", "syndic de copropriété",
         "immobilier d'entreprise", "programmes neufs"),
        revenue_per_head=150_000,
    ),
    Sector(
        "engineering", 4,
        (("71.12B", 5), ("71.11Z", 2), ("71.20B", 1)),
        ("Ingénierie", "Études", "Bureau d'Études", "Architecture", "Engineering"),
        "services",
        ("Bureau d'études techniques : {topic}.", "Cabinet d'ingénierie à {city}, expert en {topic}."),
        ("structure et génie civil", "fluides et thermique", "efficacité énergétique",
         "architecture et maîtrise d'œuvre", "contrôle technique", "environnement"),
        revenue_per_head=120_000,
    ),
    Sector(
        "finance", 2,
        (("66.22Z", 4), ("64.19Z", 1), ("66.19B", 1), ("66.30Z", 1)),
        ("Assurances", "Finance", "Courtage", "Patrimoine", "Capital", "Gestion Privée"),
        "small",
        ("Courtier en {topic} pour les entreprises et les particuliers.",
         "Conseil en gestion de patrimoine et {topic}, basé à {city}."),
        ("assurances professionnelles", "prévoyance", "crédit immobilier",
         "placements financiers", "épargne salariale"),
        revenue_per_head=160_000,
    ),
    Sector(
        "training", 3,
        (("85.59A", 4), ("85.59B", 1), ("78.20Z", 1), ("78.10Z", 1)),
        ("Formation", "Académie", "Compétences", "Talents", "Recrutement", "Intérim"),
        "small",
        ("{topic} à {city}, au service des entreprises de la région.",
         "{topic} : accompagnement des PME et ETI, certifié Qualiopi."),
        ("management", "langues étrangères", "bureautique et numérique", "sécurité au travail",
         "recrutement de cadres", "travail temporaire"),
        revenue_per_head=100_000,
    ),
    Sector(
        "services", 5,
        (("81.21Z", 3), ("80.10Z", 1), ("81.30Z", 2), ("82.11Z", 1), ("35.11Z", 1)),
        ("Services", "Propreté", "Sécurité", "Espaces Verts", "Énergies", "Multiservices"),
        "mid",
        ("Entreprise de {topic} pour les entreprises et collectivités de {city}.",
         "Prestataire de services aux entreprises : {topic}."),
        ("nettoyage de bureaux", "sécurité et gardiennage", "entretien d'espaces verts",
         "services administratifs", "production d'électricité solaire"),
        revenue_per_head=60_000,
    ),
    Sector(
        "bakery", 3,
        (("10.71C", 4), ("10.71D", 1)),
        ("Boulangerie", "Fournil", "Pâtisserie", "Maison"),
        "micro",
        ("{topic} à {city}.", "Artisan boulanger-pâtissier à {city} : {topic}."),
        ("boulangerie-pâtisserie artisanale", "pains au levain et viennoiseries",
         "pâtisserie fine et chocolats"),
        revenue_per_head=70_000,
    ),
    Sector(
        "agriculture", 3,
        (("01.11Z", 2), ("01.21Z", 3), ("01.50Z", 1)),
        ("Domaine", "Earl", "Ferme", "Vignobles", "Terroirs", "Coopérative"),
        "micro",
        ("Exploitation agricole : {topic}.", "Domaine familial près de {city} : {topic}."),
        ("viticulture et vente de vin", "grandes cultures", "élevage et polyculture",
         "maraîchage biologique", "pâtisserie artisanale"),
        ("fr", "com"),
        110_000,
    ),
    Sector(
        "personal", 3,
        (("96.02A", 4), ("96.04Z", 1), ("93.13Z", 1)),
        ("Coiffure", "Beauté", "Bien-être", "Fitness", "Spa", "Studio"),
        "micro",
        ("Salon à {city} : {topic}.", "{topic} en centre-ville de {city}."),
        ("coiffure mixte", "institut de beauté", "salle de sport", "spa et soins du corps"),
        revenue_per_head=50_000,
    ),
)  # fmt: skip

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

SECTOR_BY_KEY: dict[str, Sector] = {sector.key: sector for sector in SECTORS}

# size profile -> (band code, weight): most companies are small, a few are large.
HEADCOUNT_PROFILES: dict[str, tuple[tuple[str, int], ...]] = {
    "micro": (("NN", 20), ("00", 25), ("01", 25), ("02", 15), ("03", 9), ("11", 5), ("12", 1)),
    "health": (("NN", 25), ("00", 25), ("01", 20), ("02", 12), ("03", 8), ("11", 5),
               ("12", 3), ("21", 1), ("22", 1)),
    "small": (("NN", 12), ("00", 18), ("01", 20), ("02", 16), ("03", 12), ("11", 10),
              ("12", 7), ("21", 3), ("22", 1), ("32", 1)),
    "trades": (("NN", 10), ("00", 18), ("01", 22), ("02", 17), ("03", 12), ("11", 10),
               ("12", 7), ("21", 2), ("22", 1), ("32", 1)),
    "retail": (("NN", 10), ("00", 20), ("01", 22), ("02", 16), ("03", 12), ("11", 9),
               ("12", 6), ("21", 2), ("22", 1), ("32", 1), ("41", 1)),
    "services": (("NN", 8), ("00", 15), ("01", 16), ("02", 12), ("03", 10), ("11", 11),
                 ("12", 11), ("21", 7), ("22", 5), ("31", 2), ("32", 2), ("41", 1),
                 ("42", 1), ("51", 1), ("52", 1)),
    "startup": (("00", 10), ("01", 18), ("02", 17), ("03", 14), ("11", 15), ("12", 13),
                ("21", 7), ("22", 4), ("31", 1), ("32", 1)),
    "mid": (("NN", 6), ("00", 12), ("01", 14), ("02", 13), ("03", 12), ("11", 14),
            ("12", 13), ("21", 8), ("22", 5), ("31", 1), ("32", 2), ("41", 1)),
    "industrial": (("00", 6), ("01", 10), ("02", 11), ("03", 11), ("11", 15), ("12", 17),
                   ("21", 11), ("22", 8), ("31", 3), ("32", 4), ("41", 2), ("42", 1),
                   ("51", 1), ("53", 1)),
}  # fmt: skip


def category_of(band: str) -> str:
    """INSEE company category from the headcount band alone (revenue is not modelled)."""
    if band in ("52", "53"):
        return "GE"
    if band in ("32", "41", "42", "51"):
        return "ETI"
    return "PME"

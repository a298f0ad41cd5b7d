"""Where demo companies live: real main cities of every department, with their postcodes and
INSEE commune codes, and how much economic weight each department carries."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class City:
    """A commune (or an arrondissement of Paris, Lyon or Marseille) and its department."""

    name: str
    postcode: str
    commune_code: str
    department: str

    @property
    def label(self) -> str:
        """The commune as SIRENE writes it, as imported companies have it: `LYON 3EME`,
        `PARIS 8`, `MARSEILLE 13`, `SAINT-ETIENNE`, `VANDOEUVRE-LES-NANCY`."""
        if self.commune_code[:3] in ("751", "132", "693"):
            number = int(self.postcode[-2:])
            if self.name == "Lyon":
                return "LYON 1ER" if number == 1 else f"LYON {number}EME"
            return f"{self.name.upper()} {number}"
        text = self.name.replace("œ", "oe").replace("Œ", "OE")
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


# department -> (weight, "name postcode insee; …"): the weight is roughly the department's
# share of French establishments (per ten thousand); the first city is the biggest.
_DEPARTMENTS: dict[str, tuple[int, str]] = {
    "01": (90, "Bourg-en-Bresse 01000 01053; Oyonnax 01100 01283; Ambérieu-en-Bugey 01500 01004"),
    "02": (60, "Saint-Quentin 02100 02691; Laon 02000 02408; Soissons 02200 02722"),
    "03": (45, "Montluçon 03100 03185; Vichy 03200 03310; Moulins 03000 03190"),
    "04": (30, "Manosque 04100 04112; Digne-les-Bains 04000 04070"),
    "05": (30, "Gap 05000 05061; Briançon 05100 05023"),
    "06": (260, "Nice 06000 06088; Antibes 06600 06004; Cannes 06400 06029; "
                "Valbonne 06560 06152; Grasse 06130 06069"),
    "07": (45, "Annonay 07100 07010; Aubenas 07200 07019; Privas 07000 07186"),
    "08": (30, "Charleville-Mézières 08000 08105; Sedan 08200 08409"),
    "09": (20, "Pamiers 09100 09225; Foix 09000 09122"),
    "10": (40, "Troyes 10000 10387; Romilly-sur-Seine 10100 10323"),
    "11": (50, "Narbonne 11100 11262; Carcassonne 11000 11069"),
    "12": (40, "Rodez 12000 12202; Millau 12100 12145"),
    "13": (380, "Marseille 13001 13201; Marseille 13002 13202; Marseille 13003 13203; "
                "Marseille 13004 13204; Marseille 13005 13205; Marseille 13006 13206; "
                "Marseille 13007 13207; Marseille 13008 13208; Marseille 13009 13209; "
                "Marseille 13010 13210; Marseille 13011 13211; Marseille 13012 13212; "
                "Marseille 13013 13213; Marseille 13014 13214; Marseille 13015 13215; "
                "Marseille 13016 13216; Aix-en-Provence 13100 13001; Aix-en-Provence 13290 13001; "
                "Aubagne 13400 13005; Arles 13200 13004; Martigues 13500 13056; "
                "Vitrolles 13127 13117"),
    "14": (80, "Caen 14000 14118; Lisieux 14100 14366; Bayeux 14400 14047"),
    "15": (20, "Aurillac 15000 15014; Saint-Flour 15100 15187"),
    "16": (40, "Angoulême 16000 16015; Cognac 16100 16102"),
    "17": (80, "La Rochelle 17000 17300; Saintes 17100 17415; Rochefort 17300 17299"),
    "18": (35, "Bourges 18000 18033; Vierzon 18100 18279"),
    "19": (30, "Brive-la-Gaillarde 19100 19031; Tulle 19000 19272"),
    "2A": (25, "Ajaccio 20000 2A004; Porto-Vecchio 20137 2A247"),
    "2B": (25, "Bastia 20200 2B033; Corte 20250 2B096"),
    "21": (70, "Dijon 21000 21231; Beaune 21200 21054"),
    "22": (60, "Saint-Brieuc 22000 22278; Lannion 22300 22113; Dinan 22100 22050"),
    "23": (12, "Guéret 23000 23096"),
    "24": (50, "Périgueux 24000 24322; Bergerac 24100 24037"),
    "25": (65, "Besançon 25000 25056; Montbéliard 25200 25388; Pontarlier 25300 25462"),
    "26": (65, "Valence 26000 26362; Montélimar 26200 26198; Romans-sur-Isère 26100 26281"),
    "27": (60, "Évreux 27000 27229; Vernon 27200 27681; Louviers 27400 27375"),
    "28": (45, "Chartres 28000 28085; Dreux 28100 28134"),
    "29": (100, "Brest 29200 29019; Quimper 29000 29232; Morlaix 29600 29151"),
    "30": (85, "Nîmes 30000 30189; Alès 30100 30007"),
    "31": (250, "Toulouse 31000 31555; Toulouse 31100 31555; Toulouse 31200 31555; "
                "Toulouse 31300 31555; Toulouse 31400 31555; Toulouse 31500 31555; "
                "Blagnac 31700 31069; Colomiers 31770 31149; Labège 31670 31254"),
    "32": (20, "Auch 32000 32013"),
    "33": (260, "Bordeaux 33000 33063; Bordeaux 33100 33063; Bordeaux 33200 33063; "
                "Bordeaux 33300 33063; Bordeaux 33800 33063; Mérignac 33700 33281; "
                "Pessac 33600 33318; Talence 33400 33522; Libourne 33500 33243; "
                "Arcachon 33120 33009"),
    "34": (200, "Montpellier 34000 34172; Montpellier 34070 34172; Montpellier 34080 34172; "
                "Montpellier 34090 34172; Béziers 34500 34032; Sète 34200 34301; Lattes 34970 34129"),
    "35": (160, "Rennes 35000 35238; Rennes 35200 35238; Rennes 35700 35238; "
                "Cesson-Sévigné 35510 35051; Saint-Malo 35400 35288; Fougères 35300 35115; "
                "Vitré 35500 35360"),
    "36": (20, "Châteauroux 36000 36044"),
    "37": (75, "Tours 37000 37261; Tours 37100 37261; Tours 37200 37261; "
               "Joué-lès-Tours 37300 37122; Amboise 37400 37003"),
    "38": (180, "Grenoble 38000 38185; Grenoble 38100 38185; Meylan 38240 38229; "
                "Échirolles 38130 38151; Vienne 38200 38544; Voiron 38500 38563; "
                "Bourgoin-Jallieu 38300 38053"),
    "39": (30, "Lons-le-Saunier 39000 39300; Dole 39100 39198"),
    "40": (55, "Mont-de-Marsan 40000 40192; Dax 40100 40088"),
    "41": (35, "Blois 41000 41018; Vendôme 41100 41269"),
    "42": (95, "Saint-Étienne 42000 42218; Saint-Étienne 42100 42218; Roanne 42300 42187; "
               "Saint-Chamond 42400 42207"),
    "43": (25, "Le Puy-en-Velay 43000 43157"),
    "44": (220, "Nantes 44000 44109; Nantes 44100 44109; Nantes 44200 44109; Nantes 44300 44109; "
                "Saint-Herblain 44800 44162; Rezé 44400 44143; Saint-Nazaire 44600 44184"),
    "45": (70, "Orléans 45000 45234; Montargis 45200 45208"),
    "46": (20, "Cahors 46000 46042; Figeac 46100 46102"),
    "47": (35, "Agen 47000 47001; Villeneuve-sur-Lot 47300 47323; Marmande 47200 47157"),
    "48": (8, "Mende 48000 48095"),
    "49": (85, "Angers 49000 49007; Angers 49100 49007; Cholet 49300 49099; Saumur 49400 49328"),
    "50": (50, "Cherbourg-en-Cotentin 50100 50129; Saint-Lô 50000 50502; Granville 50400 50218"),
    "51": (65, "Reims 51100 51454; Châlons-en-Champagne 51000 51108; Épernay 51200 51230"),
    "52": (18, "Chaumont 52000 52121; Saint-Dizier 52100 52448"),
    "53": (30, "Laval 53000 53130; Château-Gontier-sur-Mayenne 53200 53062"),
    "54": (75, "Nancy 54000 54395; Vandœuvre-lès-Nancy 54500 54547; Lunéville 54300 54329"),
    "55": (18, "Bar-le-Duc 55000 55029; Verdun 55100 55545"),
    "56": (80, "Vannes 56000 56260; Lorient 56100 56121; Pontivy 56300 56178"),
    "57": (100, "Metz 57000 57463; Thionville 57100 57672; Forbach 57600 57227; "
                "Sarreguemines 57200 57631"),
    "58": (20, "Nevers 58000 58194"),
    "59": (300, "Lille 59000 59350; Lille 59800 59350; Roubaix 59100 59512; "
                "Tourcoing 59200 59599; Villeneuve-d'Ascq 59650 59009; "
                "Marcq-en-Barœul 59700 59378; Dunkerque 59140 59183; "
                "Valenciennes 59300 59606; Douai 59500 59178"),
    "60": (75, "Beauvais 60000 60057; Compiègne 60200 60159; Creil 60100 60175"),
    "61": (25, "Alençon 61000 61001; Flers 61100 61169"),
    "62": (120, "Arras 62000 62041; Calais 62100 62193; Boulogne-sur-Mer 62200 62160; "
                "Lens 62300 62498; Béthune 62400 62119"),
    "63": (80, "Clermont-Ferrand 63000 63113; Clermont-Ferrand 63100 63113; "
               "Riom 63200 63300; Issoire 63500 63178"),
    "64": (95, "Pau 64000 64445; Bayonne 64100 64102; Anglet 64600 64024; Biarritz 64200 64122"),
    "65": (30, "Tarbes 65000 65440; Lourdes 65100 65286"),
    "66": (65, "Perpignan 66000 66136; Canet-en-Roussillon 66140 66037"),
    "67": (170, "Strasbourg 67000 67482; Strasbourg 67100 67482; Strasbourg 67200 67482; "
                "Schiltigheim 67300 67447; Illkirch-Graffenstaden 67400 67218; "
                "Haguenau 67500 67180; Sélestat 67600 67462"),
    "68": (80, "Mulhouse 68100 68224; Colmar 68000 68066; Saint-Louis 68300 68297"),
    "69": (380, "Lyon 69001 69381; Lyon 69002 69382; Lyon 69003 69383; Lyon 69004 69384; "
                "Lyon 69005 69385; Lyon 69006 69386; Lyon 69007 69387; Lyon 69008 69388; "
                "Lyon 69009 69389; Villeurbanne 69100 69266; Vénissieux 69200 69259; "
                "Caluire-et-Cuire 69300 69034; Écully 69130 69081; Bron 69500 69029; "
                "Limonest 69760 69116; Villefranche-sur-Saône 69400 69264"),
    "70": (20, "Vesoul 70000 70550; Lure 70200 70310"),
    "71": (55, "Chalon-sur-Saône 71100 71076; Mâcon 71000 71270; Le Creusot 71200 71153; "
               "Montceau-les-Mines 71300 71306"),
    "72": (55, "Le Mans 72000 72181; Le Mans 72100 72181; La Flèche 72200 72154"),
    "73": (65, "Chambéry 73000 73065; Aix-les-Bains 73100 73008; Albertville 73200 73011"),
    "74": (130, "Annecy 74000 74010; Annemasse 74100 74012; Thonon-les-Bains 74200 74281; "
                "Cluses 74300 74081"),
    "75": (1150, "Paris 75001 75101; Paris 75002 75102; Paris 75003 75103; Paris 75004 75104; "
                 "Paris 75005 75105; Paris 75006 75106; Paris 75007 75107; Paris 75008 75108; "
                 "Paris 75009 75109; Paris 75010 75110; Paris 75011 75111; Paris 75012 75112; "
                 "Paris 75013 75113; Paris 75014 75114; Paris 75015 75115; Paris 75016 75116; "
                 "Paris 75017 75117; Paris 75018 75118; Paris 75019 75119; Paris 75020 75120"),
    "76": (110, "Rouen 76000 76540; Rouen 76100 76540; Le Havre 76600 76351; "
                "Mont-Saint-Aignan 76130 76451; Dieppe 76200 76217"),
    "77": (170, "Meaux 77100 77284; Melun 77000 77288; Chelles 77500 77108; Serris 77700 77449; "
                "Champs-sur-Marne 77420 77083; Torcy 77200 77468"),
    "78": (190, "Versailles 78000 78646; Saint-Germain-en-Laye 78100 78551; "
                "Guyancourt 78280 78297; Vélizy-Villacoublay 78140 78640; "
                "Montigny-le-Bretonneux 78180 78423; Mantes-la-Jolie 78200 78361"),
    "79": (40, "Niort 79000 79191; Bressuire 79300 79049"),
    "80": (55, "Amiens 80000 80021; Amiens 80080 80021; Amiens 80090 80021; "
               "Abbeville 80100 80001"),
    "81": (45, "Albi 81000 81004; Castres 81100 81065"),
    "82": (30, "Montauban 82000 82121; Castelsarrasin 82100 82033"),
    "83": (160, "Toulon 83000 83137; Toulon 83100 83137; Toulon 83200 83137; Fréjus 83600 83061; "
                "Hyères 83400 83069; La Seyne-sur-Mer 83500 83126; Draguignan 83300 83050"),
    "84": (75, "Avignon 84000 84007; Carpentras 84200 84031; Orange 84100 84087; "
               "Cavaillon 84300 84035"),
    "85": (75, "La Roche-sur-Yon 85000 85191; Les Sables-d'Olonne 85100 85194; "
               "Challans 85300 85047"),
    "86": (45, "Poitiers 86000 86194; Châtellerault 86100 86066; "
               "Chasseneuil-du-Poitou 86360 86062"),
    "87": (45, "Limoges 87000 87085; Limoges 87100 87085; Limoges 87280 87085"),
    "88": (35, "Épinal 88000 88160; Saint-Dié-des-Vosges 88100 88413"),
    "89": (35, "Auxerre 89000 89024; Sens 89100 89387"),
    "90": (15, "Belfort 90000 90010"),
    "91": (150, "Évry-Courcouronnes 91000 91228; Massy 91300 91377; Palaiseau 91120 91477; "
                "Les Ulis 91940 91692; Orsay 91400 91471; Corbeil-Essonnes 91100 91174"),
    "92": (420, "Nanterre 92000 92050; Boulogne-Billancourt 92100 92012; "
                "Issy-les-Moulineaux 92130 92040; Courbevoie 92400 92026; "
                "Levallois-Perret 92300 92044; Neuilly-sur-Seine 92200 92051; "
                "Rueil-Malmaison 92500 92063; Puteaux 92800 92062; Clichy 92110 92024; "
                "Montrouge 92120 92049"),
    "93": (210, "Saint-Denis 93200 93066; Montreuil 93100 93048; Pantin 93500 93055; "
                "Noisy-le-Grand 93160 93051; Aubervilliers 93300 93001; Bobigny 93000 93008"),
    "94": (190, "Créteil 94000 94028; Vincennes 94300 94080; Ivry-sur-Seine 94200 94041; "
                "Rungis 94150 94065; Saint-Maur-des-Fossés 94100 94068; "
                "Vitry-sur-Seine 94400 94081"),
    "95": (140, "Cergy 95000 95127; Pontoise 95000 95500; Argenteuil 95100 95018; "
                "Roissy-en-France 95700 95527; Sarcelles 95200 95585"),
    "971": (30, "Les Abymes 97139 97101; Pointe-à-Pitre 97110 97120; "
                "Baie-Mahault 97122 97103; Basse-Terre 97100 97105"),
    "972": (30, "Fort-de-France 97200 97209; Le Lamentin 97232 97213"),
    "973": (15, "Cayenne 97300 97302; Kourou 97310 97304"),
    "974": (60, "Saint-Denis 97400 97411; Saint-Pierre 97410 97416; Saint-Paul 97460 97415; "
                "Le Port 97420 97407"),
    "976": (6, "Mamoudzou 97600 97611"),
}  # fmt: skip

# A few words per region, used in company names ("Alpes Data Services").
REGION_WORDS: dict[str, tuple[str, ...]] = {
    "01": ("Caraïbes", "Antilles", "Karukera"),
    "02": ("Caraïbes", "Antilles", "Madinina"),
    "03": ("Amazonie", "Guyane"),
    "04": ("Océan Indien", "Réunion", "Bourbon"),
    "06": ("Océan Indien", "Lagon"),
    "11": ("Francilienne", "Paris", "Seine", "Île-de-France"),
    "24": ("Centre", "Val de Loire", "Berry", "Touraine"),
    "27": ("Bourgogne", "Comtoise", "Jura"),
    "28": ("Normandie", "Normande", "Cotentin"),
    "32": ("Nord", "Flandres", "Picardie", "Opale"),
    "44": ("Alsace", "Lorraine", "Champagne", "Est", "Rhin"),
    "52": ("Atlantique", "Loire", "Vendée", "Anjou"),
    "53": ("Bretagne", "Armor", "Breizh", "Iroise"),
    "75": ("Aquitaine", "Atlantique", "Gascogne", "Limousin"),
    "76": ("Occitanie", "Pyrénées", "Méditerranée", "Garonne"),
    "84": ("Alpes", "Rhône", "Auvergne", "Dauphiné", "Savoie"),
    "93": ("Provence", "Méditerranée", "Azur", "Sud"),
    "94": ("Corse", "Insulaire", "Maquis"),
}


def _parse(department: str, spec: str) -> tuple[City, ...]:
    cities = []
    for entry in spec.split(";"):
        name, postcode, commune_code = entry.strip().rsplit(" ", 2)
        cities.append(City(name, postcode, commune_code, department))
    return tuple(cities)


CITIES: dict[str, tuple[City, ...]] = {
    code: _parse(code, spec) for code, (_, spec) in _DEPARTMENTS.items()
}
DEPARTMENT_WEIGHTS: dict[str, int] = {code: weight for code, (weight, _) in _DEPARTMENTS.items()}


def city_weights(department: str) -> list[float]:
    """Relative weights of a department's cities: the first-named city gets the most, and the
    postcodes (arrondissements) of one city share its weight equally."""
    cities = CITIES[department]
    names = list(dict.fromkeys(city.name for city in cities))
    share = {name: 1.0 / (1 + 0.6 * rank) for rank, name in enumerate(names)}
    counts = {name: sum(1 for city in cities if city.name == name) for name in names}
    return [share[city.name] / counts[city.name] for city in cities]

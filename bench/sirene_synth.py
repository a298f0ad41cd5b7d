"""Deterministic synthetic SIRENE stock files (StockUniteLegale + StockEtablissement, CSV).

The `generator` shape (this module's own, the default): same columns, order and conventions as
INSEE's files: valid Luhn SIRENs and SIRETs, NAF rév. 2
codes weighted like the real stock (a few NAFRev1), mostly small headcount bands, ~10% natural
persons, ~2% non-diffusible units with `[ND]` masks, ~30% ceased units, 1–3 establishments per
company (exactly one head office) spread over every department, French names built from word
lists so full-text search has a realistic vocabulary. Optional bad rows for importer tests.
The other shapes (`insee`, `secondary`, `closed`, `concentrated`) are `bench.sirene_shapes`'s;
`--parquet` also writes each file as Parquet, typed as INSEE's (`bench.sirene_parquet`).

    python -m bench.sirene_synth --companies 1000000 --out /tmp/sirene [--shape insee] [--parquet]
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from dataclasses import dataclass
from pathlib import Path

from store.reference.geo import DEPARTMENTS
from store.reference.naf import naf_codes

LEGAL_UNIT_HEADER = [
    "siren",
    "statutDiffusionUniteLegale",
    "unitePurgeeUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "sexeUniteLegale",
    "prenom1UniteLegale",
    "prenom2UniteLegale",
    "prenom3UniteLegale",
    "prenom4UniteLegale",
    "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale",
    "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale",
    "dateDernierTraitementUniteLegale",
    "nombrePeriodesUniteLegale",
    "categorieEntreprise",
    "anneeCategorieEntreprise",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale",
    "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale",
    "activitePrincipaleNAF25UniteLegale",
]

ESTABLISHMENT_HEADER = [
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "nombrePeriodesEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement",
    "codeCommuneEtablissement",
    "codeCedexEtablissement",
    "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement",
    "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement",
]

# Common activities, weighted roughly like the stock (SCIs, consulting, retail, building...).
COMMON_NAF: dict[str, int] = {
    "68.20B": 60, "68.20A": 25, "70.22Z": 40, "62.01Z": 18, "62.02A": 10, "56.10A": 20,
    "56.10C": 12, "47.11B": 6, "47.91B": 10, "43.21A": 12, "43.22A": 10, "43.31Z": 6,
    "41.20A": 10, "86.21Z": 18, "86.90E": 10, "96.02A": 14, "49.41A": 8, "49.32Z": 10,
    "45.20A": 8, "10.71C": 6, "64.20Z": 25, "74.10Z": 10, "73.11Z": 6, "85.59A": 10,
    "90.01Z": 8, "93.12Z": 6, "94.99Z": 30, "01.11Z": 8, "01.21Z": 6, "71.12B": 8,
    "69.20Z": 6, "69.10Z": 5, "58.29C": 3, "63.12Z": 3, "81.21Z": 6, "82.99Z": 10,
}  # fmt: skip
OLD_NAF = ("74.1G", "72.2Z", "52.1D", "55.3A", "45.2B", "70.1F", "85.1C", "93.0D")

# Name vocabulary by NAF section: what a company in that trade tends to call itself.
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "A": ("EARL", "GAEC", "FERME", "DOMAINE", "VIGNOBLES", "ELEVAGE", "CHATEAU"),
    "C": ("INDUSTRIE", "ATELIER", "FABRICATION", "MECANIQUE", "BOULANGERIE", "PATISSERIE"),
    "F": ("BATIMENT", "RENOVATION", "CONSTRUCTION", "ELECTRICITE", "PLOMBERIE", "MACONNERIE"),
    "G": ("DISTRIBUTION", "NEGOCE", "BOUTIQUE", "COMMERCE", "GARAGE", "AUTOMOBILES"),
    "H": ("TRANSPORTS", "LOGISTIQUE", "TAXI", "AMBULANCES", "EXPRESS", "FRET"),
    "I": ("RESTAURANT", "BRASSERIE", "CAFE", "HOTEL", "PIZZERIA", "BISTROT", "TRAITEUR"),
    "J": ("DIGITAL", "LOGICIEL", "TECH", "DATA", "SOFT", "INFORMATIQUE", "CLOUD", "NUMERIQUE"),
    "K": ("HOLDING", "FINANCE", "PARTICIPATIONS", "INVEST", "CAPITAL", "GESTION"),
    "L": ("SCI", "IMMOBILIER", "FONCIERE", "PATRIMOINE", "RESIDENCE"),
    "M": ("CONSEIL", "CABINET", "EXPERTISE", "CONSULTING", "INGENIERIE", "ETUDES", "AUDIT"),
    "N": ("SERVICES", "NETTOYAGE", "PROPRETE", "SECURITE", "INTERIM", "FACILITY"),
    "P": ("FORMATION", "ECOLE", "ACADEMIE", "INSTITUT", "LANGUES"),
    "Q": ("CLINIQUE", "CENTRE MEDICAL", "PHARMACIE", "SANTE", "CABINET MEDICAL"),
    "R": ("PRODUCTIONS", "SPECTACLES", "ARTS", "STUDIO", "SPORT", "CLUB"),
    "S": ("ASSOCIATION", "COIFFURE", "BEAUTE", "INSTITUT", "AMICALE", "UNION"),
}
GENERIC_WORDS = ("SOCIETE", "GROUPE", "COMPAGNIE", "ETABLISSEMENTS", "ENTREPRISE", "ACME")
CORE_WORDS = (
    "DU CENTRE", "DE L'OUEST", "DU SUD", "ATLANTIQUE", "ALPES", "PROVENCE", "BRETAGNE",
    "LUMIERE", "HORIZON", "AVENIR", "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD",
    "PETIT", "DURAND", "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA",
    "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRE", "MERCIER",
    "BLANC", "GUERIN", "BOYER", "GARNIER", "CHEVALIER", "FRANCOIS", "LEGRAND", "GAUTHIER",
    "DES LILAS", "DU PORT", "DE LA GARE", "SAINT-MICHEL", "LES PINS", "BELLEVUE", "OCEANE",
    "ETOILE", "ALPHA", "OMEGA", "NOVA", "ACME", "PRESTIGE", "EXCELLENCE", "CONCEPT", "PLUS",
    "FRANCE", "EUROPE", "INTERNATIONAL", "& FILS", "ET ASSOCIES", "PARTNERS", "SOLUTIONS",
)  # fmt: skip
FIRST_NAMES = (
    "JEAN", "MARIE", "PIERRE", "NATHALIE", "MICHEL", "ISABELLE", "PHILIPPE", "SYLVIE", "ALAIN",
    "CATHERINE", "NICOLAS", "CHRISTINE", "DAVID", "SANDRINE", "THOMAS", "JULIE", "JULIEN",
    "CAMILLE", "LUCAS", "EMMA", "HUGO", "LEA", "KARIM", "FATIMA", "MOHAMED", "SOPHIE",
)  # fmt: skip
STREET_TYPES = ("RUE", "AV", "BD", "PL", "CHE", "ALL", "IMP", "RTE", "QUAI")
STREETS = ("DE LA REPUBLIQUE", "VICTOR HUGO", "JEAN JAURES", "DU GENERAL DE GAULLE", "PASTEUR",
           "DES ECOLES", "DE LA GARE", "DU MOULIN", "DE L EGLISE", "NATIONALE", "DE PARIS")  # fmt: skip
BANDS: dict[str, int] = {
    "NN": 380, "": 60, "00": 200, "01": 140, "02": 80, "03": 50, "11": 35, "12": 28, "21": 10,
    "22": 6, "31": 2, "32": 3, "41": 2, "42": 1, "51": 1, "52": 1, "53": 1,
}  # fmt: skip
LEGAL_FORMS: dict[str, int] = {
    "5710": 30, "5499": 25, "5720": 15, "5498": 10, "6540": 25, "9220": 12, "5599": 2,
    "5202": 1, "6599": 4, "5785": 1, "5485": 2, "7210": 1, "6220": 1,
}  # fmt: skip
BIG_CITIES: tuple[tuple[str, str, str, int], ...] = (
    ("13055", "13001", "MARSEILLE", 30), ("69123", "69001", "LYON", 25),
    ("31555", "31000", "TOULOUSE", 18), ("06088", "06000", "NICE", 12),
    ("44109", "44000", "NANTES", 12), ("67482", "67000", "STRASBOURG", 10),
    ("34172", "34000", "MONTPELLIER", 11), ("33063", "33000", "BORDEAUX", 13),
    ("59350", "59000", "LILLE", 12), ("35238", "35000", "RENNES", 9),
    ("51454", "51100", "REIMS", 5), ("38185", "38000", "GRENOBLE", 6),
    ("21231", "21000", "DIJON", 4), ("49007", "49000", "ANGERS", 4),
    ("69266", "69100", "VILLEURBANNE", 4), ("63113", "63000", "CLERMONT-FERRAND", 4),
    ("76351", "76600", "LE HAVRE", 4), ("42218", "42000", "SAINT-ETIENNE", 4),
    ("83137", "83000", "TOULON", 4), ("29019", "29200", "BREST", 3),
    ("87085", "87000", "LIMOGES", 3), ("37261", "37000", "TOURS", 4),
    ("80021", "80000", "AMIENS", 3), ("57463", "57000", "METZ", 3),
    ("25056", "25000", "BESANCON", 3), ("66136", "66000", "PERPIGNAN", 3),
    ("45234", "45000", "ORLEANS", 3), ("76540", "76000", "ROUEN", 4),
    ("14118", "14000", "CAEN", 3), ("54395", "54000", "NANCY", 3),
    ("2A004", "20000", "AJACCIO", 2), ("2B033", "20200", "BASTIA", 2),
    ("97209", "97200", "FORT-DE-FRANCE", 2), ("97411", "97400", "SAINT-DENIS", 2),
    ("97120", "97110", "POINTE-A-PITRE", 1), ("97302", "97300", "CAYENNE", 1),
    ("97611", "97600", "MAMOUDZOU", 1),
)  # fmt: skip
TOWN_PARTS = ("SAINT-", "VILLE", "MONT", "BEAU", "NEUF", "CHATEAU", "FONTAINE", "LA ", "LES ")
TOWN_ROOTS = ("MARTIN", "GERMAIN", "VAL", "BOIS", "PONT", "RIVIERE", "CHAMP", "ROCHE", "BOURG")


def _twice(digit: int) -> int:
    return digit * 2 - 9 if digit > 4 else digit * 2


def luhn_digit(digits: str) -> str:
    """The check digit that makes `digits` + it pass the Luhn test."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        total += _twice(value) if index % 2 == 0 else value
    return str((10 - total % 10) % 10)


# Luhn contributions of 4-digit chunks, so a SIREN costs two lookups instead of a loop.
_EVEN = {f"{n:04d}": sum(int(c) if i % 2 == 0 else _twice(int(c)) for i, c in enumerate(f"{n:04d}"))
         for n in range(10_000)}  # fmt: skip


def siren_from(number: int) -> str:
    """The valid SIREN whose first 8 digits are `number` (10000000–99999999)."""
    base = f"{number:08d}"
    total = _EVEN[base[:4]] + _EVEN[base[4:]]
    return base + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class SynthFiles:
    """Where the generator wrote, and how many rows."""

    legal_units: Path
    establishments: Path
    companies: int
    establishment_rows: int


def _communes(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[int]]:
    """(commune code, postcode, name) over every department, big cities weighted up."""
    communes = [(code, post, name) for code, post, name, _ in BIG_CITIES]
    weights = [w * 40 for *_, w in BIG_CITIES]
    for arrondissement in range(1, 21):
        communes.append((f"751{arrondissement:02d}", f"750{arrondissement:02d}", "PARIS"))
        weights.append(60)
    for department in DEPARTMENTS:
        for _ in range(12):
            number = rng.randrange(1, 600)
            code = (
                f"{department}{number:03d}" if len(department) == 2 else f"{department}{number:02d}"
            )
            if department in ("2A", "2B"):
                postcode = f"20{rng.randrange(0, 3) if department == '2A' else rng.randrange(2, 7)}{number % 100:02d}"
            else:
                postcode = f"{department}{rng.randrange(0, 10)}{number % 100:02d}"[:5]
            name = rng.choice(TOWN_PARTS) + rng.choice(TOWN_ROOTS)
            communes.append((code, postcode, name.strip()))
            weights.append(3)
    return communes, weights


def generate(
    out: Path | str,
    companies: int,
    *,
    seed: int = 42,
    bad_rows: bool = False,
    first_number: int = 30_000_000,
    shape: str = "generator",
) -> SynthFiles:
    """Write `StockUniteLegale_utf8.csv` and `StockEtablissement_utf8.csv` into `out`."""
    if shape != "generator":
        from bench.sirene_shapes import SHAPES, generate_shaped

        if bad_rows:
            raise ValueError("bad rows are only written in the generator shape")
        return generate_shaped(out, companies, SHAPES[shape], seed=seed, first_number=first_number)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n = companies
    naf_pool = list(COMMON_NAF) + [code for code in naf_codes() if code not in COMMON_NAF]
    naf_weights = list(COMMON_NAF.values()) + [1] * (len(naf_pool) - len(COMMON_NAF))
    nafs = rng.choices(naf_pool, naf_weights, k=n)
    bands = rng.choices(list(BANDS), list(BANDS.values()), k=n)
    forms = rng.choices(list(LEGAL_FORMS), list(LEGAL_FORMS.values()), k=n)
    kinds = rng.choices(range(100), k=n)  # <10 natural person, 10-11 non-diffusible, 12-13 NAFRev1
    states = rng.choices("AAAAAAACCC", k=n)  # ~30% ceased
    dates = [f"{y}-{m:02d}-{d:02d}" for y in range(1950, 2026) for m in range(1, 13) for d in (1, 5, 12, 15, 20, 28)]  # fmt: skip
    created = rng.choices(dates, k=n)
    generic = GENERIC_WORDS + tuple(w for words in SECTION_WORDS.values() for w in words)
    firsts = rng.choices(FIRST_NAMES, k=n)
    lasts = rng.choices(CORE_WORDS[4:42], k=n)
    cores = rng.choices(CORE_WORDS, k=n)
    section_of = {code: naf.section for code, naf in naf_codes().items()}
    section_pick = {s: words for s, words in SECTION_WORDS.items()}
    communes, commune_weights = _communes(rng)
    places = rng.choices(communes, commune_weights, k=n)
    extra = rng.choices((1, 1, 1, 1, 2, 2, 3), k=n)
    streets = rng.choices(STREETS, k=n)
    words = rng.choices(range(1000), k=n)

    unit_path = out / "StockUniteLegale_utf8.csv"
    estab_path = out / "StockEtablissement_utf8.csv"
    estab_rows = 0
    with (
        unit_path.open("w", encoding="utf-8", newline="") as unit_file,
        estab_path.open("w", encoding="utf-8", newline="") as estab_file,
    ):
        units = csv.writer(unit_file, lineterminator="\n")
        estabs = csv.writer(estab_file, lineterminator="\n")
        units.writerow(LEGAL_UNIT_HEADER)
        estabs.writerow(ESTABLISHMENT_HEADER)
        unit_rows: list[tuple[str, ...]] = []
        last_unit: tuple[str, ...] = ("",) * len(LEGAL_UNIT_HEADER)
        estab_batch: list[tuple[str, ...]] = []
        for i in range(n):
            siren = siren_from(first_number + i * 3)
            kind = kinds[i]
            naf = nafs[i]
            band = bands[i]
            state = states[i]
            natural = kind < 10
            diffusion = "P" if 10 <= kind < 12 or (natural and kind == 0) else "O"
            nomenclature = "NAFRev2"
            if 12 <= kind < 14:
                naf, nomenclature = OLD_NAF[kind % len(OLD_NAF)], "NAFRev1"
            employer = "O" if band not in ("NN", "00", "") else "N"
            year = "2022" if band not in ("NN", "") else ""
            category = ""
            if state == "A":
                category = "GE" if band >= "51" and band != "NN" else "ETI" if band >= "32" and band != "NN" else "PME"  # fmt: skip
            if natural:
                form = "1000"
                if diffusion == "P":
                    nom = prenom = sexe = "[ND]"
                else:
                    nom, prenom, sexe = lasts[i], firsts[i], "M" if words[i] % 2 else "F"
                denomination = acronym = ""
            else:
                form = forms[i]
                nom = prenom = sexe = ""
                pool = section_pick.get(section_of.get(naf, ""), generic)
                word = pool[words[i] % len(pool)]
                denomination = f"{word} {cores[i]}"
                acronym = "".join(p[0] for p in denomination.split()[:3]) if words[i] % 9 == 0 else ""  # fmt: skip
            head_nic = f"{words[i] % 9 + 1:04d}"
            nic = head_nic + luhn_digit(siren + head_nic)
            last_unit = (
                siren, diffusion, "", created[i], acronym, sexe, prenom, "", "", "", prenom, "",
                "W751234567" if form == "9220" and words[i] % 3 == 0 else "", band, year,
                "2024-03-22T14:17:53", "3", category, "2022" if category else "", created[i],
                state, nom, "", denomination, "", "", "", form, naf, nomenclature, nic, "N", "",
                employer, "",
            )  # fmt: skip
            unit_rows.append(last_unit)
            commune, postcode, city = places[i]
            for j in range(extra[i]):
                head = j == 0
                e_nic = nic if head else f"{words[i] % 9 + 1 + j * 10:04d}"
                if not head:
                    e_nic += luhn_digit(siren + e_nic)
                    commune, postcode, city = communes[(i * 7 + j) % len(communes)]
                e_state = "A" if state == "A" and (head or words[i] % 4) else "F"
                estab_batch.append((
                    siren, e_nic, siren + e_nic, diffusion, created[i], band, year, "",
                    "2024-03-22T14:17:53", "true" if head else "false", "2", "",
                    str(words[i] % 120 + 1), "", "", "", STREET_TYPES[words[i] % 9],
                    "[ND]" if diffusion == "P" else streets[i], postcode, city, "", "", commune,
                    "", "", "", "", "", "", "", created[i], e_state, "", "", "", "", naf,
                    nomenclature, employer, "",
                ))  # fmt: skip
            if len(unit_rows) >= 50_000:
                units.writerows(unit_rows)
                estabs.writerows(estab_batch)
                estab_rows += len(estab_batch)
                unit_rows.clear()
                estab_batch.clear()
        if bad_rows:
            template = list(last_unit)
            template[20] = "A"
            bad_luhn = siren_from(first_number - 3)
            bad_luhn = bad_luhn[:8] + str((int(bad_luhn[8]) + 1) % 10)
            template[0] = bad_luhn
            unit_rows.append(tuple(template))  # bad Luhn check digit
            template[0], template[3] = siren_from(first_number - 6), "2020-13-45"
            unit_rows.append(tuple(template))  # unparsable creation date
            unit_rows.append((siren_from(first_number - 9), "O", "too", "few"))  # short row
        units.writerows(unit_rows)
        estabs.writerows(estab_batch)
        estab_rows += len(estab_batch)
    return SynthFiles(unit_path, estab_path, n, estab_rows)


SHAPE_NAMES = ("generator", "insee", "secondary", "closed", "concentrated")


def main() -> None:
    """`python -m bench.sirene_synth --companies N --out DIR [--shape S] [--seed S] [--bad-rows]
    [--parquet]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shape", choices=SHAPE_NAMES, default="generator")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--bad-rows", action="store_true", help="append a few malformed rows")
    parser.add_argument("--parquet", action="store_true", help="also write Parquet copies")
    args = parser.parse_args()
    started = time.perf_counter()
    files = generate(
        args.out, args.companies, seed=args.seed, bad_rows=args.bad_rows, shape=args.shape
    )
    seconds = time.perf_counter() - started
    print(
        f"{files.companies} legal units -> {files.legal_units}\n"
        f"{files.establishment_rows} establishments -> {files.establishments}\n"
        f"in {seconds:.1f}s"
    )
    if args.parquet:
        from bench.sirene_parquet import write_parquet

        for path in (files.legal_units, files.establishments):
            print(f"-> {write_parquet(path)}")


if __name__ == "__main__":
    main()

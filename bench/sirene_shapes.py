"""SIRENE stock files shaped like INSEE's, in the realistic shapes an importer must hold up on.

`generate_shaped(out, companies, shape)` writes `StockUniteLegale_utf8.csv` (the 35 columns of
the current stock, in INSEE's order) and `StockEtablissement_utf8.csv` (its 54 columns, the
secondary address included), both sorted as INSEE sorts them (by SIREN, then by SIRET), with
valid Luhn SIRENs and SIRETs, `[ND]` masks for non-diffusible units and SIRENE's spellings of
communes ("PARIS 15", "LYON 3EME", "MARSEILLE 1ER", "SAINT-ETIENNE"). The shapes:

- `insee`: the establishment file holds exactly one row per legal unit, its head office (open
  for active units, closed for ceased ones): 1 M units make 1 M head offices.
- `secondary`: many secondary establishments, 1.6 per unit on average with a long tail (a few
  units have hundreds), a third of them closed.
- `closed`: two thirds of the units ceased, most establishments closed, a few active units
  whose head-office row is closed (the office moved).
- `concentrated`: Paris, Lyon, Marseille and a few big cities hold over half the companies,
  and a few NAF codes (real estate, consulting, software, delivery, restaurants) dominate.

The generator's own shape (`generator` in `bench.sirene_synth`) is the one the benchmarks
used before these: 1–3 establishments per unit, 40 columns.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from bench.sirene_synth import (
    BANDS,
    BIG_CITIES,
    COMMON_NAF,
    CORE_WORDS,
    FIRST_NAMES,
    GENERIC_WORDS,
    LEGAL_FORMS,
    LEGAL_UNIT_HEADER,
    OLD_NAF,
    SECTION_WORDS,
    STREET_TYPES,
    STREETS,
    SynthFiles,
    luhn_digit,
    siren_from,
)
from store.reference.communes import commune_names
from store.reference.naf import naf_codes
from store.text import fold

# StockEtablissement's 54 columns in INSEE's current order (the `…2Etablissement` columns are
# the secondary address, mostly empty).
ESTABLISHMENT_HEADER = [
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement", "complementAdresseEtablissement",
    "numeroVoieEtablissement", "indiceRepetitionEtablissement", "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement", "typeVoieEtablissement",
    "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement", "distributionSpecialeEtablissement",
    "codeCommuneEtablissement", "codeCedexEtablissement", "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement", "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", "complementAdresse2Etablissement",
    "numeroVoie2Etablissement", "indiceRepetition2Etablissement", "typeVoie2Etablissement",
    "libelleVoie2Etablissement", "codePostal2Etablissement", "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement", "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement", "codeCedex2Etablissement", "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement", "dateDebut",
    "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement", "activitePrincipaleNAF25Etablissement",
]  # fmt: skip

# Secondary establishments per unit: (how many, weight). Mean ~0.6, so ~1.6 rows per unit,
# with a long tail of networks (shops, agencies) holding dozens to hundreds.
SECONDARY_TAIL: tuple[tuple[int, float], ...] = (
    (0, 0.80), (1, 0.12), (2, 0.035), (3, 0.015), (5, 0.013), (10, 0.007), (25, 0.0035),
    (80, 0.0012), (300, 0.0003),
)  # fmt: skip
FEW_SECONDARY: tuple[tuple[int, float], ...] = ((0, 0.6), (1, 0.25), (2, 0.1), (4, 0.05))

# Where companies are in the `concentrated` shape: (commune code, postcode, SIRENE label, share).
CONCENTRATED_CITIES: tuple[tuple[str, str, str, float], ...] = (
    *((f"751{n:02d}", f"750{n:02d}", f"PARIS {n}", 0.0125) for n in range(1, 21)),
    *((f"6938{n}", f"6900{n}", f"LYON {n}{'ER' if n == 1 else 'EME'}", 0.0078) for n in range(1, 10)),
    *((f"132{n:02d}", f"130{n:02d}", f"MARSEILLE {n}{'ER' if n == 1 else 'EME'}", 0.003)
      for n in range(1, 17)),
    ("31555", "31000", "TOULOUSE", 0.03), ("06088", "06000", "NICE", 0.02),
    ("44109", "44000", "NANTES", 0.02), ("33063", "33000", "BORDEAUX", 0.02),
    ("59350", "59000", "LILLE", 0.018), ("34172", "34000", "MONTPELLIER", 0.015),
    ("67482", "67000", "STRASBOURG", 0.014), ("92012", "92100", "BOULOGNE-BILLANCOURT", 0.012),
    ("92050", "92000", "NANTERRE", 0.008), ("92026", "92400", "COURBEVOIE", 0.008),
    ("92040", "92130", "ISSY-LES-MOULINEAUX", 0.007), ("93048", "93100", "MONTREUIL", 0.006),
    ("42218", "42000", "SAINT-ETIENNE", 0.006), ("76351", "76600", "LE HAVRE", 0.005),
    ("13001", "13100", "AIX-EN-PROVENCE", 0.006), ("69266", "69100", "VILLEURBANNE", 0.006),
)  # fmt: skip
# NAF codes that dominate the `concentrated` shape (share of all units); the rest as the stock.
DOMINANT_NAF: dict[str, float] = {
    "68.20B": 0.12, "70.22Z": 0.10, "62.01Z": 0.07, "53.20Z": 0.05, "56.10A": 0.05,
    "47.91B": 0.04, "43.21A": 0.03, "62.02A": 0.03,
}  # fmt: skip


@dataclass(frozen=True)
class Shape:
    """What a shape changes: ceased units, establishments per unit, places and activities."""

    name: str
    ceased: float  # share of legal units ceased
    secondaries: tuple[tuple[int, float], ...]  # secondary establishments per unit, weighted
    closed_secondary: float  # share of an active unit's secondary establishments closed
    moved_head_office: float  # active units whose head-office row is closed
    concentrated: bool = False


SHAPES: dict[str, Shape] = {
    "insee": Shape("insee", ceased=0.30, secondaries=((0, 1.0),), closed_secondary=0.0,
                   moved_head_office=0.0),
    "secondary": Shape("secondary", ceased=0.30, secondaries=SECONDARY_TAIL,
                       closed_secondary=0.35, moved_head_office=0.01),
    "closed": Shape("closed", ceased=0.65, secondaries=FEW_SECONDARY, closed_secondary=0.5,
                    moved_head_office=0.03),
    "concentrated": Shape("concentrated", ceased=0.30, secondaries=((0, 1.0),),
                          closed_secondary=0.0, moved_head_office=0.0, concentrated=True),
}  # fmt: skip


# The whole-city codes of Paris, Lyon and Marseille: SIRENE places establishments in their
# arrondissements instead.
WHOLE_CITIES = ("75056", "69123", "13055")
ARRONDISSEMENTS = CONCENTRATED_CITIES[:45]


def _spread_communes(rng: random.Random) -> tuple[list[tuple[str, str, str]], list[float]]:
    """Every commune of the reference as SIRENE spells it, big cities weighted up."""
    big = {code: (postcode, weight) for code, postcode, _, weight in BIG_CITIES}
    arrondissements = {code for code, *_ in ARRONDISSEMENTS}
    communes: list[tuple[str, str, str]] = []
    weights: list[float] = []
    for code, name in commune_names().items():
        if code in WHOLE_CITIES or code in arrondissements:
            continue
        postcode, weight = big.get(code, (_postcode(code, rng), 0))
        communes.append((code, postcode, fold(name).upper()))
        weights.append(weight * 40 or 1.0)
    for code, postcode, name, _ in ARRONDISSEMENTS:
        communes.append((code, postcode, name))
        weights.append(60.0 if name.startswith("PARIS") else 40.0)
    return communes, weights


def _postcode(code: str, rng: random.Random) -> str:
    """A plausible postcode for a commune code (the department's digits, then three)."""
    if code.startswith("2A") or code.startswith("2B"):
        return "20" + code[2:]
    return code[:2] + f"{rng.randrange(10)}{code[-2:]}"


def _concentrated_communes(
    rng: random.Random,
) -> tuple[list[tuple[str, str, str]], list[float]]:
    """The big cities with their shares; the rest of the country shares what is left."""
    spread, spread_weights = _spread_communes(rng)
    held = sum(share for *_, share in CONCENTRATED_CITIES)
    total = sum(spread_weights)
    communes = [(code, post, name) for code, post, name, _ in CONCENTRATED_CITIES] + spread
    weights = [share for *_, share in CONCENTRATED_CITIES] + [
        w / total * (1 - held) for w in spread_weights
    ]
    return communes, weights


def _naf_pool(shape: Shape) -> tuple[list[str], list[float]]:
    pool = list(COMMON_NAF) + [code for code in naf_codes() if code not in COMMON_NAF]
    weights = [float(w) for w in COMMON_NAF.values()] + [1.0] * (len(pool) - len(COMMON_NAF))
    if not shape.concentrated:
        return pool, weights
    rest = 1 - sum(DOMINANT_NAF.values())
    total = sum(weights)
    scaled = {code: w / total * rest for code, w in zip(pool, weights, strict=True)}
    for code, share in DOMINANT_NAF.items():
        scaled[code] = scaled.get(code, 0.0) + share
    return list(scaled), list(scaled.values())


def _lambert(rng: random.Random) -> tuple[str, str]:
    return f"{rng.uniform(100_000, 1_200_000):.1f}", f"{rng.uniform(6_000_000, 7_100_000):.1f}"


def generate_shaped(
    out: Path | str, companies: int, shape: Shape, *, seed: int = 42, first_number: int = 30_000_000
) -> SynthFiles:
    """Write the two stock files of `shape` into `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n = companies
    naf_pool, naf_weights = _naf_pool(shape)
    communes, commune_weights = (
        _concentrated_communes(rng) if shape.concentrated else _spread_communes(rng)
    )
    nafs = rng.choices(naf_pool, naf_weights, k=n)
    bands = rng.choices(list(BANDS), list(BANDS.values()), k=n)
    forms = rng.choices(list(LEGAL_FORMS), list(LEGAL_FORMS.values()), k=n)
    cumulated = list(accumulate(commune_weights))
    places = rng.choices(communes, cum_weights=cumulated, k=n)
    counts, count_weights = zip(*shape.secondaries, strict=True)
    secondaries = rng.choices(counts, count_weights, k=n)
    section_of = {code: naf.section for code, naf in naf_codes().items()}
    # Recent years hold more creations, as in the registry.
    years = list(range(1950, 2026))
    year_weights = [1 + (year - 1950) ** 2 / 200 for year in years]
    created = [
        f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        for year in rng.choices(years, year_weights, k=n)
    ]
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
        unit_rows: list[list[str]] = []
        estab_batch: list[list[str]] = []
        for i in range(n):
            siren = siren_from(first_number + i * 3)
            naf, band, kind = nafs[i], bands[i], rng.randrange(100)
            active = rng.random() >= shape.ceased
            natural = kind < 12
            diffusion = "P" if 12 <= kind < 14 or (natural and kind == 0) else "O"
            nomenclature = "NAFRev2"
            if 14 <= kind < 16:
                naf, nomenclature = OLD_NAF[kind % len(OLD_NAF)], "NAFRev1"
            employer = "O" if band not in ("NN", "00", "") else "N"
            category = ""
            if active:
                category = (
                    "GE" if "51" <= band <= "53" else "ETI" if "32" <= band <= "42" else "PME"
                )
            if natural:
                form, nom, prenom = "1000", rng.choice(CORE_WORDS[4:42]), rng.choice(FIRST_NAMES)
                sexe = rng.choice("MF")
                if diffusion == "P":
                    nom = prenom = sexe = "[ND]"
                denomination = acronym = ""
            else:
                form, nom, prenom, sexe = forms[i], "", "", ""
                pool = SECTION_WORDS.get(section_of.get(naf, ""), GENERIC_WORDS)
                denomination = f"{rng.choice(pool)} {rng.choice(CORE_WORDS)}"
                acronym = "".join(p[0] for p in denomination.split()[:3]) if kind % 9 == 0 else ""
            extra = secondaries[i]
            nics = sorted(rng.sample(range(1, 9_000), extra + 1))
            head_at = rng.randrange(extra + 1)
            nic_of = [f"{number:04d}" for number in nics]
            nic_of = [nic + luhn_digit(siren + nic) for nic in nic_of]
            head_nic = nic_of[head_at]
            state = "A" if active else "C"
            unit_rows.append([
                siren, diffusion, "", created[i], acronym, sexe, prenom, "", "", "", prenom, "",
                "W751234567" if form == "9220" and kind % 3 == 0 else "", band,
                "2022" if band not in ("NN", "") else "", "2025-01-14T03:12:45", "3", category,
                "2022" if category else "", created[i], state, nom, "", denomination, "", "", "",
                form, naf, nomenclature, head_nic, "N" if kind % 7 else "", "", employer,
                naf.replace(".", "") if nomenclature == "NAFRev2" else "",
            ])  # fmt: skip
            commune, postcode, city = places[i]
            for j, nic in enumerate(nic_of):
                head = j == head_at
                if not head:
                    commune, postcode, city = rng.choices(communes, cum_weights=cumulated)[0]
                if not active:
                    e_state = "F"
                elif head:
                    e_state = "F" if rng.random() < shape.moved_head_office else "A"
                else:
                    e_state = "F" if rng.random() < shape.closed_secondary else "A"
                x, y = _lambert(rng)
                number = rng.randrange(1, 200)
                street = "[ND]" if diffusion == "P" else rng.choice(STREETS)
                estab_batch.append([
                    siren, nic, siren + nic, diffusion, created[i], band,
                    "2022" if band not in ("NN", "") else "", "", "2025-01-14T03:12:45",
                    "true" if head else "false", str(rng.randrange(1, 6)),
                    "BAT B" if number % 17 == 0 else "", str(number), "B" if number % 23 == 0 else "",
                    "", "", rng.choice(STREET_TYPES), street, postcode, city, "",
                    "BP 12" if number % 31 == 0 else "", commune, "", "", "", "",
                    f"{commune}_{number * 37 % 9999:04d}_{number:05d}", x, y,
                    "", "", "", "", "", "", "", "", "", "", "", "", "", "", created[i], e_state,
                    rng.choice(CORE_WORDS) if number % 11 == 0 else "", "", "", "", naf,
                    nomenclature, employer, naf.replace(".", "") if nomenclature == "NAFRev2" else "",
                ])  # fmt: skip
            if len(unit_rows) >= 50_000:
                units.writerows(unit_rows)
                estabs.writerows(estab_batch)
                estab_rows += len(estab_batch)
                unit_rows.clear()
                estab_batch.clear()
        units.writerows(unit_rows)
        estabs.writerows(estab_batch)
        estab_rows += len(estab_batch)
    return SynthFiles(unit_path, estab_path, n, estab_rows)

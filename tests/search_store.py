"""A small seeded store for search tests: the companies behind the reps' misses."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from store.demo.sirens import check_digit
from store.models import Company
from store.repositories.companies import upsert_companies

BENARD = "583692991"


def siren(number: int) -> str:
    """A valid SIREN (Luhn) for a small number."""
    body = f"{number:08d}"
    return body + check_digit(body)


# name, NAF, band, city, postcode, created
ROWS: dict[str, tuple[str, str, str, str, str, date]] = {
    BENARD: ("Bénard Infogérance", "62.02A", "31", "LYON 9EME", "69009", date(1975, 10, 18)),
    siren(2): ("Atelier Bénard Infogérance", "62.02A", "51", "TOULOUSE", "31000", date(1990, 1, 1)),
    siren(3): ("Bénard Plomberie", "43.22A", "11", "LYON 3EME", "69003", date(2001, 1, 1)),
    siren(4): ("Infra Services Lyon", "62.03Z", "21", "LYON 2EME", "69002", date(2010, 1, 1)),
    siren(5): ("Cloud Ops", "62.03Z", "22", "PARIS 8", "75008", date(2015, 1, 1)),
    siren(6): ("Run It", "62.03Z", "12", "REZE", "44400", date(2019, 1, 1)),
    siren(7): ("Altys", "58.29C", "22", "GRENOBLE", "38000", date(2014, 1, 1)),
    siren(8): ("Talora", "62.01Z", "12", "GRENOBLE", "38000", date(1979, 1, 1)),
    siren(9): ("Publi Livres", "58.11Z", "12", "GRENOBLE", "38000", date(2000, 1, 1)),
    siren(10): ("Big Soft", "62.01Z", "32", "PARIS 15", "75015", date(2005, 1, 1)),
    siren(11): ("Data Lyon", "63.11Z", "21", "LYON 7EME", "69007", date(2020, 1, 1)),
    siren(12): ("Pichon et Associés", "62.01Z", "31", "LYON 9EME", "69009", date(2006, 1, 1)),
    siren(13): ("Nanterre Conseil", "62.02B", "22", "NANTERRE", "92000", date(2012, 1, 1)),
    siren(14): ("Merignac Soft", "62.01Z", "03", "MERIGNAC", "33700", date(2021, 1, 1)),
    # the outside evaluation's requests: restaurants in Paris 11e (and a firm named "Restos"),
    siren(15): ("Le Bistrot Oberkampf", "56.10A", "01", "PARIS 11", "75011", date(2018, 1, 1)),
    siren(16): ("Chez Léon Roquette", "56.10A", "02", "PARIS 11", "75011", date(2012, 1, 1)),
    siren(17): ("Pizzeria du Canal", "56.10C", "01", "PARIS 10", "75010", date(2019, 1, 1)),
    siren(18): ("Restos Conseil", "70.22Z", "11", "PARIS 11", "75011", date(2016, 1, 1)),
    # Sophia Antipolis (Valbonne, Biot) and Nice beside it; La Défense (Courbevoie, Puteaux)
    siren(19): ("Antipolis Data", "62.01Z", "12", "VALBONNE", "06560", date(2010, 1, 1)),
    siren(20): ("Biot Software", "62.02A", "11", "BIOT", "06410", date(2015, 1, 1)),
    siren(21): ("Riviera IT", "62.02A", "21", "NICE", "06000", date(2008, 1, 1)),
    siren(22): ("Défense Conseil", "70.22Z", "31", "COURBEVOIE", "92400", date(2003, 1, 1)),
    siren(23): ("Puteaux Stratégie", "70.22Z", "22", "PUTEAUX", "92800", date(2011, 1, 1)),
    # companies of the 92 created in 2025, estate agents in Nice, Bordeaux by size
    siren(24): ("Janvier Immobilier", "68.31Z", "01", "NANTERRE", "92000", date(2025, 3, 1)),
    siren(25): ("Boulogne Nouvelle", "68.20B", "00", "BOULOGNE-BILLANCOURT", "92100",
                date(2025, 6, 1)),
    siren(26): ("Azur Immobilier", "68.31Z", "12", "NICE", "06000", date(2017, 1, 1)),
    siren(27): ("Promenade Immo", "68.31Z", "03", "NICE", "06000", date(2020, 1, 1)),
    siren(28): ("Garonne Logistique", "52.29A", "41", "BORDEAUX", "33000", date(1998, 1, 1)),
    siren(29): ("Chartrons Vins", "46.34Z", "21", "BORDEAUX", "33000", date(2004, 1, 1)),
    siren(30): ("Bastide Conseil", "70.22Z", "11", "BORDEAUX", "33100", date(2013, 1, 1)),
}  # fmt: skip
SIREN_OF = {name: number for number, (name, *_rest) in ROWS.items()}
DEPARTMENT = {"LYON": "69", "TOULOUSE": "31", "PARIS": "75", "REZE": "44", "GRENOBLE": "38",
              "NANTERRE": "92", "MERIGNAC": "33", "VALBONNE": "06", "BIOT": "06", "NICE": "06",
              "COURBEVOIE": "92", "PUTEAUX": "92", "BOULOGNE-BILLANCOURT": "92",
              "BORDEAUX": "33"}  # fmt: skip
REGION = {"69": "84", "31": "76", "75": "11", "44": "52", "38": "84", "92": "11", "33": "75",
          "06": "93"}  # fmt: skip


def seed(engine: Engine) -> Engine:
    """The store with the companies above."""
    companies = []
    for number, (name, naf, band, city, postcode, created) in ROWS.items():
        department = DEPARTMENT[city.split(" ")[0]]
        companies.append(
            Company(
                siren=number, name=name, naf_code=naf, naf_section="J" if naf < "64" else "F",
                headcount_band=band, category="ETI" if band > "31" else "PME", city=city,
                postcode=postcode, department=department, region=REGION[department],
                created_on=created, legal_form="5710", source="sirene",
            )
        )  # fmt: skip
    upsert_companies(engine, companies=companies)
    return engine

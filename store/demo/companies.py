"""Demo companies: one row dict per company, spread over every department by economic weight,
with sector-typical NAF codes, headcount bands, legal forms, ages, names and web domains."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from store.demo.naf_words import NAF_FLAVOURS
from store.demo.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from store.demo.naming import acronym, company_name, domain_for
from store.demo.places import CITIES, DEPARTMENT_WEIGHTS, City, city_weights
from store.demo.sectors import SECTOR_BY_KEY, SECTORS, Sector
from store.demo.sirens import head_office_siret
from store.demo.sizes import HEADCOUNT_PROFILES, category_of
from store.demo.weighted import Weighted
from store.reference.geo import region_of
from store.reference.headcount import BAND_BY_CODE
from store.reference.naf import section_of

SOURCE = "demo"
_MICRO_BANDS = frozenset({"NN", "00", "01", "02", "03"})
_LARGE_BANDS = frozenset({"32", "41", "42", "51", "52", "53"})
_SOLE_TRADER_SECTORS = frozenset(
    {"health", "personal", "construction", "agriculture", "restaurants", "real_estate"}
)


@dataclass(frozen=True, slots=True)
class Plant:
    """Forces a company's sector (and optionally NAF code, departments and city), so that the
    demo lead lists find what their names promise even in a small dataset."""

    sector: str
    departments: tuple[str, ...]
    naf_code: str | None = None
    city: str | None = None


class CompanyFactory:
    """Builds company rows from one random stream; same stream and inputs → same rows."""

    def __init__(self, rng: random.Random, *, reference: date) -> None:
        self.rng = rng
        self.reference = reference
        self.updated_at = datetime(reference.year, reference.month, reference.day, tzinfo=UTC)
        self.domains: set[str] = set()
        self._departments = list(DEPARTMENT_WEIGHTS)
        self._department_weights = _cumulative(list(DEPARTMENT_WEIGHTS.values()))
        self._sector_weights = _cumulative([sector.weight for sector in SECTORS])

    def row(self, siren: str, plant: Plant | None = None) -> dict[str, Any]:
        """The row of one company."""
        rng = self.rng
        if plant:
            sector = SECTOR_BY_KEY[plant.sector]
            department = rng.choice(plant.departments)
        else:
            sector = rng.choices(SECTORS, cum_weights=self._sector_weights)[0]
            department = rng.choices(self._departments, cum_weights=self._department_weights)[0]
        city = self._city(department, plant.city if plant else None)
        region = region_of(department) or ""
        naf_code = (plant and plant.naf_code) or _weighted(rng, sector.naf)
        words, topics = NAF_FLAVOURS.get(naf_code, (sector.name_words, sector.topics))
        band = _weighted(rng, HEADCOUNT_PROFILES[sector.size])
        legal_form = self._legal_form(sector, band)
        natural_person = legal_form == "1000"
        name = self._person_name() if natural_person else company_name(rng, words, city, region)
        has_domain = rng.random() < (0.35 if natural_person else 0.88)
        domain = domain_for(name, rng.choice(sector.tlds), self.domains) if has_domain else None
        return {
            "siren": siren,
            "name": name,
            "acronym": acronym(name) if not natural_person and rng.random() < 0.15 else None,
            "naf_code": naf_code,
            "naf_section": section_of(naf_code),
            "headcount_band": band,
            "category": category_of(band),
            "legal_form": legal_form,
            "created_on": self._created_on(sector, band),
            "active": rng.random() >= 0.05,
            "diffusible": rng.random() >= (0.12 if natural_person else 0.005),
            "natural_person": natural_person,
            "employer": band != "NN",
            "head_office_siret": head_office_siret(siren, 1 if rng.random() < 0.8 else 2),
            "postcode": city.postcode,
            "city": city.label,
            "commune_code": city.commune_code,
            "department": department,
            "region": region,
            "website": f"https://www.{domain}" if domain else None,
            "domain": domain,
            "revenue": self._revenue(sector, band),
            "description": self._description(sector, topics, city) if rng.random() < 0.8 else None,
            "source": SOURCE,
            "updated_at": self.updated_at,
            "import_hash": None,
        }

    def _city(self, department: str, name: str | None) -> City:
        cities = CITIES[department]
        named = [city for city in cities if city.name == name]
        if named:
            return self.rng.choice(named)
        return _cities(department).pick(self.rng)

    def _person_name(self) -> str:
        first = self.rng.choice(
            FEMALE_FIRST_NAMES if self.rng.random() < 0.45 else MALE_FIRST_NAMES
        )
        return f"{first} {self.rng.choice(LAST_NAMES)}"

    def _legal_form(self, sector: Sector, band: str) -> str:
        if band in _LARGE_BANDS:
            return _weighted(self.rng, (("5710", 55), ("5599", 25), ("5699", 15), ("5499", 5)))
        if band not in _MICRO_BANDS:
            forms = (("5710", 50), ("5499", 28), ("5599", 8), ("5720", 6), ("5498", 3))
            return _weighted(self.rng, forms)
        sole_trader = 28 if sector.key in _SOLE_TRADER_SECTORS else 8
        micro = [("5720", 28), ("5710", 14), ("5499", 16), ("5498", 10), ("1000", sole_trader)]
        if sector.key in ("health", "accounting"):
            micro += [("5485", 14), ("5785", 8)]
        if sector.key == "agriculture":
            micro.append(("6599", 15))
        return _weighted(self.rng, tuple(micro))

    def _created_on(self, sector: Sector, band: str) -> date:
        mean_age = 7.0 if sector.size == "startup" else 10.0
        if band in _LARGE_BANDS:
            mean_age = 32.0
        elif band not in _MICRO_BANDS:
            mean_age *= 1.8
        age_days = int(self.rng.expovariate(1 / mean_age) * 365.25) + self.rng.randrange(30)
        earliest = date(1950, 1, 1).toordinal()
        return date.fromordinal(max(earliest, self.reference.toordinal() - age_days))

    def _revenue(self, sector: Sector, band: str) -> int | None:
        chance = 0.25 if band in _MICRO_BANDS else 0.7
        if band == "NN" or self.rng.random() >= chance:
            return None
        info = BAND_BY_CODE[band]
        low = max(info.minimum, 1)
        high = 40_000 if info.maximum is None else max(info.maximum, low)
        heads = self.rng.randint(low, high)
        revenue = heads * sector.revenue_per_head * self.rng.lognormvariate(0, 0.35)
        return max(10_000, int(round(revenue, -3)))

    def _description(self, sector: Sector, topics: tuple[str, ...], city: City) -> str:
        template = self.rng.choice(sector.descriptions)
        text = template.format(city=city.name, topic=self.rng.choice(topics))
        return text[0].upper() + text[1:]


def _cumulative(weights: list[int]) -> list[int]:
    total, cumulative = 0, []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return _table(pairs).pick(rng)


@cache
def _table(pairs: tuple[tuple[str, int], ...]) -> Weighted[str]:
    return Weighted(pairs)


@cache
def _cities(department: str) -> Weighted[City]:
    return Weighted(zip(CITIES[department], city_weights(department), strict=True))

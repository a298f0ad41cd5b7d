"""Demo contacts: two to four people per company, with roles that fit its size, professional
emails in the company's address pattern, phones, LinkedIn URLs, and where each personal
field came from and when (RGPD)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from store.demo.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from store.demo.naming import slug
from store.demo.weighted import Weighted

SOURCE = "demo"
PERSONAL_FIELDS = ("first_name", "last_name", "title", "email", "phone", "linkedin_url")

# (masculine title, feminine title, function, seniority)
Role = tuple[str, str, str, str]
_BOSS_BY_LEGAL_FORM: dict[str, Role] = {
    "1000": ("Dirigeant", "Dirigeante", "executive", "c_level"),
    "5499": ("Gérant", "Gérante", "executive", "c_level"),
    "5498": ("Gérant", "Gérante", "executive", "c_level"),
    "5485": ("Gérant", "Gérante", "executive", "c_level"),
    "6599": ("Gérant", "Gérante", "executive", "c_level"),
    "5599": (
        "Président-directeur général",
        "Présidente-directrice générale",
        "executive",
        "c_level",
    ),
    "5699": ("Président du directoire", "Présidente du directoire", "executive", "c_level"),
}
_PRESIDENT: Role = ("Président", "Présidente", "executive", "c_level")
_SMALL_ROLES: tuple[Role, ...] = (
    ("Responsable commercial", "Responsable commerciale", "sales", "manager"),
    ("Assistant de direction", "Assistante de direction", "administration", "staff"),
    (
        "Responsable administratif et financier",
        "Responsable administrative et financière",
        "finance",
        "manager",
    ),
    ("Chargé de clientèle", "Chargée de clientèle", "sales", "staff"),
    ("Associé", "Associée", "executive", "c_level"),
    ("Responsable marketing", "Responsable marketing", "marketing", "manager"),
)
_LARGE_ROLES: tuple[Role, ...] = (
    ("Directeur général", "Directrice générale", "executive", "c_level"),
    ("Directeur commercial", "Directrice commerciale", "sales", "director"),
    ("DSI", "DSI", "it", "director"),
    ("DAF", "DAF", "finance", "director"),
    ("DRH", "DRH", "hr", "director"),
    ("Responsable marketing", "Responsable marketing", "marketing", "manager"),
    ("Responsable des achats", "Responsable des achats", "purchasing", "manager"),
    ("Directeur des opérations", "Directrice des opérations", "operations", "director"),
    ("Responsable grands comptes", "Responsable grands comptes", "sales", "manager"),
    ("Business developer", "Business developer", "sales", "staff"),
)
_TECH_ROLES: tuple[Role, ...] = (
    ("CTO", "CTO", "it", "c_level"),
    ("Directeur technique", "Directrice technique", "it", "director"),
    ("Head of Sales", "Head of Sales", "sales", "director"),
)
_TECH_NAF_PREFIXES = ("58.2", "62.", "63.1")
_EMAIL_PATTERNS = (
    ("{f}.{l}", 55), ("{i}.{l}", 12), ("{i}{l}", 10), ("{f}", 6), ("{l}.{f}", 5), ("{f}{l}", 12)
)  # fmt: skip
_EMAIL_STATUSES = (("verified", 55), ("guessed", 20), ("unknown", 12), ("invalid", 8))
# Landline area digit by region (Occitanie is split between 04 and 05), and overseas prefixes.
_AREA_BY_REGION = {
    "11": "1", "24": "2", "28": "2", "52": "2", "53": "2", "27": "3", "32": "3", "44": "3",
    "84": "4", "93": "4", "94": "4", "75": "5", "76": "5",
}  # fmt: skip
_MEDITERRANEAN_OCCITANIE = frozenset({"11", "30", "34", "48", "66"})
_OVERSEAS = {  # department -> (landline prefix, mobile prefix), E.164
    "971": ("+590590", "+590690"), "972": ("+596596", "+596696"),
    "973": ("+594594", "+594694"), "974": ("+262262", "+262692"), "976": ("+262269", "+262639"),
}  # fmt: skip


class ContactFactory:
    """Builds the contact rows of a company from one random stream."""

    def __init__(self, rng: random.Random, *, reference: date) -> None:
        self.rng = rng
        self.reference = reference

    def rows(self, company: dict[str, Any]) -> list[dict[str, Any]]:
        """Two to four contacts for a company row, its leader first."""
        rng = self.rng
        count = rng.choices((2, 3, 4), weights=(45, 35, 20))[0]
        pattern = _pick(rng, _EMAIL_PATTERNS)
        catch_all = rng.random() < 0.15
        roles = self._roles(company, count)
        used_emails: set[str] = set()
        return [self._row(company, role, pattern, catch_all, used_emails) for role in roles]

    def _roles(self, company: dict[str, Any], count: int) -> list[Role]:
        boss = _BOSS_BY_LEGAL_FORM.get(company["legal_form"], _PRESIDENT)
        small = company["headcount_band"] in ("NN", "00", "01", "02", "03", "11")
        pool = list(_SMALL_ROLES if small else _LARGE_ROLES)
        if str(company["naf_code"]).startswith(_TECH_NAF_PREFIXES):
            pool += _TECH_ROLES
        return [boss, *self.rng.sample(pool, count - 1)]

    def _row(
        self,
        company: dict[str, Any],
        role: Role,
        pattern: str,
        catch_all: bool,
        used_emails: set[str],
    ) -> dict[str, Any]:
        rng = self.rng
        female = rng.random() < 0.45
        first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        collected = self.reference - timedelta(days=rng.randrange(20, 700))
        enriched = collected + timedelta(days=rng.randrange(0, 15))
        email, status = self._email(company.get("domain"), first, last, pattern, catch_all)
        if email in used_emails:
            email = email.replace("@", f"{rng.randrange(2, 9)}@") if email else None
        if email:
            used_emails.add(email)
        phone = (
            self._phone(company["department"], company["region"]) if rng.random() < 0.65 else None
        )
        linkedin = (
            f"https://www.linkedin.com/in/{slug(first)}-{slug(last)}-{rng.getrandbits(32):08x}"
            if rng.random() < 0.7
            else None
        )
        values = {
            "first_name": first,
            "last_name": last,
            "title": role[1] if female else role[0],
            "email": email,
            "phone": phone,
            "linkedin_url": linkedin,
        }
        sources = {
            field: {
                "source": SOURCE,
                "at": (enriched if field in ("email", "phone") else collected).isoformat(),
            }
            for field, value in values.items()
            if value is not None
        }
        contacted = (
            self.reference - timedelta(days=rng.randrange(1, 180)) if rng.random() < 0.2 else None
        )
        stamp = datetime(enriched.year, enriched.month, enriched.day, 9, tzinfo=UTC)
        return {
            **values,
            "company_siren": company["siren"],
            "function": role[2],
            "seniority": role[3],
            "email_status": status,
            "field_sources": sources,
            "opted_out": rng.random() < 0.015,
            "last_contacted_on": contacted,
            "source": SOURCE,
            "person_key": f"email:{email}" if email else None,
            "created_at": datetime(collected.year, collected.month, collected.day, 9, tzinfo=UTC),
            "updated_at": stamp,
        }

    def _email(
        self, domain: str | None, first: str, last: str, pattern: str, catch_all: bool
    ) -> tuple[str | None, str]:
        if not domain or self.rng.random() < 0.05:
            return None, "unknown"
        local = pattern.format(f=slug(first), l=slug(last, ""), i=slug(first)[0])
        if catch_all and self.rng.random() < 0.8:
            return f"{local}@{domain}", "catch_all"
        return f"{local}@{domain}", _pick(self.rng, _EMAIL_STATUSES)

    def _phone(self, department: str, region: str) -> str:
        rng = self.rng
        digits = f"{rng.randrange(10_000_000):08d}"
        mobile = rng.random() < 0.6
        if department in _OVERSEAS:
            landline, cell = _OVERSEAS[department]
            return (cell if mobile else landline) + digits[:6]
        if mobile:
            return f"+33{rng.choice('67')}{digits}"
        area = _AREA_BY_REGION.get(region, "1")
        if region == "76" and department in _MEDITERRANEAN_OCCITANIE:
            area = "4"
        return f"+33{area}{digits}"


def _pick(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return _table(pairs).pick(rng)


@cache
def _table(pairs: tuple[tuple[str, int], ...]) -> Weighted[str]:
    return Weighted(pairs)

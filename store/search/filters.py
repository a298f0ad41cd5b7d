"""Structured filters of a `CompanyQuery` as SQL conditions on the `company` table."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, case, exists, false, func, literal, or_, select
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.schema import Table

from store.models import CompanyIntent, Signal
from store.models.tables import table_of
from store.reference.headcount import bands_between
from store.search.query import CompanyQuery

FULL_NAF_LENGTH = 6  # "62.01Z"
SIGNAL = table_of(Signal)
INTENT = table_of(CompanyIntent)


def _prefix(column: ColumnElement[str], prefix: str, *, sqlite: bool) -> ColumnElement[bool]:
    # A range keeps SQLite on its (binary-collated) index; PostgreSQL collations break ranges.
    if sqlite:
        return and_(column >= prefix, column < prefix + "\U0010ffff")
    return column.like(prefix.replace("%", r"\%").replace("_", r"\_") + "%")


def company_filters(
    query: CompanyQuery, table: Table, *, sqlite: bool
) -> list[ColumnElement[bool]]:
    """One condition per filter that is set; all must hold."""
    c = table.c
    conditions: list[ColumnElement[bool]] = []
    if not query.include_closed:
        conditions.append(c.active.is_(True))
    if query.naf_codes:
        conditions.append(
            or_(*(
                c.naf_code == code if len(code) == FULL_NAF_LENGTH
                else _prefix(c.naf_code, code, sqlite=sqlite)
                for code in query.naf_codes
            ))
        )  # fmt: skip
    if query.sections:
        conditions.append(c.naf_section.in_(query.sections))
    if query.departments:
        conditions.append(c.department.in_(query.departments))
    if query.regions:
        conditions.append(c.region.in_(query.regions))
    if query.cities:
        # "LYON" also matches its arrondissements, written "LYON 3EME" by SIRENE.
        conditions.append(
            or_(*(
                or_(c.city == city, _prefix(c.city, city + " ", sqlite=sqlite))
                for city in query.cities
            ))
        )  # fmt: skip
    if query.postcodes:
        conditions.append(
            or_(*(
                c.postcode == code if len(code) == 5 else _prefix(c.postcode, code, sqlite=sqlite)
                for code in query.postcodes
            ))
        )  # fmt: skip
    if query.headcount_min is not None or query.headcount_max is not None:
        bands = bands_between(query.headcount_min, query.headcount_max)
        conditions.append(c.headcount_band.in_(bands) if bands else false())
    if query.categories:
        conditions.append(c.category.in_(query.categories))
    if query.legal_forms:
        conditions.append(
            or_(*(
                c.legal_form == code if len(code) == 4 else _prefix(c.legal_form, code, sqlite=sqlite)
                for code in query.legal_forms
            ))
        )  # fmt: skip
    if query.created_after:
        conditions.append(c.created_on >= query.created_after)
    if query.created_before:
        conditions.append(c.created_on <= query.created_before)
    if query.exclude_sirens:
        conditions.append(c.siren.not_in(query.exclude_sirens))
    if query.signal_kinds or query.signal_since:
        conditions.append(_has_signal(query, table))
    return conditions


def _has_signal(query: CompanyQuery, table: Table) -> ColumnElement[bool]:
    """A signal in force (not superseded) of the asked kinds, since the asked day."""
    signal = SIGNAL
    held = [signal.c.company_siren == table.c.siren, signal.c.superseded_by.is_(None)]
    if query.signal_kinds:
        held.append(signal.c.kind.in_(query.signal_kinds))
    if query.signal_since:
        held.append(signal.c.occurred_on >= query.signal_since)
    return exists().where(*held)


def intent_score(table: FromClause) -> ColumnElement[object]:
    """A company's stored intent score, 0 when it has none."""
    score = select(INTENT.c.score).where(INTENT.c.company_siren == table.c.siren)
    return func.coalesce(score.scalar_subquery(), 0)


def size_order(table: FromClause) -> list[ColumnElement[object]]:
    """Biggest companies first ("NN" non-employers and unknown bands last), then by SIREN."""
    band = table.c.headcount_band
    size = case((band == "NN", ""), else_=func.coalesce(band, ""))
    return [table.c.active.desc(), size.desc(), table.c.siren.desc()]


def sort_order(query: CompanyQuery, table: FromClause) -> list[ColumnElement[object]]:
    """The ORDER BY of a sort on `company` columns, SIREN last so pages never overlap.

    `relevance` here is biggest first: text rank, when there is text, goes before it."""
    c = table.c
    match query.sort:
        case "relevance" | "size_desc":
            return size_order(table)
        case "size_asc":
            band = c.headcount_band
            unknown = case((or_(band.is_(None), band == "NN"), literal(1)), else_=literal(0))
            return [c.active.desc(), unknown, band.asc(), c.siren.asc()]
        case "newest":
            return [c.created_on.is_(None), c.created_on.desc(), c.siren.desc()]
        case "oldest":
            return [c.created_on.is_(None), c.created_on.asc(), c.siren.asc()]
        case "name":
            return [func.lower(c.name).asc(), c.siren.asc()]
        case "intent":
            return [intent_score(table).desc(), *size_order(table)]

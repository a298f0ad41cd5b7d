"""The full-text rows of new companies, computed with Arrow instead of SQL.

On a first import the SQLite writer indexes each batch with one `INSERT INTO company_fts …
SELECT` derived from the insert trigger (`fts_sqlite`). About half of that statement's time
is SQLite evaluating the trigger's expressions (the packed rowid, the `facets` string built
from a dozen `hex`, `lower`, `substr`, `coalesce` calls) row by row. `fts_rows` computes the
same values a batch at a time, each distinct city, postcode, NAF code… once, and hands them
over sorted by rowid, for a plain one-row INSERT run over the batch. The reader process
computes them (`merge`), on the core the writer does not use.

The values must be exactly the trigger's: `TRIGGER_VALUES` is the trigger expression this
module implements (migration 0019), and the writer uses it only when the store's insert
trigger says exactly that (`FtsBypass.computable`); any other trigger keeps the SQL path.
SQLite's `lower` and `upper` fold ASCII only and its `hex` is upper-case hex of the UTF-8
bytes, as below.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from store.sirene.batches import HEAD_OFFICE_FIELDS, tuples

INSERT = (
    "INSERT INTO company_fts(rowid, name, acronym, city, description, facets) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def _key(row: str) -> str:
    return (
        f"({row}.active * 100000000000 + (CASE WHEN {row}.headcount_band GLOB '[0-9][0-9]' "
        f"THEN CAST({row}.headcount_band AS INTEGER) + 1 ELSE 0 END) * 1000000000 "
        f"+ CAST({row}.siren AS INTEGER))"
    )


def _facets(row: str) -> str:
    return (
        f"trim(CASE WHEN {row}.city <> '' THEN 'w' || replace(hex({row}.city), '20', ' w') "
        "ELSE '' END "
        f"|| coalesce(' n' || lower(replace({row}.naf_code, '.', '')), '') "
        f"|| coalesce(' v' || substr({row}.naf_code, 1, 2), '') "
        f"|| coalesce(' d' || lower({row}.department), '') "
        f"|| coalesce(' b' || lower({row}.headcount_band), '') "
        f"|| coalesce(' c' || lower({row}.category), '') "
        f"|| CASE WHEN {row}.postcode <> '' THEN ' p' || hex({row}.postcode) ELSE '' END "
        f"|| CASE WHEN {row}.legal_form <> '' THEN ' l' || hex({row}.legal_form) "
        f"|| ' k' || hex(substr({row}.legal_form, 1, 2)) ELSE '' END "
        f"|| CASE WHEN {row}.created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-*' "
        f"THEN ' y' || substr({row}.created_on, 1, 4) || ' m' || substr({row}.created_on, 1, 4) "
        f"|| substr({row}.created_on, 6, 2) ELSE '' END)"
    )


# The insert trigger's statement this module computes, as `fts_sqlite` normalises it.
TRIGGER_VALUES = (
    "INSERT INTO company_fts(rowid, name, acronym, city, description, facets) VALUES ("
    f"{_key('new')}, new.name, new.acronym, new.city, new.description, {_facets('new')})"
)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TWO_DIGITS = re.compile(r"[0-9][0-9]")
_DATED = re.compile(r"[0-9]{4}-[0-9]{2}-")


def _hex(value: str) -> str:
    """SQLite's `hex` of a text value."""
    return value.encode("utf-8").hex().upper()


def _lower(value: str) -> str:
    """SQLite's `lower` (ASCII only)."""
    return value.translate(_ASCII_LOWER)


def _city(value: str | None) -> str:
    return "w" + _hex(value).replace("20", " w") if value else ""


def _naf(value: str | None) -> str:
    if value is None:
        return ""
    return " n" + _lower(value.replace(".", "")) + " v" + value[:2]


def _prefixed(prefix: str) -> Callable[[str | None], str]:
    def part(value: str | None) -> str:
        return "" if value is None else prefix + _lower(value)

    return part


def _postcode(value: str | None) -> str:
    return " p" + _hex(value) if value else ""


def _legal_form(value: str | None) -> str:
    return " l" + _hex(value) + " k" + _hex(value[:2]) if value else ""


def _created(value: str | None) -> str:
    if value is None or not _DATED.match(value):
        return ""
    return " y" + value[:4] + " m" + value[:4] + value[5:7]


def _band_rank(value: str | None) -> int:
    return int(value) + 1 if value is not None and _TWO_DIGITS.fullmatch(value) else 0


def _each_distinct(values: Any, function: Callable[[Any], Any], kind: Any) -> Any:
    """`function` of each value (nulls included), called once per distinct value."""
    import pyarrow as pa

    encoded = values.dictionary_encode(null_encoding="encode")
    mapped = pa.array([function(value) for value in encoded.dictionary.to_pylist()], kind)
    return mapped.take(encoded.indices)


def fts_rows(units: Any, offices: Any) -> list[tuple[Any, ...]]:
    """`fts_table`'s rows as tuples."""
    return tuples(fts_table(units, offices))


def fts_table(units: Any, offices: Any) -> Any:
    """The `company_fts` rows (rowid, name, acronym, city, description, facets) of new
    companies, units and head offices as `batches.whole_companies` writes them, in rowid
    order (FTS5 flushes its pending terms whenever a rowid is not above the last one), as an
    Arrow table: the reader makes it (`merge`), the writer turns it into rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def unit(name: str) -> Any:
        return units.column(name).combine_chunks()

    def office(name: str) -> Any:
        assert name in HEAD_OFFICE_FIELDS
        return offices.column(name).combine_chunks()

    band = unit("headcount_band")
    parts = [
        _each_distinct(office("city"), _city, pa.string()),
        _each_distinct(unit("naf_code"), _naf, pa.string()),
        _each_distinct(office("department"), _prefixed(" d"), pa.string()),
        _each_distinct(band, _prefixed(" b"), pa.string()),
        _each_distinct(unit("category"), _prefixed(" c"), pa.string()),
        _each_distinct(office("postcode"), _postcode, pa.string()),
        _each_distinct(unit("legal_form"), _legal_form, pa.string()),
        _each_distinct(unit("created_on"), _created, pa.string()),
    ]
    facets = pc.utf8_trim(pc.binary_join_element_wise(*parts, ""), characters=" ")
    key = pc.add(
        pc.add(
            pc.multiply(pc.cast(unit("active"), pa.int64()), 100_000_000_000),
            pc.multiply(_each_distinct(band, _band_rank, pa.int64()), 1_000_000_000),
        ),
        pc.cast(unit("siren"), pa.int64()),
    )
    order = pc.sort_indices(key)
    columns = {
        "rowid": key.take(order),
        "name": unit("name").take(order),
        "acronym": unit("acronym").take(order),
        "city": office("city").take(order),
        "description": pa.nulls(len(key), pa.string()),
        "facets": facets.take(order),
    }
    return pa.table(columns)

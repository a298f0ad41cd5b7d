"""PostgreSQL: one GIN index answers the text, the filters and the size order of a search.

`company.search_keys` replaces `search_vector` (migration 0002) and its per-row trigger: a
stored generated column, so every write computes it inline with the row (a bulk import's
INSERT … SELECT set-based, no trigger call), from one immutable SQL function. Its lexemes:

- words of the name and acronym, marked `=` (`=acme`): "every word in the name" is a plain
  GIN lookup, not a weight checked against each row;
- words of the city and description, bare (`lyon`);
- the words of the NAF rév. 2 label of the company's code, marked `~` (`~logiciels`): the
  same words SQLite matches through its code tokens (`fts.label_tokens`), one index entry each
  where listing the codes of a word cost the index a hundred ("commerce");
- facets, marked `#`: NAF code `#n6201z` and its division `#n62`, department `#d69`, category
  `#cpme`, the exact city `#tLYON 3EME`, postcode `#p69003`, legal form `#l5710` and its first
  two digits `#l57`, year of creation `#y2012` with its decade `#y201` and century `#y20`
  (years before 1900 and after 2100 count as those two), and the size class `#z` + active
  (1/0) + the headcount band's rank (`#z122` = active, band 21 — the same rank as SQLite's
  key, see store/search/fts.py; 00 = "NN" or unknown), and the activity alone, `#a1` (active)
  or `#a0` (ceased): "active companies of any size" is one lexeme to check, where the fifteen
  active size classes cost a text search three times its time at 1 M companies (80 ms instead
  of 25 for "commerce", bench/search.py). The divisions, two-digit legal forms,
  decades and centuries are what filters ask for most: as whole lexemes the index skips
  through them, where a prefix would gather every company under it first.

Words are cut by `to_tsvector('simple', …)` once `. @ / - < ~` are spaces (so `DATA.COM` or
`jean@x.fr` give their words, as SQLite's tokenizer does), after folding accents the way
Python's `store.text.fold` does (NFKD, combining marks dropped): no extension needed. A
database whose encoding is not UTF-8 cannot `normalize()`: there the words go through
`unaccent` when the extension is installed (revision 0002), and are only lower-cased if not.

`size_rank` (the same rank, a generated column) and the index `ix_company_size` on
(active, size_rank, siren) list companies biggest first (or smallest first) without a sort:
a search with many matches reads them in that order until its page is full.

The b-tree indexes on the filtered columns go: the GIN index answers those filters (the
source's index stays: the demo's seeding reads it).

Revision ID: 0018
Revises: 0017
"""

import json
import re

import sqlalchemy as sa
from alembic import op

from store.reference.naf import naf_codes
from store.text import fold

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Headcount band codes (INSEE) whose rank is the code plus one, as in SQLite's FTS key.
BANDS = ("00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53")
# Combining marks folded away: the diacritical blocks (U+0300-036F, 1AB0-1AFF, 1DC0-1DFF,
# 20D0-20FF, FE20-FE2F). `translate` deletes characters it has no replacement for.
MARKS = "".join(
    chr(code)
    for low, high in ((0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
                      (0xFE20, 0xFE2F))  # fmt: skip
    for code in range(low, high + 1)
)
# Characters that would make `to_tsvector` keep a compound (host, email, path, hyphenated word).
JOINERS = ".@/-<~"
DROPPED_INDEXES = (
    "naf_code", "naf_section", "headcount_band", "category", "city", "department", "region",
    "postcode",
)  # fmt: skip
KEY_COLUMNS = (
    "name", "acronym", "city", "description", "naf_code", "department", "headcount_band",
    "category", "active", "postcode", "legal_form", "created_on",
)  # fmt: skip
_PARAMETERS = (
    "name text, acronym text, city text, description text, naf_code text, department text, "
    "headcount_band text, category text, active boolean, postcode text, legal_form text, "
    "created_on date"
)


def _literal(value: str) -> str:
    """A SQL string literal (standard_conforming_strings: only quotes are doubled)."""
    return "'" + value.replace("'", "''") + "'"


def _fold(value: str, *, folding: str) -> str:
    if folding == "normalize":
        # ASCII text (most of SIRENE) skips the normalisation.
        return (
            f"CASE WHEN octet_length({value}) = char_length({value}) THEN {value} "
            f"ELSE translate(normalize({value}, NFKD), {_literal(MARKS)}, '') END"
        )
    return f"filon_unaccent({value})"


def _words(value: str, *, mark: str, folding: str) -> str:
    """The words of a text (100,000 characters at most), each after `mark`, as an array that
    may hold empty strings and lone marks. Upper-case ASCII words (SIRENE's names and cities)
    are split on spaces; anything else goes through the accent folding and the parser."""
    text = _fold(f"left({value}, 100000)", folding=folding)
    for joiner in JOINERS:
        text = f"replace({text}, '{joiner}', ' ')"
    # A tsvector's text form is 'a' 'b': its words become <mark>a <mark>b.
    quote = "''"
    parsed = (
        f"string_to_array('{mark}' || replace(trim(both '{quote}' FROM "
        f"strip(to_tsvector('simple'::regconfig, {text}))::text), "
        f"'{quote} {quote}', ' {mark}'), ' ')"
    )
    plain = f"string_to_array('{mark}' || replace(lower({value}), ' ', ' {mark}'), ' ')"
    return (
        f"CASE WHEN {value} ~ '^[A-Z0-9 ]*$' AND octet_length({value}) < 2000 "
        f"THEN {plain} ELSE {parsed} END"
    )


def label_words() -> dict[str, str]:
    """The words (of three letters or more, accents folded) of each NAF rév. 2 label, by code,
    space-separated: as `store.search.fts` reads them."""
    found = {}
    for code, naf in naf_codes().items():
        words = dict.fromkeys(w for w in re.findall(r"\w+", fold(naf.label).lower()) if len(w) > 2)
        found[code] = " ".join(words)
    return found


def keys_expression(*, folding: str) -> str:
    """The body of `filon_search_keys`: see the module docstring."""
    name = _words("name || ' ' || coalesce(acronym, '')", mark="=", folding=folding)
    labels = _literal(json.dumps(label_words(), ensure_ascii=False))
    label = f"string_to_array('~' || replace(coalesce({labels}::jsonb ->> naf_code, ''), ' ', ' ~'), ' ')"
    text = _words(
        "coalesce(city, '') || ' ' || coalesce(description, '')", mark="", folding=folding
    )
    ranks = " ".join(f"WHEN '{band}' THEN '{int(band) + 1:02d}'" for band in BANDS)
    year = (
        "CASE WHEN created_on IS NOT NULL "
        "THEN least(greatest(date_part('year', created_on)::int, 1900), 2100)::text END"
    )
    facets = f"""ARRAY[
        '#z' || CASE WHEN active THEN '1' ELSE '0' END
            || CASE headcount_band {ranks} ELSE '00' END,
        '#n' || lower(replace(left(naf_code, 200), '.', '')),
        '#n' || lower(left(naf_code, 2)),
        '#d' || lower(left(department, 200)),
        '#c' || lower(left(category, 200)),
        '#t' || left(city, 200),
        '#p' || left(postcode, 200),
        '#l' || left(legal_form, 200),
        '#l' || left(legal_form, 2),
        '#y' || {year},
        '#y' || left({year}, 3),
        '#y' || left({year}, 2),
        '#a' || CASE WHEN active THEN '1' ELSE '0' END]"""
    everything = f"{name} || {text} || {label} || {facets}"
    for nothing in ("NULL", "''", "'='", "'~'"):
        everything = f"array_remove({everything}, {nothing})"
    return f"SELECT array_to_tsvector({everything})"


def _folding() -> str:
    """`normalize` on a UTF-8 database, else `unaccent` (revision 0002's `filon_unaccent`:
    the extension's, or the text as is on a server without it)."""
    encoding = op.get_bind().execute(sa.text("SHOW server_encoding")).scalar_one()
    return "normalize" if encoding == "UTF8" else "unaccent"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE OR REPLACE FUNCTION filon_search_keys({_PARAMETERS}) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        f"AS $body$ {keys_expression(folding=_folding())} $body$"
    )
    op.execute("DROP TRIGGER IF EXISTS company_search_vector ON company")
    op.execute("DROP FUNCTION IF EXISTS company_search_vector()")
    op.execute("DROP INDEX IF EXISTS ix_company_search_vector")
    op.execute("ALTER TABLE company DROP COLUMN IF EXISTS search_vector")
    op.execute(  # one statement: the table is rewritten once
        "ALTER TABLE company ADD COLUMN search_keys tsvector GENERATED ALWAYS AS "
        f"(filon_search_keys({', '.join(KEY_COLUMNS)})) STORED, "
        f"ADD COLUMN size_rank smallint GENERATED ALWAYS AS ({_rank()}) STORED"
    )
    op.execute("CREATE INDEX ix_company_search_keys ON company USING gin (search_keys)")
    op.execute("CREATE INDEX ix_company_size ON company (active, size_rank, siren)")
    for column in DROPPED_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS ix_company_{column}")


def _rank() -> str:
    """The headcount band's rank: its code plus one, 0 for "NN" or unknown (as SQLite's key)."""
    ranks = " ".join(f"WHEN '{band}' THEN {int(band) + 1}" for band in BANDS)
    return f"CASE headcount_band {ranks} ELSE 0 END"


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in DROPPED_INDEXES:
        op.create_index(f"ix_company_{column}", "company", [column])
    op.execute("DROP INDEX IF EXISTS ix_company_search_keys")
    op.execute("DROP INDEX IF EXISTS ix_company_size")
    op.execute("ALTER TABLE company DROP COLUMN IF EXISTS search_keys")
    op.execute("ALTER TABLE company DROP COLUMN IF EXISTS size_rank")
    op.execute("DROP FUNCTION IF EXISTS filon_search_keys")
    # Revision 0002's vector, trigger and index, filled again by the trigger.
    op.add_column("company", sa.Column("search_vector", sa.dialects.postgresql.TSVECTOR()))
    op.execute(
        """
        CREATE OR REPLACE FUNCTION company_search_vector() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_vector :=
            setweight(to_tsvector('simple', filon_unaccent(coalesce(NEW.name, ''))), 'A') ||
            setweight(to_tsvector('simple', filon_unaccent(coalesce(NEW.acronym, ''))), 'A') ||
            setweight(to_tsvector('simple', filon_unaccent(coalesce(
              (SELECT label FROM naf_label WHERE code = NEW.naf_code), ''))), 'B') ||
            setweight(to_tsvector('simple', filon_unaccent(coalesce(NEW.city, ''))), 'C') ||
            setweight(to_tsvector('simple', filon_unaccent(coalesce(NEW.description, ''))), 'D');
          RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER company_search_vector BEFORE INSERT OR UPDATE OF "
        "name, acronym, naf_code, city, description ON company "
        "FOR EACH ROW EXECUTE FUNCTION company_search_vector()"
    )
    op.execute("UPDATE company SET name = name")
    op.execute("CREATE INDEX ix_company_search_vector ON company USING gin (search_vector)")

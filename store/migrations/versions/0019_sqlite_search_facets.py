"""SQLite: the full-text index answers city, postcode, legal form and creation-date filters, and
the postcode b-tree goes.

The `facets` column of `company_fts` (migration 0002) gains, per company (see
store/search/facets.py for the queries that read them):
- its city, first, as one token per space-separated part, each the hex of the part's UTF-8
  bytes (`PARIS 15` → `w5041524953 w3135`): a city filter ("LYON" is LYON or `LYON …`) is the
  initial phrase `^"w…"`, exactly the SQL rule, with no `company` row read;
- `v` + the NAF division (`v62`): a sector ("ESN": 62, "BTP": 41 to 43) is a few tokens,
  where the prefix query `n62*` made FTS5 merge every 62 sub-class's list first;
- `p` + hex of the postcode (prefixes are FTS prefix queries);
- `l` + hex of the legal form and `k` + hex of its first two characters (its family: `54`);
- `y` + the creation year and `m` + year and month (`y2021 m202103`): date filters and the
  newest/oldest sorts walk the years and months instead of sorting every match.
So broad filters ("à Paris", "SARL", "créées depuis 2020") count and page inside the index on a
store of millions. With postcodes in the index, `ix_company_postcode` was only ever written: a
random-order b-tree that cost the SIRENE import a third of its time. The index is rebuilt from
`company` (about 10 s per million companies). PostgreSQL is unchanged.

Revision ID: 0019
Revises: 0018
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

FTS_COLUMNS = "name, acronym, city, description, facets"
OLD_WATCHED = (
    "siren", "name", "acronym", "city", "description", "naf_code", "department",
    "headcount_band", "category", "active",
)  # fmt: skip
WATCHED = (*OLD_WATCHED, "postcode", "legal_form", "created_on")
TRIGGERS = ("company_fts_insert", "company_fts_delete", "company_fts_update")


def _key(row: str) -> str:
    return (
        f"({row}.active * 100000000000 + (CASE WHEN {row}.headcount_band GLOB '[0-9][0-9]' "
        f"THEN CAST({row}.headcount_band AS INTEGER) + 1 ELSE 0 END) * 1000000000 "
        f"+ CAST({row}.siren AS INTEGER))"
    )


def _old_facets(row: str) -> str:
    return (
        f"trim(coalesce('n' || lower(replace({row}.naf_code, '.', '')), '') "
        f"|| coalesce(' d' || lower({row}.department), '') "
        f"|| coalesce(' b' || lower({row}.headcount_band), '') "
        f"|| coalesce(' c' || lower({row}.category), ''))"
    )


def _facets(row: str) -> str:
    # The city comes first: `^` matches a phrase at the start of the column. Byte 0x20 (a
    # space) splits the hex into parts; "20" at an odd offset would need a control character.
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


def _create_triggers(facets, watched) -> None:  # type: ignore[no-untyped-def]
    def values(row: str) -> str:
        return f"{_key(row)}, {row}.name, {row}.acronym, {row}.city, {row}.description, {facets(row)}"

    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in watched)
    op.execute(
        f"CREATE TRIGGER company_fts_insert AFTER INSERT ON company BEGIN "
        f"INSERT INTO company_fts(rowid, {FTS_COLUMNS}) VALUES ({values('new')}); END"
    )
    op.execute(
        f"CREATE TRIGGER company_fts_delete AFTER DELETE ON company BEGIN "
        f"INSERT INTO company_fts(company_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', {values('old')}); END"
    )
    op.execute(
        f"CREATE TRIGGER company_fts_update AFTER UPDATE ON company WHEN {changed} BEGIN "
        f"INSERT INTO company_fts(company_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', {values('old')}); "
        f"INSERT INTO company_fts(rowid, {FTS_COLUMNS}) VALUES ({values('new')}); END"
    )
    op.execute("INSERT INTO company_fts(company_fts) VALUES ('delete-all')")
    op.execute(
        f"INSERT INTO company_fts(rowid, {FTS_COLUMNS}) "
        f"SELECT {values('company')} FROM company ORDER BY 1"
    )
    op.execute("INSERT INTO company_fts(company_fts) VALUES ('optimize')")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    _create_triggers(_facets, WATCHED)
    op.drop_index("ix_company_postcode", table_name="company")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_index("ix_company_postcode", "company", ["postcode"])
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    _create_triggers(_old_facets, OLD_WATCHED)

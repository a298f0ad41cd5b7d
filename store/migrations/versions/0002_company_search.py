"""Company full-text search: NAF labels in the database and an accent-insensitive index kept
in sync by triggers (SQLite: a contentless FTS5 table whose rowid and `facets` column also
serve the structured filters; PostgreSQL: a tsvector with unaccent).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from store.reference.naf import naf_codes

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FTS_COLUMNS = "name, acronym, city, description, facets"
WATCHED = (
    "siren", "name", "acronym", "city", "description", "naf_code", "department",
    "headcount_band", "category", "active",
)  # fmt: skip


def _fts_values(row: str) -> str:
    """The FTS row of a company: see store/search/fts.py for the rowid and facet encoding."""
    key = (
        f"({row}.active * 100000000000 + (CASE WHEN {row}.headcount_band GLOB '[0-9][0-9]' "
        f"THEN CAST({row}.headcount_band AS INTEGER) + 1 ELSE 0 END) * 1000000000 "
        f"+ CAST({row}.siren AS INTEGER))"
    )
    facets = (
        f"trim(coalesce('n' || lower(replace({row}.naf_code, '.', '')), '') "
        f"|| coalesce(' d' || lower({row}.department), '') "
        f"|| coalesce(' b' || lower({row}.headcount_band), '') "
        f"|| coalesce(' c' || lower({row}.category), ''))"
    )
    return f"{key}, {row}.name, {row}.acronym, {row}.city, {row}.description, {facets}"


def upgrade() -> None:
    naf = op.create_table(
        "naf_label",
        sa.Column("code", sa.String(6), primary_key=True),
        sa.Column("label", sa.String, nullable=False),
    )
    op.bulk_insert(naf, [{"code": c.code, "label": c.label} for c in naf_codes().values()])
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def _upgrade_sqlite() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE company_fts USING fts5({FTS_COLUMNS}, content='', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO company_fts(company_fts, rank) VALUES ('automerge', 16)")
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in WATCHED)
    op.execute(
        f"CREATE TRIGGER company_fts_insert AFTER INSERT ON company BEGIN "
        f"INSERT INTO company_fts(rowid, {FTS_COLUMNS}) VALUES ({_fts_values('new')}); END"
    )
    op.execute(
        f"CREATE TRIGGER company_fts_delete AFTER DELETE ON company BEGIN "
        f"INSERT INTO company_fts(company_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', {_fts_values('old')}); END"
    )
    op.execute(
        f"CREATE TRIGGER company_fts_update AFTER UPDATE ON company WHEN {changed} BEGIN "
        f"INSERT INTO company_fts(company_fts, rowid, {FTS_COLUMNS}) "
        f"VALUES ('delete', {_fts_values('old')}); "
        f"INSERT INTO company_fts(rowid, {FTS_COLUMNS}) VALUES ({_fts_values('new')}); END"
    )
    op.execute(
        f"INSERT INTO company_fts(rowid, {FTS_COLUMNS}) "
        f"SELECT {_fts_values('company')} FROM company"
    )


def _unaccent_installed() -> bool:
    """Whether `unaccent` is there or could be created; a server without it still migrates
    (revision 0018 folds accents without it)."""
    bind = op.get_bind()
    found = bind.execute(
        sa.text("SELECT installed_version FROM pg_available_extensions WHERE name = 'unaccent'")
    ).first()
    if found is None:
        return False
    if found[0] is not None:
        return True
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public"))
    except sa.exc.DBAPIError:  # a role that may not create it
        return False
    return True


def _upgrade_postgresql() -> None:
    body = (
        "public.unaccent('public.unaccent'::regdictionary, $1)" if _unaccent_installed() else "$1"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION filon_unaccent(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT {body} $$"
    )
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


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("company_fts_insert", "company_fts_delete", "company_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS company_fts")
    else:
        op.execute("DROP TRIGGER IF EXISTS company_search_vector ON company")
        op.execute("DROP FUNCTION IF EXISTS company_search_vector()")
        op.drop_index("ix_company_search_vector", table_name="company")
        op.drop_column("company", "search_vector")
    op.drop_table("naf_label")

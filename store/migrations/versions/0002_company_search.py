"""Company full-text search: NAF labels in the database and an accent-insensitive index kept
in sync by triggers (SQLite FTS5, contentless; PostgreSQL tsvector with unaccent).

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

FTS_COLUMNS = "name, acronym, naf_label, city, description"


def _fts_values(row: str) -> str:
    return (
        f"CAST({row}.siren AS INTEGER), {row}.name, {row}.acronym, "
        f"(SELECT label FROM naf_label WHERE code = {row}.naf_code), {row}.city, {row}.description"
    )


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
    changed = " OR ".join(
        f"old.{c} IS NOT new.{c}" for c in ("name", "acronym", "naf_code", "city", "description")
    )
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


def _upgrade_postgresql() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    op.execute(
        "CREATE OR REPLACE FUNCTION filon_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"
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

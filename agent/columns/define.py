"""Defining a list's AI columns: a custom prompt (its variables checked now, not at run time),
or the built-in columns; and reading a list's columns back.

    add_column(engine, list_name="ESN Lyon", name="Utilise Salesforce",
               prompt="Est-ce que $company_name utilise Salesforce ?", kind="boolean", user="alice")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from agent.columns.builtins import BUILTINS, Builtin
from agent.columns.errors import (
    BadColumnType,
    BadOptions,
    ColumnExists,
    EmptyColumn,
    UnknownColumn,
)
from agent.columns.template import check_prompt, prompt_hash
from agent.columns.types import COLUMN_TYPES
from agent.i18n import Language, t
from agent.leads.lists import find_list
from store.db import session_scope
from store.models import AIColumn, LeadList
from store.models._time import utcnow
from store.models.lead import list_name_key
from store.repositories.ai_columns import column_named, columns_of, insert_column, replace_prompt

NAME_LIMIT = 80


@dataclass(frozen=True, slots=True)
class ColumnDefinition:
    """A column as added: new (`created`), its prompt replaced, or there already as asked."""

    column: AIColumn
    list_name: str
    created: bool
    replaced: bool = False


def add_column(
    engine: Engine,
    *,
    list_name: str,
    name: str,
    prompt: str,
    kind: str,
    options: Sequence[str] = (),
    user: str,
    replace: bool = False,
) -> ColumnDefinition:
    """Add a custom column to the list (the user's own list of that name first).

    Raises `UnknownList`, or a `ColumnRequestError` for a bad type, options or variable, or a
    name the list has already with another prompt (unless `replace`).
    """
    clean_name, clean_prompt = " ".join(name.split())[:NAME_LIMIT], prompt.strip()
    if not clean_name or not clean_prompt:
        raise EmptyColumn()
    kind = kind.strip().lower()
    if kind not in COLUMN_TYPES:
        raise BadColumnType(kind, COLUMN_TYPES)
    choices = list(dict.fromkeys(o.strip() for o in options if o.strip()))
    if (kind == "enum") != bool(choices) or (kind == "enum" and len(choices) < 2):
        raise BadOptions(kind)
    check_prompt(clean_prompt)
    lead_list = find_list(engine, name=list_name, user=user)
    return _store(
        engine, lead_list, clean_name, clean_prompt, kind, choices, user, replace, builtin=None
    )


def add_builtins(
    engine: Engine, *, list_name: str, user: str, language: Language
) -> list[ColumnDefinition]:
    """Add the built-in columns the list lacks (named in `language`); all four, as they are."""
    lead_list = find_list(engine, name=list_name, user=user)
    return [_add_builtin(engine, lead_list, builtin, user, language) for builtin in BUILTINS]


def add_builtin(
    engine: Engine, *, list_name: str, builtin: Builtin, user: str, language: Language
) -> ColumnDefinition:
    """Add one built-in column to the list (named in `language`), or find it there."""
    lead_list = find_list(engine, name=list_name, user=user)
    return _add_builtin(engine, lead_list, builtin, user, language)


def list_columns(engine: Engine, *, list_name: str, user: str) -> tuple[LeadList, list[AIColumn]]:
    """The list and its columns, oldest first."""
    lead_list = find_list(engine, name=list_name, user=user)
    assert lead_list.id is not None
    with session_scope(engine) as session:
        columns = columns_of(session, list_id=lead_list.id)
        session.expunge_all()
    return lead_list, columns


def pick_columns(
    columns: Sequence[AIColumn], names: Sequence[str], list_name: str
) -> list[AIColumn]:
    """The columns named (all when none are); raises `UnknownColumn`."""
    if not names:
        return list(columns)
    by_key = {column.name_key: column for column in columns}
    picked: list[AIColumn] = []
    for name in names:
        column = by_key.get(list_name_key(name))
        if column is None:
            raise UnknownColumn(name, list_name, [c.name for c in columns])
        if all(column.id != other.id for other in picked):
            picked.append(column)
    return picked


def _add_builtin(
    engine: Engine, lead_list: LeadList, builtin: Builtin, user: str, language: Language
) -> ColumnDefinition:
    name = t(f"columns.builtin.{builtin.key}", language)
    return _store(
        engine, lead_list, name, builtin.prompt, builtin.type, [], user, False, builtin.key
    )


def _store(
    engine: Engine,
    lead_list: LeadList,
    name: str,
    prompt: str,
    kind: str,
    options: list[str],
    user: str,
    replace: bool,
    builtin: str | None,
) -> ColumnDefinition:
    assert lead_list.id is not None
    digest = prompt_hash(prompt, kind, options)
    key = list_name_key(name)
    row = {
        "list_id": lead_list.id,
        "name": name,
        "name_key": key,
        "prompt": prompt,
        "type": kind,
        "options": options,
        "prompt_hash": digest,
        "builtin": builtin,
        "created_by": user,
        "created_at": utcnow(),
    }
    with session_scope(engine) as session:
        column = insert_column(session, row)
        if column is not None:
            session.expunge(column)
            return ColumnDefinition(column, lead_list.name, created=True)
        existing = column_named(session, list_id=lead_list.id, name_key=key)
        assert existing is not None, "a conflicting column exists"
        if existing.prompt_hash == digest or (builtin and existing.builtin == builtin):
            session.expunge(existing)
            return ColumnDefinition(existing, lead_list.name, created=False)
        if not replace:
            raise ColumnExists(existing.name, lead_list.name)
        assert existing.id is not None
        replace_prompt(
            session,
            column_id=existing.id,
            prompt=prompt,
            prompt_hash=digest,
            kind=kind,
            options=options,
        )
        session.refresh(existing)
        session.expunge(existing)
        return ColumnDefinition(existing, lead_list.name, created=False, replaced=True)

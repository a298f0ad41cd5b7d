"""What the lead commands share: who acts (--user, --role) and their mistakes in one line.

The lead services raise `LeadRequestError`s carrying a code and values; this module words them
in the terminal's language from the `leads.error.*` catalogue entries. Who acts is checked
against the users table when the command opens the store (`agent.cli.common.store_engine`).
"""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

import typer

from agent.cli.ask import check_role, check_user
from agent.cli.common import act_as, fail, terminal_language
from agent.context import Role
from agent.i18n import Language, t
from agent.leads import LeadNotFound, LeadRequestError
from store.models import LeadStage

UserOption = Annotated[str, typer.Option("--user", help="Who acts: a login such as alice.martin")]
RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role",
        help="rep, manager or admin (a manager may change any list); default: your own role",
    ),
]
STAGES = tuple(stage.value for stage in LeadStage)


def acting(user: str, role: str | None = None) -> tuple[str, Role | None]:
    """The checked login and role (None: the user's own), or a one-line error; the store this
    command opens checks them against its users (`act_as`)."""
    login, checked = check_user(user), check_role(role) if role is not None else None
    act_as(login, checked)
    return login, checked


def checked_stage(stage: str | None) -> LeadStage | None:
    """A stage named on the command line, or a one-line error listing the stages."""
    if stage is None:
        return None
    try:
        return LeadStage(stage.strip().lower())
    except ValueError:
        fail(t("leads.cli.bad_stage", terminal_language(), stage=stage, stages=", ".join(STAGES)))


def checked_stages(stages: str | None) -> list[LeadStage]:
    """Stages named on the command line, comma-separated ("lost,disqualified"), or a one-line
    error listing the stages."""
    named = [name for name in (stages or "").split(",") if name.strip()]
    return [stage for name in named if (stage := checked_stage(name)) is not None]


def lead_error_line(error: LeadRequestError, language: Language) -> str:
    """The error as one line in `language`."""
    values: dict[str, Any] = dict(error.values)
    none = t("leads.error.none", language)
    for name in ("existing", "lists", "owners"):
        if name in values and not values[name]:
            values[name] = none
    key = f"leads.error.{error.code}"
    if isinstance(error, LeadNotFound) and values.get("list_name"):
        key = "leads.error.lead_not_in_list"
    return t(key, language, **values)


def fail_on(error: LeadRequestError) -> NoReturn:
    """Exit with the error's one line on stderr."""
    fail(lead_error_line(error, terminal_language()))

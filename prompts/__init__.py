"""Prompt templates: `prompts/<name>.md` files shipped in the package, loaded by name.

Templates use `string.Template` `$variables`. Every variable must be supplied: a missing one
is an error naming it, never an empty string in front of the model.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from string import Template


class PromptError(LookupError):
    """A prompt that does not exist, or a variable its caller did not supply."""


def load_prompt(name: str, **variables: object) -> str:
    """The prompt `name` with its `$variables` filled in; raises PromptError on a gap."""
    template = _template(name)
    try:
        return template.substitute(variables)
    except KeyError as error:
        raise PromptError(f"prompt {name!r} needs the variable ${error.args[0]}") from None
    except ValueError as error:
        raise PromptError(f"prompt {name!r} is malformed: {error}") from None


def prompt_variables(name: str) -> set[str]:
    """The `$variables` the prompt `name` expects."""
    return set(_template(name).get_identifiers())


def prompt_names() -> list[str]:
    """Every prompt shipped with Filon."""
    return sorted(
        entry.name.removesuffix(".md")
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".md")
    )


@cache
def _template(name: str) -> Template:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise PromptError(f"bad prompt name {name!r}")
    resource = resources.files(__package__) / f"{name}.md"
    if not resource.is_file():
        raise PromptError(f"no prompt named {name!r} (known: {', '.join(prompt_names())})")
    return Template(resource.read_text(encoding="utf-8"))

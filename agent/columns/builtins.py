"""The built-in columns every list may take: buying maturity, sector fit, offer fit, decision-
maker identified. Each has a prompt (for a language model, `prompts/column_<key>.md`) and a
rule-based evaluator (`agent/columns/rules.py`) that answers without one."""

from __future__ import annotations

from dataclasses import dataclass

from agent.i18n import t
from prompts import load_prompt, prompt_variables
from store.text import fold


@dataclass(frozen=True)
class Builtin:
    """A built-in column: its key (and catalogue name `columns.builtin.<key>`) and type."""

    key: str
    type: str

    @property
    def prompt(self) -> str:
        """The prompt template, its `$variables` kept for the run to fill."""
        name = f"column_{self.key}"
        return load_prompt(name, **{v: f"${v}" for v in prompt_variables(name)})


BUILTINS: tuple[Builtin, ...] = (
    Builtin("buying_maturity", "score"),
    Builtin("sector_fit", "score"),
    Builtin("offer_fit", "score"),
    Builtin("decision_maker", "boolean"),
)
BUILTIN_BY_KEY = {builtin.key: builtin for builtin in BUILTINS}


def builtin_named(name: str) -> Builtin | None:
    """The built-in column called `name` — its French or English name or its key, case,
    accents and spacing ignored ("maturite d'achat", "Buying maturity") — if any."""
    wanted = _key(name)
    for builtin in BUILTINS:
        names = (builtin.key, *(t(f"columns.builtin.{builtin.key}", lang) for lang in ("fr", "en")))
        if wanted in {_key(known) for known in names}:
            return builtin
    return None


def _key(name: str) -> str:
    return " ".join(fold(name).casefold().replace("_", " ").replace("’", "'").split())

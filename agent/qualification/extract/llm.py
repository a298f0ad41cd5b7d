"""The LLM reading of a rep's message: the model fills `BantFacts` as structured output, from
the `extract_bant` prompt; an unusable answer, or a model that fails, falls back to the
offline parser (`extract_bant`) with a warning in the log.

The rep's text goes to the model as data: a JSON string between markers, with `<` and `>`
escaped so that no text can close the markers early.
"""

from __future__ import annotations

import json
import logging
from datetime import date

from langchain_core.language_models import BaseChatModel
from pydantic import ValidationError

from agent.i18n import Language
from agent.llm.failures import describe_llm_failure
from agent.qualification.extract.parse import extract_bant
from agent.qualification.facts import BantFacts, Criterion
from prompts import load_prompt

log = logging.getLogger(__name__)


async def extract_with_model(
    model: BaseChatModel,
    text: str,
    *,
    today: date,
    asked: Criterion | None,
    language: Language,
) -> BantFacts:
    """What `text` says about BANT, read by `model`; the offline parser when it cannot say."""
    prompt = load_prompt(
        "extract_bant",
        today=today.isoformat(),
        asked=asked.value if asked else "nothing in particular",
        language="French" if language == "fr" else "English",
        message=as_data(text),
    )
    try:
        answer = await model.with_structured_output(BantFacts).ainvoke(prompt)
        return BantFacts.model_validate(answer)
    except (ValidationError, ValueError, TypeError, OSError) as error:
        reason = f"an unusable answer ({_first_line(error)})"
    except Exception as error:
        if describe_llm_failure(error, language) is None:
            raise
        reason = f"a model failure ({_first_line(error)})"
    log.warning("BANT extraction: %s; the offline parser read the message instead", reason)
    return extract_bant(text, today=today, asked=asked)


def as_data(text: str) -> str:
    """`text` as a JSON string that cannot close the prompt's markers."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _first_line(error: BaseException) -> str:
    lines = str(error).splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"

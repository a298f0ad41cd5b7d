"""Reading BANT facts from a rep's message: the offline parser (`extract_bant`: money,
roles, pains, dates, bare answers; no model, no network) and the LLM's structured output
(`extract_with_model`), which falls back to the parser. Both fill `BantFacts`.

    amounts.py   money and the budget        roles.py    who decides, budget approvers
    need.py      the pain                    timing.py   dates and windows against today
    answers.py   bare yes/no, short answers  status.py   confirmed / unknown / negative words
    periods.py   months, quarters, seasons   text.py     folding and pieces
    parse.py     pieces → criteria, `asked`  llm.py      the model's reading
"""

from agent.qualification.extract.llm import extract_with_model
from agent.qualification.extract.parse import extract_bant

__all__ = ["extract_bant", "extract_with_model"]

"""AI columns: a prompt run over every lead of a list, filling one typed cell per lead.

`define.py` adds a column (template checked against the lead's facts), `facts.py` reads those
facts page by page, `runner.py` fills the cells (bounded concurrency, retries, cache, resume,
cost), `llm.py` asks the model, `rules.py` answers the built-in columns without one, `view.py`
shows a list with its columns and filters it by a cell's value.
"""

from agent.columns.errors import ColumnRequestError

__all__ = ["ColumnRequestError"]

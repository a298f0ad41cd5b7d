"""What a user can get from the SIRENE importer: a file it cannot use, a store failing under it.

Each error carries a `code` and the `values` its message needs, so that the CLI words it in the
user's language from the catalogue (store/ imports nothing from agent/); `str()` is an English
line for logs and tracebacks. The codes are listed in `FileProblem`; database failures are `store.failures`'s.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any, Literal

FileProblem = Literal[
    "missing",  # no such file
    "folder",  # a folder, not a file
    "unreadable",  # values: reason (the OS's words)
    "empty",  # zero bytes
    "no_header",  # only blank lines
    "binary",  # bytes no text file holds
    "gzip",  # a gzip-compressed file
    "spreadsheet",  # an Excel workbook (a ZIP of XML)
    "web_page",  # HTML or XML: a failed download, usually
    "wrong_separator",  # values: separator (";", "\t" or "|")
    "not_sirene",  # values: found (the first column names)
    "missing_columns",  # values: columns
    "not_zip",  # values: detail
    "zip_without_csv",
    "not_parquet",  # values: detail
    "not_utf8",  # values: line, encoding (iconv name), command, stopped (bool)
    "not_utf8_unknown",  # values: line, stopped
    "replacement_characters",  # values: line, stopped
    "damaged",  # values: line, detail
]


class SireneFileError(ValueError):
    """A file that is missing, unreadable, misshapen or not UTF-8: nothing of it was written,
    unless `values["stopped"]` says the import stopped inside it (the batches before are kept)."""

    def __init__(self, message: str, *, code: FileProblem, path: Path | str, **values: Any):
        super().__init__(one_line(message))
        self.code: FileProblem = code
        self.path = Path(path)
        # A library's own words (Arrow's Parquet errors) may span lines: the user gets one.
        self.values = {k: one_line(v) if isinstance(v, str) else v for k, v in values.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in the reader's child process and sent to the parent: pickle the keywords too.
        rebuild = partial(type(self), code=self.code, path=self.path, **self.values)
        return (rebuild, (str(self),))


def one_line(text: str) -> str:
    """`text` with its line breaks (and the spaces around them) turned into single spaces;
    text without a line break as it is (a separator value may be a tab)."""
    if "\n" not in text and "\r" not in text:
        return text
    return _BREAKS.sub(" ", text).strip()


_BREAKS = re.compile(r"\s*[\r\n]+\s*")

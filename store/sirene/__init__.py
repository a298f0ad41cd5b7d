"""The SIRENE stock-file importer (`filon import sirene`): reader, mapping, writer, report."""

from store.sirene.columns import FileKind
from store.sirene.errors import FileProblem, SireneFileError
from store.sirene.importer import DEFAULT_BATCH_SIZE, import_sirene, open_sources
from store.sirene.reader import SireneSource, open_source
from store.sirene.report import BadRow, ImportReport

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "BadRow",
    "FileKind",
    "FileProblem",
    "ImportReport",
    "SireneFileError",
    "SireneSource",
    "import_sirene",
    "open_source",
    "open_sources",
]

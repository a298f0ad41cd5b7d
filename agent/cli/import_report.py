"""What a file import did, in words: its counts, then the rows left out, by line (the first
few). Shared by `filon import contacts` and `filon import signals`."""

from __future__ import annotations

from typing import Protocol

from agent.csv_files import RowProblem
from agent.i18n import Language, t

SHOWN_PROBLEMS = 20


class ImportReport(Protocol):
    """What an import reports: the file, rows read, rows written new or again, rows left out."""

    file: str
    rows: int
    inserted: int
    updated: int
    problems: list[RowProblem]


def import_summary(report: ImportReport, language: Language, *, area: str) -> str:
    """The report with the catalogue's `{area}.import.done` and `{area}.import.problem.*`."""
    lines = [
        t(
            f"{area}.import.done",
            language,
            file=report.file,
            rows=report.rows,
            inserted=report.inserted,
            updated=report.updated,
            skipped=len(report.problems),
        )
    ]
    lines += [
        f"  - {_problem(problem, language, area)}" for problem in report.problems[:SHOWN_PROBLEMS]
    ]
    if len(report.problems) > SHOWN_PROBLEMS:
        lines.append(f"  … {len(report.problems) - SHOWN_PROBLEMS}")
    return "\n".join(lines)


def _problem(problem: RowProblem, language: Language, area: str) -> str:
    return t(
        f"{area}.import.problem.{problem.code}", language, line=problem.line, value=problem.value
    )

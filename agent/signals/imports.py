"""`filon import signals FILE`: signals a team gets elsewhere (job boards, news, its own
watch) from a CSV file with the columns siren, kind, date, detail, url, source.

Headers are read in French or English ("SIREN", "Type", "Date", "Détail", "Lien", "Source");
kinds by their name (`hiring`) or their French or English label ("recrutement", "levée de
fonds"). A row that cannot be used (no valid SIREN, a company the store does not hold, an
unknown kind, a date that is not one or is in the future, a link that is not http(s)) is left
out and reported with its line; the others are written in one transaction. The same row
imported twice is one signal: its id is a digest of what it says.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from agent.csv_files import CsvFileError, RowProblem, header_key, read_text, records
from agent.i18n.labels import enum_label
from agent.leads.errors import InvalidSiren
from agent.leads.sirens import to_siren
from agent.settings import Settings
from agent.signals.kinds import read_kind
from agent.signals.ports import FoundSignal
from agent.signals.record import record_signals
from agent.signals.weights import IntentWeights
from store.repositories.companies import known_sirens_in

MAX_BYTES = 50 * 1024 * 1024
IMPORTED_STRENGTH = 0.7  # a team's own source: trusted more than a weak hint
TITLE_LENGTH = 200
DETAIL_LENGTH = 1000
_HEADERS: dict[str, str] = {
    "siren": "siren", "siret": "siren", "numero siren": "siren", "n siren": "siren",
    "kind": "kind", "type": "kind", "signal": "kind", "type de signal": "kind", "nature": "kind",
    "date": "date", "occurred on": "date", "jour": "date", "date du signal": "date",
    "detail": "detail", "details": "detail", "description": "detail", "texte": "detail",
    "title": "detail", "titre": "detail", "libelle": "detail",
    "url": "url", "lien": "url", "link": "url", "source url": "url",
    "source": "source", "origine": "source", "provenance": "source",
}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass
class SignalImportReport:
    """What an import did."""

    file: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def import_signals(
    engine: Engine,
    path: Path,
    weights: IntentWeights,
    *,
    today: date | None = None,
    settings: Settings | None = None,
) -> SignalImportReport:
    """Import the signals of a CSV file (see the module docstring); with `settings`, the
    leads of the companies concerned are scored again."""
    today = today or date.today()
    headers, lines = records(read_text(path, max_bytes=MAX_BYTES))
    columns = _columns(headers)
    report = SignalImportReport(file=path.name)
    found: list[tuple[int, FoundSignal]] = []
    for line, cells in lines:
        report.rows += 1
        values = {name: cells[i].strip() for i, name in columns.items() if i < len(cells)}
        read = _signal(values, line, default_source=f"import:{path.name}", today=today)
        if isinstance(read, RowProblem):
            report.problems.append(read)
        else:
            found.append((line, read))
    known = known_sirens_in(engine, sirens=[signal.siren for _, signal in found])
    usable = []
    for line, signal in found:
        if signal.siren in known:
            usable.append(signal)
        else:
            report.problems.append(RowProblem(line, "unknown_company", signal.siren))
    recorded = record_signals(engine, usable, weights, today=today, settings=settings)
    report.inserted, report.updated = recorded.new, recorded.updated
    report.problems.sort(key=lambda problem: problem.line)
    return report


def _columns(headers: list[str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, header in enumerate(headers):
        target = _HEADERS.get(header_key(header))
        if target and target not in columns.values():
            columns[index] = target
    missing = [name for name in ("siren", "kind", "date") if name not in columns.values()]
    if missing:
        raise CsvFileError("missing_columns", "missing columns", columns=", ".join(missing))
    return columns


def _signal(
    values: dict[str, str], line: int, *, default_source: str, today: date
) -> FoundSignal | RowProblem:
    if not values.get("siren"):
        return RowProblem(line, "no_siren")
    try:
        siren = to_siren(values["siren"])
    except InvalidSiren:
        return RowProblem(line, "bad_siren", values["siren"])
    kind = read_kind(values.get("kind") or "")
    if kind is None:
        return RowProblem(line, "bad_kind", values.get("kind") or "")
    day = _date(values.get("date") or "")
    if day is None:
        return RowProblem(line, "bad_date", values.get("date") or "")
    if day > today:
        return RowProblem(line, "future_date", values.get("date") or "")
    url = values.get("url") or None
    if url and not re.fullmatch(r"https?://[^\s<>\"]+", url, flags=re.IGNORECASE):
        return RowProblem(line, "bad_url", url)
    detail = _CONTROL.sub(" ", values.get("detail") or "").strip()[:DETAIL_LENGTH] or None
    source = _CONTROL.sub(" ", values.get("source") or "").strip()[:80] or default_source
    digest = hashlib.sha256(
        "\x1f".join((siren, kind.value, day.isoformat(), detail or "", url or "")).encode()
    ).hexdigest()[:20]
    return FoundSignal(
        siren=siren,
        kind=kind,
        occurred_on=day,
        title=(detail or enum_label("signal_kind", kind.value, "fr").capitalize())[:TITLE_LENGTH],
        detail=detail,
        url=url,
        source=source,
        external_id=digest,
        strength=IMPORTED_STRENGTH,
        payload={"imported_from": default_source.removeprefix("import:")},
    )


def _date(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None

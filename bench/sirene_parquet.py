"""Parquet copies of generated stock files, typed the way INSEE's Parquet files type them.

Dates become `date32`, the last-processing time a timestamp, years and period counts integers,
`etablissementSiege` a boolean, empty values nulls; identifiers and codes stay text. The CSV is
streamed through Arrow, so a file of any size converts in constant memory.
"""

from __future__ import annotations

from pathlib import Path

DATE_SUFFIXES = ("dateCreation", "dateDebut")
INTEGER_PREFIXES = ("annee", "nombrePeriodes")
ROW_GROUP_ROWS = 250_000


def _typed(name: str) -> object:
    import pyarrow as pa

    if name.startswith(DATE_SUFFIXES):
        return pa.date32()
    if name.startswith("dateDernierTraitement"):
        return pa.timestamp("s")
    if name.startswith(INTEGER_PREFIXES):
        return pa.int32()
    if name == "etablissementSiege":
        return pa.bool_()
    return pa.string()


def write_parquet(csv_path: Path) -> Path:
    """Write `csv_path` as Parquet next to it (same name, `.parquet`); the new path."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = csv_path.with_suffix(".parquet")
    with csv_path.open("rb") as handle:
        header = handle.readline().decode("utf-8").strip().split(",")
    types = {name: _typed(name) for name in header}
    reader = pacsv.open_csv(
        csv_path,
        read_options=pacsv.ReadOptions(block_size=1 << 24),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            null_values=[""],  # only an empty value is missing ("NA" is an acronym)
            strings_can_be_null=True,
        ),
    )
    schema = pa.schema([(name, types[name]) for name in header])
    with pq.ParquetWriter(target, schema) as writer:
        pending: list[pa.RecordBatch] = []
        rows = 0
        for batch in reader:
            columns = [
                batch.column(i).cast(types[name]) if types[name] != pa.string() else batch.column(i)
                for i, name in enumerate(header)
            ]
            pending.append(pa.RecordBatch.from_arrays(columns, schema=schema))
            rows += batch.num_rows
            if rows >= ROW_GROUP_ROWS:
                writer.write_table(pa.Table.from_batches(pending), row_group_size=rows)
                pending, rows = [], 0
        if pending:
            writer.write_table(pa.Table.from_batches(pending), row_group_size=rows)
    return target

"""Copy a whole database into another, empty one: the move from SQLite to PostgreSQL.

Rows go table by table in foreign-key order (parents before children), in
one transaction on the target, so an interrupted copy leaves nothing behind
and can simply be run again. Values pass through the models' column types
(UTC datetimes, JSON), so what SQLite stored as text arrives typed. On
PostgreSQL the id sequences are then moved past the copied ids, or the
first new row would collide with a copied one. The counts are checked
before the transaction commits.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, Integer, Table, func, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from db.engine import make_engine, upgrade
from db.models import Base

BATCH = 1000
ALEMBIC_TABLE = "alembic_version"


class TransferError(Exception):
    """The copy cannot start or did not arrive whole; one line for the operator."""


def copy_database(source_url: str, target_url: str, *, batch: int = BATCH) -> dict[str, int]:
    """Copy every row from `source_url` into `target_url`; returns rows per table."""
    if make_url(source_url) == make_url(target_url):
        raise TransferError("--from and --to are the same database.")
    source, target = make_engine(source_url), make_engine(target_url)
    try:
        for engine, which in ((source, "source"), (target, "target")):
            try:
                upgrade(engine)  # both at this code's schema, as the bot would on start
            except SQLAlchemyError as exc:
                raise TransferError(
                    f"cannot open the {which} database: {_first_line(exc)}"
                ) from exc
        _check_tables(source)
        with source.connect() as reading, target.begin() as writing:
            _check_empty(writing)
            counts = {
                table.name: _copy_table(reading, writing, table, batch)
                for table in Base.metadata.sorted_tables
            }
            if writing.dialect.name == "postgresql":
                _reset_sequences(writing)
            arrived = {
                table.name: writing.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
            }
            if arrived != counts:
                raise TransferError(f"row counts differ after the copy: {arrived} != {counts}")
        return counts
    finally:
        source.dispose()
        target.dispose()


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _check_tables(source: Engine) -> None:
    """Every table in the source must be one the models know, or its rows would be left out."""
    known = set(Base.metadata.tables) | {ALEMBIC_TABLE}
    unknown = sorted(set(inspect(source).get_table_names()) - known)
    if unknown:
        raise TransferError(f"the source has tables this version does not know: {unknown}")


def _check_empty(target: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        if target.scalar(select(func.count()).select_from(table)):
            raise TransferError(
                f"the target database is not empty (table {table.name} has rows): "
                "copy into a new, empty database"
            )


def _copy_table(reading: Connection, writing: Connection, table: Table, batch: int) -> int:
    copied = 0
    rows = reading.execution_options(stream_results=True).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    for chunk in rows.mappings().partitions(batch):
        writing.execute(insert(table), [dict(row) for row in chunk])
        copied += len(chunk)
    return copied


def _reset_sequences(writing: Connection) -> None:
    """Move each integer id's sequence to just past the largest copied id."""
    quote = writing.dialect.identifier_preparer.quote
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        column = key[0].name
        writing.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE((SELECT MAX({quote(column)}) FROM {quote(table.name)}), 0) + 1, false)"
            ),
            {"table": table.name, "column": column},
        )

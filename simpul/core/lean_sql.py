"""Lean SQL for the write paths that run on every deposit and every sale (ADR 0005).

The ORM spends 0.5–2 ms of Python per statement on a small server, most of it compiling the query; one
posting sends about ten. These helpers write and read model rows with plain parameterised SQL whose text is
built once per model and field list (and kept: a process uses one database), and convert values both ways
with the model fields' own converters, so the model stays the one definition of its table. On PostgreSQL
the statements go through a server-side binding cursor, so the connection prepares them (settings:
`prepare_threshold`) and the server parses and plans each only once per connection; `run_writes` sends
the writes that follow a posting's locks as one statement.
"""

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

Field = models.Field[Any, Any]


def _connection() -> BaseDatabaseWrapper:
    # Looked up once per call: the `connection` proxy costs a thread-local lookup on every attribute.
    return connections[DEFAULT_DB_ALIAS]


@contextmanager
def cursor(reuse: CursorWrapper | None = None, *, native: bool = False) -> Iterator[CursorWrapper]:
    """A cursor in the current transaction; on PostgreSQL with server-side binding, so statements get prepared.

    A path that sends several statements passes its cursor on as `reuse`: making one costs as much as a
    statement. `native` (PostgreSQL only): the statement's placeholders are PostgreSQL's own $1, $2, …"""
    if reuse is not None:
        yield reuse
        return
    connection = _connection()
    if connection.vendor != "postgresql":
        assert not native, "native placeholders are PostgreSQL's"
        with connection.cursor() as made:
            yield made
        return
    connection.ensure_connection()
    raw: Any = _cursor_class(native)(connection.connection)
    # As Django wraps its own cursors: query logging (tests, debug) and database error translation keep working.
    wrapped = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped:
        yield wrapped


@cache
def _cursor_class(native: bool) -> Any:
    import psycopg
    from django.db.backends.postgresql.base import CursorMixin, ServerBindingCursor

    if not native:
        return ServerBindingCursor

    # psycopg parses a statement's %s placeholders on every execute unless the text is short (4 KB, 50 values); a
    # sale's combined writes are longer, and that parsing cost a quarter of the sale's Python. Their text is built
    # once per shape with $n placeholders, which this cursor sends as they are.
    class NativeBindingCursor(CursorMixin, psycopg.RawCursor):  # type: ignore[misc,name-defined]
        pass

    return NativeBindingCursor


@cache
def for_update(alias: str = "") -> str:
    """The row-lock clause: PostgreSQL locks the rows (of `alias` only, when given); SQLite serialises writers."""
    if not _connection().features.has_select_for_update:
        return ""
    return f" FOR UPDATE OF {alias}" if alias else " FOR UPDATE"


@cache
def _quote(name: str | None) -> str:
    assert name is not None, "a column without a name"
    return _connection().ops.quote_name(name)


@cache
def table(model: type[models.Model], alias: str) -> str:
    """`"table" alias` for a FROM or JOIN."""
    return f"{_quote(model._meta.db_table)} {alias}"


@cache
def _fields(model: type[models.Model], names: tuple[str, ...]) -> tuple[Field, ...]:
    found = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field) and field.concrete, f"{model.__name__}.{name} is not a column"
        found.append(field)
    return tuple(found)


@cache
def _insert_sql(model: type[models.Model], names: tuple[str, ...], rows: int, returning: bool) -> str:
    columns = ", ".join(_quote(field.column) for field in _fields(model, names))
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    # Identifiers from the model, values as parameters: nothing from outside reaches the text.
    sql = f"INSERT INTO {_quote(model._meta.db_table)} ({columns}) VALUES {', '.join([one] * rows)}"  # noqa: S608
    return sql + f" RETURNING {_pk(model)}" if returning else sql


def _pk(model: type[models.Model]) -> str:
    return _quote(model._meta.pk.column)  # type: ignore[union-attr]


class Earlier(NamedTuple):
    """A value to write that is the id an earlier write of the same `run_writes` returned."""

    name: str


@dataclass(frozen=True)
class Write:
    """One INSERT or UPDATE of `run_writes`: SQL with %s placeholders, and values (or `Earlier` ids) for them."""

    name: str
    sql: str
    params: list[Any]
    returns: str | None = None  # the id column its RETURNING gives


# Fields whose conversion on PostgreSQL gives back the very value when it already has the column's Python type
# (Django's psycopg adapters take int, str, bool and Decimal as they are): a sale writes about 150 values, and the
# fields' own get_db_prep_save cost a quarter of its Python. Exact classes only: a subclass may convert.
_PLAIN_FIELDS: dict[type[Field], tuple[type, ...]] = {
    models.AutoField: (int,),
    models.BigAutoField: (int,),
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.CharField: (str,),
    models.TextField: (str,),
    models.BooleanField: (bool,),
    models.DecimalField: (Decimal,),
}


@cache
def _plain_types(model: type[models.Model], names: tuple[str, ...], vendor: str) -> tuple[tuple[type, ...], ...]:
    """Per field, the value types that need no conversion (none off PostgreSQL)."""
    if vendor != "postgresql":
        return tuple(() for _ in names)
    found = []
    for field in _fields(model, names):
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        found.append(_PLAIN_FIELDS.get(type(target), ()))
    return tuple(found)


def _prepared(model: type[models.Model], values: Mapping[str, Any], connection: BaseDatabaseWrapper) -> list[Any]:
    names = tuple(values)
    fields = _fields(model, names)
    plain = _plain_types(model, names, connection.vendor)
    return [
        value
        if isinstance(value, Earlier) or type(value) in types or (value is None and types)
        else field.get_db_prep_save(value, connection)
        for field, types, value in zip(fields, plain, values.values(), strict=True)
    ]


def insert_write(
    name: str, model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, returning: bool = False
) -> Write:
    """Insert rows that all give the same fields (names or attnames, values as the model takes them).

    `returning`: a one-row insert whose id `run_writes` gives back (and later writes may name as `Earlier`)."""
    assert not returning or len(rows) == 1, "an id comes back from a one-row insert"
    connection = _connection()
    params = [value for row in rows for value in _prepared(model, row, connection)]
    sql = _insert_sql(model, tuple(rows[0]), len(rows), returning)
    return Write(name, sql, params, _pk(model) if returning else None)


@cache
def _update_sql(model: type[models.Model], names: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{_quote(field.column)} = %s" for field in _fields(model, names))
    return f"UPDATE {_quote(model._meta.db_table)} SET {assignments} WHERE {_pk(model)} = %s"  # noqa: S608


def update_write(name: str, model: type[models.Model], pk: int, values: Mapping[str, Any]) -> Write:
    """Set these fields of one row, by primary key."""
    params = _prepared(model, values, _connection())
    return Write(name, _update_sql(model, tuple(values)), [*params, pk])


def run_writes(writes: Sequence[Write], *, using: CursorWrapper | None = None) -> dict[str, int]:
    """Run the writes in order; returns the id each RETURNING write gave, by name.

    On PostgreSQL several writes go as one statement (a WITH of data-modifying parts, one round trip instead
    of one each); an `Earlier` value there reads the id from the part that returned it. The parts touch
    different tables, so none needs to see another's rows. Elsewhere (SQLite, in-process) one by one."""
    if len(writes) > 1 and _connection().vendor == "postgresql":
        return _run_combined(writes)
    with cursor(using) as c:
        ids: dict[str, int] = {}
        for write in writes:
            c.execute(write.sql, [ids[p.name] if isinstance(p, Earlier) else p for p in write.params])
            if write.returns is not None:
                ids[write.name] = int(c.fetchone()[0])
        return ids


def _run_combined(writes: Sequence[Write]) -> dict[str, int]:
    shape = tuple(
        (write.name, write.sql, write.returns, tuple(p.name if isinstance(p, Earlier) else None for p in write.params))
        for write in writes
    )
    sql, returned = _combined_sql(shape)
    with cursor(native=True) as native:
        native.execute(sql, [p for write in writes for p in write.params if not isinstance(p, Earlier)])
        row = native.fetchone()  # the ids, or a lone 1 when no write returns one
    return {name: int(value) for name, value in zip(returned, row, strict=False)}


@lru_cache(maxsize=256)
def _combined_sql(
    shape: tuple[tuple[str, str, str | None, tuple[str | None, ...]], ...],
) -> tuple[str, tuple[str, ...]]:
    """The WITH statement of writes of this shape (name, SQL, id column, which values are Earlier ids)."""
    returns = {name: column for name, _sql, column, _earlier in shape if column is not None}
    parts = []
    for name, sql, _column, earlier in shape:
        assert name.isidentifier(), name
        pieces = sql.split("%s")
        assert len(pieces) == len(earlier) + 1, f"{name}: placeholders and values differ"
        text = pieces[0]
        for source, piece in zip(earlier, pieces[1:], strict=True):
            # Names are the code's own identifiers, never input.
            text += f"(SELECT {returns[source]} FROM written_{source})" if source else "%s"  # noqa: S608
            text += piece
        parts.append(f"written_{name} AS ({text})")
    selected = ", ".join(f"(SELECT {column} FROM written_{name})" for name, column in returns.items()) or "1"  # noqa: S608
    return _numbered(f"WITH {', '.join(parts)} SELECT {selected}"), tuple(returns)


def _numbered(sql: str) -> str:
    """%s placeholders as PostgreSQL's $1, $2, … (the statements are the code's own: no literal % in them)."""
    pieces = sql.split("%s")
    assert not any("%" in piece for piece in pieces), "a literal % in a lean statement"
    return "".join(piece + (f"${number}" if number < len(pieces) else "") for number, piece in enumerate(pieces, 1))


def insert_row(model: type[models.Model], values: Mapping[str, Any], *, using: CursorWrapper | None = None) -> int:
    """Insert one row (keys are field names or attnames, values as the model takes them); returns its id."""
    return run_writes([insert_write("row", model, [values], returning=True)], using=using)["row"]


@cache
def model_fields(model: type[models.Model], names: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Attnames in the model's column order (all columns when `names` is None), as `instance` takes them."""
    wanted = None if names is None else {field.attname for field in _fields(model, names)}
    return tuple(f.attname for f in model._meta.concrete_fields if wanted is None or f.attname in wanted)


@cache
def columns(model: type[models.Model], alias: str, names: tuple[str, ...] | None = None) -> str:
    """`alias."col", …` for a SELECT, in the order `instance` reads them."""
    fields = _fields(model, model_fields(model, names))
    return ", ".join(f"{alias}.{_quote(field.column)}" for field in fields)


@cache
def _readers(model: type[models.Model], names: tuple[str, ...] | None) -> tuple[tuple[Any, tuple[Any, ...]], ...]:
    # (column, converters) per selected field: what the ORM applies to the values a cursor returns.
    connection = _connection()
    readers = []
    for field in _fields(model, model_fields(model, names)):
        column = field.get_col(model._meta.db_table)
        readers.append((column, tuple(connection.ops.get_db_converters(column) + field.get_db_converters(connection))))
    return tuple(readers)


def instance[ModelT: models.Model](
    model: type[ModelT], values: Iterable[Any], names: tuple[str, ...] | None = None
) -> ModelT:
    """A model instance from selected columns (as `columns` lists them), converted as the ORM converts them.

    Fields not selected are deferred: reading one loads it, as with `.only()`."""
    connection = _connection()
    converted = []
    for (column, converters), value in zip(_readers(model, names), values, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, list(model_fields(model, names)), converted)


def instance_values(obj: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    """These fields of an instance, as `insert_write` takes them."""
    return {field.name: getattr(obj, field.attname) for field in _fields(type(obj), names)}


def saved(obj: models.Model, pk: int | None) -> None:
    """Mark a new instance as the row just written with this id (None: a row written without returning it), its
    decimals as the database keeps them (Rp7000 reads back as 7000.00), so it answers as a read row would."""
    if pk is not None:
        obj.pk = pk
    obj._state.adding = False
    obj._state.db = _connection().alias
    for field, exponent in _decimal_places(type(obj)):
        value = getattr(obj, field)
        if isinstance(value, Decimal):
            setattr(obj, field, value.quantize(exponent))


@cache
def _decimal_places(model: type[models.Model]) -> tuple[tuple[str, Decimal], ...]:
    return tuple(
        (field.attname, Decimal(1).scaleb(-field.decimal_places))
        for field in model._meta.concrete_fields
        if isinstance(field, models.DecimalField) and field.decimal_places is not None
    )


def new_instance[ModelT: models.Model](model: type[ModelT], pk: int, values: Mapping[str, Any]) -> ModelT:
    """The instance of a row just written with `insert_row`, without reading it back."""
    obj = model(**values)
    saved(obj, pk)
    return obj


# --- Many rows in one statement of fixed text (PostgreSQL): a till's synced batch of sales -----------------------
#
# A multi-row VALUES statement changes its text with its row count (no prepared plan, one parameter per value, at
# most 65,535 of them), and arrays per column cost psycopg a quoting pass over every value. These send the rows as
# one JSON document (Python's C encoder writes it) that the statement reads back with the columns' own types.


@cache
def _json_type(field: Field) -> str:
    """The type a JSON value is cast to: text and unbounded numeric for the bounded ones, so that an over-long value
    fails on assignment as a single insert would, instead of being cut by the cast."""
    kind = field.db_type(_connection()) or ""
    if kind.startswith(("varchar", "char")):
        return "text"
    if kind.startswith("numeric"):
        return "numeric"
    return kind


def _json_pick(index: int, field: Field) -> str:
    kind = _json_type(field)
    return f"(r->{index})::jsonb" if kind == "jsonb" else f"(r->>{index})::{kind}"


@cache
def _json_rows_sql(model: type[models.Model], names: tuple[str, ...]) -> str:
    picks = ", ".join(_json_pick(index, field) for index, field in enumerate(_fields(model, names)))
    return f"SELECT {picks} FROM json_array_elements(%s::json) AS r"  # noqa: S608 - the model's own columns


def _json_rows(rows: Sequence[Sequence[Any]]) -> str:
    # Decimals, dates, times and UUIDs as their text, which PostgreSQL reads back exactly.
    return json.dumps(rows, default=str, separators=(",", ":"))


@cache
def _rows_insert_sql(model: type[models.Model], names: tuple[str, ...]) -> str:
    columns = ", ".join(_quote(field.column) for field in _fields(model, names))
    return f"INSERT INTO {_quote(model._meta.db_table)} ({columns}) {_json_rows_sql(model, names)}"


def rows_insert_write(name: str, model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> Write:
    """Insert any number of rows that all give the same fields (attnames, plain values: ids, text, numbers, decimals,
    dates, times, UUIDs, JSON), with explicit ids where they need them (`next_ids`). PostgreSQL only."""
    assert rows, "no rows to insert"
    names = tuple(rows[0])
    return Write(name, _rows_insert_sql(model, names), [_json_rows([list(row.values()) for row in rows])])


@cache
def _rows_update_sql(model: type[models.Model], names: tuple[str, ...]) -> str:
    pk = model._meta.pk
    assert isinstance(pk, models.Field)
    fields = _fields(model, names)
    picks = ", ".join(f"{_json_pick(index, field)} AS v{index}" for index, field in enumerate((pk, *fields)))
    assignments = ", ".join(f"{_quote(field.column)} = u.v{index}" for index, field in enumerate(fields, 1))
    table_name = _quote(model._meta.db_table)
    return (
        f"UPDATE {table_name} SET {assignments} "  # noqa: S608 - the model's own columns
        f"FROM (SELECT {picks} FROM json_array_elements(%s::json) AS r) AS u WHERE {table_name}.{_pk(model)} = u.v0"
    )


def rows_update_write(name: str, model: type[models.Model], rows: Mapping[int, Mapping[str, Any]]) -> Write:
    """Set the same fields of many rows (primary key -> plain values), each to its own values. PostgreSQL only."""
    assert rows, "no rows to update"
    names = tuple(next(iter(rows.values())))
    encoded = _json_rows([[pk, *values.values()] for pk, values in rows.items()])
    return Write(name, _rows_update_sql(model, names), [encoded])


def next_ids(
    models_: Sequence[type[models.Model]], count: int, *, using: CursorWrapper | None = None
) -> list[list[int]]:
    """`count` new primary keys of each model, from their own sequences, in one statement (PostgreSQL): rows
    written with `rows_insert_write` can then name each other without reading ids back."""
    sequences = ", ".join(
        f"nextval(pg_get_serial_sequence('{model._meta.db_table}', '{model._meta.pk.column}'))"  # type: ignore[union-attr]
        for model in models_
    )
    with cursor(using) as c:
        c.execute(f"SELECT {sequences} FROM generate_series(1, %s)", [count])  # noqa: S608 - the models' own names
        rows = c.fetchall()
    return [[int(row[index]) for row in rows] for index in range(len(models_))]

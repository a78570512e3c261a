"""Lean SQL for the write paths that run on every deposit and every sale (ADR 0005).

The ORM spends 0.5–2 ms of Python per statement on a small server, most of it compiling the query; one
posting sends about ten. These helpers write and read model rows with plain parameterised SQL whose text is
built once per model and field list, and convert values both ways with the model fields' own converters, so
the model stays the one definition of its table. On PostgreSQL the statements go through a server-side
binding cursor, so the connection prepares them (settings: `prepare_threshold`) and the server parses and
plans each only once per connection.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

Field = models.Field[Any, Any]


def _connection() -> BaseDatabaseWrapper:
    # Looked up once per call: the `connection` proxy costs a thread-local lookup on every attribute.
    return connections[DEFAULT_DB_ALIAS]


@contextmanager
def cursor(reuse: CursorWrapper | None = None) -> Iterator[CursorWrapper]:
    """A cursor in the current transaction; on PostgreSQL with server-side binding, so statements get prepared.

    A path that sends several statements passes its cursor on as `reuse`: making one costs as much as a
    statement."""
    if reuse is not None:
        yield reuse
        return
    connection = _connection()
    if connection.vendor != "postgresql":
        with connection.cursor() as made:
            yield made
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw: Any = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]  # the stubs miss psycopg 3
    # As Django wraps its own cursors: query logging (tests, debug) and database error translation keep working.
    wrapped = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped:
        yield wrapped


def for_update(alias: str = "") -> str:
    """The row-lock clause: PostgreSQL locks the rows (of `alias` only, when given); SQLite serialises writers."""
    if not _connection().features.has_select_for_update:
        return ""
    return f" FOR UPDATE OF {alias}" if alias else " FOR UPDATE"


def _quote(name: str | None) -> str:
    assert name is not None, "a column without a name"
    return _connection().ops.quote_name(name)


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
    return sql + f" RETURNING {_quote(model._meta.pk.column)}" if returning else sql  # type: ignore[union-attr]


def _prepared(model: type[models.Model], values: Mapping[str, Any], connection: BaseDatabaseWrapper) -> list[Any]:
    fields = _fields(model, tuple(values))
    return [field.get_db_prep_save(value, connection) for field, value in zip(fields, values.values(), strict=True)]


def insert_row(model: type[models.Model], values: Mapping[str, Any], *, using: CursorWrapper | None = None) -> int:
    """Insert one row (keys are field names or attnames, values as the model takes them); returns its id."""
    params = _prepared(model, values, _connection())
    with cursor(using) as c:
        c.execute(_insert_sql(model, tuple(values), 1, True), params)
        return int(c.fetchone()[0])


def insert_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, using: CursorWrapper | None = None
) -> None:
    """Insert rows that all give the same fields, in one statement."""
    if not rows:
        return
    connection = _connection()
    params = [value for row in rows for value in _prepared(model, row, connection)]
    with cursor(using) as c:
        c.execute(_insert_sql(model, tuple(rows[0]), len(rows), False), params)


@cache
def _update_sql(model: type[models.Model], names: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{_quote(field.column)} = %s" for field in _fields(model, names))
    table, pk = _quote(model._meta.db_table), _quote(model._meta.pk.column)  # type: ignore[union-attr]
    return f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608


def update_row(
    model: type[models.Model], pk: int, values: Mapping[str, Any], *, using: CursorWrapper | None = None
) -> None:
    """Set these fields of one row, by primary key."""
    params = _prepared(model, values, _connection())
    with cursor(using) as c:
        c.execute(_update_sql(model, tuple(values)), [*params, pk])


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


def insert_instance(obj: models.Model, names: tuple[str, ...], *, using: CursorWrapper | None = None) -> None:
    """Insert these fields of a new, unsaved instance and give it its id (the table's defaults fill the others:
    Django keeps defaults in Python, so a NOT NULL column left out fails loudly)."""
    model = type(obj)
    values = {field.name: getattr(obj, field.attname) for field in _fields(model, names)}
    obj.pk = insert_row(model, values, using=using)
    obj._state.adding = False
    obj._state.db = _connection().alias


def new_instance[ModelT: models.Model](model: type[ModelT], pk: int, values: Mapping[str, Any]) -> ModelT:
    """The instance of a row just written with `insert_row`, without reading it back."""
    obj = model(pk=pk, **values)
    obj._state.adding = False
    obj._state.db = _connection().alias
    return obj

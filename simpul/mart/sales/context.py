"""What a sale reads before it locks anything, in lean SQL (ADR 0005; bench/pos_sale.py): every sale at every till
comes here, and the ORM's five reads (outlet, member, settings, shift, products) cost more CPU than the sale's own
work. The outlet, the member, the manager's settings and the cashier's shift come in one statement; the products
(and the units named) in a second one."""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from simpul.coops.models import Outlet
from simpul.core import lean_sql
from simpul.mart.models import MartSettings, Product, ProductUnit, Sale, Shift, ShiftStatus
from simpul.members.models import Member

OUTLET_FIELDS = ("id", "cooperative", "name")
MEMBER_FIELDS = ("id", "cooperative", "number", "name", "status")
SHIFT_FIELDS = ("id", "cooperative", "outlet", "cashier", "status")
SETTINGS_FIELDS = (
    "cooperative",
    "max_line_discount_percent",
    "max_sale_discount_percent",
    "kasbon_default_limit",
)


@dataclass(frozen=True)
class SaleContext:
    outlet: Outlet
    member: Member | None
    settings: MartSettings | None
    shift: Shift | None
    recorded: tuple[int, str] | None = None  # the sale already recorded under the client id: its id and fingerprint


@cache
def _context_sql(by_shift_id: bool) -> str:
    # The online sale takes the cashier's open shift at the outlet; an offline sale names the shift it was sold in.
    shift_join = (
        "sh.id = %s AND sh.cooperative_id = o.cooperative_id AND sh.outlet_id = o.id"
        if by_shift_id
        else f"sh.cooperative_id = o.cooperative_id AND sh.outlet_id = o.id AND sh.cashier_id = %s "
        f"AND sh.status = '{ShiftStatus.OPEN}'"
    )
    return (
        f"SELECT {lean_sql.columns(Outlet, 'o', OUTLET_FIELDS)}, {lean_sql.columns(Member, 'm', MEMBER_FIELDS)}, "  # noqa: S608
        f"{lean_sql.columns(MartSettings, 's', SETTINGS_FIELDS)}, {lean_sql.columns(Shift, 'sh', SHIFT_FIELDS)}, "
        "rs.id, rs.request_hash "
        f"FROM {lean_sql.table(Outlet, 'o')} "
        f"LEFT JOIN {lean_sql.table(Member, 'm')} ON m.cooperative_id = o.cooperative_id AND m.id = %s "
        f"LEFT JOIN {lean_sql.table(MartSettings, 's')} ON s.cooperative_id = o.cooperative_id "
        f"LEFT JOIN {lean_sql.table(Shift, 'sh')} ON {shift_join} "
        f"LEFT JOIN {lean_sql.table(Sale, 'rs')} ON rs.cooperative_id = o.cooperative_id AND rs.client_id = %s "
        "WHERE o.cooperative_id = %s AND o.id = %s"
    )


def sale_context(
    *,
    cooperative_id: int,
    outlet_id: int,
    member_id: int | None,
    cashier_id: int,
    shift_id: int | None,
    client_id: uuid.UUID | None = None,
) -> SaleContext | None:
    """The outlet (None: not this cooperative's), the member (None when not given or not found: the caller tells
    which), the settings (None until the manager saves some), the shift (by id when given, else the cashier's
    open one at the outlet) and the sale already recorded under `client_id`, if any."""
    by_shift_id = shift_id is not None
    with lean_sql.cursor() as cursor:
        recorded_key = Sale._meta.get_field("client_id").get_db_prep_value(client_id, cursor.db)
        params = [member_id, shift_id if by_shift_id else cashier_id, recorded_key, cooperative_id, outlet_id]
        cursor.execute(_context_sql(by_shift_id), params)
        row = cursor.fetchone()
    if row is None:
        return None
    parts = []
    start = 0
    for model, names in (
        (Outlet, OUTLET_FIELDS),
        (Member, MEMBER_FIELDS),
        (MartSettings, SETTINGS_FIELDS),
        (Shift, SHIFT_FIELDS),
    ):
        width = len(lean_sql.model_fields(model, names))
        values = row[start : start + width]
        start += width
        parts.append(None if values[0] is None else lean_sql.instance(model, values, names))
    outlet, member, settings, shift = parts
    assert isinstance(outlet, Outlet)
    recorded = (int(row[start]), str(row[start + 1])) if row[start] is not None else None
    return SaleContext(outlet=outlet, member=member, settings=settings, shift=shift, recorded=recorded)  # type: ignore[arg-type]


@cache
def _catalog_sql(units: bool, count: int) -> str:
    model = ProductUnit if units else Product
    wanted = ", ".join(["%s"] * count)
    return (
        f"SELECT {lean_sql.columns(model, 'p')} FROM {lean_sql.table(model, 'p')} "  # noqa: S608
        f"WHERE p.cooperative_id = %s AND p.id IN ({wanted})"
    )


def catalog_rows[RowT: Product | ProductUnit](
    model: type[RowT], cooperative_id: int, ids: Collection[int]
) -> dict[int, RowT]:
    """The cooperative's products (or product units) with these ids, by id."""
    if not ids:
        return {}
    with lean_sql.cursor() as cursor:
        cursor.execute(_catalog_sql(model is ProductUnit, len(ids)), [cooperative_id, *ids])
        rows = [lean_sql.instance(model, row) for row in cursor.fetchall()]
    return {row.pk: row for row in rows}


@cache
def _recorded_sql() -> str:
    return (
        f"SELECT s.id, s.request_hash FROM {lean_sql.table(Sale, 's')} "  # noqa: S608
        "WHERE s.cooperative_id = %s AND s.client_id = %s"
    )


def recorded_sale(cooperative_id: int, client_id: uuid.UUID) -> tuple[int, str] | None:
    """The id and request fingerprint of the sale already recorded under this client id, if any."""
    field = Sale._meta.get_field("client_id")
    with lean_sql.cursor() as cursor:
        connection = cursor.db
        cursor.execute(_recorded_sql(), [cooperative_id, field.get_db_prep_value(client_id, connection)])
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None

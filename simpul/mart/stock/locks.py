"""Stock rows are locked in primary-key order, so two tills selling the same products never deadlock."""

from collections.abc import Collection, Iterable
from functools import cache

from simpul.coops.models import Cooperative
from simpul.core import lean_sql
from simpul.mart.models import Product, StockLevel


@cache
def _locking_select(count: int) -> str:
    wanted = ", ".join(["%s"] * count)
    # Identifiers from the model, values as parameters.
    return (
        f"SELECT {lean_sql.columns(StockLevel, 'l')} FROM {lean_sql.table(StockLevel, 'l')} "  # noqa: S608
        f"WHERE l.cooperative_id = %s AND l.outlet_id = %s AND l.product_id IN ({wanted}) "
        f"ORDER BY l.id{lean_sql.for_update()}"
    )


def _locked(cooperative_id: int, outlet_id: int, wanted: list[int]) -> dict[int, StockLevel]:
    with lean_sql.cursor() as cursor:
        cursor.execute(_locking_select(len(wanted)), [cooperative_id, outlet_id, *wanted])
        rows = [lean_sql.instance(StockLevel, row) for row in cursor.fetchall()]
    return {row.product_id: row for row in rows}


def lock_stock_levels(cooperative: Cooperative, outlet_id: int, product_ids: Iterable[int]) -> dict[int, StockLevel]:
    """The outlet's stock rows of these products, created when missing and locked (product id -> row).

    Lean SQL (every sale comes here, ADR 0005): one locking read when the rows exist. A missing row is inserted
    ignoring conflicts and all are read again: two first receipts of a product at once both find one row."""
    wanted = sorted(set(product_ids))
    if not wanted:
        return {}
    levels = _locked(cooperative.pk, outlet_id, wanted)
    if len(levels) == len(wanted):
        return levels
    StockLevel.objects.bulk_create(
        [StockLevel(cooperative=cooperative, outlet_id=outlet_id, product_id=pid) for pid in wanted],
        ignore_conflicts=True,
    )
    return _locked(cooperative.pk, outlet_id, wanted)


@cache
def _locking_select_with_products(count: int) -> str:
    wanted = ", ".join(["%s"] * count)
    return (
        f"SELECT {lean_sql.columns(Product, 'p')}, {lean_sql.columns(StockLevel, 'l')} "  # noqa: S608
        f"FROM {lean_sql.table(Product, 'p')} JOIN {lean_sql.table(StockLevel, 'l')} "
        "ON l.cooperative_id = p.cooperative_id AND l.outlet_id = %s AND l.product_id = p.id "
        f"WHERE p.cooperative_id = %s AND p.id IN ({wanted}) ORDER BY l.id{lean_sql.for_update('l')}"
    )


def lock_stock_levels_with_products(
    cooperative_id: int, outlet_id: int, product_ids: Collection[int]
) -> tuple[dict[int, Product], dict[int, StockLevel]] | None:
    """The cooperative's products with these ids and their stock rows at the outlet, locked as `lock_stock_levels`
    locks them, in one statement (a sale reads both: a round trip less). None unless every product exists and has
    its row there: the caller then reads the products and calls `lock_stock_levels`, which creates missing rows."""
    wanted = sorted(set(product_ids))
    if not wanted:
        return None
    width = len(lean_sql.model_fields(Product))
    with lean_sql.cursor() as cursor:
        cursor.execute(_locking_select_with_products(len(wanted)), [outlet_id, cooperative_id, *wanted])
        rows = cursor.fetchall()
    if len(rows) != len(wanted):
        return None
    products = [lean_sql.instance(Product, row[:width]) for row in rows]
    levels = [lean_sql.instance(StockLevel, row[width:]) for row in rows]
    return {p.pk: p for p in products}, {level.product_id: level for level in levels}

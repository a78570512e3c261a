"""Moving stock: every change is a StockMove appended under the level row's lock, with the moving-average cost.

Callers (sales, receipts, counts, transfers) lock the rows with `lock_stock_levels`, call `stock_moves_apply` with
their changes, and post the returned value to the inventory control account in the same transaction. Moves are
dated when they are written: there is no back-dated move."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from simpul.coops.models import Cooperative
from simpul.core import lean_sql
from simpul.core.models import User
from simpul.core.money import CENT
from simpul.mart.models import StockLevel, StockMove

COST_PLACES = Decimal("0.0001")
LEVEL_FIELDS = ("quantity", "value", "average_cost", "last_move_at", "last_sold_at", "last_received_at")
MOVE_FIELDS = (
    "cooperative",
    "outlet",
    "product",
    "kind",
    "quantity",
    "value",
    "unit_cost",
    "quantity_after",
    "value_after",
    "document",
    "note",
    "actor",
    "created_at",
)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Change:
    """One product's change at one outlet, in base units: positive in, negative out.

    `unit_cost` prices what comes in (a receipt, a customer return at its sale's cost); without it goods come in or
    go out at the level's moving-average cost."""

    product_id: int
    quantity: Decimal
    kind: str
    unit_cost: Decimal | None = None
    document: str = ""
    note: str = ""


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _value_of(level: StockLevel, change: Change) -> Decimal:
    """The signed value a change moves. Taking the last units takes the whole remaining value, so no sen is left
    behind on an empty shelf."""
    if change.unit_cost is not None:
        return _money(change.quantity * change.unit_cost)
    if change.quantity < 0 and level.quantity + change.quantity == 0:
        return -level.value
    return _money(change.quantity * level.average_cost)


def stock_moves_apply(
    *,
    cooperative: Cooperative,
    outlet_id: int,
    levels: dict[int, StockLevel],
    changes: Sequence[Change],
    actor: User | None,
) -> list[StockMove]:
    """Apply the changes to the locked levels and append their moves; returns the moves (their values are signed;
    they are written without reading their ids back).

    The caller holds the rows' locks (lock_stock_levels) and checks on-hand where a sale must not go below zero."""
    rows, writes = stock_moves_planned(
        cooperative=cooperative, outlet_id=outlet_id, levels=levels, changes=changes, actor=actor
    )
    lean_sql.run_writes(writes)
    return [StockMove(**row) for row in rows]


def stock_moves_planned(
    *,
    cooperative: Cooperative,
    outlet_id: int,
    levels: dict[int, StockLevel],
    changes: Sequence[Change],
    actor: User | None,
) -> tuple[list[dict[str, Any]], list[lean_sql.Write]]:
    """`stock_moves_apply` without writing: the levels changed in memory, the moves (as rows), and the writes that
    record them, for a caller that sends them with its own (a sale: in the journal entry's statement). The writes
    must run in the transaction that holds the levels' locks."""
    rows, touched = stock_moves_computed(
        cooperative=cooperative, outlet_id=outlet_id, levels=levels, changes=changes, actor=actor
    )
    # Lean SQL (ADR 0005; bench/pos_sale.py): every sale comes here, and Django's bulk_update of the level rows cost a
    # third of a sale's CPU. On PostgreSQL the level updates and the moves go as one statement.
    writes = [
        lean_sql.update_write(f"level{number}", StockLevel, level.pk, lean_sql.instance_values(level, LEVEL_FIELDS))
        for number, level in enumerate(touched)
    ]
    writes.append(lean_sql.insert_write("moves", StockMove, rows))
    return rows, writes


def stock_moves_computed(
    *,
    cooperative: Cooperative,
    outlet_id: int,
    levels: dict[int, StockLevel],
    changes: Sequence[Change],
    actor: User | None,
) -> tuple[list[dict[str, Any]], list[StockLevel]]:
    """The moves of these changes as rows (the columns of MOVE_FIELDS, by attname), and the levels they changed (in
    memory, in place), without any write: a synced batch of sales (sales/batch.py) moves the same levels many times
    and writes each level once, and builds no model instance per move."""
    now = timezone.now()
    moves: list[dict[str, Any]] = []
    touched: dict[int, StockLevel] = {}
    moved_by = actor.pk if actor is not None and actor.pk else None
    for change in changes:
        level = levels[change.product_id]
        value = _value_of(level, change)
        level.quantity += change.quantity
        level.value += value
        if level.quantity > 0 and level.value >= 0:
            level.average_cost = (level.value / level.quantity).quantize(COST_PLACES, rounding=ROUND_HALF_UP)
        elif change.unit_cost is not None:
            level.average_cost = change.unit_cost.quantize(COST_PLACES, rounding=ROUND_HALF_UP)
        level.last_move_at = now
        if change.quantity < 0 and change.kind == "sale":
            level.last_sold_at = now
        if change.quantity > 0 and change.kind == "receipt":
            level.last_received_at = now
        touched[level.pk] = level
        moves.append(
            {
                "cooperative_id": cooperative.pk,
                "outlet_id": outlet_id,
                "product_id": change.product_id,
                "kind": change.kind,
                "quantity": change.quantity,
                "value": value,
                "unit_cost": (abs(value) / abs(change.quantity)).quantize(COST_PLACES) if change.quantity else ZERO,
                "quantity_after": level.quantity,
                "value_after": level.value,
                "document": change.document,
                "note": change.note,
                "actor_id": moved_by,
                "created_at": now,
            }
        )
    return moves, list(touched.values())

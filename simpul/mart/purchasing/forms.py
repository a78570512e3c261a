"""The goods receipt form without an order: its lines are the products picked by a search (name, SKU or barcode),
never a list of the whole catalogue. The form sends a row per picked product (`line_product` "12" or "12:3" for
the unit, `line_quantity`, `line_damaged`, `line_unit_cost`, in step); a search adds the products it finds at the
top and keeps every row as typed."""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from simpul.coops.models import Cooperative
from simpul.mart.models import MartSupplier
from simpul.mart.purchasing.selectors import OrderFormRow, Typed, order_form_rows, order_product_search

OLD_LINE_ROWS = 6  # `product_<n>`, `quantity_<n>`, … as the form sent them before (still read)
MAX_RECEIPT_LINES = 200  # rows one receipt form sends at most


@dataclass(frozen=True)
class TypedReceiptLine:
    """A row of the form as typed: the product and unit ("12:3"), good and damaged units, price per unit."""

    choice: str
    quantity: str = ""
    damaged: str = ""
    unit_cost: str = ""

    @property
    def product_id(self) -> int | None:
        raw = self.choice.partition(":")[0]
        return int(raw) if raw.isdigit() and len(raw) < 12 else None

    @property
    def filled(self) -> bool:
        return bool(self.quantity or self.damaged)


def typed_receipt_lines(post: QueryDict) -> list[TypedReceiptLine]:
    """The rows the form sent, in order (the first row of a product wins; at most MAX_RECEIPT_LINES)."""
    rows: list[TypedReceiptLine] = []
    for index in range(OLD_LINE_ROWS):
        choice = post.get(f"product_{index}", "").strip()
        quantity = post.get(f"quantity_{index}", "").strip()
        if choice or quantity:
            rows.append(
                TypedReceiptLine(
                    choice,
                    quantity,
                    post.get(f"damaged_{index}", "").strip(),
                    post.get(f"unit_cost_{index}", "").strip(),
                )
            )
    columns = [post.getlist(f"line_{name}") for name in ("product", "quantity", "damaged", "unit_cost")]
    for index, choice in enumerate(columns[0][:MAX_RECEIPT_LINES]):
        values = [column[index].strip() if index < len(column) else "" for column in columns[1:]]
        rows.append(TypedReceiptLine(choice.strip()[:40], *(value[:40] for value in values)))
    return rows


@dataclass(frozen=True)
class ReceiptFormRow:
    line: OrderFormRow  # the product, its units, the unit chosen, good units and price as typed
    damaged: str


@dataclass(frozen=True)
class ReceiptForm:
    rows: list[ReceiptFormRow]
    found: list[int]  # the products the search found (first)
    filled: int  # rows with good or damaged units


def receipt_form(
    cooperative: Cooperative,
    supplier: MartSupplier | None,
    typed: list[TypedReceiptLine],
    *,
    search: str = "",
) -> ReceiptForm:
    """The rows to show: the products a search found first (not those already on the form), then the typed rows in
    their order. Another cooperative's product or a missing one is never shown. Four queries at most."""
    given: dict[int, TypedReceiptLine] = {}
    order: list[int] = []
    for row in typed:
        pid = row.product_id
        if pid is not None and pid not in given:
            given[pid] = row
            order.append(pid)
    found = order_product_search(cooperative, search, exclude=order) if search else []
    lines = order_form_rows(
        cooperative,
        supplier,
        found + order,
        typed={pid: Typed(choice=t.choice, quantity=t.quantity, unit_cost=t.unit_cost) for pid, t in given.items()},
    )
    return ReceiptForm(
        rows=[
            ReceiptFormRow(line, given[line.product_id].damaged if line.product_id in given else "") for line in lines
        ],
        found=found,
        filled=sum(1 for row in given.values() if row.filled),
    )


def receipt_line_inputs(typed: list[TypedReceiptLine], rupiah: Any) -> list[dict[str, Any]]:
    """The filled rows as the receipt service's line fields (a row left empty is not received)."""
    lines = []
    for row in typed:
        if not row.filled:
            continue
        product_id, _colon, unit_id = row.choice.partition(":")
        lines.append(
            {
                "product_id": product_id,
                "unit_id": unit_id or None,
                "quantity": row.quantity or "0",
                "damaged": row.damaged or "0",
                "unit_cost": rupiah(row.unit_cost),
            }
        )
    return lines

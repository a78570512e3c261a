"""Transfers between two outlets of one cooperative: out of one at its average cost, into the other at the same
value. Both outlets' stock sits in 1302 Persediaan Koperasi Mart, so no journal entry is needed."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.models import MoveKind, Product, StockLevel, StockTransfer
from simpul.mart.purchasing.selectors import order_product_search
from simpul.mart.stock.inputs import outlet_of, plain, products_of, quantity_of
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply

ZERO = Decimal(0)


@transaction.atomic
def stock_transfer_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    from_outlet_id: int,
    to_outlet_id: int,
    lines: Sequence[tuple[Any, Any]],
    note: str = "",
    ip_address: str | None = None,
) -> StockTransfer:
    """Move (product id, quantity in base units) from one outlet to another; more than on hand is refused."""
    source = outlet_of(cooperative, from_outlet_id, field="from_outlet_id")
    target = outlet_of(cooperative, to_outlet_id, field="to_outlet_id")
    if source.pk == target.pk:
        raise ApplicationError(
            _("Choose two different outlets."), code=error_codes.SAME_OUTLET, extra={"field": "to_outlet_id"}
        )
    note = refuse_too_long(str(note or "").strip(), max_length=255, field="note", label=_("Note"))
    if not lines:
        raise ApplicationError(_("Add at least one product."), code=error_codes.REQUIRED, extra={"field": "lines"})
    products = products_of(cooperative, [line[0] for line in lines])
    quantities: dict[int, Decimal] = {}
    for product_id, quantity in lines:
        product = products[int(product_id)]
        quantities[product.pk] = quantities.get(product.pk, ZERO) + quantity_of(quantity, product=product)
    # Both outlets' rows, the lower outlet first: two transfers in opposite directions never wait in a circle.
    levels: dict[int, dict[int, StockLevel]] = {}
    for outlet_id in sorted((source.pk, target.pk)):
        levels[outlet_id] = lock_stock_levels(cooperative, outlet_id, quantities)
    for product_id, quantity in quantities.items():
        on_hand = levels[source.pk][product_id].quantity
        if quantity > on_hand:
            raise ApplicationError(
                _("Only %(on_hand)s %(unit)s of %(product)s are in stock at %(outlet)s.")
                % {
                    "on_hand": plain(on_hand),
                    "unit": products[product_id].base_unit,
                    "product": products[product_id].name,
                    "outlet": source.name,
                },
                code=error_codes.INSUFFICIENT_STOCK,
                extra={"field": "quantity"},
            )
    transfer = StockTransfer.objects.create(
        cooperative=cooperative,
        from_outlet=source,
        to_outlet=target,
        note=note,
        actor=actor if actor is not None and actor.pk else None,
    )
    document = f"transfer:{transfer.pk}"
    out = stock_moves_apply(
        cooperative=cooperative,
        outlet_id=source.pk,
        levels=levels[source.pk],
        changes=[
            Change(product_id=pid, quantity=-q, kind=MoveKind.TRANSFER_OUT, document=document, note=target.name)
            for pid, q in quantities.items()
        ],
        actor=actor,
    )
    # In at exactly the value that went out (the unrounded cost makes quantity × cost that value to the sen).
    came_in = stock_moves_apply(
        cooperative=cooperative,
        outlet_id=target.pk,
        levels=levels[target.pk],
        changes=[
            Change(
                product_id=move.product_id,
                quantity=-move.quantity,
                kind=MoveKind.TRANSFER_IN,
                unit_cost=-move.value / -move.quantity,
                document=document,
                note=source.name,
            )
            for move in out
        ],
        actor=actor,
    )
    value = sum((move.value for move in came_in), ZERO)
    if value != -sum((move.value for move in out), ZERO):  # pragma: no cover - a broken invariant, never a refusal
        raise AssertionError("a transfer changed the value of stock")
    audit_record(
        actor=actor,
        event="mart.stock_transfer",
        target=transfer,
        cooperative=cooperative,
        changes={"from": source.name, "to": target.name, "products": len(out), "value": str(value)},
        ip_address=ip_address,
    )
    return transfer


# --- the transfer form: the products picked by a search, never the whole catalogue ---------------------------------

MAX_TRANSFER_LINES = 200  # rows one transfer form sends at most


@dataclass(frozen=True)
class TransferFormRow:
    product_id: int
    name: str
    sku: str
    base_unit: str
    quantity: str  # as typed
    on_hand: Decimal | None  # at the outlet the goods leave (None: no outlet chosen yet)


@dataclass(frozen=True)
class TransferForm:
    rows: list[TransferFormRow]
    found: list[int]  # the products the search found (first)
    filled: int  # rows with a quantity


def typed_transfer_lines(post: Any, old_rows: int = 5) -> list[tuple[str, str]]:
    """(product id, quantity) as the form sent them: `line_product` and `line_quantity` in step (at most
    MAX_TRANSFER_LINES), and `product_<n>`, `quantity_<n>` as the form sent them before."""
    lines = []
    for index in range(old_rows):
        product_id = post.get(f"product_{index}", "").strip()
        quantity = post.get(f"quantity_{index}", "").strip()
        if product_id or quantity:
            lines.append((product_id, quantity))
    products, quantities = post.getlist("line_product"), post.getlist("line_quantity")
    for index, product_id in enumerate(products[:MAX_TRANSFER_LINES]):
        quantity = quantities[index].strip() if index < len(quantities) else ""
        lines.append((product_id.strip()[:20], quantity[:40]))
    return lines


def transfer_lines(typed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The lines to move: those with a quantity (a picked product left empty is not moved)."""
    return [(product_id, quantity) for product_id, quantity in typed if quantity]


def transfer_form(
    cooperative: Cooperative, source_id: int | None, typed: list[tuple[str, str]], *, search: str = ""
) -> TransferForm:
    """The rows to show: what a search found first (not what is already on the form), then the typed rows in their
    order, each with what is on hand at the outlet the goods leave. Another cooperative's product or a missing one is
    never shown. Three queries at most."""
    given: dict[int, str] = {}
    for raw, quantity in typed:
        if raw.isdigit() and len(raw) < 12 and int(raw) not in given:
            given[int(raw)] = quantity
    found = order_product_search(cooperative, search, exclude=list(given)) if search else []
    ids = found + list(given)
    products = {
        p.pk: p
        for p in Product.objects.filter(cooperative=cooperative, pk__in=ids).only("id", "name", "sku", "base_unit")
    }
    on_hand: dict[int, Decimal] = {}
    if source_id is not None and products:
        on_hand = dict(
            StockLevel.objects.filter(
                cooperative=cooperative, outlet_id=source_id, product_id__in=list(products)
            ).values_list("product_id", "quantity")
        )
    rows = [
        TransferFormRow(
            product_id=pid,
            name=products[pid].name,
            sku=products[pid].sku,
            base_unit=products[pid].base_unit,
            quantity=given.get(pid, ""),
            on_hand=on_hand.get(pid, ZERO) if source_id is not None else None,
        )
        for pid in ids
        if pid in products
    ]
    return TransferForm(rows=rows, found=found, filled=sum(1 for quantity in given.values() if quantity))

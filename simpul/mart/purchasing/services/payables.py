"""Supplier invoices matched to receipts, payments (Dr 2104 / Cr cash or bank) and returns (Dr 2104 / Cr 1302)."""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.money import format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import Subledger
from simpul.ledger.services.journal import journal_post
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import (
    GoodsReceipt,
    InvoiceReceipt,
    MartSupplier,
    MoveKind,
    SupplierInvoice,
    SupplierPayment,
    SupplierReturn,
    SupplierReturnLine,
)
from simpul.mart.purchasing.services.orders import date_of
from simpul.mart.purchasing.services.suppliers import supplier_get
from simpul.mart.stock.inputs import (
    cost_of,
    outlet_of,
    plain,
    products_of,
    quantity_of,
)
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply

ZERO = Decimal(0)
COST_PLACES = Decimal("0.0001")
PAYMENT_ACCOUNTS = (chart.CASH, chart.BANK)


@transaction.atomic
def supplier_invoice_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    supplier_id: int,
    number: str,
    date: Any,
    amount: Any,
    due_on: Any = None,
    receipt_ids: Sequence[Any] = (),
    ip_address: str | None = None,
) -> SupplierInvoice:
    """The supplier's invoice, matched to the receipts it bills. It posts nothing: the payable was posted when the
    goods arrived; the page shows the difference between the invoice and its receipts."""
    supplier = supplier_get(cooperative, supplier_id)
    number = str(number or "").strip()
    if not number:
        raise ApplicationError(_("Enter the invoice number."), code=error_codes.REQUIRED, extra={"field": "number"})
    refuse_too_long(number, max_length=60, field="number", label=_("Invoice number"))
    invoice_date = date_of(date, field="date") or cooperative.today()
    due = date_of(due_on, field="due_on")
    if due is not None and due < invoice_date:
        raise ApplicationError(
            _("The due date cannot be before the invoice date."), code=error_codes.REQUIRED, extra={"field": "due_on"}
        )
    value = cost_of(amount, field="amount", allow_zero=False)
    wanted: set[int] = set()
    for raw in receipt_ids:
        try:
            wanted.add(int(raw))
        except (TypeError, ValueError):
            raise NotFoundError.plain() from None
    receipts = list(GoodsReceipt.objects.filter(cooperative=cooperative, supplier=supplier, pk__in=wanted))
    if len(receipts) != len(wanted):
        raise NotFoundError.plain()
    billed = InvoiceReceipt.objects.filter(cooperative=cooperative, receipt__in=receipts).select_related("receipt")
    for link in billed:
        raise ApplicationError(
            _("Goods receipt %(number)s is already on another invoice.") % {"number": link.receipt.number},
            code=error_codes.ALREADY_INVOICED,
            extra={"field": "receipt_ids"},
        )
    if SupplierInvoice.objects.filter(cooperative=cooperative, supplier=supplier, number=number).exists():
        raise ApplicationError(
            _("Invoice %(number)s of this supplier is already recorded.") % {"number": number},
            code=error_codes.DUPLICATE_INVOICE,
            extra={"field": "number"},
        )
    invoice = SupplierInvoice(
        cooperative=cooperative, supplier=supplier, number=number, date=invoice_date, due_on=due, amount=value
    )
    try:
        with transaction.atomic():
            invoice.save()
    except IntegrityError:
        raise ApplicationError(
            _("Invoice %(number)s of this supplier is already recorded.") % {"number": number},
            code=error_codes.DUPLICATE_INVOICE,
            extra={"field": "number"},
        ) from None
    InvoiceReceipt.objects.bulk_create(
        [InvoiceReceipt(cooperative=cooperative, invoice=invoice, receipt=receipt) for receipt in receipts]
    )
    audit_record(
        actor=actor,
        event="mart.supplier_invoice_recorded",
        target=invoice,
        cooperative=cooperative,
        changes={
            "supplier": supplier.name,
            "amount": str(value),
            "due_on": due.isoformat() if due else None,
            "receipts": sorted(r.number for r in receipts),
        },
        ip_address=ip_address,
    )
    return invoice


@transaction.atomic
def supplier_payment_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    supplier_id: int,
    amount: Any,
    from_account: str = chart.CASH,
    date: Any = None,
    invoice_id: Any = None,
    ip_address: str | None = None,
) -> SupplierPayment:
    """Pay a supplier from cash (1101) or the bank (1102): Dr 2104 / Cr the account; the supplier's balance falls.
    Paying more than the mart owes it (or than an invoice still asks) is refused."""
    value = cost_of(amount, field="amount", allow_zero=False)
    if from_account not in PAYMENT_ACCOUNTS:
        raise ApplicationError(
            _("Pay from cash or the bank."), code=error_codes.PAYMENT_INVALID, extra={"field": "from_account"}
        )
    on = date_of(date, field="date") or cooperative.today()
    if on > cooperative.today():
        raise ApplicationError(
            _("A payment cannot be dated in the future."), code=error_codes.PAYMENT_INVALID, extra={"field": "date"}
        )
    supplier_get(cooperative, supplier_id)
    invoice: SupplierInvoice | None = None
    if invoice_id not in (None, ""):
        try:
            invoice_pk = int(invoice_id)
        except (TypeError, ValueError):
            raise NotFoundError.plain() from None
        invoice = (
            SupplierInvoice.objects.select_for_update()
            .filter(cooperative=cooperative, supplier_id=supplier_id, pk=invoice_pk)
            .first()
        )
        if invoice is None:
            raise NotFoundError.plain()
    supplier = supplier_get(cooperative, supplier_id, lock=True)
    if value > supplier.balance:
        raise ApplicationError(
            _("The mart owes %(supplier)s only %(balance)s.")
            % {"supplier": supplier.name, "balance": format_rupiah(supplier.balance)},
            code=error_codes.OVERPAYMENT,
            extra={"field": "amount"},
        )
    if invoice is not None and value > invoice.amount - invoice.paid:
        raise ApplicationError(
            _("Invoice %(number)s still asks only %(open)s.")
            % {"number": invoice.number, "open": format_rupiah(invoice.amount - invoice.paid)},
            code=error_codes.OVERPAYMENT,
            extra={"field": "amount"},
        )
    mart_books_ensure(cooperative)
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=on,
        description=_("Payment to %(supplier)s") % {"supplier": supplier.name},
        lines=[(chart.MART_PAYABLES, value, ZERO), (from_account, ZERO, value)],
        source="mart",
        audit=False,
        subledger=Subledger.PAYABLES,
    )
    payment = SupplierPayment.objects.create(
        cooperative=cooperative,
        supplier=supplier,
        invoice=invoice,
        amount=value,
        from_account=from_account,
        date=on,
        journal_entry=entry,
        actor=actor if actor is not None and actor.pk else None,
    )
    MartSupplier.objects.filter(pk=supplier.pk).update(balance=F("balance") - value)
    if invoice is not None:
        SupplierInvoice.objects.filter(pk=invoice.pk).update(paid=F("paid") + value)
    audit_record(
        actor=actor,
        event="mart.supplier_paid",
        target=payment,
        cooperative=cooperative,
        changes={
            "supplier": supplier.name,
            "amount": str(value),
            "from_account": from_account,
            "invoice": invoice.number if invoice is not None else None,
            "journal_entry": entry.number,
        },
        ip_address=ip_address,
    )
    return payment


@transaction.atomic
def supplier_return_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    outlet_id: int,
    supplier_id: int,
    reason: str,
    lines: Sequence[tuple[Any, Any]],
    ip_address: str | None = None,
) -> SupplierReturn:
    """Goods sent back to a supplier — (product id, quantity in base units) — out of stock at average cost:
    Dr 2104 / Cr 1302, the supplier's balance falls by their value. More than on hand is refused."""
    outlet = outlet_of(cooperative, outlet_id)
    supplier_get(cooperative, supplier_id)
    reason = str(reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the goods go back."), code=error_codes.REQUIRED, extra={"field": "reason"})
    refuse_too_long(reason, max_length=255, field="reason", label=_("Reason"))
    if not lines:
        raise ApplicationError(_("Add at least one product."), code=error_codes.REQUIRED, extra={"field": "lines"})
    products = products_of(cooperative, [line[0] for line in lines])
    quantities: dict[int, Decimal] = {}
    for product_id, quantity in lines:
        product = products[int(product_id)]
        quantities[product.pk] = quantities.get(product.pk, ZERO) + quantity_of(quantity, product=product)
    levels = lock_stock_levels(cooperative, outlet.pk, quantities)
    for product_id, quantity in quantities.items():
        if quantity > levels[product_id].quantity:
            raise ApplicationError(
                _("Only %(on_hand)s %(unit)s of %(product)s are in stock.")
                % {
                    "on_hand": plain(levels[product_id].quantity),
                    "unit": products[product_id].base_unit,
                    "product": products[product_id].name,
                },
                code=error_codes.INSUFFICIENT_STOCK,
                extra={"field": "quantity"},
            )
    supplier = supplier_get(cooperative, supplier_id, lock=True)
    mart_books_ensure(cooperative)
    returned = SupplierReturn(
        cooperative=cooperative,
        outlet=outlet,
        supplier=supplier,
        reason=reason,
        actor=actor if actor is not None and actor.pk else None,
    )
    # Values at average cost, as stock_moves_apply will take them (the last units take the whole remaining value).
    values = {
        pid: levels[pid].value
        if quantity == levels[pid].quantity
        else (quantity * levels[pid].average_cost).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for pid, quantity in quantities.items()
    }
    total = sum(values.values(), ZERO)
    if total > supplier.balance:
        raise ApplicationError(
            _("The goods are worth %(value)s but the mart owes %(supplier)s only %(balance)s.")
            % {"value": format_rupiah(total), "supplier": supplier.name, "balance": format_rupiah(supplier.balance)},
            code=error_codes.OVERPAYMENT,
            extra={"field": "lines"},
        )
    if total <= 0:
        raise ApplicationError(
            _("These goods have no value in stock to return."),
            code=error_codes.INVALID_QUANTITY,
            extra={"field": "lines"},
        )
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=cooperative.today(),
        description=_("Goods returned to %(supplier)s: %(reason)s") % {"supplier": supplier.name, "reason": reason},
        lines=[(chart.MART_PAYABLES, total, ZERO), (chart.MART_INVENTORY, ZERO, total)],
        source="mart",
        audit=False,
        subledger=(Subledger.INVENTORY, Subledger.PAYABLES),
    )
    returned.journal_entry = entry
    returned.total = total
    returned.save()
    moves = stock_moves_apply(
        cooperative=cooperative,
        outlet_id=outlet.pk,
        levels=levels,
        changes=[
            Change(
                product_id=pid,
                quantity=-q,
                kind=MoveKind.SUPPLIER_RETURN,
                document=f"supplier_return:{returned.pk}",
                note=reason[:255],
            )
            for pid, q in quantities.items()
        ],
        actor=actor,
    )
    assert -sum((m.value for m in moves), ZERO) == total, (moves, total)
    SupplierReturnLine.objects.bulk_create(
        [
            SupplierReturnLine(
                cooperative=cooperative,
                supplier_return=returned,
                product_id=move.product_id,
                base_quantity=-move.quantity,
                value=-move.value,
            )
            for move in moves
        ]
    )
    MartSupplier.objects.filter(pk=supplier.pk).update(balance=F("balance") - total)
    audit_record(
        actor=actor,
        event="mart.supplier_return",
        target=returned,
        cooperative=cooperative,
        changes={"supplier": supplier.name, "total": str(total), "reason": reason, "journal_entry": entry.number},
        ip_address=ip_address,
    )
    return returned


@transaction.atomic
def supplier_payable_passed_on_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    supplier_id: int,
    amount: Any,
    description: str,
    receivable_account: str = chart.NON_MEMBER_RECEIVABLES,
    ip_address: str | None = None,
) -> Any:
    """Goods bought from a supplier for another cooperative and billed on to it at cost, never in this mart's
    stock (a network's joint purchase paid centrally): Dr the receivable (1202) / Cr 2104; the supplier's balance
    rises by it. Returns the journal entry."""
    value = cost_of(amount, field="amount", allow_zero=False)
    supplier = supplier_get(cooperative, supplier_id, lock=True)
    mart_books_ensure(cooperative)
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=cooperative.today(),
        description=refuse_too_long(description, max_length=255, field="description", label=_("Description")),
        lines=[(receivable_account, value, ZERO), (chart.MART_PAYABLES, ZERO, value)],
        source="mart",
        audit=False,
        subledger=Subledger.PAYABLES,
    )
    MartSupplier.objects.filter(pk=supplier.pk).update(balance=F("balance") + value)
    audit_record(
        actor=actor,
        event="mart.supplier_payable_passed_on",
        target=supplier,
        cooperative=cooperative,
        changes={"supplier": supplier.name, "amount": str(value), "journal_entry": entry.number},
        ip_address=ip_address,
    )
    return entry

"""Voids and returns at the till, approved with the manager's PIN.

`sale_void` takes back a whole sale on its own business day; `sale_return` takes back some quantities of some lines
(never more than sold minus already returned). Each posts the reversal in one transaction: the goods back into stock
at the line's cost (a "sale_return" move), and an entry reversing revenue, PPN, cost of goods and inventory, and the
payment — cash out of the cashier's open shift, simpanan sukarela paid back to the member through the savings
service, kasbon lowered. A void reverses each payment of the sale as it was paid."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, ConflictError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.money import CENT, format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import Subledger
from simpul.ledger.services import journal_post
from simpul.mart import error_codes
from simpul.mart.models import (
    Kasbon,
    MoveKind,
    PaymentMethod,
    Sale,
    SaleLine,
    SaleReturn,
    SaleReturnLine,
    SaleStatus,
    Shift,
    ShiftStatus,
)
from simpul.mart.settings.services import manager_pin_check
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply

ZERO = Decimal(0)
QUANTITY = Decimal("0.001")
COST_PLACES = Decimal("0.0001")
SUBLEDGERS = (Subledger.INVENTORY, Subledger.RECEIVABLES, Subledger.SAVINGS)
# Where each payment method's money sits in the books (a savings payment: the member's sukarela account's code).
PAYMENT_ACCOUNTS: dict[str, str] = {
    PaymentMethod.CASH: chart.CASH,
    PaymentMethod.QRIS: chart.QRIS_CLEARING,
    PaymentMethod.TRANSFER: chart.BANK,
    PaymentMethod.KASBON: chart.MART_KASBON_RECEIVABLES,
}
REFUND_METHODS = (PaymentMethod.CASH, PaymentMethod.SAVINGS, PaymentMethod.KASBON)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ApplicationError(
            _("Write the reason for the void or return."), code=error_codes.REQUIRED, extra={"field": "reason"}
        )
    return refuse_too_long(text, max_length=255, field="reason", label=_("Reason"))


def _sale_or_404(cooperative: Cooperative, sale_id: int) -> Sale:
    sale = Sale.objects.filter(cooperative=cooperative, pk=sale_id).first()
    if sale is None:
        raise NotFoundError.plain()
    return sale


@dataclass
class _Refund:
    """What a reversal pays back, per method (a void: as the sale was paid)."""

    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


def _open_shift(cooperative: Cooperative, actor: User, outlet_id: int, *, needed: bool) -> Shift | None:
    shift = (
        Shift.objects.filter(cooperative=cooperative, cashier=actor, outlet_id=outlet_id, status=ShiftStatus.OPEN)
        .order_by("-opened_at")
        .first()
    )
    if shift is None and needed:
        raise ApplicationError(
            _("Cash is paid back from an open shift: open your shift at this outlet first."),
            code=error_codes.NO_OPEN_SHIFT,
            extra={"field": "shift"},
        )
    return shift


def _post_reversal(
    *,
    cooperative: Cooperative,
    actor: User,
    approver: User,
    sale: Sale,
    quantities: Mapping[int, Decimal],
    lines: dict[int, SaleLine],
    refund: _Refund,
    tax: Decimal,
    is_void: bool,
    reason: str,
    ip_address: str | None,
) -> SaleReturn:
    """Stock back, the reversing entry, the payment's subledger (kasbon, savings), the rows and the audit row.

    Locks in sale_record's order: stock rows by primary key, the member's kasbon, the savings account, the journal."""
    chosen = [(lines[line_id], quantity) for line_id, quantity in sorted(quantities.items())]
    levels = lock_stock_levels(cooperative, sale.outlet_id, [line.product_id for line, _q in chosen])
    kasbon = None
    if refund.amounts.get(PaymentMethod.KASBON):
        kasbon = Kasbon.objects.select_for_update().filter(cooperative=cooperative, member=sale.member).first()
        owed = kasbon.balance if kasbon is not None else ZERO
        if refund.amounts[PaymentMethod.KASBON] > owed:
            raise ApplicationError(
                _("The member owes %(owed)s in kasbon, less than the refund: refund in cash instead.")
                % {"owed": format_rupiah(owed)},
                code=error_codes.PAYMENT_INVALID,
                extra={"field": "refund_method"},
            )
    savings_account = None
    if refund.amounts.get(PaymentMethod.SAVINGS):
        from simpul.members.savings.services import sukarela_lock_for_refund

        savings_account = sukarela_lock_for_refund(cooperative=cooperative, member_id=sale.member_id)  # type: ignore[arg-type]
    shift = _open_shift(cooperative, actor, sale.outlet_id, needed=bool(refund.amounts.get(PaymentMethod.CASH)))
    changes = [
        Change(
            product_id=line.product_id,
            quantity=quantity,
            kind=MoveKind.SALE_RETURN,
            unit_cost=(line.cost / line.base_quantity).quantize(COST_PLACES, rounding=ROUND_HALF_UP),
            document=f"sale:{sale.client_id.hex}",
            note=reason[:255],
        )
        for line, quantity in chosen
    ]
    moves = stock_moves_apply(
        cooperative=cooperative, outlet_id=sale.outlet_id, levels=levels, changes=changes, actor=actor
    )
    cost = sum((move.value for move in moves), ZERO)
    revenue = refund.total - tax
    member_sale = sale.member_id is not None
    entry_lines: list[tuple[str, Decimal, Decimal]] = [
        (chart.SALES_TO_MEMBERS if member_sale else chart.SALES_TO_NON_MEMBERS, revenue, ZERO),
        (chart.TAX_PAYABLE, tax, ZERO),
        (chart.MART_INVENTORY, cost, ZERO),
        (chart.COST_OF_GOODS_SOLD_MEMBERS if member_sale else chart.COST_OF_GOODS_SOLD_NON_MEMBERS, ZERO, cost),
    ]
    for method, amount in sorted(refund.amounts.items()):
        if method == PaymentMethod.SAVINGS:
            from simpul.members.models import SavingsKind
            from simpul.members.savings.services import ledger_account_code

            assert savings_account is not None
            code = ledger_account_code(SavingsKind.SUKARELA, savings_account.product.sharia_contract)
        else:
            code = PAYMENT_ACCOUNTS[method]
        entry_lines.append((code, ZERO, amount))
    words = {"number": sale.number}
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=cooperative.today(),
        description=(_("Void of sale %(number)s") if is_void else _("Return of goods of sale %(number)s")) % words,
        lines=[line for line in entry_lines if line[1] or line[2]],
        source="mart",
        subledger=SUBLEDGERS,
        audit=False,
    )
    sale_return = SaleReturn.objects.create(
        cooperative=cooperative,
        sale=sale,
        is_void=is_void,
        reason=reason,
        refund=refund.total,
        refund_method=max(refund.amounts, key=lambda m: refund.amounts[m]) if refund.amounts else PaymentMethod.CASH,
        actor=actor,
        approved_by=approver,
        shift=shift,
        journal_entry=entry,
        created_at=timezone.now(),
    )
    refunds = _line_refunds(sale, lines, quantities, refund.total)
    SaleReturnLine.objects.bulk_create(
        [
            SaleReturnLine(
                cooperative=cooperative,
                sale_return=sale_return,
                sale_line=line,
                base_quantity=quantity,
                refund=refunds[line.pk],
                cost=move.value,
            )
            for (line, quantity), move in zip(chosen, moves, strict=True)
        ]
    )
    for line, quantity in chosen:
        SaleLine.objects.filter(pk=line.pk).update(returned_quantity=F("returned_quantity") + quantity)
    if kasbon is not None:
        Kasbon.objects.filter(pk=kasbon.pk).update(balance=F("balance") - refund.amounts[PaymentMethod.KASBON])
    if savings_account is not None:
        from simpul.members.savings.services import sukarela_mart_record

        sukarela_mart_record(
            cooperative=cooperative,
            actor=actor,
            account=savings_account,
            amount=refund.amounts[PaymentMethod.SAVINGS],
            date=cooperative.today(),
            entry=entry,
            note=(_("Void of sale %(number)s") if is_void else _("Return of goods of sale %(number)s")) % words,
            refund=True,
        )
    if is_void:
        Sale.objects.filter(pk=sale.pk).update(status=SaleStatus.VOIDED)
        sale.status = SaleStatus.VOIDED
    audit_record(
        actor=actor,
        event="mart.sale_voided" if is_void else "mart.sale_returned",
        target=sale_return,
        cooperative=cooperative,
        changes={
            "sale": sale.number,
            "refund": str(refund.total),
            "methods": {method: str(amount) for method, amount in refund.amounts.items()},
            "approved_by": approver.pk,
            "journal_entry": entry.number,
            "reason": reason,
        },
        ip_address=ip_address,
    )
    return sale_return


def _line_refunds(
    sale: Sale, lines: dict[int, SaleLine], quantities: Mapping[int, Decimal], total: Decimal
) -> dict[int, Decimal]:
    """The refund split over the returned lines by their share (the last takes the remaining sen)."""
    shares = {pk: lines[pk].total * quantities[pk] / lines[pk].base_quantity for pk in quantities}
    whole = sum(shares.values(), ZERO)
    result: dict[int, Decimal] = {}
    left = total
    ordered = sorted(quantities)
    for index, pk in enumerate(ordered):
        part = left if index == len(ordered) - 1 else (_money(total * shares[pk] / whole) if whole else ZERO)
        result[pk] = part
        left -= part
    return result


def sale_void(
    *,
    cooperative: Cooperative,
    actor: User,
    sale_id: int,
    pin: str,
    reason: str,
    ip_address: str | None = None,
) -> SaleReturn:
    """Void a whole sale on its own business day with the manager's PIN (a wrong PIN: 403, audited)."""
    sale = _sale_or_404(cooperative, sale_id)
    reason = _reason(reason)
    approver = manager_pin_check(cooperative=cooperative, actor=actor, pin=pin, target=sale, ip_address=ip_address)
    return _void(cooperative=cooperative, actor=actor, approver=approver, sale_id=sale.pk, reason=reason, ip=ip_address)


@transaction.atomic
def _void(
    *, cooperative: Cooperative, actor: User, approver: User, sale_id: int, reason: str, ip: str | None
) -> SaleReturn:
    sale = Sale.objects.select_for_update().get(cooperative=cooperative, pk=sale_id)
    if sale.status == SaleStatus.VOIDED:
        raise ConflictError(_("This sale is already voided."), code=error_codes.ALREADY_VOIDED, extra={"field": "sale"})
    if sale.business_date != cooperative.today():
        raise ApplicationError(
            _("A sale can be voided only on the day it was made; record a return instead."),
            code=error_codes.VOID_TOO_LATE,
            extra={"field": "sale"},
        )
    lines = {line.pk: line for line in SaleLine.objects.select_for_update().filter(sale=sale).order_by("pk")}
    if any(line.returned_quantity for line in lines.values()):
        raise ApplicationError(
            _("Goods of this sale were already returned: return the rest instead of voiding it."),
            code=error_codes.INVALID_STATUS,
            extra={"field": "sale"},
        )
    amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for payment in sale.payments.all():
        amounts[payment.method] += payment.amount
    return _post_reversal(
        cooperative=cooperative,
        actor=actor,
        approver=approver,
        sale=sale,
        quantities={pk: line.base_quantity for pk, line in lines.items()},
        lines=lines,
        refund=_Refund(dict(amounts)),
        tax=sale.tax,
        is_void=True,
        reason=reason,
        ip_address=ip,
    )


def _quantities(raw: Mapping[Any, Any]) -> dict[int, Decimal]:
    wanted: dict[int, Decimal] = {}
    for key, value in raw.items():
        try:
            line_id = int(key)
            quantity = Decimal(str(value).strip().replace(",", "."))
        except (TypeError, ValueError, ArithmeticError):
            quantity = Decimal(-1)
            line_id = 0
        if not quantity.is_finite() or quantity < 0 or quantity.quantize(QUANTITY) != quantity:
            raise ApplicationError(
                _("A quantity is a number of at least zero with at most three decimals."),
                code=error_codes.INVALID_QUANTITY,
                extra={"field": "lines"},
            )
        if quantity:
            wanted[line_id] = wanted.get(line_id, ZERO) + quantity
    if not wanted:
        raise ApplicationError(
            _("Choose what comes back: a quantity of at least one line."),
            code=error_codes.INVALID_QUANTITY,
            extra={"field": "lines"},
        )
    return wanted


def sale_return(
    *,
    cooperative: Cooperative,
    actor: User,
    sale_id: int,
    quantities: Mapping[Any, Any],
    pin: str,
    reason: str,
    refund_method: str = "",
    ip_address: str | None = None,
) -> SaleReturn:
    """Take back some quantities (in base units, per sale line id) of a sale with the manager's PIN.

    The refund is the lines' share of what was paid (after discounts), PPN included; it is paid in cash from the open
    shift, back to simpanan sukarela, or off the member's kasbon (`refund_method`; default: kasbon or savings when
    the sale was paid so, else cash)."""
    sale = _sale_or_404(cooperative, sale_id)
    wanted = _quantities(quantities)
    reason = _reason(reason)
    if refund_method and refund_method not in REFUND_METHODS:
        raise ApplicationError(
            _("A refund is paid in cash, to simpanan sukarela or off kasbon."),
            code=error_codes.PAYMENT_INVALID,
            extra={"field": "refund_method"},
        )
    approver = manager_pin_check(cooperative=cooperative, actor=actor, pin=pin, target=sale, ip_address=ip_address)
    return _return(
        cooperative=cooperative,
        actor=actor,
        approver=approver,
        sale_id=sale.pk,
        wanted=wanted,
        reason=reason,
        refund_method=refund_method,
        ip=ip_address,
    )


@transaction.atomic
def _return(
    *,
    cooperative: Cooperative,
    actor: User,
    approver: User,
    sale_id: int,
    wanted: dict[int, Decimal],
    reason: str,
    refund_method: str,
    ip: str | None,
) -> SaleReturn:
    sale = Sale.objects.select_for_update().get(cooperative=cooperative, pk=sale_id)
    if sale.status == SaleStatus.VOIDED:
        raise ConflictError(_("This sale is already voided."), code=error_codes.ALREADY_VOIDED, extra={"field": "sale"})
    lines = {
        line.pk: line
        for line in SaleLine.objects.select_for_update().filter(sale=sale).select_related("product").order_by("pk")
    }
    for line_id, quantity in wanted.items():
        line = lines.get(line_id)
        if line is None:
            raise ApplicationError(
                _("That line is not on this sale."), code=error_codes.INVALID_QUANTITY, extra={"field": "lines"}
            )
        if not line.product.fractional and quantity != quantity.to_integral_value():
            raise ApplicationError(
                _("%(product)s is sold in whole units.") % {"product": line.product.name},
                code=error_codes.INVALID_QUANTITY,
                extra={"field": "lines"},
            )
        left = line.base_quantity - line.returned_quantity
        if quantity > left:
            raise ApplicationError(
                _("Of %(product)s only %(left)s can still come back.")
                % {"product": line.product.name, "left": left.normalize()},
                code=error_codes.RETURN_TOO_LARGE,
                extra={"field": "lines"},
            )
    all_lines_total = sum((line.total for line in lines.values()), ZERO)
    share = sum((lines[pk].total * q / lines[pk].base_quantity for pk, q in wanted.items()), ZERO)
    refund_total = _money(share * sale.total / all_lines_total) if all_lines_total else ZERO
    tax = _money(refund_total * sale.tax / sale.total) if sale.total else ZERO
    paid_by = {payment.method for payment in sale.payments.all()}
    method = refund_method or (
        PaymentMethod.KASBON
        if PaymentMethod.KASBON in paid_by
        else PaymentMethod.SAVINGS
        if PaymentMethod.SAVINGS in paid_by
        else PaymentMethod.CASH
    )
    if method in (PaymentMethod.SAVINGS, PaymentMethod.KASBON) and sale.member_id is None:
        raise ApplicationError(
            _("Only a member's sale can be refunded to savings or kasbon."),
            code=error_codes.MEMBER_REQUIRED,
            extra={"field": "refund_method"},
        )
    return _post_reversal(
        cooperative=cooperative,
        actor=actor,
        approver=approver,
        sale=sale,
        quantities=wanted,
        lines=lines,
        refund=_Refund({method: refund_total} if refund_total else {}),
        tax=tax,
        is_void=False,
        reason=reason,
        ip_address=ip,
    )

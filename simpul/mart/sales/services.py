"""Recording a sale at the till: stock, the books, the member's savings or kasbon, in one database transaction.

`sale_record` is the only way a sale is written, online (the till is connected) or offline (the till's outbox sends it
later through the sync endpoint). Each sale carries the till's `client_id`: the same sale sent twice is recorded once
and the second call gets the first one back; the same id with other content is refused (409).

Online, the server is the judge: its prices, the stock on hand, the discount limits, the open shift. Offline, the sale
already happened in the shop: what the till recorded is kept (its prices, even when stock went below zero or a price
changed meanwhile) and each such difference is written in `Sale.problems` for the manager to review — never dropped.
Only a sale that cannot be understood (an unknown product, a payment that does not cover the total, a malformed
number) is refused, online and offline alike.
"""

import datetime as dt
import hashlib
import json
import uuid
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from simpul.coops.models import Cooperative, Outlet
from simpul.core import lean_sql
from simpul.core.audit import audit_write
from simpul.core.exceptions import ApplicationError, ConflictError, NotFoundError
from simpul.core.models import User
from simpul.core.money import CENT, MAX_AMOUNT, format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, Subledger
from simpul.ledger.services.journal import closed_period_on, journal_post_with_writes
from simpul.mart import error_codes
from simpul.mart.models import (
    Kasbon,
    MartSettings,
    PaymentMethod,
    Product,
    ProductUnit,
    Sale,
    SaleLine,
    SalePayment,
    Shift,
    ShiftStatus,
    StockLevel,
)
from simpul.mart.sales.context import SaleContext, catalog_rows, recorded_sale, sale_context
from simpul.mart.stock.locks import lock_stock_levels, lock_stock_levels_with_products
from simpul.mart.stock.services import Change, stock_moves_planned
from simpul.members.models import Member
from simpul.members.savings.services import sukarela_lock_for_mart, sukarela_mart_record

ZERO = Decimal(0)
QUANTITY_PLACES = Decimal("0.001")
# PPN on taxed goods; prices include it, so the tax part of a price p is p × 11/111.
PPN_RATE = Decimal("0.11")
# A till's clock may run a little ahead of the server's.
CLOCK_SLACK = dt.timedelta(minutes=5)
DEFAULT_LINE_DISCOUNT_PERCENT = Decimal(10)
DEFAULT_SALE_DISCOUNT_PERCENT = Decimal(5)
MAX_LINES = 200

DEBIT_ACCOUNT: dict[str, str] = {
    PaymentMethod.CASH: chart.CASH,
    PaymentMethod.QRIS: chart.QRIS_CLEARING,
    PaymentMethod.TRANSFER: chart.BANK,
    PaymentMethod.SAVINGS: chart.SIMPANAN_SUKARELA,
    PaymentMethod.KASBON: chart.MART_KASBON_RECEIVABLES,
    PaymentMethod.RECEIVABLE: chart.NON_MEMBER_RECEIVABLES,
}


@dataclass(frozen=True)
class SaleResult:
    sale: Sale
    replayed: bool = False
    # What was just written, kept in memory so the till's answer needs no second read (None: read them back).
    written: "_Draft | None" = None

    @cached_property
    def lines(self) -> list[SaleLine] | None:
        """The lines as written (built when asked: the synced outbox answers without them)."""
        return _written(sale_written_lines(self.sale, self.written)) if self.written is not None else None

    @cached_property
    def payments(self) -> list[SalePayment] | None:
        return _written(sale_written_payments(self.sale, self.written)) if self.written is not None else None


def _written[RowT: models.Model](rows: list[RowT]) -> list[RowT]:
    for row in rows:
        lean_sql.saved(row, None)
    return rows


@dataclass
class _Line:
    product: Product
    unit: ProductUnit | None
    quantity: Decimal
    base_quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    total: Decimal = ZERO
    cost: Decimal = ZERO


@dataclass
class _Payment:
    method: str
    amount: Decimal  # what it pays of the total
    tendered: Decimal
    reference: str = ""


@dataclass
class _Draft:
    lines: list[_Line] = field(default_factory=list)
    payments: list[_Payment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    subtotal: Decimal = ZERO
    discount: Decimal = ZERO
    total: Decimal = ZERO
    tax: Decimal = ZERO
    change: Decimal = ZERO


def _refuse(message: str, code: str, field_name: str, **extra: Any) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field_name, **extra})


# A field's name in a refusal: text, or (message, its values) translated only when a refusal needs it (a synced batch
# checks thousands of lines, and translating each line's labels ahead cost a tenth of its work).
Label = str | tuple[str, dict[str, Any]]
LINE_QUANTITY = gettext_noop("Line %(line)s: the quantity")
LINE_PRICE = gettext_noop("Line %(line)s: the price")
LINE_DISCOUNT = gettext_noop("Line %(line)s: the discount")
PAYMENT = gettext_noop("Payment %(number)s")


def _label(label: Label) -> str:
    return label if isinstance(label, str) else _(label[0]) % label[1]


def _number(value: Any, *, field_name: str, label: Label, places: Decimal, code: str) -> Decimal:
    """An exact decimal from a string or a whole number; floats, booleans, letters and too many places refused."""
    if isinstance(value, bool | float) or value is None:
        raise _refuse(_("%(label)s is not a valid number.") % {"label": _label(label)}, code, field_name)
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise _refuse(_("%(label)s is not a valid number.") % {"label": _label(label)}, code, field_name) from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise _refuse(_("%(label)s is not a valid number.") % {"label": _label(label)}, code, field_name)
    if number.quantize(places) != number:
        raise _refuse(
            _("%(label)s has too many decimal places.") % {"label": _label(label)},
            code,
            field_name,
        )
    if number < 0:
        raise _refuse(_("%(label)s cannot be negative.") % {"label": _label(label)}, code, field_name)
    return number


def _money(value: Any, *, field_name: str, label: Label) -> Decimal:
    return _number(value, field_name=field_name, label=label, places=CENT, code=error_codes.INVALID_PRICE)


def _rupiah(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def sale_client_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        raise _refuse(
            _("The sale has no valid client id (a UUID made by the till)."), error_codes.REQUIRED, "client_id"
        ) from None


def sale_request_hash(
    *, outlet_id: Any, member_id: Any, lines: Sequence[Any], payments: Sequence[Any], discount: Any, sold_at: Any
) -> str:
    """The sale as the till sent it, canonical: "5000" and "5000.00" are the same."""

    def canon(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): canon(v) for k, v in sorted(value.items()) if v not in (None, "")}
        if isinstance(value, list | tuple):
            return [canon(v) for v in value]
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return str(Decimal(value).normalize())
        if isinstance(value, str):
            try:
                return str(Decimal(value).normalize())
            except InvalidOperation:
                return value
        if isinstance(value, dt.datetime):
            return value.isoformat()
        return value

    payload = {
        "outlet": outlet_id,
        "member": member_id,
        "lines": canon([_as_dict(line) for line in lines]),
        "payments": canon([_as_dict(payment) for payment in payments]),
        "discount": canon(discount or 0),
        "sold_at": canon(sold_at),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "model_dump"):
        return dict(value.model_dump())
    return dict(vars(value))


def _replayed(cooperative: Cooperative, client_id: uuid.UUID, request_hash: str) -> Sale | None:
    recorded = recorded_sale(cooperative.pk, client_id)
    return _replay(recorded, request_hash) if recorded is not None else None


def _replay(recorded: tuple[int, str], request_hash: str) -> Sale:
    """The sale recorded under a client id, when this request is that sale; a different one is refused (409)."""
    sale_id, recorded_hash = recorded
    if recorded_hash != request_hash:
        raise ConflictError(
            _("This client id was already used for a different sale. The till must give each sale a new id."),
            code=error_codes.CLIENT_ID_REUSED,
            extra={"field": "client_id"},
        )
    return Sale.objects.get(pk=sale_id)


def _sold_at(cooperative: Cooperative, sold_at: Any, offline: bool) -> tuple[dt.datetime, dt.date]:
    now = timezone.now()
    if not offline or sold_at is None:
        moment = now
    elif not isinstance(sold_at, dt.datetime) or timezone.is_naive(sold_at):
        raise _refuse(_("The time of the sale is not valid."), error_codes.REQUIRED, "sold_at")
    else:
        moment = sold_at
    if moment > now + CLOCK_SLACK:
        raise _refuse(
            _("The time of the sale is in the future: check the clock of the till."),
            error_codes.SALE_IN_FUTURE,
            "sold_at",
        )
    return moment, timezone.localtime(moment, zoneinfo.ZoneInfo(cooperative.timezone)).date()


def _shift(shift: Shift | None, offline: bool, draft: _Draft) -> Shift | None:
    """Online the cashier's open shift is required; offline a sale kept without one (or in a shift closed since) is
    flagged. The shift comes from the sale's context: the one named offline, else the cashier's open one."""
    if shift is not None:
        if shift.status != ShiftStatus.OPEN:
            draft.problems.append(_("The shift was closed before this sale arrived."))
        return shift
    if not offline:
        raise _refuse(
            _("Open a shift before selling: the shift is closed or was never opened."),
            error_codes.NO_OPEN_SHIFT,
            "shift",
        )
    draft.problems.append(_("The sale arrived without an open shift of its cashier."))
    return None


def sent_id(value: Any) -> int:
    """A row id the till sent; anything else is a row that does not exist."""
    if isinstance(value, bool):
        raise NotFoundError.plain()
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None


def _context(
    cooperative: Cooperative,
    actor: User,
    outlet_id: Any,
    member_id: Any,
    shift_id: Any,
    offline: bool,
    client_id: uuid.UUID | None = None,
) -> SaleContext:
    member_pk = None if member_id in (None, "") else sent_id(member_id)
    named_shift = sent_id(shift_id) if offline and shift_id else None
    context = sale_context(
        cooperative_id=cooperative.pk,
        outlet_id=sent_id(outlet_id),
        member_id=member_pk,
        cashier_id=actor.pk,
        shift_id=named_shift,
        client_id=client_id,
    )
    if context is None or (member_pk is not None and context.member is None):
        raise NotFoundError.plain()
    if named_shift is not None and context.shift is None:
        raise NotFoundError.plain()
    return context


def _settings(cooperative: Cooperative, found: MartSettings | None) -> MartSettings:
    return found or MartSettings(
        cooperative=cooperative,
        max_line_discount_percent=DEFAULT_LINE_DISCOUNT_PERCENT,
        max_sale_discount_percent=DEFAULT_SALE_DISCOUNT_PERCENT,
    )


def _catalog(
    cooperative: Cooperative, raw_lines: Sequence[Mapping[str, Any]]
) -> tuple[dict[int, Product], dict[int, ProductUnit]]:
    product_ids, unit_ids = catalog_ids(raw_lines)
    return catalog_rows(Product, cooperative.pk, product_ids), catalog_rows(ProductUnit, cooperative.pk, unit_ids)


def catalog_ids(raw_lines: Sequence[Mapping[str, Any]]) -> tuple[set[int], set[int]]:
    """The product and unit ids the lines name; a line without a readable product id is refused."""
    product_ids, unit_ids = set(), set()
    for number, raw in enumerate(raw_lines, start=1):
        try:
            product_ids.add(int(raw.get("product_id")))  # type: ignore[arg-type]
            if raw.get("unit_id") not in (None, ""):
                unit_ids.add(int(raw["unit_id"]))
        except (TypeError, ValueError):
            raise _refuse(
                _("Line %(line)s: choose a product.") % {"line": number},
                error_codes.UNKNOWN_PRODUCT,
                "lines",
                line=number,
            ) from None
    return product_ids, unit_ids


def _lines(
    *,
    raw_lines: Sequence[Mapping[str, Any]],
    products: dict[int, Product],
    units: dict[int, ProductUnit],
    member: Member | None,
    settings: MartSettings,
    offline: bool,
    draft: _Draft,
    agreed: bool = False,
) -> None:
    if not raw_lines:
        raise _refuse(_("The sale has no products."), error_codes.REQUIRED, "lines")
    if len(raw_lines) > MAX_LINES:
        raise _refuse(
            _("A sale has at most %(count)s lines.") % {"count": MAX_LINES}, error_codes.INVALID_QUANTITY, "lines"
        )
    for number, raw in enumerate(raw_lines, start=1):
        product = products.get(int(raw["product_id"]))
        if product is None:
            raise _refuse(
                _("Line %(line)s: the product is not in this cooperative's catalog.") % {"line": number},
                error_codes.UNKNOWN_PRODUCT,
                "lines",
                line=number,
            )
        unit = None
        if raw.get("unit_id") not in (None, ""):
            unit = units.get(int(raw["unit_id"]))
            if unit is None or unit.product_id != product.pk:
                raise _refuse(
                    _("Line %(line)s: %(product)s is not sold in that unit.")
                    % {"line": number, "product": product.name},
                    error_codes.UNKNOWN_PRODUCT,
                    "lines",
                    line=number,
                )
        quantity = _number(
            raw.get("quantity"),
            field_name="lines",
            label=(LINE_QUANTITY, {"line": number}),
            places=QUANTITY_PLACES,
            code=error_codes.INVALID_QUANTITY,
        )
        if quantity == 0:
            raise _refuse(
                _("Line %(line)s: the quantity must be more than zero.") % {"line": number},
                error_codes.INVALID_QUANTITY,
                "lines",
                line=number,
            )
        base_quantity = (quantity * unit.factor).quantize(QUANTITY_PLACES) if unit else quantity
        if not product.fractional and (
            quantity != quantity.to_integral_value() or base_quantity != base_quantity.to_integral_value()
        ):
            raise _refuse(
                _("Line %(line)s: %(product)s is sold in whole %(unit)s only.")
                % {"line": number, "product": product.name, "unit": unit.name if unit else product.base_unit},
                error_codes.INVALID_QUANTITY,
                "lines",
                line=number,
            )
        if not product.is_active:
            if not offline:
                raise _refuse(
                    _("%(product)s is no longer sold.") % {"product": product.name},
                    error_codes.PRODUCT_RETIRED,
                    "lines",
                    line=number,
                )
            draft.problems.append(_("%(product)s was retired before this sale arrived.") % {"product": product.name})
        base_price = product.member_price if member is not None and product.member_price > 0 else product.price
        price = (
            unit.price if unit is not None and unit.price > 0 else _rupiah(base_price * (unit.factor if unit else 1))
        )
        if agreed:
            price = _money(
                raw.get("unit_price"),
                field_name="lines",
                label=(LINE_PRICE, {"line": number}),
            )
        elif offline and raw.get("unit_price") not in (None, ""):
            till_price = _money(
                raw.get("unit_price"),
                field_name="lines",
                label=(LINE_PRICE, {"line": number}),
            )
            if till_price != price:
                draft.problems.append(
                    _("%(product)s was sold at %(till)s; the price is now %(price)s.")
                    % {"product": product.name, "till": format_rupiah(till_price), "price": format_rupiah(price)}
                )
                price = till_price
        gross = _rupiah(price * quantity)
        discount = _money(
            raw.get("discount") or 0,
            field_name="lines",
            label=(LINE_DISCOUNT, {"line": number}),
        )
        largest = _rupiah(gross * settings.max_line_discount_percent / 100)
        if discount > largest:
            message = _("Line %(line)s: the discount is at most %(largest)s (%(percent)s%%).") % {
                "line": number,
                "largest": format_rupiah(largest),
                "percent": settings.max_line_discount_percent.normalize(),
            }
            if not offline or discount > gross:
                raise _refuse(message, error_codes.DISCOUNT_TOO_LARGE, "lines", line=number)
            draft.problems.append(message)
        line = _Line(product, unit, quantity, base_quantity, price, discount, total=gross - discount)
        draft.lines.append(line)
        draft.subtotal += line.total


def _totals(*, discount: Any, settings: MartSettings, offline: bool, draft: _Draft) -> None:
    draft.discount = _money(discount or 0, field_name="discount", label=_("The sale discount"))
    largest = _rupiah(draft.subtotal * settings.max_sale_discount_percent / 100)
    if draft.discount > largest:
        message = _("The sale discount is at most %(largest)s (%(percent)s%%).") % {
            "largest": format_rupiah(largest),
            "percent": settings.max_sale_discount_percent.normalize(),
        }
        if not offline or draft.discount > draft.subtotal:
            raise _refuse(message, error_codes.DISCOUNT_TOO_LARGE, "discount")
        draft.problems.append(message)
    draft.total = draft.subtotal - draft.discount
    if draft.total <= 0:
        raise _refuse(_("The total of the sale must be more than Rp0."), error_codes.INVALID_PRICE, "discount")
    taxed = sum((line.total for line in draft.lines if line.product.taxed), ZERO)
    if taxed:
        # The sale discount is shared over the lines by their totals; PPN is the tax part of what was paid.
        share = taxed * draft.total / draft.subtotal
        draft.tax = _rupiah(share * PPN_RATE / (1 + PPN_RATE))


def _payments(
    *, raw_payments: Sequence[Mapping[str, Any]], member: Member | None, draft: _Draft, agreed: bool = False
) -> None:
    if not raw_payments:
        raise _refuse(_("Record how the sale is paid."), error_codes.PAYMENT_SHORT, "payments")
    cash_tendered = ZERO
    others = ZERO
    seen: list[_Payment] = []
    for number, raw in enumerate(raw_payments, start=1):
        method = str(raw.get("method") or "")
        if method not in PaymentMethod.values or (method == PaymentMethod.RECEIVABLE and not agreed):
            raise _refuse(
                _("Payment %(number)s: choose cash, QRIS, transfer, savings or kasbon.") % {"number": number},
                error_codes.PAYMENT_INVALID,
                "payments",
            )
        amount = _money(raw.get("amount"), field_name="payments", label=(PAYMENT, {"number": number}))
        if amount == 0:
            raise _refuse(
                _("Payment %(number)s: the amount must be more than Rp0.") % {"number": number},
                error_codes.PAYMENT_INVALID,
                "payments",
            )
        if method in (PaymentMethod.SAVINGS, PaymentMethod.KASBON) and member is None:
            raise _refuse(
                _("Payment from savings or by kasbon is for members: look up the member first."),
                error_codes.MEMBER_REQUIRED,
                "member",
            )
        reference = str(raw.get("reference") or "").strip()[:80]
        if method == PaymentMethod.CASH:
            cash_tendered += amount
        else:
            others += amount
        seen.append(_Payment(method, amount, amount, reference))
    if others > draft.total:
        raise _refuse(
            _("The non-cash payments (%(paid)s) are more than the total %(total)s.")
            % {"paid": format_rupiah(others), "total": format_rupiah(draft.total)},
            error_codes.PAYMENT_INVALID,
            "payments",
        )
    if cash_tendered + others < draft.total:
        raise _refuse(
            _("The payment of %(paid)s does not cover the total of %(total)s.")
            % {"paid": format_rupiah(cash_tendered + others), "total": format_rupiah(draft.total)},
            error_codes.PAYMENT_SHORT,
            "payments",
        )
    draft.change = cash_tendered + others - draft.total
    cash_due = draft.total - others
    # Merge by method: one payment row per method, cash holding what it paid of the total (tendered minus change).
    merged: dict[str, _Payment] = {}
    for payment in seen:
        row = merged.setdefault(payment.method, _Payment(payment.method, ZERO, ZERO, payment.reference))
        row.tendered += payment.tendered
        row.amount += payment.amount
    if PaymentMethod.CASH in merged:
        merged[PaymentMethod.CASH].amount = cash_due
        if cash_due == 0:
            del merged[PaymentMethod.CASH]
    draft.payments = list(merged.values())


def sale_record(
    *,
    cooperative: Cooperative,
    actor: User,
    outlet_id: Any,
    client_id: Any,
    lines: Sequence[Mapping[str, Any]],
    payments: Sequence[Mapping[str, Any]],
    member_id: Any = None,
    discount: Any = 0,
    sold_at: dt.datetime | None = None,
    offline: bool = False,
    shift_id: Any = None,
    ip_address: str | None = None,
    agreed: bool = False,
) -> SaleResult:
    """Record one sale; returns it (and whether it was already recorded under this client id).

    lines: [{"product_id", "quantity", "unit_id"?, "discount"?, "unit_price"? (offline: the till's price)}],
    quantities in the line's unit (the product's base unit without unit_id).
    payments: [{"method": cash|qris|transfer|savings|kasbon, "amount", "reference"?}]; cash is what was handed over,
    the change comes back from it.
    Online (offline=False): the cashier's open shift at the outlet, the server's prices, stock on hand and the
    manager's discount and kasbon limits are required. Offline: the till's time (`sold_at`, aware) and prices are kept
    and differences are recorded as problems. Posts, in one transaction: stock moves (moving-average cost), one journal
    entry (payment accounts / member or non-member sales, PPN, cost of goods sold / inventory), the savings withdrawal
    or the kasbon, the audit row.
    agreed=True (a staple sold to another cooperative, simpul/mart/network/exchange.py): online, without a shift, at
    each line's `unit_price` as agreed with the buyer."""
    client_uuid = sale_client_id(client_id)
    request_hash = sale_request_hash(
        outlet_id=outlet_id,
        member_id=member_id,
        lines=lines,
        payments=payments,
        discount=discount,
        sold_at=sold_at if offline else None,
    )
    raw_lines = [_as_dict(line) for line in lines]
    raw_payments = [_as_dict(payment) for payment in payments]
    try:
        with transaction.atomic():
            return _record(
                cooperative=cooperative,
                actor=actor,
                outlet_id=outlet_id,
                client_id=client_uuid,
                request_hash=request_hash,
                raw_lines=raw_lines,
                raw_payments=raw_payments,
                member_id=member_id,
                discount=discount,
                sold_at=sold_at,
                offline=offline,
                shift_id=shift_id,
                ip_address=ip_address,
                agreed=agreed,
            )
    except IntegrityError:
        # The same sale sent twice at once: the first one written wins, the second gets it back.
        replayed = _replayed(cooperative, client_uuid, request_hash)
        if replayed is not None:
            return SaleResult(replayed, replayed=True)
        raise


def _record(
    *,
    cooperative: Cooperative,
    actor: User,
    outlet_id: Any,
    client_id: uuid.UUID,
    request_hash: str,
    raw_lines: list[dict[str, Any]],
    raw_payments: list[dict[str, Any]],
    member_id: Any,
    discount: Any,
    sold_at: dt.datetime | None,
    offline: bool,
    shift_id: Any,
    ip_address: str | None,
    agreed: bool = False,
) -> SaleResult:
    context = _context(cooperative, actor, outlet_id, member_id, shift_id, offline, client_id)
    if context.recorded is not None:
        # Already recorded under this client id (read with the context: one statement less for every sale).
        return SaleResult(_replay(context.recorded, request_hash), replayed=True)
    # The products are read with their stock rows, locked (one statement); lock_stock_levels below when that
    # cannot be (a product unknown, or never stocked at the outlet).
    locked: dict[int, StockLevel] = {}

    def catalog() -> tuple[dict[int, Product], dict[int, ProductUnit]]:
        product_ids, unit_ids = catalog_ids(raw_lines)
        read = lock_stock_levels_with_products(cooperative.pk, context.outlet.pk, product_ids)
        if read is None:
            return _catalog(cooperative, raw_lines)
        products, levels = read
        locked.update(levels)
        return products, catalog_rows(ProductUnit, cooperative.pk, unit_ids)

    checked = sale_checked(
        cooperative=cooperative,
        context=context,
        catalog=catalog,
        raw_lines=raw_lines,
        raw_payments=raw_payments,
        discount=discount,
        sold_at=sold_at,
        offline=offline,
        agreed=agreed,
    )
    draft, outlet, member = checked.draft, context.outlet, context.member
    # An offline sale naming its shift is that shift's cashier's, whoever's login sends it (a shared till).
    named = offline and shift_id not in (None, "") and context.shift is not None
    cashier_id = context.shift.cashier_id if named and context.shift is not None else actor.pk

    # Locks, always in this order (a savings deposit takes the savings account, then the journal): stock rows by
    # primary key, the member's kasbon, the member's savings account, then the journal (journal_post).
    levels = locked or lock_stock_levels(cooperative, outlet.pk, [line.product.pk for line in draft.lines])
    stock_checked(levels, draft, offline)
    kasbon, savings_account = _lock_member_money(cooperative, member, checked.settings, offline, draft)
    paid_by = {payment.method: payment for payment in draft.payments}

    moves, stock_writes = stock_moves_planned(
        cooperative=cooperative, outlet_id=outlet.pk, levels=levels, changes=sale_changes(client_id, draft), actor=actor
    )
    cost = sale_costs(draft, [move["value"] for move in moves])
    entry_date = sale_entry_date(cooperative, checked.business_date, draft, closed_period_on)
    sale = sale_row(
        cooperative=cooperative,
        context=context,
        checked=checked,
        client_id=client_id,
        request_hash=request_hash,
        cashier_id=cashier_id,
        cost=cost,
        offline=offline,
    )

    def sale_writes(entry: JournalEntry) -> list[lean_sql.Write]:
        # The sale, its lines and payments, its audit row and its stock moves: in the entry's statement.
        sale.number = sale_number(sale, entry)
        return [
            *stock_writes,
            *_sale_writes(sale, draft),
            audit_write(
                actor=actor,
                event="mart.sale",
                target=sale,
                target_id=lean_sql.Earlier("sale"),
                cooperative=cooperative,
                changes=sale_audit_changes(sale, entry, draft, actor),
                ip_address=ip_address,
            ),
        ]

    entry, ids = journal_post_with_writes(
        cooperative=cooperative,
        actor=actor,
        date=entry_date,
        description=sale_description(outlet, member),
        lines=sale_entry_lines(draft, member is not None, cost),
        source="mart",
        subledger=sale_subledgers(paid_by),
        then=sale_writes,
    )
    sale.journal_entry = entry
    lean_sql.saved(sale, ids["sale"])
    if kasbon is not None and PaymentMethod.KASBON in paid_by:
        kasbon.balance += paid_by[PaymentMethod.KASBON].amount
        Kasbon.objects.filter(pk=kasbon.pk).update(balance=kasbon.balance)
    if savings_account is not None:
        sukarela_mart_record(
            cooperative=cooperative,
            actor=actor,
            account=savings_account,
            amount=paid_by[PaymentMethod.SAVINGS].amount,
            date=entry_date,
            entry=entry,
            note=f"Belanja Koperasi Mart {sale.number}",
        )
    return SaleResult(sale, written=draft)


# --- The steps of a recording, shared with the synced batch (sales/batch.py) ------------------------------------


@dataclass(frozen=True)
class Checked:
    """A sale checked before any lock: what it sells and how it is paid, when, in which shift."""

    draft: _Draft
    moment: dt.datetime
    business_date: dt.date
    settings: MartSettings
    shift: Shift | None


def sale_checked(
    *,
    cooperative: Cooperative,
    context: SaleContext,
    catalog: Callable[[], tuple[dict[int, Product], dict[int, ProductUnit]]],
    raw_lines: Sequence[Mapping[str, Any]],
    raw_payments: Sequence[Mapping[str, Any]],
    discount: Any,
    sold_at: dt.datetime | None,
    offline: bool,
    agreed: bool = False,
) -> Checked:
    """Everything about a sale that needs no lock: refused here (ApplicationError) or drafted, problems noted."""
    draft = _Draft()
    member = context.member
    moment, business_date = _sold_at(cooperative, sold_at, offline)
    if member is not None and not member.is_active and not offline:
        raise _refuse(
            _("%(name)s is no longer an active member.") % {"name": member.name}, error_codes.MEMBER_REQUIRED, "member"
        )
    settings = _settings(cooperative, context.settings)
    products, units = catalog()
    _lines(
        raw_lines=raw_lines,
        products=products,
        units=units,
        member=member,
        settings=settings,
        offline=offline,
        draft=draft,
        agreed=agreed,
    )
    _totals(discount=discount, settings=settings, offline=offline, draft=draft)
    _payments(raw_payments=raw_payments, member=member, draft=draft, agreed=agreed)
    shift = None if agreed else _shift(context.shift, offline, draft)
    return Checked(draft, moment, business_date, settings, shift)


def stock_checked(levels: Mapping[int, StockLevel], draft: _Draft, offline: bool) -> None:
    """Under the stock rows' locks: online a line beyond what is on hand is refused; offline it is a problem."""
    needed: dict[int, Decimal] = {}
    products: dict[int, Product] = {}
    for line in draft.lines:
        needed[line.product.pk] = needed.get(line.product.pk, ZERO) + line.base_quantity
        products[line.product.pk] = line.product
    for product_id, quantity in needed.items():
        on_hand = levels[product_id].quantity
        if quantity > on_hand:
            product = products[product_id]
            message = _("Only %(left)s %(unit)s of %(product)s left in stock.") % {
                "left": on_hand.normalize() if on_hand > 0 else 0,
                "unit": product.base_unit,
                "product": product.name,
            }
            if not offline:
                raise _refuse(message, error_codes.INSUFFICIENT_STOCK, "lines", product_id=product_id)
            draft.problems.append(message)


def sale_changes(client_id: uuid.UUID, draft: _Draft) -> list[Change]:
    document = f"sale:{client_id.hex}"
    return [
        Change(product_id=line.product.pk, quantity=-line.base_quantity, kind="sale", document=document)
        for line in draft.lines
    ]


def sale_costs(draft: _Draft, values: Sequence[Decimal]) -> Decimal:
    """Each line's cost from the value its stock move took out (moving average); the sale's cost."""
    for line, value in zip(draft.lines, values, strict=True):
        line.cost = -value
    return sum((line.cost for line in draft.lines), ZERO)


def sale_entry_date(
    cooperative: Cooperative, business_date: dt.date, draft: _Draft, closed_on: Callable[[Cooperative, dt.date], Any]
) -> dt.date:
    """An offline sale from a day whose books were closed meanwhile is posted today (journal_post refuses the day)."""
    if business_date != cooperative.today() and closed_on(cooperative, business_date) is not None:
        today = cooperative.today()
        draft.problems.append(
            _("The books of %(day)s are closed: the sale is posted on %(today)s.")
            % {"day": business_date.isoformat(), "today": today.isoformat()}
        )
        return today
    return business_date


def sale_row(
    *,
    cooperative: Cooperative,
    context: SaleContext,
    checked: Checked,
    client_id: uuid.UUID,
    request_hash: str,
    cashier_id: int,
    cost: Decimal,
    offline: bool,
) -> Sale:
    draft = checked.draft
    return Sale(
        cooperative=cooperative,
        outlet=context.outlet,
        shift=checked.shift,
        client_id=client_id,
        request_hash=request_hash,
        cashier_id=cashier_id,
        member=context.member,
        sold_at=checked.moment,
        business_date=checked.business_date,
        offline=offline,
        subtotal=draft.subtotal,
        discount=draft.discount,
        total=draft.total,
        tax=draft.tax,
        cost=cost,
        paid=draft.total + draft.change,
        change=draft.change,
        problems=draft.problems,
    )


def sale_number(sale: Sale, entry: JournalEntry) -> str:
    return f"{sale.business_date:%y%m%d}-{entry.number}"


def sale_audit_changes(sale: Sale, entry: JournalEntry, draft: _Draft, sender: User) -> dict[str, Any]:
    """The audit row's changes; its actor is the login that sent the sale, named apart from the sale's cashier."""
    return {
        "number": sale.number,
        "outlet": sale.outlet_id,
        "total": str(sale.total),
        "member": sale.member_id,
        "journal_entry": entry.number,
        **({"offline": True} if sale.offline else {}),
        **({"problems": len(draft.problems)} if draft.problems else {}),
        **({"cashier": sale.cashier_id} if sale.cashier_id != sender.pk else {}),
    }


def sale_written_lines(sale: Sale, draft: _Draft) -> list[SaleLine]:
    return [
        SaleLine(
            cooperative_id=sale.cooperative_id,
            sale=sale,
            product=line.product,
            unit=line.unit,
            quantity=line.quantity,
            base_quantity=line.base_quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            total=line.total,
            cost=line.cost,
        )
        for line in draft.lines
    ]


def sale_written_payments(sale: Sale, draft: _Draft) -> list[SalePayment]:
    return [
        SalePayment(
            cooperative_id=sale.cooperative_id,
            sale=sale,
            method=payment.method,
            amount=payment.amount,
            tendered=payment.tendered,
            reference=payment.reference,
        )
        for payment in draft.payments
    ]


SALE_FIELDS = (
    "cooperative",
    "outlet",
    "shift",
    "number",
    "client_id",
    "request_hash",
    "cashier",
    "member",
    "status",
    "sold_at",
    "business_date",
    "offline",
    "subtotal",
    "discount",
    "total",
    "tax",
    "cost",
    "paid",
    "change",
    "problems",
    "created_at",
)


def _sale_writes(sale: Sale, draft: _Draft) -> list[lean_sql.Write]:
    sale_row_values = {**lean_sql.instance_values(sale, SALE_FIELDS), "journal_entry_id": lean_sql.Earlier("entry")}
    writes = [
        lean_sql.insert_write("sale", Sale, [sale_row_values], returning=True),
        lean_sql.insert_write("sale_lines", SaleLine, sale_line_rows(lean_sql.Earlier("sale"), sale, draft)),
    ]
    if draft.payments:
        writes.append(
            lean_sql.insert_write(
                "sale_payments", SalePayment, sale_payment_rows(lean_sql.Earlier("sale"), sale, draft)
            )
        )
    return writes


def sale_line_rows(sale_id: Any, sale: Sale, draft: _Draft) -> list[dict[str, Any]]:
    """The sale's lines as rows to insert (`sale_id`: the id, or the Earlier write that returns it)."""
    return [
        {
            "cooperative_id": sale.cooperative_id,
            "sale_id": sale_id,
            "product_id": line.product.pk,
            "unit_id": line.unit.pk if line.unit is not None else None,
            "quantity": line.quantity,
            "base_quantity": line.base_quantity,
            "unit_price": line.unit_price,
            "discount": line.discount,
            "total": line.total,
            "cost": line.cost,
            "returned_quantity": ZERO,
        }
        for line in draft.lines
    ]


def sale_payment_rows(sale_id: Any, sale: Sale, draft: _Draft) -> list[dict[str, Any]]:
    return [
        {
            "cooperative_id": sale.cooperative_id,
            "sale_id": sale_id,
            "method": payment.method,
            "amount": payment.amount,
            "tendered": payment.tendered,
            "reference": payment.reference,
        }
        for payment in draft.payments
    ]


def _lock_member_money(
    cooperative: Cooperative, member: Member | None, settings: MartSettings, offline: bool, draft: _Draft
) -> tuple[Kasbon | None, Any]:
    """Lock the member's kasbon, then their sukarela account (the order returns take too), and check them.

    Online a short savings balance or a kasbon over its limit is refused. Offline the goods have already left the
    shop: a savings payment the balance no longer covers becomes kasbon, and both are flagged for the manager."""
    methods = {payment.method: payment for payment in draft.payments}
    if member is None or not ({PaymentMethod.KASBON, PaymentMethod.SAVINGS} & set(methods)):
        return None, None
    kasbon = None
    if PaymentMethod.KASBON in methods or offline:
        kasbon = _lock_kasbon(cooperative, member, settings)
    savings_account = None
    if PaymentMethod.SAVINGS in methods:
        try:
            savings_account = sukarela_lock_for_mart(
                cooperative=cooperative, member_id=member.pk, amount=methods[PaymentMethod.SAVINGS].amount
            )
        except ApplicationError as short:
            if not offline:
                raise
            draft.problems.append(f"{short.message} {_('Recorded as kasbon.')}")
            moved = methods.pop(PaymentMethod.SAVINGS)
            into = methods.setdefault(PaymentMethod.KASBON, _Payment(PaymentMethod.KASBON, ZERO, ZERO))
            into.amount += moved.amount
            into.tendered += moved.tendered
            draft.payments = list(methods.values())
    if PaymentMethod.KASBON in methods and kasbon is not None:
        owed = kasbon.balance + methods[PaymentMethod.KASBON].amount
        if owed > kasbon.limit:
            message = _("The kasbon of %(name)s would be %(owed)s, over the limit of %(limit)s.") % {
                "name": member.name,
                "owed": format_rupiah(owed),
                "limit": format_rupiah(kasbon.limit),
            }
            if not offline:
                raise _refuse(message, error_codes.KASBON_LIMIT, "payments")
            draft.problems.append(message)
    return kasbon, savings_account


def _lock_kasbon(cooperative: Cooperative, member: Member, settings: MartSettings) -> Kasbon:
    Kasbon.objects.bulk_create(
        [Kasbon(cooperative=cooperative, member=member, limit=settings.kasbon_default_limit)], ignore_conflicts=True
    )
    return Kasbon.objects.select_for_update().get(cooperative=cooperative, member=member)


def sale_description(outlet: Outlet, member: Member | None) -> str:
    # The cooperative's books are in Bahasa Indonesia whatever the cashier's language.
    if member is not None:
        return f"Penjualan {outlet.name} kepada anggota {member.name} ({member.number})"
    return f"Penjualan {outlet.name} kepada non-anggota"


def sale_entry_lines(draft: _Draft, is_member: bool, cost: Decimal) -> list[tuple[str, Decimal, Decimal]]:
    lines: list[tuple[str, Decimal, Decimal]] = [
        (DEBIT_ACCOUNT[payment.method], payment.amount, ZERO) for payment in draft.payments if payment.amount > 0
    ]
    revenue = draft.total - draft.tax
    lines.append((chart.SALES_TO_MEMBERS if is_member else chart.SALES_TO_NON_MEMBERS, ZERO, revenue))
    if draft.tax > 0:
        lines.append((chart.TAX_PAYABLE, ZERO, draft.tax))
    if cost > 0:
        cogs = chart.COST_OF_GOODS_SOLD_MEMBERS if is_member else chart.COST_OF_GOODS_SOLD_NON_MEMBERS
        lines += [(cogs, cost, ZERO), (chart.MART_INVENTORY, ZERO, cost)]
    elif cost < 0:  # goods sold below zero stock at a negative average: rare, kept exact
        cogs = chart.COST_OF_GOODS_SOLD_MEMBERS if is_member else chart.COST_OF_GOODS_SOLD_NON_MEMBERS
        lines += [(chart.MART_INVENTORY, -cost, ZERO), (cogs, ZERO, -cost)]
    return lines


def sale_subledgers(paid_by: Mapping[str, _Payment]) -> tuple[str, ...]:
    owners = [Subledger.INVENTORY]
    if PaymentMethod.KASBON in paid_by:
        owners.append(Subledger.RECEIVABLES)
    if PaymentMethod.SAVINGS in paid_by:
        owners.append(Subledger.SAVINGS)
    return tuple(owners)

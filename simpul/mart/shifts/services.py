"""Opening and closing a cashier's shift: the opening cash and the network's checklist, then the counted cash, its
variance against what the till should hold (posted to Selisih Kas) and the closing checklist."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Outlet
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.money import MAX_AMOUNT, format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import Subledger
from simpul.ledger.services import journal_post
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import ChecklistPhase, Shift, ShiftStatus
from simpul.mart.shifts.selectors import checklist_for, expected_cash

ZERO = Decimal(0)


def _cash(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ApplicationError(_("Enter an amount of cash."), code=error_codes.INVALID_PRICE, extra={"field": field})
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT or amount.quantize(Decimal("0.01")) != amount:
        raise ApplicationError(
            _("The cash is an amount of at least Rp0 with at most two decimals."),
            code=error_codes.INVALID_PRICE,
            extra={"field": field},
        )
    return amount


def _checklist(cooperative: Cooperative, phase: str, ticked: Iterable[Any]) -> list[dict[str, Any]]:
    """Every item of the network's checklist with whether it was ticked; an id not on the checklist is refused."""
    items = checklist_for(cooperative, phase)
    known = {item.id for item in items}
    try:
        chosen = {int(value) for value in ticked}
    except (TypeError, ValueError):
        chosen = {-1}
    if chosen - known:
        raise ApplicationError(
            _("The checklist has an item that is not on the network's checklist."),
            code=error_codes.INVALID_CHECKLIST,
            extra={"field": "checklist"},
        )
    return [{"id": item.id, "text": item.text, "done": item.id in chosen} for item in items]


def _already_open() -> ConflictError:
    return ConflictError(
        _("You already have an open shift at this outlet: close it before opening another."),
        code=error_codes.SHIFT_ALREADY_OPEN,
        extra={"field": "outlet"},
    )


@transaction.atomic
def shift_open(
    *,
    cooperative: Cooperative,
    actor: User,
    outlet_id: int,
    opening_cash: Decimal,
    checklist: Iterable[Any] = (),
    ip_address: str | None = None,
) -> Shift:
    """Open the cashier's shift at an outlet; one open shift per cashier and outlet (a second is a 409)."""
    outlet = Outlet.objects.filter(cooperative=cooperative, pk=outlet_id).first()
    if outlet is None:
        raise ApplicationError(
            _("Choose one of the cooperative's outlets."), code=error_codes.INVALID_OUTLET, extra={"field": "outlet"}
        )
    if not outlet.is_active:
        raise ApplicationError(
            _("The outlet %(outlet)s is closed.") % {"outlet": outlet.name},
            code=error_codes.INVALID_OUTLET,
            extra={"field": "outlet"},
        )
    cash = _cash(opening_cash, "opening_cash")
    items = _checklist(cooperative, ChecklistPhase.OPENING, checklist)
    if Shift.objects.filter(cooperative=cooperative, outlet=outlet, cashier=actor, status=ShiftStatus.OPEN).exists():
        raise _already_open()
    mart_books_ensure(cooperative)
    shift = Shift(
        cooperative=cooperative,
        outlet=outlet,
        cashier=actor,
        opening_cash=cash,
        opening_checklist=items,
        opened_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            shift.save()
    except IntegrityError:
        raise _already_open() from None
    audit_record(
        actor=actor,
        event="mart.shift_opened",
        target=shift,
        cooperative=cooperative,
        changes={
            "outlet": outlet.name,
            "opening_cash": str(cash),
            "checklist": f"{sum(1 for i in items if i['done'])}/{len(items)}",
        },
        ip_address=ip_address,
    )
    return shift


@transaction.atomic
def shift_close(
    *,
    cooperative: Cooperative,
    actor: User,
    shift_id: int,
    counted_cash: Decimal,
    checklist: Iterable[Any] = (),
    note: str = "",
    as_manager: bool = False,
    ip_address: str | None = None,
) -> Shift:
    """Close a shift with the cash counted in the till. Expected cash = opening + cash sales − cash refunds; the
    variance (counted − expected) is posted against Kas: a shortage Dr 5203 Selisih Kas / Cr 1101, an overage the
    other way. Its cashier closes it (or a manager, `as_manager`); a closed shift refuses another close (409)."""
    cash = _cash(counted_cash, "counted_cash")
    note = (note or "").strip()
    refuse_too_long(note, max_length=255, field="note", label=_("Note"))
    items = _checklist(cooperative, ChecklistPhase.CLOSING, checklist)
    shift = Shift.objects.select_for_update().filter(cooperative=cooperative, pk=shift_id).first()
    if shift is None:
        raise NotFoundError.plain()
    if shift.cashier_id != actor.pk and not as_manager:
        raise PermissionDeniedError(
            _("Only the shift's cashier or a manager may close it."), code="forbidden", extra={"field": "shift"}
        )
    if shift.status != ShiftStatus.OPEN:
        raise ConflictError(_("This shift is already closed."), code=error_codes.SHIFT_CLOSED, extra={"field": "shift"})
    expected = expected_cash(shift)
    variance = cash - expected
    entry = None
    if variance:
        amount = abs(variance)
        lines = (
            [(chart.CASH, amount, ZERO), (chart.CASH_DIFFERENCES, ZERO, amount)]
            if variance > 0
            else [(chart.CASH_DIFFERENCES, amount, ZERO), (chart.CASH, ZERO, amount)]
        )
        words = {"outlet": shift.outlet.name, "amount": format_rupiah(amount)}
        description = (
            _("Cash over at the close of a shift at %(outlet)s: %(amount)s")
            if variance > 0
            else _("Cash short at the close of a shift at %(outlet)s: %(amount)s")
        ) % words
        entry = journal_post(
            cooperative=cooperative,
            actor=actor,
            date=cooperative.today(),
            description=description,
            lines=lines,
            source="mart",
            subledger=Subledger.INVENTORY,
        )
    shift.status = ShiftStatus.CLOSED
    shift.closed_at = timezone.now()
    shift.expected_cash = expected
    shift.counted_cash = cash
    shift.cash_variance = variance
    shift.closing_checklist = items
    shift.closing_note = note
    shift.journal_entry = entry
    shift.save(
        update_fields=[
            "status",
            "closed_at",
            "expected_cash",
            "counted_cash",
            "cash_variance",
            "closing_checklist",
            "closing_note",
            "journal_entry",
        ]
    )
    audit_record(
        actor=actor,
        event="mart.shift_closed",
        target=shift,
        cooperative=cooperative,
        changes={
            "outlet": shift.outlet.name,
            "expected_cash": str(expected),
            "counted_cash": str(cash),
            "variance": str(variance),
            "checklist": f"{sum(1 for i in items if i['done'])}/{len(items)}",
            **({"journal_entry": entry.number} if entry is not None else {}),
            **({"note": note} if note else {}),
        },
        ip_address=ip_address,
    )
    return shift

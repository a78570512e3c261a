"""Reads of the mart's shifts: the network's checklists, a cashier's open shift, the cash a shift should hold and the
Z report (per shift, and per outlet and day)."""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership, Outlet
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.core.money import quantize
from simpul.mart.models import (
    KasbonRepayment,
    PaymentMethod,
    Sale,
    SalePayment,
    SaleReturn,
    SaleStatus,
    Shift,
    ShiftStatus,
    StandardChecklistItem,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class ChecklistItem:
    id: int
    text: str


def checklist_for(cooperative: Cooperative, phase: str) -> list[ChecklistItem]:
    """The opening or closing checklist of the networks the cooperative is an active member of (their standard),
    in each network's order; a text two networks share comes once."""
    networks = NetworkMembership.objects.filter(cooperative=cooperative, status=MembershipStatus.ACTIVE).values(
        "network_id"
    )
    rows = StandardChecklistItem.objects.filter(network_id__in=networks, phase=phase).order_by(
        "network_id", "position", "id"
    )
    items: dict[str, ChecklistItem] = {}
    for item_id, text in rows.values_list("id", "text"):
        items.setdefault(text, ChecklistItem(id=item_id, text=text))
    return list(items.values())


def open_shift_of(cooperative: Cooperative, cashier: User, outlet_id: int | None = None) -> Shift | None:
    shifts = Shift.objects.filter(cooperative=cooperative, cashier=cashier, status=ShiftStatus.OPEN)
    if outlet_id is not None:
        shifts = shifts.filter(outlet_id=outlet_id)
    return shifts.select_related("outlet").order_by("-opened_at").first()


def shift_get(cooperative: Cooperative, shift_id: int) -> Shift:
    shift = Shift.objects.filter(cooperative=cooperative, pk=shift_id).select_related("outlet", "cashier").first()
    if shift is None:
        raise NotFoundError.plain()
    return shift


def shifts_newest_first(cooperative: Cooperative) -> QuerySet[Shift]:
    """Every shift of the cooperative, the newest first (the shifts page pages it)."""
    return (
        Shift.objects.filter(cooperative=cooperative).select_related("outlet", "cashier").order_by("-opened_at", "-id")
    )


def shifts_recent(cooperative: Cooperative, *, limit: int = 30) -> list[Shift]:
    return list(shifts_newest_first(cooperative)[:limit])


def cash_refunds(returns: "list[SaleReturn]") -> Decimal:
    """Cash paid out of the till by these returns: a return refunded in cash, a void its sale's cash payments."""
    total = ZERO
    voided = [r.sale_id for r in returns if r.is_void]
    if voided:
        total += (
            SalePayment.objects.filter(sale_id__in=voided, method=PaymentMethod.CASH).aggregate(s=Sum("amount"))["s"]
            or ZERO
        )
    total += sum((r.refund for r in returns if not r.is_void and r.refund_method == PaymentMethod.CASH), ZERO)
    return quantize(total)


def expected_cash(shift: Shift) -> Decimal:
    """Opening cash + cash payments of the shift's sales − cash refunds of the returns paid out in it."""
    cash_in = (
        SalePayment.objects.filter(
            sale__shift=shift, method=PaymentMethod.CASH, cooperative_id=shift.cooperative_id
        ).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    returns = list(SaleReturn.objects.filter(shift=shift, cooperative_id=shift.cooperative_id))
    return quantize(shift.opening_cash + cash_in + kasbon_repaid(shift) - cash_refunds(returns))


def kasbon_repaid(shift: Shift, *, method: str | None = PaymentMethod.CASH) -> Decimal:
    """Kasbon repaid to the shift's cashier during it: in cash (what its expected cash counts), in one other method,
    or in every method (`method=None`)."""
    rows = KasbonRepayment.objects.filter(cooperative_id=shift.cooperative_id, shift=shift)
    if method is not None:
        rows = rows.filter(method=method)
    return rows.aggregate(s=Sum("amount"))["s"] or ZERO


@dataclass
class ZReport:
    """A daily recap (Z report): of one shift, or of an outlet's business day."""

    title: str
    outlet_name: str
    date: datetime.date | None
    sales_count: int = 0
    voided_count: int = 0
    gross: Decimal = ZERO
    discounts: Decimal = ZERO
    net: Decimal = ZERO
    tax: Decimal = ZERO
    member_sales: Decimal = ZERO
    non_member_sales: Decimal = ZERO
    member_count: int = 0
    non_member_count: int = 0
    by_method: list[tuple[str, Decimal]] = field(default_factory=list)
    returns_count: int = 0
    returns_total: Decimal = ZERO
    cash_refunds: Decimal = ZERO
    # Kasbon repaid in the shift(s), in every method, and of it in cash (counted in the expected cash).
    kasbon_repaid: Decimal = ZERO
    kasbon_repaid_cash: Decimal = ZERO
    opening_cash: Decimal = ZERO
    cash_expected: Decimal | None = None
    cash_counted: Decimal | None = None
    variance: Decimal | None = None
    shifts: list[Shift] = field(default_factory=list)


def _fill(report: ZReport, sales: "Q", returns: list[SaleReturn], cooperative: Cooperative) -> None:
    rows = Sale.objects.filter(sales, cooperative=cooperative)
    done = rows.filter(status=SaleStatus.COMPLETED)
    totals = done.aggregate(
        count=Count("id"),
        subtotal=Sum("subtotal"),
        discount=Sum("discount"),
        net=Sum("total"),
        tax=Sum("tax"),
        member_total=Sum("total", filter=Q(member__isnull=False)),
        member_count=Count("id", filter=Q(member__isnull=False)),
    )
    report.sales_count = totals["count"] or 0
    report.voided_count = rows.filter(status=SaleStatus.VOIDED).count()
    report.net = totals["net"] or ZERO
    report.discounts = totals["discount"] or ZERO
    report.gross = report.net + report.discounts
    report.tax = totals["tax"] or ZERO
    report.member_sales = totals["member_total"] or ZERO
    report.member_count = totals["member_count"] or 0
    report.non_member_sales = report.net - report.member_sales
    report.non_member_count = report.sales_count - report.member_count
    labels = dict(PaymentMethod.choices)
    by_method = (
        SalePayment.objects.filter(sale__in=done, cooperative=cooperative)
        .values("method")
        .annotate(s=Sum("amount"))
        .order_by("method")
    )
    report.by_method = [(str(labels.get(row["method"], row["method"])), row["s"] or ZERO) for row in by_method]
    partial = [r for r in returns if not r.is_void]
    report.returns_count = len(partial)
    report.returns_total = sum((r.refund for r in partial), ZERO)
    report.cash_refunds = cash_refunds(returns)


def _fill_kasbon(report: ZReport, cooperative: Cooperative, shifts: list[Shift]) -> None:
    if not shifts:
        return
    totals = KasbonRepayment.objects.filter(cooperative=cooperative, shift__in=shifts).aggregate(
        all=Sum("amount"), cash=Sum("amount", filter=Q(method=PaymentMethod.CASH))
    )
    report.kasbon_repaid = totals["all"] or ZERO
    report.kasbon_repaid_cash = totals["cash"] or ZERO


def z_report_shift(shift: Shift) -> ZReport:
    cooperative = shift.cooperative
    report = ZReport(title=str(shift), outlet_name=shift.outlet.name, date=None, shifts=[shift])
    returns = list(SaleReturn.objects.filter(shift=shift, cooperative=cooperative))
    _fill(report, Q(shift=shift), returns, cooperative)
    _fill_kasbon(report, cooperative, [shift])
    report.opening_cash = shift.opening_cash
    if shift.status == ShiftStatus.CLOSED:
        report.cash_expected = shift.expected_cash
        report.cash_counted = shift.counted_cash
        report.variance = shift.cash_variance
    else:
        report.cash_expected = expected_cash(shift)
    return report


def z_report_day(cooperative: Cooperative, outlet_id: int, day: datetime.date) -> ZReport:
    """An outlet's business day: its sales of that day and the shifts opened that day (in the cooperative's zone)."""
    outlet = Outlet.objects.filter(cooperative=cooperative, pk=outlet_id).first()
    if outlet is None:
        raise NotFoundError.plain()
    report = ZReport(title=outlet.name, outlet_name=outlet.name, date=day)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(cooperative.timezone))
    end = start + datetime.timedelta(days=1)
    shifts = list(
        Shift.objects.filter(
            cooperative=cooperative,
            outlet=outlet,
            opened_at__gte=start,
            opened_at__lt=end,
        )
        .select_related("cashier", "outlet")
        .order_by("opened_at", "id")
    )
    report.shifts = shifts
    returns = list(
        SaleReturn.objects.filter(cooperative=cooperative, sale__outlet=outlet).filter(
            Q(shift__in=shifts) | Q(shift__isnull=True, created_at__gte=start, created_at__lt=end)
        )
    )
    _fill(report, Q(outlet=outlet, business_date=day), returns, cooperative)
    _fill_kasbon(report, cooperative, shifts)
    report.opening_cash = sum((s.opening_cash for s in shifts), ZERO)
    closed = [s for s in shifts if s.status == ShiftStatus.CLOSED]
    if shifts and len(closed) == len(shifts):
        report.cash_expected = sum((s.expected_cash or ZERO for s in closed), ZERO)
        report.cash_counted = sum((s.counted_cash or ZERO for s in closed), ZERO)
        report.variance = sum((s.cash_variance or ZERO for s in closed), ZERO)
    return report

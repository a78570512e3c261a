"""Reads of the savings: a member's balance per product and their latest transactions."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest
from lokal.terbilang import terbilang

from simpul.coops.models import Cooperative
from simpul.core.exceptions import NotFoundError
from simpul.members.models import (
    Member,
    MemberStatus,
    SavingsAccount,
    SavingsKind,
    SavingsProduct,
    SavingsRate,
    SavingsTransaction,
    SavingsTransactionKind,
)

HISTORY_SIZE = 50


@dataclass(frozen=True)
class SavingsBalance:
    product: SavingsProduct
    balance: Decimal


def savings_products(cooperative: Cooperative) -> list[SavingsProduct]:
    order = {"pokok": 0, "wajib": 1, "sukarela": 2}
    return sorted(SavingsProduct.objects.filter(cooperative=cooperative), key=lambda p: order.get(p.kind, 9))


def member_savings_balances(cooperative: Cooperative, member: Member) -> list[SavingsBalance]:
    """Every product of the cooperative, with the member's balance (zero where no account was opened yet)."""
    balances = dict(
        SavingsAccount.objects.filter(cooperative=cooperative, member=member).values_list("product_id", "balance")
    )
    return [SavingsBalance(p, balances.get(p.pk, Decimal(0))) for p in savings_products(cooperative)]


def member_savings_history(cooperative: Cooperative, member: Member) -> list[SavingsTransaction]:
    """The latest transactions, newest first; `is_corrected` marks those a correction already undid."""
    rows = (
        SavingsTransaction.objects.filter(cooperative=cooperative, account__member=member)
        .annotate(is_corrected=Exists(SavingsTransaction.objects.filter(corrects=OuterRef("pk"))))
        .select_related("account__product", "journal_entry")
        .order_by("-date", "-id")
    )
    return list(rows[:HISTORY_SIZE])


def savings_transaction_get(cooperative: Cooperative, transaction_id: int) -> SavingsTransaction:
    """One transaction of the cooperative with what its receipt shows; another cooperative's is the same 404."""
    row = (
        SavingsTransaction.objects.filter(cooperative=cooperative, pk=transaction_id)
        .select_related("account__product", "account__member", "journal_entry", "actor")
        .first()
    )
    if row is None:
        raise NotFoundError.plain()
    return row


def savings_rates(cooperative: Cooperative) -> list[SavingsRate]:
    """The amount history of pokok and wajib, newest first."""
    rows = SavingsRate.objects.filter(cooperative=cooperative).select_related("product", "actor")
    return list(rows.order_by("-effective_from", "product__kind"))


# --- wajib billing -------------------------------------------------------------------------------------------


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def index_month(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class WajibSchedule:
    """What each month owes, from the month wajib started to the current month (month indexes, inclusive)."""

    product: SavingsProduct | None
    periods: list[tuple[int, int, Decimal]]  # (first month, last month, amount)
    current: int

    @property
    def start(self) -> int | None:
        return self.periods[0][0] if self.periods else None

    def amount_in(self, index: int) -> Decimal:
        for first, last, amount in self.periods:
            if first <= index <= last:
                return amount
        return Decimal(0)

    def months_covering(self, arrears: Decimal, since: int) -> int:
        """How many months, counted back from the current one (not before `since`), the arrears make up."""
        months, total, index = 0, Decimal(0), self.current
        while total < arrears and index >= since:
            total += self.amount_in(index)
            months += 1
            index -= 1
        return months

    def last_months_total(self, months: int) -> Decimal:
        return sum((self.amount_in(self.current - i) for i in range(max(months, 0))), Decimal(0))


def wajib_schedule(cooperative: Cooperative) -> WajibSchedule:
    today = cooperative.today()
    current = month_index(today)
    # One query: every wajib amount with its product (a product always has its first amount).
    found = list(
        SavingsRate.objects.filter(cooperative=cooperative, product__kind=SavingsKind.WAJIB)
        .select_related("product")
        .order_by("effective_from")
    )
    if not found:
        return WajibSchedule(None, [], current)
    product = found[0].product
    rates = [(rate.effective_from, rate.amount) for rate in found]
    periods = []
    for position, (start, amount) in enumerate(rates):
        first = month_index(start)
        last = month_index(rates[position + 1][0]) - 1 if position + 1 < len(rates) else current
        last = min(last, current)
        if first <= last:
            periods.append((first, last, amount))
    return WajibSchedule(product, periods, current)


def signed_amount(prefix: str = "") -> Any:
    """A transaction's amount as it moves the balance: withdrawals (and corrections of deposits) negative."""
    money = DecimalField(max_digits=18, decimal_places=2)
    return Case(
        When(**{f"{prefix}kind": SavingsTransactionKind.WITHDRAWAL}, then=-F(f"{prefix}amount")),
        default=F(f"{prefix}amount"),
        output_field=money,
    )


def _month_of(field: str) -> Any:
    return ExtractYear(field) * 12 + ExtractMonth(field) - 1


def wajib_arrears(cooperative: Cooperative, *, query: str = "", min_months: int = 0) -> tuple[WajibSchedule, Any]:
    """Active members behind on simpanan wajib, most owed first, as one query.

    Each month from the later of the member's join month and the month wajib started, up to the current month
    (in the cooperative's zone), owes the amount in force that month; `owed` sums them in SQL per rate period,
    `paid` is every wajib deposit, `arrears` the difference. A member who paid ahead is not behind.
    """
    schedule = wajib_schedule(cooperative)
    members = Member.objects.filter(cooperative=cooperative, status=MemberStatus.ACTIVE)
    money = DecimalField(max_digits=18, decimal_places=2)
    joined = _month_of("join_date")
    owed: Any = Value(Decimal(0), output_field=money)
    for first, last, amount in schedule.periods:
        months = Greatest(Value(0), Value(last + 1) - Greatest(joined, Value(first)))
        owed = owed + ExpressionWrapper(months * Value(amount, output_field=money), output_field=money)
    moves = SavingsTransaction.objects.filter(
        cooperative=cooperative, account__member=OuterRef("pk"), account__product__kind=SavingsKind.WAJIB
    )
    # Paid: the wajib balance (deposits and paper balances, less corrections: an active member withdraws no wajib).
    paid = Subquery(
        moves.order_by().values("account__member").annotate(total=Sum(signed_amount())).values("total")[:1],
        output_field=money,
    )
    deposits = moves.filter(kind=SavingsTransactionKind.DEPOSIT, corrects__isnull=True, corrections__isnull=True)
    last_paid = Subquery(deposits.order_by("-date", "-id").values("date")[:1])
    rows = members.annotate(
        since=Greatest(joined, Value(schedule.start or 0)),
        owed=ExpressionWrapper(owed, output_field=money),
        paid=Coalesce(paid, Value(Decimal(0)), output_field=money),
        last_paid=last_paid,
    ).annotate(arrears=ExpressionWrapper(F("owed") - F("paid"), output_field=money))
    if schedule.product is None or not schedule.periods:
        return schedule, rows.none()
    # More than the last (n - 1) months add up to means at least n months behind.
    rows = rows.filter(arrears__gt=schedule.last_months_total(min_months - 1) if min_months > 1 else 0)
    query = " ".join((query or "").split())[:100]
    if query:
        match = Q(name__icontains=query)
        if query.isdigit():
            match |= Q(number=int(query))
        rows = rows.filter(match)
    return schedule, rows.order_by("-arrears", "name", "id")


@dataclass(frozen=True)
class WajibArrear:
    member: Member
    months: int
    arrears: Decimal
    last_paid: datetime.date | None
    since: datetime.date


def wajib_arrear_rows(schedule: WajibSchedule, members: Any) -> list[WajibArrear]:
    return [
        WajibArrear(
            member=m,
            months=schedule.months_covering(m.arrears, m.since),
            arrears=m.arrears,
            last_paid=m.last_paid,
            since=index_month(m.since),
        )
        for m in members
    ]


def wajib_arrears_totals(members: Any) -> dict[str, Any]:
    totals = members.aggregate(count=Count("id"), total=Sum("arrears"))
    return {"count": totals["count"] or 0, "total": totals["total"] or Decimal(0)}


# --- receipts ----------------------------------------------------------------------------------------------


def receipt_number(row: SavingsTransaction) -> str:
    """BS-000123 (bukti setoran) or BP-000123 (bukti penarikan): the journal entry's number, per cooperative."""
    prefixes = {SavingsTransactionKind.DEPOSIT: "BS", SavingsTransactionKind.OPENING: "SA"}  # SA: saldo awal
    prefix = prefixes.get(SavingsTransactionKind(row.kind), "BP")
    return f"{prefix}-{row.journal_entry.number:06d}"


def rupiah_in_words(amount: Decimal) -> str:
    """'Dua puluh lima ribu rupiah' (terbilang); always Bahasa Indonesia, as a kuitansi is."""
    rupiah = int(amount)
    cents = int((amount - rupiah) * 100)
    text = terbilang(rupiah, currency=True)
    if cents:
        text += f" {terbilang(cents)} sen"
    return text[:1].upper() + text[1:]

"""Reads of the cashier's desk (kasir): finding a member, what a member has and owes, the day's own transactions.

A kasir sees a member's name, number, status, balances and what they still owe: never the NIK, the address, the
phone number or the documents of the register."""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from simpul.coops.models import Cooperative
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.core.money import quantize
from simpul.members.models import (
    CashierPermission,
    Member,
    SavingsKind,
    SavingsTransaction,
    SavingsTransactionKind,
)
from simpul.members.savings.selectors import (
    SavingsBalance,
    member_savings_balances,
    wajib_arrear_rows,
    wajib_arrears,
)
from simpul.members.savings.services import rate_on

SEARCH_SIZE = 20
_CARD = re.compile(r"^\s*([a-z0-9][a-z0-9-]*):(\d{1,9})\s*$")
_PHONE = re.compile(r"^\+?[0-9][0-9\s.\-]{5,}$")


@dataclass(frozen=True)
class MemberSearch:
    query: str
    members: list[Member]
    # The card scanned belongs to another cooperative (its QR names another slug).
    other_cooperative: bool = False
    # The query named one member exactly (a card's QR, or a member number): the desk opens that member at once.
    exact: Member | None = None


def _card(query: str) -> tuple[str, int] | None:
    """("ksu-mitra", 12) from a member card's QR text "ksu-mitra:00012" (simpul/members/documents/views.py)."""
    found = _CARD.match(query.lower())
    return (found.group(1), int(found.group(2))) if found else None


def cashier_member_search(cooperative: Cooperative, query: str) -> MemberSearch:
    """Members by a part of the name, the member number, the phone number (08…, +62…) or the card's QR text."""
    text = " ".join((query or "").split())[:100]
    if not text:
        return MemberSearch(text, [])
    members = Member.objects.filter(cooperative=cooperative).only("id", "number", "name", "status", "cooperative")
    card = _card(text)
    if card is not None:
        slug, number = card
        if slug != cooperative.slug:
            return MemberSearch(text, [], other_cooperative=True)
        found = list(members.filter(number=number)[:1])
        return MemberSearch(text, found, exact=found[0] if found else None)
    digits = re.sub(r"[\s.\-+]", "", text)
    if digits.isdigit():
        match = Q(number=int(digits)) if len(digits) <= 9 else Q()
        if _PHONE.match(text) and len(digits) >= 6:
            # Stored as +62…: "0812 3456" and "62812…" both match the part after the country code.
            local = digits[2:] if digits.startswith("62") else digits.lstrip("0")
            match |= Q(phone__contains=local)
        rows = list(members.filter(match).order_by("name", "id")[:SEARCH_SIZE]) if match else []
        by_number = [m for m in rows if m.number == int(digits)] if len(digits) <= 9 else []
        return MemberSearch(text, rows, exact=by_number[0] if len(by_number) == 1 and len(rows) == 1 else None)
    rows = list(members.filter(name__icontains=text).order_by("name", "id")[:SEARCH_SIZE])
    return MemberSearch(text, rows)


@dataclass(frozen=True)
class SavingsSummary:
    """What the deposit form shows of a member: balances per product and what is still owed."""

    balances: list[SavingsBalance]
    wajib_rate: Decimal | None
    wajib_months: int
    wajib_owed: Decimal
    pokok_unpaid: Decimal | None  # the pokok amount while it is unpaid; None once paid (or with no pokok product)
    has_moves: bool

    @property
    def total(self) -> Decimal:
        return quantize(sum((b.balance for b in self.balances), Decimal(0)))

    def balance_of(self, kind: str) -> Decimal:
        return next((b.balance for b in self.balances if b.product.kind == kind), Decimal(0))


def _money(value: Decimal | None) -> Decimal | None:
    return quantize(value) if value is not None else None


def savings_summary(cooperative: Cooperative, member: Member) -> SavingsSummary:
    """A fixed number of queries whatever the member's history."""
    balances = member_savings_balances(cooperative, member)
    today = cooperative.today()
    products = {b.product.kind: b.product for b in balances}
    moves = SavingsTransaction.objects.filter(cooperative=cooperative, account__member=member)
    wajib = products.get(SavingsKind.WAJIB)
    wajib_rate = _money(rate_on(wajib, today)) if wajib is not None else None
    months, owed = 0, Decimal(0)
    if member.is_active and wajib is not None:
        schedule, rows = wajib_arrears(cooperative)
        for arrear in wajib_arrear_rows(schedule, rows.filter(pk=member.pk)):
            months, owed = arrear.months, quantize(arrear.arrears)
    pokok = products.get(SavingsKind.POKOK)
    pokok_unpaid = None
    if pokok is not None and member.is_active:
        paid = moves.filter(
            account__product=pokok,
            kind__in=(SavingsTransactionKind.DEPOSIT, SavingsTransactionKind.OPENING),
            corrects__isnull=True,
            corrections__isnull=True,
        ).exists()
        pokok_unpaid = None if paid else _money(rate_on(pokok, today))
    return SavingsSummary(
        balances=balances,
        wajib_rate=wajib_rate,
        wajib_months=months,
        wajib_owed=owed,
        pokok_unpaid=pokok_unpaid,
        has_moves=moves.exists(),
    )


def may_withdraw(cooperative: Cooperative, user: User) -> bool:
    """Whether the manager lets this cashier pay out withdrawals (the default is deposits only)."""
    return CashierPermission.objects.filter(cooperative=cooperative, user=user, may_withdraw=True).exists()


# --- the day's own transactions ----------------------------------------------------------------------------


def day_bounds(cooperative: Cooperative, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of `day` and of the next day in the cooperative's own zone (WIB, WITA or WIT)."""
    zone = zoneinfo.ZoneInfo(cooperative.timezone)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


@dataclass(frozen=True)
class CashierDay:
    day: datetime.date
    rows: list[SavingsTransaction] = field(default_factory=list)
    deposits: Decimal = Decimal(0)
    withdrawals: Decimal = Decimal(0)
    deposit_count: int = 0
    withdrawal_count: int = 0

    @property
    def net(self) -> Decimal:
        """The cash the drawer should hold more at the end of the day than at its start."""
        return self.deposits - self.withdrawals


def _day_rows(cooperative: Cooperative, user: User, day: datetime.date) -> QuerySet[SavingsTransaction]:
    start, end = day_bounds(cooperative, day)
    return SavingsTransaction.objects.filter(
        cooperative=cooperative,
        actor=user,
        date=day,
        created_at__gte=start,
        created_at__lt=end,
        kind__in=(SavingsTransactionKind.DEPOSIT, SavingsTransactionKind.WITHDRAWAL),
    )


def cashier_day(cooperative: Cooperative, user: User, day: datetime.date) -> CashierDay:
    """What this person recorded on `day` for `day` (recorded that day in the cooperative's zone, and dated that
    day), oldest first, and the closing totals. A transaction dated another day (a paper record typed in later) is
    not cash of this day's drawer and is left out. Two queries whatever the number of rows."""
    rows = _day_rows(cooperative, user, day)
    totals: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in rows.order_by().values("kind").annotate(total=Sum("amount"), count=Count("id")).order_by("kind")
    }
    deposit = totals.get(SavingsTransactionKind.DEPOSIT, {})
    withdrawal = totals.get(SavingsTransactionKind.WITHDRAWAL, {})
    listed = rows.select_related("account__member", "account__product", "journal_entry").order_by("created_at", "id")
    return CashierDay(
        day=day,
        rows=list(listed),
        deposits=quantize(deposit.get("total") or 0),
        withdrawals=quantize(withdrawal.get("total") or 0),
        deposit_count=deposit.get("count") or 0,
        withdrawal_count=withdrawal.get("count") or 0,
    )


def cashier_transaction_get(cooperative: Cooperative, user: User, transaction_id: int) -> SavingsTransaction:
    """A transaction this cashier recorded; anyone else's (or another cooperative's) is the same 404."""
    row = (
        SavingsTransaction.objects.filter(cooperative=cooperative, pk=transaction_id, actor=user)
        .select_related("account__product", "account__member", "journal_entry", "actor")
        .first()
    )
    if row is None:
        raise NotFoundError.plain()
    return row

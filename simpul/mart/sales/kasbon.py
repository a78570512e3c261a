"""Kasbon: members' shop credit. The manager sets a member's limit; the sales paid by kasbon raise what the member
owes (the lead's sale_record); a repayment at the till (a KasbonRepayment row: cash Dr 1101, QRIS Dr 1104 or a
transfer Dr 1102 / Cr 1205) lowers it; a return or void of a kasbon sale lowers it too (sales/returns.py). The sum of
what members owe always equals the balance of 1205, and each member's balance equals their kasbon sales less their
returns and repayments (kasbon_problems, run by verify_books)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import CharField, DecimalField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPage, LookaheadPaginator, page_number
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import LARGEST_AMOUNT, format_rupiah, quantize
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry, JournalLine, Subledger
from simpul.ledger.services import journal_post
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import (
    Kasbon,
    KasbonRepayment,
    MartSettings,
    PaymentMethod,
    Sale,
    SalePayment,
    SaleReturn,
    SaleStatus,
    Shift,
    ShiftStatus,
)
from simpul.members.models import Member

ZERO = Decimal(0)
# How a member may pay kasbon back, and the account each one debits (as a sale's payment: sales/services.py).
REPAY_ACCOUNTS: dict[str, str] = {
    PaymentMethod.CASH: chart.CASH,
    PaymentMethod.QRIS: chart.QRIS_CLEARING,
    PaymentMethod.TRANSFER: chart.BANK,
}


def _amount(value: Any, field: str, *, allow_zero: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ApplicationError(_("Enter an amount."), code=error_codes.INVALID_PRICE, extra={"field": field})
    amount = Decimal(value)
    if (
        not amount.is_finite()
        or amount < 0
        or (amount == 0 and not allow_zero)
        or amount > LARGEST_AMOUNT
        or amount.quantize(Decimal("0.01")) != amount
    ):
        raise ApplicationError(
            _("Enter an amount above Rp0 with at most two decimals.")
            if not allow_zero
            else _("Enter an amount of at least Rp0 with at most two decimals."),
            code=error_codes.INVALID_PRICE,
            extra={"field": field},
        )
    return amount


def _member(cooperative: Cooperative, member_id: int) -> Member:
    member = Member.objects.filter(cooperative=cooperative, pk=member_id).first()
    if member is None:
        raise NotFoundError.plain()
    return member


def kasbon_of(cooperative: Cooperative, member: Member, *, lock: bool = False) -> Kasbon:
    """The member's kasbon row, made with the default limit the first time it is needed."""
    default = MartSettings.objects.filter(cooperative=cooperative).values_list("kasbon_default_limit", flat=True)
    limit = default.first() or ZERO
    Kasbon.objects.bulk_create(
        [Kasbon(cooperative=cooperative, member=member, limit=limit, balance=ZERO)], ignore_conflicts=True
    )
    rows = Kasbon.objects.filter(cooperative=cooperative, member=member)
    if lock:
        rows = rows.select_for_update()
    return rows.get()


@transaction.atomic
def kasbon_limit_set(
    *, cooperative: Cooperative, actor: User, member_id: int, limit: Decimal, ip_address: str | None = None
) -> Kasbon:
    """The manager sets how much a member may owe the mart (0 stops kasbon; what is owed stays owed)."""
    member = _member(cooperative, member_id)
    new_limit = _amount(limit, "limit", allow_zero=True)
    kasbon = kasbon_of(cooperative, member, lock=True)
    old = kasbon.limit
    kasbon.limit = new_limit
    kasbon.save(update_fields=["limit"])
    audit_record(
        actor=actor,
        event="mart.kasbon_limit_set",
        target=kasbon,
        cooperative=cooperative,
        changes={"member": member.pk, "limit": [str(old), str(new_limit)]},
        ip_address=ip_address,
    )
    return kasbon


def repayment_number(entry: JournalEntry) -> str:
    """A repayment's receipt number: "KB-", the entry's date and its number in the cooperative's journal (unique
    there, so the receipt number is too; the data migration 0004 numbers the older repayments the same way)."""
    return f"KB-{entry.date:%y%m%d}-{entry.number}"


def _method(value: Any) -> str:
    if value not in REPAY_ACCOUNTS:
        raise ApplicationError(
            _("A kasbon repayment is paid in cash, by QRIS or by bank transfer."),
            code=error_codes.PAYMENT_INVALID,
            extra={"field": "method"},
        )
    return str(value)


@transaction.atomic
def kasbon_repay(
    *,
    cooperative: Cooperative,
    actor: User,
    member_id: int,
    amount: Decimal,
    method: str = PaymentMethod.CASH,
    ip_address: str | None = None,
) -> KasbonRepayment:
    """A member pays back kasbon at the till: Dr 1101 Kas (QRIS: 1104, transfer: 1102 Bank) / Cr 1205 Piutang
    Kasbon, the balance lowered, and the repayment's own row with its receipt number and what is still owed.

    The repayment belongs to the cashier's open shift when there is one; only cash counts in its expected cash."""
    member = _member(cooperative, member_id)
    paid = _amount(amount, "amount", allow_zero=False)
    method = _method(method)
    kasbon = kasbon_of(cooperative, member, lock=True)
    if paid > kasbon.balance:
        raise ApplicationError(
            _("%(name)s owes %(balance)s: the repayment cannot be more.")
            % {"name": member.name, "balance": format_rupiah(kasbon.balance)},
            code=error_codes.REPAYMENT_TOO_LARGE,
            extra={"field": "amount"},
        )
    mart_books_ensure(cooperative)
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=cooperative.today(),
        description=_("Kasbon repaid by member %(member)s") % {"member": str(member)},
        lines=[(REPAY_ACCOUNTS[method], paid, ZERO), (chart.MART_KASBON_RECEIVABLES, ZERO, paid)],
        source="mart",
        subledger=Subledger.RECEIVABLES,
        audit=False,
    )
    Kasbon.objects.filter(pk=kasbon.pk).update(balance=F("balance") - paid)
    kasbon.refresh_from_db(fields=["balance"])
    shift = (
        Shift.objects.filter(cooperative=cooperative, cashier=actor, status=ShiftStatus.OPEN)
        .order_by("-opened_at")
        .values_list("pk", flat=True)
        .first()
    )
    repayment = KasbonRepayment.objects.create(
        cooperative=cooperative,
        member=member,
        kasbon=kasbon,
        number=repayment_number(entry),
        amount=paid,
        method=method,
        balance_after=kasbon.balance,
        shift_id=shift,
        cashier=actor,
        journal_entry=entry,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        event="mart.kasbon_repaid",
        target=kasbon,
        cooperative=cooperative,
        changes={
            "member": member.pk,
            "amount": str(paid),
            "method": method,
            "balance": str(kasbon.balance),
            "number": repayment.number,
            "journal_entry": entry.number,
            **({"shift": shift} if shift is not None else {}),
        },
        ip_address=ip_address,
    )
    return repayment


def kasbon_members(cooperative: Cooperative) -> QuerySet[Kasbon]:
    """Members' kasbon, what they owe first (the kasbon page pages it)."""
    return (
        Kasbon.objects.filter(cooperative=cooperative)
        .select_related("member")
        .order_by("-balance", "member__number", "id")
    )


def kasbon_list(cooperative: Cooperative, *, limit: int = 200) -> list[Kasbon]:
    """Members' kasbon, what they owe first."""
    return list(kasbon_members(cooperative)[:limit])


def kasbon_balance(cooperative: Cooperative, member: Member) -> Decimal:
    """What the member owes now (nothing when they never had kasbon)."""
    owed = Kasbon.objects.filter(cooperative=cooperative, member=member).values_list("balance", flat=True).first()
    return owed if owed is not None else ZERO


def kasbon_total(cooperative: Cooperative) -> Decimal:
    return Kasbon.objects.filter(cooperative=cooperative).aggregate(s=Sum("balance"))["s"] or ZERO


def kasbon_problems(cooperative: Cooperative) -> list[str]:
    """verify_books: what members owe in kasbon equals the balance of 1205 Piutang Kasbon, and each member's kasbon
    equals their kasbon sales less the returns refunded off it and their repayments."""
    owed = kasbon_total(cooperative)
    totals = JournalLine.objects.filter(
        entry__cooperative=cooperative,
        account__cooperative=cooperative,
        account__code=chart.MART_KASBON_RECEIVABLES,
    ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
    books = (totals["debit"] or ZERO) - (totals["credit"] or ZERO)
    found: list[str] = []
    if books != owed:
        found.append(
            _("Members owe %(owed)s in kasbon but the account %(code)s holds %(books)s.")
            % {"owed": format_rupiah(owed), "code": chart.MART_KASBON_RECEIVABLES, "books": format_rupiah(books)}
        )
    return found + _member_problems(cooperative)


def _member_problems(cooperative: Cooperative) -> list[str]:
    """Per member: the kasbon balance against sales by kasbon (a voided sale's kasbon came back whole, so completed
    sales only) − returns refunded off kasbon − repayments. Four grouped sums, whatever the number of members."""
    expected: dict[int, Decimal] = defaultdict(lambda: ZERO)
    sold = (
        SalePayment.objects.filter(
            cooperative=cooperative, method=PaymentMethod.KASBON, sale__status=SaleStatus.COMPLETED
        )
        .values_list("sale__member_id")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    for member_id, total in sold:
        expected[member_id] += total
    returned = (
        SaleReturn.objects.filter(cooperative=cooperative, is_void=False, refund_method=PaymentMethod.KASBON)
        .values_list("sale__member_id")
        .annotate(s=Sum("refund"))
        .order_by()
    )
    for member_id, total in returned:
        expected[member_id] -= total
    repaid = (
        KasbonRepayment.objects.filter(cooperative=cooperative)
        .values_list("member_id")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    for member_id, total in repaid:
        expected[member_id] -= total
    balances = dict(Kasbon.objects.filter(cooperative=cooperative).values_list("member_id", "balance"))
    wrong = sorted(
        member_id
        for member_id in set(expected) | set(balances)
        if member_id is not None and balances.get(member_id, ZERO) != expected.get(member_id, ZERO)
    )
    if not wrong:
        return []
    names = dict(Member.objects.filter(cooperative=cooperative, pk__in=wrong).values_list("pk", "name"))
    return [
        _(
            "The kasbon of %(member)s is %(balance)s but their kasbon sales less returns and repayments come to "
            "%(expected)s."
        )
        % {
            "member": names.get(member_id, member_id),
            "balance": format_rupiah(balances.get(member_id, ZERO)),
            "expected": format_rupiah(expected.get(member_id, ZERO)),
        }
        for member_id in wrong
    ]


# --- a member's kasbon history ----------------------------------------------------------------------------------

HISTORY_PAGE_SIZE = 50


class EntryKind(StrEnum):
    SALE = "sale"
    VOID = "void"
    RETURN = "return"
    REPAYMENT = "repayment"


@dataclass
class HistoryEntry:
    """One change of a member's kasbon: + a sale by kasbon, − a void, a return refunded off kasbon or a repayment;
    `balance` is what the member owed after it."""

    kind: str
    at: datetime.datetime
    change: Decimal
    balance: Decimal
    number: str
    object_id: int
    method: str = ""

    @property
    def added(self) -> Decimal:
        return self.change if self.change > 0 else ZERO

    @property
    def lowered(self) -> Decimal:
        return -self.change if self.change < 0 else ZERO


@dataclass
class HistoryPage:
    entries: list[HistoryEntry]
    page: LookaheadPage


def _history_rows(cooperative: Cooperative, member: Member) -> QuerySet[Any]:
    """The member's kasbon changes as (at, kind, object id, change), one UNION query, the newest first."""
    money = DecimalField(max_digits=18, decimal_places=2)
    word = CharField(max_length=10)
    sales = (
        SalePayment.objects.filter(cooperative=cooperative, method=PaymentMethod.KASBON, sale__member=member)
        .annotate(at=F("sale__sold_at"), kind=Value(EntryKind.SALE.value, output_field=word), obj=F("sale_id"))
        .annotate(change=ExpressionWrapper(F("amount"), output_field=money))
        .values_list("at", "kind", "obj", "change")
        .order_by()
    )
    void_of = SaleReturn.objects.filter(sale_id=OuterRef("sale_id"), is_void=True).order_by("pk")
    voids = (
        SalePayment.objects.filter(
            cooperative=cooperative,
            method=PaymentMethod.KASBON,
            sale__member=member,
            sale__status=SaleStatus.VOIDED,
        )
        .annotate(
            at=Subquery(void_of.values("created_at")[:1]),
            kind=Value(EntryKind.VOID.value, output_field=word),
            obj=Subquery(void_of.values("pk")[:1]),
        )
        .annotate(change=ExpressionWrapper(-F("amount"), output_field=money))
        .values_list("at", "kind", "obj", "change")
        .order_by()
    )
    returns = (
        SaleReturn.objects.filter(
            cooperative=cooperative, sale__member=member, is_void=False, refund_method=PaymentMethod.KASBON
        )
        .annotate(at=F("created_at"), kind=Value(EntryKind.RETURN.value, output_field=word), obj=F("pk"))
        .annotate(change=ExpressionWrapper(-F("refund"), output_field=money))
        .values_list("at", "kind", "obj", "change")
        .order_by()
    )
    repaid = (
        KasbonRepayment.objects.filter(cooperative=cooperative, member=member)
        .annotate(at=F("created_at"), kind=Value(EntryKind.REPAYMENT.value, output_field=word), obj=F("pk"))
        .annotate(change=ExpressionWrapper(-F("amount"), output_field=money))
        .values_list("at", "kind", "obj", "change")
        .order_by()
    )
    return sales.union(voids, returns, repaid, all=True).order_by("-at", "-kind", "-obj")


def kasbon_history(cooperative: Cooperative, member: Member, page_number_raw: Any = 1) -> HistoryPage:
    """A page of the member's kasbon history, the newest first, each entry with what was owed after it.

    The running balance counts back from what the member owes now: a page reads the (small) rows of the entries
    before it and its own plus one, then the numbers of its own entries: six queries whatever the page."""
    number = page_number(page_number_raw)
    bottom = (number - 1) * HISTORY_PAGE_SIZE
    rows = list(_history_rows(cooperative, member)[: bottom + HISTORY_PAGE_SIZE + 1])
    has_more = len(rows) > bottom + HISTORY_PAGE_SIZE
    balance = kasbon_balance(cooperative, member)
    # A UNION's computed column may come back without its scale (SQLite): Rupiah with sen again.
    changes = [quantize(Decimal(change)) for _at, _kind, _obj, change in rows]
    for change in changes[:bottom]:
        balance -= change
    entries: list[HistoryEntry] = []
    for (at, kind, obj, _raw), change in zip(
        rows[bottom : bottom + HISTORY_PAGE_SIZE], changes[bottom : bottom + HISTORY_PAGE_SIZE], strict=True
    ):
        entries.append(HistoryEntry(kind=kind, at=at, change=change, balance=balance, number="", object_id=obj))
        balance -= change
    shown = entries
    _name_entries(cooperative, entries)
    paginator = LookaheadPaginator(Kasbon.objects.none(), HISTORY_PAGE_SIZE)
    # What the page links need: the exact count on the last page, one more than seen before it.
    paginator.__dict__["count"] = bottom + len(shown) + (1 if has_more else 0)
    return HistoryPage(entries=entries, page=LookaheadPage(entries, number, paginator, has_more=has_more))


def _name_entries(cooperative: Cooperative, entries: list[HistoryEntry]) -> None:
    """Each entry's receipt number (the sale's for a sale, void or return; the repayment's own) and method."""
    sale_ids = {e.object_id for e in entries if e.kind == EntryKind.SALE}
    return_ids = {e.object_id for e in entries if e.kind in (EntryKind.VOID, EntryKind.RETURN)}
    repayment_ids = {e.object_id for e in entries if e.kind == EntryKind.REPAYMENT}
    sales = dict(Sale.objects.filter(cooperative=cooperative, pk__in=sale_ids).values_list("pk", "number"))
    returns = dict(
        SaleReturn.objects.filter(cooperative=cooperative, pk__in=return_ids).values_list("pk", "sale__number")
    )
    repayments = {
        pk: (number, method)
        for pk, number, method in KasbonRepayment.objects.filter(
            cooperative=cooperative, pk__in=repayment_ids
        ).values_list("pk", "number", "method")
    }
    for entry in entries:
        if entry.kind == EntryKind.SALE:
            entry.number = sales.get(entry.object_id, "")
        elif entry.kind == EntryKind.REPAYMENT:
            entry.number, entry.method = repayments.get(entry.object_id, ("", ""))
        else:
            entry.number = returns.get(entry.object_id, "")


def repayment_get(cooperative: Cooperative, repayment_id: int) -> KasbonRepayment:
    """A repayment of the cooperative (its receipt); another cooperative's or none: the same 404."""
    row = (
        KasbonRepayment.objects.filter(cooperative=cooperative, pk=repayment_id)
        .select_related("member", "cashier", "shift__outlet", "journal_entry")
        .first()
    )
    if row is None:
        raise NotFoundError.plain()
    return row

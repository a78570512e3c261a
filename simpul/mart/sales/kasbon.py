"""Kasbon: members' shop credit. The manager sets a member's limit; the sales paid by kasbon raise what the member
owes (the lead's sale_record); a repayment at the till (cash Dr 1101 / Cr 1205) lowers it; a return of a kasbon
sale lowers it too (sales/returns.py). The sum of what members owe always equals the balance of 1205."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.core.money import LARGEST_AMOUNT, format_rupiah
from simpul.ledger import chart
from simpul.ledger.models import JournalLine, Subledger
from simpul.ledger.services import journal_post
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import Kasbon, MartSettings, Shift, ShiftStatus
from simpul.members.models import Member

ZERO = Decimal(0)


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


@transaction.atomic
def kasbon_repay(
    *,
    cooperative: Cooperative,
    actor: User,
    member_id: int,
    amount: Decimal,
    ip_address: str | None = None,
) -> Kasbon:
    """A member pays back kasbon in cash at the till: Dr 1101 Kas / Cr 1205 Piutang Kasbon, the balance lowered.

    The cash goes into the cashier's open shift when there is one (its expected cash counts it)."""
    member = _member(cooperative, member_id)
    paid = _amount(amount, "amount", allow_zero=False)
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
        lines=[(chart.CASH, paid, ZERO), (chart.MART_KASBON_RECEIVABLES, ZERO, paid)],
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
    audit_record(
        actor=actor,
        event="mart.kasbon_repaid",
        target=kasbon,
        cooperative=cooperative,
        changes={
            "member": member.pk,
            "amount": str(paid),
            "balance": str(kasbon.balance),
            "journal_entry": entry.number,
            **({"shift": shift} if shift is not None else {}),
        },
        ip_address=ip_address,
    )
    return kasbon


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


def kasbon_total(cooperative: Cooperative) -> Decimal:
    return Kasbon.objects.filter(cooperative=cooperative).aggregate(s=Sum("balance"))["s"] or ZERO


def kasbon_problems(cooperative: Cooperative) -> list[str]:
    """verify_books: what members owe in kasbon equals the balance of 1205 Piutang Kasbon."""
    owed = kasbon_total(cooperative)
    totals = JournalLine.objects.filter(
        entry__cooperative=cooperative,
        account__cooperative=cooperative,
        account__code=chart.MART_KASBON_RECEIVABLES,
    ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
    books = (totals["debit"] or ZERO) - (totals["credit"] or ZERO)
    if books != owed:
        return [
            _("Members owe %(owed)s in kasbon but the account %(code)s holds %(books)s.")
            % {"owed": format_rupiah(owed), "code": chart.MART_KASBON_RECEIVABLES, "books": format_rupiah(books)}
        ]
    return []

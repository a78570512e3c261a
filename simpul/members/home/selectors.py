"""The member figures of the home pages: members by status this month, savings by product, wajib arrears, a member's
savings month by month, and per cooperative (network and Dinas homes) members and savings.

Each function reads a fixed number of queries, whatever the number of members or transactions."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from simpul.coops.models import Cooperative
from simpul.ledger.figures import months_back
from simpul.ledger.month_totals import month_start, next_month
from simpul.members.models import Member, MemberStatus, SavingsAccount, SavingsTransaction
from simpul.members.savings.selectors import savings_products, signed_amount, wajib_arrears, wajib_arrears_totals

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MemberCounts:
    """Active members today; joined and left in the current month of the cooperative's own zone; left in all."""

    month: dt.date  # the month's first day
    active: int
    joined: int
    left: int
    left_total: int


def member_counts_this_month(cooperative: Cooperative, today: dt.date) -> MemberCounts:
    """One query. `today` is the cooperative's own day (cooperative.today(): WIB, WITA or WIT)."""
    first, after = month_start(today), next_month(today)
    left = ~Q(status=MemberStatus.ACTIVE)
    counts = Member.objects.filter(cooperative=cooperative).aggregate(
        active=Count("pk", filter=Q(status=MemberStatus.ACTIVE)),
        joined=Count("pk", filter=Q(join_date__gte=first, join_date__lt=after)),
        left=Count("pk", filter=left & Q(exit_date__gte=first, exit_date__lt=after)),
        left_total=Count("pk", filter=left),
    )
    return MemberCounts(first, counts["active"], counts["joined"], counts["left"], counts["left_total"])


@dataclass(frozen=True)
class ProductTotal:
    product: Any  # SavingsProduct
    total: Decimal
    savers: int  # members with a balance above zero


def savings_by_product(cooperative: Cooperative) -> list[ProductTotal]:
    """Every savings product with the sum of its balances: two queries (the products, the grouped sums)."""
    sums: dict[int, tuple[Decimal, int]] = {
        row["product_id"]: (Decimal(row["total"] or 0).quantize(ZERO), row["savers"])
        for row in SavingsAccount.objects.filter(cooperative=cooperative)
        .values("product_id")
        .annotate(total=Sum("balance"), savers=Count("pk", filter=Q(balance__gt=0)))
        .order_by()
    }
    return [ProductTotal(p, *sums.get(p.pk, (ZERO, 0))) for p in savings_products(cooperative)]


@dataclass(frozen=True)
class ArrearsFigure:
    members: int
    total: Decimal
    has_wajib: bool  # False: the cooperative has no simpanan wajib set up, nothing can be behind


def wajib_arrears_figure(cooperative: Cooperative) -> ArrearsFigure:
    """Active members behind on simpanan wajib and how much they owe together (the billing page's own selector:
    its schedule, then one aggregate)."""
    schedule, behind = wajib_arrears(cooperative)
    totals = wajib_arrears_totals(behind)
    return ArrearsFigure(totals["count"], Decimal(totals["total"]).quantize(ZERO), schedule.product is not None)


@dataclass(frozen=True)
class SavingsMonth:
    month: dt.date
    balance: Decimal  # at the month's end


def member_savings_months(
    cooperative: Cooperative, member: Member, last: dt.date, count: int = 12
) -> list[SavingsMonth]:
    """The member's savings (all products together) at the end of each of the `count` months ending with `last`'s
    month. One query: the transactions summed by month (those before the window together, as the balance brought
    forward); transactions dated after `last` are left out."""
    months = months_back(last, count)
    first = months[0]
    rows = (
        SavingsTransaction.objects.filter(cooperative=cooperative, account__member=member, date__lte=last)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(moved=Sum(signed_amount()))
        .order_by("month")
    )
    balance, moves = ZERO, {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        if month < first:
            balance += Decimal(row["moved"] or 0)
        else:
            moves[month] = Decimal(row["moved"] or 0)
    series = []
    for month in months:
        balance += moves.get(month, ZERO)
        series.append(SavingsMonth(month, balance.quantize(ZERO)))
    return series


def members_figures(*, cooperative_ids: Iterable[int] | Any) -> dict[int, dict[str, Any]]:
    """{cooperative id: {"members": active members, "savings": the sum of every savings balance}} for the network
    and Dinas homes (coops.hooks.cooperative_figures). Two grouped queries, whatever the number of cooperatives."""
    ids = cooperative_ids if hasattr(cooperative_ids, "query") else list(cooperative_ids)
    figures: dict[int, dict[str, Any]] = {}
    members = (
        Member.objects.filter(cooperative_id__in=ids, status=MemberStatus.ACTIVE)
        .values("cooperative_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for counted in members:
        figures[counted["cooperative_id"]] = {"members": counted["n"], "savings": ZERO}
    savings = (
        SavingsAccount.objects.filter(cooperative_id__in=ids)
        .values("cooperative_id")
        .annotate(total=Sum("balance"))
        .order_by()
    )
    for row in savings:
        entry = figures.setdefault(row["cooperative_id"], {"members": 0, "savings": ZERO})
        entry["savings"] = Decimal(row["total"] or 0).quantize(ZERO)
    return figures

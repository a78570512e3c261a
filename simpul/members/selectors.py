"""Reads of the member register."""

import re
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPage, LookaheadPaginator
from simpul.members.models import Member, MemberStatus, SavingsAccount
from simpul.members.savings.selectors import wajib_arrears

PAGE_SIZE = 25
_DIGITS = re.compile(r"[0-9]+")


def with_savings_figures(cooperative: Cooperative, members: QuerySet[Member]) -> QuerySet[Member]:
    """Each member with `total_savings` (the balances of every product) and `wajib_arrears` (simpanan wajib owed
    and unpaid, as the billing page counts it: 0 for a member who is not behind), both in the same query."""
    money = DecimalField(max_digits=18, decimal_places=2)
    zero = Value(Decimal(0), output_field=money)
    balances = (
        SavingsAccount.objects.filter(cooperative=cooperative, member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(total=Sum("balance"))
        .values("total")[:1]
    )
    schedule, behind = wajib_arrears(cooperative)
    arrears: Any = zero
    if schedule.product is not None and schedule.periods:
        owed = behind.filter(pk=OuterRef("pk")).order_by().values("arrears")[:1]
        arrears = Coalesce(Subquery(owed, output_field=money), zero, output_field=money)
    return members.annotate(
        total_savings=Coalesce(Subquery(balances, output_field=money), zero, output_field=money),
        wajib_arrears=arrears,
    )


def member_list(
    cooperative: Cooperative,
    *,
    q: str = "",
    status: str = "",
    producer: str = "",
    arrears: str = "",
    balance_min: str = "",
    balance_max: str = "",
) -> QuerySet[Member]:
    """The cooperative's members by name; `q` matches a name, a member number, a NIK prefix or a phone number.

    `arrears` "1": only members behind on simpanan wajib, "0": only those who are not; `balance_min`/`balance_max`:
    total savings at least / at most (Rupiah as text, "150000.00"); with one of these filters each member carries
    its total savings and wajib arrears (`with_savings_figures`)."""
    members = Member.objects.filter(cooperative=cooperative).select_related("village")
    text = " ".join((q or "").split())[:100]
    if text:
        digits = re.sub(r"[\s.\-+]", "", text)
        if _DIGITS.fullmatch(digits):
            match = Q(nik__startswith=digits) | Q(phone__contains=digits.lstrip("0")) | Q(name__icontains=text)
            if len(digits) <= 9:
                match |= Q(number=int(digits))
            members = members.filter(match)
        else:
            members = members.filter(name__icontains=text)
    if status in MemberStatus.values:
        members = members.filter(status=status)
    if producer == "1":
        members = members.filter(is_producer=True)
    elif producer == "0":
        members = members.filter(is_producer=False)
    if arrears in ("0", "1") or balance_min or balance_max:
        figures: Any = with_savings_figures(cooperative, members)  # annotated: the stubs know no such field
        if arrears == "1":
            figures = figures.filter(wajib_arrears__gt=0)
        elif arrears == "0":
            figures = figures.filter(wajib_arrears__lte=0)
        if balance_min:
            figures = figures.filter(total_savings__gte=Decimal(balance_min))
        if balance_max:
            figures = figures.filter(total_savings__lte=Decimal(balance_max))
        members = figures
    return members.order_by("name", "id")


def member_page(cooperative: Cooperative, filters: dict[str, str], number: Any) -> LookaheadPage:
    """A page of the list as the list page shows it: each member with total savings and wajib arrears."""
    members = member_list(cooperative, **filters)
    if "total_savings" not in members.query.annotations:
        members = with_savings_figures(cooperative, members)
    paginator = LookaheadPaginator(members, PAGE_SIZE)
    return paginator.page(number)


def member_counts(cooperative: Cooperative) -> dict[str, int]:
    """How many members in each status, for the list's header."""
    rows = Member.objects.filter(cooperative=cooperative).values("status").annotate(total=Count("id")).order_by()
    return {row["status"]: row["total"] for row in rows}

"""Reads of the member register."""

import re
from typing import Any

from django.db.models import Count, Q, QuerySet

from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPage, LookaheadPaginator
from simpul.members.models import Member, MemberStatus

PAGE_SIZE = 25
_DIGITS = re.compile(r"[0-9]+")


def member_list(cooperative: Cooperative, *, q: str = "", status: str = "", producer: str = "") -> QuerySet[Member]:
    """The cooperative's members by name; `q` matches a name, a member number, a NIK prefix or a phone number."""
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
    return members.order_by("name", "id")


def member_page(cooperative: Cooperative, filters: dict[str, str], number: Any) -> LookaheadPage:
    paginator = LookaheadPaginator(member_list(cooperative, **filters), PAGE_SIZE)
    return paginator.page(number)


def member_counts(cooperative: Cooperative) -> dict[str, int]:
    """How many members in each status, for the list's header."""
    rows = Member.objects.filter(cooperative=cooperative).values("status").annotate(total=Count("id")).order_by()
    return {row["status"]: row["total"] for row in rows}

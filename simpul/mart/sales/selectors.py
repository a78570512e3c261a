"""Reading sales: the manager's list of a day's sales (and those waiting for review), and one sale whole."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from simpul.coops.models import Cooperative
from simpul.core.exceptions import NotFoundError
from simpul.mart.models import Sale

PAGE_SIZE = 100


@dataclass(frozen=True)
class SalesFilter:
    day: dt.date | None = None
    outlet_id: int | None = None
    to_review: bool = False
    number: str = ""
    cashier_id: int | None = None  # a cashier sees their own sales only


def sales_list(cooperative: Cooperative, chosen: SalesFilter) -> QuerySet[Sale]:
    """The sales of a day (or the sales waiting for review, whatever their day), newest first; the page pages it."""
    sales = Sale.objects.filter(cooperative=cooperative)
    if chosen.number:
        sales = sales.filter(number__icontains=chosen.number.strip()[:40])
    elif chosen.to_review:
        sales = sales.filter(reviewed_at__isnull=True).exclude(Q(problems=[]) | Q(problems__isnull=True))
    elif chosen.day is not None:
        sales = sales.filter(business_date=chosen.day)
    if chosen.outlet_id:
        sales = sales.filter(outlet_id=chosen.outlet_id)
    if chosen.cashier_id:
        sales = sales.filter(cashier_id=chosen.cashier_id)
    return sales.select_related("outlet", "member", "cashier").order_by("-sold_at", "-id")


def sales_to_review_count(cooperative: Cooperative) -> int:
    return (
        Sale.objects.filter(cooperative=cooperative, reviewed_at__isnull=True)
        .exclude(Q(problems=[]) | Q(problems__isnull=True))
        .count()
    )


def sale_get(cooperative: Cooperative, sale_id: int) -> Sale:
    """One sale with its lines, payments and returns; another cooperative's is as missing as one that never was."""
    sale = (
        Sale.objects.filter(cooperative=cooperative, pk=sale_id)
        .select_related("outlet", "member", "cashier", "shift", "journal_entry")
        .prefetch_related("lines__product", "lines__unit", "payments", "returns")
        .first()
    )
    if sale is None:
        raise NotFoundError.plain()
    return sale

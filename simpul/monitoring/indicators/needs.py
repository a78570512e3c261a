"""Needs (simpul/needs): open, overdue (past the response service level or the needed-by date: selectors.overdue_q),
the day of the latest submission, and the needs submitted month by month. Two grouped queries."""

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth

from simpul.monitoring.indicators import WIB, Source, Values, Window
from simpul.needs.models import OPEN_STATUSES, Need
from simpul.needs.selectors import overdue_q


def compute(cooperatives: list[Any], window: Window) -> Values:
    rows = (
        Need.objects.filter(cooperative_id__in=[c.pk for c in cooperatives])
        .values("cooperative_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=overdue_q(window.now)),
            last=Max("submitted_at"),
        )
        .order_by()
    )
    return {
        row["cooperative_id"]: {
            "needs_open": row["open"],
            "needs_overdue": row["overdue"],
            "last_need_on": row["last"].astimezone(WIB).date() if row["last"] else None,
        }
        for row in rows
    }


def months(cooperatives: list[Any], window: Window) -> dict[int, dict[dt.date, dict[str, Any]]]:
    rows = (
        Need.objects.filter(
            cooperative_id__in=[c.pk for c in cooperatives],
            submitted_at__date__gte=window.months[0],
        )
        .annotate(month=TruncMonth("submitted_at", tzinfo=WIB))
        .values("cooperative_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[int, dict[dt.date, dict[str, Any]]] = {}
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        found.setdefault(row["cooperative_id"], {})[month] = {"needs_submitted": row["n"]}
    return found


SOURCE = Source(
    key="needs",
    kinds=frozenset({"needs"}),
    indicators=("needs_open", "needs_overdue", "last_need_on"),
    compute=compute,
    months=months,
)

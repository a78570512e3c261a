"""Members and savings (simpul/members: the home figures and the simpanan wajib arrears), and the members active at
each month's end for the trend."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from simpul.members.home.selectors import members_figures
from simpul.members.models import Member
from simpul.members.savings.selectors import wajib_arrears, wajib_arrears_totals
from simpul.monitoring.indicators import Source, Values, Window, next_month


def compute(cooperatives: list[Any], window: Window) -> Values:
    values: Values = {c.pk: {"members": 0, "savings": 0} for c in cooperatives}
    for cooperative_id, figures in members_figures(cooperative_ids=list(values)).items():
        values[cooperative_id].update(members=figures["members"], savings=figures["savings"])
    for cooperative in cooperatives:
        if not values[cooperative.pk]["members"]:
            values[cooperative.pk].update(wajib_arrears_members=0, wajib_arrears_total=0)
            continue
        _schedule, behind = wajib_arrears(cooperative)
        totals = wajib_arrears_totals(behind)
        values[cooperative.pk].update(wajib_arrears_members=totals["count"], wajib_arrears_total=totals["total"])
    return values


def months(cooperatives: list[Any], window: Window) -> dict[int, dict[dt.date, dict[str, Any]]]:
    """Members at each month's end: joined by then and not yet left. One grouped query."""
    counts: dict[str, Any] = {}
    for index, month in enumerate(window.months):
        end = next_month(month) - dt.timedelta(days=1)
        counts[f"m{index}"] = Count(
            "pk", filter=Q(join_date__lte=end) & (Q(exit_date__isnull=True) | Q(exit_date__gt=end))
        )
    rows: Any = (
        Member.objects.filter(cooperative_id__in=[c.pk for c in cooperatives])
        .values("cooperative_id")
        .annotate(**counts)
        .order_by()
    )
    return {
        row["cooperative_id"]: {month: {"members": row[f"m{i}"]} for i, month in enumerate(window.months)}
        for row in rows
    }


SOURCE = Source(
    key="members",
    kinds=frozenset({"members"}),
    indicators=("members", "savings", "wajib_arrears_members", "wajib_arrears_total"),
    compute=compute,
    months=months,
)

"""Annual members' meetings (simpul/rat): where each cooperative's RAT of its last ended fiscal year stands
(rat.selectors.state_of, the UU 25/1992 deadlines): expected (an active cooperative), received, on time, overdue.
The `annual_report_overdue` warning fires on `rat_overdue`. A query for the fiscal years' start months and two per
fiscal year (most cooperatives share one)."""

from typing import Any

from simpul.coops.models import Cooperative, CooperativeStatus
from simpul.monitoring.indicators import Source, Values, Window
from simpul.rat.deadlines import last_ended_fiscal_year
from simpul.rat.selectors import rat_states


def compute(cooperatives: list[Any], window: Window) -> Values:
    by_year: dict[int, list[int]] = {}
    start_months = Cooperative.objects.filter(pk__in=[c.pk for c in cooperatives]).values_list(
        "pk", "fiscal_year_start_month"
    )
    for pk, start_month in start_months:
        by_year.setdefault(last_ended_fiscal_year(window.today, start_month), []).append(pk)
    active = {c.pk for c in cooperatives if c.status == CooperativeStatus.ACTIVE}
    values: Values = {}
    for fiscal_year, ids in by_year.items():
        for pk, state in rat_states(ids, fiscal_year, window.today).items():
            expected = pk in active
            values[pk] = {
                "rat_expected": int(expected),
                "rat_received": int(state.submitted),
                "rat_on_time": int(state.on_time),
                # A cooperative that is not active (dormant, dissolving) is not chased for its report.
                "rat_overdue": int(expected and state.overdue),
            }
    return values


SOURCE = Source(
    key="rat",
    kinds=frozenset({"rat", "profile"}),
    indicators=("rat_expected", "rat_received", "rat_on_time", "rat_overdue"),
    compute=compute,
)

"""Mentoring (simpul/training): the recommendations of the Dinas's visits past their deadline and neither done nor
dropped. One grouped query."""

from typing import Any

from simpul.monitoring.indicators import Source, Values, Window
from simpul.training.selectors import overdue_recommendation_counts


def compute(cooperatives: list[Any], window: Window) -> Values:
    counts = overdue_recommendation_counts([c.pk for c in cooperatives], window.today)
    return {pk: {"recommendations_overdue": n} for pk, n in counts.items()}


SOURCE = Source(
    key="training",
    kinds=frozenset({"training"}),
    indicators=("recommendations_overdue",),
    compute=compute,
)

"""Choropleths: a value per child region, drawn as the fill of its boundary (or of its centre circle). A new one is a
function (scope → {child region code: value}) and one line in CHOROPLETHS; the lead plugs RAT compliance in here."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, CooperativeStatus
from simpul.needs.models import OPEN_STATUSES
from simpul.needs.selectors import public_needs
from simpul.potential.layers.base import LayerScope, in_region

CHILD_COLUMN = {1: "province_code", 2: "regency_code", 3: "district_code"}


@dataclass(frozen=True)
class Choropleth:
    key: str
    label: "str | StrPromise"
    unit: str
    values: Callable[[LayerScope], dict[str, Decimal]]


def needs_open_per_cooperative(scope: LayerScope) -> dict[str, Decimal]:
    """Open needs ÷ active cooperatives, per child region; regions without cooperatives have no value."""
    level = scope.child_level
    coop_column = CHILD_COLUMN.get(level, "village_id")
    need_column = CHILD_COLUMN.get(level, "village_code")
    cooperatives = {
        row[coop_column]: row["n"]
        for row in Cooperative.objects.filter(in_region(scope), status=CooperativeStatus.ACTIVE)
        .values(coop_column)
        .annotate(n=Count("id"))
        .order_by()
    }
    needs = {
        row[need_column]: row["n"]
        for row in public_needs(scope.region)
        .filter(status__in=OPEN_STATUSES)
        .values(need_column)
        .annotate(n=Count("id"))
        .order_by()
    }
    return {
        code: (Decimal(needs.get(code, 0)) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for code, count in cooperatives.items()
        if count
    }


CHOROPLETHS: dict[str, Choropleth] = {
    c.key: c
    for c in (
        Choropleth(
            key="needs_per_cooperative",
            label=_("Open needs per cooperative"),
            unit="",
            values=needs_open_per_cooperative,
        ),
    )
}

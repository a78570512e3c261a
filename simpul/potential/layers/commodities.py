"""Commodities from the Dinas's surveys: one point per surveyed village with what it produces (volume per unit)."""

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from simpul.potential.layers.base import MAX_POINTS, Layer, LayerScope, collection, in_region, point
from simpul.potential.models import Commodity, CommoditySurvey
from simpul.regions.models import Region


def _label(commodity: str, other: str) -> str:
    if commodity == Commodity.OTHER and other:
        return other
    return str(Commodity(commodity).label) if commodity in Commodity.values else commodity


def build(scope: LayerScope) -> dict[str, Any]:
    rows = (
        CommoditySurvey.objects.filter(in_region(scope))
        .values("village_id", "commodity", "commodity_other", "unit")
        .annotate(volume=Sum("volume"))
        .order_by("village_id", "-volume")
    )
    by_village: dict[str, list[str]] = {}
    for row in rows[: MAX_POINTS * 10]:
        volume: Decimal = row["volume"]
        by_village.setdefault(row["village_id"], []).append(
            f"{_label(row['commodity'], row['commodity_other'])} {volume.normalize():f} {row['unit']}"
        )
    villages = Region.objects.in_bulk(list(by_village)[:MAX_POINTS])
    features = [
        point(villages.get(code), {"name": villages[code].name, "detail": "; ".join(items), "count": len(items)})
        for code, items in by_village.items()
        if code in villages
    ]
    return collection(features, total=len(by_village))


LAYER = Layer(key="commodities", label=_("Commodities (surveys)"), build=build, color="#15803d")

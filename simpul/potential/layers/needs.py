"""Open needs: per village, how many needs its cooperatives have open, by category (simpul.needs.selectors)."""

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from simpul.needs.models import OPEN_STATUSES, NeedCategory
from simpul.needs.selectors import public_needs
from simpul.potential.layers.base import MAX_POINTS, Layer, LayerScope, collection, point
from simpul.regions.models import Region


def build(scope: LayerScope) -> dict[str, Any]:
    rows = (
        public_needs(scope.region)
        .filter(status__in=OPEN_STATUSES)
        .values("village_code", "category")
        .annotate(count=Count("id"))
        .order_by("village_code", "category")
    )
    labels = dict(NeedCategory.choices)
    by_village: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        by_village.setdefault(row["village_code"], []).append((str(labels.get(row["category"], "")), row["count"]))
    villages = Region.objects.in_bulk(list(by_village)[:MAX_POINTS])
    features = []
    for code, counts in by_village.items():
        total = sum(n for _label, n in counts)
        detail = ", ".join(f"{label} {n}" for label, n in counts)
        region = villages.get(code)
        if region is not None:
            features.append(point(region, {"name": region.name, "detail": detail, "count": total}))
    return collection(features, total=len(by_village))


LAYER = Layer(key="needs", label=_("Open needs"), build=build, color="#dc2626")

"""The base layer: the child regions of the region looked at, as their imported boundary or, without one, a circle at
the region's centre point; each carries the chosen choropleth's value."""

from decimal import Decimal
from typing import Any

from simpul.potential.layers.base import LayerScope
from simpul.potential.layers.choropleth import CHOROPLETHS
from simpul.potential.models import Boundary
from simpul.regions.models import Region, RegionLevel

MAX_REGIONS = 3000


def children(scope: LayerScope) -> list[Region]:
    """The regions one level down; a village, which has none, is drawn itself."""
    if scope.region is not None and scope.region.level >= RegionLevel.VILLAGE:
        return [scope.region]
    regions = Region.objects.filter(level=scope.child_level)
    if scope.region is not None:
        regions = regions.filter(parent=scope.region)
    return list(regions.order_by("code")[:MAX_REGIONS])


def base_layer(scope: LayerScope, choropleth: str = "") -> dict[str, Any]:
    regions = children(scope)
    shapes = dict(Boundary.objects.filter(pk__in=[r.code for r in regions]).values_list("pk", "display"))
    chosen = CHOROPLETHS.get(choropleth)
    values: dict[str, Decimal] = chosen.values(scope) if chosen is not None else {}
    features = []
    for region in regions:
        geometry = shapes.get(region.code)
        if geometry is None and region.latitude is not None and region.longitude is not None:
            geometry = {"type": "Point", "coordinates": [float(region.longitude), float(region.latitude)]}
        if geometry is None:
            continue
        value = values.get(region.code)
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": region.code,
                    "name": region.name,
                    "boundary": region.code in shapes,
                    "value": str(value) if value is not None else None,
                },
            }
        )
    top = max(values.values(), default=Decimal(0))
    return {
        "type": "FeatureCollection",
        "features": features,
        "choropleth": {"key": chosen.key, "label": str(chosen.label), "max": str(top)} if chosen else None,
    }

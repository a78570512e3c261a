"""What every layer shares: the region being looked at, GeoJSON builders and the region filter on copied codes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise as StrPromise

from simpul.regions.models import Region

MAX_POINTS = 3000  # a layer draws at most this many markers; the rest are counted in `truncated`
Feature = dict[str, Any]


@dataclass(frozen=True)
class LayerScope:
    region: Region | None  # None: the whole country
    public: bool  # the public map: no personal data, links to public pages only

    @property
    def code(self) -> str:
        return self.region.code if self.region is not None else ""

    @property
    def child_level(self) -> int:
        return min((self.region.level if self.region is not None else 0) + 1, 4)


def in_region(scope: LayerScope, village_field: str = "village") -> Q:
    """Rows whose copied region codes lie in the scope's region (the village by `village_field`)."""
    region = scope.region
    if region is None:
        return Q()
    column = {1: "province_code", 2: "regency_code", 3: "district_code"}.get(region.level, village_field)
    return Q(**{column: region.code})


def child_code(code: str, level: int) -> str:
    """The code of the region at `level` holding the village `code` ("32.73.01.1001", 2 → "32.73")."""
    return ".".join(code.split(".")[:level])


def point(region: Region | None, properties: dict[str, Any]) -> Feature | None:
    if region is None or region.latitude is None or region.longitude is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(region.longitude), float(region.latitude)]},
        "properties": properties,
    }


def collection(features: list[Feature | None], *, total: int | None = None, **extra: Any) -> dict[str, Any]:
    drawn = [f for f in features if f is not None]
    out: dict[str, Any] = {"type": "FeatureCollection", "features": drawn[:MAX_POINTS]}
    out["truncated"] = max((total if total is not None else len(drawn)) - MAX_POINTS, 0)
    out.update(extra)
    return out


@dataclass(frozen=True)
class Layer:
    key: str
    label: "str | StrPromise"  # lazy translated
    build: Callable[[LayerScope], dict[str, Any]]
    color: str
    public: bool = True

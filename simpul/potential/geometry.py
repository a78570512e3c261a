"""GeoJSON boundaries: Kemendagri codes normalised to the regions' dotted form, geometries checked with shapely and
simplified for display per region level."""

import math
import re
from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

CODE_KEYS = ("kode", "code", "kode_wilayah")
# Degrees of tolerance when drawing a boundary at its level (province outlines need far fewer points than villages).
SIMPLIFY = {1: 0.01, 2: 0.003, 3: 0.001, 4: 0.0002}
_DIGITS = re.compile(r"^\d+$")


def normalise_code(raw: Any) -> str:
    """ "3273011001", "32.73.01.1001" or 3273 → "32.73.01.1001" / "32.73"; '' when it is not a Kemendagri code."""
    text = str(raw if raw is not None else "").strip().replace(".", "").replace(" ", "")
    if not _DIGITS.match(text) or len(text) not in (2, 4, 6, 10):
        return ""
    parts = [text[:2], text[2:4], text[4:6], text[6:10]]
    return ".".join(p for p in parts if p)


def feature_code(feature: Any) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        return ""
    for key in CODE_KEYS:
        if properties.get(key) not in (None, ""):
            return normalise_code(properties[key])
    return ""


def _rings(geometry: dict[str, Any]) -> list[Any]:
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list):
        return []
    polygons = coordinates if geometry.get("type") == "MultiPolygon" else [coordinates]
    return [ring for polygon in polygons if isinstance(polygon, list) for ring in polygon]


def _position_ok(point: Any) -> bool:
    if not isinstance(point, list) or len(point) < 2:
        return False
    lon, lat = point[0], point[1]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (lon, lat)):
        return False
    return -180 <= lon <= 180 and -90 <= lat <= 90


def geometry_problem(geometry: Any) -> str:
    """Why a feature's geometry cannot be imported, '' when it can."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return _("geometry must be a Polygon or MultiPolygon")
    rings = _rings(geometry)
    if not rings:
        return _("geometry has no coordinates")
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            return _("a ring has fewer than 4 points")
        if not all(_position_ok(p) for p in ring):
            return _("a point is not a longitude/latitude in range")
        if ring[0][:2] != ring[-1][:2]:
            return _("a ring is not closed")
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError):
        return _("geometry cannot be read")
    if not geom.is_valid:
        return _("invalid geometry: %(reason)s") % {"reason": explain_validity(geom)}
    return ""


def simplified(geometry: dict[str, Any], level: int) -> dict[str, Any]:
    """The geometry with fewer points for drawing at this level, the original when simplifying would break it."""
    geom = shape(geometry)
    small = geom.simplify(SIMPLIFY.get(level, 0.001), preserve_topology=True)
    if small.is_empty or not small.is_valid:
        return geometry
    out = mapping(small)
    return {"type": out["type"], "coordinates": _lists(out["coordinates"])}


def _lists(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    return round(float(value), 6)

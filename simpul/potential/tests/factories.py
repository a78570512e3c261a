"""A small world for the potential map's tests: the Dinas of Kota Bandung (32.73) and of Kabupaten Cilacap (33.01)
with an officer each, two Bandung cooperatives and one in Cilacap, and synthetic square boundaries."""

import json
from dataclasses import dataclass
from typing import Any

from simpul.coops.models import Cooperative, CooperativeType, GovernmentOffice, OfficeKind, RoleKind
from simpul.coops.tests.factories import (
    BANDUNG_VILLAGE,
    CILACAP_VILLAGE,
    CooperativeFactory,
    OfficeFactory,
    person_with_role,
)
from simpul.core.models import User
from simpul.regions.models import Region

OTHER_BANDUNG_VILLAGE = "32.73.01.1001"


@dataclass
class MapWorld:
    office: GovernmentOffice
    officer: User
    other_office: GovernmentOffice
    other_officer: User
    kud: Cooperative  # a KUD in BANDUNG_VILLAGE
    shop: Cooperative  # a KSU in OTHER_BANDUNG_VILLAGE
    stranger: Cooperative  # Cilacap


def map_world() -> MapWorld:
    office = OfficeFactory.create()
    other = OfficeFactory.create(
        name="Dinas Koperasi Kabupaten Cilacap", kind=OfficeKind.REGENCY, region=Region.objects.get(code="33.01")
    )
    return MapWorld(
        office=office,
        officer=person_with_role(RoleKind.DINAS, office),
        other_office=other,
        other_officer=person_with_role(RoleKind.DINAS, other),
        kud=CooperativeFactory.create(name="KUD Sukasari", type=CooperativeType.KUD, village_code=BANDUNG_VILLAGE),
        shop=CooperativeFactory.create(name="KSU Mitra", type=CooperativeType.KSU, village_code=OTHER_BANDUNG_VILLAGE),
        stranger=CooperativeFactory.create(name="KSU Cilacap", village_code=CILACAP_VILLAGE),
    )


def square(lon: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code: str, geometry: dict[str, Any], key: str = "kode") -> dict[str, Any]:
    return {"type": "Feature", "properties": {key: code, "nama": code}, "geometry": geometry}


def collection(*features: dict[str, Any]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def district_squares(parent: str = "32.73") -> bytes:
    """A square for every district of the regency, side by side (synthetic, not the real outlines)."""
    districts = Region.objects.filter(parent_id=parent).order_by("code")
    return collection(
        *[
            feature(d.code.replace(".", ""), square(107.5 + i * 0.02, -6.95), key="kode_wilayah")
            for i, d in enumerate(districts)
        ]
    )

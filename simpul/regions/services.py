"""Load the region table from the packages. Idempotent: a second run changes nothing."""

from django.db import transaction

from simpul.regions.adapter import RegionRecord, iter_regions
from simpul.regions.models import Region

_BATCH = 5000
_UPDATE_FIELDS = [
    "level",
    "kind",
    "name",
    "parent",
    "province_code",
    "regency_code",
    "district_code",
    "path",
    "search_text",
    "postal_code",
    "latitude",
    "longitude",
    "timezone",
]


def _to_model(record: RegionRecord) -> Region:
    parts = record.code.split(".")
    return Region(
        code=record.code,
        level=record.level,
        kind=record.kind,
        name=record.name,
        parent_id=record.parent_code,
        province_code=parts[0],
        regency_code=".".join(parts[:2]) if len(parts) >= 2 else "",
        district_code=".".join(parts[:3]) if len(parts) >= 3 else "",
        path=record.path[:255],
        search_text=record.search_text[:255],
        postal_code=record.postal_code,
        latitude=record.latitude,
        longitude=record.longitude,
        timezone=record.timezone,
    )


@transaction.atomic
def regions_load() -> dict[str, int]:
    """Insert or update every region; returns the count per level."""
    counts = {1: 0, 2: 0, 3: 0, 4: 0}
    batch: list[Region] = []
    for record in iter_regions():
        counts[record.level] += 1
        batch.append(_to_model(record))
        if len(batch) >= _BATCH:
            _upsert(batch)
            batch = []
    if batch:
        _upsert(batch)
    return {"provinces": counts[1], "regencies": counts[2], "districts": counts[3], "villages": counts[4]}


def _upsert(batch: list[Region]) -> None:
    Region.objects.bulk_create(
        batch, update_conflicts=True, unique_fields=["code"], update_fields=_UPDATE_FIELDS, batch_size=_BATCH
    )

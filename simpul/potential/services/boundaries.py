"""Importing region boundaries: the whole FeatureCollection or nothing; a re-import of a region replaces it."""

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.potential import error_codes
from simpul.potential.geometry import feature_code, geometry_problem, simplified
from simpul.potential.models import Boundary
from simpul.regions.models import Region

LISTED_PROBLEMS = 10  # the first bad features named in the refusal
MAX_FEATURES = 20000


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int


def parse_collection(raw: bytes | str) -> list[Any]:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApplicationError(_("The file is not valid GeoJSON (JSON)."), code=error_codes.INVALID_FILE) from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise ApplicationError(_("The file must be a GeoJSON FeatureCollection."), code=error_codes.INVALID_FILE)
    features: list[Any] = data["features"]
    if not features:
        raise ApplicationError(_("The FeatureCollection has no features."), code=error_codes.INVALID_FILE)
    if len(features) > MAX_FEATURES:
        raise ApplicationError(
            _("The file has more than %(limit)s features.") % {"limit": MAX_FEATURES}, code=error_codes.INVALID_FILE
        )
    return features


def _problems(features: list[Any]) -> tuple[list[str], dict[str, tuple[Region, dict[str, Any]]]]:
    codes = [feature_code(f) for f in features]
    regions = Region.objects.in_bulk([c for c in codes if c])
    problems: list[str] = []
    found: dict[str, tuple[Region, dict[str, Any]]] = {}
    for number, (feature, code) in enumerate(zip(features, codes, strict=True), start=1):
        label = _("feature %(number)s") % {"number": number}
        if not code:
            problems.append(_("%(feature)s: no Kemendagri code in kode/code/kode_wilayah") % {"feature": label})
            continue
        label = f"{label} ({code})"
        if code not in regions:
            problems.append(_("%(feature)s: the region code does not exist") % {"feature": label})
            continue
        if code in found:
            problems.append(_("%(feature)s: the region appears twice") % {"feature": label})
            continue
        problem = geometry_problem(feature.get("geometry"))
        if problem:
            problems.append(f"{label}: {problem}")
            continue
        found[code] = (regions[code], feature["geometry"])
    return problems, found


@transaction.atomic
def boundaries_import(*, raw: bytes | str, actor: User | None, ip_address: str | None = None) -> ImportResult:
    """Validate every feature first; any bad one refuses the file with the first bad features listed."""
    features = parse_collection(raw)
    problems, found = _problems(features)
    if problems:
        shown = "; ".join(problems[:LISTED_PROBLEMS])
        more = len(problems) - LISTED_PROBLEMS
        suffix = (" " + _("(and %(count)s more)") % {"count": more}) if more > 0 else ""
        raise ApplicationError(
            _("The file was refused, nothing was imported: %(problems)s") % {"problems": shown + suffix},
            code=error_codes.INVALID_FEATURES,
            extra={"problems": problems[:LISTED_PROBLEMS], "count": len(problems)},
        )
    # The regions' rows are locked first, in code order: two imports of the same regions at once run one after the
    # other (the second replaces the first) instead of colliding on the boundary's key.
    list(Region.objects.select_for_update().filter(pk__in=sorted(found)).order_by("code").values_list("pk", flat=True))
    existing = set(Boundary.objects.filter(pk__in=list(found)).values_list("pk", flat=True))
    Boundary.objects.filter(pk__in=existing).delete()
    rows = [
        Boundary(
            region=region,
            level=region.level,
            geometry=geometry,
            display=simplified(geometry, region.level),
            imported_by=actor,
        )
        for region, geometry in found.values()
    ]
    Boundary.objects.bulk_create(rows, batch_size=500)
    first = rows[0]
    audit_record(
        actor=actor,
        event="boundaries.imported",
        target=first,
        region_code=first.region_id,
        changes={"count": [None, len(rows)], "replaced": [None, len(existing)]},
        ip_address=ip_address,
    )
    return ImportResult(created=len(rows) - len(existing), replaced=len(existing))

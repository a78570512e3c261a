"""Indonesia's regions for API clients: search (the pickers' search), one region, its children. Public."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from simpul.api_public import MAX_PAGE_SIZE, public
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.regions.models import Region
from simpul.regions.schemas import RegionOut
from simpul.regions.selectors import is_region_code, region_children, region_get, region_search

router = Router(tags=["regions"])

# The children of the whole country are the provinces.
COUNTRY_CODE = "id"


def _not_found(code: str) -> NotFoundError:
    return NotFoundError(_("Region %(code)s does not exist.") % {"code": code}, code="region_not_found")


@router.get(
    "",
    response=list[RegionOut],
    auth=public,
    summary="Search regions by name",
    description="Every word must match: 'kab. bogor' finds Kabupaten Bogor, 'bandung' Kota and Kabupaten "
    "Bandung first, then the districts and villages of that name. Best match first: the exact name, then "
    "higher levels. `near` (the cooperative's village) lists its district's matches first, then its regency's, "
    "then its province's: 'Sukarasa' near 32.73.01.1002 gives Kota Bandung's Sukarasa first.",
)
def search_regions(
    request: HttpRequest,
    q: str = Query(..., max_length=100, description="Name, e.g. 'kab. bogor', 'kota bandung' or 'sukasari'"),
    level: int | None = Query(None, ge=1, le=4, description="1 province, 2 regency/city, 3 district, 4 village"),
    within: str = Query("", max_length=13, description="Only inside this region code, e.g. 32.73"),
    near: str = Query("", max_length=13, description="Rank around this region code, e.g. 32.73.01.1002"),
    limit: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
) -> list[Region]:
    if len(q.strip()) < 2:
        raise ApplicationError(_("Type at least two letters to search."), code="query_too_short", extra={"field": "q"})
    within = within.strip()
    if within and not is_region_code(within):
        raise ApplicationError(
            _("“%(code)s” is not a Kemendagri region code (use the dotted form, e.g. 32.73.01.1001).")
            % {"code": within},
            code="invalid_region",
            extra={"field": "within"},
        )
    near = near.strip()
    if near and not is_region_code(near):
        raise ApplicationError(
            _("“%(code)s” is not a Kemendagri region code (use the dotted form, e.g. 32.73.01.1001).") % {"code": near},
            code="invalid_region",
            extra={"field": "near"},
        )
    return region_search(q, level=level, within=within or None, near=near or None, limit=limit)


@router.get("/{code}", response=RegionOut, auth=public, summary="One region")
def get_region(request: HttpRequest, code: str) -> Region:
    region = region_get(code)
    if region is None:
        raise _not_found(code)
    return region


@router.get(
    "/{code}/children",
    response=list[RegionOut],
    auth=public,
    summary="The regions directly inside a region",
    description="`id` (Indonesia) gives the 38 provinces; a province its regencies and cities, and so on.",
)
def get_children(request: HttpRequest, code: str) -> list[Region]:
    if code == COUNTRY_CODE:
        return list(region_children(None))
    if region_get(code) is None:
        raise _not_found(code)
    return list(region_children(code))

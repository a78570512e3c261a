from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from simpul.api_public import public
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.regions.schemas import RegionOut
from simpul.regions.selectors import region_children, region_get, region_search

router = Router(tags=["regions"])


@router.get("/", response=list[RegionOut], auth=public, summary="Search regions by name")
def search_regions(
    request: HttpRequest,
    q: str = Query(..., description="Name, e.g. 'kab. bogor' or 'bandung'"),
    level: int | None = Query(None, ge=1, le=4),
    within: str | None = Query(None, description="Only inside this region code"),
    limit: int = Query(20, ge=1, le=100),
) -> list:
    if len(q.strip()) < 2:
        raise ApplicationError(_("Type at least two letters to search."), code="query_too_short")
    return region_search(q, level=level, within=within, limit=limit)


@router.get("/{code}", response=RegionOut, auth=public, summary="One region")
def get_region(request: HttpRequest, code: str) -> object:
    region = region_get(code)
    if region is None:
        raise NotFoundError(_("Region %(code)s does not exist.") % {"code": code}, code="region_not_found")
    return region


@router.get("/{code}/children", response=list[RegionOut], auth=public, summary="Direct children of a region")
def get_children(request: HttpRequest, code: str) -> list:
    if code != "id" and region_get(code) is None:
        raise NotFoundError(_("Region %(code)s does not exist.") % {"code": code}, code="region_not_found")
    return list(region_children(None if code == "id" else code))

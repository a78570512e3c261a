"""Cooperatives, their outlets, government offices and suppliers; the caller and their tokens (accounts.py).

Handlers parse, check access and call one service. A cooperative the caller holds no role in is the same 404
as a missing one; a role that may see but not act (a supervisor) gets 403.
"""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from simpul.api_public import MAX_ID, LimitOffset, public
from simpul.coops.access import STAFF_ROLES, WRITE_ROLES, access_cooperative, user_roles
from simpul.coops.api import accounts
from simpul.coops.models import Cooperative, CooperativeType, GovernmentOffice, OfficeKind, Outlet, RoleKind, Supplier
from simpul.coops.schemas import (
    CooperativeCreateIn,
    CooperativeListItem,
    CooperativeOut,
    CooperativeUpdateIn,
    OfficeOut,
    OutletCreateIn,
    OutletOut,
    OutletUpdateIn,
    SupplierOut,
)
from simpul.coops.selectors.organisations import (
    cooperative_list,
    office_get,
    office_list,
    outlet_list,
    supplier_get,
    supplier_list,
)
from simpul.coops.selectors.public import public_cooperative
from simpul.coops.services.cooperatives import (
    access_outlet,
    cooperative_register,
    cooperative_update,
    outlet_create,
    outlet_update,
)
from simpul.core.audit import client_ip
from simpul.core.exceptions import PermissionDeniedError
from simpul.core.models import User
from simpul.regions.confirmation import CONFIRM_FLAG, check_outside_regency

router = Router()
cooperatives = Router(tags=["cooperatives"])
outlets = Router(tags=["outlets"])
offices = Router(tags=["offices"])
suppliers = Router(tags=["suppliers"])

REGION_DESCRIPTION = "Region code of any level: 32 (province), 32.73 (regency/city), 32.73.01, 32.73.01.1002"


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


# --- cooperatives


@cooperatives.get(
    "/cooperatives",
    response=list[CooperativeListItem],
    auth=public,
    summary="List cooperatives",
    description="Public cooperatives (dissolved ones are not listed), by name, filtered by region, type, "
    "status and a part of the name.",
)
@paginate(LimitOffset)
def list_cooperatives(
    request: HttpRequest,
    region: str = Query("", max_length=13, description=REGION_DESCRIPTION),
    type: CooperativeType | None = None,
    status: Literal["active", "dormant"] | None = None,
    q: str = Query("", max_length=100, description="A part of the name, e.g. 'sumber rejeki'"),
) -> QuerySet[Cooperative]:
    return cooperative_list(region=region, type=type or "", status=status or "", query=q)


@cooperatives.get("/cooperatives/{slug}", response=CooperativeOut, auth=public, summary="A cooperative's profile")
def get_cooperative(request: HttpRequest, slug: str) -> Cooperative:
    return public_cooperative(slug)


@cooperatives.patch(
    "/cooperatives/{slug}",
    response=CooperativeOut,
    summary="Edit your cooperative's profile",
    description="For the cooperative's manager (pengurus). Only the fields sent change; if one is refused, "
    "nothing is saved. A supervisor gets 403; anyone without a role in the cooperative 404. The legal identity "
    "(village, type, is_sharia, status, nik_koperasi, deed_number, deed_date) may be sent only unchanged: a change "
    "is a 403 `legal_identity_via_dinas`; ask for it with POST /cooperatives/{slug}/identity-requests.",
)
def update_cooperative(request: HttpRequest, slug: str, payload: CooperativeUpdateIn) -> Cooperative:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    return cooperative_update(
        cooperative=cooperative,
        actor=user,
        data=payload.model_dump(exclude_unset=True),
        ip_address=client_ip(request),
    )


def _registering_office(user: User, village_code: str) -> GovernmentOffice | None:
    """The caller's Dinas office whose region holds the village (the first one if none does, so the service
    refuses with "outside your office's region"); None for a platform admin. Anyone else may not register."""
    roles = list(user_roles(user).filter(kind__in=[RoleKind.DINAS, RoleKind.PLATFORM_ADMIN]))
    offices = [r.office for r in roles if r.kind == RoleKind.DINAS and r.office is not None]
    for office in offices:
        if office.covers(village_code):
            return office
    if offices:
        return offices[0]
    if any(r.kind == RoleKind.PLATFORM_ADMIN for r in roles):
        return None
    raise PermissionDeniedError(_("Only a Dinas Koperasi officer may register a cooperative."), code="forbidden")


@cooperatives.post(
    "/cooperatives",
    response={201: CooperativeOut},
    summary="Register a cooperative",
    description="For a Dinas Koperasi officer, in a village inside the office's region.",
)
def register_cooperative(request: HttpRequest, payload: CooperativeCreateIn) -> Status[Cooperative]:
    user = _user(request)
    data = payload.model_dump(exclude_unset=True)
    office = _registering_office(user, data["village"].strip())
    cooperative = cooperative_register(actor=user, office=office, ip_address=client_ip(request), **data)
    return Status(201, cooperative)


# --- outlets of the caller's own cooperative


@outlets.get(
    "/cooperatives/{slug}/outlets",
    response=list[OutletOut],
    summary="Your cooperative's outlets",
    description="For the cooperative's managers, supervisors and cashiers.",
)
@paginate(LimitOffset)
def list_outlets(request: HttpRequest, slug: str) -> QuerySet[Outlet]:
    cooperative, _role = access_cooperative(_user(request), slug, STAFF_ROLES)
    return outlet_list(cooperative)


@outlets.post(
    "/cooperatives/{slug}/outlets",
    response={201: OutletOut},
    summary="Open an outlet",
    description="For the cooperative's manager.",
)
def create_outlet(request: HttpRequest, slug: str, payload: OutletCreateIn) -> Status[Outlet]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    data = payload.model_dump(exclude_unset=True, exclude={CONFIRM_FLAG})
    if data.get("village"):
        check_outside_regency(
            data["village"], home_code=cooperative.village_id, confirmed=payload.confirm_outside_regency
        )
    outlet = outlet_create(cooperative=cooperative, actor=user, data=data, ip_address=client_ip(request))
    return Status(201, outlet)


@outlets.patch(
    "/cooperatives/{slug}/outlets/{outlet_id}",
    response=OutletOut,
    summary="Edit an outlet",
    description="For the cooperative's manager. Only the fields sent change.",
)
def update_outlet(
    request: HttpRequest, slug: str, payload: OutletUpdateIn, outlet_id: int = Path(..., ge=1, le=MAX_ID)
) -> Outlet:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    data = payload.model_dump(exclude_unset=True, exclude={CONFIRM_FLAG})
    if data.get("village") and data["village"] != access_outlet(cooperative, outlet_id).village_id:
        check_outside_regency(
            data["village"], home_code=cooperative.village_id, confirmed=payload.confirm_outside_regency
        )
    return outlet_update(
        cooperative=cooperative, actor=user, outlet_id=outlet_id, data=data, ip_address=client_ip(request)
    )


# --- government offices and suppliers (public)


@offices.get(
    "/offices",
    response=list[OfficeOut],
    auth=public,
    summary="List government offices",
    description="Dinas Koperasi offices and the ministry. `region` keeps the offices that oversee it.",
)
@paginate(LimitOffset)
def list_offices(
    request: HttpRequest,
    region: str = Query("", max_length=13, description=REGION_DESCRIPTION),
    kind: OfficeKind | None = None,
) -> QuerySet[GovernmentOffice]:
    return office_list(region=region, kind=kind or "")


@offices.get("/offices/{slug}", response=OfficeOut, auth=public, summary="A government office")
def get_office(request: HttpRequest, slug: str) -> GovernmentOffice:
    return office_get(slug)


@suppliers.get(
    "/suppliers",
    response=list[SupplierOut],
    auth=public,
    summary="List suppliers",
    description="`region` keeps the suppliers serving it (a region they serve contains it or lies inside it).",
)
@paginate(LimitOffset)
def list_suppliers(
    request: HttpRequest,
    region: str = Query("", max_length=13, description=REGION_DESCRIPTION),
    q: str = Query("", max_length=100, description="A part of the company name"),
) -> QuerySet[Supplier]:
    return supplier_list(region=region, query=q)


@suppliers.get("/suppliers/{slug}", response=SupplierOut, auth=public, summary="A supplier")
def get_supplier(request: HttpRequest, slug: str) -> Supplier:
    return supplier_get(slug)


router.add_router("", cooperatives)
router.add_router("", outlets)
router.add_router("", offices)
router.add_router("", suppliers)
router.add_router("", accounts.router)

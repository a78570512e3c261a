"""Needs over the API, with the same access as the pages: a cooperative's managers post and follow their needs and
answer pledges (supervisors read); its fellow network cooperatives and the suppliers serving its region pledge; the
Dinas acknowledges, assigns and closes; the network's coordinators read; anyone reads the summary by region.

A need outside what the side may see is 404, as one that does not exist."""

from dataclasses import asdict
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Path, Query, Router, UploadedFile
from ninja.responses import Status

from simpul.api_public import MAX_ID, public
from simpul.coops.access import (
    READ_ROLES,
    WRITE_ROLES,
    access_cooperative,
    access_network,
    access_office_by_region,
    access_supplier,
)
from simpul.coops.selectors.public import COUNTRY_CODE
from simpul.core.audit import client_ip
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.needs import access, lifecycle, selectors
from simpul.needs.models import Need, NeedCategory
from simpul.needs.photos import photo_response
from simpul.needs.schemas import (
    DinasNeedsSummaryOut,
    NeedAssignIn,
    NeedDetailOut,
    NeedIn,
    NeedMessageIn,
    NeedOut,
    NeedsSummaryOut,
    NeedTransitionIn,
    PledgeIn,
    PledgeOut,
    PledgeStepIn,
)
from simpul.needs.services.needs import need_assign, need_comment, need_create, need_transition, need_update
from simpul.needs.services.pledges import PLEDGEABLE, pledge_offer, pledge_transition
from simpul.regions.models import Region

router = Router(tags=["needs"])

NEED_ID = Path(..., ge=1, le=MAX_ID)
PLEDGE_ID = Path(..., ge=1, le=MAX_ID)
REGION_CODE = Path(..., max_length=13)
LISTED = 200  # the most urgent needs a list answers


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _need_fields(need: Need) -> dict[str, Any]:
    now = timezone.now()
    return {
        "id": need.pk,
        "label": need.label,
        "cooperative": need.cooperative.slug,
        "cooperative_name": need.cooperative.name,
        "category": need.category,
        "item": need.item,
        "quantity": need.quantity,
        "unit": need.unit,
        "needed_by": need.needed_by,
        "priority": need.priority,
        "status": need.status,
        "committed_quantity": need.committed_quantity,
        "received_quantity": need.received_quantity,
        "officer": need.officer.full_name if need.officer_id and need.officer else None,
        "submitted_at": need.submitted_at,
        "first_response_at": need.first_response_at,
        "fulfilled_at": need.fulfilled_at,
        "response_due_at": lifecycle.response_due_at(need),
        "response_overdue": lifecycle.response_overdue(need, now),
        "fulfilment_overdue": lifecycle.fulfilment_overdue(need, need.cooperative.today()),
    }


def _list(needs: Any) -> list[NeedOut]:
    rows = needs.select_related("cooperative__village", "officer").order_by("needed_by", "-id")[:LISTED]
    return [NeedOut(**_need_fields(need)) for need in rows]


def _detail(need_id: int) -> NeedDetailOut:
    need = Need.objects.select_related("cooperative__village", "officer").get(pk=need_id)
    events = [
        {
            "at": e.at,
            "kind": e.kind,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "by": e.actor_side,
            "quantity": e.quantity,
            "note": e.note,
        }
        for e in selectors.need_timeline(need)
    ]
    pledges = [_pledge_out(p) for p in selectors.need_pledges(need)]
    return NeedDetailOut(
        **_need_fields(need),
        description=need.description,
        has_photo=bool(need.photo),
        events=events,  # type: ignore[arg-type]
        pledges=pledges,
    )


def _pledge_out(pledge: Any) -> PledgeOut:
    return PledgeOut(
        id=pledge.pk,
        giver=pledge.giver_name,
        giver_kind="supplier" if pledge.supplier_id else "cooperative",
        quantity=pledge.quantity,
        unit_price=pledge.unit_price,
        total=pledge.total,
        deliver_by=pledge.deliver_by,
        status=pledge.status,
        received_quantity=pledge.received_quantity,
        note=pledge.note,
    )


# --- the cooperative ----------------------------------------------------------------------------------------------


@router.get(
    "/cooperatives/{slug}/needs",
    response=list[NeedOut],
    summary="The cooperative's needs",
    description="For managers and supervisors: `status` open (default), ended, drafts or all; the 200 most urgent.",
)
def list_needs(request: HttpRequest, slug: str, status: str = Query("terbuka", max_length=12)) -> list[NeedOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    group = {"open": "terbuka", "ended": "selesai", "drafts": "draf", "all": ""}.get(status, status)
    needs = Need.objects.filter(cooperative=cooperative)
    return _list(selectors.filtered(needs, selectors.NeedFilters(group=group)))


@router.post(
    "/cooperatives/{slug}/needs",
    response={201: NeedDetailOut},
    summary="Post a need",
    description="For managers: a draft, or sent at once with `submit`. A stock need says how much (required), a "
    "quantity its unit; the needed-by date is not past (invalid_date).",
)
def create_need(request: HttpRequest, slug: str, payload: NeedIn) -> Status[NeedDetailOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    data = payload.model_dump()
    submit = data.pop("submit")
    need = need_create(cooperative=cooperative, actor=user, data=data, submit=submit, ip_address=client_ip(request))
    return Status(201, _detail(need.pk))


@router.get(
    "/cooperatives/{slug}/needs/{need_id}",
    response=NeedDetailOut,
    summary="One of the cooperative's needs",
    description="With every step of its timeline and every pledge.",
)
def get_need(request: HttpRequest, slug: str, need_id: int = NEED_ID) -> NeedDetailOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return _detail(access.need_of_cooperative(cooperative, need_id).pk)


@router.put(
    "/cooperatives/{slug}/needs/{need_id}",
    response=NeedDetailOut,
    summary="Change a draft need",
    description="For managers, while it is a draft (not_editable after); `submit` sends it.",
)
def update_need(request: HttpRequest, slug: str, payload: NeedIn, need_id: int = NEED_ID) -> NeedDetailOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    need = access.need_of_cooperative(cooperative, need_id)
    data = payload.model_dump()
    submit = data.pop("submit")
    need_update(cooperative=cooperative, actor=user, need_id=need.pk, data=data, ip_address=client_ip(request))
    if submit:
        need_transition(
            need_id=need.pk,
            actor=user,
            side=lifecycle.COOPERATIVE,
            to="submitted",
            cooperative=cooperative,
            ip_address=client_ip(request),
        )
    return _detail(need.pk)


@router.post(
    "/cooperatives/{slug}/needs/{need_id}/photo",
    response=NeedDetailOut,
    summary="Attach a photo to a draft need",
    description="For managers, while the need is a draft (not_editable after): multipart/form-data with a `photo` "
    "file, JPEG or PNG by its bytes, at most 5 MB (invalid_file). Replaces an earlier one.",
)
def attach_need_photo(
    request: HttpRequest, slug: str, photo: File[UploadedFile], need_id: int = NEED_ID
) -> NeedDetailOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    need = access.need_of_cooperative(cooperative, need_id)
    need_update(
        cooperative=cooperative, actor=user, need_id=need.pk, data=None, photo=photo, ip_address=client_ip(request)
    )
    return _detail(need.pk)


@router.get(
    "/cooperatives/{slug}/needs/{need_id}/photo",
    response={200: None},
    summary="The need's photo",
    description="For the cooperative's managers and supervisors; 404 when the need has none.",
)
def get_need_photo(request: HttpRequest, slug: str, need_id: int = NEED_ID) -> FileResponse:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return photo_response(access.need_of_cooperative(cooperative, need_id))


@router.post(
    "/cooperatives/{slug}/needs/{need_id}/transition",
    response=NeedDetailOut,
    summary="Move a need as its cooperative",
    description="For managers: submitted, cancelled, closed or fulfilled as the lifecycle allows "
    "(invalid_transition); closing and cancelling say why.",
)
def transition_need(
    request: HttpRequest, slug: str, payload: NeedTransitionIn, need_id: int = NEED_ID
) -> NeedDetailOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    need = access.need_of_cooperative(cooperative, need_id)
    need_transition(
        need_id=need.pk,
        actor=user,
        side=lifecycle.COOPERATIVE,
        to=payload.to,
        note=payload.note,
        cooperative=cooperative,
        ip_address=client_ip(request),
    )
    return _detail(need.pk)


@router.post(
    "/cooperatives/{slug}/needs/{need_id}/messages",
    response={201: NeedDetailOut},
    summary="Write on a need's timeline",
    description="For managers; the Dinas, the network and pledging suppliers read it.",
)
def message_need(
    request: HttpRequest, slug: str, payload: NeedMessageIn, need_id: int = NEED_ID
) -> Status[NeedDetailOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    need = access.need_of_cooperative(cooperative, need_id)
    need_comment(
        need_id=need.pk, actor=user, actor_side=cooperative.name, note=payload.note, ip_address=client_ip(request)
    )
    return Status(201, _detail(need.pk))


@router.post(
    "/cooperatives/{slug}/needs/{need_id}/pledges/{pledge_id}/transition",
    response=PledgeOut,
    summary="Accept, decline or receive a pledge",
    description="For managers: accepted or declined while offered (accepting more than still needed: over_needed); "
    "received with `received_quantity` once sent (at most what was sent: over_shipped).",
)
def step_pledge(
    request: HttpRequest, slug: str, payload: PledgeStepIn, need_id: int = NEED_ID, pledge_id: int = PLEDGE_ID
) -> PledgeOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    need = access.need_of_cooperative(cooperative, need_id)
    if not need.pledges.filter(pk=pledge_id).exists():
        raise NotFoundError.plain()
    pledge = pledge_transition(
        pledge_id=pledge_id,
        actor=user,
        to=payload.to,
        asker=cooperative,
        received_quantity=payload.received_quantity,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return _pledge_out(pledge)


@router.get(
    "/cooperatives/{slug}/network-needs",
    response=list[NeedOut],
    summary="Needs of fellow network cooperatives",
    description="Open needs for stock or a supplier of the cooperatives sharing an active network with this one.",
)
def list_peer_needs(request: HttpRequest, slug: str) -> list[NeedOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return _list(access.needs_of_peers(cooperative).filter(status__in=PLEDGEABLE))


@router.post(
    "/cooperatives/{slug}/network-needs/{need_id}/pledges",
    response={201: PledgeOut},
    summary="Pledge stock to a fellow cooperative's need",
    description="For managers: at most what is still needed (over_needed), delivered on a day not past.",
)
def pledge_as_cooperative(
    request: HttpRequest, slug: str, payload: PledgeIn, need_id: int = NEED_ID
) -> Status[PledgeOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    need = access.need_of_peer(cooperative, need_id)
    pledge = pledge_offer(
        need_id=need.pk,
        actor=user,
        data=payload.model_dump(),
        from_cooperative=cooperative,
        ip_address=client_ip(request),
    )
    return Status(201, _pledge_out(pledge))


@router.post(
    "/cooperatives/{slug}/pledges/{pledge_id}/transition",
    response=PledgeOut,
    summary="Send or withdraw the cooperative's own pledge",
    description="For managers: shipped once accepted, withdrawn before it is sent.",
)
def step_own_pledge(request: HttpRequest, slug: str, payload: PledgeStepIn, pledge_id: int = PLEDGE_ID) -> PledgeOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    pledge = pledge_transition(
        pledge_id=pledge_id,
        actor=user,
        to=payload.to,
        giver_cooperative=cooperative,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return _pledge_out(pledge)


# --- the Dinas ----------------------------------------------------------------------------------------------------


@router.get(
    "/dinas/{region_code}/needs",
    response=list[NeedOut],
    summary="Needs in your region",
    description="For an officer whose office covers the region: `status` open (default), ended or all, a `category`, "
    "`overdue` only; the 200 most urgent.",
)
def list_region_needs(
    request: HttpRequest,
    region_code: str = REGION_CODE,
    status: str = Query("open", max_length=12),
    category: str = Query("", max_length=16),
    overdue: bool = False,
) -> list[NeedOut]:
    office, _role = access_office_by_region(_user(request), region_code)
    group = {"open": "terbuka", "ended": "selesai", "all": ""}.get(status, "terbuka")
    filters = selectors.NeedFilters(
        group=group, category=category if category in NeedCategory.values else "", overdue=overdue
    )
    return _list(selectors.filtered(access.needs_of_office(office, region_code), filters))


@router.get(
    "/dinas/{region_code}/needs/summary",
    response=DinasNeedsSummaryOut,
    summary="Service levels of the needs in your region",
    description="Open, overdue and fulfilled needs; per officer, per category and per region one level down.",
)
def region_needs_summary(request: HttpRequest, region_code: str = REGION_CODE) -> DinasNeedsSummaryOut:
    office, _role = access_office_by_region(_user(request), region_code)
    region = None if region_code == COUNTRY_CODE else Region.objects.filter(code=region_code).first()
    if region is None and region_code != COUNTRY_CODE:
        raise NotFoundError.plain()
    needs = access.needs_of_office(office, region_code)
    return DinasNeedsSummaryOut(
        **_summary(needs, region, region_code),
        officers=[asdict(load) for load in selectors.overdue_by_officer(needs)],  # type: ignore[misc]
    )


def _summary(needs: Any, region: Region | None, code: str) -> dict[str, Any]:
    now = timezone.now()
    return {
        "region": code,
        "levels": asdict(selectors.service_levels(needs, now=now)),
        "categories": [
            {k: row[k] for k in ("category", "open", "overdue", "fulfilled")}
            for row in selectors.category_counts(needs, now=now)
        ],
        "regions": [
            {"code": r.code, "name": r.name, "open": r.open, "overdue": r.overdue, "fulfilled": r.fulfilled}
            for r in selectors.by_child_region(needs, region=region, now=now)
        ],
    }


@router.get(
    "/dinas/{region_code}/needs/{need_id}",
    response=NeedDetailOut,
    summary="A need in your region",
    description="With its timeline and pledges (drafts are the cooperative's alone: 404).",
)
def get_region_need(request: HttpRequest, region_code: str = REGION_CODE, need_id: int = NEED_ID) -> NeedDetailOut:
    office, _role = access_office_by_region(_user(request), region_code)
    return _detail(access.need_of_office(office, need_id, region_code=region_code).pk)


@router.post(
    "/dinas/{region_code}/needs/{need_id}/transition",
    response=NeedDetailOut,
    summary="Answer a need as the Dinas",
    description="acknowledged (naming `officer_id`, else yourself), committed (help that is not goods), or closed "
    "with the reason, as the lifecycle allows (invalid_transition).",
)
def transition_region_need(
    request: HttpRequest, payload: NeedTransitionIn, region_code: str = REGION_CODE, need_id: int = NEED_ID
) -> NeedDetailOut:
    user = _user(request)
    office, _role = access_office_by_region(user, region_code)
    need = access.need_of_office(office, need_id, region_code=region_code)
    need_transition(
        need_id=need.pk,
        actor=user,
        side=lifecycle.DINAS,
        to=payload.to,
        note=payload.note,
        office=office,
        officer_id=payload.officer_id,
        ip_address=client_ip(request),
    )
    return _detail(need.pk)


@router.post(
    "/dinas/{region_code}/needs/{need_id}/assign",
    response=NeedDetailOut,
    summary="Assign a need's officer",
    description="An officer of a Dinas office whose region holds the cooperative (unknown_officer otherwise).",
)
def assign_region_need(
    request: HttpRequest, payload: NeedAssignIn, region_code: str = REGION_CODE, need_id: int = NEED_ID
) -> NeedDetailOut:
    user = _user(request)
    office, _role = access_office_by_region(user, region_code)
    need = access.need_of_office(office, need_id, region_code=region_code)
    need_assign(
        need_id=need.pk, office=office, actor=user, officer_id=payload.officer_id, ip_address=client_ip(request)
    )
    return _detail(need.pk)


# --- suppliers, coordinators, the public -----------------------------------------------------------------------------


@router.get(
    "/supplier/needs",
    response=list[NeedOut],
    summary="Open stock needs you can pledge to",
    description="Of cooperatives in the regions the supplier serves or the networks it has an agreement with.",
)
def list_supplier_needs(request: HttpRequest) -> list[NeedOut]:
    supplier, _role = access_supplier(_user(request))
    return _list(access.needs_of_supplier(supplier).filter(status__in=PLEDGEABLE))


@router.get("/supplier/needs/{need_id}", response=NeedDetailOut, summary="A need you can pledge to")
def get_supplier_need(request: HttpRequest, need_id: int = NEED_ID) -> NeedDetailOut:
    supplier, _role = access_supplier(_user(request))
    return _detail(access.need_of_supplier(supplier, need_id).pk)


@router.post(
    "/supplier/needs/{need_id}/pledges",
    response={201: PledgeOut},
    summary="Pledge to a need",
    description="Quantity (at most what is still needed: over_needed), price per unit and delivery date.",
)
def pledge_as_supplier(request: HttpRequest, payload: PledgeIn, need_id: int = NEED_ID) -> Status[PledgeOut]:
    user = _user(request)
    supplier, _role = access_supplier(user)
    need = access.need_of_supplier(supplier, need_id)
    pledge = pledge_offer(
        need_id=need.pk, actor=user, data=payload.model_dump(), supplier=supplier, ip_address=client_ip(request)
    )
    return Status(201, _pledge_out(pledge))


@router.post(
    "/supplier/pledges/{pledge_id}/transition",
    response=PledgeOut,
    summary="Send or withdraw a pledge",
    description="shipped once the cooperative accepted it, withdrawn before it is sent (pledge_status otherwise).",
)
def step_supplier_pledge(request: HttpRequest, payload: PledgeStepIn, pledge_id: int = PLEDGE_ID) -> PledgeOut:
    user = _user(request)
    supplier, _role = access_supplier(user)
    pledge = pledge_transition(
        pledge_id=pledge_id,
        actor=user,
        to=payload.to,
        supplier=supplier,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return _pledge_out(pledge)


@router.get(
    "/networks/{slug}/needs",
    response=list[NeedOut],
    summary="Needs of the network's member cooperatives",
    description="For the network's coordinators: the open ones, the 200 most urgent.",
)
def list_network_needs(request: HttpRequest, slug: str) -> list[NeedOut]:
    network, _role = access_network(_user(request), slug)
    return _list(selectors.filtered(access.needs_of_network(network), selectors.NeedFilters(group="terbuka")))


@router.get(
    "/needs/summary",
    response=NeedsSummaryOut,
    auth=public,
    summary="Needs of cooperatives by region and category",
    description="Anyone: counts only (no cooperative, person or text) for `region` (a Kemendagri code; the country "
    "when left out) and its regions one level down.",
)
def public_needs_summary(request: HttpRequest, region: str = Query("", max_length=13)) -> NeedsSummaryOut:
    found = None
    if region and region != COUNTRY_CODE:
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise NotFoundError.plain()
    return NeedsSummaryOut(**_summary(selectors.public_needs(found), found, found.code if found else COUNTRY_CODE))

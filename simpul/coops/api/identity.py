"""Legal identity change requests: the manager asks under /cooperatives/{slug}/, the Dinas decides under
/dinas/{region_code}/ (an officer whose office covers the region; a request of a cooperative outside it is 404)."""

import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from simpul.api_public import MAX_ID, LimitOffset
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative, access_office_by_region
from simpul.coops.models import CooperativeType, IdentityRequestStatus, LegalIdentityChangeRequest
from simpul.coops.schemas import InputSchema, _omitted
from simpul.coops.selectors.identity import identity_requests_in_region, identity_requests_of
from simpul.coops.services.identity import identity_change_request, identity_request_transition
from simpul.core.audit import client_ip
from simpul.core.models import User

router = Router(tags=["legal identity"])
REQUEST_ID = Path(..., ge=1, le=MAX_ID)


class IdentityRequestIn(InputSchema):
    """The legal identity fields to change (only those sent), and why."""

    village: str = _omitted(max_length=13, description="Kemendagri code of the new village, e.g. 32.73.01.1002")
    type: CooperativeType = _omitted()
    is_sharia: bool = _omitted()
    status: Literal["active", "dormant", "dissolved"] = _omitted()
    nik_koperasi: str | None = _omitted(max_length=32, description="16 digits; dots, spaces and dashes allowed")
    deed_number: str = _omitted(max_length=100)
    deed_date: datetime.date | None = None
    reason: str = Field(..., max_length=500)


class DecisionIn(InputSchema):
    note: str = Field("", max_length=500, description="Required when rejecting: the reason, for the manager")


class IdentityCooperativeRef(Schema):
    slug: str
    name: str
    village: str = Field(description="The village code it sits in now")

    @staticmethod
    def resolve_village(obj: Any) -> str:
        return str(obj.village_id)


class IdentityRequestOut(Schema):
    id: int
    cooperative: IdentityCooperativeRef
    changes: dict[str, list[Any]] = Field(description="field → [recorded value, requested value]")
    reason: str
    status: IdentityRequestStatus
    requested_by: str | None
    decided_by: str | None
    decision_note: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_requested_by(obj: LegalIdentityChangeRequest) -> str | None:
        return str(obj.requested_by) if obj.requested_by else None

    @staticmethod
    def resolve_decided_by(obj: LegalIdentityChangeRequest) -> str | None:
        return str(obj.decided_by) if obj.decided_by else None


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get(
    "/cooperatives/{slug}/identity-requests",
    response=list[IdentityRequestOut],
    summary="Your cooperative's legal identity change requests",
    description="For the cooperative's managers and supervisors, newest first.",
)
@paginate(LimitOffset)
def list_own_requests(request: HttpRequest, slug: str) -> QuerySet[LegalIdentityChangeRequest]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return identity_requests_of(cooperative)


@router.post(
    "/cooperatives/{slug}/identity-requests",
    response={201: IdentityRequestOut},
    summary="Ask the Dinas to change the legal identity",
    description="For the manager: the village (region), type, sharia, status, NIK Koperasi, deed number or deed "
    "date the Dinas Koperasi should record, with the reason. One request may wait at a time.",
)
def create_request(request: HttpRequest, slug: str, payload: IdentityRequestIn) -> Status[LegalIdentityChangeRequest]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    data = payload.model_dump(exclude_unset=True)
    reason = data.pop("reason")
    row = identity_change_request(
        cooperative=cooperative, actor=user, data=data, reason=reason, ip_address=client_ip(request)
    )
    return Status(201, identity_requests_of(cooperative).get(pk=row.pk))


@router.get(
    "/dinas/{region_code}/identity-requests",
    response=list[IdentityRequestOut],
    summary="Legal identity change requests in your region",
    description="For a Dinas Koperasi officer whose office covers the region: pending ones first, oldest first.",
)
@paginate(LimitOffset)
def list_region_requests(
    request: HttpRequest,
    region_code: str = Path(..., max_length=13),
    status: IdentityRequestStatus | None = None,
) -> QuerySet[LegalIdentityChangeRequest]:
    access_office_by_region(_user(request), region_code)
    return identity_requests_in_region(region_code, status=status or "")


def _decide(request: HttpRequest, region_code: str, request_id: int, to_status: str, note: str) -> Any:
    user = _user(request)
    office, _role = access_office_by_region(user, region_code)
    row = identity_request_transition(
        office=office, actor=user, request_id=request_id, to_status=to_status, note=note, ip_address=client_ip(request)
    )
    return identity_requests_in_region(region_code).filter(pk=row.pk).first() or row


@router.post(
    "/dinas/{region_code}/identity-requests/{request_id}/approve",
    response=IdentityRequestOut,
    summary="Approve a legal identity change",
    description="Records the requested values on the cooperative at once. A new village must lie in your region.",
)
def approve_request(
    request: HttpRequest, payload: DecisionIn, region_code: str = Path(..., max_length=13), request_id: int = REQUEST_ID
) -> Any:
    return _decide(request, region_code, request_id, IdentityRequestStatus.APPROVED, payload.note)


@router.post(
    "/dinas/{region_code}/identity-requests/{request_id}/reject",
    response=IdentityRequestOut,
    summary="Reject a legal identity change",
    description="`note` gives the manager the reason.",
)
def reject_request(
    request: HttpRequest, payload: DecisionIn, region_code: str = Path(..., max_length=13), request_id: int = REQUEST_ID
) -> Any:
    return _decide(request, region_code, request_id, IdentityRequestStatus.REJECTED, payload.note)

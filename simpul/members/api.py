"""The member register under /api/v1/cooperatives/{slug}/members: the same services and access as the pages.

Managers (pengurus) register, correct and end memberships; supervisors (pengawas) read and get 403 on a write;
cashiers and members get 403; anyone without a role in the cooperative 404, the same as a missing cooperative.
A member of another cooperative is 404 too.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from simpul.api_public import MAX_ID, LimitOffset
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.core.audit import client_ip
from simpul.core.models import User
from simpul.members.models import Member, MemberStatus
from simpul.members.schemas import MemberCreateIn, MemberExitIn, MemberListItem, MemberOut, MemberUpdateIn
from simpul.members.selectors import member_list
from simpul.members.services import MemberData, access_member, member_exit, member_register, member_update
from simpul.regions.confirmation import CONFIRM_FLAG, check_outside_regency

router = Router(tags=["members"])

MEMBERS = "/cooperatives/{slug}/members"


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get(
    MEMBERS,
    response=list[MemberListItem],
    summary="Your cooperative's members",
    description="For managers and supervisors. By name; `q` matches a part of the name, a member number, the "
    "start of a NIK or a phone number.",
)
@paginate(LimitOffset)
def list_members(
    request: HttpRequest,
    slug: str,
    q: str = Query("", max_length=100, description="A part of the name, a member number, a NIK prefix or a phone"),
    status: MemberStatus | None = None,
    producer: bool | None = Query(None, description="true: UMKM producers only; false: the others"),
) -> QuerySet[Member]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    flag = "" if producer is None else ("1" if producer else "0")
    return member_list(cooperative, q=q, status=status or "", producer=flag)


@router.post(
    MEMBERS,
    response={201: MemberOut},
    summary="Register a member",
    description="For the cooperative's manager. The member number is given out by the cooperative, in order.",
)
def register_member(request: HttpRequest, slug: str, payload: MemberCreateIn) -> Status[Member]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    check_outside_regency(payload.village, home_code=cooperative.village_id, confirmed=payload.confirm_outside_regency)
    data = MemberData(**payload.model_dump(exclude_unset=True, exclude={CONFIRM_FLAG}))
    member = member_register(cooperative=cooperative, actor=user, data=data, ip_address=client_ip(request))
    return Status(201, member)


@router.get(
    f"{MEMBERS}/{{member_id}}", response=MemberOut, summary="A member", description="For managers and supervisors."
)
def get_member(request: HttpRequest, slug: str, member_id: int = Path(..., ge=1, le=MAX_ID)) -> Member:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return access_member(cooperative, member_id)


@router.patch(
    f"{MEMBERS}/{{member_id}}",
    response=MemberOut,
    summary="Correct a member's data",
    description="For the cooperative's manager. Only the fields sent change; if one is refused, nothing is saved.",
)
def update_member(
    request: HttpRequest, slug: str, payload: MemberUpdateIn, member_id: int = Path(..., ge=1, le=MAX_ID)
) -> Member:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    member = access_member(cooperative, member_id)
    current: dict[str, Any] = {
        "nik": member.nik,
        "name": member.name,
        "gender": member.gender,
        "birth_date": member.birth_date,
        "village": member.village_id,
        "join_date": member.join_date,
        "address": member.address,
        "phone": member.phone,
        "is_producer": member.is_producer,
        "business_name": member.business_name,
    }
    changes = payload.model_dump(exclude_unset=True, exclude={CONFIRM_FLAG})
    if changes.get("village", member.village_id) != member.village_id:
        check_outside_regency(
            changes["village"], home_code=cooperative.village_id, confirmed=payload.confirm_outside_regency
        )
    data = MemberData(**(current | changes))
    return member_update(
        cooperative=cooperative, actor=user, member_id=member.pk, data=data, ip_address=client_ip(request)
    )


@router.post(
    f"{MEMBERS}/{{member_id}}/exit",
    response=MemberOut,
    summary="End a membership",
    description="For the cooperative's manager: the member resigns, has died or is expelled (a reason is "
    "required then). Leaving is final; a former member joins again as a new member.",
)
def exit_member(
    request: HttpRequest, slug: str, payload: MemberExitIn, member_id: int = Path(..., ge=1, le=MAX_ID)
) -> Member:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    return member_exit(
        cooperative=cooperative,
        actor=user,
        member_id=member_id,
        status=payload.status,
        exit_date=payload.exit_date,
        reason=payload.reason,
        ip_address=client_ip(request),
    )

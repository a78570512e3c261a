"""Networks (Jaringan Usaha Koperasi), their memberships and partnership agreements.

Anyone may read a network's name, region, coordinator and active members. The network's coordinators list its
memberships, invite cooperatives and record partnership agreements; the manager (pengurus) of an invited
cooperative answers, and may later leave. A network or membership the caller has no part in is 404; a
supervisor (pengawas) of the cooperative gets 403 on writes.
"""

import datetime
from typing import Literal

from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from simpul.api_public import LimitOffset, public
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative, access_network
from simpul.coops.documents import partnership_document_response
from simpul.coops.models import Cooperative, MembershipStatus, Network, NetworkMembership, Partnership
from simpul.coops.selectors.networks import (
    cooperative_memberships,
    network_active_members,
    network_get,
    network_membership_get,
    network_memberships,
    network_partnership_get,
    network_partnerships,
    network_search,
    partnership_for_document,
)
from simpul.coops.services.networks import (
    membership_transition,
    network_invite,
    partnership_attach_document,
    partnership_record,
)
from simpul.core.audit import client_ip
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User

router = Router(tags=["networks"])


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


# --- shapes


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class CoordinatorOut(Schema):
    kind: Literal["cooperative", "office"]
    slug: str
    name: str


class NetworkOut(Schema):
    slug: str
    name: str
    description: str
    region_code: str
    region_name: str = Field(description="Nearest first: 'Kota Bandung, Jawa Barat'")
    coordinator: CoordinatorOut
    active_member_count: int

    @staticmethod
    def resolve_region_code(obj: Network) -> str:
        return obj.region_id  # type: ignore[return-value]

    @staticmethod
    def resolve_region_name(obj: Network) -> str:
        return obj.region.path

    @staticmethod
    def resolve_coordinator(obj: Network) -> dict[str, str]:
        if obj.coordinator_cooperative is not None:
            coop = obj.coordinator_cooperative
            return {"kind": "cooperative", "slug": coop.slug, "name": coop.name}
        office = obj.coordinator_office
        assert office is not None
        return {"kind": "office", "slug": office.slug, "name": office.name}


class MemberCooperativeOut(Schema):
    slug: str
    name: str
    type: str
    village_code: str
    village_name: str

    @staticmethod
    def resolve_village_code(obj: Cooperative) -> str:
        return obj.village_id  # type: ignore[return-value]

    @staticmethod
    def resolve_village_name(obj: Cooperative) -> str:
        return obj.village.path


class NetworkDetailOut(NetworkOut):
    members: list[MemberCooperativeOut]


class NetworkMembershipOut(Schema):
    id: int
    network: str = Field(description="The network's slug")
    cooperative: MemberCooperativeOut
    status: MembershipStatus
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None

    @staticmethod
    def resolve_network(obj: NetworkMembership) -> str:
        return obj.network.slug


class CooperativeMembershipOut(Schema):
    id: int
    network: NetworkOut
    status: MembershipStatus
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None


class InviteIn(InputSchema):
    cooperative: str = Field(max_length=80, description="The slug of the cooperative to invite")


class RespondIn(InputSchema):
    decision: Literal["accept", "decline"]
    note: str = Field("", max_length=255)


class LeaveIn(InputSchema):
    note: str = Field("", max_length=255, description="Why the cooperative leaves (optional)")


class PartnershipIn(InputSchema):
    membership_id: int = Field(description="An active membership of this network")
    signed_on: datetime.date
    parties: str = Field(min_length=1, max_length=2000)
    scope: str = Field(min_length=1, max_length=5000)
    number: str = Field("", max_length=100)
    valid_until: datetime.date | None = None


class PartnershipOut(Schema):
    id: int
    membership_id: int
    cooperative: str = Field(description="The member cooperative's slug")
    cooperative_name: str
    number: str
    signed_on: datetime.date
    valid_until: datetime.date | None
    parties: str
    scope: str
    has_document: bool
    document_url: str | None = Field(description="Download link; needs the same access as this record")
    created_at: datetime.datetime

    @staticmethod
    def resolve_cooperative(obj: Partnership) -> str:
        return obj.cooperative.slug

    @staticmethod
    def resolve_cooperative_name(obj: Partnership) -> str:
        return obj.cooperative.name

    @staticmethod
    def resolve_has_document(obj: Partnership) -> bool:
        return bool(obj.document)

    @staticmethod
    def resolve_document_url(obj: Partnership) -> str | None:
        return reverse("coops:partnership_document", args=[obj.pk]) if obj.document else None


# --- public reads


@router.get(
    "/networks",
    response=list[NetworkOut],
    auth=public,
    summary="List networks",
    description="Every network with its region, coordinator and number of active members.",
)
@paginate(LimitOffset)
def list_networks(
    request: HttpRequest,
    region: str = Query("", max_length=13, description="Networks whose region lies in this region code"),
    q: str = Query("", max_length=100, description="A part of the name"),
) -> QuerySet[Network]:
    return network_search(region=region, query=q)


@router.get("/networks/{slug}", response=NetworkDetailOut, auth=public, summary="A network and its active members")
def get_network(request: HttpRequest, slug: str) -> Network:
    network = network_get(slug)
    network.members = [m.cooperative for m in network_active_members(network)]  # type: ignore[attr-defined]
    return network


# --- the coordinator's side


@router.get(
    "/networks/{slug}/memberships",
    response=list[NetworkMembershipOut],
    summary="Memberships of a network (coordinator)",
    description="Every cooperative invited to the network, with its status. For the network's coordinators.",
)
@paginate(LimitOffset)
def list_memberships(
    request: HttpRequest, slug: str, status: MembershipStatus | None = None
) -> QuerySet[NetworkMembership]:
    network, _role = access_network(_user(request), slug)
    return network_memberships(network, status=status).select_related("network")


@router.post(
    "/networks/{slug}/memberships",
    response={201: NetworkMembershipOut},
    summary="Invite a cooperative (coordinator)",
    description="Refused if the cooperative is already a member or already invited; one that declined or left "
    "may be invited again.",
)
def invite_cooperative(request: HttpRequest, slug: str, payload: InviteIn) -> Status[NetworkMembership]:
    user = _user(request)
    network, _role = access_network(user, slug)
    cooperative = Cooperative.objects.filter(slug=payload.cooperative).select_related("village").first()
    if cooperative is None:
        raise NotFoundError.plain()
    membership = network_invite(network=network, actor=user, cooperative=cooperative, ip_address=client_ip(request))
    return Status(201, network_membership_get(network, membership.pk))


@router.get(
    "/networks/{slug}/partnerships",
    response=list[PartnershipOut],
    summary="Partnership agreements of a network (coordinator)",
)
@paginate(LimitOffset)
def list_partnerships(request: HttpRequest, slug: str) -> QuerySet[Partnership]:
    network, _role = access_network(_user(request), slug)
    return network_partnerships(network)


@router.post(
    "/networks/{slug}/partnerships",
    response={201: PartnershipOut},
    summary="Record a partnership agreement (coordinator)",
    description="For an active member. Refused if dated in the future or if it ends before it was signed. "
    "Attach the scanned document with POST …/partnerships/{id}/document.",
)
def create_partnership(request: HttpRequest, slug: str, payload: PartnershipIn) -> Status[Partnership]:
    user = _user(request)
    network, _role = access_network(user, slug)
    membership = network_membership_get(network, payload.membership_id)
    partnership = partnership_record(
        membership=membership,
        actor=user,
        signed_on=payload.signed_on,
        valid_until=payload.valid_until,
        parties=payload.parties,
        scope=payload.scope,
        number=payload.number,
        ip_address=client_ip(request),
    )
    return Status(201, network_partnership_get(network, partnership.pk))


@router.post(
    "/networks/{slug}/partnerships/{partnership_id}/document",
    response=PartnershipOut,
    summary="Attach the agreement's document (coordinator)",
    description="multipart/form-data with a `document` file: PDF, JPEG or PNG, at most 5 MB. Replaces an earlier one.",
)
def upload_partnership_document(
    request: HttpRequest, slug: str, partnership_id: int, document: File[UploadedFile]
) -> Partnership:
    user = _user(request)
    network, _role = access_network(user, slug)
    partnership = network_partnership_get(network, partnership_id)
    partnership_attach_document(partnership=partnership, actor=user, document=document, ip_address=client_ip(request))
    return network_partnership_get(network, partnership_id)


@router.get(
    "/networks/{slug}/partnerships/{partnership_id}/document",
    response={200: None},
    summary="Download the agreement's document",
    description="For the network's coordinators and the member cooperative's managers and supervisors.",
)
def download_partnership_document(request: HttpRequest, slug: str, partnership_id: int) -> FileResponse:
    partnership = partnership_for_document(_user(request), partnership_id)
    if partnership.membership.network.slug != slug:
        raise NotFoundError.plain()
    return partnership_document_response(partnership)


# --- the cooperative's side


def _member_membership(request: HttpRequest, slug: str, membership_id: int) -> NetworkMembership:
    """The membership, if the caller is a manager of its cooperative (404 if no role there, 403 if read-only)."""
    membership = (
        NetworkMembership.objects.filter(network__slug=slug, pk=membership_id).select_related("cooperative").first()
    )
    if membership is None:
        raise NotFoundError.plain()
    access_cooperative(_user(request), membership.cooperative.slug, WRITE_ROLES)
    return membership


@router.post(
    "/networks/{slug}/memberships/{membership_id}/respond",
    response=NetworkMembershipOut,
    summary="Accept or decline an invitation (manager of the invited cooperative)",
)
def respond_to_invitation(request: HttpRequest, slug: str, membership_id: int, payload: RespondIn) -> NetworkMembership:
    membership = _member_membership(request, slug, membership_id)
    to_status = MembershipStatus.ACTIVE if payload.decision == "accept" else MembershipStatus.DECLINED
    membership_transition(
        membership=membership,
        actor=_user(request),
        to_status=to_status,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return network_membership_get(membership.network, membership.pk)


@router.post(
    "/networks/{slug}/memberships/{membership_id}/leave",
    response=NetworkMembershipOut,
    summary="Leave a network (manager of the member cooperative)",
)
def leave_network(request: HttpRequest, slug: str, membership_id: int, payload: LeaveIn) -> NetworkMembership:
    membership = _member_membership(request, slug, membership_id)
    membership_transition(
        membership=membership,
        actor=_user(request),
        to_status=MembershipStatus.LEFT,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return network_membership_get(membership.network, membership.pk)


@router.get(
    "/cooperatives/{slug}/networks",
    response=list[CooperativeMembershipOut],
    summary="Your cooperative's networks and invitations",
    description="For the cooperative's managers and supervisors: every membership, open invitations included.",
)
def list_cooperative_networks(request: HttpRequest, slug: str) -> list[NetworkMembership]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    memberships = cooperative_memberships(cooperative)
    active = NetworkMembership.objects.filter(
        network_id__in=[m.network_id for m in memberships], status=MembershipStatus.ACTIVE
    )
    counts = dict(active.values("network_id").annotate(n=Count("id")).values_list("network_id", "n"))
    for membership in memberships:
        membership.network.active_member_count = counts.get(membership.network_id, 0)  # type: ignore[attr-defined]
    return memberships

"""Reads of the member portal: a person's own member records, and a member's portal login and invitation."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from simpul.coops.models import Cooperative, Invitation, Role, RoleKind
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.members.models import Member
from simpul.members.savings.selectors import SavingsBalance, member_savings_balances


def member_open_invitation(cooperative: Cooperative, member: Member) -> Invitation | None:
    """The member's portal invitation that can still be accepted, if any."""
    return (
        Invitation.objects.filter(
            cooperative=cooperative,
            kind=RoleKind.MEMBER,
            subject_id=member.pk,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("cooperative", "invited_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def portal_members(user: User) -> QuerySet[Member]:
    """The member records linked to `user` in cooperatives where the person holds an active member role.

    Both are needed: the link says which record is theirs, the role that the cooperative still lets them in.
    """
    if not user.is_authenticated:
        return Member.objects.none()
    member_role = Role.objects.filter(
        user=user, kind=RoleKind.MEMBER, is_active=True, cooperative_id=OuterRef("cooperative_id")
    )
    return (
        Member.objects.filter(user=user)
        .filter(Exists(member_role))
        .select_related("cooperative", "cooperative__village", "village")
        .order_by("cooperative__name", "cooperative_id")
    )


def portal_member(user: User, slug: str) -> Member:
    """The person's own member record in the cooperative at `slug`; 404 for any other cooperative, and for a
    member role without a linked record (the same 404 as a cooperative that does not exist)."""
    member = portal_members(user).filter(cooperative__slug=slug).first()
    if member is None:
        raise NotFoundError.plain()
    return member


@dataclass(frozen=True)
class PortalEntry:
    """What the member home shows of a cooperative whose member record is linked to the person."""

    url: str
    member: Member


def member_portal_entries(*, user: User, cooperative_ids: list[int]) -> dict[int, Any]:
    """coops' member-home provider: {cooperative_id: PortalEntry} for the person's linked records."""
    members = portal_members(user).filter(cooperative_id__in=cooperative_ids)
    return {
        m.cooperative_id: PortalEntry(reverse("members:portal_home", args=[m.cooperative.slug]), m) for m in members
    }


@dataclass(frozen=True)
class Membership:
    """One of the person's member records with its savings, as the portal API gives it."""

    member: Member
    balances: list[SavingsBalance]

    @property
    def total_savings(self) -> Decimal:
        return sum((b.balance for b in self.balances), Decimal(0))


def portal_memberships(user: User) -> list[Membership]:
    return [Membership(m, member_savings_balances(m.cooperative, m)) for m in portal_members(user)]

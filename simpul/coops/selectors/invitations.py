"""Reads for the invitations page: open and accepted invitations, the staff, one invitation by its link."""

import dataclasses

from django.db.models import QuerySet
from django.utils import timezone

from simpul.coops.access import STAFF_ROLES
from simpul.coops.models import Cooperative, Invitation, Role
from simpul.core.auth import find_users_by_contact
from simpul.core.models import User

ACCEPTED_SHOWN = 20


def open_invitations(cooperative: Cooperative) -> QuerySet[Invitation]:
    """Invitations that can still be accepted: not accepted, not revoked, not expired."""
    return Invitation.objects.filter(
        cooperative=cooperative, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


# The staff page lists staff invitations; a member's portal invitation is shown on the member's page.
_STAFF_KINDS = [kind.value for kind in STAFF_ROLES]


def invitations_open(cooperative: Cooperative) -> list[Invitation]:
    invitations = open_invitations(cooperative).filter(kind__in=_STAFF_KINDS)
    return list(invitations.select_related("cooperative").order_by("-created_at", "-pk"))


def invitations_accepted(cooperative: Cooperative, limit: int = ACCEPTED_SHOWN) -> list[Invitation]:
    return list(
        Invitation.objects.filter(cooperative=cooperative, accepted_at__isnull=False, kind__in=_STAFF_KINDS)
        .select_related("accepted_by")
        .order_by("-accepted_at", "-pk")[:limit]
    )


@dataclasses.dataclass
class StaffMember:
    user: User
    roles: list[Role]


def cooperative_staff(cooperative: Cooperative) -> list[StaffMember]:
    """Everyone holding a manager, supervisor or cashier role here, one entry per person."""
    staff: dict[int, StaffMember] = {}
    roles = (
        Role.objects.filter(cooperative=cooperative, is_active=True, kind__in=[k.value for k in STAFF_ROLES])
        .select_related("user")
        .order_by("user__full_name", "user_id", "kind")
    )
    for role in roles:
        staff.setdefault(role.user_id, StaffMember(user=role.user, roles=[])).roles.append(role)
    return list(staff.values())


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("cooperative").filter(token=token).first()


def invitee_account(invitation: Invitation) -> User | None:
    """The account the invited contact already belongs to, if any (the first one if e-mail and phone differ)."""
    users = find_users_by_contact(email=invitation.email, phone=invitation.phone)
    return users[0] if users else None

"""The member portal as JSON: GET /api/v1/me/memberships, the caller's own member records with their savings.

The same records the portal pages show (a linked member record in a cooperative where the caller holds an active
member role); nobody else's, ever. Money is a decimal string ("150000.00"), never a float.
"""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from simpul.core.models import User
from simpul.members.portal.selectors import Membership, portal_memberships

router = Router(tags=["member portal"])


class PortalCooperativeOut(Schema):
    slug: str
    name: str


class PortalMemberOut(Schema):
    id: int
    number: str
    name: str
    status: str
    status_label: str
    is_active: bool
    join_date: datetime.date
    exit_date: datetime.date | None


class PortalSavingsOut(Schema):
    kind: str
    product: str
    balance: Decimal


class PortalMembershipOut(Schema):
    cooperative: PortalCooperativeOut
    member: PortalMemberOut
    savings: list[PortalSavingsOut]
    total_savings: Decimal


def _membership(entry: Membership) -> dict[str, object]:
    member = entry.member
    return {
        "cooperative": {"slug": member.cooperative.slug, "name": member.cooperative.name},
        "member": {
            "id": member.pk,
            "number": member.number_display,
            "name": member.name,
            "status": member.status,
            "status_label": str(member.get_status_display()),
            "is_active": member.is_active,
            "join_date": member.join_date,
            "exit_date": member.exit_date,
        },
        "savings": [
            {"kind": line.product.kind, "product": line.product.name, "balance": line.balance}
            for line in entry.balances
        ],
        "total_savings": entry.total_savings,
    }


@router.get(
    "/me/memberships",
    response=list[PortalMembershipOut],
    summary="My member records and savings",
    description="Every member record linked to the caller's login, with the balance of each savings product. "
    "Empty for a login that is not linked to any member record.",
)
def my_memberships(request: HttpRequest) -> list[dict[str, object]]:
    user: User = request.auth  # type: ignore[attr-defined]
    return [_membership(entry) for entry in portal_memberships(user)]

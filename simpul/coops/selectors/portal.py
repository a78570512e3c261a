"""Reads for the member and supplier home pages."""

from simpul.coops.models import Cooperative, Role, RoleKind, Supplier
from simpul.core.models import User
from simpul.regions.models import Region


def member_cooperatives(user: User) -> list[Cooperative]:
    """The cooperatives where `user` holds an active member role, by name."""
    roles = (
        Role.objects.filter(user=user, kind=RoleKind.MEMBER, is_active=True)
        .select_related("cooperative", "cooperative__village")
        .order_by("cooperative__name", "cooperative_id")
    )
    return [role.cooperative for role in roles if role.cooperative is not None]


def supplier_regions(supplier: Supplier) -> list[Region]:
    return list(supplier.regions_served.order_by("level", "name", "code"))

from simpul.coops.models.identity import (
    IdentityRequestStatus,
    IdentityRequestStatusChange,
    LegalIdentityChangeRequest,
)
from simpul.coops.models.networks import (
    MembershipStatus,
    MembershipStatusChange,
    Network,
    NetworkMembership,
    Partnership,
)
from simpul.coops.models.organisations import (
    Cooperative,
    CooperativeStatus,
    CooperativeType,
    GovernmentOffice,
    OfficeKind,
    Outlet,
    OutletKind,
    Supplier,
)
from simpul.coops.models.roles import COOPERATIVE_ROLES, Invitation, Role, RoleKind

__all__ = [
    "COOPERATIVE_ROLES",
    "Cooperative",
    "CooperativeStatus",
    "CooperativeType",
    "GovernmentOffice",
    "IdentityRequestStatus",
    "IdentityRequestStatusChange",
    "Invitation",
    "LegalIdentityChangeRequest",
    "MembershipStatus",
    "MembershipStatusChange",
    "Network",
    "NetworkMembership",
    "OfficeKind",
    "Outlet",
    "OutletKind",
    "Partnership",
    "Role",
    "RoleKind",
    "Supplier",
]

"""Reads for a cooperative's workspace: its home page, outlets, staff and audit trail."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from simpul.coops.access import STAFF_ROLES
from simpul.coops.models import Cooperative, MembershipStatus, Outlet, Role
from simpul.coops.selectors.audit import AuditEntry, describe_audit_logs
from simpul.coops.selectors.networks import cooperative_memberships
from simpul.core.models import AuditLog

AUDIT_PAGE_SIZE = 25


def outlet_list(cooperative: Cooperative) -> QuerySet[Outlet]:
    return Outlet.objects.filter(cooperative=cooperative).select_related("village").order_by("-is_active", "name")


def staff_list(cooperative: Cooperative) -> QuerySet[Role]:
    return (
        Role.objects.filter(cooperative=cooperative, kind__in=list(STAFF_ROLES), is_active=True)
        .select_related("user")
        .order_by("kind", "user__full_name", "id")
    )


def workspace_overview(cooperative: Cooperative) -> dict[str, Any]:
    """What a manager's home shows: outlets, staff, network invitations, networks and their records."""
    memberships = cooperative_memberships(cooperative)
    return {
        "outlets": list(outlet_list(cooperative)),
        "staff": list(staff_list(cooperative)),
        "pending_invitations": [m for m in memberships if m.status == MembershipStatus.INVITED],
        "networks": [m for m in memberships if m.status == MembershipStatus.ACTIVE],
        "past_networks": [m for m in memberships if m.status in (MembershipStatus.LEFT, MembershipStatus.DECLINED)],
    }


def audit_trail_page(
    cooperative: Cooperative, page_number: str | int | None, *, personal_data: bool
) -> tuple[Page, list[AuditEntry]]:
    """The cooperative's audit rows, newest first, one page at a time, described for people (masked without
    `personal_data`)."""
    logs = AuditLog.objects.filter(cooperative=cooperative).select_related("actor").order_by("-created_at", "-id")
    page = Paginator(logs, AUDIT_PAGE_SIZE).get_page(page_number)
    return page, describe_audit_logs(list(page.object_list), personal_data=personal_data)

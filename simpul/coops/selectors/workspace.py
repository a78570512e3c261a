"""Reads for a cooperative's workspace: its home page, outlets, staff and audit trail."""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops.access import STAFF_ROLES
from simpul.coops.models import Cooperative, MembershipStatus, Outlet, Role
from simpul.coops.selectors.networks import cooperative_memberships
from simpul.core.models import AuditLog

AUDIT_PAGE_SIZE = 25

# What each audit event means, in words a manager reads; an unknown event shows as recorded.
AUDIT_EVENTS = {
    "cooperative.registered": gettext_lazy("Cooperative registered"),
    "cooperative.updated": gettext_lazy("Profile changed"),
    "outlet.created": gettext_lazy("Outlet added"),
    "outlet.updated": gettext_lazy("Outlet changed"),
    "network.created": gettext_lazy("Network created"),
    "membership.invited": gettext_lazy("Invited to a network"),
    "membership.accepted": gettext_lazy("Network invitation accepted"),
    "membership.declined": gettext_lazy("Network invitation declined"),
    "membership.left": gettext_lazy("Left a network"),
    "partnership.recorded": gettext_lazy("Partnership agreement recorded"),
    "partnership.document_attached": gettext_lazy("Partnership document attached"),
    "invitation.created": gettext_lazy("Staff invited"),
    "invitation.accepted": gettext_lazy("Staff invitation accepted"),
    "invitation.revoked": gettext_lazy("Staff invitation withdrawn"),
    "role.granted": gettext_lazy("Role granted"),
    "role.revoked": gettext_lazy("Role withdrawn"),
}

# Change keys that are not model fields, named for people.
_EXTRA_LABELS = {
    "network": gettext_lazy("network"),
    "coordinator": gettext_lazy("coordinator"),
    "office": gettext_lazy("office"),
    "note": gettext_lazy("note"),
}


@dataclass
class AuditChange:
    label: str
    old: Any
    new: Any
    is_pair: bool


@dataclass
class AuditEntry:
    log: AuditLog
    label: str
    changes: list[AuditChange] = field(default_factory=list)


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


def _field_for(target_type: str, name: str) -> Any:
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _readable(model_field: Any, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    return choices.get(value, value)


def _describe(log: AuditLog) -> AuditEntry:
    changes = []
    for key, value in (log.changes or {}).items():
        model_field = _field_for(log.target_type, key)
        label = str(getattr(model_field, "verbose_name", "") or _EXTRA_LABELS.get(key, key))
        if isinstance(value, list) and len(value) == 2:
            changes.append(AuditChange(label, _readable(model_field, value[0]), _readable(model_field, value[1]), True))
        else:
            changes.append(AuditChange(label, None, _readable(model_field, value), False))
    return AuditEntry(log=log, label=str(AUDIT_EVENTS.get(log.event, log.event)), changes=changes)


def audit_trail_page(cooperative: Cooperative, page_number: str | int | None) -> tuple[Page, list[AuditEntry]]:
    """The cooperative's audit rows, newest first, one page at a time, described for people."""
    logs = AuditLog.objects.filter(cooperative=cooperative).select_related("actor").order_by("-created_at", "-id")
    page = Paginator(logs, AUDIT_PAGE_SIZE).get_page(page_number)
    return page, [_describe(log) for log in page.object_list]

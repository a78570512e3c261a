"""Audit rows described for people: shared by the cooperative's trail and the Dinas region trail."""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.core.masking import mask_actor_name, mask_audit_changes, mask_audit_label
from simpul.core.models import AuditLog

# What each audit event means, in words a manager reads; an unknown event shows as recorded.
AUDIT_EVENTS = {
    "cooperative.registered": gettext_lazy("Cooperative registered"),
    "cooperative.updated": gettext_lazy("Cooperative profile changed"),
    "outlet.created": gettext_lazy("Outlet added"),
    "outlet.updated": gettext_lazy("Outlet changed"),
    "network.created": gettext_lazy("Network created"),
    "membership.invited": gettext_lazy("Invited to a network"),
    "membership.accepted": gettext_lazy("Network invitation accepted"),
    "membership.declined": gettext_lazy("Network invitation declined"),
    "membership.left": gettext_lazy("Left a network"),
    "partnership.recorded": gettext_lazy("Partnership agreement recorded"),
    "partnership.document_attached": gettext_lazy("Partnership document attached"),
    "supplier.registered": gettext_lazy("Supplier registered"),
    "supplier.updated": gettext_lazy("Supplier profile changed"),
    "office.registered": gettext_lazy("Government office registered"),
    "invitation.created": gettext_lazy("Staff invited"),
    "invitation.accepted": gettext_lazy("Staff invitation accepted"),
    "invitation.revoked": gettext_lazy("Staff invitation withdrawn"),
    "role.granted": gettext_lazy("Role granted"),
    "role.revoked": gettext_lazy("Role withdrawn"),
    # Events of the apps above coops, named here by their strings only (coops imports none of them).
    "ledger.chart_created": gettext_lazy("Chart of accounts created"),
    "ledger.account_created": gettext_lazy("Account added"),
    "ledger.entry_posted": gettext_lazy("Journal entry posted"),
    "ledger.period_closed": gettext_lazy("Period closed"),
    "ledger.account_renamed": gettext_lazy("Account renamed"),
    "ledger.account_deleted": gettext_lazy("Account deleted"),
    "ledger.opening_balances_posted": gettext_lazy("Opening balances posted"),
    "member.registered": gettext_lazy("Member registered"),
    "member.updated": gettext_lazy("Member data changed"),
    "member.exited": gettext_lazy("Member left"),
    "member.imported": gettext_lazy("Members imported from a file"),
    "member.portal_invited": gettext_lazy("Member invited to the member portal"),
    "member.portal_linked": gettext_lazy("Member portal login linked"),
    "member.portal_unlinked": gettext_lazy("Member portal login removed"),
    "savings.products_set_up": gettext_lazy("Savings products set up"),
    "savings.deposit": gettext_lazy("Savings deposit"),
    "savings.withdrawal": gettext_lazy("Savings withdrawal"),
}

# Change keys that are not model fields, named for people.
_EXTRA_LABELS = {
    "network": gettext_lazy("network"),
    "coordinator": gettext_lazy("coordinator"),
    "office": gettext_lazy("office"),
    "note": gettext_lazy("note"),
    "user": gettext_lazy("user"),
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
    target_label: str = ""
    actor_name: str = ""


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
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_readable(model_field, item)) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items()) or "—"
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    return choices.get(value, value)


def describe_audit_log(log: AuditLog, *, personal_data: bool) -> AuditEntry:
    """An audit row in words people read: the event, and each change labelled by the model's own field names.

    `personal_data`: whether the viewer's role reads the member register (`access.reads_member_register`);
    without it NIK, phone, names and amounts are masked (simpul/core/masking.py)."""
    recorded = log.changes or {}
    target_label = log.target_label
    actor_name = log.actor.full_name if log.actor_id and log.actor else ""
    if not personal_data:
        recorded = mask_audit_changes(log.target_type, recorded)
        target_label = mask_audit_label(log.target_type, target_label)
        actor_name = mask_actor_name(log.event, actor_name)
    changes = []
    for key, value in recorded.items():
        model_field = _field_for(log.target_type, key)
        label = str(_EXTRA_LABELS.get(key) or getattr(model_field, "verbose_name", None) or key)
        if isinstance(value, list) and len(value) == 2:
            changes.append(AuditChange(label, _readable(model_field, value[0]), _readable(model_field, value[1]), True))
        else:
            changes.append(AuditChange(label, None, _readable(model_field, value), False))
    label = str(AUDIT_EVENTS.get(log.event, log.event))
    return AuditEntry(log=log, label=label, changes=changes, target_label=target_label, actor_name=actor_name)

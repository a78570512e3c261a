"""The audit trail's sentences for the rows coops writes: cooperatives, outlets, networks, invitations, offices.

Registered from CoopsConfig.ready() (simpul/core/audit.py describes how). Every sentence uses what the row stored,
so none needs a query."""

from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, OfficeKind, OutletKind, RoleKind
from simpul.core.audit import AuditRow, audit_describer_add
from simpul.core.masking import mask_email, mask_phone


def choice(choices: type[TextChoices], value: Any) -> str:
    """A stored choice in words ("manager (pengurus)"); a value the choices do not know, as stored."""
    return str(dict(choices.choices).get(value, value or "—"))


def _cooperative_registered(row: AuditRow) -> str:
    words = {"name": row.value("name") or row.target_label, "office": row.value("office")}
    if words["office"]:
        return _("Cooperative %(name)s registered by %(office)s") % words
    return _("Cooperative %(name)s registered") % words


def _cooperative_updated(row: AuditRow) -> str:
    return _("Cooperative profile changed: %(fields)s") % {"fields": row.changed_fields()}


def _outlet_created(row: AuditRow) -> str:
    words = {"name": row.value("name") or row.target_label, "kind": choice(OutletKind, row.value("kind"))}
    if row.value("kind"):
        return _("Outlet added: %(name)s (%(kind)s)") % words
    return _("Outlet added: %(name)s") % words


def _outlet_updated(row: AuditRow) -> str:
    return _("Outlet %(name)s changed: %(fields)s") % {"name": row.target_label, "fields": row.changed_fields()}


def _network_created(row: AuditRow) -> str:
    return _("Network %(name)s created, coordinated by %(coordinator)s") % {
        "name": row.value("name") or row.target_label,
        "coordinator": row.value("coordinator") or "—",
    }


def _with_note(row: AuditRow, sentence: str) -> str:
    note = row.value("note")
    return _("%(sentence)s: “%(note)s”") % {"sentence": sentence, "note": note} if note else sentence


def _membership(row: AuditRow) -> str:
    words = {"network": row.value("network") or row.target_label}
    sentences = {
        "membership.invited": _("Invited to join the network %(network)s"),
        "membership.accepted": _("Joined the network %(network)s"),
        "membership.declined": _("Declined the invitation to the network %(network)s"),
        "membership.left": _("Left the network %(network)s"),
    }
    return _with_note(row, sentences[row.event] % words)


def _partnership_recorded(row: AuditRow) -> str:
    words = {
        "number": row.value("number") or row.target_label,
        "network": row.value("network"),
        "date": row.date(row.value("signed_on")),
    }
    if row.value("valid_until"):
        words["until"] = row.date(row.value("valid_until"))
        return (
            _(
                "Partnership agreement %(number)s with the network %(network)s recorded, signed on %(date)s, "
                "valid until %(until)s"
            )
            % words
        )
    return _("Partnership agreement %(number)s with the network %(network)s recorded, signed on %(date)s") % words


def _partnership_document(row: AuditRow) -> str:
    words = {"number": row.target_label}
    if row.before("document") == "replaced":
        return _("The document of partnership agreement %(number)s replaced") % words
    return _("Document attached to partnership agreement %(number)s") % words


def _supplier_registered(row: AuditRow) -> str:
    return _("Supplier %(name)s registered") % {"name": row.value("name") or row.target_label}


def _supplier_updated(row: AuditRow) -> str:
    return _("Supplier %(name)s changed: %(fields)s") % {"name": row.target_label, "fields": row.changed_fields()}


def _office_registered(row: AuditRow) -> str:
    return _("Office %(name)s registered (%(kind)s)") % {
        "name": row.value("name") or row.target_label,
        "kind": choice(OfficeKind, row.value("kind")),
    }


def _invitation_created(row: AuditRow) -> str:
    # On a person's row the name is already masked for a viewer without the member register.
    return _("%(name)s invited as %(role)s") % {
        "name": row.value("full_name") or row.target_label,
        "role": choice(RoleKind, row.value("kind")),
    }


def _invitee(row: AuditRow) -> str:
    """The invited person's name from the row's label ("Budi Santoso (Manager)", masked as the label is)."""
    return row.target_label.partition(" (")[0] or "—"


def _invitation_accepted(row: AuditRow) -> str:
    words = {"name": _invitee(row), "role": choice(RoleKind, row.value("kind"))}
    if row.value("new_account") is True:
        return _("%(name)s accepted the invitation as %(role)s with a new account") % words
    return _("%(name)s accepted the invitation as %(role)s") % words


def _invitation_revoked(row: AuditRow) -> str:
    return _("Invitation of %(name)s as %(role)s withdrawn") % {
        "name": _invitee(row),
        "role": choice(RoleKind, row.value("kind")),
    }


def _login(row: AuditRow) -> str:
    """The person's login as recorded (an e-mail or a phone number), masked for a viewer without personal data."""
    login = str(row.value("user") or "")
    if not login or row.personal_data:
        return login or "—"
    return mask_email(login) if "@" in login else mask_phone(login)


def _role_granted(row: AuditRow) -> str:
    words = {"user": _login(row), "role": choice(RoleKind, row.value("kind"))}
    if row.event == "role.revoked":
        return _("Role %(role)s withdrawn from %(user)s") % words
    return _("Role %(role)s granted to %(user)s") % words


def _cooperative_labels() -> dict[str, Any]:
    """The cooperative's field names: a request's changes name the cooperative's fields, not the request's."""
    return {field.name: field.verbose_name for field in Cooperative._meta.concrete_fields}


def _identity_requested(row: AuditRow) -> str:
    return _("Change of legal identity requested from the Dinas: %(fields)s") % {
        "fields": row.changed_fields(_cooperative_labels())
    }


def _identity_decided(row: AuditRow) -> str:
    words = {"office": row.value("office") or "—"}
    if row.event == "cooperative.identity_approved":
        return _with_note(row, _("Change of legal identity approved by %(office)s") % words)
    return _with_note(row, _("Change of legal identity rejected by %(office)s") % words)


def _identity_changed(row: AuditRow) -> str:
    return _("Legal identity changed: %(fields)s") % {"fields": row.changed_fields()}


def register() -> None:
    audit_describer_add(["cooperative.registered"], _cooperative_registered)
    audit_describer_add(["cooperative.updated"], _cooperative_updated, details=True)
    audit_describer_add(["outlet.created"], _outlet_created)
    audit_describer_add(["outlet.updated"], _outlet_updated, details=True)
    audit_describer_add(["network.created"], _network_created)
    audit_describer_add(
        ["membership.invited", "membership.accepted", "membership.declined", "membership.left"], _membership
    )
    audit_describer_add(["partnership.recorded"], _partnership_recorded)
    audit_describer_add(["partnership.document_attached"], _partnership_document)
    audit_describer_add(
        ["supplier.registered", "supplier.created"], _supplier_registered, details=["nib", "regions_served"]
    )
    audit_describer_add(["supplier.updated"], _supplier_updated, details=True)
    audit_describer_add(["office.registered", "office.created"], _office_registered)
    audit_describer_add(["invitation.created"], _invitation_created, details=["email", "phone"])
    audit_describer_add(["invitation.accepted"], _invitation_accepted)
    audit_describer_add(["invitation.revoked"], _invitation_revoked, details=["email", "phone"])
    audit_describer_add(["role.granted", "role.revoked"], _role_granted)
    audit_describer_add(["cooperative.identity_requested"], _identity_requested, details=True)
    audit_describer_add(["cooperative.identity_approved", "cooperative.identity_rejected"], _identity_decided)
    audit_describer_add(["cooperative.identity_changed"], _identity_changed, details=True)

"""The audit trail's sentences for needs (registered from NeedsConfig.ready(); simpul/core/audit.py describes how)."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add
from simpul.needs.models import NeedStatus, PledgeStatus


def _status(value: str, choices: type[NeedStatus] | type[PledgeStatus]) -> str:
    return str(choices(value).label) if value in choices.values else value or "—"


def _created(row: AuditRow) -> str:
    return _("Need %(need)s posted: %(item)s") % {"need": row.value("need") or "—", "item": row.value("item") or "—"}


def _updated(row: AuditRow) -> str:
    return _("Draft need %(need)s changed") % {"need": row.value("need") or "—"}


def _status_changed(row: AuditRow) -> str:
    return _("Need %(need)s moved from %(from)s to %(to)s") % {
        "need": row.value("need") or "—",
        "from": _status(row.before("status"), NeedStatus),
        "to": _status(row.value("status"), NeedStatus),
    }


def _assigned(row: AuditRow) -> str:
    return _("Need %(need)s assigned to officer %(officer)s") % {
        "need": row.value("need") or "—",
        "officer": row.person(row.value("officer")),
    }


def _commented(row: AuditRow) -> str:
    return _("Message on need %(need)s") % {"need": row.value("need") or "—"}


def _offered(row: AuditRow) -> str:
    return _("%(giver)s pledged %(quantity)s %(unit)s at %(price)s a unit to need %(need)s") % {
        "giver": row.value("giver") or "—",
        "quantity": row.value("quantity") or "—",
        "unit": row.value("unit"),
        "price": row.money(row.value("unit_price")),
        "need": row.value("need") or "—",
    }


def _pledge_status(row: AuditRow) -> str:
    return _("Pledge of %(giver)s to need %(need)s moved from %(from)s to %(to)s") % {
        "giver": row.value("giver") or "—",
        "need": row.value("need") or "—",
        "from": _status(row.before("status"), PledgeStatus),
        "to": _status(row.value("status"), PledgeStatus),
    }


def register() -> None:
    audit_describer_add(["need.created"], _created)
    audit_describer_add(["need.updated"], _updated)
    audit_describer_add(["need.status_changed"], _status_changed, details=["note"])
    audit_describer_add(["need.assigned"], _assigned)
    audit_describer_add(["need.commented"], _commented)
    audit_describer_add(["pledge.offered"], _offered)
    audit_describer_add(["pledge.status_changed"], _pledge_status, details=["received_quantity"])

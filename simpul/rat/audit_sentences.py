"""The audit trail's sentences for RAT reports (registered from RatConfig.ready(); simpul/core/audit.py)."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add


def _recorded(row: AuditRow) -> str:
    return _("RAT of fiscal year %(year)s recorded") % {"year": row.value("fiscal_year") or "—"}


def _updated(row: AuditRow) -> str:
    return _("RAT of fiscal year %(year)s changed") % {"year": row.value("fiscal_year") or "—"}


def _submitted(row: AuditRow) -> str:
    return _("RAT report of fiscal year %(year)s submitted to the Dinas") % {"year": row.value("fiscal_year") or "—"}


def _accepted(row: AuditRow) -> str:
    return _("RAT report of fiscal year %(year)s accepted by the Dinas") % {"year": row.value("fiscal_year") or "—"}


def _returned(row: AuditRow) -> str:
    return _("RAT report of fiscal year %(year)s returned by the Dinas") % {"year": row.value("fiscal_year") or "—"}


def _reminded(row: AuditRow) -> str:
    return _("Reminder sent about the RAT of fiscal year %(year)s") % {"year": row.value("fiscal_year") or "—"}


def register() -> None:
    audit_describer_add(["rat.recorded"], _recorded)
    audit_describer_add(["rat.updated"], _updated)
    audit_describer_add(["rat.submitted"], _submitted)
    audit_describer_add(["rat.accepted"], _accepted)
    audit_describer_add(["rat.returned"], _returned, details=["comment"])
    audit_describer_add(["rat.reminded"], _reminded)

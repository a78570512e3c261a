"""The audit trail's sentences for shifts, the mart's settings, voids and returns with the manager's PIN, and kasbon
(registered from MartConfig.ready(); simpul/core/audit.py describes how)."""

from typing import Any

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRef, AuditRow, audit_describer_add
from simpul.core.models import AuditLog


def _member_refs(log: AuditLog) -> list[AuditRef]:
    changes: dict[str, Any] = log.changes if isinstance(log.changes, dict) else {}
    return [("member", str(changes.get("member", "")))]


def _member(row: AuditRow) -> str:
    member = row.ref("member", row.value("member"))
    if member is None:
        return _("a member")
    return f"{row.person(member.name)} ({member.number_display})"


def _shift_opened(row: AuditRow) -> str:
    return _("Shift opened at %(outlet)s with %(cash)s in the till (checklist %(checklist)s)") % {
        "outlet": row.value("outlet") or "—",
        "cash": row.money(row.value("opening_cash")),
        "checklist": row.value("checklist") or "—",
    }


def _shift_closed(row: AuditRow) -> str:
    return _("Shift closed at %(outlet)s: %(counted)s counted, %(expected)s expected, variance %(variance)s") % {
        "outlet": row.value("outlet") or "—",
        "counted": row.money(row.value("counted_cash")),
        "expected": row.money(row.value("expected_cash")),
        "variance": row.money(row.value("variance")),
    }


def _settings(row: AuditRow) -> str:
    return _("Mart settings changed")


def _pin_refused(row: AuditRow) -> str:
    return _("Wrong manager's PIN typed at the till")


def _voided(row: AuditRow) -> str:
    return _("Sale %(number)s voided with the manager's PIN: %(refund)s paid back (%(reason)s)") % {
        "number": row.value("sale") or "—",
        "refund": row.money(row.value("refund")),
        "reason": row.value("reason") or "—",
    }


def _returned(row: AuditRow) -> str:
    return _("Goods of sale %(number)s returned with the manager's PIN: %(refund)s paid back (%(reason)s)") % {
        "number": row.value("sale") or "—",
        "refund": row.money(row.value("refund")),
        "reason": row.value("reason") or "—",
    }


def _limit(row: AuditRow) -> str:
    return _("Kasbon limit of %(member)s set from %(old)s to %(new)s") % {
        "member": _member(row),
        "old": row.money(row.before("limit")),
        "new": row.money(row.value("limit")),
    }


def _repaid(row: AuditRow) -> str:
    return _("Kasbon of %(amount)s repaid by %(member)s; %(balance)s still owed") % {
        "amount": row.money(row.value("amount")),
        "member": _member(row),
        "balance": row.money(row.value("balance")),
    }


def register() -> None:
    audit_describer_add(["mart.shift_opened"], _shift_opened)
    audit_describer_add(["mart.shift_closed"], _shift_closed, details=["journal_entry", "note"])
    audit_describer_add(["mart.settings_updated"], _settings, details=True)
    audit_describer_add(["mart.pin_refused"], _pin_refused)
    audit_describer_add(["mart.sale_voided"], _voided, details=["journal_entry"])
    audit_describer_add(["mart.sale_returned"], _returned, details=["journal_entry"])
    audit_describer_add(["mart.kasbon_limit_set"], _limit, refs=_member_refs)
    audit_describer_add(["mart.kasbon_repaid"], _repaid, refs=_member_refs, details=["journal_entry"])

"""The audit trail's sentences for Belanja Bareng (registered from JointbuyConfig.ready(); simpul/core/audit.py
describes how)."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add


def _opened(row: AuditRow) -> str:
    return _("Joint purchasing round %(title)s opened with %(items)s items") % {
        "title": row.value("title") or "—",
        "items": row.value("items") or 0,
    }


def _committed(row: AuditRow) -> str:
    # The changes are keyed by item id: [quantity, tolerance].
    return _("Commitments to a joint purchasing round set for %(count)s items") % {"count": len(row.changes)}


def _closed(row: AuditRow) -> str:
    return _("Joint purchasing round closed: %(cases)s cases ordered") % {"cases": row.value("cases") or 0}


def _confirmed(row: AuditRow) -> str:
    return _("Purchase order %(order)s of a joint purchasing round confirmed by the supplier") % {
        "order": row.value("order") or "—"
    }


def _received(row: AuditRow) -> str:
    return _("Goods of joint purchasing round %(round)s received (%(total)s, goods receipt %(receipt)s)") % {
        "round": row.value("round") or "—",
        "total": row.money(row.value("total")),
        "receipt": row.value("receipt") or "—",
    }


def _template(row: AuditRow) -> str:
    return _("Joint purchasing round %(title)s made recurring, next opening on %(date)s") % {
        "title": row.value("title") or "—",
        "date": row.value("next_open_on") or "—",
    }


def _bill_paid(row: AuditRow) -> str:
    return _("%(amount)s paid to %(coordinator)s for joint purchasing round %(round)s") % {
        "amount": row.money(row.value("amount")),
        "coordinator": row.value("coordinator") or "—",
        "round": row.value("round") or "—",
    }


def register() -> None:
    from simpul.jointbuy.services.agreements import agreement_sentence

    audit_describer_add(["jointbuy.agreement_created"], agreement_sentence)
    audit_describer_add(["jointbuy.round_opened"], _opened, details=["suppliers"])
    audit_describer_add(["jointbuy.committed"], _committed)
    audit_describer_add(["jointbuy.round_closed"], _closed)
    audit_describer_add(["jointbuy.order_confirmed"], _confirmed)
    audit_describer_add(["jointbuy.received"], _received)
    audit_describer_add(["jointbuy.bill_paid"], _bill_paid)
    audit_describer_add(["jointbuy.template_created"], _template, details=["every_months"])

"""The audit trail's sentences for the network's Koperasi Mart standard and its adoption by member marts.

register() is called from MartConfig.ready() (simpul/core/audit.py describes how)."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add


def _standard_saved(row: AuditRow) -> str:
    return _("Standard product %(name)s saved, recommended price %(price)s") % {
        "name": row.target_label,
        "price": row.money(row.value("recommended_price")) if "recommended_price" in row.changes else "—",
    }


def _standard_removed(row: AuditRow) -> str:
    return _("Standard product %(name)s taken off the list") % {"name": row.before("name") or row.target_label}


def _checklist_set(row: AuditRow) -> str:
    phase = row.changes.get("phase")
    texts = row.value("texts") or []
    words = {"count": len(texts) if isinstance(texts, list) else 0}
    if phase == "closing":
        return _("Closing checklist of the mart standard set: %(count)s checks") % words
    return _("Opening checklist of the mart standard set: %(count)s checks") % words


def _het_published(row: AuditRow) -> str:
    return _("HET of %(staple)s in %(region)s published: %(price)s per %(unit)s from %(date)s") % {
        "staple": row.changes.get("staple", ""),
        "region": row.changes.get("region", ""),
        "price": row.money(row.value("price")),
        "unit": row.changes.get("unit", ""),
        "date": row.date(row.changes.get("valid_from")),
    }


def _adopted(row: AuditRow) -> str:
    return _("Mart standard of %(network)s adopted: %(created)s products added, %(linked)s linked") % {
        "network": row.changes.get("network") or row.target_label,
        "created": row.changes.get("created", 0),
        "linked": row.changes.get("linked", 0),
    }


def _exchange(row: AuditRow) -> str:
    words = {
        "number": row.changes.get("number", ""),
        "buyer": row.changes.get("buyer", ""),
        "seller": row.changes.get("seller", ""),
        "quantity": row.changes.get("quantity", ""),
        "unit": row.changes.get("unit", ""),
    }
    if row.event == "mart.exchange_accepted":
        return _("Staple exchange %(number)s accepted: %(seller)s sent %(quantity)s %(unit)s to %(buyer)s") % words
    if row.event == "mart.exchange_refused":
        return _("Staple exchange %(number)s refused by %(seller)s") % words
    return _("Staple exchange %(number)s: %(buyer)s asked %(seller)s for %(quantity)s %(unit)s") % words


def register() -> None:
    audit_describer_add(["mart.standard_product_saved"], _standard_saved, details=True)
    audit_describer_add(["mart.standard_product_removed"], _standard_removed)
    audit_describer_add(["mart.checklist_set"], _checklist_set)
    audit_describer_add(["mart.het_published"], _het_published)
    audit_describer_add(["mart.standard_adopted"], _adopted)
    audit_describer_add(["mart.exchange_requested", "mart.exchange_accepted", "mart.exchange_refused"], _exchange)

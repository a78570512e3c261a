"""The audit trail's sentences for the mart's catalog: categories, products, prices above the HET, imports.

register() is called from MartConfig.ready() (simpul/core/audit.py describes how)."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add


def _category_created(row: AuditRow) -> str:
    return _("Product category %(name)s created") % {"name": row.value("name") or row.target_label}


def _product_created(row: AuditRow) -> str:
    return _("Product %(name)s added to the mart at %(price)s") % {
        "name": row.target_label,
        "price": row.money(row.value("price")),
    }


def _product_updated(row: AuditRow) -> str:
    labels = {"units": _("units"), "barcodes": _("barcodes"), "category_id": _("category")}
    if "is_active" in row.changes and len(row.changes) == 1:
        if row.value("is_active") in (False, "False", "false"):
            return _("Product %(name)s retired (no longer sold)") % {"name": row.target_label}
        return _("Product %(name)s sold again") % {"name": row.target_label}
    return _("Product %(name)s changed: %(fields)s") % {
        "name": row.target_label,
        "fields": row.changed_fields(labels),
    }


def _price_above_het(row: AuditRow) -> str:
    return _("Price of %(name)s set above the HET at %(price)s: %(reason)s") % {
        "name": row.target_label,
        "price": row.money(row.value("price")),
        "reason": row.value("het_reason") or "—",
    }


def _imported(row: AuditRow) -> str:
    return _("Products imported from %(filename)s: %(created)s new, %(updated)s changed") % {
        "filename": row.value("filename") or "—",
        "created": row.value("created", 0),
        "updated": row.value("updated", 0),
    }


def register() -> None:
    audit_describer_add(["mart.category_created"], _category_created)
    audit_describer_add(["mart.product_created"], _product_created, details=True)
    audit_describer_add(["mart.product_updated"], _product_updated, details=True)
    audit_describer_add(["mart.price_above_het"], _price_above_het)
    audit_describer_add(["mart.products_imported"], _imported)

"""The audit trail's sentences for the mart's stock and purchasing (opening stock, counts, transfers, suppliers,
orders, receipts, invoices, payments, returns). `register()` is called from MartConfig.ready()."""

from django.utils.translation import gettext as _

from simpul.core.audit import AuditRow, audit_describer_add
from simpul.mart.models import PurchaseOrderStatus


def _status(value: object) -> str:
    return str(dict(PurchaseOrderStatus.choices).get(str(value), value or "—"))


def _stock(row: AuditRow) -> str:
    words = {
        "target": row.target_label or "—",
        "value": row.money(row.value("value")),
        "products": row.value("products", "—"),
        "difference": row.money(row.value("difference")),
    }
    sentences = {
        "mart.stock_opening": _("Opening stock of %(target)s: %(products)s products worth %(value)s"),
        "mart.stock_transfer": _("Stock transfer %(target)s: %(products)s products worth %(value)s"),
        "mart.stock_count_started": _("Stock count started at %(target)s"),
        "mart.stock_count_line": _("Stock count at %(target)s: a product counted"),
        "mart.stock_count_posted": _(
            "Stock count at %(target)s posted: %(products)s products differ, difference %(difference)s"
        ),
        "mart.stock_count_cancelled": _("Stock count at %(target)s cancelled"),
    }
    return sentences[row.event] % words


def _purchasing(row: AuditRow) -> str:
    words = {
        "target": row.target_label or "—",
        "total": row.money(row.value("total")),
        "amount": row.money(row.value("amount")),
        "supplier": row.value("supplier", "—"),
        "before": _status(row.before("status")),
        "after": _status(row.value("status")),
    }
    sentences = {
        "mart.supplier_created": _("Supplier %(target)s added"),
        "mart.supplier_updated": _("Supplier %(target)s changed"),
        "mart.purchase_order_created": _("Purchase order %(target)s to %(supplier)s drawn up, total %(total)s"),
        "mart.purchase_order_transition": _("Purchase order %(target)s: %(before)s → %(after)s"),
        "mart.goods_received": _("Goods receipt %(target)s from %(supplier)s: %(total)s"),
        "mart.supplier_invoice_recorded": _("Invoice %(target)s of %(supplier)s recorded: %(amount)s"),
        "mart.supplier_paid": _("Payment of %(amount)s to %(supplier)s"),
        "mart.supplier_return": _("Goods returned to %(supplier)s: %(total)s"),
        "mart.supplier_payable_passed_on": _("%(amount)s owed to %(supplier)s for goods billed on to a cooperative"),
    }
    return sentences[row.event] % words


STOCK_EVENTS = (
    "mart.stock_opening",
    "mart.stock_transfer",
    "mart.stock_count_started",
    "mart.stock_count_line",
    "mart.stock_count_posted",
    "mart.stock_count_cancelled",
)
PURCHASING_EVENTS = (
    "mart.supplier_created",
    "mart.supplier_updated",
    "mart.purchase_order_created",
    "mart.purchase_order_transition",
    "mart.goods_received",
    "mart.supplier_invoice_recorded",
    "mart.supplier_paid",
    "mart.supplier_return",
    "mart.supplier_payable_passed_on",
)


def register() -> None:
    audit_describer_add(STOCK_EVENTS, _stock)
    audit_describer_add(("mart.supplier_updated",), _purchasing, details=True)
    audit_describer_add([e for e in PURCHASING_EVENTS if e != "mart.supplier_updated"], _purchasing)

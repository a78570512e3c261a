"""Buying for the mart: suppliers, purchase orders, goods receipts, supplier invoices, payments and returns.

Locks are taken in one order everywhere: the purchase order, then the stock rows (in primary-key order,
lock_stock_levels), then the supplier, then the ledger's sequence (inside journal_post). A receipt posts
Dr 1302 Persediaan Koperasi Mart / Cr 2104 Utang Usaha Koperasi Mart; a payment Dr 2104 / Cr cash or bank; a return
Dr 2104 / Cr 1302. The supplier's `balance` is the payables subledger per supplier: it moves with every posting to
2104, under the supplier's row lock."""

from simpul.mart.purchasing.services.orders import (
    MANUAL_TRANSITIONS,
    TRANSITIONS,
    OrderLineInput,
    purchase_order_create,
    purchase_order_get,
    purchase_order_transition,
)
from simpul.mart.purchasing.services.payables import (
    supplier_invoice_record,
    supplier_payment_record,
    supplier_return_record,
)
from simpul.mart.purchasing.services.receipts import ReceiptLineInput, goods_receipt_record
from simpul.mart.purchasing.services.suppliers import supplier_create, supplier_get, supplier_update

__all__ = [
    "MANUAL_TRANSITIONS",
    "TRANSITIONS",
    "OrderLineInput",
    "ReceiptLineInput",
    "goods_receipt_record",
    "purchase_order_create",
    "purchase_order_get",
    "purchase_order_transition",
    "supplier_create",
    "supplier_get",
    "supplier_invoice_record",
    "supplier_payment_record",
    "supplier_return_record",
    "supplier_update",
]

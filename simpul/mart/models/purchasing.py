"""Buying for the mart: suppliers, purchase orders, goods receipts, supplier invoices, payments and returns."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, Outlet, Supplier
from simpul.mart.models import fields
from simpul.mart.models.catalog import Product, ProductUnit


class MartSupplier(models.Model):
    """Who the mart buys from: a wholesaler in town, or a platform supplier (Bulog, a distributor)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("phone/WhatsApp"), max_length=20, blank=True, default="")
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # What the mart owes it now (the payables subledger per supplier).
    balance = fields.money(_("owed"))
    products = models.ManyToManyField(Product, blank=True, related_name="suppliers", through="SupplierProduct")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "name"], name="mart_supplier_name")]

    def __str__(self) -> str:
        return self.name


class SupplierProduct(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(MartSupplier, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    last_cost = fields.unit_cost(_("last cost per base unit"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "supplier", "product"], name="mart_supplier_product")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}:{self.product_id}"


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    PARTLY_RECEIVED = "partly_received", _("partly received")
    RECEIVED = "received", _("received")
    CANCELLED = "cancelled", _("cancelled")


class PurchaseOrder(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(MartSupplier, on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(_("number"), max_length=40)
    status = models.CharField(max_length=16, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.DRAFT)
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "number"], name="mart_po_number")]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(ProductUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    quantity = fields.quantity(_("quantity"))
    unit_cost = fields.money(_("price per unit"))
    received = fields.quantity(_("received"))  # in the same unit

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="mart_po_line_positive")]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"


class GoodsReceipt(models.Model):
    """Goods that arrived: good units enter stock at their cost and the payable is posted (partial, short or damaged
    deliveries say so per line)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(MartSupplier, on_delete=models.PROTECT, related_name="receipts")
    order = models.ForeignKey(PurchaseOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts")
    number = models.CharField(_("number"), max_length=40)
    delivery_note = models.CharField(_("supplier's delivery note"), max_length=80, blank=True, default="")
    total = fields.money(_("total"))
    journal_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "number"], name="mart_receipt_number")]

    def __str__(self) -> str:
        return self.number


class GoodsReceiptLine(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    receipt = models.ForeignKey(GoodsReceipt, on_delete=models.PROTECT, related_name="lines")
    order_line = models.ForeignKey(
        PurchaseOrderLine, null=True, blank=True, on_delete=models.PROTECT, related_name="receipt_lines"
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(ProductUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    quantity = fields.quantity(_("good units received"))
    damaged = fields.quantity(_("damaged"))
    unit_cost = fields.money(_("price per unit"))
    total = fields.money(_("total"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0) & Q(damaged__gte=0), name="mart_receipt_line_qty")
        ]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.quantity}"


class SupplierInvoice(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(MartSupplier, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=60)
    date = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    amount = fields.money(_("amount"))
    paid = fields.money(_("paid"))
    receipts = models.ManyToManyField(GoodsReceipt, blank=True, related_name="invoices", through="InvoiceReceipt")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supplier invoice")
        verbose_name_plural = _("supplier invoices")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "supplier", "number"], name="mart_invoice_number"),
            models.CheckConstraint(condition=Q(paid__lte=models.F("amount")), name="mart_invoice_not_overpaid"),
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceReceipt(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(SupplierInvoice, on_delete=models.CASCADE, related_name="+")
    receipt = models.ForeignKey(GoodsReceipt, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "invoice", "receipt"], name="mart_invoice_receipt")
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}:{self.receipt_id}"


class SupplierPayment(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(MartSupplier, on_delete=models.PROTECT, related_name="payments")
    invoice = models.ForeignKey(
        SupplierInvoice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = fields.money(_("amount"))
    from_account = models.CharField(_("paid from"), max_length=20)  # chart.CASH or chart.BANK
    date = models.DateField(_("date"))
    journal_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supplier payment")
        verbose_name_plural = _("supplier payments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="mart_supplier_payment_positive")]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.amount}"


class SupplierReturn(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(MartSupplier, on_delete=models.PROTECT, related_name="returns")
    reason = models.CharField(_("reason"), max_length=255)
    total = fields.money(_("total"))
    journal_entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("return to supplier")
        verbose_name_plural = _("returns to supplier")

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.total}"


class SupplierReturnLine(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    supplier_return = models.ForeignKey(SupplierReturn, on_delete=models.PROTECT, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    base_quantity = fields.quantity(_("quantity"))
    value = fields.money(_("value"))

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(base_quantity__gt=0), name="mart_supplier_return_line_qty")]

    def __str__(self) -> str:
        return f"{self.product_id} × {self.base_quantity}"

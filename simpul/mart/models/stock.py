"""Stock per outlet: an append-only ledger of moves, and the level row each move updates under its lock.

On-hand and value of a StockLevel always equal the sums of its moves (verify_books checks it); the value is what the
inventory control account holds for it, so the books and the shelves cannot drift apart."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, Outlet
from simpul.mart.models import fields
from simpul.mart.models.catalog import Product


class StockLevel(models.Model):
    """Quantity on hand, its value and moving-average cost of one product in one outlet; changed only under its lock."""

    # No index of its own: the composite indexes below start with it (fewer index entries on every sale).
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="stock_levels")
    quantity = fields.quantity(_("on hand"))
    value = fields.money(_("stock value"))
    average_cost = fields.unit_cost(_("average cost"))
    last_move_at = models.DateTimeField(null=True, blank=True)
    last_sold_at = models.DateTimeField(null=True, blank=True)
    last_received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "outlet", "product"], name="mart_stock_level_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.outlet_id}: {self.quantity}"


class MoveKind(models.TextChoices):
    OPENING = "opening", _("opening stock")
    RECEIPT = "receipt", _("goods receipt")
    SALE = "sale", _("sale")
    SALE_RETURN = "sale_return", _("customer return")
    SUPPLIER_RETURN = "supplier_return", _("return to supplier")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    TRANSFER_IN = "transfer_in", _("transfer in")
    ADJUSTMENT = "adjustment", _("adjustment")
    COUNT = "count", _("stock count")


class StockMove(models.Model):
    """One change of stock, never edited or deleted. Quantity and value are signed (in: positive)."""

    # No single-column indexes: the composite indexes below start with the cooperative, every read of moves is the
    # cooperative's, and products, outlets and users are never deleted. A sale writes a move per line, and each
    # index would be one more entry for every move.
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+", db_index=False)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+", db_index=False)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=16, choices=MoveKind.choices)
    quantity = fields.quantity(_("quantity"))
    value = fields.money(_("value"))
    unit_cost = fields.unit_cost(_("unit cost"))
    quantity_after = fields.quantity(_("on hand after"))
    value_after = fields.money(_("value after"))
    # What caused it, e.g. "sale:123", "receipt:7", "count:3": shown as a link in the stock card.
    document = models.CharField(max_length=40, blank=True, default="")
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        indexes = [
            models.Index(fields=["cooperative", "outlet", "product", "id"], name="mart_move_card"),
            models.Index(fields=["cooperative", "created_at"], name="mart_move_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity}"


class StockTransfer(models.Model):
    """Goods moved between two outlets of the same cooperative: a move out and a move in at the same cost."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    from_outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    to_outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("stock transfer")
        verbose_name_plural = _("stock transfers")
        constraints = [
            models.CheckConstraint(condition=~Q(from_outlet=models.F("to_outlet")), name="mart_transfer_two_outlets")
        ]

    def __str__(self) -> str:
        return f"{self.from_outlet_id} → {self.to_outlet_id}"


class StockCountStatus(models.TextChoices):
    OPEN = "open", _("counting")
    POSTED = "posted", _("posted")
    CANCELLED = "cancelled", _("cancelled")


class StockCount(models.Model):
    """A stock opname: products counted on a phone; posting adjusts stock to the counts and posts the value."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=StockCountStatus.choices, default=StockCountStatus.OPEN)
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    posted_at = models.DateTimeField(null=True, blank=True)
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.outlet_id} {self.started_at:%Y-%m-%d}"


class StockCountLine(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    counted = fields.quantity(_("counted"))
    # Filled when the count is posted: what the books said then, and the value of the difference.
    expected = fields.quantity(_("expected"), null=True, blank=True)
    variance_value = fields.money(_("variance value"), null=True, blank=True)
    counted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("counted product")
        verbose_name_plural = _("counted products")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "count", "product"], name="mart_count_line_product"),
            models.CheckConstraint(condition=Q(counted__gte=0), name="mart_count_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.counted}"

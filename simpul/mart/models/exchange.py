"""Staples exchanged between cooperatives of a network: a mart short of a staple asks a member mart that holds it
(issue 12 §5). The row is the explicit two-sided record: `cooperative` is the buyer (who asked), `seller` the mart
asked; on acceptance it names the seller's sale and the buyer's goods receipt, each in its own cooperative's books."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, Outlet
from simpul.core.money import quantize
from simpul.mart.models import fields
from simpul.mart.models.catalog import Product
from simpul.mart.models.purchasing import GoodsReceipt, MartSupplier
from simpul.mart.models.sales import Sale


class ExchangeStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class StapleExchange(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")  # the buyer
    seller = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    staple = models.CharField(_("staple"), max_length=20)
    buyer_product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    buyer_outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="+")
    quantity = fields.quantity(_("quantity asked"))
    unit = models.CharField(_("unit"), max_length=20)
    unit_price = fields.money(_("price per unit"))
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    status = models.CharField(max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.REQUESTED)
    accepted_quantity = fields.quantity(_("quantity sent"))
    refusal_reason = models.CharField(_("reason"), max_length=255, blank=True, default="")
    seller_product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    seller_outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sale = models.ForeignKey(Sale, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(MartSupplier, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    receipt = models.ForeignKey(GoodsReceipt, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("staple exchange")
        verbose_name_plural = _("staple exchanges")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["cooperative", "created_at"], name="mart_exchange_buyer"),
            models.Index(fields=["seller", "status", "created_at"], name="mart_exchange_seller"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="mart_exchange_quantity"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="mart_exchange_price"),
            models.CheckConstraint(condition=~Q(seller=models.F("cooperative")), name="mart_exchange_two_sides"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | (Q(sale__isnull=False) & Q(receipt__isnull=False)),
                name="mart_exchange_accepted_documents",
            ),
        ]

    def __str__(self) -> str:
        return f"TB-{self.pk}"

    @property
    def number(self) -> str:
        return f"TB-{self.pk:05d}"

    @property
    def total(self) -> Decimal:
        quantity = self.accepted_quantity if self.status == ExchangeStatus.ACCEPTED else self.quantity
        return quantize(quantity * self.unit_price)

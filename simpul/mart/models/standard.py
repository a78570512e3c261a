"""A network's Koperasi Mart standard: its checklists and its standard product list (its HET list is PriceCeiling)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Network
from simpul.mart.models import fields
from simpul.mart.models.catalog import Staple


class ChecklistPhase(models.TextChoices):
    OPENING = "opening", _("opening")
    CLOSING = "closing", _("closing")


class StandardChecklistItem(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(_("when"), max_length=8, choices=ChecklistPhase.choices)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("check"), max_length=200)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["phase", "position", "id"]

    def __str__(self) -> str:
        return self.text


class StandardProduct(models.Model):
    """A product of the network's standard list: member marts adopt it in one step and keep their own prices."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    barcode = models.CharField(_("barcode"), max_length=32, blank=True, default="")
    category = models.CharField(_("category"), max_length=80, blank=True, default="")
    base_unit = models.CharField(_("base unit"), max_length=20, default="pcs")
    fractional = models.BooleanField(_("sold in fractions"), default=False)
    recommended_price = fields.money(_("recommended price"))
    staple = models.CharField(_("regulated staple"), max_length=12, choices=Staple.choices, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("standard product")
        verbose_name_plural = _("standard products")
        ordering = ["category", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="mart_standard_product_name")]

    def __str__(self) -> str:
        return self.name

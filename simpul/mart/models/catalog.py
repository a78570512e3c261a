"""What the mart sells: products, their units and barcodes, categories, and the government's HET for staples."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import Cooperative, Network
from simpul.mart.models import fields
from simpul.regions.models import Region


class Staple(models.TextChoices):
    """Regulated staples: the government sets their highest retail price (HET) per region."""

    NONE = "", _("not regulated")
    RICE = "rice", _("rice")
    COOKING_OIL = "cooking_oil", _("cooking oil")
    SUGAR = "sugar", _("sugar")
    LPG = "lpg", _("LPG")


class Category(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["cooperative", "name"], name="mart_category_name")]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product of one cooperative's mart. Quantities and costs are kept in its base unit (pcs, kg, liter)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    sku = models.CharField(_("SKU"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    base_unit = models.CharField(_("base unit"), max_length=20, default="pcs")
    # pcs cannot be sold in halves; kg and liter can.
    fractional = models.BooleanField(_("sold in fractions"), default=False)
    price = fields.money(_("selling price"))
    member_price = fields.money(_("member price"))
    # Prices include PPN when taxed; the tax part is credited to Utang Pajak at each sale.
    taxed = models.BooleanField(_("subject to PPN"), default=False)
    min_stock = fields.quantity(_("minimum stock"))
    staple = models.CharField(_("regulated staple"), max_length=12, choices=Staple.choices, blank=True, default="")
    # Why the price is above the HET, as the manager confirmed it ("" while the price is within the HET).
    het_reason = models.CharField(_("reason for a price above HET"), max_length=255, blank=True, default="")
    # The UMKM producer who made it: a member of the cooperative, or a name.
    producer = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("producer")
    )
    producer_name = models.CharField(_("producer name"), max_length=150, blank=True, default="")
    standard = models.ForeignKey(
        "mart.StandardProduct", null=True, blank=True, on_delete=models.SET_NULL, related_name="adopted_as"
    )
    lead_time_days = models.PositiveSmallIntegerField(_("supplier lead time (days)"), default=3)
    is_active = models.BooleanField(_("sold"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "sku"], name="mart_product_sku"),
            models.CheckConstraint(condition=Q(price__gte=0) & Q(member_price__gte=0), name="mart_product_prices"),
            models.CheckConstraint(condition=Q(min_stock__gte=0), name="mart_product_min_stock"),
        ]
        indexes = [models.Index(fields=["cooperative", "name"], name="mart_product_name")]

    def __str__(self) -> str:
        return self.name


class ProductUnit(models.Model):
    """A packing of a product: 1 dus = 40 pcs, 1 karung = 25 kg. The base unit itself has factor 1 and no row."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("unit"), max_length=20)
    factor = fields.quantity(_("base units in it"))
    # The price of a whole pack when it differs from factor × the base price (0: factor × price).
    price = fields.money(_("pack price"))

    class Meta:
        verbose_name = _("product unit")
        verbose_name_plural = _("product units")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "product", "name"], name="mart_unit_name"),
            models.CheckConstraint(condition=Q(factor__gt=0), name="mart_unit_factor_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.factor})"


class Barcode(models.Model):
    """A code a scanner reads: EAN-13, UPC-A, EAN-8 with a verified check digit, or the mart's own code."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="barcodes")
    unit = models.ForeignKey(ProductUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="barcodes")
    code = models.CharField(_("barcode"), max_length=32)

    class Meta:
        verbose_name = _("barcode")
        verbose_name_plural = _("barcodes")
        constraints = [models.UniqueConstraint(fields=["cooperative", "code"], name="mart_barcode_code")]

    def __str__(self) -> str:
        return self.code


class PriceCeiling(models.Model):
    """The government's highest retail price (HET) of a staple in a region (a province or a regency), from a date.

    Set by the region's Dinas or published by a network with its standard; the lowest applicable row wins."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    staple = models.CharField(_("staple"), max_length=12, choices=Staple.choices)
    unit = models.CharField(_("unit"), max_length=20, default="kg")
    price = fields.money(_("HET"))
    valid_from = models.DateField(_("valid from"))
    network = models.ForeignKey(Network, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("highest retail price (HET)")
        verbose_name_plural = _("highest retail prices (HET)")
        constraints = [
            models.UniqueConstraint(fields=["region", "staple", "unit", "valid_from"], name="mart_het_unique"),
            models.CheckConstraint(condition=Q(price__gt=0), name="mart_het_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.staple} {self.region_id} {self.price}"


__all__ = ["Barcode", "Category", "PriceCeiling", "Product", "ProductUnit", "Staple"]

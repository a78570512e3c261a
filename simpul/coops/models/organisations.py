"""Cooperatives (the tenants), their outlets, government offices and suppliers."""

import datetime
import zoneinfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.regions.models import Region, within


class CooperativeType(models.TextChoices):
    KUD = "kud", _("Village Unit Cooperative (KUD)")
    KSU = "ksu", _("Multipurpose Cooperative (KSU)")
    KSP = "ksp", _("Savings and Loan Cooperative (KSP)")
    KSPPS = "kspps", _("Sharia Savings, Loan and Financing Cooperative (KSPPS)")
    KOPONTREN = "kopontren", _("Pesantren Cooperative (Kopontren)")
    MERAH_PUTIH = "merah_putih", _("Koperasi Desa/Kelurahan Merah Putih")
    KARYAWAN = "karyawan", _("Employees' Cooperative")
    PRODUSEN = "produsen", _("Producers' Cooperative")
    PEMASARAN = "pemasaran", _("Marketing Cooperative")
    SEKUNDER = "sekunder", _("Secondary Cooperative")


class CooperativeStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    DISSOLVED = "dissolved", _("dissolved")


class Cooperative(models.Model):
    """The tenant: every tenant-owned row carries its id."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    nik_koperasi = models.CharField(_("NIK Koperasi"), max_length=16, unique=True, null=True, blank=True)
    deed_number = models.CharField(_("legal-entity deed number"), max_length=100, blank=True, default="")
    deed_date = models.DateField(_("deed date"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=CooperativeType.choices)
    is_sharia = models.BooleanField(_("sharia"), default=False)
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    # The village's ancestors copied on, so region listings read one indexed column.
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=20, blank=True, default="")
    whatsapp = models.CharField(_("WhatsApp"), max_length=20, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    fiscal_year_start_month = models.PositiveSmallIntegerField(_("fiscal year starts in month"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=CooperativeStatus.choices, default=CooperativeStatus.ACTIVE
    )
    description = models.TextField(_("about"), blank=True, default="")
    # Lower-cased name for directory search (SQLite LIKE and PostgreSQL trigram index alike).
    search_name = models.CharField(max_length=200, editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        # Listings filter by one copied region code and page through names; breakdowns group by type and status.
        indexes = [
            models.Index(fields=["search_name", "id"], name="coop_name_order"),
            models.Index(fields=["province_code", "search_name", "id"], name="coop_province_name"),
            models.Index(fields=["regency_code", "search_name", "id"], name="coop_regency_name"),
            models.Index(fields=["district_code", "search_name", "id"], name="coop_district_name"),
            models.Index(fields=["regency_code", "type", "status"], name="coop_regency_type_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="coop_fiscal_month_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_code(self) -> str:
        return self.village_id  # type: ignore[return-value]

    @property
    def timezone(self) -> str:
        """The IANA zone business days are cut in: WIB, WITA or WIT, from the province."""
        return self.village.timezone

    def today(self) -> datetime.date:
        """Today in the cooperative's own zone (WIB, WITA or WIT): the business day its books and till are in."""
        return timezone.localdate(timezone=zoneinfo.ZoneInfo(self.timezone))


class OutletKind(models.TextChoices):
    MART = "mart", _("Koperasi Mart")
    WARUNG = "warung", _("warung")
    STALL = "stall", _("stall")


class Outlet(models.Model):
    """A cooperative's shop."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="outlets")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=OutletKind.choices, default=OutletKind.MART)
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    village = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    is_active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        constraints = [models.UniqueConstraint(fields=["cooperative", "name"], name="outlet_unique_name")]

    def __str__(self) -> str:
        return self.name


class OfficeKind(models.TextChoices):
    REGENCY = "regency", _("Dinas Koperasi of a regency/city")
    PROVINCE = "province", _("Dinas Koperasi of a province")
    MINISTRY = "ministry", _("Ministry of Cooperatives")


class GovernmentOffice(models.Model):
    """A Dinas Koperasi or the ministry. Its scope is the region subtree under `region` (all if none)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficeKind.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=20, blank=True, default="")

    class Meta:
        verbose_name = _("government office")
        verbose_name_plural = _("government offices")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_code(self) -> str:
        """The region code this office sees, '' for the whole country."""
        return self.region_id or ""

    def covers(self, region_code: str) -> bool:
        """Whether the region lies in what this office sees."""
        return within(region_code, self.scope_code)


class Supplier(models.Model):
    """A company that sells to cooperatives: Bulog, a food maker, a distributor."""

    name = models.CharField(_("company name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    nib = models.CharField(_("NIB"), max_length=13, unique=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=20, blank=True, default="")
    email = models.EmailField(_("e-mail"), blank=True, default="")
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    regions_served = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("regions served"))

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")

    def __str__(self) -> str:
        return self.name

"""The regional potential map's data: region boundaries imported by an operator (GeoJSON) and the Dinas's commodity
surveys per village. Neither belongs to a cooperative: boundaries are reference data, surveys are the Dinas's."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.coops.models import GovernmentOffice
from simpul.regions.models import Region


class Boundary(models.Model):
    """One region's outline: `geometry` as imported (a GeoJSON Polygon or MultiPolygon, lon/lat), `display` simplified
    for drawing at the region's level."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="+", primary_key=True)
    level = models.PositiveSmallIntegerField()
    geometry = models.JSONField()
    display = models.JSONField()
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("region boundary")
        verbose_name_plural = _("region boundaries")
        indexes = [models.Index(fields=["level", "region"], name="potential_boundary_level")]

    def __str__(self) -> str:
        return self.region_id


class Commodity(models.TextChoices):
    RICE = "padi", _("Rice (paddy)")
    CORN = "jagung", _("Corn")
    CASSAVA = "singkong", _("Cassava")
    SOYBEAN = "kedelai", _("Soybean")
    CHILI = "cabai", _("Chili")
    SHALLOT = "bawang_merah", _("Shallot")
    VEGETABLES = "sayur", _("Vegetables")
    FRUIT = "buah", _("Fruit")
    COFFEE = "kopi", _("Coffee")
    COCOA = "kakao", _("Cocoa")
    PALM_OIL = "sawit", _("Oil palm")
    RUBBER = "karet", _("Rubber")
    COCONUT = "kelapa", _("Coconut")
    CATTLE = "sapi", _("Cattle")
    POULTRY = "unggas", _("Poultry")
    FISH = "ikan", _("Fish")
    HANDICRAFT = "kerajinan", _("Handicraft")
    OTHER = "lainnya", _("Other")


class CommoditySurvey(models.Model):
    """What one village produces, as a Dinas surveyed it. `months` lists the season's months (1–12)."""

    office = models.ForeignKey(GovernmentOffice, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5)
    district_code = models.CharField(max_length=8)
    commodity = models.CharField(_("commodity"), max_length=16, choices=Commodity.choices)
    commodity_other = models.CharField(_("other commodity"), max_length=80, blank=True, default="")
    volume = models.DecimalField(_("volume"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    months = models.JSONField(_("season months"), default=list)
    surveyed_on = models.DateField(_("survey date"))
    source = models.CharField(_("source"), max_length=150, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("commodity survey")
        verbose_name_plural = _("commodity surveys")
        ordering = ["-surveyed_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(volume__gte=0), name="potential_survey_volume")]
        indexes = [
            models.Index(fields=["commodity", "district_code"], name="potential_survey_district"),
            models.Index(fields=["regency_code", "commodity"], name="potential_survey_regency"),
            models.Index(fields=["village", "commodity"], name="potential_survey_village"),
        ]

    def __str__(self) -> str:
        return f"{self.commodity_label} · {self.village_id}"

    @property
    def commodity_label(self) -> str:
        if self.commodity == Commodity.OTHER and self.commodity_other:
            return self.commodity_other
        return str(Commodity(self.commodity).label) if self.commodity in Commodity.values else self.commodity

"""Indonesia's administrative regions (Kemendagri), from province down to village."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("province")
    REGENCY = 2, _("regency/city")
    DISTRICT = 3, _("district")
    VILLAGE = 4, _("village")


def regency_of(code: str) -> str:
    """The regency/city code a dotted code lies in ("32.73.01.1001" → "32.73"); '' for a province."""
    return code[:5] if len(code) >= 5 else ""


def within(code: str, scope: str) -> bool:
    """Whether the region `code` lies in the subtree of `scope` ('' is the whole country)."""
    return not scope or code == scope or code.startswith(scope + ".")


class Region(models.Model):
    """A region, keyed by its dotted Kemendagri code (`32.73.01.1001`), with its ancestors copied on."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    kind = models.CharField(_("kind"), max_length=16)  # provinsi, kabupaten, kota, kecamatan, distrik, desa, …
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    province_code = models.CharField(max_length=2)
    regency_code = models.CharField(max_length=5, blank=True, default="")
    district_code = models.CharField(max_length=8, blank=True, default="")
    # "Sukasari, Kota Bandung, Jawa Barat": nearest first, as people write an address.
    path = models.CharField(max_length=255)
    # Lower-case name with the kind spelled out and abbreviated, for pickers: "kab bogor kabupaten bogor".
    search_text = models.CharField(max_length=255)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True, default="")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # IANA zone of the province: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT).
    timezone = models.CharField(max_length=32, default="Asia/Jakarta")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "name"], name="region_level_name"),
            models.Index(fields=["regency_code"], name="region_regency"),
            models.Index(fields=["district_code"], name="region_district"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.path

    @property
    def choice_label(self) -> str:
        """How a picker shows a choice: "Sukarasa — Sukasari, Kota Bandung, Jawa Barat" (the name, then where)."""
        where = self.path.removeprefix(self.name).removeprefix(", ")
        return f"{self.name} — {where}" if where and where != self.path else self.name

    @property
    def timezone_label(self) -> str:
        return {"Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(self.timezone, "WIB")

    def ancestor_codes(self) -> list[str]:
        return [c for c in (self.province_code, self.regency_code, self.district_code) if c and c != self.code]

    def contains(self, code: str) -> bool:
        return within(code, self.code)

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from simpul.core.admin import ReadOnlyAdmin, open_in_simpul
from simpul.regions.models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """Regions come from the package via `load_regions`; nobody edits them by hand."""

    list_display = ["code", "name", "level", "kind", "postal_code", "timezone", "in_simpul"]
    list_filter = ["level", "timezone"]
    search_fields = ["code", "name"]

    @admin.display(description=gettext_lazy("Simpul page"))
    def in_simpul(self, region: Region) -> SafeString:
        """The directory of the region's cooperatives."""
        return open_in_simpul(f"{reverse('coops:directory')}?{urlencode({'wilayah': region.code})}")

from django.contrib import admin

from simpul.core.admin import ReadOnlyAdmin
from simpul.regions.models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """Regions come from the package via `load_regions`; nobody edits them by hand."""

    list_display = ["code", "name", "level", "kind", "postal_code", "timezone"]
    list_filter = ["level", "timezone"]
    search_fields = ["code", "name"]

"""Back office for platform admins: organisations are read-only here, because every change must go through the
services (validation and the audit trail); roles may be corrected by hand (Django's admin log records it)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from simpul.coops.models import (
    Cooperative,
    GovernmentOffice,
    Network,
    NetworkMembership,
    Outlet,
    Partnership,
    Role,
    Supplier,
)
from simpul.core.admin import ReadOnlyAdmin, open_in_simpul


@admin.register(Cooperative)
class CooperativeAdmin(ReadOnlyAdmin):
    list_display = ["name", "type", "status", "regency_code", "nik_koperasi", "in_simpul"]
    list_filter = ["type", "status", "is_sharia"]
    search_fields = ["name", "slug", "nik_koperasi"]

    @admin.display(description=gettext_lazy("Simpul page"))
    def in_simpul(self, cooperative: Cooperative) -> SafeString:
        return open_in_simpul(reverse("coops:cooperative_profile", args=[cooperative.slug]))


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "cooperative", "network", "office", "supplier", "is_active"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["user", "cooperative", "network", "office", "supplier"]
    list_select_related = ["user", "cooperative", "network", "office", "supplier"]


for model in (Outlet, GovernmentOffice, Supplier, Network, NetworkMembership, Partnership):
    admin.site.register(model, ReadOnlyAdmin)

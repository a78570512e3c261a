"""Back office for platform admins: organisations are read-only here, because every change must go through the
services (validation and the audit trail); roles may be corrected by hand (Django's admin log records it)."""

from django.contrib import admin

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
from simpul.core.admin import ReadOnlyAdmin


@admin.register(Cooperative)
class CooperativeAdmin(ReadOnlyAdmin):
    list_display = ["name", "type", "status", "regency_code", "nik_koperasi"]
    list_filter = ["type", "status", "is_sharia"]
    search_fields = ["name", "slug", "nik_koperasi"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "cooperative", "network", "office", "supplier", "is_active"]
    list_filter = ["kind", "is_active"]
    raw_id_fields = ["user", "cooperative", "network", "office", "supplier"]
    list_select_related = ["user", "cooperative", "network", "office", "supplier"]


for model in (Outlet, GovernmentOffice, Supplier, Network, NetworkMembership, Partnership):
    admin.site.register(model, ReadOnlyAdmin)

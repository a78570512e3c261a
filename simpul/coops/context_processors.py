"""Navigation by role: the links a person sees depend on the role they are acting in."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def role_home_url(role: Any) -> str:
    from simpul.coops.models import RoleKind

    if role is None:
        return reverse("core:home")
    if role.kind == RoleKind.CASHIER:
        # The kasir's home is the Koperasi Mart's till (mart; coops may not import it): reversed by its name.
        return reverse("mart:pos", args=[role.cooperative.slug])
    if role.kind in (RoleKind.MANAGER, RoleKind.SUPERVISOR):
        return reverse("coops:dashboard", args=[role.cooperative.slug])
    if role.kind == RoleKind.MEMBER:
        return reverse("coops:member_home")
    if role.kind == RoleKind.COORDINATOR:
        return reverse("coops:network_home", args=[role.network.slug])
    if role.kind == RoleKind.DINAS:
        return reverse("coops:dinas_home", args=[role.office.scope_code or "id"])
    if role.kind == RoleKind.SUPPLIER:
        return reverse("coops:supplier_home")
    return reverse("admin:index")


def navigation(request: HttpRequest) -> dict[str, Any]:
    role = getattr(request, "active_role", None)
    return {
        "active_role": role,
        "roles": getattr(request, "roles", []),
        "role_home_url": role_home_url(role) if role is not None else None,
    }

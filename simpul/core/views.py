"""Web app manifest and error pages. The landing page and the role home live in coops.views.landing."""

import sys
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from simpul.core.busy import busy_response, is_database_busy


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "name": "Simpul",
            "short_name": "Simpul",
            "description": _("Cooperatives of Indonesia, linked."),
            "start_url": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b91c1c",
            "lang": "id",
            "icons": [{"src": static("simpul/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
    )


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        # Refused before the API ran (a multipart body without a boundary): still the API's JSON error shape.
        message = _("The request could not be understood.")
        return JsonResponse({"code": "bad_request", "message": message, "detail": None}, status=400)
    return render(request, "400.html", status=400)


# What each role may do, as the 403 page tells the person refused. Keyed by the role kinds' values: core may not
# import coops, so the roles come from the request (coops' ActiveRoleMiddleware sets request.roles and
# request.active_role) and are read by their `kind`, `cooperative` and `get_kind_display`.
ROLE_SCOPE = {
    "manager": gettext_lazy(
        "A manager (pengurus) runs the cooperative: members, savings, the books, the staff and its settings."
    ),
    "supervisor": gettext_lazy(
        "A supervisor (pengawas) reads everything the managers keep (members, savings, the books, the audit "
        "trail) but changes nothing."
    ),
    "cashier": gettext_lazy(
        "A cashier (kasir) sells at the Koperasi Mart's till in their own shift, finds members, records their "
        "savings deposits (and withdrawals when a manager allows it), prints or sends the receipt and sees their "
        "own transactions of the day; not the books, not the member register, not the stock or the purchases."
    ),
    "member": gettext_lazy("A member (anggota) sees their own savings, transactions and SHU in the member portal."),
    "coordinator": gettext_lazy("A network coordinator runs the network's joint purchasing, catalog and partnerships."),
    "dinas": gettext_lazy("A Dinas officer sees the cooperatives of the office's region, read only."),
    "supplier": gettext_lazy("Supplier staff answer quotations and purchase orders of cooperatives."),
    "platform_admin": gettext_lazy("A platform admin looks after Simpul itself, not a cooperative's work."),
}


def _roles_refused(request: HttpRequest) -> list[Any]:
    """The person's roles where they were refused: in the cooperative of a /k/<slug>/ page, else the active one."""
    roles = list(getattr(request, "roles", []) or [])
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    if slug:
        here = [r for r in roles if getattr(getattr(r, "cooperative", None), "slug", None) == slug]
        if here:
            return here
    active = getattr(request, "active_role", None)
    return [active] if active is not None else []


def forbidden_response(request: HttpRequest, message: str = "") -> HttpResponse:
    """The 403 page: the person's actual role(s) here and what each may do, with a link to their own work."""
    roles = [
        {"name": role.get_kind_display(), "kind": role.kind, "scope": ROLE_SCOPE.get(role.kind, "")}
        for role in _roles_refused(request)
    ]
    return render(request, "403.html", {"message": message, "refused_roles": roles}, status=403)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return forbidden_response(request)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Rendered with no request context: no context processors, no database, no session. Something already
    broke; the page must not break again. A write that timed out waiting for SQLite's lock is a 503 instead."""
    if is_database_busy(sys.exc_info()[1]):  # called inside Django's `except` for the error
        return busy_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())

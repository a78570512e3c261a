"""Public landing page, role home redirect, web app manifest and error pages."""

import sys

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.context_processors import role_home_url
from simpul.core.busy import busy_response, is_database_busy


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    from simpul.coops.selectors.public import public_statistics

    return render(request, "core/landing.html", {"stats": public_statistics()})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request, "active_role", None)
    if role is None:
        return render(request, "core/no_role.html")
    return redirect(role_home_url(role))


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


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Rendered with no request context: no context processors, no database, no session. Something already
    broke; the page must not break again. A write that timed out waiting for SQLite's lock is a 503 instead."""
    if is_database_busy(sys.exc_info()[1]):  # called inside Django's `except` for the error
        return busy_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())

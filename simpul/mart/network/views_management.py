"""The network coordinator's management view of its member marts: /jaringan/<slug>/mart/ (and `?format=xlsx`).
Only the network's coordinators reach it (anyone else: 404), as every /jaringan/ page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.access import access_network
from simpul.core.exceptions import ApplicationError
from simpul.core.exports import download_name, xlsx_response
from simpul.core.models import User
from simpul.core.templatetags.simpul import tanggal
from simpul.mart import error_codes
from simpul.mart.network.selectors_management import QUIET_HOURS, network_marts
from simpul.mart.reports import sheets


def _actor(request: HttpRequest) -> User:
    assert request.user.is_authenticated
    return request.user


@login_required
@require_GET
def network_management(request: HttpRequest, slug: str) -> HttpResponse:
    network, _role = access_network(_actor(request), slug)
    chosen = request.GET.get("format", "")
    context: dict[str, Any] = {"network": network, "error": None, "quiet_hours": QUIET_HOURS}
    if chosen not in ("", "html", "xlsx"):
        error = ApplicationError(
            _("Unknown format “%(format)s”: choose xlsx.") % {"format": chosen[:20]},
            code=error_codes.INVALID_FORMAT,
            extra={"field": "format"},
        )
        context["error"] = error.message
        return render(request, "mart/reports/management.html", context, status=400)
    marts = network_marts(network=network)
    if chosen == "xlsx":
        today = timezone.localdate()
        heading = [network.name, _("Member marts"), tanggal(today)]
        name = download_name("mart-jaringan", network.slug, today.isoformat(), extension="xlsx")
        return xlsx_response(sheets.management_sheets(heading, marts), name)
    context["marts"] = marts
    return render(request, "mart/reports/management.html", context)


urlpatterns: list[URLPattern] = [
    path("jaringan/<slug:slug>/mart/", network_management, name="network_management"),
]

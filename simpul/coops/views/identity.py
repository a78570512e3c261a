"""Legal identity change requests in the browser: the manager's request page under the profile, the Dinas list
with approve and reject. The same services and access as the API (simpul/coops/api/identity.py)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from simpul.coops.access import READ_ROLES, access_office_by_region
from simpul.coops.forms import DecisionForm, IdentityRequestForm
from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType, IdentityRequestStatus
from simpul.coops.selectors.identity import (
    access_identity_request,
    identity_requests_in_region,
    identity_requests_of,
)
from simpul.coops.services.identity import identity_change_request, identity_request_transition
from simpul.coops.views.workspace import actor, manager_access, workspace_access
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.regions.models import Region

REQUEST_TEMPLATE = "coops/workspace/identity_requests.html"
DINAS_TEMPLATE = "coops/dinas/identity_requests.html"
LABELS = {
    "village": gettext_lazy("Village"),
    "type": gettext_lazy("Type"),
    "is_sharia": gettext_lazy("Sharia"),
    "status": gettext_lazy("Status"),
    "nik_koperasi": gettext_lazy("NIK Koperasi"),
    "deed_number": gettext_lazy("Legal-entity deed number"),
    "deed_date": gettext_lazy("Deed date"),
}


def _shown(field: str, value: Any) -> str:
    """A requested value as people read it: the village's name, a type's label, yes/no."""
    if value in (None, ""):
        return "—"
    if field == "village":
        region = Region.objects.filter(code=value).only("path").first()
        return region.path if region else str(value)
    if field == "type":
        return str(dict(CooperativeType.choices).get(value, value))
    if field == "status":
        return str(dict(CooperativeStatus.choices).get(value, value))
    if field == "is_sharia":
        return _("yes") if value else _("no")
    return str(value)


def described(requests: Any) -> list[dict[str, Any]]:
    return [
        {
            "request": r,
            "rows": [
                {"label": LABELS.get(f, f), "old": _shown(f, old), "new": _shown(f, new)}
                for f, (old, new) in r.changes.items()
            ],
        }
        for r in requests
    ]


@login_required
@require_http_methods(["GET", "POST"])
def identity_requests(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
        form = IdentityRequestForm(initial=IdentityRequestForm.initial_from(cooperative))
        return render(request, REQUEST_TEMPLATE, _context(cooperative, form, can_edit, cooperative.village_id))
    cooperative = manager_access(request, slug)
    form = IdentityRequestForm(request.POST)
    if form.is_valid():
        try:
            identity_change_request(
                cooperative=cooperative,
                actor=actor(request),
                data=form.requested(cooperative),
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The request was sent to the Dinas Koperasi."))
            return redirect("coops:identity_requests", cooperative.slug)
    context = _context(cooperative, form, True, request.POST.get("village"))
    return render_form(request, REQUEST_TEMPLATE, context, partial="form", status=400)


def _context(cooperative: Cooperative, form: IdentityRequestForm, can_edit: bool, village: Any) -> dict[str, Any]:
    requests = list(identity_requests_of(cooperative)[:20])
    region = Region.objects.filter(code=village or "").only("code", "path").first()
    return {
        "cooperative": cooperative,
        "form": form,
        "can_edit": can_edit,
        "pending": any(r.status == IdentityRequestStatus.PENDING for r in requests),
        "requests": described(requests),
        "village_code": village or "",
        "village_label": region.path if region else "",
    }


@login_required
@require_http_methods(["GET"])
def dinas_identity_requests(request: HttpRequest, region_code: str) -> HttpResponse:
    office, _role = access_office_by_region(request.user, region_code)  # type: ignore[arg-type]
    return render(request, DINAS_TEMPLATE, _dinas_context(office, region_code))


def _dinas_context(office: Any, region_code: str) -> dict[str, Any]:
    return {
        "office": office,
        "region_code": region_code,
        "requests": described(identity_requests_in_region(region_code)[:50]),
        "form": DecisionForm(),
    }


@login_required
@require_POST
def dinas_identity_decide(request: HttpRequest, region_code: str, request_id: int) -> HttpResponse:
    office, _role = access_office_by_region(request.user, region_code)  # type: ignore[arg-type]
    access_identity_request(office, request_id)  # another region's request is 404 before anything else
    form = DecisionForm(request.POST)
    verdict = request.POST.get("verdict", "")
    to_status = {"approve": IdentityRequestStatus.APPROVED, "reject": IdentityRequestStatus.REJECTED}.get(verdict)
    if form.is_valid() and to_status is not None:
        try:
            identity_request_transition(
                office=office,
                actor=request.user,  # type: ignore[arg-type]
                request_id=request_id,
                to_status=to_status,
                note=form.cleaned_data["note"],
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            if error.status == 404:
                raise
            messages.error(request, error.message)
            return render(request, DINAS_TEMPLATE, _dinas_context(office, region_code), status=400)
        done = _("The change was approved and recorded.") if verdict == "approve" else _("The request was rejected.")
        messages.success(request, done)
    else:
        messages.error(request, _("Choose approve or reject."))
        return render(request, DINAS_TEMPLATE, _dinas_context(office, region_code), status=400)
    return redirect("coops:dinas_identity_requests", region_code)


urlpatterns = [
    path("k/<slug:slug>/profil/identitas/", identity_requests, name="identity_requests"),
    path("dinas/<str:region_code>/identitas/", dinas_identity_requests, name="dinas_identity_requests"),
    path(
        "dinas/<str:region_code>/identitas/<int:request_id>/keputusan/",
        dinas_identity_decide,
        name="dinas_identity_decide",
    ),
]

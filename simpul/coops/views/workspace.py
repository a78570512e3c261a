"""The cooperative workspace: the profile, outlets and the audit trail, and what the home page shows of them (the
home page itself, with the members' and the books' figures, is simpul/members/home/views.py).

Managers (pengurus) read and write; supervisors (pengawas) read the same pages without edit controls and
get 403 on any write; cashiers (kasir) see only the cooperative's name and outlets.
"""

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative, reads_member_register
from simpul.coops.forms import CooperativeProfileForm, OutletForm
from simpul.coops.models import Cooperative, RoleKind
from simpul.coops.selectors.workspace import audit_trail_page, outlet_list, workspace_overview
from simpul.coops.services.cooperatives import access_outlet, cooperative_update, outlet_create, outlet_update
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.models import User
from simpul.regions.models import Region

PROFILE_TEMPLATE = "coops/workspace/profile.html"
OUTLET_FORM_TEMPLATE = "coops/workspace/outlet_form.html"


def _roles_here(request: HttpRequest, cooperative: Cooperative) -> set[str]:
    """Every role kind the person holds in this cooperative (the middleware has loaded them)."""
    return {r.kind for r in getattr(request, "roles", []) if r.cooperative_id == cooperative.pk}


def workspace_access(request: HttpRequest, slug: str, allowed: frozenset[str]) -> tuple[Cooperative, bool]:
    """The cooperative (404 if not the person's, 403 if the role may not see this) and whether they may edit."""
    cooperative, _role = access_cooperative(actor(request), slug, allowed)
    return cooperative, RoleKind.MANAGER in _roles_here(request, cooperative)


def manager_access(request: HttpRequest, slug: str) -> Cooperative:
    cooperative, _role = access_cooperative(actor(request), slug, WRITE_ROLES)
    return cooperative


def actor(request: HttpRequest) -> User:
    """The logged-in person (the views are behind @login_required)."""
    assert request.user.is_authenticated
    return request.user


def is_refusal(error: ApplicationError) -> bool:
    """A refusal to show on the form, as opposed to a 404/403 the middleware turns into a page."""
    return not isinstance(error, (NotFoundError, PermissionDeniedError))


def done(request: HttpRequest, url: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else redirect(url)


def _region_label(code: str | None) -> str:
    if not code:
        return ""
    region = Region.objects.filter(code=code).only("path").first()
    return region.path if region else code


def dashboard_context(request: HttpRequest, cooperative: Cooperative) -> dict[str, Any]:
    """What the cooperative's home shows of coops (its page is members.home.views.cooperative_home, "coops:dashboard",
    which adds the figures): the profile, outlets, staff and networks, or a cashier's open outlets."""
    kinds = _roles_here(request, cooperative)
    can_read = bool(kinds & READ_ROLES)
    context: dict[str, Any] = {
        "cooperative": cooperative,
        "can_edit": RoleKind.MANAGER in kinds,
        "can_read": can_read,
        "fiscal_month": MONTHS.get(cooperative.fiscal_year_start_month, ""),
    }
    if can_read:
        context.update(workspace_overview(cooperative))
    else:
        context["outlets"] = [o for o in outlet_list(cooperative) if o.is_active]
    return context


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
        form = CooperativeProfileForm(initial=CooperativeProfileForm.initial_from(cooperative))
        return render(request, PROFILE_TEMPLATE, _profile_context(cooperative, form, can_edit, cooperative.village_id))
    cooperative = manager_access(request, slug)
    form = CooperativeProfileForm(request.POST, initial=CooperativeProfileForm.initial_from(cooperative))
    if form.is_valid():
        try:
            cooperative_update(
                cooperative=cooperative, actor=actor(request), data=form.profile_data(), ip_address=client_ip(request)
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(request, reverse("coops:dashboard", args=[cooperative.slug]), _("The profile was saved."))
    context = _profile_context(cooperative, form, True, cooperative.village_id)
    return render_form(request, PROFILE_TEMPLATE, context, partial="form", status=400)


def _profile_context(cooperative: Cooperative, form: CooperativeProfileForm, can_edit: bool, village: Any) -> dict:
    return {
        "cooperative": cooperative,
        "form": form,
        "can_edit": can_edit,
        "village_code": village or "",
        "village_label": _region_label(village),
        "fiscal_month": MONTHS.get(cooperative.fiscal_year_start_month, ""),
    }


@login_required
@require_GET
def outlets(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, can_edit = workspace_access(request, slug, READ_ROLES)
    return render(
        request,
        "coops/workspace/outlets.html",
        {"cooperative": cooperative, "can_edit": can_edit, "outlets": list(outlet_list(cooperative))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outlet_new(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative = manager_access(request, slug)
    if request.method != "POST":
        form = OutletForm(initial={"is_active": True})
        return render(request, OUTLET_FORM_TEMPLATE, _outlet_context(cooperative, form, None))
    form = OutletForm(request.POST, home_code=cooperative.village_id)
    if form.is_valid():
        try:
            outlet_create(
                cooperative=cooperative, actor=actor(request), data=form.cleaned_data, ip_address=client_ip(request)
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(request, reverse("coops:outlets", args=[cooperative.slug]), _("The outlet was added."))
    context = _outlet_context(cooperative, form, None)
    return render_form(request, OUTLET_FORM_TEMPLATE, context, partial="form", status=400)


@login_required
@require_http_methods(["GET", "POST"])
def outlet_edit(request: HttpRequest, slug: str, outlet_id: int) -> HttpResponse:
    cooperative = manager_access(request, slug)
    outlet = access_outlet(cooperative, outlet_id)
    if request.method != "POST":
        form = OutletForm(initial=OutletForm.initial_from(outlet))
        return render(request, OUTLET_FORM_TEMPLATE, _outlet_context(cooperative, form, outlet))
    form = OutletForm(request.POST, home_code=cooperative.village_id)
    if form.is_valid():
        try:
            outlet_update(
                cooperative=cooperative,
                actor=actor(request),
                outlet_id=outlet.pk,
                data=form.cleaned_data,
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return done(request, reverse("coops:outlets", args=[cooperative.slug]), _("The outlet was saved."))
    context = _outlet_context(cooperative, form, outlet)
    return render_form(request, OUTLET_FORM_TEMPLATE, context, partial="form", status=400)


def _outlet_context(cooperative: Cooperative, form: OutletForm, outlet: Any) -> dict:
    # The village picker ({% village_picker %}) reads the chosen village from the form, near the cooperative's.
    return {"cooperative": cooperative, "form": form, "outlet": outlet}


@login_required
@require_GET
def audit_trail(request: HttpRequest, slug: str) -> HttpResponse:
    cooperative, role = access_cooperative(actor(request), slug, READ_ROLES)
    page, entries = audit_trail_page(cooperative, request.GET.get("halaman"), personal_data=reads_member_register(role))
    village = cooperative.village  # its province decides the zone: WIB, WITA or WIT
    return render(
        request,
        "coops/workspace/audit.html",
        {
            "cooperative": cooperative,
            "page": page,
            "entries": entries,
            "zone": ZoneInfo(village.timezone),
            "zone_label": village.timezone_label,
        },
    )


urlpatterns = [
    path("k/<slug:slug>/profil/", profile, name="profile"),
    path("k/<slug:slug>/outlet/", outlets, name="outlets"),
    path("k/<slug:slug>/outlet/baru/", outlet_new, name="outlet_create"),
    path("k/<slug:slug>/outlet/<int:outlet_id>/", outlet_edit, name="outlet_edit"),
    path("k/<slug:slug>/jejak-audit/", audit_trail, name="audit_trail"),
]

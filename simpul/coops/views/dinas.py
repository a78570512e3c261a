"""The Dinas officer's pages: a region's cooperatives by area and type, registering a cooperative, the audit trail.

The URL names a region code ("id" is the whole country, for the ministry); `access_office_by_region` lets the
officer in only when the office's scope contains it, with the same 404 for a foreign and a missing region."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import access_office_and_region
from simpul.coops.dinas_forms import CooperativeRegisterForm, RegionListFilterForm
from simpul.coops.models import GovernmentOffice
from simpul.coops.selectors.audit import describe_audit_logs
from simpul.coops.selectors.dinas import (
    INACTIVE_DAYS,
    breakdown_columns,
    breakdown_total,
    region_audit_log,
    region_breakdown,
    region_cooperatives,
    region_figures,
    region_map,
    region_totals,
    region_trail,
)
from simpul.coops.selectors.paging import page_number
from simpul.coops.services.cooperatives import cooperative_register
from simpul.coops.views.public import filter_query, render_list, wants_fragment
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.forms import add_application_error
from simpul.core.htmx import render_form
from simpul.core.models import User
from simpul.regions.models import Region, RegionLevel

LIST_PER_PAGE = 50
AUDIT_PER_PAGE = 50

# What the rows of the breakdown are, by the level of the region shown (0 = the whole country).
CHILD_LEVEL_LABELS = {
    0: gettext_lazy("Province"),
    RegionLevel.PROVINCE: gettext_lazy("Regency/city"),
    RegionLevel.REGENCY: gettext_lazy("District"),
    RegionLevel.DISTRICT: gettext_lazy("Village"),
}


def _office_region(request: HttpRequest, region_code: str) -> tuple[GovernmentOffice, Region | None]:
    """The officer's office and the region of the URL (None for the whole country); 404 if not theirs."""
    user: User = request.user  # type: ignore[assignment]
    return access_office_and_region(user, region_code)


def _region_context(office: GovernmentOffice, region: Region | None, region_code: str) -> dict[str, Any]:
    return {
        "office": office,
        "region": region,
        "region_code": region_code,
        "region_name": region.name if region else _("Indonesia"),
        "trail": region_trail(scope_code=office.scope_code, region=region),
    }


@login_required
@require_GET
def dinas_home(request: HttpRequest, region_code: str) -> HttpResponse:
    office, region = _office_region(request, region_code)
    form = RegionListFilterForm(request.GET)
    page = None
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        page = region_cooperatives(
            region_code=region_code,
            type=data["jenis"],
            status=data["status"],
            name=data["cari"],
            page=data["halaman"] or 1,
            per_page=LIST_PER_PAGE,
        )
        query = filter_query(data, ("cari", "jenis", "status"))
    list_url = reverse("coops:dinas_home", args=[region_code])
    url = list_url + (f"?{query}" if query else "")
    if page is not None and page.number > 1:
        url += f"{'&' if query else '?'}halaman={page.number}"
    context: dict[str, Any] = {"form": form, "page": page, "filter_query": query, "list_url": list_url}
    if not wants_fragment(request):
        rows = region_breakdown(region_code=region_code)
        total = breakdown_total(rows) if rows else region_totals(region_code=region_code)
        context |= _region_context(office, region, region_code)
        context |= {
            "rows": rows,
            "total": total,
            "types": breakdown_columns(rows, total),
            "child_label": CHILD_LEVEL_LABELS.get(region.level if region else 0),
            "figures": region_figures(region_code=region_code),
            "inactive_days": INACTIVE_DAYS,
            "region_map": region_map(region_code=region_code),
            "map_tiles": {"url": settings.SIMPUL_MAP_TILES_URL, "attribution": settings.SIMPUL_MAP_TILES_ATTRIBUTION},
        }
    return render_list(request, "coops/dinas/home.html", "cooperatives", context, url)


@login_required
@require_http_methods(["GET", "POST"])
def dinas_register(request: HttpRequest, region_code: str) -> HttpResponse:
    office, region = _office_region(request, region_code)
    template = "coops/dinas/register.html"
    if request.method == "POST":
        form = CooperativeRegisterForm(request.POST)
        if form.is_valid():
            try:
                cooperative = cooperative_register(
                    actor=request.user,  # type: ignore[arg-type]
                    office=office,
                    ip_address=client_ip(request),
                    **form.profile_data(),  # type: ignore[arg-type]
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(
                    request, _("%(name)s is registered. Its profile is now public.") % {"name": cooperative.name}
                )
                return redirect("coops:dinas_home", region_code)
        context = _register_context(office, region, region_code, form)
        return render_form(request, template, context, partial="form", status=400)
    form = CooperativeRegisterForm(initial={"fiscal_year_start_month": 1, "type": ""})
    return render_form(request, template, _register_context(office, region, region_code, form))


def _register_context(
    office: GovernmentOffice, region: Region | None, region_code: str, form: CooperativeRegisterForm
) -> dict[str, Any]:
    village_code = (form["village"].value() or "").strip()
    village = Region.objects.filter(code=village_code).only("code", "path").first() if village_code else None
    return _region_context(office, region, region_code) | {"form": form, "village": village}


@login_required
@require_GET
def dinas_audit(request: HttpRequest, region_code: str) -> HttpResponse:
    office, region = _office_region(request, region_code)
    number = page_number(request.GET.get("halaman", 1))
    page = region_audit_log(region_code=region_code, page=number, per_page=AUDIT_PER_PAGE)
    # A Dinas officer reads no member register: NIK, phone, names and amounts are masked on every row.
    entries = describe_audit_logs(list(page.object_list), personal_data=False)
    context = _region_context(office, region, region_code) | {
        "page": page,
        "entries": entries,
        "list_url": reverse("coops:dinas_audit", args=[region_code]),
    }
    return render(request, "coops/dinas/audit.html", context)


urlpatterns = [
    path("dinas/<str:region_code>/", dinas_home, name="dinas_home"),
    path("dinas/<str:region_code>/koperasi/baru/", dinas_register, name="dinas_register"),
    path("dinas/<str:region_code>/jejak-audit/", dinas_audit, name="dinas_audit"),
]

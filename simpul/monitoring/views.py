"""The Dinas officer's dashboard (/dinas/<region_code>/pantauan/), drilled down province → regency → district →
village → cooperative, with its Excel and PDF downloads, and the public transparency page (/transparansi/<code>/).

`access_office_by_region` lets an officer in only where the office's scope holds the URL's region (404 outside),
and a cooperative outside the URL's region is 404 like one that does not exist. The transparency page shows
cooperatives' figures and published books heads only: no member, no officer, no phone number."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simpul.coops.access import access_office_and_region, region_named
from simpul.coops.selectors.dinas import region_trail
from simpul.coops.selectors.public import COUNTRY_CODE
from simpul.coops.views.public import filter_query
from simpul.coops.views.workspace import actor
from simpul.core.exceptions import NotFoundError
from simpul.core.exports import Sheet, download_name, pdf_response, xlsx_response
from simpul.monitoring import selectors
from simpul.monitoring.forms import HeadsSearchForm
from simpul.regions.models import Region, RegionLevel

# The RAT and mentoring columns of the Excel download, after the needs.
COMPLIANCE = ("rat_expected", "rat_received", "rat_on_time", "rat_overdue", "recommendations_overdue")


def _office_region(request: HttpRequest, region_code: str) -> tuple[Any, Region | None]:
    return access_office_and_region(actor(request), region_code)


def dashboard_context(region: Region | None, region_code: str) -> dict[str, Any]:
    trend = selectors.trend(region)
    is_village = region is not None and region.level == RegionLevel.VILLAGE
    return {
        "region": region,
        "region_code": region_code,
        "region_name": region.name if region else _("Indonesia"),
        "summary": selectors.summary(region),
        "children": selectors.child_rows(region),
        "cooperatives": selectors.cooperative_rows(region) if is_village else [],
        "is_village": is_village,
        "trend": trend,
        "sales_bars": selectors.trend_bars(trend, "mart_sales_member"),
        "warning_counts": selectors.warning_counts(region),
        "warnings": selectors.warning_rows(region),
        "now": timezone.now(),
    }


@login_required
@require_GET
def dashboard(request: HttpRequest, region_code: str) -> HttpResponse:
    office, region = _office_region(request, region_code)
    context = dashboard_context(region, region_code)
    context.update(office=office, trail=region_trail(scope_code=office.scope_code, region=region))
    return render(request, "monitoring/dashboard.html", context)


@login_required
@require_GET
def cooperative(request: HttpRequest, region_code: str, cooperative_id: int) -> HttpResponse:
    office, region = _office_region(request, region_code)
    found = selectors.cooperative_in_region(region, cooperative_id)
    if found is None:
        raise NotFoundError.plain()
    rollup = selectors.rollup_of(found.pk)
    village = Region.objects.filter(code=found.village_id).first()
    trend = selectors.trend(None, cooperative_id=found.pk)
    context = {
        "office": office,
        "region_code": region_code,
        "cooperative": found,
        "rollup": rollup,
        "trend": trend,
        "sales_bars": selectors.trend_bars(trend, "mart_sales_member"),
        "warnings": selectors.cooperative_warnings(found.pk),
        "trail": region_trail(scope_code=office.scope_code, region=village),
    }
    return render(request, "monitoring/cooperative.html", context)


def _sheets(context: dict[str, Any]) -> list[Sheet]:
    heading = [
        _("Monitoring of %(name)s") % {"name": context["region_name"]},
        timezone.localtime().strftime("%d-%m-%Y %H:%M"),
    ]
    header = [
        _("Region"),
        _("Cooperatives"),
        _("Members"),
        _("Savings"),
        _("Assets"),
        _("Mart sales to members"),
        _("Mart sales to others"),
        _("Belanja Bareng savings"),
        _("Open needs"),
        _("Overdue needs"),
        _("Annual reports (RAT) expected"),
        _("Annual reports (RAT) received"),
        _("Annual reports (RAT) on time"),
        _("Annual reports (RAT) overdue"),
        _("Mentoring recommendations overdue"),
        _("Warnings"),
    ]
    rows: list[list[Any]] = []
    for child in context["children"]:
        f = child.figures
        rows.append(
            [
                child.name,
                child.cooperatives,
                f["members"],
                f["savings"],
                f["assets"],
                f["mart_sales_member"],
                f["mart_sales_nonmember"],
                f["jointbuy_savings"],
                f["needs_open"],
                f["needs_overdue"],
                *(f[name] for name in COMPLIANCE),
                child.warnings,
            ]
        )
    for row in context["cooperatives"]:
        r = row.rollup
        rows.append(
            [
                row.name,
                1,
                r.members,
                r.savings,
                r.assets,
                r.mart_sales_member,
                r.mart_sales_nonmember,
                r.jointbuy_savings,
                r.needs_open,
                r.needs_overdue,
                *(getattr(r, name) for name in COMPLIANCE),
                len(row.warnings),
            ]
        )
    trend_rows = [
        [
            t.month.strftime("%Y-%m"),
            t.figures["members"],
            t.figures["mart_sales_member"],
            t.figures["mart_sales_nonmember"],
            t.figures["needs_submitted"],
        ]
        for t in context["trend"]
    ]
    warning_rows = [[w.name, w.label, w.since] for w in context["warnings"]]
    return [
        Sheet(title=_("Figures"), header=header, rows=rows, heading=heading),
        Sheet(
            title=_("Trend"),
            header=[_("Month"), _("Members"), _("Mart sales to members"), _("Mart sales to others"), _("Needs")],
            rows=trend_rows,
            heading=heading,
        ),
        Sheet(
            title=_("Warnings"), header=[_("Cooperative"), _("Warning"), _("Since")], rows=warning_rows, heading=heading
        ),
    ]


@login_required
@require_GET
def dashboard_xlsx(request: HttpRequest, region_code: str) -> HttpResponse:
    _office, region = _office_region(request, region_code)
    context = dashboard_context(region, region_code)
    return xlsx_response(_sheets(context), download_name("pantauan", context["region_name"], extension="xlsx"))


@login_required
@require_GET
def dashboard_pdf(request: HttpRequest, region_code: str) -> HttpResponse:
    office, region = _office_region(request, region_code)
    context = dashboard_context(region, region_code)
    context["office"] = office
    return pdf_response(
        request,
        "monitoring/dashboard_print.html",
        context,
        download_name("pantauan", context["region_name"], extension="pdf"),
    )


@require_GET
def transparency(request: HttpRequest, region_code: str) -> HttpResponse:
    region = region_named(region_code)
    context = dashboard_context(region, region_code)
    search = HeadsSearchForm(request.GET)
    context["search"] = search
    context["heads"] = None
    if search.is_valid():
        data = search.cleaned_data
        context["heads"] = selectors.published_heads(region, name=data["cari"], page=data["halaman"] or 1)
        context["heads_query"] = filter_query(data, ("cari",))
    context["trail"] = [(COUNTRY_CODE, _("Indonesia"))] + (
        [
            (code, name)
            for code, name in Region.objects.filter(code__in=[*region.ancestor_codes(), region.code])
            .order_by("level")
            .values_list("code", "name")
        ]
        if region
        else []
    )
    return render(request, "monitoring/transparency.html", context, status=400 if search.errors else 200)


urlpatterns = [
    path("dinas/<str:region_code>/pantauan/", dashboard, name="dashboard"),
    path("dinas/<str:region_code>/pantauan/unduh.xlsx", dashboard_xlsx, name="dashboard_xlsx"),
    path("dinas/<str:region_code>/pantauan/unduh.pdf", dashboard_pdf, name="dashboard_pdf"),
    path("dinas/<str:region_code>/pantauan/koperasi/<int:cooperative_id>/", cooperative, name="cooperative"),
    path("transparansi/<str:region_code>/", transparency, name="transparency"),
]

"""The Dinas officer's potential pages (/dinas/<region_code>/peta/…): the map of its region, the layers' GeoJSON,
commodity surveys (form, Excel import, template) and the commodity table. `access_office_by_region` lets the officer
in only where the office's scope holds the URL's region: anywhere else is 404, as a region that does not exist."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from simpul.coops.access import access_office_by_region, region_named
from simpul.coops.models import GovernmentOffice
from simpul.coops.selectors.dinas import region_trail
from simpul.coops.views.workspace import actor, done
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.exports import XLSX_CONTENT_TYPE, download_name
from simpul.potential import selectors, workbook
from simpul.potential.forms import CommodityChoiceForm, SurveyFileForm, SurveyForm
from simpul.potential.layers import LayerScope
from simpul.potential.services.surveys import SurveyInput, survey_record, surveys_import
from simpul.potential.views.common import layer_json, map_config, regions_json

SURVEYS_LISTED = 100


def _scope(request: HttpRequest, region_code: str) -> tuple[GovernmentOffice, LayerScope]:
    office, _role = access_office_by_region(actor(request), region_code)
    return office, LayerScope(region=region_named(region_code), public=False)


def _context(office: GovernmentOffice, scope: LayerScope, region_code: str) -> dict[str, Any]:
    return {
        "office": office,
        "region": scope.region,
        "region_code": region_code,
        "region_name": scope.region.name if scope.region else _("Indonesia"),
        "trail": region_trail(scope_code=office.scope_code, region=scope.region),
    }


@login_required
@require_GET
def dinas_map(request: HttpRequest, region_code: str) -> HttpResponse:
    office, scope = _scope(request, region_code)
    config = map_config(
        scope,
        layer_url=reverse("potential:dinas_layer", args=[region_code, "__"]),
        regions_url=reverse("potential:dinas_regions", args=[region_code]),
        region_url=reverse("potential:dinas_map", args=["__"]),
    )
    context = _context(office, scope, region_code) | {"map_config": config, "public": False}
    return render(request, "potential/map.html", context)


@gzip_page  # GeoJSON compresses about tenfold and carries no token for BREACH to read
@login_required
@require_GET
def dinas_regions(request: HttpRequest, region_code: str) -> JsonResponse:
    _office, scope = _scope(request, region_code)
    return regions_json(request, scope)


@gzip_page  # GeoJSON compresses about tenfold and carries no token for BREACH to read
@login_required
@require_GET
def dinas_layer(request: HttpRequest, region_code: str, layer: str) -> JsonResponse:
    _office, scope = _scope(request, region_code)
    return layer_json(scope, layer)


@login_required
@require_http_methods(["GET", "POST"])
def dinas_surveys(request: HttpRequest, region_code: str) -> HttpResponse:
    office, scope = _scope(request, region_code)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = survey_record(
                office=office,
                data=SurveyInput(
                    village_code=data["village_code"],
                    commodity=data["commodity"],
                    commodity_other=data["commodity_other"],
                    volume=data["volume"],
                    unit=data["unit"],
                    months=[int(m) for m in data["months"]],
                    surveyed_on=data["surveyed_on"],
                    source=data["source"],
                ),
                actor=actor(request),
                ip_address=client_ip(request),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            message = _("Survey recorded: %(commodity)s in %(village)s.") % {
                "commodity": survey.commodity_label,
                "village": survey.village.name,
            }
            return done(request, reverse("potential:dinas_surveys", args=[region_code]), message)
    surveys = selectors.surveys_in(scope)
    context = _context(office, scope, region_code) | {
        "form": form,
        "file_form": SurveyFileForm(),
        "surveys": surveys[:SURVEYS_LISTED],
        "survey_count": surveys.count(),
    }
    return render(request, "potential/dinas_surveys.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def dinas_survey_import(request: HttpRequest, region_code: str) -> HttpResponse:
    office, scope = _scope(request, region_code)
    form = SurveyFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = workbook.read_rows(form.cleaned_data["file"].read())
            count = surveys_import(office=office, rows=rows, actor=actor(request), ip_address=client_ip(request))
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            message = _("%(count)s survey rows imported.") % {"count": count}
            return done(request, reverse("potential:dinas_surveys", args=[region_code]), message)
    context = _context(office, scope, region_code) | {"file_form": form}
    return render(request, "potential/dinas_survey_import.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def dinas_survey_template(request: HttpRequest, region_code: str) -> HttpResponse:
    _scope(request, region_code)
    response = HttpResponse(workbook.template_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{download_name("templat-survei-komoditas", extension="xlsx")}"'
    )
    return response


@login_required
@require_GET
def dinas_commodities(request: HttpRequest, region_code: str) -> HttpResponse:
    office, scope = _scope(request, region_code)
    context = _context(office, scope, region_code) | commodity_context(request, scope) | {"public": False}
    return render(request, "potential/commodities.html", context)


def commodity_context(request: HttpRequest, scope: LayerScope) -> dict[str, Any]:
    choices = selectors.surveyed_commodities(scope)
    form = CommodityChoiceForm(request.GET)
    chosen = form.cleaned_data["komoditas"] if form.is_valid() else ""
    chosen = chosen or (choices[0][0] if choices else "")
    table = selectors.commodity_table(scope, chosen) if chosen else None
    return {"choices": choices, "chosen": chosen, "table": table}


urlpatterns = [
    path("dinas/<str:region_code>/peta/", dinas_map, name="dinas_map"),
    path("dinas/<str:region_code>/peta/wilayah/", dinas_regions, name="dinas_regions"),
    path("dinas/<str:region_code>/peta/lapisan/<slug:layer>/", dinas_layer, name="dinas_layer"),
    path("dinas/<str:region_code>/peta/survei/", dinas_surveys, name="dinas_surveys"),
    path("dinas/<str:region_code>/peta/survei/impor/", dinas_survey_import, name="dinas_survey_import"),
    path("dinas/<str:region_code>/peta/survei/templat.xlsx", dinas_survey_template, name="dinas_survey_template"),
    path("dinas/<str:region_code>/peta/komoditas/", dinas_commodities, name="dinas_commodities"),
]

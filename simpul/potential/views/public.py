"""The public potential map (/peta/<region_code>/): the same layers without personal data, and the commodity table,
for a person choosing a cooperative's business. "id" is the whole country."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from simpul.coops.access import region_named
from simpul.coops.selectors.public import COUNTRY_CODE
from simpul.potential.layers import LayerScope
from simpul.potential.views.common import layer_json, map_config, regions_json
from simpul.potential.views.dinas import commodity_context
from simpul.regions.models import Region


def _scope(region_code: str) -> LayerScope:
    return LayerScope(region=region_named(region_code), public=True)


def _trail(region: Region | None) -> list[tuple[str, str]]:
    crumbs = [(COUNTRY_CODE, _("Indonesia"))]
    if region is not None:
        codes = [*region.ancestor_codes(), region.code]
        names = Region.objects.in_bulk(codes)
        crumbs += [(c, names[c].name) for c in codes if c in names]
    return crumbs


@require_GET
def public_map(request: HttpRequest, region_code: str) -> HttpResponse:
    scope = _scope(region_code)
    config = map_config(
        scope,
        layer_url=reverse("potential:public_layer", args=[region_code, "__"]),
        regions_url=reverse("potential:public_regions", args=[region_code]),
        region_url=reverse("potential:public_map", args=["__"]),
    )
    context = {
        "region": scope.region,
        "region_code": region_code,
        "region_name": scope.region.name if scope.region else _("Indonesia"),
        "trail": _trail(scope.region),
        "map_config": config,
        "public": True,
    }
    return render(request, "potential/map.html", context)


@gzip_page  # GeoJSON compresses about tenfold and carries no token for BREACH to read
@require_GET
def public_regions(request: HttpRequest, region_code: str) -> JsonResponse:
    return regions_json(request, _scope(region_code))


@gzip_page  # GeoJSON compresses about tenfold and carries no token for BREACH to read
@require_GET
def public_layer(request: HttpRequest, region_code: str, layer: str) -> JsonResponse:
    return layer_json(_scope(region_code), layer)


@require_GET
def public_commodities(request: HttpRequest, region_code: str) -> HttpResponse:
    scope = _scope(region_code)
    context = {
        "region": scope.region,
        "region_code": region_code,
        "region_name": scope.region.name if scope.region else _("Indonesia"),
        "trail": _trail(scope.region),
        "public": True,
    } | commodity_context(request, scope)
    return render(request, "potential/commodities.html", context)


urlpatterns = [
    path("peta/<str:region_code>/", public_map, name="public_map"),
    path("peta/<str:region_code>/wilayah/", public_regions, name="public_regions"),
    path("peta/<str:region_code>/lapisan/<slug:layer>/", public_layer, name="public_layer"),
    path("peta/<str:region_code>/komoditas/", public_commodities, name="public_commodities"),
]

"""The potential map over the API: the Dinas lists and records commodity surveys and reads the map's layers for its
region (404 outside it); anyone reads the public layers (no personal data)."""

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from simpul.api_public import public
from simpul.coops.access import access_office_by_region, region_named
from simpul.core.audit import client_ip
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.potential import selectors
from simpul.potential.layers import LAYERS, LayerScope
from simpul.potential.layers.regions import base_layer
from simpul.potential.models import CommoditySurvey
from simpul.potential.schemas import FeatureCollectionOut, SurveyIn, SurveyOut
from simpul.potential.services.surveys import SurveyInput, survey_record

router = Router(tags=["potential"])

REGION_CODE = Path(..., max_length=13)
LAYER = Path(..., max_length=20)
LISTED = 500


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _survey(s: CommoditySurvey) -> SurveyOut:
    return SurveyOut(
        id=s.pk,
        village_code=s.village_id,
        village_name=s.village.name,
        commodity=s.commodity,
        commodity_label=s.commodity_label,
        volume=f"{s.volume:f}",
        unit=s.unit,
        months=list(s.months),
        surveyed_on=s.surveyed_on,
        source=s.source,
    )


def _dinas_scope(request: HttpRequest, region_code: str) -> LayerScope:
    access_office_by_region(_user(request), region_code)
    return LayerScope(region=region_named(region_code), public=False)


def _layer(scope: LayerScope, layer: str, choropleth: str) -> FeatureCollectionOut:
    if layer == "regions":
        return FeatureCollectionOut(**base_layer(scope, choropleth))
    found = LAYERS.get(layer)
    if found is None or (scope.public and not found.public):
        raise NotFoundError.plain()
    return FeatureCollectionOut(**found.build(scope))


@router.get(
    "/dinas/{region_code}/potential/surveys",
    response=list[SurveyOut],
    summary="Commodity surveys in your region",
    description="For an officer whose office covers the region: the latest 500 surveys, newest first.",
)
def list_surveys(request: HttpRequest, region_code: str = REGION_CODE) -> list[SurveyOut]:
    scope = _dinas_scope(request, region_code)
    return [_survey(s) for s in selectors.surveys_in(scope)[:LISTED]]


@router.post(
    "/dinas/{region_code}/potential/surveys",
    response={201: SurveyOut},
    summary="Record a commodity survey",
    description="A village in the office's region (outside_region otherwise), a commodity of the list, a volume of "
    "zero or more and season months 1–12 (invalid_survey).",
)
def create_survey(request: HttpRequest, payload: SurveyIn, region_code: str = REGION_CODE) -> Status[SurveyOut]:
    user = _user(request)
    office, _role = access_office_by_region(user, region_code)
    region_named(region_code)
    survey = survey_record(
        office=office,
        data=SurveyInput(**payload.model_dump()),
        actor=user,
        ip_address=client_ip(request),
    )
    return Status(201, _survey(survey))


@router.get(
    "/dinas/{region_code}/potential/layers/{layer}",
    response=FeatureCollectionOut,
    summary="A layer of the potential map of your region",
    description="GeoJSON: `regions` (boundaries or centre points, with `choropleth` values), cooperatives, "
    "producers, commodities or needs.",
)
def dinas_layer(
    request: HttpRequest,
    region_code: str = REGION_CODE,
    layer: str = LAYER,
    choropleth: str = Query("", max_length=40),
) -> FeatureCollectionOut:
    return _layer(_dinas_scope(request, region_code), layer, choropleth)


@router.get(
    "/potential/{region_code}/layers/{layer}",
    response=FeatureCollectionOut,
    auth=public,
    summary="A layer of the public potential map",
    description="Anyone: the same layers as the Dinas's map without personal data; `id` is the whole country.",
)
def public_layer(
    request: HttpRequest,
    region_code: str = REGION_CODE,
    layer: str = LAYER,
    choropleth: str = Query("", max_length=40),
) -> FeatureCollectionOut:
    return _layer(LayerScope(region=region_named(region_code), public=True), layer, choropleth)

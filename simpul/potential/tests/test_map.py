"""The map's pages and layers: the Dinas sees its subtree only (404 elsewhere), the public map has no personal data,
the layers draw boundaries or centre points, and the choropleth holds open needs per cooperative."""

import datetime as dt
import gzip
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from simpul.coops.tests.factories import BANDUNG_VILLAGE, UserFactory
from simpul.mart.models import Product
from simpul.needs.models import Need, NeedStatus
from simpul.potential.layers import LAYERS, LayerScope
from simpul.potential.layers.choropleth import needs_open_per_cooperative
from simpul.potential.layers.regions import base_layer
from simpul.potential.models import Boundary, CommoditySurvey
from simpul.potential.services.boundaries import boundaries_import
from simpul.potential.services.surveys import SurveyInput, survey_record
from simpul.potential.tests.factories import MapWorld, district_squares, map_world
from simpul.potential.workbook import COLUMNS
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MapWorld:
    return map_world()


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_base_layer_draws_boundaries_and_centre_points() -> None:
    scope = LayerScope(region=Region.objects.get(code="32.73"), public=True)
    before = base_layer(scope)
    assert before["features"] and all(f["geometry"]["type"] == "Point" for f in before["features"])
    boundaries_import(raw=district_squares(), actor=None)
    after = base_layer(scope)
    assert {f["geometry"]["type"] for f in after["features"]} == {"Polygon"}
    assert all(f["properties"]["boundary"] for f in after["features"])


def test_layers_place_cooperatives_producers_and_commodities_at_village_centres(world: MapWorld) -> None:
    scope = LayerScope(region=Region.objects.get(code="32.73"), public=True)
    names = {f["properties"]["name"] for f in LAYERS["cooperatives"].build(scope)["features"]}
    assert names == {"KUD Sukasari", "KSU Mitra"}
    Product.objects.create(cooperative=world.kud, sku="K1", name="Keripik Singkong", producer_name="Ibu Sari")
    producers = LAYERS["producers"].build(scope)["features"]
    assert len(producers) == 1 and "Keripik Singkong" in producers[0]["properties"]["detail"]
    assert "Ibu Sari" not in json.dumps(producers)
    survey_record(
        office=world.office,
        data=SurveyInput(BANDUNG_VILLAGE, "padi", "12", "ton", [3], dt.date(2026, 6, 1)),
        actor=world.officer,
    )
    commodities = LAYERS["commodities"].build(scope)["features"]
    village = Region.objects.get(code=BANDUNG_VILLAGE)
    assert commodities[0]["geometry"]["coordinates"] == [float(village.longitude or 0), float(village.latitude or 0)]
    assert "12 ton" in commodities[0]["properties"]["detail"]
    cilacap = LayerScope(region=Region.objects.get(code="33.01"), public=True)
    assert [f["properties"]["name"] for f in LAYERS["cooperatives"].build(cilacap)["features"]] == ["KSU Cilacap"]
    assert LAYERS["commodities"].build(cilacap)["features"] == []


def test_open_needs_layer_and_choropleth(world: MapWorld) -> None:
    fields = {
        "category": "stock",
        "item": "Beras",
        "quantity": Decimal(10),
        "unit": "kg",
        "needed_by": dt.date(2026, 12, 1),
    }
    for status in (NeedStatus.SUBMITTED, NeedStatus.ACKNOWLEDGED, NeedStatus.FULFILLED, NeedStatus.DRAFT):
        Need.objects.create(
            cooperative=world.kud,
            number=Need.objects.count() + 1,
            status=status,
            province_code="32",
            regency_code="32.73",
            district_code="32.73.01",
            village_code=BANDUNG_VILLAGE,
            created_by=world.officer,
            **fields,
        )
    scope = LayerScope(region=Region.objects.get(code="32.73"), public=True)
    needs = LAYERS["needs"].build(scope)["features"]
    assert [f["properties"]["count"] for f in needs] == [2]
    values = needs_open_per_cooperative(scope)
    assert values == {"32.73.01": Decimal("1.00")}  # 2 open needs, 2 cooperatives in Sukasari
    base = base_layer(scope, "needs_per_cooperative")
    assert base["choropleth"]["max"] == "1.00"
    assert {f["properties"]["code"]: f["properties"]["value"] for f in base["features"]}["32.73.01"] == "1.00"


def test_the_dinas_map_is_its_subtree_only(world: MapWorld) -> None:
    client = _client(world.officer)
    assert client.get(reverse("potential:dinas_map", args=["32.73"])).status_code == 200
    assert client.get(reverse("potential:dinas_map", args=["32.73.01"])).status_code == 200
    for code in ("33.01", "32", "id", "99.99"):
        assert client.get(reverse("potential:dinas_map", args=[code])).status_code == 404
    assert client.get(reverse("potential:dinas_layer", args=["33.01", "cooperatives"])).status_code == 404
    assert client.get(reverse("potential:dinas_layer", args=["32.73", "nothing"])).status_code == 404
    layer = client.get(reverse("potential:dinas_layer", args=["32.73", "cooperatives"])).json()
    assert len(layer["features"]) == 2


def test_layers_and_boundaries_travel_compressed(world: MapWorld) -> None:
    """A phone on a village network fetches the map's GeoJSON gzipped; it decodes to the same layer."""
    client = _client(world.officer)
    for url in (
        reverse("potential:dinas_layer", args=["32.73", "cooperatives"]),
        reverse("potential:dinas_regions", args=["32.73"]),
        reverse("potential:public_layer", args=["32.73", "cooperatives"]),
        reverse("potential:public_regions", args=["32.73"]),
    ):
        plain = client.get(url)
        packed = client.get(url, headers={"accept-encoding": "gzip"})
        assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip", url
        assert json.loads(gzip.decompress(packed.content)) == plain.json()
        assert len(packed.content) < len(plain.content)


def test_the_map_page_loads_leaflet_from_our_static_files_only(world: MapWorld) -> None:
    page = Client().get(reverse("potential:public_map", args=["32.73"])).content.decode()
    assert "vendor/leaflet/leaflet.js" in page and "potential/map.js" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert Client().get(reverse("potential:public_map", args=["99.99"])).status_code == 404


def test_the_public_commodity_table_shows_the_surveyed_village(world: MapWorld) -> None:
    survey_record(
        office=world.office,
        data=SurveyInput(BANDUNG_VILLAGE, "padi", "12", "ton", [3], dt.date(2026, 6, 1)),
        actor=world.officer,
    )
    page = Client().get(reverse("potential:public_commodities", args=["32.73"])).content.decode()
    assert Region.objects.get(code=BANDUNG_VILLAGE).name in page
    assert "KUD Sukasari" in page


def test_the_survey_form_records_and_refuses(world: MapWorld) -> None:
    client = _client(world.officer)
    url = reverse("potential:dinas_surveys", args=["32.73"])
    data = {
        "village_code": BANDUNG_VILLAGE,
        "commodity": "jagung",
        "volume": "7",
        "unit": "ton",
        "months": ["5"],
        "surveyed_on": "2026-06-01",
        "source": "",
    }
    assert client.post(url, data).status_code == 302
    assert CommoditySurvey.objects.get().commodity == "jagung"
    refused = client.post(url, data | {"village_code": "33.01.01.2001"})
    assert refused.status_code == 400 and "di luar" in refused.content.decode()
    assert CommoditySurvey.objects.count() == 1


def test_the_survey_import_page_refuses_bad_rows_and_imports_good_ones(world: MapWorld) -> None:
    client = _client(world.officer)
    url = reverse("potential:dinas_survey_import", args=["32.73"])

    def upload(rows: list[list[object]]) -> SimpleUploadedFile:
        book = Workbook()
        book.active.append(list(COLUMNS))
        for row in rows:
            book.active.append(row)
        out = io.BytesIO()
        book.save(out)
        return SimpleUploadedFile("survei.xlsx", out.getvalue())

    bad = client.post(url, {"file": upload([[BANDUNG_VILLAGE, "padi", "", -1, "ton", "", "2026-06-01", ""]])})
    assert bad.status_code == 400 and "baris 2" in bad.content.decode()
    assert not CommoditySurvey.objects.exists()
    good = client.post(url, {"file": upload([[BANDUNG_VILLAGE, "padi", "", 1, "ton", "", "2026-06-01", ""]])})
    assert good.status_code == 302 and CommoditySurvey.objects.count() == 1
    template = client.get(reverse("potential:dinas_survey_template", args=["32.73"]))
    assert template.status_code == 200 and template.content.startswith(b"PK")


def test_only_platform_staff_import_boundaries() -> None:
    url = reverse("potential:boundary_import")
    assert _client(UserFactory.create()).get(url).status_code == 302
    staff = _client(UserFactory.create(is_staff=True))
    bad = staff.post(url, {"file": SimpleUploadedFile("b.geojson", b'{"type": "FeatureCollection", "features": [1]}')})
    assert bad.status_code == 400 and not Boundary.objects.exists()
    good = staff.post(url, {"file": SimpleUploadedFile("b.geojson", district_squares())})
    assert good.status_code == 302 and Boundary.objects.exists()


def test_the_api_records_surveys_and_serves_layers(world: MapWorld) -> None:
    client = _client(world.officer)
    url = "/api/v1/dinas/32.73/potential/surveys"
    body = {
        "village_code": BANDUNG_VILLAGE,
        "commodity": "padi",
        "volume": "3.5",
        "unit": "ton",
        "months": [1],
        "surveyed_on": "2026-06-01",
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["volume"] == "3.50"
    refused = client.post(url, body | {"volume": "-2"}, content_type="application/json")
    assert refused.status_code == 400 and not CommoditySurvey.objects.filter(volume__lt=0).exists()
    outside = client.post(url, body | {"village_code": "33.01.01.2001"}, content_type="application/json")
    assert outside.status_code == 400 and outside.json()["code"] == "outside_region"
    assert client.get("/api/v1/dinas/33.01/potential/surveys").status_code == 404
    assert [s["commodity"] for s in client.get(url).json()] == ["padi"]
    public = Client().get("/api/v1/potential/32.73/layers/commodities")
    assert public.status_code == 200 and len(public.json()["features"]) == 1
    assert Client().get("/api/v1/potential/32.73/layers/nothing").status_code == 404


def test_a_village_map_draws_the_village_itself() -> None:
    village = Region.objects.get(code=BANDUNG_VILLAGE)
    features = base_layer(LayerScope(region=village, public=True))["features"]
    assert [f["properties"]["code"] for f in features] == [BANDUNG_VILLAGE]
